"""Exact arithmetic for means of MCC values: sums of square roots, compared without floats.

Per fold, MCC = num / sqrt(den_sq) with integers num, den_sq > 0: a *surd*
``sign · sqrt(q)`` with q = num²/den_sq a non-negative Fraction (:class:`Surd`, canonical,
so equal values are equal objects).  The mean over F folds lies in [lo, hi] iff the sum
S = Σ_i x_i compares with F·lo and F·hi as required; :func:`compare` decides S vs a
rational exactly:

* Grouping.  Each x_i = r_i·sqrt(s_i) with r_i rational and s_i a square-free integer
  (:func:`squarefree_split`).  Collect S = R_1 + Σ_{s>1} R_s·sqrt(s).  Square roots of
  distinct square-free integers are linearly independent over Q (Besicovitch), so S is
  rational iff every R_s with s > 1 is 0; then S = R_1 and the comparison is a Fraction
  comparison.
* Otherwise S is irrational, hence ≠ any rational q, and certified bounds decide: for
  precision 2^P, ⌊sqrt(s)·2^P⌋ = isqrt(s·4^P) exactly, so each R_s·sqrt(s) lies in a
  rational interval of width |R_s|/2^P; the bounds of S − q are summed, and P is doubled
  until the interval excludes 0 (it must, since S − q ≠ 0).

:meth:`Surd.floor_scaled` gives ⌊x·M⌋ exactly (⌊sqrt(y)⌋ = isqrt(⌊y⌋) for y ≥ 0), the
integer keys of the fold DP (:mod:`._keydp`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import isqrt

#: the last precision (bits) tried by :func:`compare` before giving up (never reached for
#: values of count data: S − q is a non-zero algebraic number of bounded height).
_MAX_BITS = 1 << 16


@dataclass(frozen=True, slots=True)
class Surd:
    """``sign · sqrt(square)``: sign ∈ {−1, 0, 1}, square a Fraction > 0 (0 iff sign 0)."""

    sign: int
    square: Fraction

    @classmethod
    def of(cls, num: int, den_sq: int) -> Surd:
        """num / sqrt(den_sq) for integers, den_sq > 0."""
        if den_sq <= 0:
            raise ValueError("den_sq must be positive")
        if num == 0:
            return cls(0, Fraction(0))
        return cls(1 if num > 0 else -1, Fraction(num * num, den_sq))

    @classmethod
    def rational(cls, value: Fraction) -> Surd:
        """A rational number as a surd (e.g. a zero-division fill value)."""
        if value == 0:
            return cls(0, Fraction(0))
        return cls(1 if value > 0 else -1, value * value)

    def floor_scaled(self, scale: int) -> int:
        """⌊self · scale⌋ exactly (scale > 0)."""
        y_num, y_den = self.square.numerator * scale * scale, self.square.denominator
        root = isqrt(y_num // y_den)  # = ⌊sqrt(y)⌋
        if self.sign >= 0:
            return root
        exact = y_num % y_den == 0 and root * root == y_num // y_den
        return -root if exact else -root - 1

    def split(self) -> tuple[Fraction, int]:
        """(r, s) with self = r·sqrt(s), s square-free (s = 1 for rational values)."""
        if self.sign == 0:
            return Fraction(0), 1
        # sqrt(a/b) = sqrt(a·b)/b; a·b = f²·s.
        a, b = self.square.numerator, self.square.denominator
        f, s = squarefree_split(a * b)
        return Fraction(self.sign * f, b), s

    def __float__(self) -> float:
        return self.sign * float(self.square) ** 0.5


def squarefree_split(n: int) -> tuple[int, int]:
    """(f, s) with n = f²·s and s square-free (n ≥ 1).

    Trial division by every d ≤ n^(1/3) removes all small prime factors; what remains has
    at most two prime factors (each > n^(1/3)), so it is 1, p, p² or p·q: square-free
    unless it is a perfect square."""
    f, s = 1, 1
    d = 2
    while d * d * d <= n:
        if n % d == 0:
            e = 0
            while n % d == 0:
                n //= d
                e += 1
            f *= d ** (e // 2)
            if e % 2:
                s *= d
        d += 1 if d == 2 else 2
    r = isqrt(n)
    if r * r == n:
        f *= r
    else:
        s *= n
    return f, s


def _value(x: Surd | Fraction) -> Surd:
    return x if isinstance(x, Surd) else Surd.rational(Fraction(x))


def compare(terms: list[Surd | Fraction], q: Fraction) -> int:
    """The sign of Σ terms − q (−1, 0 or 1), exactly (module docstring)."""
    groups: dict[int, Fraction] = {}
    for x in terms:
        r, s = _value(x).split()
        groups[s] = groups.get(s, Fraction(0)) + r
    rational = groups.pop(1, Fraction(0)) - q
    irr = [(r, s) for s, r in groups.items() if r != 0]
    if not irr:
        return (rational > 0) - (rational < 0)
    bits = 64
    while bits <= _MAX_BITS:
        scale = 1 << bits
        lo = hi = rational * scale
        for r, s in irr:
            root = isqrt(s * scale * scale)  # root ≤ sqrt(s)·2^P < root + 1
            a, b = r * root, r * (root + 1)
            lo += min(a, b)
            hi += max(a, b)
        if lo > 0:
            return 1
        if hi < 0:
            return -1
        bits *= 2
    raise ArithmeticError("sum of square roots not separated from a rational")


@dataclass(frozen=True)
class SurdMean:
    """The mean of per-fold values some of which are surds (the mean of per-fold MCC)."""

    terms: tuple[Surd | Fraction, ...]

    def compare(self, q: Fraction) -> int:
        """The sign of mean − q, exactly."""
        return compare(list(self.terms), q * len(self.terms))

    def __float__(self) -> float:
        return sum(float(x) for x in self.terms) / len(self.terms)

    def describe(self) -> str:
        """E.g. ``mean(2/sqrt(12), 1)``: each term as r·sqrt(s)."""
        parts = []
        for x in self.terms:
            r, s = _value(x).split()
            parts.append(str(r) if s == 1 else f"{r}*sqrt({s})")
        return f"mean({', '.join(parts)})"
