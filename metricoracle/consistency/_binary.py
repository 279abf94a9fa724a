"""Exact enumeration for one binary confusion matrix with known p and n (no solver).

For each tp in 0..p every single-ratio score (accuracy, kappa, binary/micro precision,
recall, specificity, NPV, F-beta, Jaccard) is ``num(tn)/den(tn)`` with num and den
affine in tn (checked, not assumed: the spec's formulas are evaluated at tn = 0, 1, 2 for
all tp at once).  Where den > 0, ``lo ≤ num/den ≤ hi`` is then a linear inequality in tn,
so the admissible tn form one integer interval per tp, found by integer floor/ceil
division.  Points where a denominator vanishes are checked one by one, and every
candidate is replayed exactly before it is returned, so the answer is exact both ways.
Other scores (MCC, macro averages, balanced accuracy) only filter the candidates.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metricoracle.consistency._problem import Problem
from metricoracle.consistency._terms import (
    EXACT_INTERP,
    RatioTerm,
    _zd_value,
    is_single_ratio,
    score_term,
)
from metricoracle.consistency._z3search import SearchResult

MAX_REPLAYS = 20_000
_INT_LIMIT = 2**62


def _batch_matrix(p: int, n: int) -> np.ndarray:
    """The 2×2 matrices [[tn, fp], [fn, tp]] for tn = 0, 1, 2 and tp = 0..p at once.

    Each cell is a vector of length 3·(p+1): block j holds tn = j (n ≥ 2 is required).
    """
    tp = np.tile(np.arange(p + 1, dtype=np.int64), 3)
    tn = np.repeat(np.arange(3, dtype=np.int64), p + 1)
    matrix = np.empty((2, 2), dtype=object)
    matrix[0, 0], matrix[0, 1], matrix[1, 0], matrix[1, 1] = tn, n - tn, p - tp, tp
    return matrix


def _as_vector(x: Any, size: int) -> np.ndarray:
    return np.broadcast_to(np.asarray(x, dtype=np.int64), (size,)).copy()


def _solve_linear(a: np.ndarray, b: np.ndarray, strict: bool,
                  lo: np.ndarray, hi: np.ndarray) -> None:
    """Intersect [lo, hi] (in place) with the integer solutions of ``a + b·tn ≥ 0`` (or > 0)."""
    pos, neg, flat = b > 0, b < 0, b == 0
    if strict:
        # a + b·tn > 0: for b > 0, tn > -a/b, i.e. tn ≥ floor(-a/b) + 1.
        lo[pos] = np.maximum(lo[pos], (-a[pos]) // b[pos] + 1)
        # for b < 0, tn < a/|b|, i.e. tn ≤ ceil(a/|b|) - 1.
        hi[neg] = np.minimum(hi[neg], -((-a[neg]) // (-b[neg])) - 1)
        bad = flat & (a <= 0)
    else:
        lo[pos] = np.maximum(lo[pos], -(a[pos] // b[pos]))  # ceil(-a/b)
        hi[neg] = np.minimum(hi[neg], a[neg] // (-b[neg]))  # floor(a/|b|)
        bad = flat & (a < 0)
    lo[bad], hi[bad] = 1, 0


def binary_search(problem: Problem) -> SearchResult | None:
    """Decide a binary single-matrix problem exactly, or None when not applicable."""
    setup = problem.setup
    if setup.n_classes != 2 or setup.supports is None or problem.per_fold:
        return None
    (n, p), = problem.matrix_supports()  # type: ignore[misc]
    hyp = problem.hypothesis
    zd = hyp.zero_division
    lo = np.zeros(p + 1, dtype=np.int64)
    hi = np.full(p + 1, n, dtype=np.int64)
    extra: list[tuple[int, int]] = []
    has_filter = False
    batch = _batch_matrix(p, n)
    for index, score in enumerate(problem.scores):
        beta_sq = score.beta * score.beta
        if not is_single_ratio(score) or beta_sq.denominator != 1 or n < 2:
            has_filter = True
            continue
        term = score_term(score, batch, positive=problem.positive, zd=zd,
                          macro_f1=hyp.macro_f1, it=EXACT_INTERP)
        assert isinstance(term, RatioTerm)
        try:
            num = _as_vector(term.ratio.num, 3 * (p + 1)).reshape(3, p + 1)
            den = _as_vector(term.ratio.den, 3 * (p + 1)).reshape(3, p + 1)
        except (TypeError, OverflowError):
            return None
        (n0, n1, n2), (d0, d1, d2) = num, den
        a, b, c, d = n0, n1 - n0, d0, d1 - d0
        if not (np.array_equal(n2 - n0, 2 * b) and np.array_equal(d2 - d0, 2 * d)):
            has_filter = True  # not affine in tn: only a filter
            continue
        interval = problem.intervals[index]
        scale = max(abs(interval.lo.numerator), interval.lo.denominator,
                    abs(interval.hi.numerator), interval.hi.denominator)
        biggest = max(int(np.abs(x).max()) for x in (a, b, c, d)) * (n + 1)
        if 4 * scale * biggest >= _INT_LIMIT:
            return None
        ln, ld = interval.lo.numerator, interval.lo.denominator
        hn, hd = interval.hi.numerator, interval.hi.denominator
        _solve_linear(ld * a - ln * c, ld * b - ln * d, not interval.lo_closed, lo, hi)
        _solve_linear(hn * c - hd * a, hn * d - hd * b, not interval.hi_closed, lo, hi)
        # den ≡ 0 for this tp: the score is the zero-division value, whatever tn is.
        always_zero = (c == 0) & (d == 0)
        if always_zero.any():
            zd_value = _zd_value(zd)
            ok = zd_value is not None and interval.contains(zd_value)
            if not ok:
                lo[always_zero], hi[always_zero] = 1, 0
            else:
                extra.extend((int(t), tn) for t in np.flatnonzero(always_zero)
                             for tn in range(n + 1))
        # an isolated zero of the denominator: check that point exactly.
        nz = np.flatnonzero(d != 0)
        roots = -c[nz] // d[nz]
        exact_root = (roots * d[nz] == -c[nz]) & (roots >= 0) & (roots <= n)
        extra.extend(zip(nz[exact_root].tolist(), roots[exact_root].tolist(), strict=True))
    return _replay(problem, p, n, lo, hi, extra, has_filter)


def _replay(problem: Problem, p: int, n: int, lo: np.ndarray, hi: np.ndarray,
            extra: list[tuple[int, int]], has_filter: bool) -> SearchResult | None:
    replays = 0

    def check(tp: int, tn: int) -> np.ndarray | None:
        matrix = np.array([[tn, n - tn], [p - tp, tp]], dtype=np.int64)
        return matrix if all(problem.holds_exact([matrix])) else None

    for tp, tn in extra:
        replays += 1
        if (found := check(tp, tn)) is not None:
            return SearchResult("sat", [found])
    for tp in np.flatnonzero(lo <= hi).tolist():
        for tn in range(int(lo[tp]), int(hi[tp]) + 1):
            replays += 1
            if replays > MAX_REPLAYS:
                return None
            if (found := check(tp, tn)) is not None:
                return SearchResult("sat", [found])
            if not has_filter and replays > len(extra) + 4 * len(problem.scores) + 4:
                break  # only zero-denominator points can fail here, and they are few
    return SearchResult("unsat")
