"""From a z3 model to a replayed, concrete counterexample.

A z3 model is not yet a counterexample: it may exploit SMT's unspecified ``x/0`` or a
convention that only exists inside the solver.  So every model is

1. read as exact rationals (a sample-weighted confusion matrix, searched over Reals
   because nonlinear integer search does not terminate), then
2. scaled by the lcm of the denominators to an integer confusion matrix (every metric
   is a ratio of homogeneous polynomials of equal degree, so it is scale-invariant),
3. re-evaluated through the exact spec (the same claim function, ``Fraction``
   arithmetic): the hypotheses must hold and the goal must be false; and
4. re-evaluated through scikit-learn on label vectors built from the matrix, when
   scikit-learn is importable (imported lazily).

Only a counterexample that survives step 3 is reported as ``refuted``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import z3

from metricoracle.proofs._fixedn import SPEC, ClaimFn, Formulas


def model_value(model: Any, term: Any) -> Fraction:
    """The exact value of ``term`` in ``model`` (0 where the model leaves it free)."""
    value = model.eval(term, model_completion=True)
    if z3.is_int_value(value):
        return Fraction(value.as_long())
    if z3.is_rational_value(value):
        return Fraction(value.numerator_as_long(), value.denominator_as_long())
    if z3.is_algebraic_value(value):
        raise ValueError(f"{term} is irrational in the model ({value})")
    raise ValueError(f"{term} has no numeric value in the model ({value})")


def model_matrix(model: Any, n: int, *, integer: bool = False) -> np.ndarray:
    """The n×n matrix of ``c_i_j`` values in ``model`` (exact rationals)."""
    make = z3.Int if integer else z3.Real
    out = np.empty((n, n), dtype=object)
    for i in range(n):
        for j in range(n):
            out[i, j] = model_value(model, make(f"c_{i}_{j}"))
    return out


def scale_to_integers(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Multiply rationals by the lcm of their denominators: (integer array, factor)."""
    factor = 1
    for v in values.ravel():
        factor = math.lcm(factor, Fraction(v).denominator)
    out = np.empty(values.shape, dtype=object)
    for index in np.ndindex(values.shape):
        out[index] = int(Fraction(values[index]) * factor)
    return out, factor


def labels_from_matrix(matrix: np.ndarray) -> tuple[list[int], list[int]]:
    """``y_true, y_pred`` with ``matrix[i, j]`` samples of true ``i`` predicted ``j``."""
    y_true: list[int] = []
    y_pred: list[int] = []
    for (i, j), count in np.ndenumerate(matrix):
        y_true += [i] * int(count)
        y_pred += [j] * int(count)
    return y_true, y_pred


def _fmt(value: Any) -> Any:
    if isinstance(value, Fraction | int | np.integer):
        return str(Fraction(value))
    if isinstance(value, float | np.floating):
        return float(value)
    return str(value)


SklearnCheck = Callable[[list[int], list[int], Any], dict[str, Any]]


def replay_matrix(claim: ClaimFn, model: Any, n: int, *, formulas: Formulas = SPEC,
                  sklearn_check: SklearnCheck | None = None,
                  integer: bool = False) -> dict[str, Any]:
    """Turn a model of ``¬goal`` into a replayed counterexample record.

    Returns a dict with the integer ``matrix``, ``zero_division``, the exact ``values``
    and ``confirmed`` (hypotheses true and goal false in exact arithmetic); with
    scikit-learn importable also ``sklearn`` (its values and whether the goal fails
    there too).
    """
    rational = model_matrix(model, n, integer=integer)
    matrix, factor = scale_to_integers(rational)
    zd = model_value(model, z3.Real("zd"))
    exact = claim(matrix, formulas.exact(), zd)
    hyps_ok = all(bool(h) for h in exact.hyps)
    record: dict[str, Any] = {
        "matrix": [[int(x) for x in row] for row in matrix],
        "zero_division": _fmt(zd),
        "scale": factor,
        "values": {k: _fmt(v) for k, v in exact.values.items()},
        "confirmed": hyps_ok and not bool(exact.goal),
    }
    if sklearn_check is not None and sklearn_available():
        y_true, y_pred = labels_from_matrix(matrix)
        record["sklearn"] = sklearn_check(y_true, y_pred, zd)
    return record


def sklearn_available() -> bool:
    try:
        import sklearn.metrics  # noqa: F401
    except ImportError:
        return False
    return True


def sklearn_zero_division(zd: Fraction) -> Any:
    """scikit-learn's zero_division argument for an exact value (0, 1 or a float)."""
    return int(zd) if zd in (0, 1) else float(zd)
