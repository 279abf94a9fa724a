"""Macro / weighted scores of one single-label K-class matrix with known supports, decided
exactly.

The report in per-class form (:mod:`._classvalues`): one point (d_k, c_k) per class, with
Σc = N, Σd in the set allowed by the Σd-only scores, the Hall condition of
:mod:`._classdp`, and the summed contributions in the reported boxes.  Engines, in order:

1. a short local search for a witness (:mod:`._fastclass`; replayed exactly);
2. exhaustive enumeration for 2–3 classes (:mod:`._fastclass`);
3. Lagrangian duality (:mod:`._duality`): a proof of INCONSISTENT, or else reduced-cost
   fixing, which removes every point that no fitting choice can use;
4. the exact key DP (:mod:`._classdp`) over the surviving points: a proof either way;
5. only if the survivors are still too many to tabulate exactly, a longer local search.

Every CONSISTENT is an integer matrix replayed through the spec; every INCONSISTENT comes
from an exact bound (2, 3) or the exhausted exact DP (4).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from metricoracle.consistency import _duality, _fastclass
from metricoracle.consistency._classdp import all_points, class_dp, matrix_from
from metricoracle.consistency._classvalues import (
    PER_CLASS_OK,
    ClassSpace,
    d_only,
    float_grids,
)
from metricoracle.consistency._keydp import DEFAULT_ROWS
from metricoracle.consistency._problem import Problem
from metricoracle.consistency._scores import Score, ScoreAverage
from metricoracle.consistency._setup import ZeroDivisionRule
from metricoracle.consistency._z3search import SearchResult

#: the DP tabulates exact Fractions per class point: skip it beyond this many.
MAX_DP_POINTS = 600_000


def classes_supported(problem: Problem) -> bool:
    """Whether :func:`macro_weighted` applies (one matrix, known supports, no ``nan`` rule)."""
    setup, hyp = problem.setup, problem.hypothesis
    if problem.per_fold or setup.supports is None or setup.binary:
        return False
    if hyp.zero_division is ZeroDivisionRule.NAN:
        return False
    for s in problem.scores:
        if d_only(s) or s.score is Score.BALANCED_ACCURACY:
            continue
        if s.score in PER_CLASS_OK and s.average in (ScoreAverage.MACRO,
                                                     ScoreAverage.WEIGHTED):
            continue
        return False
    return True


@dataclass
class _Coord:
    grids: list[np.ndarray]


def macro_weighted(problem: Problem, *, max_rows: int = DEFAULT_ROWS) -> SearchResult:
    """Decide a macro/weighted report on one K-class matrix exactly (module docstring)."""
    space = ClassSpace.build(problem)
    if not space.allowed.any():
        return SearchResult("unsat")
    front = _Front(space) if space.k >= 2 else None
    if front is None:
        points = all_points(space)
    else:
        fast = front.quick()
        if fast is not None:
            return fast
        reduced = front.reduce()
        if reduced is None:
            return SearchResult("unsat")
        points = reduced
    size = sum(len(d) for d, _ in points) * max(len(space.sums), 1)
    if size <= MAX_DP_POINTS:
        return class_dp(space, points, max_rows)
    if front is not None and front.search(seed=1):
        return SearchResult("sat", front.found)
    return SearchResult("unknown", reason=f"exact averaged DP: {size} per-class values "
                        f"exceed {MAX_DP_POINTS} (the fast passes did not decide)")


class _Front:
    """The float front ends over one space: witness searches and the duality passes."""

    def __init__(self, space: ClassSpace) -> None:
        problem, t, sums, fom = space.problem, space.t, space.sums, space.fom
        self.space = space
        # F of macro means ≥ the macro mean of per-class F (the weighted harmonic mean is
        # concave and homogeneous; with every support > 0 the per-class F from counts
        # equals F(p_k, r_k), 0 when d_k = 0), so "F of means ≤ hi" implies "mean of
        # F ≤ hi": a relaxed box on an extra coordinate, used by the duality passes only.
        relaxed = [(i, "value") for i, _, _ in fom if min(t) > 0]
        self.coords = [_Coord(g) for g in float_grids(space, sums + relaxed)]
        if not sums:  # Σd-only report: a dummy zero coordinate (only D and Hall matter)
            self.coords += [_Coord(g) for g in float_grids(space, [(-1, "zero")])]
        boxes_f = []
        self.boxes: list[tuple[int, Fraction, Fraction]] = []
        for j, (i, what) in enumerate(sums):
            if what == "value":
                iv = problem.intervals[i]
                boxes_f.append((j, float(iv.lo), float(iv.hi)))
                self.boxes.append((j, iv.lo, iv.hi))
        for extra_j, (i, _) in enumerate(relaxed):
            self.boxes.append((len(sums) + extra_j, Fraction(-1), problem.intervals[i].hi))
        self._fom_boxes()
        fom_f = [(pc, rc, float(problem.scores[i].beta ** 2), float(problem.intervals[i].lo),
                  float(problem.intervals[i].hi)) for i, pc, rc in fom]
        self.target = _fastclass.Target(boxes_f, fom_f)
        self.nsum = max(len(sums), 1)
        self.found: list[np.ndarray] = []

    def _fom_boxes(self) -> None:
        """Linear consequences of F = (1+β²)PR/(β²P+R) ∈ [lo, hi] for the duality passes.

        F is the weighted harmonic mean of P and R (1/F = a/P + b/R, a = 1/(1+β²),
        b = β²/(1+β²)), so F ≤ aP + bR (harmonic ≤ arithmetic), P ≥ a·F and R ≥ b·F.
        These hold whenever P + R > 0; at P = R = 0 the score is the 0/0 value, so they
        are used only when that value is not in the interval (or is 0, where lo ≤ 0 and
        they are trivially true)."""
        problem, fill = self.space.problem, self.space.fill
        for i, pc, rc in self.space.fom:
            iv = problem.intervals[i]
            if fill is not None and fill > 0 and iv.contains(fill):
                continue
            beta_sq = problem.scores[i].beta ** 2
            a, b = 1 / (1 + beta_sq), beta_sq / (1 + beta_sq)
            self.boxes += [(pc, a * iv.lo, Fraction(2)), (rc, b * iv.lo, Fraction(2))]
            pg, rg = self.coords[pc].grids, self.coords[rc].grids
            self.coords.append(_Coord([p + float(beta_sq) * r for p, r in zip(pg, rg,
                                                                           strict=True)]))
            self.boxes.append((len(self.coords) - 1, (1 + beta_sq) * iv.lo,
                               (1 + beta_sq) * 2))

    def _try(self, d: np.ndarray, c: np.ndarray) -> bool:
        matrix = matrix_from(self.space, d, c)
        if matrix is not None and all(self.space.problem.holds_exact([matrix])):
            self.found.append(matrix)
            return True
        return False

    def search(self, *, seed: int, restarts: int = 4, max_work: int = 40_000_000) -> bool:
        """Local search for a witness (replayed exactly)."""
        return _fastclass.local_search(self.space.t, self.space.allowed,
                                       self.coords[:self.nsum], self.target, self._try,
                                       seed=seed, restarts=restarts, max_work=max_work)

    def quick(self) -> SearchResult | None:
        """A short witness search, then exhaustive search for 2–3 classes."""
        if self.search(seed=0, restarts=1, max_work=1_000_000):
            return SearchResult("sat", self.found)
        small = _fastclass.enumerate_small(self.space.t, self.space.allowed,
                                           self.coords[:self.nsum], self.target, self._try)
        if small is not None:
            return SearchResult(small, self.found if small == "sat" else None)
        return None

    def reduce(self) -> list[tuple[np.ndarray, np.ndarray]] | None:
        """Per class the points left by reduced-cost fixing (None: a duality proof)."""
        space = self.space
        if not self.boxes:
            return all_points(space)
        pts = _duality.reduce_points(space.t, space.d_lo, space.d_hi, self.coords,
                                     self.boxes)
        if pts is None:
            return None
        return [(d.astype(np.int64), c.astype(np.int64)) for d, c, _ in pts]
