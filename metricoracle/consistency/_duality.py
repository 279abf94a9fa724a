"""Lagrangian duality for the class engine: proofs of INCONSISTENT and reduced-cost fixing.

A K-class report is a choice of one point p_k = (d_k, c_k) per class with Σc = N, Σd = D
(D in the allowed range) and the summed contributions S = Σ_k g_k(p_k) in a box
(:mod:`._classvalues`).  For a direction ν over the boxed coordinates and multipliers
(λ, μ) of Σc = N and Σd = D, let h_k(p) = ν·g_k(p) − λc − μd and H_k = max_p h_k(p).
Every fitting choice has Σ_k h_k(p_k) = ν·S − λN − μD ≥ min_box ν·S − λN − max_D μD, so

    Σ_k (H_k − h_k(p_k))  ≤  B := λN + max_D μD + Σ_k H_k − min_box ν·S.

The Hall condition of one class k* (chosen as the class the unconstrained maxima break
most) enters the same way: Σ_{j≠k*} fn_j − fp_k* ≥ 0 and Σ_{j≠k*} fp_j − fn_k* ≥ 0 hold
for every fitting choice, so multiples ρ, σ ≥ 0 of them are added to h_k (per class:
ρ·fn_j + σ·fp_j for j ≠ k*, −ρ·fp_k* − σ·fn_k* for k*) and B stays an upper bound.

* B < 0: no choice fits (weak duality) — a proof of INCONSISTENT.
* B ≥ 0: every gap H_k − h_k(p_k) is ≥ 0, so a point whose own gap exceeds B is used by
  no fitting choice and is removed (reduced-cost fixing).  Near the edge of what is
  reachable, B is small and few points per class survive; the exact DP then runs on the
  survivors only, so the removal is what makes hard reports decidable in time.

The per-class maxima are taken over every (surviving) point (the Hall condition only
removes points, so ignoring it keeps the bound valid; points that violate
r + s ≤ N − d_lo are dropped since they are infeasible for every allowed D).  ν, λ, μ are
found by a float pattern search, then made rational; each per-class maximum is a float
maximum raised by a margin of 1e-9 × (its scale), far above float rounding (a few
operations on values < 2^20), so B is a rational number ≥ the true bound and the
comparison with 0 is exact.  A point is removed only when its float gap exceeds B by
three margins (one for each float quantity in the comparison), so the removal is exact.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol

import numpy as np

_TOL = 1e-9

#: per class: (d, c, contributions on the boxed coordinates) of the surviving points.
Points = list[tuple[np.ndarray, np.ndarray, np.ndarray]]
Box = tuple[int, Fraction, Fraction]


class _Grids(Protocol):
    grids: list[np.ndarray]


def class_points(t: list[int], d_lo: int, coords: list[_Grids], cols: list[int]
                 ) -> Points | None:
    """Per class: (d, c, values[:, cols]) of every admissible point (None: a class has none)."""
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


def _box_min(boxes: list[Box], nu: list[Fraction]) -> Fraction:
    return sum((n * (lo if n > 0 else hi) for n, (_, lo, hi) in zip(nu, boxes, strict=True)),
               Fraction(0))


def _starts(nb: int) -> list[tuple[list[float], list[int]]]:
    """Directions ±e_j; for several boxes ν_0 = ±1 with the others free."""
    out = []
    for j in range(nb):
        for sign in (1.0, -1.0):
            nu0 = [sign if q == j else 0.0 for q in range(nb)]
            free = [] if nb == 1 or j != 0 else list(range(1, nb))
            out.append((nu0, free))
    return out


def _features(pts: Points, t: list[int], star: int) -> list[np.ndarray]:
    """Per class the linear features (c, d, a, b) of its points: the multipliers are
    (−λ, −μ, ρ, σ).  a, b are the per-class parts of the two Hall inequalities of class
    k* = ``star``: Σ_{j≠k*} fn_j − fp_k* ≥ 0 and Σ_{j≠k*} fp_j − fn_k* ≥ 0."""
    out = []
    for q, (d, c, _) in enumerate(pts):
        fp, fn = c - d, t[q] - d
        a, b = (-fp, -fn) if q == star else (fn, fp)
        out.append(np.stack([c, d, a, b], axis=1).astype(float))
    return out


def _minimise(pts: Points, feats: list[np.ndarray], total: int, d_lo: int, d_hi: int,
              boxes: list[Box], nu0: list[float], free: list[int],
              x0: np.ndarray | None = None, max_evals: int = 200) -> np.ndarray:
    """Pattern search (floats, on a subsample of each class) for a small bound B over
    x = N·(λ, μ, ρ, σ) and the free entries of ν (ρ, σ ≥ 0)."""
    vv, ff, starts = [], [], [0]
    for (d, _, vals), feat in zip(pts, feats, strict=True):
        step = max(1, len(d) // 1500)
        vv.append(vals[::step])
        ff.append(feat[::step])
        starts.append(starts[-1] + len(vv[-1]))
    v_all, f_all = np.concatenate(vv), np.concatenate(ff)
    offsets = np.array(starts[:-1])
    los = np.array([float(lo) for _, lo, _ in boxes])
    his = np.array([float(hi) for _, _, hi in boxes])
    base_nu = np.array(nu0)

    def f(x: np.ndarray) -> float:
        nu = base_nu.copy()
        nu[free] = x[4:]
        lam, mu, rho, sig = x[:4] / total
        acc = lam * total + max(mu * d_lo, mu * d_hi) - float(np.where(nu > 0, nu * los,
                                                                      nu * his).sum())
        h = v_all @ nu + f_all @ np.array([-lam, -mu, rho, sig])
        return acc + float(np.maximum.reduceat(h, offsets).sum())

    dim = 4 + len(free)
    eye = np.eye(dim)
    dirs = [e * s for e in eye for s in (1, -1)]
    dirs += [(eye[a] * s1 + eye[b] * s2) for a in range(dim) for b in range(a + 1, dim)
             for s1 in (1, -1) for s2 in (1, -1)]
    x = np.zeros(dim) if x0 is None else x0.copy()
    cur = f(x)
    step = 1.0 if x0 is None else 0.05
    evals = 0
    while step > 1e-7 and cur >= -1e-12 and evals < max_evals:
        moved = False
        for v in dirs:
            trial_x = x + step * v
            if trial_x[2] < 0 or trial_x[3] < 0:
                continue
            trial = f(trial_x)
            evals += 1
            if trial < cur:
                x, cur, moved = trial_x, trial, True
                break
        if not moved:
            step /= 2
        elif step < 1.0:
            step *= 2
    return x


def _bound_and_gaps(pts: Points, feats: list[np.ndarray], total: int, d_lo: int, d_hi: int,
                    boxes: list[Box], nu_f: list[float], x: np.ndarray
                    ) -> tuple[Fraction, list[np.ndarray], list[float]]:
    """A rational upper bound of B for rational multipliers near the float ones, and per
    class the float gaps H_k − h_k(p) with their margins.

    Each per-class maximum is a float maximum plus a margin that bounds its rounding
    error rigorously (a few ulps of terms of magnitude ≤ the margin's scale); every other
    term is exact (ρ, σ ≥ 0 multiply inequalities that every fitting choice satisfies)."""
    nu = [Fraction(v).limit_denominator(10**6) for v in nu_f]
    lam, mu, rho, sig = (Fraction(float(v) / total).limit_denominator(10**9) for v in x[:4])
    rho, sig = max(rho, Fraction(0)), max(sig, Fraction(0))
    bound = lam * total + max(mu * d_lo, mu * d_hi) - _box_min(boxes, nu)
    nu_arr = np.array([float(v) for v in nu])
    y = np.array([-float(lam), -float(mu), float(rho), float(sig)])
    gaps, margins = [], []
    for (_, _, vals), feat in zip(pts, feats, strict=True):
        vq = vals @ nu_arr + feat @ y
        scale = (1 + float(np.abs(vals).max()) * float(np.abs(nu_arr).sum())
                 + float(np.abs(y).sum()) * 2 * total)
        top = float(np.max(vq))
        bound += Fraction(top) + Fraction(_TOL) * Fraction(scale)
        gaps.append(top - vq)
        margins.append(_TOL * scale)
    return bound, gaps, margins


def _hall_star(pts: Points, t: list[int], nu: np.ndarray) -> int:
    """The class whose Hall condition the unconstrained per-class maxima break most."""
    fp, fn = [], []
    for q, (d, c, vals) in enumerate(pts):
        best = int(np.argmax(vals @ nu))
        fp.append(int(c[best] - d[best]))
        fn.append(int(t[q] - d[best]))
    over = [max(fp[q] - (sum(fn) - fn[q]), fn[q] - (sum(fp) - fp[q])) for q in range(len(t))]
    return int(np.argmax(over)) if max(over) > 0 else int(np.argmax(t))


def reduce_points(t: list[int], d_lo: int, d_hi: int, coords: list[_Grids],
                  boxes: list[Box], *, rounds: int = 2, evals: int = 200) -> Points | None:
    """Reduced-cost fixing over every start direction, ``rounds`` times (module docstring);
    ``evals``: the budget of each multiplier search with free directions (:func:`_minimise`).

    Returns None when some bound is negative (a proof that no choice fits), else the
    surviving points per class (a superset of the points of every fitting choice).
    """
    total = sum(t)
    pts = class_points(t, d_lo, coords, [j for j, _, _ in boxes])
    if pts is None:
        return None
    warm: dict[int, np.ndarray] = {}
    stars: dict[int, int] = {}
    for _ in range(rounds):
        before = sum(len(d) for d, _, _ in pts)
        for s, (nu0, free) in enumerate(_starts(len(boxes))):
            if s not in stars:
                stars[s] = _hall_star(pts, t, np.array(nu0))
            feats = _features(pts, t, stars[s])
            warm[s] = x = _minimise(pts, feats, total, d_lo, d_hi, boxes, nu0, free,
                                    warm.get(s), max_evals=evals if free else 200)
            nu = list(nu0)
            for pos, q in enumerate(free):
                nu[q] = float(x[4 + pos])
            bound, gaps, margins = _bound_and_gaps(pts, feats, total, d_lo, d_hi, boxes,
                                                   nu, x)
            if bound < 0:
                return None
            limit = float(bound)
            for q, (gap, margin) in enumerate(zip(gaps, margins, strict=True)):
                keep = gap <= limit + 3 * margin
                if not keep.all():
                    d, c, v = pts[q]
                    pts[q] = (d[keep], c[keep], v[keep])
        if sum(len(d) for d, _, _ in pts) > 0.8 * before:
            break
    return pts


def lagrangian_proof(t: list[int], d_lo: int, d_hi: int, coords: list[_Grids],
                     boxes: list[Box]) -> bool:
    """True when weak duality proves that no choice puts every coordinate in its box."""
    return reduce_points(t, d_lo, d_hi, coords, boxes, rounds=1) is None
