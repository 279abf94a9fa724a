"""Mean of per-fold macro/weighted scores over K-class folds (one K×K matrix per fold).

The reported mean of a score is (1/G)·Σ_g v_g over the G = R·k fold matrices, and each
per-fold macro/weighted value is a sum over classes of per-class contributions
(:mod:`._classvalues`).  Three passes, each sound on its own:

1. a witness from each fold alone: if one matrix per distinct fold puts every score
   inside its reported interval, so does their mean (an interval is convex);
2. a proof of INCONSISTENT by Lagrangian duality (:mod:`._duality`) over all G·K
   (fold, class) groups at once: every contribution divided by G, accuracy-like scores
   as the per-class sums d/(G·N_g), and the fold couplings relaxed (Σc over all groups
   = Σ N_g instead of one equation per fold; the Hall condition of one group; the
   F-of-means consequences of :mod:`._classes` averaged over folds).  A relaxation can
   only admit more, so a negative bound proves that no per-fold matrices fit;
3. a witness by combination: per distinct fold a pool of matrices whose values lie
   near the intervals (the exact class DP over the intervals widened by two accuracy
   steps, nearest the centre first), joined by the exact key search of
   :mod:`._keydp` over the folds.

Every CONSISTENT is replayed exactly through the spec (:meth:`Problem.holds_exact`).
When no pass decides, the result is UNKNOWN: the pools are not exhaustive, so the key
search finding nothing over them proves nothing.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np

from metricoracle.consistency import _duality, _fastclass
from metricoracle.consistency._classdp import all_points, class_keys, key_columns
from metricoracle.consistency._classes import _Front
from metricoracle.consistency._classvalues import PER_CLASS_OK, ClassSpace, d_only
from metricoracle.consistency._interval import Interval
from metricoracle.consistency._keydp import (
    DEFAULT_ROWS,
    Dim,
    KeyBudgetExceeded,
    accept_range,
    floor_keys,
    layered_search,
    scale_for,
)
from metricoracle.consistency._problem import Problem
from metricoracle.consistency._scores import Score, ScoreAverage
from metricoracle.consistency._setup import Setup, ZeroDivisionRule
from metricoracle.consistency._z3search import SearchResult

#: the pools' intervals are widened by this many accuracy steps (1 / fold size) ...
POOL_STEPS = 2
#: ... and their DP keeps this many states per class, those nearest the target's centre
#: (a second, wider pass when the first pools do not combine),
POOL_BEAMS = (200, 800)
#: ... and returns at most this many matrices (per list: inside / on the boundary).
POOL_SIZE = 1000
#: the combination's beams (states kept per fold), tried in turn with finer keys.
COMBINE_BEAMS = (200, 600)
#: key rows the combination may generate (a witness search: its budget is small).
COMBINE_ROWS = 2_000_000

Supports = tuple[int, ...]


def classfolds_supported(problem: Problem) -> bool:
    """K-class folds (K ≥ 3), mean of per-fold scores, every class in every fold, and
    only scores that are sums over classes (macro/weighted P, R, F, Jaccard, specificity,
    NPV, balanced accuracy) besides accuracy-like ones; not the ``nan`` rule."""
    setup, hyp = problem.setup, problem.hypothesis
    if not problem.per_fold or setup.binary or setup.supports is None:
        return False
    if hyp.zero_division is ZeroDivisionRule.NAN:
        return False
    if any(min(f) == 0 for f in setup.fold_supports()):
        return False  # a class absent from a fold changes that fold's macro mean
    summed = False
    for s in problem.scores:
        if d_only(s):
            continue
        if s.score is Score.BALANCED_ACCURACY or (
                s.score in PER_CLASS_OK
                and s.average in (ScoreAverage.MACRO, ScoreAverage.WEIGHTED)):
            summed = True
            continue
        return False
    return summed


def _fold_problem(problem: Problem, supports: Supports,
                  intervals: tuple[Interval, ...] | None = None) -> Problem:
    """The same scores asked of one fold's matrix (single test set)."""
    hyp = dataclasses.replace(problem.hypothesis, aggregation=None)
    return Problem(Setup.multiclass(supports), problem.scores,
                   problem.intervals if intervals is None else intervals, hyp)


def mean_of_class_folds(problem: Problem, *, max_rows: int = DEFAULT_ROWS) -> SearchResult:
    """Decide a mean-of-folds K-class report (see the module docstring)."""
    folds = [tuple(f) for f in problem.matrix_supports() if f is not None]
    distinct = sorted(set(folds))
    fronts = {sup: _Front(ClassSpace.build(_fold_problem(problem, sup))) for sup in distinct}
    inside = _each_fold_inside(fronts)
    if inside is not None:
        matrices = [inside[f] for f in folds]
        if all(problem.holds_exact(matrices)):
            return SearchResult("sat", matrices)
    if _duality_proof(problem, folds, fronts):
        return SearchResult("unsat")
    result = SearchResult("unknown")
    for beam in POOL_BEAMS:
        pools = {sup: _pool(problem, sup, beam, max_rows) for sup in distinct}
        result = _combine(problem, folds, pools, max_rows)
        if result.status == "sat":
            break
    return result


