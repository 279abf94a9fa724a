"""Exact search over sums of per-group points (the engine behind the averaged checks).

Both averaged problems (means of per-fold binary scores, :mod:`._folds`; macro/weighted
scores of one K-class matrix, :mod:`._classes`) have the same shape: pick one point from
each of G finite groups so that the SUM over the groups of per-point score vectors lies in
a box.  This module decides that exactly.

Every score value of every point is an exact Fraction v; the search keys are the integers
⌊v·M⌋ (M per score), so the key of a choice is the sum of its points' keys and the true
sum·M lies in [key, key + G] (each floor loses < 1).  Exact integer quantities (Σc, Σd)
are keys with no error.  The set of reachable keys is computed EXACTLY, layer by layer
over the groups (numpy, deduplicated; one representative choice per key, kept through
back-pointers), pruned by what the remaining groups can add (per key coordinate their
exact minimum and maximum).  The last group is joined by a sorted range search.  A final
key whose error box lies outside the target box proves that no choice with that key fits;
one whose error box lies inside proves every such choice fits.  So: no surviving key →
INCONSISTENT (a proof); a representative replayed exactly through the spec
(:meth:`Problem.holds_exact`) → CONSISTENT; keys only on the boundary of the box and no
replay passing → the scale M is refined and the search repeated, and only if that does
not settle it (or the row budget runs out) UNKNOWN with the reason.  A per-point resource
m is max-combined and per key only the smallest m is kept (an exact dominance rule: the
caller's ``extra`` test must be monotone in m).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._interval import Interval
from metricoracle.consistency._problem import Problem
from metricoracle.consistency._surd import Surd
from metricoracle.consistency._z3search import SearchResult

#: Default budget: key rows generated over all layers (each row is a few int64s).
DEFAULT_ROWS = 30_000_000
_CHUNK = 1_000_000
_MAX_KEY = 2**40
_REPLAYS = 400


class KeyBudgetExceeded(Exception):
    """The row budget ran out (or a boundary tie could not be settled)."""


@dataclass
class Dim:
    """One key coordinate: integer acceptance range [low, high] of the total, error per group."""

    low: int | None
    high: int | None
    err: int


def accept_range(interval: Interval, scale: int) -> tuple[int, int]:
    """Integers x with x/scale ∈ interval, as [low, high] (also the 'certain' range)."""
    lo, hi = interval.lo * scale, interval.hi * scale
    low = -((-lo.numerator) // lo.denominator) if interval.lo_closed else lo.__floor__() + 1
    high = hi.__floor__() if interval.hi_closed else -((-hi.numerator) // hi.denominator) - 1
    return low, high


def scale_for(width: Fraction, groups: int, refine: int) -> int:
    """M with groups/M ≤ 2·width at first (coarse keys merge many choices, which is what
    makes the DP fast), then ×32 per refinement; capped to keep int64 sums safe."""
    if width <= 0:
        return _MAX_KEY // max(groups, 1)
    m = 1
    while Fraction(groups, m) > 2 * width:
        m *= 2
    return min(m * 32**refine, _MAX_KEY // max(groups, 1))


def floor_keys(values: list[Fraction] | list[Surd], scale: int) -> np.ndarray:
    """⌊v·scale⌋ for every exact value (Fractions, or surds such as a fold's MCC)."""
    return np.array([v.floor_scaled(scale) if isinstance(v, Surd)
                     else (v.numerator * scale) // v.denominator for v in values],
                    dtype=np.int64)


def expand_ranges(start: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every position of the ranges [start_i, start_i + counts_i), range by range, as
    (i, position) arrays (the lookups of a sorted-table join)."""
    owner = np.repeat(np.arange(len(counts)), counts)
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(start, counts) + offsets


Extra = Callable[[np.ndarray, np.ndarray, np.ndarray, bool], tuple[np.ndarray, np.ndarray]]


def layered_search(keys: list[np.ndarray], ms: list[np.ndarray], dims: list[Dim],
                    extra: Extra | None, max_rows: int, *, beam: int | None = None,
                    key_cols: list[int] | None = None, limit: int = _REPLAYS
                    ) -> tuple[list[list[int]], list[list[int]], bool]:
    """All reachable final keys that may fit, as (certain, boundary) lists of choices.

    ``keys[g]`` is (n_g × D) int64, ``ms[g]`` the resource of each point (max-combined).
    Returns two lists of choices (one point index per group): those whose whole error box
    is inside the target (certain) and those on its boundary.  Raises KeyBudgetExceeded on budget.

    ``beam``: keep only that many states per layer, those nearest the centre of the
    target (a fast witness attempt; its "nothing found" proves nothing and is not used
    as a proof).  ``key_cols``: the columns that determine a state (others are implied).
    ``limit``: the most choices returned in each list.
    """
    groups = len(keys)
    ndim = len(dims)
    err = np.array([d.err for d in dims], dtype=np.int64) * groups
    low = np.array([d.low if d.low is not None else -(2**62) for d in dims], dtype=np.int64)
    high = np.array([d.high if d.high is not None else 2**62 for d in dims], dtype=np.int64)
    mins = [k.min(axis=0) if len(k) else None for k in keys]
    maxs = [k.max(axis=0) if len(k) else None for k in keys]
    if any(x is None for x in mins):
        return [], [], False
    rest_min = [np.sum(mins[g:], axis=0) for g in range(groups)] + [np.zeros(ndim, np.int64)]
    rest_max = [np.sum(maxs[g:], axis=0) for g in range(groups)] + [np.zeros(ndim, np.int64)]

    state = np.zeros((1, ndim), dtype=np.int64)
    state_m = np.zeros(1, dtype=np.int64)
    backs: list[tuple[np.ndarray, np.ndarray]] = []
    rows = 0
    for g in range(groups - 1):
        gk, gm = keys[g], ms[g]
        n = len(gk)
        per = max(1, _CHUNK // n)
        kept_k, kept_m, kept_prev, kept_pt = [], [], [], []
        for start in range(0, len(state), per):
            block = state[start:start + per]
            rows += len(block) * n
            if rows > max_rows:
                raise KeyBudgetExceeded(f"more than {max_rows} key rows (raise Budget.max_rows)")
            cand = (block[:, None, :] + gk[None, :, :]).reshape(-1, ndim)
            cm = np.maximum(state_m[start:start + per, None], gm[None, :]).reshape(-1)
            prev = np.repeat(np.arange(start, start + len(block)), n)
            pt = np.tile(np.arange(n), len(block))
            lo_b = cand + rest_min[g + 1]
            hi_b = cand + rest_max[g + 1] + err
            ok = ((hi_b >= low) & (lo_b <= high)).all(axis=1)
            if extra is not None:
                bad, _ = extra(lo_b, hi_b, cm, False)
                ok &= ~bad
            kept_k.append(cand[ok])
            kept_m.append(cm[ok])
            kept_prev.append(prev[ok])
            kept_pt.append(pt[ok])
        cand = np.concatenate(kept_k)
        cm = np.concatenate(kept_m)
        prev = np.concatenate(kept_prev)
        pt = np.concatenate(kept_pt)
        if len(cand) == 0:
            return [], [], False
        # dedupe: per key the smallest resource m (exact dominance), one back-pointer.
        cols = cand if key_cols is None else cand[:, key_cols]
        order = np.lexsort((cm, *cols.T[::-1]))
        cand, cm, prev, pt, cols = cand[order], cm[order], prev[order], pt[order], cols[order]
        first = np.ones(len(cand), dtype=bool)
        first[1:] = (cols[1:] != cols[:-1]).any(axis=1)
        state, state_m, prev, pt = cand[first], cm[first], prev[first], pt[first]
        if beam is not None and len(state) > beam:
            mid = state + (rest_min[g + 1] + rest_max[g + 1]) // 2
            bounded = (low > -(2**62)) & (high < 2**62)
            centre = (low + high) // 2
            spread = np.maximum(high - low + err, 1)
            dist = (np.abs(mid - centre) / spread)[:, bounded].sum(axis=1)
            pick = np.argsort(dist, kind="stable")[:beam]
            state, state_m, prev, pt = state[pick], state_m[pick], prev[pick], pt[pick]
        backs.append((prev, pt))

    # join with the last group by a range search on coordinate 0.
    last, last_m = keys[-1], ms[-1]
    order = np.argsort(last[:, 0], kind="stable")
    col = last[order, 0]
    need_lo = low[0] - err[0] - state[:, 0]
    need_hi = high[0] - state[:, 0]
    left = np.searchsorted(col, need_lo, side="left")
    right = np.searchsorted(col, need_hi, side="right")
    counts = np.maximum(right - left, 0)
    rows += int(counts.sum())
    if rows > max_rows:
        raise KeyBudgetExceeded(f"more than {max_rows} key rows (raise Budget.max_rows)")
    sidx, pos = expand_ranges(left, counts)
    pidx = order[pos]
    total = state[sidx] + last[pidx]
    tm = np.maximum(state_m[sidx], last_m[pidx])
    lo_b, hi_b = total, total + err
    possible = ((hi_b >= low) & (lo_b <= high)).all(axis=1)
    certain = ((lo_b >= low) & (hi_b <= high)).all(axis=1)
    if extra is not None:
        bad, sure = extra(lo_b, hi_b, tm, True)
        possible &= ~bad
        certain &= sure
    certain &= possible

    def path(i: int) -> list[int]:
        choice = [int(pidx[i])]
        s = int(sidx[i])
        for prev_arr, pt_arr in reversed(backs):
            choice.append(int(pt_arr[s]))
            s = int(prev_arr[s])
        return choice[::-1]

    sure_idx = np.flatnonzero(certain)[:limit]
    boundary = np.flatnonzero(possible & ~certain)
    more = len(boundary) > limit
    return [path(i) for i in sure_idx], [path(i) for i in boundary[:limit]], more


def run_refined(problem: Problem, build: Callable[[int], Any], max_rows: int,
         key_cols: list[int] | None = None) -> SearchResult:
    """Refinement loop: build(refine) → (keys, ms, dims, extra, to_matrices).

    First a beam pass (a cheap witness attempt), then the exact passes."""
    keys, ms, dims, extra, to_matrices = build(1)
    try:
        certain, boundary, _ = layered_search(keys, ms, dims, extra, max_rows, beam=300,
                                               key_cols=key_cols)
    except KeyBudgetExceeded:
        certain, boundary = [], []
    for choice in certain + boundary:
        matrices = to_matrices(choice)
        if matrices is not None and all(problem.holds_exact(matrices)):
            return SearchResult("sat", matrices)
    for refine in range(4):
        keys, ms, dims, extra, to_matrices = build(refine)
        try:
            certain, boundary, more = layered_search(keys, ms, dims, extra, max_rows,
                                                      key_cols=key_cols)
        except KeyBudgetExceeded as exc:
            return SearchResult("unknown", reason=f"exact averaged DP: {exc}")
        for choice in certain + boundary:
            matrices = to_matrices(choice)
            if matrices is not None and all(problem.holds_exact(matrices)):
                return SearchResult("sat", matrices)
        if not certain and not boundary:
            return SearchResult("unsat")
        if certain:
            # a key whose whole error box fits must replay; never guess otherwise.
            return SearchResult("unknown", reason="exact averaged DP: replay disagreed")
        del more  # boundary keys only: refine the scale
    return SearchResult("unknown", reason="exact averaged DP: keys on the interval boundary "
                        "not settled by refining the scale")
