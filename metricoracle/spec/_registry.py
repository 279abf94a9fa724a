"""Every public metric implementation, in one list (backend-generic, unbound).

:mod:`metricoracle.spec` binds each to the exact backend and :mod:`metricoracle.spec.fast`
to the float64 backend, so both always expose the same functions.
"""

from __future__ import annotations

from metricoracle.spec import _setwise_metrics

IMPLEMENTATIONS = (
    *_setwise_metrics.IMPLEMENTATIONS,
)
