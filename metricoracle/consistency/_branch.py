"""Exact branch and bound for averaged (non-linear) reports: macro/weighted scores of one
K-class matrix, and means of per-fold binary scores.

Why not z3: a mean of ratios with unknown denominators is non-linear integer arithmetic,
where z3 needs seconds to minutes or gives up.  The structure here is simpler:

* One K-class matrix with known supports s: every supported score depends on the matrix
  only through its diagonal d and column sums c, and is non-decreasing in each d_i and
  non-increasing in each c_i (per class: TP = d_i, FP = c_i − d_i, FN = s_i − d_i,
  TN = N − s_i − c_i + d_i; precision d/c, recall d/s, F-beta (1+β²)d/(β²s + c),
  Jaccard d/(s + c − d), specificity TN/(N − s) all move that way, and so do their
  means, weighted means, accuracy and balanced accuracy).  A matrix with these
  marginals exists iff d ≤ s, d ≤ c, Σc = N and (s_i − d_i) + (c_i − d_i) ≤ N − Σd for
  every i (Hall's condition for the off-diagonal transportation problem).
* Per-fold binary scores are non-decreasing in each fold's tp and tn.

So over a box of integer ranges each score's exact minimum and maximum sit at two
corners.  A box whose score ranges miss a reported interval is pruned; boxes are split
until one is a single point, which is replayed exactly.  Zero divisions at a corner are
bounded by 0 (for the minimum) and 1 (for the maximum), which bounds every rule's value
(and the NaN-skipping means) from outside.  Bounds are exact Fractions: pruning is a proof.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._interval import Interval
from metricoracle.consistency._problem import Problem
from metricoracle.consistency._scores import MacroF1, Score, ScoreAverage
from metricoracle.consistency._setup import ZeroDivisionRule
from metricoracle.consistency._terms import EXACT_INTERP, exact_value, score_term_marginals
from metricoracle.consistency._z3search import SearchResult
from metricoracle.spec._formulas import Marginals

DEFAULT_NODES = 300
_MONOTONE = {Score.ACCURACY, Score.BALANCED_ACCURACY, Score.PRECISION, Score.RECALL,
             Score.SPECIFICITY, Score.NPV, Score.F_BETA, Score.JACCARD}


def supported(problem: Problem) -> bool:
    """Whether :func:`branch_and_bound` decides this problem (else use the solver)."""
    setup, hyp = problem.setup, problem.hypothesis
    if setup.supports is None:
        return False
    for score in problem.scores:
        if score.score not in _MONOTONE:
            return False
        if (score.score is Score.F_BETA and score.average is ScoreAverage.MACRO
                and hyp.macro_f1 is MacroF1.F1_OF_MEANS
                and hyp.zero_division is ZeroDivisionRule.ONE):
            return False  # the 0/0 point of 2PR/(P+R) would be a maximum at the bottom
        if (setup.n_classes > 2 and score.score is Score.NPV
                and score.average in (ScoreAverage.MACRO, ScoreAverage.WEIGHTED)):
            return False  # per-class NPV is undefined at c_i = N, not at a corner
    if problem.per_fold:
        return setup.n_classes == 2
    return True


def _fill(problem: Problem, rule: ZeroDivisionRule) -> Problem:
    return dataclasses.replace(problem, hypothesis=dataclasses.replace(
        problem.hypothesis, zero_division=rule))


class _Classes:
    """Unknowns (d_1..d_K, c_1..c_K) of one K-class matrix with supports s."""

    def __init__(self, problem: Problem) -> None:
        (supports,) = problem.matrix_supports()
        assert supports is not None
        self.s = np.array(supports, dtype=np.int64)
        self.k = len(supports)
        self.total = int(self.s.sum())
        self.lo = np.zeros(2 * self.k, dtype=np.int64)
        self.hi = np.concatenate([self.s, np.full(self.k, self.total, dtype=np.int64)])
        self.direction = np.concatenate([np.ones(self.k), -np.ones(self.k)])

    def values(self, problem: Problem, point: np.ndarray) -> list[Any]:
        k = self.k
        d = np.array([int(x) for x in point[:k]], dtype=object)
        c = np.array([int(x) for x in point[k:]], dtype=object)
        m = Marginals(diag=d, true_sum=np.array(self.s.tolist(), dtype=object), pred_sum=c,
                      total=self.total)
        hyp = problem.hypothesis
        return [exact_value(score_term_marginals(s, m, positive=problem.positive,
                                                 zd=hyp.zero_division, macro_f1=hyp.macro_f1,
                                                 it=EXACT_INTERP), hyp.zero_division)
                for s in problem.scores]

    def propagate(self, lo: np.ndarray, hi: np.ndarray) -> bool:
        k, n = self.k, self.total
        for _ in range(3):
            lo[k:] = np.maximum(lo[k:], lo[:k])  # d ≤ c
            hi[:k] = np.minimum(hi[:k], hi[k:])
            lo_c, hi_c = lo[k:], hi[k:]
            lo[k:] = np.maximum(lo_c, n - (hi_c.sum() - hi_c))  # Σc = N
            hi[k:] = np.minimum(hi_c, n - (lo_c.sum() - lo_c))
            if (lo > hi).any():
                return False
        # Hall: (s_i − d_i) + (c_i − d_i) ≤ N − Σd, at its loosest over the box.
        slack = n - lo[:k].sum()
        return bool(((self.s + lo[k:] - 2 * hi[:k]) <= slack + (hi[:k] - lo[:k]).sum()).all())

    def witness(self, point: np.ndarray) -> list[np.ndarray] | None:
        k = self.k
        d, c = point[:k].astype(np.int64), point[k:].astype(np.int64)
        if c.sum() != self.total or (d > c).any() or (d > self.s).any():
            return None
        matrix = _zero_diagonal_transport(self.s - d, c - d)
        if matrix is None:
            return None
        matrix[np.diag_indices(k)] = d
        return [matrix]


class _Folds:
    """Unknowns (tp_f, tn_f) of every binary fold (and repeat)."""

    def __init__(self, problem: Problem) -> None:
        self.folds = problem.matrix_supports()
        self.lo = np.zeros(2 * len(self.folds), dtype=np.int64)
        self.hi = np.array([x for f in self.folds for x in (f[1], f[0])], dtype=np.int64)
        self.direction = np.ones(2 * len(self.folds))

    def matrices(self, point: np.ndarray) -> list[np.ndarray]:
        out = []
        for i, (n, p) in enumerate(self.folds):  # type: ignore[misc]
            tp, tn = int(point[2 * i]), int(point[2 * i + 1])
            out.append(np.array([[tn, n - tn], [p - tp, tp]], dtype=np.int64))
        return out

    def values(self, problem: Problem, point: np.ndarray) -> list[Any]:
        return problem.values_exact(self.matrices(point))

    def propagate(self, lo: np.ndarray, hi: np.ndarray) -> bool:
        return True

    def witness(self, point: np.ndarray) -> list[np.ndarray] | None:
        return self.matrices(point)


def _zero_diagonal_transport(rows: np.ndarray, cols: np.ndarray) -> np.ndarray | None:
    """A non-negative integer matrix with zero diagonal and these margins, or None.

    Greedy: the row with the largest remainder goes to the other column with the largest
    remainder (a Havel–Hakimi-style rule); the result is checked, never trusted.
    """
    k = len(rows)
    r, q = rows.astype(np.int64).copy(), cols.astype(np.int64).copy()
    if r.sum() != q.sum() or (r < 0).any() or (q < 0).any():
        return None
    out = np.zeros((k, k), dtype=np.int64)
    while r.sum() > 0:
        i = int(np.argmax(r + q))  # the most constrained class first
        if r[i] == 0:
            i = int(np.argmax(r))
        others = q.copy()
        others[i] = -1
        j = int(np.argmax(others))
        if others[j] <= 0:
            return None
        # move as much as keeps the rest feasible: one unit at a time is safe and K ≤ 10s.
        amount = 1
        out[i, j] += amount
        r[i] -= amount
        q[j] -= amount
    return out


def _outside(lower: Any, upper: Any, interval: Interval) -> bool:
    """Whether every value in [lower, upper] misses ``interval`` (exact)."""
    if _lt(upper, interval.lo) or (upper == interval.lo and not interval.lo_closed):
        return True
    return bool(_lt(interval.hi, lower) or (lower == interval.hi and not interval.hi_closed))


def _lt(a: Any, b: Any) -> bool:
    return a is not None and b is not None and a < b


def branch_and_bound(problem: Problem, *, max_nodes: int = DEFAULT_NODES) -> SearchResult:
    """Decide ``problem`` (see :func:`supported`) exactly within ``max_nodes`` boxes."""
    space: _Classes | _Folds = _Folds(problem) if problem.per_fold else _Classes(problem)
    low_problem = _fill(problem, ZeroDivisionRule.ZERO)
    high_problem = _fill(problem, ZeroDivisionRule.ONE)
    up = space.direction > 0
    targets = [(iv.lo + iv.hi) / 2 for iv in problem.intervals]

    def bounds(lo: np.ndarray, hi: np.ndarray) -> tuple[list[Any], list[Any]]:
        lower = space.values(low_problem, np.where(up, lo, hi))
        upper = space.values(high_problem, np.where(up, hi, lo))
        return [_floor(v, 0) for v in lower], [_floor(v, 1) for v in upper]

    def score(lower: list[Any], upper: list[Any]) -> Fraction:
        return sum((abs((lo_ + hi_) / 2 - t) for lo_, hi_, t in zip(lower, upper, targets,
                                                                     strict=True)), Fraction(0))

    stack = [(space.lo.copy(), space.hi.copy())]
    nodes = 0
    while stack:
        lo, hi = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            return SearchResult("unknown", reason=f"branch and bound: more than {max_nodes} "
                                "boxes (raise the budget)")
        if not space.propagate(lo, hi):
            continue
        lower, upper = bounds(lo, hi)
        if any(_outside(a, b, iv) for a, b, iv in zip(lower, upper, problem.intervals,
                                                        strict=True)):
            continue
        if (lo == hi).all():
            matrices = space.witness(lo)
            if matrices is not None and all(problem.holds_exact(matrices)):
                return SearchResult("sat", matrices)
            continue
        width = hi - lo
        var = int(np.argmax(width))
        mid = int(lo[var] + width[var] // 2)
        left_hi, right_lo = hi.copy(), lo.copy()
        left_hi[var], right_lo[var] = mid, mid + 1
        children = [(lo.copy(), left_hi), (right_lo, hi.copy())]
        ranked = sorted(children, key=lambda box: score(*bounds(*box)), reverse=True)
        stack.extend(ranked)  # the most promising child is popped first
    return SearchResult("unsat")


def _floor(value: Any, fill: int) -> Any:
    """A bound for a corner value (an undefined corner bounds by ``fill``)."""
    return Fraction(fill) if value is None else value
