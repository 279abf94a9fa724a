"""Exact completion of a near miss: meet in the middle over a few classes.

The witness search of :mod:`._fastclass` ends a few box widths away from the target
when several narrow boxes (4 decimals) must hold at once: every unit step of one class
moves the sums by more than a box width, so the target is hit only by a *combination*
of small steps in several classes (a subset-sum problem, not a descent).  From a near
state (d⁰, c⁰) this module enumerates such combinations exactly:

* a set S of classes (the largest, whose unit steps are finest) is split into halves L
  and R; every other class keeps its point;
* per class in S, every point (d, c) of a small window around its start; per half,
  every combination of those points (Δd, Δc and the float sums of the contributions);
* a pair (ℓ, r) is a candidate iff Δc_ℓ + Δc_r = 0 (so Σc = N stays exact), the new
  Σd is allowed (exact integers), and the float sums lie in every box.  The box test
  is done by bucketing: with cell width h_j (the box width), base + s_ℓ + s_r ∈ [lo, hi]
  needs ⌊s_r/h_j⌋ ∈ {⌊−u_j⌋, ⌊−u_j⌋ + 1} for u_j = (base + s_ℓ − lo)/h_j, so each
  left combination looks up 2^m keys (Δc, cells) of a table of the right combinations;
* candidates are re-checked in floats (boxes, F-of-means, Hall r_k + s_k ≤ N − D),
  sorted by their distance to the box centres, and handed to ``try_witness``.

Floats only choose which integer points to try: ``try_witness`` rebuilds the integer
matrix by an exact transport and replays it through the spec, so a CONSISTENT verdict
from here is as exact as any other.  Finding nothing proves nothing (never used as a
proof).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from metricoracle.consistency._fastclass import Target, mcc_value
from metricoracle.consistency._keydp import expand_ranges

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53,
                 0x2545F4914F6CDD1D, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9,
                 0x8CB92BA72F3D8DD7], dtype=np.uint64)


#: box coordinates in the hash key (the rest are checked on the matches).
HASHED = 2
#: the most buckets of a dense lookup table (:class:`_Table`).
DENSE = 1 << 22


def _hash(cols: list[np.ndarray]) -> np.ndarray:
    """A 64-bit mix of integer columns (collisions only add candidates: all re-checked)."""
    out = np.zeros(len(cols[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i, col in enumerate(cols):
            out = (out ^ (col.astype(np.int64).view(np.uint64) * _MIX[i % len(_MIX)]))
            out = (out ^ (out >> np.uint64(29))) * _MIX[(i + 3) % len(_MIX)]
    return out


class _Table:
    """The rows of integer columns, looked up by equal rows.

    When the columns span few values together (the usual case: Δc, Δd and a few box
    cells), a row's key is its mixed-radix number and the table is a dense array of
    bucket starts (one gather per query); otherwise the key is :func:`_hash` and the
    table a sorted array (collisions only add pairs: every pair is re-checked)."""

    def __init__(self, cols: list[np.ndarray]) -> None:
        self.low = [int(col.min()) for col in cols]
        self.span = [int(col.max()) - lo + 1 for col, lo in zip(cols, self.low, strict=True)]
        size = 1
        for n in self.span:
            size *= n
        self.dense = size <= min(max(64 * len(cols[0]), 1 << 16), DENSE)
        keys = self._keys(cols)[1] if self.dense else _hash(cols)
        self.order = np.argsort(keys, kind="stable")
        if self.dense:
            self.count = np.bincount(keys, minlength=size)
            self.first = np.cumsum(self.count) - self.count
        else:
            self.keys = keys[self.order]

    def _keys(self, cols: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(rows inside every column's range, their mixed-radix keys)."""
        ok = np.ones(len(cols[0]), dtype=bool)
        key = np.zeros(len(cols[0]), dtype=np.int64)
        for col, lo, n in zip(cols, self.low, self.span, strict=True):
            part = col - lo
            ok &= (part >= 0) & (part < n)
            key = key * n + part
        rows = np.flatnonzero(ok)
        return rows, key[rows]

    def pairs(self, cols: list[np.ndarray], limit: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``limit`` pairs (query row, table row) with equal keys, in query
        order (table rows of one key in their original order)."""
        if self.dense:
            hit, key = self._keys(cols)
            cnt, start = self.count[key], self.first[key]
        else:
            queries = _hash(cols)
            start = np.searchsorted(self.keys, queries, side="left")
            cnt = np.searchsorted(self.keys, queries, side="right") - start
            hit = np.arange(len(queries))
        some = np.flatnonzero(cnt)
        hit, cnt, start = hit[some], cnt[some], start[some]
        upto = int(np.searchsorted(np.cumsum(cnt), limit, side="right")) + 1
        hit, cnt, start = hit[:upto], cnt[:upto], start[:upto]
        owner, pos = expand_ranges(start, cnt)
        return hit[owner][:limit], self.order[pos][:limit]


def _side(classes: list[int], pts: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray,
                                                 np.ndarray]]
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every combination of the classes' window points: (Δd, Δc, sums, max r+s, index)."""
    dd = np.zeros(1, np.int64)
    dc = np.zeros(1, np.int64)
    first = pts[classes[0]][2] if classes else None
    ncoord = first.shape[1] if first is not None else 0
    sums = np.zeros((1, ncoord))
    mx = np.zeros(1, np.int64)
    idx = np.zeros((1, 0), np.int64)
    for q in classes:
        qd, qc, qv, qm = pts[q]
        n = len(qd)
        dd = (dd[:, None] + qd[None, :]).reshape(-1)
        dc = (dc[:, None] + qc[None, :]).reshape(-1)
        sums = (sums[:, None, :] + qv[None, :, :]).reshape(-1, ncoord)
        mx = np.maximum(mx[:, None], qm[None, :]).reshape(-1)
        idx = np.concatenate([np.repeat(idx, n, axis=0),
                              np.tile(np.arange(n), len(idx))[:, None]], axis=1)
    return dd, dc, sums, mx, idx


def _join(t: list[int], allowed: np.ndarray, grids: list[np.ndarray], target: Target,
          d0: np.ndarray, c0: np.ndarray, chosen: list[int], radius: int, expand: float,
          max_pairs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Every pair of half-combinations (capped at ``max_pairs``) whose float sums lie in
    the boxes widened ``expand`` times about their centres, with Σc = N, an allowed Σd
    and Hall; returns (d per pair, c per pair, sums per pair) or None."""
    k, total = len(t), sum(t)
    tt = np.array(t, dtype=np.int64)
    fixed = [q for q in range(k) if q not in chosen]
    base = sum((grids[q][d0[q], c0[q]] for q in fixed), np.zeros(grids[0].shape[-1]))
    if np.isnan(base).any():
        return None
    rs_fixed = max((int(tt[q] - d0[q] + c0[q] - d0[q]) for q in fixed), default=0)
    pts: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
    span = np.arange(-radius, radius + 1)
    for q in chosen:
        dq = np.repeat(d0[q] + span, len(span))
        cq = np.tile(c0[q] + span, len(span))
        ok = (dq >= 0) & (dq <= t[q]) & (cq >= dq) & (cq - dq <= total - t[q])
        dq, cq = dq[ok], cq[ok]
        vals = grids[q][dq, cq]
        good = ~np.isnan(vals).any(axis=1)
        dq, cq, vals = dq[good], cq[good], vals[good]
        if len(dq) == 0:
            return None
        pts[q] = (dq - d0[q], cq - c0[q], vals, (tt[q] - dq) + (cq - dq))
    left, right = chosen[0::2], chosen[1::2]
    ld, lc, ls, lm, li = _side(left, pts)
    rd, rc, rsum, rm, ri = _side(right, pts)
    cols = [j for j, _, _ in target.boxes]
    mid = np.array([(lo + hi) / 2 for _, lo, hi in target.boxes])
    half = np.array([max((hi - lo) / 2, 1e-15) for _, lo, hi in target.boxes]) * expand
    lo_arr, width = mid - half, 2 * half
    d_start = int(d0.sum())
    keyed = not allowed.all()
    reach = radius * len(chosen)
    deltas = ([int(x) - d_start for x in np.flatnonzero(allowed)
               if abs(int(x) - d_start) <= reach] if keyed else [0])
    # hash on the two coordinates whose right-half spread is widest (in box widths):
    # they separate the most; the others are filtered after the lookup.
    spread = (rsum[:, cols].max(axis=0) - rsum[:, cols].min(axis=0)) / width
    hashed = np.argsort(-spread, kind="stable")[:HASHED].tolist()
    hcols = [cols[j] for j in hashed]
    r_cells = np.floor(rsum[:, hcols] / width[hashed]).astype(np.int64)
    table = _Table([rc, *([rd] if keyed else []), *r_cells.T])
    base_cell = np.floor(-(base[hcols] + ls[:, hcols] - lo_arr[hashed]) / width[hashed]
                         ).astype(np.int64)
    m = len(hcols)
    pairs_l, pairs_r, found = [], [], 0
    for delta in deltas:
        for bits in range(1 << m):
            off = np.array([(bits >> j) & 1 for j in range(m)], dtype=np.int64)
            got_l, got_r = table.pairs([-lc, *([delta - ld] if keyed else []),
                                        *(base_cell + off).T], max_pairs - found)
            if len(got_l) == 0:
                continue
            pairs_l.append(got_l)
            pairs_r.append(got_r)
            found += len(got_l)
            if found >= max_pairs:
                break
        if found >= max_pairs:
            break
    if not pairs_l:
        return None
    pl, pr = np.concatenate(pairs_l), np.concatenate(pairs_r)
    ok = lc[pl] + rc[pr] == 0
    new_d = d_start + ld[pl] + rd[pr]
    ok &= (new_d >= 0) & (new_d <= total)
    ok &= allowed[np.clip(new_d, 0, total)]
    ok &= np.maximum(np.maximum(lm[pl], rm[pr]), rs_fixed) <= total - new_d
    sums = base + ls[pl] + rsum[pr]
    ok &= (np.abs(sums[:, cols] - mid) <= half).all(axis=1)
    sel = np.flatnonzero(ok)
    if len(sel) == 0:
        return None
    pl, pr = pl[sel], pr[sel]
    d = np.repeat(d0[None, :], len(sel), axis=0)
    c = np.repeat(c0[None, :], len(sel), axis=0)
    for side, rows in ((left, li[pl]), (right, ri[pr])):
        for pos, q in enumerate(side):
            d[:, q] += pts[q][0][rows[:, pos]]
            c[:, q] += pts[q][1][rows[:, pos]]
    return d, c, sums[sel]


def distance(sums: np.ndarray, target: Target) -> np.ndarray:
    """Max over the boxes of |s − centre| / half-width (≤ 1: inside every box), and
    F-of-means the same way (F computed from the summed P and R)."""
    out = np.zeros(sums.shape[:-1])
    for j, lo, hi in target.boxes:
        out = np.maximum(out, np.abs(sums[..., j] - (lo + hi) / 2) / max((hi - lo) / 2, 1e-15))
    for pc, rc, b, lo, hi in target.fom:
        p, r = sums[..., pc], sums[..., rc]
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(b * p + r > 0, (1 + b) * p * r / (b * p + r), 0.0)
        out = np.maximum(out, np.abs(f - (lo + hi) / 2) / max((hi - lo) / 2, 1e-15))
    for nc, qc, sf, fill, lo, hi in target.mcc:
        f = mcc_value(sums[..., nc], sums[..., qc], sf, fill)
        out = np.maximum(out, np.abs(f - (lo + hi) / 2) / max((hi - lo) / 2, 1e-15))
    return out


def excess(sums: np.ndarray, target: Target) -> float:
    """How far (absolute units) the sums lie outside the farthest box (0: inside all)."""
    out = 0.0
    for j, lo, hi in target.boxes:
        out = max(out, float(lo - sums[j]), float(sums[j] - hi))
    for pc, rc, b, lo, hi in target.fom:
        p, r = float(sums[pc]), float(sums[rc])
        f = (1 + b) * p * r / (b * p + r) if b * p + r > 0 else 0.0
        out = max(out, lo - f, f - hi)
    for nc, qc, sf, fill, lo, hi in target.mcc:
        f = float(mcc_value(np.asarray(sums[nc]), np.asarray(sums[qc]), sf, fill))
        out = max(out, lo - f, f - hi)
    return out


def complete(t: list[int], allowed: np.ndarray, grids: list[np.ndarray], target: Target,
             d0: np.ndarray, c0: np.ndarray,
             try_witness: Callable[[np.ndarray, np.ndarray], bool], *, seed: int = 0,
             rounds: int = 30, patience: int = 5, replays: int = 40,
             max_pairs: int = 200_000) -> bool:
    """Descend by exact joins (module docstring) from (d0, c0); True once ``try_witness``
    accepted a state.  Each round joins two halves of a few classes and moves to the
    pair nearest the box centres among those nearer than the current state; once near,
    a wider join over more classes looks for an exact hit.  Stops after ``rounds``
    rounds, or after ``patience`` rounds in a row without progress (each tries the next,
    costlier neighbourhood kind).  Deterministic (seeded)."""
    k = len(t)
    rng = np.random.default_rng(seed)
    by_size = sorted(range(k), key=lambda q: -t[q])
    d, c = d0.copy(), c0.copy()
    cur = sum(grids[q][d[q], c[q]] for q in range(k))
    dist = float(distance(cur, target)) if not np.isnan(cur).any() else np.inf
    stuck = 0
    for _ in range(rounds):
        if stuck >= min(patience, 5):  # every neighbourhood kind tried without progress
            break
        if stuck == 0:
            # a wide window on the few classes that carry errors (extreme reports pile
            # them on a handful of classes, each several steps away from a witness)
            wrong = [q for q in by_size if d[q] != t[q] or c[q] != t[q]]
            chosen, radius = (wrong + [q for q in by_size if q not in wrong])[:min(k, 4)], 6
        elif stuck == 1:
            chosen, radius = by_size[:min(k, 6)], 3
        elif stuck == 2:
            chosen, radius = by_size[:min(k, 8)], 2
        elif k > 6:
            keep = by_size[:3]
            extra = rng.choice(by_size[3:], size=3, replace=False).tolist()
            chosen, radius = keep + extra, 3
        else:
            break
        expand = max(1.0, min(dist, 1e6) * 0.999) if np.isfinite(dist) else 1e6
        got = _join(t, allowed, grids, target, d, c, chosen, radius, expand, max_pairs)
        if got is None:
            stuck += 1
            continue
        nd, nc, sums = got
        dd = distance(sums, target)
        order = np.argsort(dd, kind="stable")
        for i in order[:replays].tolist():
            if dd[i] > 1:
                break
            if try_witness(nd[i].copy(), nc[i].copy()):
                return True
        best = int(order[0])
        if dd[best] < dist:
            d, c, dist = nd[best], nc[best], float(dd[best])
            stuck = 0
        else:
            stuck += 1
    return False


def relax(t: list[int], allowed: np.ndarray, grids: list[np.ndarray], target: Target,
          d0: np.ndarray, c0: np.ndarray, *, free: int = 5, steps: int = 40,
          trust: float = 8.0) -> tuple[np.ndarray, np.ndarray] | None:
    """A float start for :func:`complete`: the ``free`` largest classes move continuously
    in (d, fp = c − d) (bilinear interpolation of their grids; projected minimum-norm
    Gauss–Newton steps towards the box centres, Σc = N, the start's Σd when Σd is
    restricted, and Hall for the class nearest to breaking it), the others keep their
    integer points; then rounded back to integers with Σc and Σd kept.  Floats only: the
    result is a start, never a verdict."""
    k, total = len(t), sum(t)
    movers = sorted(range(k), key=lambda q: -t[q])[:free]
    tm = np.array([t[q] for q in movers], dtype=float)
    nm = len(movers)
    x = np.concatenate([d0[movers], c0[movers] - d0[movers]]).astype(float)
    lower = np.zeros(2 * nm)
    upper = np.concatenate([tm, total - tm])
    fixed = [q for q in range(k) if q not in movers]
    base = sum((grids[q][d0[q], c0[q]] for q in fixed), np.zeros(grids[0].shape[-1]))
    d_fixed, c_fixed = int(d0[fixed].sum()), int(c0[fixed].sum())
    d_target = int(d0.sum())
    keyed = not allowed.all()
    cols = [j for j, _, _ in target.boxes]
    mid = np.array([(lo + hi) / 2 for _, lo, hi in target.boxes])
    half = np.array([max((hi - lo) / 2, 1e-15) for _, lo, hi in target.boxes])
    rs_fixed = max((int(t[q] - d0[q] + c0[q] - d0[q]) for q in fixed), default=0)
    hall_rows: set[int] = set()

    for _ in range(steps):
        x = np.clip(x, lower, upper)
        s = base.copy()
        jac = np.zeros((len(s), 2 * nm))
        for pos, q in enumerate(movers):
            val, gd, gc = _interp(grids[q], x[pos], x[pos] + x[nm + pos])
            s += val
            jac[:, pos], jac[:, nm + pos] = gd + gc, gc
        rows = [jac[cols] / half[:, None]]
        res = [(s[cols] - mid) / half]
        for pc, rc, b, lo, hi in target.fom:
            p, r = s[pc], s[rc]
            if b * p + r <= 0:
                continue
            f = (1 + b) * p * r / (b * p + r)
            dfp = (1 + b) * r * r / (b * p + r) ** 2
            dfr = (1 + b) * b * p * p / (b * p + r) ** 2
            fh = max((hi - lo) / 2, 1e-15)
            rows.append(((dfp * jac[pc] + dfr * jac[rc]) / fh)[None, :])
            res.append(np.array([(f - (lo + hi) / 2) / fh]))
        for nc, qc, sf, _, lo, hi in target.mcc:
            den_sq = (1 - s[qc]) * (1 - sf)
            if den_sq <= 1e-12:
                continue
            f = s[nc] / np.sqrt(den_sq)  # ∂f/∂num = 1/sqrt(den_sq), ∂f/∂q = f/(2(1 − q))
            fh = max((hi - lo) / 2, 1e-15)
            rows.append(((jac[nc] / np.sqrt(den_sq) + f / (2 * (1 - s[qc])) * jac[qc])
                         / fh)[None, :])
            res.append(np.array([(f - (lo + hi) / 2) / fh]))
        one_d = np.concatenate([np.ones(nm), np.zeros(nm)])
        rows.append(10 * (1 - one_d)[None, :] + 10 * one_d[None, :])
        res.append(np.array([(c_fixed + x[:nm].sum() + x[nm:].sum() - total) * 10]))
        if keyed:
            rows.append(one_d[None, :] * 10)
            res.append(np.array([(d_fixed + x[:nm].sum() - d_target) * 10]))
        dsum = d_fixed + x[:nm].sum()
        rs = (tm - x[:nm]) + x[nm:]
        top = int(np.argmax(rs))
        if max(rs[top], rs_fixed) + dsum > total - 1:
            hall_rows.add(top)
        for q in sorted(hall_rows):  # Hall, once met, kept tight: r_q + s_q + Σd = N − 1
            row = np.concatenate([np.ones(nm), np.zeros(nm)])
            row[q] -= 1
            row[nm + q] += 1
            rows.append(row[None, :] * 10)
            res.append(np.array([(rs[q] + dsum - (total - 1)) * 10]))
        a, e = np.concatenate(rows), np.concatenate(res)
        if np.abs(e).max() < 0.3:
            break
        active = np.ones(2 * nm, dtype=bool)
        for _pass in range(3):  # projected step: drop variables pushed past a bound
            step = np.zeros(2 * nm)
            step[active] = np.linalg.lstsq(a[:, active], -e, rcond=None)[0]
            out = ((x <= lower + 1e-9) & (step < 0)) | ((x >= upper - 1e-9) & (step > 0))
            if not out.any():
                break
            active &= ~out
        x = x + step * min(1.0, trust / max(float(np.abs(step).max()), 1e-12))
    x = np.clip(x, lower, upper)
    d, c = d0.copy(), c0.copy()
    d[movers] = np.round(x[:nm]).astype(np.int64)
    c[movers] = d[movers] + np.round(x[nm:]).astype(np.int64)
    big = movers[0]
    if keyed:
        shift = d_target - int(d.sum())
        d[big] += shift
        c[big] += shift
    c[big] += total - int(c.sum())
    if not (0 <= d[big] <= t[big] and d[big] <= c[big] <= d[big] + total - t[big]):
        return None
    return d, c


def _interp(g: np.ndarray, d: float, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bilinear value and gradient (∂/∂d, ∂/∂c) of a grid at a float point (NaN corners
    take a valid corner's value: only a direction for the float start)."""
    i = max(min(int(d), g.shape[0] - 2), 0)
    j = max(min(int(c), g.shape[1] - 2), 0)
    fd, fc = d - i, c - j
    i1 = min(i + 1, g.shape[0] - 1)
    corners = [g[i, j], g[i, j + 1], g[i1, j], g[i1, j + 1]]
    good = [v for v in corners if not np.isnan(v).any()]
    fill = good[0] if good else np.zeros(g.shape[-1])
    v00, v01, v10, v11 = (np.where(np.isnan(v), fill, v) for v in corners)
    val = v00 * (1 - fd) * (1 - fc) + v01 * (1 - fd) * fc + v10 * fd * (1 - fc) + v11 * fd * fc
    gd = (v10 - v00) * (1 - fc) + (v11 - v01) * fc
    gc = (v01 - v00) * (1 - fd) + (v11 - v10) * fd
    return val, gd, gc
