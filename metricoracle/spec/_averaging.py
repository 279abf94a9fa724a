"""Reductions of per-label values to one number, generic over arithmetic.

The zero-division policy has already been applied to each value.  With the NaN policy,
callers drop the undefined labels first (scikit-learn's ``_nanaverage``); the averages
here never see NaN.
"""

from __future__ import annotations

from typing import Any

from metricoracle.spec._arith import Arith


def mean(values: Any, arith: Arith[Any]) -> Any:
    """Macro average. Definition: Σ_i v_i / k over the k chosen labels (k ≥ 1)."""
    return arith.div(arith.total(values), arith.lift(len(values)), if_zero=arith.lift(0))


def weighted_mean(values: Any, weights: Any, arith: Arith[Any]) -> Any:
    """Weighted average. Definition: Σ_i w_i·v_i / Σ_i w_i.

    When every weight is 0 (e.g. ``average="weighted"`` and no chosen label occurs in
    y_true) the unweighted mean is returned, as scikit-learn's ``_nanaverage`` does.
    """
    return arith.div(arith.total(weights * values), arith.total(weights),
                     if_zero=mean(values, arith))
