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
3. a witness from two matrices: with at most two distinct fold supports and small
   folds, every matrix of a fold is enumerated (as its (diagonal, column sums)) with
   float values, and pairs are searched whose mean (one matrix per fold type, or for
   one type a split m + (G − m)) lies in every interval — floats only steer, each
   candidate is replayed exactly;
4. a witness by combination: per distinct fold a pool of matrices whose values lie
   near the intervals (the exact class DP over the intervals widened by two accuracy
   steps, nearest the centre first), joined by the exact key search of
   :mod:`._keydp` over the folds.

Every CONSISTENT is replayed exactly through the spec (:meth:`Problem.holds_exact`).
When no pass decides, the result is UNKNOWN: the pools are not exhaustive, so the key
search finding nothing over them proves nothing.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency import _duality, _fastclass
from metricoracle.consistency._classdp import all_points, class_keys, key_columns, matrix_from
from metricoracle.consistency._classes import _Front
from metricoracle.consistency._classvalues import PER_CLASS_OK, ClassSpace, d_only, float_grids
from metricoracle.consistency._interval import Interval
from metricoracle.consistency._keydp import (
    DEFAULT_ROWS,
    Dim,
    KeyBudgetExceeded,
    accept_range,
    expand_ranges,
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
#: a fold's matrices are enumerated for the two-matrix search up to this many states.
MAX_STATES = 1_500_000
#: candidate pairs the two-matrix search filters (per split) and replays exactly.
PAIR_ROWS = 500_000
PAIR_REPLAYS = 200
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
    if len(distinct) <= 2:
        found = _two_matrices(problem, folds, distinct)
        if found is not None:
            return SearchResult("sat", found)
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


def _fold_d_range(problem: Problem, groups: int, n_f: int) -> tuple[int, int]:
    """Bounds on one fold's Σd from the accuracy-like scores: the mean of G per-fold
    accuracies D_g/N_g lies in I, and every other fold adds between 0 and 1, so
    G·lo − (G − 1) ≤ D/N_f ≤ G·hi (strict where I is open)."""
    d_lo, d_hi = 0, n_f
    for score, iv in zip(problem.scores, problem.intervals, strict=True):
        if not d_only(score):
            continue
        low = (groups * iv.lo - (groups - 1)) * n_f
        high = groups * iv.hi * n_f
        d_lo = max(d_lo, math.ceil(low) if iv.lo_closed else math.floor(low) + 1)
        d_hi = min(d_hi, math.floor(high) if iv.hi_closed else math.ceil(high) - 1)
    return d_lo, d_hi


def _duality_proof(problem: Problem, folds: list[Supports],
                   fronts: dict[Supports, _Front]) -> bool:
    """True when weak duality proves the relaxation (module docstring, pass 2) empty.

    A class's options are first narrowed by its fold's Σd bounds (:func:`_fold_d_range`):
    d_q ≥ D_lo − (N_f − t_q), since the other classes add at most N_f − t_q."""
    groups = len(folds)
    first = fronts[folds[0]]
    acc_like = [i for i, s in enumerate(problem.scores) if d_only(s)]
    ncoord = len(first.coords)

    def fold_grids(sup: Supports) -> list[list[np.ndarray]]:
        """Per coordinate, per class: the grid of one fold's options (divided by G)."""
        front, n_f = fronts[sup], sum(sup)
        d_lo, d_hi = _fold_d_range(problem, groups, n_f)
        out: list[list[np.ndarray]] = [[] for _ in range(ncoord + len(acc_like))]
        for q, tq in enumerate(sup):
            dd = np.arange(tq + 1, dtype=float)[:, None] + np.zeros(n_f + 1)
            mask = (np.isnan(front.coords[0].grids[q]) | (dd < d_lo - (n_f - tq))
                    | (dd > d_hi))
            for j in range(ncoord):
                out[j].append(np.where(mask, np.nan, front.coords[j].grids[q] / groups))
            for extra in range(len(acc_like)):
                out[ncoord + extra].append(np.where(mask, np.nan, dd / (groups * n_f)))
        return out

    per_fold = {sup: fold_grids(sup) for sup in fronts}  # folds of equal supports share
    coords: list[list[np.ndarray]] = [[g for sup in folds for g in per_fold[sup][j]]
                                      for j in range(ncoord + len(acc_like))]
    t_all = [tq for sup in folds for tq in sup]
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
        table = {f: np.stack([floor_keys([v[i] for _, v in pool], scales[i])
                              for i in range(len(scales))], axis=1)
                 for f, pool in pools.items()}  # once per distinct fold
        keys = [table[f] for f in folds]
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


def _fold_states(space: ClassSpace) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Every realisable (d, c) of one fold with the float value of each score, as
    (d rows, c rows, values), or None beyond ``MAX_STATES`` (states of partial sums
    included).  Realisable: Σc = N and the Hall condition r_k + s_k ≤ N − Σd."""
    t, total, k = space.t, space.total, space.k
    sums = space.sums
    grids = float_grids(space, sums)
    per = []
    for q in range(k):
        g = np.stack([grids[j][q] for j in range(len(sums))], axis=-1)
        dd, cc = np.nonzero(~np.isnan(g).any(axis=-1))
        per.append((dd, cc, g[dd, cc]))
    d = np.zeros((1, 0), dtype=np.int64)
    c = np.zeros((1, 0), dtype=np.int64)
    val = np.zeros((1, len(sums)))
    rest_min = [sum(int(p[1].min()) for p in per[q:]) for q in range(k)] + [0]
    for q, (dd, cc, vv) in enumerate(per):
        csum = c.sum(axis=1)
        ok = (csum[:, None] + cc[None, :] + rest_min[q + 1]) <= total
        if q == k - 1:
            ok &= (csum[:, None] + cc[None, :]) == total
        rows, cols = np.nonzero(ok)
        if len(rows) > MAX_STATES:
            return None
        d = np.concatenate([d[rows], dd[cols, None]], axis=1)
        c = np.concatenate([c[rows], cc[cols, None]], axis=1)
        val = val[rows] + vv[cols]
    tt = np.array(t, dtype=np.int64)
    hall = ((tt - d) + (c - d)).max(axis=1) <= total - d.sum(axis=1)
    d, c, val = d[hall], c[hall], val[hall]
    return d, c, _score_values(space, val, d.sum(axis=1))


def _score_values(space: ClassSpace, val: np.ndarray, dsum: np.ndarray) -> np.ndarray:
    """Per state the float value of every reported score (F of means from P and R,
    accuracy-like scores from Σd)."""
    problem = space.problem
    out = np.zeros((len(dsum), len(problem.scores)))
    for j, (i, what) in enumerate(space.sums):
        if what == "value":
            out[:, i] = val[:, j]
    for i, pc, rc in space.fom:
        b = float(problem.scores[i].beta ** 2)
        p, r = val[:, pc], val[:, rc]
        with np.errstate(divide="ignore", invalid="ignore"):
            out[:, i] = np.where(b * p + r > 0, (1 + b) * p * r / (b * p + r),
                                 float(space.fill or 0))
    for i, score in enumerate(problem.scores):
        if d_only(score):
            out[:, i] = dsum / space.total
    return out


def _two_matrices(problem: Problem, folds: list[Supports], distinct: list[Supports]
                  ) -> list[np.ndarray] | None:
    """Per-fold matrices using two distinct matrices at most (module docstring, pass 3)."""
    groups = len(folds)
    tables = {}
    for sup in distinct:
        space = ClassSpace.build(_fold_problem(problem, sup, tuple(
            Interval(Fraction(-1), Fraction(2)) for _ in problem.scores)))
        states = _fold_states(space)
        if states is None or len(states[0]) == 0:
            return None
        tables[sup] = (space, *states)
    lo = np.array([float(iv.lo) for iv in problem.intervals]) * groups
    hi = np.array([float(iv.hi) for iv in problem.intervals]) * groups
    if len(distinct) == 1:
        splits = [(m, groups - m) for m in range(1, groups)]
        first = second = distinct[0]
    else:
        first, second = distinct
        splits = [(folds.count(first), folds.count(second))]
    va = tables[first][3]
    vb = tables[second][3]
    axis = int(np.argmax([len(np.unique(vb[:, j])) for j in range(vb.shape[1])]))
    order = np.argsort(vb[:, axis], kind="stable")
    col = vb[order, axis]
    slack = 1e-9 * groups
    tried = 0
    for m, rest in splits:
        # b must lie in [(G·lo − m·a) / rest, (G·hi − m·a) / rest] in every score
        need_lo = (lo - m * va) / rest - slack
        need_hi = (hi - m * va) / rest + slack
        left = np.searchsorted(col, need_lo[:, axis], "left")
        counts = np.maximum(np.searchsorted(col, need_hi[:, axis], "right") - left, 0)
        upto = int(np.searchsorted(np.cumsum(counts), PAIR_ROWS, "right"))
        counts[upto:] = 0
        ia, pos = expand_ranges(left, counts)
        ib = order[pos]
        inside = ((vb[ib] >= need_lo[ia]) & (vb[ib] <= need_hi[ia])).all(axis=1)
        for a, b in zip(ia[inside].tolist(), ib[inside].tolist(), strict=True):
            found = _replay_pair(problem, folds, tables, first, a, second, b, m)
            tried += 1
            if found is not None:
                return found
            if tried >= PAIR_REPLAYS:
                return None
    return None


def _replay_pair(problem: Problem, folds: list[Supports], tables: dict[Supports, Any],
                 first: Supports, ia: int, second: Supports, ib: int, m: int
                 ) -> list[np.ndarray] | None:
    """The per-fold matrices of a candidate pair, if they replay exactly."""
    space_a, da, ca, _ = tables[first]
    space_b, db, cb, _ = tables[second]
    a = matrix_from(space_a, da[ia], ca[ia])
    b = matrix_from(space_b, db[ib], cb[ib])
    if a is None or b is None:
        return None
    if first == second:
        matrices = [a] * m + [b] * (len(folds) - m)
    else:
        matrices = [a if f == first else b for f in folds]
    return matrices if all(problem.holds_exact(matrices)) else None
