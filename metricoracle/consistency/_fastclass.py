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
  infeasible for every allowed D).  Each per-class maximum is found in floats and then
  recomputed EXACTLY (Fractions) over all points within 1e-9 of the float maximum, a
  margin far above float rounding (values < 2^20, one division each), so the bound is an
  exact rational number and the comparison with the box is exact.

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
    """One summed coordinate: per-class float grids (NaN where the point is excluded) and
    an exact evaluator of one class's contribution."""

    grids: list[np.ndarray]            # grids[k][d, c] float contribution
    exact: Callable[[int, int, int], Fraction]  # (k, d, c) -> exact contribution


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
                 seed: int = 0) -> bool:
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

    def value(q: int, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        ok = (d >= 0) & (d <= t[q]) & (c >= d) & (c - d <= total - t[q])
        out = np.full((len(d), ncoord), np.nan)
        out[ok] = grids[q][d[ok], c[ok]]
        return out

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
            if best == 0.0:
                if try_witness(d.copy(), c.copy()):
                    return True
                best = np.inf  # replay refused: kick away from this state
            nd_i, nc_i = d[mi] + mdd, c[mi] + mdc
            nd_j, nc_j = d[mj_safe] + jd, c[mj_safe] + jc
            vi = np.full((nmoves, ncoord), np.nan)
            vj = np.zeros((nmoves, ncoord))
            for q in range(k):
                sel = mi == q
                vi[sel] = value(q, nd_i[sel], nc_i[sel])
                sel = (mj == q)
                vj[sel] = value(q, nd_j[sel], nc_j[sel]) - cur[q]
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
            else:
                improved = False
            if not improved:
                sweep = _pair_sweep(t, d, c, cur, grids, target, best)
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
    """True when weak duality proves that no choice puts every coordinate in its box."""
    k, total = len(t), sum(t)
    for j, lo, hi in boxes:
        for sign in (1, -1):
            # maximise sign·S_j; infeasible if the max < sign·(box bound nearest).
            need = lo if sign == 1 else -hi
            if _dual_bound(t, total, d_lo, d_hi, coords[j], sign, k) < need:
                return True
    return False


def _dual_bound(t: list[int], total: int, d_lo: int, d_hi: int, coord: Coord, sign: int,
                k: int) -> Fraction:
    """Minimise the Lagrangian bound over (λ, μ) in floats, then evaluate it exactly."""
    d_axes, c_axes, vals = [], [], []
    for q in range(k):
        g = sign * coord.grids[q]
        dd, cc = np.nonzero(~np.isnan(g))
        hall = (t[q] - dd) + (cc - dd) <= total - d_lo
        dd, cc = dd[hall], cc[hall]
        d_axes.append(dd)
        c_axes.append(cc)
        vals.append(g[dd, cc])
    if any(len(v) == 0 for v in vals):
        return Fraction(-(10**9))

    def bound(lam: float, mu: float) -> float:
        acc = lam * total + max(mu * d_lo, mu * d_hi)
        for q in range(k):
            acc += float(np.max(vals[q] - lam * c_axes[q] - mu * d_axes[q]))
        return acc

    # coordinate descent with shrinking steps (the bound is convex in (λ, μ)).
    lam = mu = 0.0
    cur = bound(lam, mu)
    step = 1.0 / max(total, 1)
    while step > 1e-9 / max(total, 1):
        moved = False
        for dl, dm in ((step, 0), (-step, 0), (0, step), (0, -step), (step, step),
                       (-step, -step), (step, -step), (-step, step)):
            trial = bound(lam + dl, mu + dm)
            if trial < cur:
                lam, mu, cur, moved = lam + dl, mu + dm, trial, True
                break
        if not moved:
            step /= 2
    lam_q = Fraction(lam).limit_denominator(10**9)
    mu_q = Fraction(mu).limit_denominator(10**9)
    exact = lam_q * total + max(mu_q * d_lo, mu_q * d_hi)
    for q in range(k):
        vals_q = vals[q] - float(lam_q) * c_axes[q] - float(mu_q) * d_axes[q]
        top = float(np.max(vals_q))
        near = np.flatnonzero(vals_q >= top - _TOL * (1 + abs(top)))
        exact += max(sign * coord.exact(q, int(d_axes[q][i]), int(c_axes[q][i]))
                     - lam_q * int(c_axes[q][i]) - mu_q * int(d_axes[q][i]) for i in near)
    return exact
