"""Named policies: averaging and zero division.  Strings are converted here, once.

scikit-learn's ``zero_division`` mixes a value with a messaging choice ("warn" means 0
plus a warning); here the two are separate fields of :class:`ZeroDivision`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.errors import InvalidInput


class Average(StrEnum):
    """How per-label values are reduced to one number (scikit-learn's ``average=``).

    ``None`` (no reduction, one value per label) is represented by Python ``None``.
    """

    BINARY = "binary"    # the pos_label's value only (binary data)
    MICRO = "micro"      # pool the counts of the chosen labels, then apply the formula
    MACRO = "macro"      # unweighted mean over the chosen labels
    WEIGHTED = "weighted"  # mean weighted by each label's true support (TP + FN)
    SAMPLES = "samples"  # per-sample value, averaged over samples (multilabel only)


_AVERAGES = {a.value: a for a in Average}


def parse_average(average: Any, *, allowed: tuple[Average | None, ...]) -> Average | None:
    """Return the :class:`Average` for ``average`` or raise a ValueError listing ``allowed``."""
    if average is None and None in allowed:
        return None
    parsed = _AVERAGES.get(average) if isinstance(average, str) else None
    if parsed is None or parsed not in allowed:
        choices = ", ".join(repr(a.value if a is not None else None) for a in allowed)
        raise InvalidInput(f"average={average!r} is not one of {choices}")
    return parsed


@dataclass(frozen=True, slots=True)
class ZeroDivision:
    """What a 0/0 metric becomes: ``value`` (0, 1 or NaN) and whether to warn.

    ``value`` is ``Fraction(0)``, ``Fraction(1)`` or ``float('nan')``.  With NaN, averages
    ignore the undefined labels (scikit-learn's ``_nanaverage``); a result is NaN only
    when every label is undefined.
    """

    value: Fraction | float
    warn: bool = False

    @property
    def is_nan(self) -> bool:
        return isinstance(self.value, float) and math.isnan(self.value)

    def float_value(self) -> float:
        return float(self.value)


_WARN = ZeroDivision(Fraction(0), warn=True)
_VALUES = {0: ZeroDivision(Fraction(0)), 1: ZeroDivision(Fraction(1))}
_NAN = ZeroDivision(math.nan)


def parse_zero_division(zero_division: Any) -> ZeroDivision:
    """Convert scikit-learn's ``zero_division`` ("warn", 0, 1 or NaN) into a policy."""
    if isinstance(zero_division, str):
        if zero_division == "warn":
            return _WARN
    elif isinstance(zero_division, int | float | np.integer | np.floating) and not isinstance(
            zero_division, bool | np.bool_):
        if math.isnan(zero_division):
            return _NAN
        if zero_division in (0, 1):
            return _VALUES[int(zero_division)]
    raise InvalidInput(
        f"zero_division={zero_division!r} is not one of 'warn', 0, 1, 0.0, 1.0, np.nan"
    )
