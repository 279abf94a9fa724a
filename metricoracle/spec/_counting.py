"""Counting: encoded targets → confusion-matrix statistics, in integers where possible.

Unweighted counts are int64 (exact).  Weighted counts are int64 for integer weights,
``object`` arrays of ``Fraction`` for other weights on the exact path, and float64 on
the fast path.  Large inputs are counted in chunks so that no n-sized int64 temporary
is created (the cell index ``true * k + pred`` is built one chunk at a time).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metricoracle.spec._formulas import Counts, Marginals, marginals

CHUNK = 1 << 16  # samples per chunk: keeps temporaries in cache


def _bincount(index: np.ndarray, weights: np.ndarray | None, size: int) -> np.ndarray:
    """``np.bincount`` that also handles exact ``object`` (Fraction) weights."""
    if weights is None or weights.dtype.kind != "O":
        out = np.bincount(index, weights=weights, minlength=size)
        return out.astype(np.int64) if weights is not None and weights.dtype.kind in "iu" else out
    out = np.zeros(size, dtype=object)
    np.add.at(out, index, weights)
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


def marginal_counts(true: np.ndarray, pred: np.ndarray, k: int,
                    weights: np.ndarray | None) -> Marginals[Any]:
    """Diagonal, supports, predicted counts and total without the k×k matrix.

    Uses the matrix when it is small (one pass), three bincounts otherwise.
    """
    if k * k <= max(4096, true.shape[0] // 4):
        return marginals(matrix_counts(true, pred, k, weights))
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
    w = weights[:, None]
    if samplewise:
        sums = [(cells * w).sum(axis=1) for cells in (tp_cells, fp_cells, fn_cells)]
        tn = weights * true.shape[1] - sums[0] - sums[1] - sums[2]
    else:
        sums = [(cells * w).sum(axis=0) for cells in (tp_cells, fp_cells, fn_cells)]
        tn = weights.sum() - sums[0] - sums[1] - sums[2]
    return Counts(tp=sums[0], fp=sums[1], fn=sums[2], tn=tn)
