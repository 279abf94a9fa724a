"""Fast front ends of the exact class engine (:func:`._averaged.macro_weighted`).

Two quick passes run before the exact dynamic programme, each sound on its own:

* :func:`local_search` looks for a witness: a greedy descent over the per-class
  (d_k, c_k) = (diagonal cell, column sum) with Σc = N and Σd in the set allowed by the
  Σd-only scores, guided by float values of the summed per-class contributions.  Floats
  only steer; a candidate becomes CONSISTENT only after :meth:`Problem.holds_exact`
  replays the integer matrix (built by an exact zero-diagonal transport).
* :func:`lagrangian_proof` looks for a proof of INCONSISTENT: for a direction ν over the
  summed coordinates and multipliers (λ, μ) of Σc = N and Σd = D,
      max ν·S  ≤  λN + max_D μD + Σ_k max_{(d,c) ∈ P_k} [ν·g_k(d,c) − λc − μd]
  (weak duality: every feasible choice is one point per class).  If that bound is below
  the minimum of ν·S over the target box, no matrix fits.  The per-class maxima are
  taken over every point of P_k (the Hall condition only removes points, so ignoring it
  keeps the bound valid; points that violate r+s ≤ N − d_lo are dropped since they are
  infeasible for every allowed D).  Each per-class maximum is found in floats and
  raised by a margin of 1e-9 × (its scale), far above float rounding (a few operations
  on values < 2^20), so the bound is a rational number ≥ the true bound and the
  comparison with the box is exact.

Neither pass is complete: when both fail, the exact DP decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

_TOL = 1e-9
#: the search aims inside this fraction of each box (floats steer; the replay decides).
_INNER = 1 - 1e-6


@dataclass
class Coord:
    """One summed coordinate: per-class float grids grids[k][d, c] of the contribution
    (NaN where the point is excluded)."""

    grids: list[np.ndarray]


@dataclass
class Target:
    """What the search aims at: boxes on some coordinates, F-of-means on pairs."""

    boxes: list[tuple[int, float, float]]          # (coord, lo, hi)
    fom: list[tuple[int, int, float, float, float]]  # (P coord, R coord, beta², lo, hi)


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
    return out


def local_search(t: list[int], allowed: np.ndarray, coords: list[Coord], target: Target,
                 try_witness: Callable[[np.ndarray, np.ndarray], bool], *,
                 max_steps: int = 3000, restarts: int = 4, kicks: int = 30,
                 max_work: int = 40_000_000, seed: int = 0) -> bool:
    """Iterated greedy descent (random kicks at local minima, a few restarts); True once
    ``try_witness`` accepted a state.  Deterministic (seeded)."""
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
        return float(_score(s, target)) + float(over)

    for attempt in range(restarts):
        dsum = int(dvals[len(dvals) // 2]) if attempt == 0 else int(rng.choice(dvals))
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
        best = objective(cur.sum(axis=0), d, c)
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
            cand = cand + np.maximum(over_all, 0).sum(axis=1)
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
                        i, j, di, ci, dj, cj = sweep
                        d[i], c[i], d[j], c[j] = di, ci, dj, cj
                        cur[i], cur[j] = grids[i][di, ci], grids[j][dj, cj]
                        best = objective(cur.sum(axis=0), d, c)
                        continue
            else:
                improved = False
            if not improved:
                work += sweep_cost
                sweep = (_pair_sweep(t, d, c, cur, grids, target, best) if work <= max_work
                         else None)
                if sweep is not None:
                    i, j, di, ci, dj, cj = sweep
                    d[i], c[i], d[j], c[j] = di, ci, dj, cj
                    cur[i], cur[j] = grids[i][di, ci], grids[j][dj, cj]
                    best = objective(cur.sum(axis=0), d, c)
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
            best = objective(cur.sum(axis=0), d, c)
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
            obj = _score(ns, target) + float(base_over.sum() - base_over[i] - base_over[j])
            obj[np.isnan(obj)] = np.inf
            pick = int(np.argmin(obj))
            if obj[pick] < top[0] - 1e-15:
                top = (float(obj[pick]), (i, j, int(di[pick]), int(ci[pick]), int(dj[pick]),
                                          int(cj[pick])))
    return top[1]


def lagrangian_proof(t: list[int], d_lo: int, d_hi: int, coords: list[Coord],
                     boxes: list[tuple[int, Fraction, Fraction]]) -> bool:
    """True when weak duality proves that no choice puts every coordinate in its box.

    Directions ν over the boxed coordinates: each ±e_j, then (for several boxes) ν with
    ν_0 = ±1 and the others free, searched together with (λ, μ)."""
    total = sum(t)
    nb = len(boxes)
    pts = _class_points(t, d_lo, coords, [j for j, _, _ in boxes])
    if pts is None:
        return True  # some class has no admissible point at all
    starts: list[tuple[int, ...]] = []
    for j in range(nb):
        for sign in (1, -1):
            starts.append(tuple(sign if q == j else 0 for q in range(nb)))
    for nu0 in starts:
        free = [] if nb == 1 or (sum(map(abs, nu0)) and nu0[0] == 0) else list(range(1, nb))
        nu, lam, mu = _minimise(pts, total, d_lo, d_hi, boxes, list(map(float, nu0)), free)
        if _exact_bound(pts, total, d_lo, d_hi, boxes, nu, lam, mu) < 0:
            return True
    return False


def _class_points(t: list[int], d_lo: int, coords: list[Coord], cols: list[int]
                  ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None:
    """Per class: (d, c, values[:, cols]) of every admissible point."""
    total = sum(t)
    out = []
    for q in range(len(t)):
        g = np.stack([coords[j].grids[q] for j in cols], axis=-1)
        dd, cc = np.nonzero(~np.isnan(g).any(axis=-1))
        hall = (t[q] - dd) + (cc - dd) <= total - d_lo
        dd, cc = dd[hall], cc[hall]
        if len(dd) == 0:
            return None
        out.append((dd, cc, g[dd, cc]))
    return out


def _box_min(boxes: list[tuple[int, Fraction, Fraction]], nu: list[Fraction]) -> Fraction:
    return sum((n * (lo if n > 0 else hi) for n, (_, lo, hi) in zip(nu, boxes, strict=True)),
               Fraction(0))


def _minimise(pts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], total: int, d_lo: int,
              d_hi: int, boxes: list[tuple[int, Fraction, Fraction]], nu0: list[float],
              free: list[int], max_evals: int = 200) -> tuple[list[float], float, float]:
    """Pattern search (floats, on a subsample) for small max ν·S bound minus box min."""
    sub = []
    for dd, cc, vals in pts:
        step = max(1, len(dd) // 5000)
        sub.append((dd[::step].astype(float), cc[::step].astype(float), vals[::step]))
    los = np.array([float(lo) for _, lo, _ in boxes])
    his = np.array([float(hi) for _, _, hi in boxes])

    def f(x: np.ndarray) -> float:
        nu = np.array(nu0)
        nu[free] = x[2:]
        lam, mu = x[0] / total, x[1] / total
        acc = lam * total + max(mu * d_lo, mu * d_hi) - float(np.where(nu > 0, nu * los,
                                                                      nu * his).sum())
        for dd, cc, vals in sub:
            acc += float(np.max(vals @ nu - lam * cc - mu * dd))
        return acc

    dim = 2 + len(free)
    eye = np.eye(dim)
    dirs = [e * s for e in eye for s in (1, -1)]
    if dim > 1:
        dirs += [(eye[a] * s1 + eye[b] * s2) for a in range(dim) for b in range(a + 1, dim)
                 for s1 in (1, -1) for s2 in (1, -1)]
    x = np.zeros(dim)
    cur = f(x)
    step = 1.0
    evals = 0
    while step > 1e-7 and cur >= -1e-12 and evals < max_evals:
        moved = False
        for v in dirs:
            trial = f(x + step * v)
            evals += 1
            if trial < cur:
                x, cur, moved = x + step * v, trial, True
                break
        if not moved:
            step /= 2
        elif step < 1.0:
            step *= 2
    nu = list(nu0)
    for pos, q in enumerate(free):
        nu[q] = float(x[2 + pos])
    return nu, float(x[0] / total), float(x[1] / total)


def _exact_bound(pts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], total: int, d_lo: int,
                 d_hi: int, boxes: list[tuple[int, Fraction, Fraction]],
                 nu_f: list[float], lam_f: float, mu_f: float) -> Fraction:
    """A rational upper bound of λN + max_D μD + Σ_k max_p [ν·g − λc − μd] − min_box ν·S
    for rational multipliers near the float ones (negative: no choice fits every box).

    Each per-class maximum is a float maximum plus a margin that bounds its rounding
    error rigorously (a few ulps of terms of magnitude ≤ the margin's scale); every other
    term is exact."""
    nu = [Fraction(v).limit_denominator(10**6) for v in nu_f]
    lam = Fraction(lam_f).limit_denominator(10**9)
    mu = Fraction(mu_f).limit_denominator(10**9)
    bound = lam * total + max(mu * d_lo, mu * d_hi) - _box_min(boxes, nu)
    nu_arr = np.array([float(v) for v in nu])
    for dd, cc, vals in pts:
        vq = vals @ nu_arr - float(lam) * cc - float(mu) * dd
        scale = (1 + float(np.abs(vals).max()) * float(np.abs(nu_arr).sum())
                 + abs(float(lam)) * total + abs(float(mu)) * total)
        bound += Fraction(float(np.max(vq))) + Fraction(_TOL) * Fraction(scale)
    return bound


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
    if n_a * n_b * len(dvals) > max_work:
        return None
    glast = (np.stack([c.grids[last] for c in coords], axis=-1) if ncoord
             else np.zeros((t[last] + 1, total + 1, 0)))
    tl = t[last]
    tt = np.array(t)
    eps = _TOL
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
            near = ~np.isnan(s).any(axis=1)
            for j, lo, hi in target.boxes:
                near &= (s[:, j] >= lo - eps) & (s[:, j] <= hi + eps)
            for pc, rc, b, lo, hi in target.fom:
                p, r = s[:, pc], s[:, rc]
                den = b * p + r
                with np.errstate(divide="ignore", invalid="ignore"):
                    f = np.where(den > eps, (1 + b) * p * r / den, np.nan)
                near &= (den <= eps) | ((f >= lo - eps) & (f <= hi + eps))
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