def _each_fold_inside(fronts: dict[Supports, _Front]) -> dict[Supports, np.ndarray] | None:
    """One matrix per distinct fold with every score inside its interval, or None."""
    found = {}
    for sup, front in fronts.items():
        if not front.space.allowed.any():
            return None
        result = front.quick()
        if result is None or result.status != "sat":
            return None
        found[sup] = front.found[-1]
    return found


def _duality_proof(problem: Problem, folds: list[Supports],
                   fronts: dict[Supports, _Front]) -> bool:
    """True when weak duality proves the relaxation (module docstring, pass 2) empty."""
    groups = len(folds)
    first = fronts[folds[0]]
    acc_like = [i for i, s in enumerate(problem.scores) if d_only(s)]
    ncoord = len(first.coords)
    coords: list[list[np.ndarray]] = [[] for _ in range(ncoord + len(acc_like))]
    t_all: list[int] = []
    for sup in folds:
        front, n_f = fronts[sup], sum(sup)
        for q, tq in enumerate(sup):
            for j in range(ncoord):
                coords[j].append(front.coords[j].grids[q] / groups)
            dd = np.arange(tq + 1, dtype=float)[:, None] + np.zeros(n_f + 1)
            mask = np.isnan(front.coords[0].grids[q])
            for extra in range(len(acc_like)):
                coords[ncoord + extra].append(np.where(mask, np.nan, dd / (groups * n_f)))
        t_all += list(sup)
    boxes = list(first.boxes) + [(ncoord + extra, problem.intervals[i].lo,
                                  problem.intervals[i].hi)
                                 for extra, i in enumerate(acc_like)]
    grids = [_fastclass.Coord(g) for g in coords]
    return _duality.lagrangian_proof(t_all, 0, sum(t_all), grids, boxes)


def _pool(problem: Problem, supports: Supports, beam: int, max_rows: int
          ) -> list[tuple[np.ndarray, list[Fraction]]]:
    """Matrices of one fold whose scores lie near the reported intervals, with their exact
    per-fold values, one per value vector: the exact class DP (:mod:`._classdp`) over the
    intervals widened by ``POOL_STEPS`` accuracy steps, states nearest the centre first."""
    step = Fraction(POOL_STEPS, sum(supports))
    widened = tuple(Interval(iv.lo - step, iv.hi + step) for iv in problem.intervals)
    space = ClassSpace.build(_fold_problem(problem, supports, widened))
    build = class_keys(space, all_points(space)) if space.allowed.any() else None
    if build is None:
        return []
    keys, ms, dims, extra, to_matrices = build(0)
    try:
        certain, boundary, _ = layered_search(keys, ms, dims, extra, max_rows,
                                              beam=beam, key_cols=key_columns(space),
                                              limit=POOL_SIZE)
    except KeyBudgetExceeded:
        return []
    exact = _fold_problem(problem, supports)
    pool: dict[tuple[Fraction, ...], tuple[np.ndarray, list[Fraction]]] = {}
    for choice in certain + boundary:
        matrices = to_matrices(choice)
        if matrices is None:
            continue
        values = exact.values_exact(matrices)
        if all(isinstance(v, Fraction) for v in values):
            pool.setdefault(tuple(values), (matrices[0], values))  # type: ignore[arg-type]
    return list(pool.values())


def _combine(problem: Problem, folds: list[Supports],
             pools: dict[Supports, list[tuple[np.ndarray, list[Fraction]]]],
             max_rows: int) -> SearchResult:
    """A beam key search over one pooled matrix per fold (a witness or nothing)."""
    groups = len(folds)
    if any(not pools[f] for f in folds):
        return SearchResult("unknown", reason="mean of per-fold class scores: no fold "
                            "matrix near the reported values was found (no proof either)")
    targets = [iv.scaled(Fraction(groups)) for iv in problem.intervals]
    for refine, beam in enumerate(COMBINE_BEAMS):
        scales = [scale_for(iv.hi - iv.lo, groups, refine) for iv in targets]
        keys = [np.stack([floor_keys([v[i] for _, v in pools[f]], scales[i])
                          for i in range(len(scales))], axis=1) for f in folds]
        ms = [np.zeros(len(pools[f]), dtype=np.int64) for f in folds]
        dims = [Dim(*accept_range(iv, m), 1) for iv, m in zip(targets, scales, strict=True)]
        try:
            certain, boundary, _ = layered_search(keys, ms, dims, None,
                                                  min(max_rows, COMBINE_ROWS), beam=beam)
        except KeyBudgetExceeded:
            break
        for choice in certain + boundary:
            matrices = [pools[f][j][0] for f, j in zip(folds, choice, strict=True)]
            if all(problem.holds_exact(matrices)):
                return SearchResult("sat", matrices)
    return SearchResult("unknown", reason="mean of per-fold class scores: no combination of "
                        "the per-fold candidates fits and no proof was found")
