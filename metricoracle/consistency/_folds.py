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

    return run_refined(problem, build, max_rows)
