"""Every public metric implementation, in one list (backend-generic, unbound).

:mod:`metricoracle.spec` binds each to the exact backend and :mod:`metricoracle.spec.fast`
to the float64 backend, so both always expose the same functions.  ``CONVERSIONS`` are
score → label functions that need no backend; both modules export them unchanged.
"""

from __future__ import annotations

from metricoracle.spec import _matrix_metrics, _scalar_metrics, _scores, _setwise_metrics

IMPLEMENTATIONS = (
    *_setwise_metrics.IMPLEMENTATIONS,
    *_matrix_metrics.IMPLEMENTATIONS,
    *_scalar_metrics.IMPLEMENTATIONS,
    *_scores.IMPLEMENTATIONS,
)

CONVERSIONS = _scores.CONVERSIONS
