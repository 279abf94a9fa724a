"""Unweighted Cohen's kappa and multiclass MCC on boxes of (D, T, Q): the tests of the
exact class DP (:mod:`._classdp`).

For one single-label K-class matrix with row sums t (known), column sums c, diagonal d,
N = Σt, D = Σd, T = Σ_k t_k·c_k, Q = Σ_k c_k² and S = Σ_k t_k² (constant):

    kappa = (N·D − T) / (N² − T),        MCC = (N·D − T) / sqrt((N² − Q)·(N² − S))

(the spec's ``cohen_kappa`` with 0/1 weights, whose expected disagreement is
Σ_{i≠j} c_i·t_j = N² − T, and ``matthews_corrcoef``).  With two classes of positive
support T ≤ max(t)·N < N² and S < N², so kappa is always defined and MCC is the 0/0 value
only at Q = N² (every sample predicted as one class).

On a box D ∈ [D₋, D₊], T ∈ [T₋, T₊], Q ∈ [Q₋, Q₊] (integers) both are monotone in each
variable: kappa increases with D and decreases with T (∂κ/∂T = N·(D − N)/(N² − T)² ≤ 0);
MCC increases with D, decreases with T, and |MCC| increases with Q.  So their extremes
over the box are at corners: kappa ∈ [κ(D₋, T₊), κ(D₊, T₋)], MCC's maximum at
x = N·D₊ − T₋ over y = N² − Q₊ if x > 0 (else over y = N² − Q₋), its minimum at
x = N·D₋ − T₊ likewise (y ≥ 1 away from the 0/0 point).  A box whose range misses the
interval holds no fitting matrix ("bad"); one whose range lies inside has only fitting
ones ("sure").  The corners are evaluated in floats (integers below 2^53, a relative
error below 1e-15) against a margin of 1e-9 (relative for |value| > 1); a corner within
the margin of an interval end is decided exactly (Fractions; MCC by signs and squares,
:func:`._terms._sqrt_cmp_ge`), so no rounding ever removes a fitting matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from metricoracle.consistency._interval import Interval
from metricoracle.consistency._terms import EXACT_INTERP, _sqrt_cmp_ge, _sqrt_cmp_le

_MARGIN = 1e-9


@dataclass(frozen=True)
class KappaMcc:
    """The kappa and MCC intervals of one report over N and S (module docstring).

    Attributes:
        n: N; s_sum: S = Σ t_k²; t_max: the largest support (T ≤ t_max·N).
        kappa: the reported kappa intervals; mcc: the reported MCC intervals.
        mcc_fill_ok: per MCC interval, whether the 0/0 value (zero-division rule) is in it.
    """

    n: int
    s_sum: int
    t_max: int
    kappa: list[Interval]
    mcc: list[Interval]
    mcc_fill_ok: list[bool]

    def test(self, d_lo: np.ndarray, d_hi: np.ndarray, t_lo: np.ndarray, t_hi: np.ndarray,
             q_lo: np.ndarray | None, q_hi: np.ndarray | None
             ) -> tuple[np.ndarray, np.ndarray]:
        """(bad, sure) per box: no / every (D, T, Q) in it satisfies every interval."""
        n, n_sq = self.n, self.n * self.n
        d_lo, d_hi = np.maximum(d_lo, 0), np.minimum(d_hi, n)  # 0 ≤ D ≤ N
        t_lo, t_hi = np.maximum(t_lo, 0), np.minimum(t_hi, self.t_max * n)
        empty = (t_lo > t_hi) | (d_lo > d_hi)
        bad, sure = empty.copy(), ~empty
        for iv in self.kappa:
            corners = [(d_hi, t_lo), (d_lo, t_hi)]  # the largest, the smallest kappa
            vals = [(n * dd - tt) / (n_sq - tt).astype(float) for dd, tt in corners]
            b, s = _compare(iv, vals[0], vals[1], lambda j, r, v, lower, c=corners:
                            _kappa_exact(n, int(c[j][0][r]), int(c[j][1][r]), v, lower))
            bad |= b
            sure &= s
        if not self.mcc:
            return bad, sure
        assert q_lo is not None and q_hi is not None
        s_n = n_sq - self.s_sum
        zero = q_hi >= n_sq  # Q = N² (the 0/0 value) may lie in the box
        y_small = np.maximum(n_sq - q_hi, 1)
        y_large = np.maximum(n_sq - q_lo, 1)
        x_max, x_min = n * d_hi - t_lo, n * d_lo - t_hi
        y_for_max = np.where(x_max > 0, y_small, y_large)
        y_for_min = np.where(x_min < 0, y_small, y_large)
        fmax = x_max / np.sqrt(y_for_max.astype(float) * s_n)
        fmin = x_min / np.sqrt(y_for_min.astype(float) * s_n)
        pairs = [(x_max, y_for_max), (x_min, y_for_min)]
        for iv, fill_ok in zip(self.mcc, self.mcc_fill_ok, strict=True):
            b, s = _compare(iv, fmax, fmin, lambda j, r, v, lower, p=pairs:
                            _mcc_exact(int(p[j][0][r]), int(p[j][1][r]) * s_n, v, lower))
            bad |= b & ~(zero & fill_ok)
            sure &= s & ~zero
        return bad, sure


def _compare(iv: Interval, fmax: np.ndarray, fmin: np.ndarray, exact: object
             ) -> tuple[np.ndarray, np.ndarray]:
    """(bad, sure) from float corner values: bad when the largest value is below the
    interval or the smallest above it; corners within the margin are decided by
    ``exact(corner, row, bound, lower)`` ("the corner's value is inside the bound")."""
    lo, hi = float(iv.lo), float(iv.hi)
    m_max = _MARGIN * np.maximum(1.0, np.abs(fmax))
    m_min = _MARGIN * np.maximum(1.0, np.abs(fmin))
    bad = (fmax < lo - m_max) | (fmin > hi + m_min)
    sure = (fmin > lo + m_min) & (fmax < hi - m_max)
    for j, vals, margin, bound, lower in ((0, fmax, m_max, iv, True),
                                          (1, fmin, m_min, iv, False)):
        near = np.flatnonzero(np.abs(vals - (lo if lower else hi)) <= margin)
        for r in near.tolist():
            if not exact(j, r, bound, lower):  # type: ignore[operator]
                bad[r] = True
    return bad, sure


def _kappa_exact(n: int, dsum: int, tsum: int, iv: Interval, lower: bool) -> bool:
    """Whether kappa at (D, T) is ≥ iv.lo (``lower``) or ≤ iv.hi, exactly."""
    value = Fraction(n * dsum - tsum, n * n - tsum)
    if lower:
        return value >= iv.lo if iv.lo_closed else value > iv.lo
    return value <= iv.hi if iv.hi_closed else value < iv.hi


def _mcc_exact(num: int, den_sq: int, iv: Interval, lower: bool) -> bool:
    """Whether num/sqrt(den_sq) (den_sq > 0) is ≥ iv.lo (``lower``) or ≤ iv.hi, exactly."""
    if lower:
        return bool(_sqrt_cmp_ge(num, den_sq, iv.lo, not iv.lo_closed, EXACT_INTERP))
    return bool(_sqrt_cmp_le(num, den_sq, iv.hi, not iv.hi_closed, EXACT_INTERP))


def integer_bounds(lo_keys: np.ndarray, hi_keys: np.ndarray, unit: int, scale: int
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The integers X with X·scale/unit ∈ [lo_key, hi_key]: [⌈lo·unit/scale⌉,
    ⌊hi·unit/scale⌋] (Python integers where int64 could overflow)."""
    if max(int(np.abs(lo_keys).max(initial=0)), int(np.abs(hi_keys).max(initial=0))) \
            * unit < 2**62:
        return -((-lo_keys * unit) // scale), (hi_keys * unit) // scale
    lo = np.array([-((-int(x) * unit) // scale) for x in lo_keys.tolist()], dtype=np.int64)
    hi = np.array([(int(x) * unit) // scale for x in hi_keys.tolist()], dtype=np.int64)
    return lo, hi
