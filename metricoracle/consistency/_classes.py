"""Macro / weighted scores of one single-label K-class matrix with known supports, decided
exactly.

The report in per-class form (:mod:`._classvalues`): one point (d_k, c_k) per class, with
Σc = N, Σd in the set allowed by the Σd-only scores, the Hall condition of
:mod:`._classdp`, and the summed contributions in the reported boxes.  Engines, in order:

1. a short local search for a witness (:mod:`._fastclass`; replayed exactly);
2. exhaustive enumeration for 2–3 classes (:mod:`._fastclass`);
3. Lagrangian duality (:mod:`._duality`): a proof of INCONSISTENT, or else reduced-cost
   fixing, which removes every point that no fitting choice can use;
4. the exact completion of the quick search's nearest state (:mod:`._complete`): a
   witness for reports deep inside the reachable region, which duality cannot narrow;
5. the exact key DP (:mod:`._classdp`) over the surviving points: a proof either way;
6. only if the survivors are too many to tabulate (or the DP's row budget runs out), a
   longer local search.

Every CONSISTENT is an integer matrix replayed through the spec; every INCONSISTENT comes
from an exact bound (2, 3) or the exhausted exact DP (5).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from metricoracle.consistency import _complete, _duality, _fastclass
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
#: join rounds of each exact completion (:mod:`._complete`) in the quick pass.
COMPLETE_ROUNDS = 8
#: ... from at most this many starts (the nearest), which bounds the time an impossible
#: report spends here.
COMPLETE_STARTS = 2
#: ... started only from states within this distance of every box (absolute score units:
#: the joins move sums by a few thousandths; far states, e.g. of impossible reports whose
#: relaxation cannot get close, would only spend time).
COMPLETE_NEAR = 0.0075
#: the completion runs before duality when the quick search's nearest state is this close.
COMPLETE_FIRST = 0.002
#: ... and then for at most this many join rounds (the rest after the duality pass) ...
EARLY_ROUNDS = 4
#: ... ending at this many rounds in a row without progress: a consistent report's
#: descent keeps getting nearer (each stall tries a wider neighbourhood), an impossible
#: one's stalls at once (no pair within its box widths) and must reach its duality proof
#: quickly; the costliest neighbourhood (8 classes) is left to the full completion.
EARLY_PATIENCE = 2


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
        # The quick search ended within a few box widths of every box (4-decimal
        # extreme reports): complete its nearest state exactly first — cheaper than the
        # duality pass over every per-class point.  Far states (impossible reports whose
        # relaxation cannot get close) skip it and go to duality.
        # A short completion only (EARLY_ROUNDS per start, while it progresses): an
        # impossible report can also end near every box (e.g. macro F1 moved by +0.003),
        # and must reach its duality proof quickly; the full completion runs after duality.
        if front.near() and front.complete(rounds=EARLY_ROUNDS, patience=EARLY_PATIENCE):
            return SearchResult("sat", front.found)
        reduced = front.reduce()
        if reduced is None:
            return SearchResult("unsat")
        points = reduced
        # Duality neither proved nor pinned it down: the report lies inside the reachable
        # region, where a witness usually exists but the quick search (several narrow
        # boxes at once) missed it.  The exact completion of its nearest state runs
        # before the DP (after duality, so impossible reports that duality proves never
        # pay for it); the DP then decides what it can tabulate.
        if front.complete():
            return SearchResult("sat", front.found)
    size = sum(len(d) for d, _ in points) * max(len(space.sums), 1)
    reason = (f"exact averaged DP: {size} per-class values exceed {MAX_DP_POINTS} "
              "(the fast passes did not decide)")
    if size <= MAX_DP_POINTS:
        exact = class_dp(space, points, max_rows)
        if exact.status != "unknown" or front is None:
            return exact
        reason = exact.reason
    if front is not None and front.search(seed=1):
        return SearchResult("sat", front.found)
    return SearchResult("unknown", reason=reason)


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
        self.best = _fastclass.Best(keep=1)  # the quick search's nearest state

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
        """A short witness search, its exact completion, then exhaustive search for 2–3
        classes."""
        best = self.best
        if _fastclass.local_search(self.space.t, self.space.allowed, self.coords[:self.nsum],
                                   self.target, self._try, seed=0, restarts=1,
                                   max_work=1_000_000, best_out=best):
            return SearchResult("sat", self.found)
        small = _fastclass.enumerate_small(self.space.t, self.space.allowed,
                                           self.coords[:self.nsum], self.target, self._try)
        if small is not None:
            return SearchResult(small, self.found if small == "sat" else None)
        return None

    def near(self) -> bool:
        """Whether the quick search's nearest state lies within COMPLETE_FIRST of every box
        (absolute score units)."""
        best, space = self.best, self.space
        if not best.states or space.k <= 3:
            return False
        d, c = best.states[0][1], best.states[0][2]
        vec = sum(np.array([g.grids[q][d[q], c[q]] for g in self.coords[:self.nsum]])
                  for q in range(space.k))
        return (not np.isnan(vec).any()
                and _complete.excess(vec, self.target) <= COMPLETE_FIRST)

    def complete(self, *, rounds: int = COMPLETE_ROUNDS, patience: int = 5,
                 starts: int = COMPLETE_STARTS) -> bool:
        """Exact completion from the quick search's nearest state (4+ classes): at most
        ``rounds`` joins per start, ``patience`` of them in a row without progress."""
        best = self.best
        return bool(best.states and self.space.k > 3
                    and self._complete(best.states[0][1], best.states[0][2], rounds,
                                       patience, starts))

    def _complete(self, d: np.ndarray, c: np.ndarray, rounds: int, patience: int,
                  starts_kept: int) -> bool:
        """Exact completion (:mod:`._complete`) from float starts near (d, c): the relaxed
        large classes with the others as found and with the others perfect (extreme
        reports pile their errors on the large classes), then (d, c) itself."""
        space = self.space
        grids = [np.stack([g.grids[q] for g in self.coords[:self.nsum]], axis=-1)
                 for q in range(space.k)]
        t = np.array(space.t, dtype=np.int64)
        order = np.argsort(-t, kind="stable")
        starts = []
        for free in (5, 4):
            if free >= space.k:
                continue
            perfect_d, perfect_c = d.copy(), c.copy()
            small = order[free:]
            perfect_d[small], perfect_c[small] = t[small], t[small]
            big = int(order[0])
            if not space.allowed.all():
                shift = int(d.sum()) - int(perfect_d.sum())
                perfect_d[big] += shift
                perfect_c[big] += shift
            perfect_c[big] += space.total - int(perfect_c.sum())
            if 0 <= perfect_d[big] <= t[big] and perfect_c[big] >= perfect_d[big]:
                starts.append((perfect_d, perfect_c, free))
            starts.append((d, c, free))
        tries = [got for sd, sc, free in starts
                 if (got := _complete.relax(space.t, space.allowed, grids, self.target, sd,
                                            sc, free=free)) is not None]
        near = []
        for sd, sc in [*tries, (d, c)]:
            sums = sum(grids[q][sd[q], sc[q]] for q in range(space.k))
            if not np.isnan(sums).any():
                gap = _complete.excess(sums, self.target)
                if gap <= COMPLETE_NEAR:
                    near.append((gap, len(near), sd, sc))
        for _, _, sd, sc in sorted(near, key=lambda x: x[:2])[:starts_kept]:
            if _complete.complete(space.t, space.allowed, grids, self.target, sd, sc,
                                  self._try, rounds=rounds, patience=patience):
                return True
        return False

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
