"""Mean of per-fold binary scores, decided exactly by the key search of :mod:`._keydp`.

Fold i has p_i positives and n_i negatives; the reported mean of a score is
(1/F)·Σ_i v_i(tp_i, tn_i), so Σ_i v_i must lie in F × (reported interval).  v_i is the
spec's formula evaluated exactly on ``[[tn, n−tn], [p−tp, tp]]`` with the zero-division
rule (a fold whose score is not a number makes the mean not a number: such points are
dropped under ``nan``/``never``).  Each fold is one group of the key search, its points
the (tp, tn) pairs with distinct score vectors; so INCONSISTENT is a proof and every
CONSISTENT carries per-fold matrices replayed through the spec.

MCC (num/sqrt(den_sq) per fold) is irrational in general: its per-fold values are exact
surds (:mod:`._surd`) whose keys ⌊v·M⌋ are computed exactly with integer square roots, so
the key search keeps its guarantee (the true sum·M lies in [key, key + F]); the replay
compares the sum of square roots with the interval ends exactly (grouping by square-free
part, then certified bounds), so no float decides a mean of MCC either.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._interval import Interval
from metricoracle.consistency._keydp import (
    DEFAULT_ROWS,
    Dim,
    accept_range,
    expand_ranges,
    floor_keys,
    run_refined,
    scale_for,
)
from metricoracle.consistency._problem import Problem
from metricoracle.consistency._scores import Score, ScoreAverage
from metricoracle.consistency._setup import ZeroDivisionRule
from metricoracle.consistency._surd import Surd
from metricoracle.consistency._terms import (
    EXACT_INTERP,
    PlainTerm,
    RatioTerm,
    SqrtTerm,
    _zd_value,
    score_term,
)
from metricoracle.consistency._z3search import SearchResult


def _fold_values(problem: Problem, index: int, n: int, p: int
                 ) -> tuple[list[tuple[int, int]], list[Any]]:
    """Exact per-fold value of score ``index`` at every (tp, tn) (None: not a number)."""
    score, hyp = problem.scores[index], problem.hypothesis
    zd = hyp.zero_division
    tp = np.repeat(np.arange(p + 1, dtype=np.int64), n + 1)
    tn = np.tile(np.arange(n + 1, dtype=np.int64), p + 1)
    points = list(zip(tp.tolist(), tn.tolist(), strict=True))
    fill = _zd_value(zd)
    strict = zd in (ZeroDivisionRule.NAN, ZeroDivisionRule.NEVER)
    if score.score is Score.MCC:
        return points, _fold_mcc(problem, index, n, p, points)
    if score.score in (Score.ACCURACY, Score.KAPPA) or score.average in (ScoreAverage.BINARY,
                                                                         ScoreAverage.MICRO):
        matrix = np.empty((2, 2), dtype=object)
        matrix[0, 0], matrix[0, 1], matrix[1, 0], matrix[1, 1] = tn, n - tn, p - tp, tp
        term = score_term(score, matrix, positive=problem.positive, zd=zd,
                          macro_f1=hyp.macro_f1, it=EXACT_INTERP)
        assert isinstance(term, RatioTerm)
        num = np.broadcast_to(np.asarray(term.ratio.num), tp.shape).tolist()
        den = np.broadcast_to(np.asarray(term.ratio.den), tp.shape).tolist()
        values: list[Fraction | None] = [
            Fraction(int(a), int(b)) if b != 0 else (None if strict else fill)
            for a, b in zip(num, den, strict=True)]
        return points, values
    values = []
    for t, u in points:
        m = np.array([[u, n - u], [p - t, t]], dtype=object)
        term = score_term(score, m, positive=problem.positive, zd=zd, macro_f1=hyp.macro_f1,
                          it=EXACT_INTERP)
        assert isinstance(term, PlainTerm)
        values.append(Fraction(term.value) if term.defined else None)
    return points, values


def _fold_mcc(problem: Problem, index: int, n: int, p: int,
              points: list[tuple[int, int]]) -> list[Surd | None]:
    """MCC of fold [[tn, n−tn], [p−tp, tp]] at every point, as an exact surd (the spec's
    num/sqrt(den_sq)); a zero den_sq takes the zero-division value (None: no number)."""
    zd = problem.hypothesis.zero_division
    fill = _zd_value(zd)
    out: list[Surd | None] = []
    for t, u in points:
        m = np.array([[u, n - u], [p - t, t]], dtype=object)
        term = score_term(problem.scores[index], m, positive=problem.positive, zd=zd,
                          macro_f1=problem.hypothesis.macro_f1, it=EXACT_INTERP)
        assert isinstance(term, SqrtTerm)
        num, den_sq = int(term.ratio.num), int(term.ratio.den_sq)
        if den_sq == 0:
            out.append(None if fill is None else Surd.rational(fill))
        else:
            out.append(Surd.of(num, den_sq))
    return out


def folds_supported(problem: Problem) -> bool:
    """Binary folds with known counts, mean of per-fold scores (MCC included)."""
    setup = problem.setup
    return problem.per_fold and setup.n_classes == 2 and setup.supports is not None


def mean_of_folds(problem: Problem, *, max_rows: int = DEFAULT_ROWS) -> SearchResult:
    """Decide a mean-of-folds binary report exactly (see the module docstring)."""
    folds = problem.matrix_supports()
    groups = len(folds)
    nscores = len(problem.scores)
    # exact values per fold and score; a point is kept when every score is a number.
    per_fold: list[tuple[list[tuple[int, int]], list[list[Fraction]]]] = []
    cache: dict[tuple[int, int], Any] = {}
    for supports in folds:
        n, p = supports  # type: ignore[misc]
        if (n, p) not in cache:
            columns = []
            points: list[tuple[int, int]] = []
            for i in range(nscores):
                points, vals = _fold_values(problem, i, n, p)
                columns.append(vals)
            keep = [j for j in range(len(points)) if all(c[j] is not None for c in columns)]
            # dedupe identical score vectors (one representative point each; surds
            # are canonical, so equal MCC values are equal keys).
            seen: dict[tuple[Fraction, ...], int] = {}
            for j in keep:
                seen.setdefault(tuple(c[j] for c in columns), j)  # type: ignore[misc]
            idx = list(seen.values())
            cache[(n, p)] = ([points[j] for j in idx],
                             [[columns[i][j] for j in idx] for i in range(nscores)])
        per_fold.append(cache[(n, p)])
    # the largest fold goes last (it is joined, not expanded).
    order = sorted(range(groups), key=lambda f: len(per_fold[f][0]))
    widths = [(iv.hi - iv.lo) * groups for iv in problem.intervals]

    def build(refine: int) -> Any:
        scales = [scale_for(w, groups, refine) for w in widths]
        keys, ms = [], []
        for f in order:
            pts, cols = per_fold[f]
            keys.append(np.stack([floor_keys(cols[i], scales[i]) for i in range(nscores)],
                                 axis=1) if nscores else np.zeros((len(pts), 0), np.int64))
            ms.append(np.zeros(len(pts), dtype=np.int64))
        dims = []
        for iv, scale in zip(problem.intervals, scales, strict=True):
            lo, hi = accept_range(Interval(iv.lo * groups, iv.hi * groups, iv.lo_closed,
                                            iv.hi_closed), scale)
            dims.append(Dim(lo, hi, 1))

        def to_matrices(choice: list[int]) -> list[np.ndarray]:
            out: list[np.ndarray] = [np.zeros((2, 2), np.int64)] * groups
            for pos, f in enumerate(order):
                n, p = folds[f]  # type: ignore[misc]
                tp, tn = per_fold[f][0][choice[pos]]
                out[f] = np.array([[tn, n - tn], [p - tp, tp]], dtype=np.int64)
            return out

        return keys, ms, dims, None, to_matrices

    # Small reports are decided by the exact key search at once; when its first pass
    # runs past a small budget (several narrow boxes over large folds: the keys do not
    # merge), a float-guided witness search runs before the full-budget search.
    first = run_refined(problem, build, min(max_rows, FIRST_ROWS))
    if first.status != "unknown" or groups < 3:
        return first
    found = _witness(problem, folds, per_fold, order)
    if found is not None:
        return SearchResult("sat", found)
    if max_rows <= FIRST_ROWS:
        return first
    return run_refined(problem, build, max_rows)


#: row budget of the first exact pass (then the witness search, then the full budget).
FIRST_ROWS = 300_000
#: states kept per fold by the witness search's beam.
BEAM = 600
#: candidate choices replayed exactly by the witness search.
REPLAYS = 200
#: (state, point, point) triples the witness search's join filters at most.
JOIN_LIMIT = 2_000_000


def _distances(state: np.ndarray, pts: np.ndarray, aim: np.ndarray) -> np.ndarray:
    """Chebyshev distance of every sum state[i] + pts[k] to ``aim``, flat (i-major).

    Column by column into one reused buffer, so the (states × points × scores) sums
    are never materialised."""
    dist = np.abs(np.add.outer(state[:, 0], pts[:, 0] - aim[0]))
    buf = np.empty_like(dist)
    for j in range(1, len(aim)):
        np.add.outer(state[:, j], pts[:, j] - aim[j], out=buf)
        np.abs(buf, out=buf)
        np.maximum(dist, buf, out=dist)
    return dist.ravel()


def _first_per_cell(cells: np.ndarray) -> np.ndarray:
    """Indices of the first row of each distinct integer row of ``cells`` (rows × dims)."""
    order = np.lexsort(cells.T[::-1])  # stable: equal rows keep their order
    rows = cells[order]
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (rows[1:] != rows[:-1]).any(axis=1)
    return order[new]


def _join_axis(pts: np.ndarray) -> int:
    """The score axis along which ``pts`` (in box widths) have the fewest pairs closer
    than one box width: the axis whose binary search leaves the fewest candidates."""
    def close_pairs(j: int) -> int:
        col = np.sort(pts[:, j])
        return int(np.searchsorted(col, col + 1, "right").sum())
    return min(range(pts.shape[1]), key=close_pairs)


def _witness(problem: Problem, folds: list[Any], per_fold: list[Any], order: list[int]
             ) -> list[np.ndarray] | None:
    """Per-fold matrices found by a float-guided search, replayed exactly (None: none).

    A beam over all folds but the two largest keeps the partial sums nearest the
    target's share of the folds seen (in box widths); the last two folds are joined
    exactly: for every beam state and point q of the second-to-last fold, the points
    of the last fold inside the box along one axis (the one where they are sparsest)
    are found by binary search, and every such triple is checked in all boxes.
    Floats only choose candidates: each is rebuilt as integer matrices and replayed
    through the spec, so finding nothing proves nothing."""
    groups = len(folds)
    ivs = problem.intervals
    lo = np.array([float(iv.lo) * groups for iv in ivs])
    hi = np.array([float(iv.hi) * groups for iv in ivs])
    width = np.maximum(hi - lo, 1e-12)
    zlo, zhi = lo / width, hi / width
    centre = (zlo + zhi) / 2
    floats: dict[Any, np.ndarray] = {}  # folds of equal supports share their table
    for f in order:
        if folds[f] not in floats:
            floats[folds[f]] = np.array([[float(v) for v in col] for col in per_fold[f][1]]
                                        ).T.reshape(len(per_fold[f][0]), len(ivs)) / width
    z = [floats[folds[f]] for f in order]
    sizes = [sum(folds[f]) for f in order]  # type: ignore[arg-type]
    total = sum(sizes)
    head = groups - 2
    state = np.zeros((1, len(ivs)))
    backs: list[tuple[np.ndarray, np.ndarray]] = []
    seen = 0
    for g in range(head):
        n = len(z[g])
        seen += sizes[g]
        dist = _distances(state, z[g], centre * seen / total)
        keep = min(8 * BEAM, len(dist) - 1)  # the nearest few, before the diversity pass
        near = np.argpartition(dist, keep)[:keep + 1]
        cand = state[near // n] + z[g][near % n]
        # one state per cell of half a box width (diversity), then the nearest.
        first = _first_per_cell(np.floor(cand * 2).astype(np.int64))
        near, cand = near[first], cand[first]
        rank = np.argsort(dist[near], kind="stable")[:BEAM]
        state, pick = cand[rank], near[rank]
        backs.append((pick // n, pick % n))
    a, b = z[head], z[head + 1]
    slack = 1e-6
    ax = _join_axis(b)
    border = np.argsort(b[:, ax], kind="stable")
    bsorted = b[border, ax]
    # (state, a-point) sums, state-major; a in descending order along the axis, so each
    # state's run of search keys below ascends (binary search reuses its last bounds).
    aorder = np.argsort(-a[:, ax], kind="stable")
    q = np.add.outer(state[:, ax], a[aorder, ax]).ravel()
    start = np.searchsorted(bsorted, zlo[ax] - slack - q, "left")
    cnt = np.searchsorted(bsorted, zhi[ax] + slack - q, "right") - start
    upto = int(np.searchsorted(np.cumsum(cnt), JOIN_LIMIT, "right"))  # nearest states
    cnt, start = cnt[:upto], start[:upto]
    rep, pos = expand_ranges(start, cnt)
    hs, ha, hb = rep // len(a), aorder[rep % len(a)], border[pos]
    sums = state[hs] + a[ha] + b[hb]
    ok = ((sums >= zlo - slack) & (sums <= zhi + slack)).all(axis=1)
    hs, ha, hb, sums = hs[ok], ha[ok], hb[ok], sums[ok]
    rank = np.argsort(np.abs(sums - centre).max(axis=1), kind="stable")[:REPLAYS]
    for i in rank.tolist():
        choice = [int(ha[i]), int(hb[i])]
        s = int(hs[i])
        for prev_arr, pt_arr in reversed(backs):
            choice.insert(0, int(pt_arr[s]))
            s = int(prev_arr[s])
        matrices: list[np.ndarray] = [np.zeros((2, 2), np.int64)] * groups
        for pos, f in enumerate(order):
            n_f, p_f = folds[f]
            tp, tn = per_fold[f][0][choice[pos]]
            matrices[f] = np.array([[tn, n_f - tn], [p_f - tp, tp]], dtype=np.int64)
        if all(problem.holds_exact(matrices)):
            return matrices
    return None
