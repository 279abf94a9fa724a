"""The exact class programme: one K-class matrix, the key search of :mod:`._keydp` over
classes.

Each class is one group; its points are the admissible (d_k, c_k) (all of them, or the
survivors of the reduced-cost fixing of :mod:`._duality`, which only removes points that
no fitting choice uses).  The key of a point is (c·(N+1) + d, c, d, then one floor-scaled
key per summed coordinate, :mod:`._classvalues`); the exact integer coordinates enforce
Σc = N and Σd ∈ [d_lo, d_hi], the final join checks D against the exact allowed set.

Realisability: a non-negative integer matrix with row sums t, column sums c and diagonal
d exists iff Σc = N, 0 ≤ d_k ≤ min(t_k, c_k) and the off-diagonal transportation problem
(row margins r = t − d, column margins s = c − d, diagonal cells forbidden) is feasible.
By Hall's theorem (max-flow/min-cut on the bipartite graph rows→columns without the edges
k→k) it is feasible iff Σr = Σs and, for every set A of rows, Σ_A r ≤ Σ of s over the
columns adjacent to A; a set of ≥ 2 rows is adjacent to every column (trivially fine), a
single row k to all columns but k: r_k ≤ Σs − s_k.  So the condition is
r_k + s_k ≤ N − D for every k (checked against brute force in the tests).  It is tracked
exactly as the resource m = max_k (r_k + s_k) (smaller m is always better, so per key only
the smallest m is kept: an exact dominance rule).

Unweighted kappa and MCC enter through T/N² = Σ t_k·c_k/N² and Q/N² = Σ c_k²/N²
(:func:`dp_coords`, keys of the columns only, so choices that differ in the diagonal
alone merge), with D the exact coordinate 2: the keys bound the integers T and Q
exactly, and :class:`._kappamcc.KappaMcc` tests each box of (D, T, Q) by its corners.

Floats are used only to prune F-of-means boxes, with a margin of 1e-9 far above their
rounding error (values < 2^40), and to evaluate kappa/MCC corners, where a corner within
the margin is decided exactly; never to decide a verdict: every CONSISTENT is a
matrix replayed through the spec, every INCONSISTENT the exhausted key search.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._classvalues import POLY, ClassSpace, exact_columns
from metricoracle.consistency._kappamcc import KappaMcc, integer_bounds
from metricoracle.consistency._keydp import Dim, accept_range, floor_keys, run_refined, scale_for
from metricoracle.consistency._transport import zero_diagonal_transport
from metricoracle.consistency._z3search import SearchResult


def matrix_from(space: ClassSpace, d: np.ndarray, c: np.ndarray) -> np.ndarray | None:
    """The integer matrix with diagonal d, row sums t and column sums c, or None."""
    t = np.array(space.t)
    matrix = zero_diagonal_transport(t - d, c - d)
    if matrix is None:
        return None
    matrix[np.diag_indices(space.k)] = d
    if (matrix.sum(axis=1) != t).any() or (matrix.sum(axis=0) != c).any():
        return None
    return matrix


def class_dp(space: ClassSpace, points: list[tuple[np.ndarray, np.ndarray]],
             max_rows: int) -> SearchResult:
    """Decide the report exactly over the given per-class points (d_arr, c_arr)."""
    build = class_keys(space, points)
    if build is None:
        return SearchResult("unsat")
    return run_refined(space.problem, build, max_rows, key_cols=key_columns(space))


def key_columns(space: ClassSpace) -> list[int]:
    """The key columns that determine a DP state (c·(N+1) + d and the summed keys)."""
    return [0, *range(3, 3 + len(dp_coords(space)))]


def dp_coords(space: ClassSpace) -> list[tuple[int, str]]:
    """The DP's summed coordinates: those of the space, but kappa and MCC through
    T/N² = Σ t_k·c_k/N² ("T") and Q/N² = Σ c_k²/N² ("Q"), which depend on the columns
    only; D is the exact coordinate 2, and :class:`._kappamcc.KappaMcc` tests them."""
    coords = [(i, what) for i, what in space.sums if what not in POLY]
    if len(coords) < len(space.sums):
        coords.append((-1, "T"))
    if space.mcc:
        coords.append((-1, "Q"))
    return coords


def kappa_mcc_tests(space: ClassSpace) -> KappaMcc | None:
    """The kappa/MCC test of the space (None without kappa and MCC)."""
    problem = space.problem
    kappa = [problem.intervals[i] for i, what in space.sums if what == "kappa_lo"]
    mcc = [problem.intervals[i] for i, _, _ in space.mcc]
    if not kappa and not mcc:
        return None
    fill = None if space.never else space.fill
    return KappaMcc(int(space.total), sum(int(x) ** 2 for x in space.t), int(max(space.t)),
                    kappa, mcc, [fill is not None and iv.contains(fill) for iv in mcc])


def class_keys(space: ClassSpace, points: list[tuple[np.ndarray, np.ndarray]]
               ) -> Callable[[int], Any] | None:
    """The key-search builder (:func:`._keydp.run_refined`) over the given per-class
    points, or None when some class has no admissible point."""
    problem, t, k, total = space.problem, space.t, space.k, space.total
    sums, allowed = dp_coords(space), space.allowed
    # F-of-means' P and R coordinates, renumbered among the DP's coordinates
    kept = [j for j, (_, what) in enumerate(space.sums) if what not in POLY]
    fom = [(i, kept.index(pc), kept.index(rc)) for i, pc, rc in space.fom]
    fill, never = space.fill, space.never
    classes = []
    for q in range(k):
        d_arr, c_arr = points[q]
        ok, cols = exact_columns(space, q, d_arr, c_arr, sums)
        keep = np.flatnonzero(ok)
        r_plus_s = (t[q] - d_arr) + (c_arr - d_arr)
        classes.append((d_arr[keep], c_arr[keep], r_plus_s[keep],
                        [[col[j] for j in keep.tolist()] for col in cols]))
    if any(len(cl[0]) == 0 for cl in classes):
        return None
    order = sorted(range(k), key=lambda q: len(classes[q][0]))
    boxes = [problem.intervals[i] if what == "value" else None for i, what in sums]
    tests = kappa_mcc_tests(space)
    narrow = min(((iv.hi - iv.lo) for iv in (tests.kappa + tests.mcc)), default=Fraction(0)
                 ) if tests is not None else Fraction(0)
    widths = [narrow if i < 0 else (problem.intervals[i].hi - problem.intervals[i].lo)
              / (2 if what in ("P", "R") else 1) for i, what in sums]
    pos_t = next((j for j, (_, what) in enumerate(sums) if what == "T"), -1)
    pos_q = next((j for j, (_, what) in enumerate(sums) if what == "Q"), -1)
    n_sq = int(total) ** 2
    base = total + 1

    def build(refine: int) -> Any:
        scales = [scale_for(w, k, refine) for w in widths]
        keys, ms = [], []
        for q in order:
            d_arr, c_arr, rs, cols = classes[q]
            exact = np.stack([c_arr * base + d_arr, c_arr, d_arr], axis=1)
            quant = [(floor_keys(cols[j], scales[j])) for j in range(len(sums))]
            keys.append(np.concatenate([exact, np.stack(quant, axis=1)], axis=1)
                        if quant else exact)
            ms.append(rs.astype(np.int64))
        dims = [Dim(total * base + space.d_lo, total * base + space.d_hi, 0),
                Dim(total, total, 0), Dim(space.d_lo, space.d_hi, 0)]
        for j, box in enumerate(boxes):
            dims.append(Dim(None, None, 1) if box is None
                        else Dim(*accept_range(box, scales[j]), 1))

        def extra(lo_b: np.ndarray, hi_b: np.ndarray, m: np.ndarray, final: bool
                  ) -> tuple[np.ndarray, np.ndarray]:
            # Hall: max_k (r_k + s_k) ≤ N − D, with D ∈ [lo_b, hi_b] of coordinate 2.
            bad = m > total - lo_b[:, 2]
            sure = m <= total - hi_b[:, 2]
            if final:
                dvals = lo_b[:, 2]
                bad |= ~allowed[np.clip(dvals, 0, total)]
            for i, pc, rc in fom:
                iv = problem.intervals[i]
                beta_sq = problem.scores[i].beta ** 2
                unit = scales[pc]  # P and R share one scale (values are already means)
                plo, phi = lo_b[:, 3 + pc] / unit, hi_b[:, 3 + pc] / unit
                rlo, rhi = lo_b[:, 3 + rc] / unit, hi_b[:, 3 + rc] / unit
                b = float(beta_sq)
                with np.errstate(divide="ignore", invalid="ignore"):
                    flo = np.where(b * plo + rlo > 0, (1 + b) * plo * rlo / (b * plo + rlo), 0.0)
                    fhi = np.where(b * phi + rhi > 0, (1 + b) * phi * rhi / (b * phi + rhi), 0.0)
                zero_possible = (lo_b[:, 3 + pc] <= 0) & (lo_b[:, 3 + rc] <= 0)
                if fill is not None and not never:
                    fhi = np.where(zero_possible, np.maximum(fhi, float(fill)), fhi)
                    flo = np.where(zero_possible, np.minimum(flo, float(fill)), flo)
                margin = 1e-9
                bad |= (fhi < float(iv.lo) - margin) | (flo > float(iv.hi) + margin)
                sure &= np.zeros(len(sure), dtype=bool)  # always replayed exactly
            if tests is not None:
                # the keys of T/N² and Q/N² at scale M bound the integers T and Q exactly
                t_lo, t_hi = integer_bounds(lo_b[:, 3 + pos_t], hi_b[:, 3 + pos_t], n_sq,
                                            scales[pos_t])
                q_lo, q_hi = (integer_bounds(lo_b[:, 3 + pos_q], hi_b[:, 3 + pos_q], n_sq,
                                             scales[pos_q]) if pos_q >= 0 else (None, None))
                k_bad, k_sure = tests.test(lo_b[:, 2], hi_b[:, 2], t_lo, t_hi, q_lo, q_hi)
                bad |= k_bad
                sure &= k_sure
            return bad, sure

        def to_matrices(choice: list[int]) -> list[np.ndarray] | None:
            d = np.zeros(k, dtype=np.int64)
            c = np.zeros(k, dtype=np.int64)
            for pos, q in enumerate(order):
                d[q] = classes[q][0][choice[pos]]
                c[q] = classes[q][1][choice[pos]]
            matrix = matrix_from(space, d, c)
            return None if matrix is None else [matrix]

        return keys, ms, dims, extra, to_matrices

    return build


def all_points(space: ClassSpace) -> list[tuple[np.ndarray, np.ndarray]]:
    """Every (d, c) with d ≤ t, d ≤ c, c − d ≤ N − t, per class."""
    out = []
    for tk in space.t:
        pts = [(d, c) for d in range(tk + 1) for c in range(d, d + space.total - tk + 1)]
        out.append((np.array([q[0] for q in pts], dtype=np.int64),
                    np.array([q[1] for q in pts], dtype=np.int64)))
    return out
