"""Arithmetic interpretations that the metric formulas are evaluated in.

Every formula in :mod:`metricoracle.spec._formulas` is written once, over values that
support ``+ - *`` and one guarded operation, ``Arith.div``.  Three interpretations exist:

* :data:`EXACT` -- Python ``int``/:class:`fractions.Fraction` (the reference);
* :data:`FLOAT` -- numpy float64 scalars or arrays (the fast path, one value per label);
* ``metricoracle.proofs`` -- z3 real terms (the theorems).

Division by zero is never a Python ``if`` inside a formula: a formula returns a
:class:`Ratio` and the interpretation decides, through ``div(num, den, if_zero=...)``,
what ``x/0`` becomes.  Two traps are handled here rather than in the formulas: in Python
``int / int`` is a float (so :data:`EXACT` converts to ``Fraction`` first), and in z3
``Int / Int`` is integer division (so the z3 interpretation divides real terms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Generic, Protocol, TypeVar

import numpy as np

N = TypeVar("N")


@dataclass(frozen=True, slots=True)
class Ratio(Generic[N]):
    """A metric's value before division: ``num / den``, undefined when ``den == 0``."""

    num: N
    den: N


@dataclass(frozen=True, slots=True)
class SqrtRatio(Generic[N]):
    """``num / sqrt(den_sq)``, undefined when ``den_sq == 0`` (the shape of MCC).

    Kept square-root free so that exact comparison (sign and squares) and z3 proofs
    (polynomial arithmetic) need no irrational numbers.
    """

    num: N
    den_sq: N


class Arith(Protocol[N]):
    """The operations a formula's interpretation must provide besides ``+ - *``."""

    def lift(self, value: int | Fraction) -> N:
        """Embed an exact constant."""
        ...

    def vector(self, values: Any) -> Any:
        """Convert raw counts (a scalar or a 1-D array) to this interpretation."""
        ...

    def div(self, num: N, den: N, *, if_zero: Any) -> N:
        """``num / den``; ``if_zero`` where ``den == 0`` (elementwise for arrays)."""
        ...

    def total(self, values: Any) -> N:
        """``Σ values`` of a vector (the Σ in the averages' definitions)."""
        ...


_RATIONAL = (int, Fraction)


def to_fraction(value: Any) -> Fraction:
    """``Fraction(value)`` that also takes numpy scalars (``Fraction(np.float32(0.5))``
    raises TypeError; ``.item()`` gives the exact Python int/float first)."""
    if isinstance(value, np.generic):
        value = value.item()
    return Fraction(value)


