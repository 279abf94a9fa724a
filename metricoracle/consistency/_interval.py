"""Reported numbers as exact rational intervals, under an explicit rounding mode.

A paper that prints ``0.8125`` with 4 decimals says that the true value x was rounded to
``v = 0.8125``; which x are possible depends on the rounding rule.  With ``u = 10**-d`` (the
unit in the last printed place) and ``h = u/2``:

* ``HALF_EVEN`` (round half to even, Python's ``round`` and numpy's ``around``):
  ``[v-h, v+h]`` when the last digit of v is even, ``(v-h, v+h)`` when it is odd
  (a tie goes to the neighbour whose last digit is even);
* ``HALF_UP`` (ties away from zero, ``decimal.ROUND_HALF_UP``, school rounding):
  ``[v-h, v+h)`` for v > 0, ``(v-h, v+h]`` for v < 0, ``(-h, h)`` for v = 0;
* ``FLOOR`` (towards -inf): ``[v, v+u)``;  ``CEILING`` (towards +inf): ``(v-u, v]``;
* ``TRUNCATE`` (towards 0, "cut the digits"): ``[v, v+u)`` for v > 0 or a printed ``+0``,
  ``(v-u, v]`` for v < 0 or a printed ``-0``; a plain ``0`` gives ``(-u, u)``;
* ``ANY`` (the report does not say): the union of all the above, ``(v-u, v+u)``.

Every bound is a :class:`fractions.Fraction`; no float ever enters, so an interval never
admits a value the rounding rule excludes (no 1e-6 slack).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from metricoracle.consistency._choices import parse_choice
from metricoracle.errors import InvalidInput


class Rounding(StrEnum):
    """How a reported number was produced from the exact score."""

    HALF_EVEN = "half-even"
    HALF_UP = "half-up"
    FLOOR = "floor"
    CEILING = "ceiling"
    TRUNCATE = "truncate"
    ANY = "any"


ROUNDING_ALIASES: dict[str, Rounding] = {
    "half_even": Rounding.HALF_EVEN, "nearest-even": Rounding.HALF_EVEN,
    "bankers": Rounding.HALF_EVEN, "half_up": Rounding.HALF_UP, "nearest": Rounding.HALF_UP,
    "ceil": Rounding.CEILING, "trunc": Rounding.TRUNCATE, "truncation": Rounding.TRUNCATE,
}


def parse_rounding(text: str | Rounding) -> Rounding:
    """Convert a rounding name (or alias) into :class:`Rounding`; errors list the choices."""
    return parse_choice(Rounding, text, "rounding", ROUNDING_ALIASES)


@dataclass(frozen=True, slots=True)
class Interval:
    """The exact set ``{x : lo <(=) x <(=) hi}`` of rationals; each end open or closed."""

    lo: Fraction
    hi: Fraction
    lo_closed: bool = True
    hi_closed: bool = True

    def __post_init__(self) -> None:
        if self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed)):
            raise InvalidInput(f"interval {self} is empty")

    def contains(self, x: Fraction | int) -> bool:
        """Exact membership test."""
        above = x >= self.lo if self.lo_closed else x > self.lo
        below = x <= self.hi if self.hi_closed else x < self.hi
        return above and below

    def scaled(self, factor: Fraction) -> Interval:
        """The interval multiplied by a positive constant (e.g. 1/100 for percentages)."""
        return Interval(self.lo * factor, self.hi * factor, self.lo_closed, self.hi_closed)

    def intersects(self, other: Interval) -> bool:
        """Whether the two intervals share a point."""
        lo, lo_closed = max((self.lo, not self.lo_closed), (other.lo, not other.lo_closed))
        hi, hi_closed = min((self.hi, self.hi_closed), (other.hi, other.hi_closed))
        return lo < hi or (lo == hi and not lo_closed and hi_closed)

    def __str__(self) -> str:
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        return f"{left}{_show(self.lo)}, {_show(self.hi)}{right}"


def _show(x: Fraction) -> str:
    """A Fraction as a terminating decimal when it is one, else as ``p/q``."""
    den = x.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return f"{x.numerator}/{x.denominator}"
    digits = max(twos, fives)
    return str((Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal(1).scaleb(-digits)))


def parse_decimal(text: str) -> tuple[Fraction, int, bool]:
    """``"0.8125"`` -> (Fraction(13, 16), 4 decimals, negative sign printed)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(f"value={text!r} is not a decimal number") from None
    if not value.is_finite():
        raise InvalidInput(f"value={text!r} is not a finite number")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Fraction(value), max(0, -exponent), value.is_signed()


def rounding_interval(value: Fraction, decimals: int, mode: Rounding, *,
                      negative_sign: bool = False) -> Interval:
    """The exact set of values that ``mode`` prints as ``value`` with ``decimals`` digits.

    ``negative_sign`` tells a printed ``-0.00`` from ``0.00`` (only TRUNCATE cares).
    Raises InvalidInput when ``value`` has more digits than ``decimals``.
    """
    if decimals < 0:
        raise InvalidInput(f"decimals={decimals} must be >= 0")
    unit = Fraction(1, 10**decimals)
    if (value / unit).denominator != 1:
        raise InvalidInput(f"value={_show(value)} has more than decimals={decimals} digits")
    half = unit / 2
    if mode is Rounding.HALF_EVEN:
        even = (value / unit).numerator % 2 == 0
        return Interval(value - half, value + half, even, even)
    if mode is Rounding.HALF_UP:
        return Interval(value - half, value + half, value > 0, value < 0)
    if mode is Rounding.FLOOR:
        return Interval(value, value + unit, True, False)
    if mode is Rounding.CEILING:
        return Interval(value - unit, value, False, True)
    if mode is Rounding.TRUNCATE:
        if value > 0:
            return Interval(value, value + unit, True, False)
        if value < 0 or negative_sign:
            return Interval(value - unit, value, False, True)
        return Interval(-unit, unit, False, False)
    return Interval(value - unit, value + unit, False, False)


def parse_interval(text: str) -> Interval:
    """``"[0.80, 0.82)"`` -> Interval; brackets give closedness (``a..b`` means ``[a, b]``)."""
    raw = text.strip()
    if ".." in raw and raw[0] not in "[(":
        lo_text, hi_text = raw.split("..", 1)
        return Interval(parse_decimal(lo_text)[0], parse_decimal(hi_text)[0])
    if len(raw) < 5 or raw[0] not in "[(" or raw[-1] not in "])" or "," not in raw:
        raise InvalidInput(f"interval={text!r} is not like '[0.80, 0.82)' or '0.80..0.82'")
    lo_text, hi_text = raw[1:-1].split(",", 1)
    return Interval(parse_decimal(lo_text)[0], parse_decimal(hi_text)[0],
                    raw[0] == "[", raw[-1] == "]")
