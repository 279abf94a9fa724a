"""The exact reference: classification metrics with scikit-learn's names and parameters.

Results are exact: ``fractions.Fraction`` scalars, lists of them per label, integer (or
``Fraction``) confusion matrices, and ``float('nan')`` only where ``zero_division=nan``
asks for it.  MCC is returned as an :class:`ExactSqrt` (``float()`` is correctly rounded).
:mod:`metricoracle.spec.fast` has the same functions on numpy float64.

Every formula is defined once in :mod:`metricoracle.spec._formulas`, generic over its
arithmetic, and shared by this module, the fast path and the z3 proofs.
"""

from __future__ import annotations

from metricoracle.spec._backend import EXACT_BACKEND, ExactSqrt, bind
from metricoracle.spec._inputs import TargetKind
from metricoracle.spec._policy import Average, ZeroDivision
from metricoracle.spec._registry import CONVERSIONS, IMPLEMENTATIONS

METRIC_NAMES: tuple[str, ...] = tuple(impl.__name__.lstrip("_") for impl in IMPLEMENTATIONS)

for _impl in IMPLEMENTATIONS:
    globals()[_impl.__name__.lstrip("_")] = bind(_impl, EXACT_BACKEND)
del _impl
for _conversion in CONVERSIONS:
    globals()[_conversion.__name__] = _conversion
del _conversion
CONVERSION_NAMES: tuple[str, ...] = tuple(c.__name__ for c in CONVERSIONS)

from metricoracle.spec import fast  # noqa: E402  (so that ``spec.fast`` works after ``import spec``)

__all__ = [
    "CONVERSION_NAMES", "METRIC_NAMES", "Average", "ExactSqrt", "TargetKind", "ZeroDivision", "fast",
    *METRIC_NAMES, *CONVERSION_NAMES,
]