def common_denominator(values: list[Any]) -> tuple[list[int], int]:
    """``int``/``Fraction`` values as integer numerators over one denominator D (the lcm).

    Sums of Python ints cost a fraction of sums of Fractions (no gcd per addition); for
    values that came from floats D is a power of two.
    """
    scale = math.lcm(*{v.denominator for v in values})
    return [v.numerator * (scale // v.denominator) for v in values], scale


def _exact_div(num: Any, den: Any, if_zero: Any) -> Any:
    if den == 0:
        return if_zero
    if type(num) is int and type(den) is int:  # the common case: one gcd, no float
        return Fraction(num, den)
    if type(num) in _RATIONAL and type(den) in _RATIONAL:  # (a/b) / (c/d) = ad / bc
        return Fraction(num.numerator * den.denominator, num.denominator * den.numerator)
    return Fraction(num) / Fraction(den)


class ExactArith:
    """Rational arithmetic on ``int`` and ``Fraction``: no rounding anywhere.

    Vectors are numpy ``object`` arrays holding Python ``int``/``Fraction`` values, so
    elementwise ``+ - *`` are exact (no int64 overflow, no float rounding).
    """

    def lift(self, value: int | Fraction) -> int | Fraction:
        # Integers stay ints: int arithmetic is several times cheaper than Fraction's.
        if type(value) is int:
            return value
        value = to_fraction(value)
        return value.numerator if value.denominator == 1 else value

    def vector(self, values: Any) -> Any:
        """Convert counts (numpy integers, ints, Fractions) to exact Python numbers."""
        arr = np.asarray(values)
        if arr.dtype.kind in "iub":
            return arr.astype(object) if arr.ndim else int(arr)  # elements become Python ints
        if arr.dtype.kind == "f":
            raise TypeError("exact arithmetic received float counts; convert them with Fraction")
        return arr if arr.ndim else arr[()]

    def div(self, num: Any, den: Any, *, if_zero: Any) -> Any:
        if not isinstance(num, np.ndarray) and not isinstance(den, np.ndarray):
            return _exact_div(num, den, if_zero)
        if not (isinstance(num, np.ndarray) and isinstance(den, np.ndarray)
                and num.shape == den.shape and num.dtype == den.dtype == object):
            num, den = np.broadcast_arrays(np.asarray(num, dtype=object),
                                           np.asarray(den, dtype=object))
        out = np.empty(num.shape, dtype=object)
        out.ravel()[:] = [_exact_div(a, b, if_zero) for a, b in zip(num.ravel().tolist(),
                                                                    den.ravel().tolist(),
                                                                    strict=True)]
        return out


    def total(self, values: Any) -> Any:
        """Exact sum over one common denominator: one gcd instead of one per addition."""
        items = values.tolist() if isinstance(values, np.ndarray) else list(values)
        if all(type(v) is int for v in items):
            return sum(items)
        if not all(type(v) in _RATIONAL for v in items):
            return sum(items, start=0)
        numerators, scale = common_denominator(items)
        value = Fraction(sum(numerators), scale)
        return value.numerator if value.denominator == 1 else value


class FloatArith:
    """numpy float64 arithmetic, elementwise over arrays of per-label values."""

    def total(self, values: Any) -> Any:
        return values.sum()

    def lift(self, value: int | Fraction) -> np.float64:
        return np.float64(value)

    def vector(self, values: Any) -> Any:
        """Convert counts to float64 (arrays stay arrays, scalars become np.float64)."""
        arr = np.asarray(values, dtype=np.float64)
        return arr if arr.ndim else arr[()]

    def div(self, num: Any, den: Any, *, if_zero: Any) -> Any:
        if not isinstance(num, np.ndarray) and not isinstance(den, np.ndarray):
            return np.float64(if_zero) if den == 0 else np.float64(num) / np.float64(den)
        num = np.asarray(num, dtype=np.float64)
        den = np.asarray(den, dtype=np.float64)
        if num.shape != den.shape:
            num, den = np.broadcast_arrays(num, den)
        out = np.full(den.shape, if_zero, dtype=np.float64)
        np.divide(num, den, out=out, where=den != 0)
        return out if out.ndim else out[()]


EXACT = ExactArith()
FLOAT = FloatArith()


def evaluate(ratio: Ratio[Any], arith: Arith[Any], *, if_zero: Any) -> Any:
    """Divide a :class:`Ratio` in the given interpretation."""
    return arith.div(ratio.num, ratio.den, if_zero=if_zero)


def sqrt_ratio_to_float(value: SqrtRatio[Any]) -> float:
    """Correctly rounded float of an exact ``num / sqrt(den_sq)`` (``den_sq > 0``).

    The candidate ``math.sqrt`` answer is corrected by comparing squares of the exact
    midpoints between neighbouring floats, so the result is the float nearest to the
    real value (ties to even), not merely close to it.
    """
    num, den_sq = Fraction(value.num), Fraction(value.den_sq)
    if den_sq <= 0:
        raise ValueError(f"den_sq={den_sq} must be positive")
    if num == 0:
        return 0.0
    target = num * num / den_sq  # the square of |result|, exact
    x = math.sqrt(float(target))
    while True:
        up = math.nextafter(x, math.inf)
        mid = (Fraction(x) + Fraction(up)) / 2
        if mid * mid < target or (mid * mid == target and _odd_mantissa(x)):
            x = up
            continue
        down = math.nextafter(x, 0.0)
        mid = (Fraction(x) + Fraction(down)) / 2
        if mid * mid > target or (mid * mid == target and _odd_mantissa(x)):
            x = down
            continue
        break
    return x if num > 0 else -x  # not copysign: float(num) may overflow


def _odd_mantissa(x: float) -> bool:
    mantissa, _ = math.frexp(x)
    return int(mantissa * 2**53) % 2 == 1
