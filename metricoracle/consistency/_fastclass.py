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
        out += np.maximum(np.abs(s[..., j] - mid) / half - 0.5, 0) ** 2
    for pc, rc, b, lo, hi in target.fom:
        p, r = s[..., pc], s[..., rc]
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(b * p + r > 0, (1 + b) * p * r / (b * p + r), 0.0)
        mid, half = (lo + hi) / 2, max((hi - lo) / 2, 1e-12)
        out += np.maximum(np.abs(f - mid) / half - 0.5, 0) ** 2
    return out


def local_search(t: list[int], allowed: np.ndarray, coords: list[Coord], target: Target,
                 try_witness: Callable[[np.ndarray, np.ndarray], bool], *,
                 max_steps: int = 4000, restarts: int = 6, seed: int = 0) -> bool:
    """Greedy descent with random restarts; True once ``try_witness`` accepted a state."""
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
    # move kinds: (dd_i, dc_i); class j gets the negation (Σd, Σc unchanged).
    kinds = np.array([(1, 0), (0, 1), (1, 1), (1, -1)], dtype=np.int64)
    mi, mj = np.repeat(pairs[:, 0], len(kinds) * len(steps)), np.repeat(pairs[:, 1],
                                                                       len(kinds) * len(steps))
    kk = np.tile(np.repeat(np.arange(len(kinds)), len(steps)), len(pairs))
    st = np.tile(steps, len(pairs) * len(kinds))
    mdd, mdc = kinds[kk, 0] * st, kinds[kk, 1] * st

    def value(q: int, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        ok = (d >= 0) & (d <= t[q]) & (c >= d) & (c - d <= total - t[q])
        out = np.full((len(d), ncoord), np.nan)
        out[ok] = grids[q][d[ok], c[ok]]
        return out

    for attempt in range(restarts):
        dsum = int(dvals[len(dvals) // 2]) if attempt == 0 else int(rng.choice(dvals))
        share = tt * dsum / total
        d = np.minimum(np.floor(share).astype(np.int64), tt)
        while d.sum() < dsum:
            free = np.flatnonzero(d < tt)
            d[free[np.argmax((share - d)[free])]] += 1
        if attempt:
            c = rng.multinomial(total, np.full(k, 1 / k)).astype(np.int64)
            c = np.maximum(c, d)
            while c.sum() > total:
                extra = np.flatnonzero(c > d)
                c[extra[rng.integers(len(extra))]] -= 1
            while c.sum() < total:
                c[rng.integers(k)] += 1
        else:
            c = tt.copy()
        cur = np.stack([value(q, d[q:q + 1], c[q:q + 1])[0] for q in range(k)])
        if np.isnan(cur).any():
            continue
        s = cur.sum(axis=0)
        best = float(_score(s, target))
        for _ in range(max_steps):
            slack = total - dsum
            hall_ok = (tt - d) + (c - d) <= slack
            if best == 0.0 and hall_ok.all():
                if try_witness(d.copy(), c.copy()):
                    return True
                break
            nd_i, nc_i = d[mi] + mdd, c[mi] + mdc
            nd_j, nc_j = d[mj] - mdd, c[mj] - mdc
            vi = np.full((len(mi), ncoord), np.nan)
            vj = np.full((len(mi), ncoord), np.nan)
            for q in range(k):
                sel = mi == q
                vi[sel] = value(q, nd_i[sel], nc_i[sel])
                sel = mj == q
                vj[sel] = value(q, nd_j[sel], nc_j[sel])
            ns = s + vi + vj - cur[mi] - cur[mj]
            cand = _score(ns, target)
            # Hall penalty: r + s of the two changed classes (others unchanged).
            over = (np.maximum((tt[mi] - nd_i) + (nc_i - nd_i) - slack, 0)
                    + np.maximum((tt[mj] - nd_j) + (nc_j - nd_j) - slack, 0))
            base_over = np.maximum((tt - d) + (c - d) - slack, 0)
            total_over = base_over.sum() - base_over[mi] - base_over[mj] + over
            cand = cand + total_over.astype(float)
            cand[np.isnan(cand)] = np.inf
            here = best + float(base_over.sum())
            pick = int(np.argmin(cand))
            if not cand[pick] < here - 1e-15:
                break
            i, j = int(mi[pick]), int(mj[pick])
            d[i], c[i], d[j], c[j] = nd_i[pick], nc_i[pick], nd_j[pick], nc_j[pick]
            cur[i], cur[j] = vi[pick], vj[pick]
            s = cur.sum(axis=0)
            best = float(_score(s, target))
    return False


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
