"""Fast front ends of the exact class engine (:func:`._classes.macro_weighted`).

Two quick passes, each sound on its own:

* :func:`local_search` looks for a witness: a greedy descent over the per-class
  (d_k, c_k) = (diagonal cell, column sum) with Σc = N and Σd in the set allowed by the
  Σd-only scores, guided by float values of the summed per-class contributions.  Floats
  only steer; a candidate becomes CONSISTENT only after :meth:`Problem.holds_exact`
  replays the integer matrix (built by an exact zero-diagonal transport).
* :func:`enumerate_small` settles two or three classes exhaustively (every near miss
  within a float margin far above rounding is replayed exactly).

The duality proof and the reduced-cost fixing live in :mod:`._duality`; when none of
them decides, the exact DP (:mod:`._classdp`) does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

_TOL = 1e-9
#: the search aims inside this fraction of each box (floats steer; the replay decides).
_INNER = 1 - 1e-6
#: cost of one unit of Hall violation (r_k + s_k > N − D) against the squared relative box
#: distance.  Large, so the descent stays among realisable (d, c): with narrow boxes
#: (4 decimals) a weight of 1 let the box terms win and the search ended in boxes hit by
#: unrealisable points only (extreme reports, where Hall is tight in every witness).
HALL_WEIGHT = 1e3


@dataclass
class Coord:
    """One summed coordinate: per-class float grids grids[k][d, c] of the contribution
    (NaN where the point is excluded)."""

    grids: list[np.ndarray]


@dataclass
class Best:
    """The lowest-objective states a search visited (floats: only a start for
    :mod:`._complete`, never a verdict), best first."""

    keep: int = 3
    states: list[tuple[float, np.ndarray, np.ndarray]] = field(default_factory=list)

    def note(self, value: float, d: np.ndarray, c: np.ndarray) -> None:
        if not np.isfinite(value):
            return
        if any((d == d2).all() and (c == c2).all() for _, d2, c2 in self.states):
            return
        if len(self.states) < self.keep or value < self.states[-1][0]:
            self.states.append((value, d.copy(), c.copy()))
            self.states.sort(key=lambda s: s[0])
            del self.states[self.keep:]


@dataclass
class Target:
    """What the search aims at: boxes on some coordinates, F-of-means on pairs, MCC."""

    boxes: list[tuple[int, float, float]]          # (coord, lo, hi)
    fom: list[tuple[int, int, float, float, float]]  # (P coord, R coord, beta², lo, hi)
    #: (numerator coord, Q/N² coord, S/N², 0/0 value (NaN: none), lo, hi); see mcc_value.
    mcc: list[tuple[int, int, float, float, float, float]] = field(default_factory=list)


def mcc_value(num: np.ndarray, q: np.ndarray, s_frac: float, fill: float) -> np.ndarray:
    """MCC = num / sqrt((1 − q)·(1 − S/N²)) from the summed coordinates num = (N·D − T)/N²
    and q = Q/N² (:mod:`._classvalues`); ``fill`` where the product is 0 (up to 1e-12),
    NaN where num or q is (an excluded point)."""
    den_sq = (1 - q) * (1 - s_frac)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(den_sq > 1e-12, num / np.sqrt(np.maximum(den_sq, 1e-300)), fill)
    return np.where(np.isnan(num) | np.isnan(q), np.nan, value)


def _score(s: np.ndarray, target: Target) -> np.ndarray:
    """Distance of summed values s (… × ncoord) to the target, relative to each width."""
    out = np.zeros(s.shape[:-1])
    for j, lo, hi in target.boxes:
        mid, half = (lo + hi) / 2, max((hi - lo) / 2, 1e-12)
        out += np.maximum(np.abs(s[..., j] - mid) / half - _INNER, 0) ** 2
    for pc, rc, b, lo, hi in target.fom:
        p, r = s[..., pc], s[..., rc]
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(b * p + r > 0, (1 + b) * p * r / (b * p + r), 0.0)
        mid, half = (lo + hi) / 2, max((hi - lo) / 2, 1e-12)
        out += np.maximum(np.abs(f - mid) / half - _INNER, 0) ** 2
    for nc, qc, sf, fill, lo, hi in target.mcc:
        f = mcc_value(s[..., nc], s[..., qc], sf, fill)
        mid, half = (lo + hi) / 2, max((hi - lo) / 2, 1e-12)
        out += np.maximum(np.abs(f - mid) / half - _INNER, 0) ** 2
    return out


def mcc_near(num: np.ndarray, q: np.ndarray, spec: tuple[int, int, float, float, float, float]
             ) -> np.ndarray:
    """Float sums whose MCC may lie in [lo, hi] (a superset, for exhaustive passes).

    The sums carry absolute errors far below 1e-14; where (1 − q)(1 − S/N²) ≤ 1e-9 MCC is
    too ill-conditioned in floats and the point is kept, elsewhere the MCC error is below
    2e-14 / den_sq, so a tolerance of 1e-9 + 1e-12 / den_sq keeps every true member."""
    _, _, sf, _, lo, hi = spec
    den_sq = (1 - q) * (1 - sf)
    safe = np.maximum(den_sq, 1e-9)
    f = num / np.sqrt(safe)
    tol = 1e-9 + 1e-12 / safe
    return (den_sq <= 1e-9) | ((f >= lo - tol) & (f <= hi + tol))


def local_search(t: list[int], allowed: np.ndarray, coords: list[Coord], target: Target,
                 try_witness: Callable[[np.ndarray, np.ndarray], bool], *,
                 max_steps: int = 3000, restarts: int = 4, kicks: int = 30,
                 max_work: int = 40_000_000, seed: int = 0, best_out: Best | None = None,
                 start_d: int | None = None) -> bool:
    """Iterated greedy descent (random kicks at local minima, a few restarts); True once
    ``try_witness`` accepted a state.  Deterministic (seeded).  ``best_out`` collects the
    closest states visited (the start of the exact completion, :mod:`._complete`).
    ``start_d``: the Σd of the first start (the nearest allowed one; default the middle
    one)."""
    k, total = len(t), sum(t)
    tt = np.array(t, dtype=np.int64)
    dvals = np.flatnonzero(allowed)
    if len(dvals) == 0 or k < 2:
        return False
    rng = np.random.default_rng(seed)
    grids = [np.stack([c.grids[q] for c in coords], axis=-1) for q in range(k)]
    ncoord = len(coords)
    pairs = np.array([(i, j) for i in range(k) for j in range(k) if i != j], dtype=np.int64)
    steps = np.array([1, 2, 4, 8, 16, 32, 64], dtype=np.int64)
    # pair moves (dd, dc) on class i, the negation on class j (Σd, Σc unchanged); single
    # moves d_i ± δ (Σd changes: kept only when the new Σd is allowed).
    kinds = np.array([(1, 0), (0, 1), (1, 1), (1, -1)], dtype=np.int64)
    per = len(kinds) * len(steps)
    mi = np.concatenate([np.repeat(pairs[:, 0], per), np.repeat(np.arange(k), 2 * len(steps))])
    mj = np.concatenate([np.repeat(pairs[:, 1], per), np.full(2 * k * len(steps), -1)])
    kk = np.tile(np.repeat(np.arange(len(kinds)), len(steps)), len(pairs))
    st = np.tile(steps, len(pairs) * len(kinds))
    single = np.tile(np.concatenate([steps, -steps]), k)
    mdd = np.concatenate([kinds[kk, 0] * st, single])
    mdc = np.concatenate([kinds[kk, 1] * st, np.zeros(len(single), np.int64)])
    jd = np.where(mj >= 0, -mdd, 0)
    jc = np.where(mj >= 0, -mdc, 0)
    dshift = np.where(mj >= 0, 0, mdd)
    mj_safe = np.where(mj >= 0, mj, 0)
    nmoves = len(mi)
    # (a sweep point costs about an eighth of a greedy move: no Python per move)
    sweep_cost = max(sum(t[i] * total for i in range(k)) * (k - 1) // 16, 50_000)
    work = 0

    # all classes' grids in one flat table: row offset[q] + d·(N+1) + c.
    flat = np.concatenate([g.reshape(-1, ncoord) for g in grids])
    offset = np.concatenate([[0], np.cumsum([(tq + 1) * (total + 1) for tq in t])[:-1]])

    def values(q: np.ndarray, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        ok = (d >= 0) & (d <= tt[q]) & (c >= d) & (c - d <= total - tt[q])
        idx = np.where(ok, offset[q] + d * (total + 1) + c, 0)
        out = flat[idx]
        out[~ok] = np.nan
        return out

    def value(q: int, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        return values(np.full(len(d), q), d, c)

    def objective(s: np.ndarray, d: np.ndarray, c: np.ndarray) -> float:
        over = np.maximum((tt - d) + (c - d) - (total - int(d.sum())), 0).sum()
        return float(_score(s, target)) + HALL_WEIGHT * float(over)

    def rescore() -> float:
        """The objective of the current state (d, c, cur), noted for the caller."""
        value = objective(cur.sum(axis=0), d, c)
        if best_out is not None:
            best_out.note(value, d, c)
        return value

    def take(sweep: tuple[int, int, int, int, int, int]) -> float:
        """Apply a two-class re-split to the current state and rescore it."""
        i, j, di, ci, dj, cj = sweep
        d[i], c[i], d[j], c[j] = di, ci, dj, cj
        cur[i], cur[j] = grids[i][di, ci], grids[j][dj, cj]
        return rescore()

    if start_d is not None:
        start_d = int(dvals[np.argmin(np.abs(dvals - start_d))])
    for attempt in range(restarts):
        if attempt == 0:
            dsum = int(dvals[len(dvals) // 2]) if start_d is None else start_d
        else:
            dsum = int(rng.choice(dvals))
        share = tt * dsum / total
        d = np.minimum(np.floor(share).astype(np.int64), tt)
        while d.sum() < dsum:
            free = np.flatnonzero(d < tt)
            d[free[np.argmax((share - d)[free])]] += 1
        c = tt.copy()
        if attempt:
            c = np.maximum(rng.multinomial(total, np.full(k, 1 / k)).astype(np.int64), d)
            while c.sum() > total:
                extra = np.flatnonzero(c > d)
                c[extra[rng.integers(len(extra))]] -= 1
        cur = np.stack([value(q, d[q:q + 1], c[q:q + 1])[0] for q in range(k)])
        if np.isnan(cur).any():
            continue
        best = rescore()
        kicked = 0
        for _ in range(max_steps):
            work += nmoves
            if work > max_work:
                return False
            if best == 0.0:
                if try_witness(d.copy(), c.copy()):
                    return True
                best = np.inf  # replay refused: kick away from this state
            nd_i, nc_i = d[mi] + mdd, c[mi] + mdc
            nd_j, nc_j = d[mj_safe] + jd, c[mj_safe] + jc
            vi = values(mi, nd_i, nc_i)
            vj = np.where((mj >= 0)[:, None], values(mj_safe, nd_j, nc_j) - cur[mj_safe], 0.0)
            s = cur.sum(axis=0)
            ns = s + vi - cur[mi] + vj
            cand = _score(ns, target)
            new_dsum = int(d.sum()) + dshift
            ok_d = allowed[np.clip(new_dsum, 0, total)] & (new_dsum >= 0) & (new_dsum <= total)
            slack = total - new_dsum
            base = (tt - d) + (c - d)
            over_all = base[None, :] - slack[:, None]
            rows = np.arange(nmoves)
            over_all[rows, mi] = (tt[mi] - nd_i) + (nc_i - nd_i) - slack
            two = mj >= 0
            over_all[rows[two], mj[two]] = ((tt[mj[two]] - nd_j[two]) + (nc_j[two] - nd_j[two])
                                           - slack[two])
            cand = cand + HALL_WEIGHT * np.maximum(over_all, 0).sum(axis=1)
            cand[np.isnan(cand) | ~ok_d] = np.inf
            if best < np.inf:
                pick = int(np.argmin(cand))
                improved = cand[pick] < best - 1e-15
                if improved and cand[pick] > 0 and best < 1.0 and work + sweep_cost <= max_work:
                    # close to the box: an exhaustive two-class re-split hits it sooner
                    # than many tiny greedy steps.
                    work += sweep_cost
                    sweep = _pair_sweep(t, d, c, cur, grids, target, float(cand[pick]))
                    if sweep is not None:
                        best = take(sweep)
                        continue
            else:
                improved = False
            if not improved:
                work += sweep_cost
                sweep = (_pair_sweep(t, d, c, cur, grids, target, best) if work <= max_work
                         else None)
                if sweep is not None:
                    best = take(sweep)
                    continue
                if kicked >= kicks:
                    break
                kicked += 1
                finite = np.flatnonzero(np.isfinite(cand))
                if len(finite) == 0:
                    break
                pick = int(rng.choice(finite))
            i, j = int(mi[pick]), int(mj[pick])
            d[i], c[i] = nd_i[pick], nc_i[pick]
            cur[i] = vi[pick]
            if j >= 0:
                d[j], c[j] = nd_j[pick], nc_j[pick]
                cur[j] = cur[j] + vj[pick]
            best = rescore()
    return False


def _pair_sweep(t: list[int], d: np.ndarray, c: np.ndarray, cur: np.ndarray,
                grids: list[np.ndarray], target: Target, best: float
                ) -> tuple[int, int, int, int, int, int] | None:
    """The best re-split of (d, c) between two classes (Σd, Σc kept), over every pair."""
    k, total = len(t), sum(t)
    slack = total - int(d.sum())
    s = cur.sum(axis=0)
    base_over = np.maximum((np.array(t) - d) + (c - d) - slack, 0)
    top: tuple[float, tuple[int, int, int, int, int, int] | None] = (best, None)
    for i in range(k):
        for j in range(i + 1, k):
            dsum, csum = int(d[i] + d[j]), int(c[i] + c[j])
            gi = grids[i]
            di, ci = np.meshgrid(np.arange(gi.shape[0]), np.arange(gi.shape[1]), indexing="ij")
            dj, cj = dsum - di, csum - ci
            ok = ((dj >= 0) & (dj <= t[j]) & (cj >= dj) & (cj - dj <= total - t[j])
                  & ~np.isnan(gi[..., 0]))
            ok &= ((t[i] - di) + (ci - di) <= slack) & ((t[j] - dj) + (cj - dj) <= slack)
            if not ok.any():
                continue
            di, ci, dj, cj = di[ok], ci[ok], dj[ok], cj[ok]
            ns = s - cur[i] - cur[j] + gi[di, ci] + grids[j][dj, cj]
            obj = _score(ns, target) + HALL_WEIGHT * float(base_over.sum() - base_over[i]
                                                        - base_over[j])
            obj[np.isnan(obj)] = np.inf
            pick = int(np.argmin(obj))
            if obj[pick] < top[0] - 1e-15:
                top = (float(obj[pick]), (i, j, int(di[pick]), int(ci[pick]), int(dj[pick]),
                                          int(cj[pick])))
    return top[1]


def near_target(s: np.ndarray, target: Target, eps: float = _TOL) -> np.ndarray:
    """Float sums (rows of s) that may meet the target: every box widened by ``eps``
    (far above the float error of the sums), F-of-means likewise, MCC by
    :func:`mcc_near`: a superset of the exactly fitting ones (the exhaustive passes)."""
    near = ~np.isnan(s).any(axis=1)
    for j, lo, hi in target.boxes:
        near &= (s[:, j] >= lo - eps) & (s[:, j] <= hi + eps)
    for pc, rc, b, lo, hi in target.fom:
        p, r = s[:, pc], s[:, rc]
        den = b * p + r
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(den > eps, (1 + b) * p * r / den, np.nan)
        near &= (den <= eps) | ((f >= lo - eps) & (f <= hi + eps))
    for spec in target.mcc:
        near &= mcc_near(s[:, spec[0]], s[:, spec[1]], spec)
    return near


def enumerate_small(t: list[int], allowed: np.ndarray, coords: list[Coord], target: Target,
                    try_witness: Callable[[np.ndarray, np.ndarray], bool], *,
                    max_work: int = 30_000_000, replays: int = 400) -> str | None:
    """Exhaustive search for two or three classes: every (d, c) of the first classes, the
    last class fixed by Σd = D and Σc = N.  Every choice whose float sums lie within
    1e-9 of the target (far above float rounding) is replayed exactly; so "unsat" (no
    such choice, or all of them refused by the replay) is a proof, "sat" has a replayed
    witness, None: too large (or too many near misses)."""
    k, total = len(t), sum(t)
    if k not in (2, 3):
        return None
    dvals = np.flatnonzero(allowed)
    ncoord = len(coords)
    last = k - 1
    pts = []
    for q in range(k - 1):
        g = np.stack([c.grids[q] for c in coords], axis=-1) if ncoord else None
        dd, cc = np.meshgrid(np.arange(t[q] + 1), np.arange(total + 1), indexing="ij")
        ok = (cc >= dd) & (cc - dd <= total - t[q])
        if g is not None:
            ok &= ~np.isnan(g).any(axis=-1)
        pts.append((dd[ok], cc[ok], g[ok] if g is not None else np.zeros((ok.sum(), 0))))
    if k == 3:
        da, ca, va = pts[0]
        db, cb, vb = pts[1]
        n_a, n_b = len(da), len(db)
    else:
        da, ca, va = pts[0]
        n_a, n_b = len(da), 1
    if n_a == 0 or n_b == 0:  # some class has no (d, c) with every coordinate defined
        return "unsat"
    if n_a * n_b * len(dvals) > max_work:
        return None
    glast = (np.stack([c.grids[last] for c in coords], axis=-1) if ncoord
             else np.zeros((t[last] + 1, total + 1, 0)))
    tl = t[last]
    tt = np.array(t)
    seen = 0
    chunk = max(1, 2_000_000 // max(n_b, 1))
    for dsum in dvals.tolist():
        slack = total - dsum
        for start in range(0, n_a, chunk):
            sa = slice(start, start + chunk)
            if k == 3:
                d0 = np.repeat(da[sa], n_b)
                c0 = np.repeat(ca[sa], n_b)
                v0 = np.repeat(va[sa], n_b, axis=0)
                m = len(d0) // n_b
                d1, c1 = np.tile(db, m), np.tile(cb, m)
                v = v0 + np.tile(vb, (m, 1))
                used_d, used_c = d0 + d1, c0 + c1
                hall = ((tt[0] - d0) + (c0 - d0) <= slack) & ((tt[1] - d1) + (c1 - d1) <= slack)
            else:
                d0, c0, v = da[sa], ca[sa], va[sa]
                d1 = c1 = None
                used_d, used_c = d0, c0
                hall = (tt[0] - d0) + (c0 - d0) <= slack
            dl, cl = dsum - used_d, total - used_c
            ok = hall & (dl >= 0) & (dl <= tl) & (cl >= dl) & (cl - dl <= total - tl)
            ok &= (tl - dl) + (cl - dl) <= slack
            idx = np.flatnonzero(ok)
            if len(idx) == 0:
                continue
            s = v[idx] + glast[dl[idx], cl[idx]]
            near = near_target(s, target)
            for pos in np.flatnonzero(near).tolist():
                seen += 1
                if seen > replays:
                    return None
                i = int(idx[pos])
                if k == 3:
                    d = np.array([d0[i], d1[i], dl[i]], dtype=np.int64)
                    c = np.array([c0[i], c1[i], cl[i]], dtype=np.int64)
                else:
                    d = np.array([d0[i], dl[i]], dtype=np.int64)
                    c = np.array([c0[i], cl[i]], dtype=np.int64)
                if try_witness(d, c):
                    return "sat"
    return "unsat"
