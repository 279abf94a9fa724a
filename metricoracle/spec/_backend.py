"""Backends: the same public functions, exact (Fraction) or fast (numpy float64).

A public metric is written once as ``_name(backend, y_true, y_pred, *, ...)``;
:func:`bind` fixes the backend and keeps the name, signature and docstring.  The exact
backend returns ``Fraction`` (NaN as ``float('nan')``), lists of them per label and
integer/Fraction matrices; the fast backend returns what scikit-learn returns (Python
``float`` scalars, float64 arrays).
"""

from __future__ import annotations

import functools
import inspect
import math
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.spec._arith import EXACT, FLOAT, Arith, SqrtRatio, sqrt_ratio_to_float


@dataclass(frozen=True, slots=True)
class Backend:
    """An interpretation of the formulas plus how results are handed to the user."""

    name: str
    arith: Arith[Any]
    exact: bool

    def scalar(self, value: Any) -> Any:
        """A user-facing scalar: ``Fraction`` or NaN (exact), ``float`` (fast)."""
        if self.exact:
            if type(value) is Fraction:
                return value
            if isinstance(value, float):
                return value  # NaN from the zero-division policy
            return Fraction(value)
        return float(value)

    def per_label(self, values: Any) -> Any:
        """User-facing per-label values: a list (exact) or a float64 array (fast)."""
        if self.exact:
            return [self.scalar(v) for v in np.asarray(values, dtype=object).ravel()]
        return np.asarray(values, dtype=np.float64)

    def per_label_counts(self, values: Any) -> Any:
        """Per-label counts: ints (Fractions for fractional weights) or an int64/float64 array."""
        if self.exact:
            return [int(v) if Fraction(v).denominator == 1 else Fraction(v)
                    for v in np.asarray(values, dtype=object).ravel()]
        arr = np.asarray(values, dtype=np.float64)
        return arr.astype(np.int64) if np.all(arr == np.round(arr)) else arr

    def nan_mask(self, values: Any) -> np.ndarray:
        """Where per-label values are NaN (only the NaN zero-division policy makes them)."""
        return np.array([isinstance(v, float) and math.isnan(v) for v in np.ravel(values)],
                        dtype=bool) if self.exact else np.isnan(np.asarray(values, dtype=float))

    def sqrt_ratio(self, value: SqrtRatio[Any], *, if_zero: Any) -> Any:
        """Evaluate ``num / sqrt(den_sq)``: an :class:`ExactSqrt` or a float."""
        if self.exact:
            if value.den_sq == 0:
                return Fraction(if_zero)
            return ExactSqrt(Fraction(value.num), Fraction(value.den_sq))
        den_sq = float(value.den_sq)
        if den_sq <= 0:  # < 0 only by float rounding of a product that is exactly 0
            return float(if_zero)
        return float(value.num) / math.sqrt(den_sq)


@dataclass(frozen=True, slots=True)
class ExactSqrt:
    """An exact value ``num / sqrt(den_sq)`` (MCC is irrational in general).

    ``float(x)`` is correctly rounded; ``x.square`` is the exact square, ``x.sign`` the
    sign; comparisons with numbers are exact.
    """

    num: Fraction
    den_sq: Fraction

    @property
    def sign(self) -> int:
        return (self.num > 0) - (self.num < 0)

    @property
    def square(self) -> Fraction:
        return self.num * self.num / self.den_sq

    def __float__(self) -> float:
        return sqrt_ratio_to_float(SqrtRatio(self.num, self.den_sq))

    def as_fraction(self) -> Fraction | None:
        """The value as a Fraction when it is rational, else None."""
        from math import isqrt

        sq = self.square
        n, d = sq.numerator, sq.denominator
        rn, rd = isqrt(n), isqrt(d)
        if rn * rn == n and rd * rd == d:
            return self.sign * Fraction(rn, rd)
        return None

    def _cmp_key(self, other: Any) -> int:
        """-1, 0, 1 as self <, ==, > other (exactly)."""
        other = Fraction(other)
        if self.sign != ((other > 0) - (other < 0)):
            return (self.sign > ((other > 0) - (other < 0))) * 2 - 1
        diff = self.square - other * other
        s = (diff > 0) - (diff < 0)
        return s * self.sign

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ExactSqrt):
            return self.sign == other.sign and self.square == other.square
        if isinstance(other, int | Fraction):
            return self._cmp_key(other) == 0
        if isinstance(other, float) and math.isfinite(other):
            return self._cmp_key(Fraction(other)) == 0
        return NotImplemented

    def __hash__(self) -> int:
        value = self.as_fraction()
        return hash(value) if value is not None else hash((self.num, self.den_sq))

    def __lt__(self, other: Any) -> bool:
        return self._cmp_key(other) < 0

    def __le__(self, other: Any) -> bool:
        return self._cmp_key(other) <= 0

    def __gt__(self, other: Any) -> bool:
        return self._cmp_key(other) > 0

    def __ge__(self, other: Any) -> bool:
        return self._cmp_key(other) >= 0

    def __repr__(self) -> str:
        value = self.as_fraction()
        if value is not None:
            return f"ExactSqrt({value})"
        return f"ExactSqrt({self.num} / sqrt({self.den_sq}) ≈ {float(self)!r})"


EXACT_BACKEND = Backend("exact", EXACT, exact=True)
FAST_BACKEND = Backend("fast", FLOAT, exact=False)


def warn_caller(message: str, category: type[Warning]) -> None:
    """``warnings.warn`` attributed to the first frame outside ``metricoracle.spec``: the
    user's line, whatever the depth of the call inside the spec."""
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_globals.get("__name__", "").startswith("metricoracle.spec"):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def bind(impl: Callable[..., Any], backend: Backend) -> Callable[..., Any]:
    """The public function for ``impl`` with its first (backend) parameter fixed."""
    name = impl.__name__.lstrip("_")

    @functools.wraps(impl)
    def public(*args: Any, **kwargs: Any) -> Any:
        return impl(backend, *args, **kwargs)

    signature = inspect.signature(impl)
    params = list(signature.parameters.values())[1:]
    public.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    public.__name__ = public.__qualname__ = name
    public.__module__ = "metricoracle.spec" if backend.exact else "metricoracle.spec.fast"
    return public
