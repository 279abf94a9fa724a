"""Counting: encoded targets → confusion-matrix statistics, in integers where possible.

Unweighted counts are int64 (exact).  Weighted counts are int64 for integer weights,
``object`` arrays of ``Fraction`` for other weights on the exact path, and float64 on
the fast path.  Large inputs are counted in chunks so that no n-sized int64 temporary
is created (the cell index ``true * k + pred`` is built one chunk at a time).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.spec._arith import common_denominator
from metricoracle.spec._formulas import Counts, Marginals, marginals

CHUNK = 1 << 16  # samples per chunk: keeps temporaries in cache
_MAX_CHUNK = 1 << 20  # chunks grow with the count array, but never to n-sized buffers
_MAX_RANGE_CELLS = 1 << 20  # direct counting only while the value-range matrix stays small
_NARROW_INTS = frozenset(np.dtype(c) for c in "?bBhHiI")  # cast chunk by chunk to uint64


def range_confusion(true: np.ndarray, pred: np.ndarray) -> np.ndarray | None:
    """Unweighted confusion matrix indexed by label *value*, for labels in a small range.

    For integer (or bool) labels ≥ 0, returns an R×R int64 matrix (R > the largest label:
    a power of two for large inputs, exactly the largest label + 1 for small ones) in ONE
    pass over memory: each cache-sized chunk is range-checked with ``max(true | pred)``
    (on the unsigned view, so negatives look huge) and counted with
    ``bincount((true << s) | pred)``, with reused buffers, so no n-sized temporary is
    made and nothing is sorted (labels narrower than 64 bits are widened chunk by chunk).
    For 0/1 labels the four cells come from the sums ``Σt``, ``Σp`` and ``Σ(t & p)``
    instead (SIMD reductions; a 4-bin bincount is latency-bound on its counters).
    Returns None (caller re-encodes with ``np.unique``) for negative labels, other
    dtypes, or when R² would exceed ``max(2**20, n)`` cells (small inputs) or ``2**20``
    cells (chunked inputs).
    """
    n = true.shape[0]
    if n == 0 or not all(_unsigned_view_ok(a.dtype) for a in (true, pred)):
        return None
    if n <= CHUNK:  # small input: one shot, no buffers, side = largest label + 1
        t, p = true.astype(np.int64, copy=False), pred.astype(np.int64, copy=False)
        top = max(int(t.view(np.uint64).max()), int(p.view(np.uint64).max()))
        if top >= 1 << 62 or (top + 1) ** 2 > max(_MAX_RANGE_CELLS, n):
            return None  # negative labels (huge on the unsigned view) or a large range
        side = top + 1
        return np.bincount(t * side + p, minlength=side * side).reshape(side, side)
    t, p = (a.view(np.uint64) if a.dtype.itemsize == 8 else a for a in (true, pred))
    shift, acc = 0, np.zeros(1, dtype=np.int64)
    size = CHUNK
    either, cells, wide_t, wide_p = _buffers(size, t, p)
    start = 0
    while start < n:
        a, b = t[start:start + size], p[start:start + size]
        m = a.shape[0]
        if wide_t is not None:  # int32 → uint64 keeps negatives huge (sign-extended)
            a = _widen(a, wide_t[:m])
        if wide_p is not None:
            b = _widen(b, wide_p[:m])
        np.bitwise_or(a, b, out=either[:m])
        top = int(either[:m].max())
        if top >= 1 << shift:  # grow the value range and re-embed the counts
            if top >= 1 << 62:
                return None  # negative labels (or absurdly large ones)
            new_shift = top.bit_length()
            if (1 << (2 * new_shift)) > _MAX_RANGE_CELLS:
                return None
            side, new_side = 1 << shift, 1 << new_shift
            grown = np.zeros((new_side, new_side), dtype=np.int64)
            grown[:side, :side] = acc.reshape(side, side)
            shift, acc = new_shift, grown.ravel()
            # Keep each chunk several times larger than the count array it updates.
            if 4 * acc.shape[0] > size and size < _MAX_CHUNK:
                size = min(_MAX_CHUNK, 4 * acc.shape[0])
                either, cells, wide_t, wide_p = _buffers(size, t, p)
            continue  # redo this chunk with the new range (and size)
        if shift == 1:  # 0/1 labels: three vectorised sums beat bincount's scalar loop
            np.bitwise_and(a, b, out=cells[:m])
            both, true1, pred1 = int(cells[:m].sum()), int(a.sum()), int(b.sum())
            acc += (m - true1 - pred1 + both, pred1 - both, true1 - both, both)
        else:
            np.left_shift(a, shift, out=cells[:m])
            np.bitwise_or(cells[:m], b, out=cells[:m])
            acc += np.bincount(cells[:m].view(np.int64), minlength=acc.shape[0])
        start += m
    side = 1 << shift
    return acc.reshape(side, side)


def _buffers(size: int, t: np.ndarray, p: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Chunk buffers: ``true | pred``, the cell indices, and uint64 copies of ``t``/``p``
    where they are narrower (None where they are already uint64 views)."""
    def wide(a: np.ndarray) -> np.ndarray | None:
        return None if a.dtype == np.uint64 else np.empty(size, dtype=np.uint64)

    return np.empty(size, dtype=np.uint64), np.empty(size, dtype=np.uint64), wide(t), wide(p)


def _unsigned_view_ok(dtype: np.dtype) -> bool:
    """int64/uint64 labels are viewed as uint64; narrower ints and bools are widened."""
    return dtype in (np.dtype(np.int64), np.dtype(np.uint64)) or dtype in _NARROW_INTS


