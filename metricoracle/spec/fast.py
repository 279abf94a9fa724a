"""The spec's functions on numpy float64, for large inputs (scikit-learn's return types).

Same code as :mod:`metricoracle.spec` (same validation, counting and formulas), with
the float64 interpretation of the arithmetic: scalars are Python ``float``, per-label
results float64 arrays, confusion matrices int64 (float64 with fractional weights).
Labels that are integers in a small range are counted directly (one min/max pass, no
sort); other labels are re-encoded with ``np.unique``.
"""

from __future__ import annotations

from metricoracle.spec._backend import FAST_BACKEND, bind
from metricoracle.spec._registry import CONVERSIONS, IMPLEMENTATIONS

for _impl in IMPLEMENTATIONS:
    globals()[_impl.__name__.lstrip("_")] = bind(_impl, FAST_BACKEND)
del _impl
for _conversion in CONVERSIONS:
    globals()[_conversion.__name__] = _conversion
del _conversion

__all__ = [*(impl.__name__.lstrip("_") for impl in IMPLEMENTATIONS),
           *(c.__name__ for c in CONVERSIONS)]