def _widen(chunk: np.ndarray, out: np.ndarray) -> np.ndarray:
    np.copyto(out, chunk, casting="unsafe")  # signed → uint64 sign-extends: -1 → 2**64 - 1
    return out


def _bincount(index: np.ndarray, weights: np.ndarray | None, size: int) -> np.ndarray:
    """``np.bincount`` that also handles exact ``object`` (Fraction) weights."""
    if weights is None or weights.dtype.kind != "O":
        out = np.bincount(index, weights=weights, minlength=size)
        return out.astype(np.int64) if weights is not None and weights.dtype.kind in "iu" else out
    ints, scale = common_denominator(weights.tolist())
    acc = [0] * size
    for cell, w in zip(index.tolist(), ints, strict=True):
        acc[cell] += w
    out = np.empty(size, dtype=object)
    out[:] = acc if scale == 1 else [Fraction(a, scale) for a in acc]
    return out


def matrix_counts(true: np.ndarray, pred: np.ndarray, k: int,
                  weights: np.ndarray | None) -> np.ndarray:
    """The k×k confusion matrix ``C[i, j]`` = weight of samples with true i, predicted j."""
    if weights is not None and weights.dtype.kind == "O":
        return _bincount(true * k + pred, weights, k * k).reshape(k, k)
    dtype = np.int64 if weights is None or weights.dtype.kind in "iu" else np.float64
    out = np.zeros(k * k, dtype=dtype)
    for start in range(0, true.shape[0], CHUNK):
        stop = start + CHUNK
        cells = true[start:stop] * k + pred[start:stop]
        w = None if weights is None else weights[start:stop]
        out += np.bincount(cells, weights=w, minlength=k * k).astype(dtype, copy=False)
    return out.reshape(k, k)


def confusion(targets: Any, k: int, weights: np.ndarray | None) -> np.ndarray:
    """The k×k confusion matrix of single-label ``targets`` (k ≥ number of classes).

    Labels beyond ``targets.classes`` (absent labels requested with ``labels=``) get
    zero rows and columns.  Unweighted counts reuse the matrix made during validation.
    """
    if weights is None and targets.matrix is not None:
        present = targets.matrix
        if k == present.shape[0]:
            return present
        out = np.zeros((k, k), dtype=present.dtype)
        out[: present.shape[0], : present.shape[1]] = present
        return out
    return matrix_counts(targets.true, targets.pred, k, weights)


def marginal_counts(targets: Any, k: int, weights: np.ndarray | None) -> Marginals[Any]:
    """Diagonal, supports, predicted counts and total of single-label ``targets``.

    From the k×k matrix when validation already counted it (unweighted, no pass at all)
    or when it is small (one pass); three bincounts otherwise.
    """
    if (weights is None and targets.matrix is not None) or k * k <= max(4096, targets.n_samples // 4):
        return marginals(confusion(targets, k, weights))
    true, pred = targets.true, targets.pred
    hit = true == pred
    w_hit = None if weights is None else weights[hit]
    total = true.shape[0] if weights is None else weights.sum()
    return Marginals(diag=_bincount(true[hit], w_hit, k), true_sum=_bincount(true, weights, k),
                     pred_sum=_bincount(pred, weights, k), total=total)


def multilabel_counts(true: np.ndarray, pred: np.ndarray, weights: np.ndarray | None,
                      *, samplewise: bool = False) -> Counts[Any]:
    """Per-label (or, with ``samplewise``, per-sample) counts of 0/1 indicator matrices.

    Sample-wise counts are multiplied by the sample's weight, as scikit-learn does, so a
    zero-weight sample has all-zero counts.
    """
    axis = 1 if samplewise else 0
    t = true.astype(np.int64)
    p = pred.astype(np.int64)
    tp_cells, fp_cells, fn_cells = t * p, (1 - t) * p, t * (1 - p)
    if weights is None:
        sums = [cells.sum(axis=axis) for cells in (tp_cells, fp_cells, fn_cells)]
        size = true.shape[axis]
        tn = size - sums[0] - sums[1] - sums[2]
        return Counts(tp=sums[0], fp=sums[1], fn=sums[2], tn=tn)
    if samplewise:  # per-sample integer counts, each times its sample's weight
        sums = [cells.sum(axis=1) * weights for cells in (tp_cells, fp_cells, fn_cells)]
        tn = weights * true.shape[1] - sums[0] - sums[1] - sums[2]
    elif weights.dtype.kind == "O":  # exact: integer numerators, one division per label
        ints, scale = common_denominator(weights.tolist())
        column = np.array(ints, dtype=object)
        sums = [_over(cells.T.astype(object) @ column, scale)
                for cells in (tp_cells, fp_cells, fn_cells)]
        tn = _over(np.full(true.shape[1], sum(ints), dtype=object), scale) - sums[0] - sums[1] - sums[2]
    else:
        w = weights[:, None]
        sums = [(cells * w).sum(axis=0) for cells in (tp_cells, fp_cells, fn_cells)]
        tn = weights.sum() - sums[0] - sums[1] - sums[2]
    return Counts(tp=sums[0], fp=sums[1], fn=sums[2], tn=tn)


def _over(numerators: np.ndarray, scale: int) -> np.ndarray:
    out = np.empty(numerators.shape[0], dtype=object)
    values = numerators.tolist()
    out[:] = values if scale == 1 else [Fraction(v, scale) for v in values]
    return out
