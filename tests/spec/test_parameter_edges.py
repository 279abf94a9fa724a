"""Parameters at their edges: numpy scalars, huge weights, F_0/F_inf warnings, warn_for.

Expected values are hand calculations written next to each assertion.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

from metricoracle import spec
from metricoracle.errors import InvalidInput
from metricoracle.spec import fast


@pytest.mark.parametrize("impl", [spec, fast])
def test_numpy_scalars_are_numbers(impl) -> None:
    # y [0,1] / pred [1,1], positive 1: TP 1, FP 1, FN 0 -> F2 = 5·1 / (5·1 + 4·0 + 1) = 5/6
    assert impl.fbeta_score([0, 1], [1, 1], beta=np.float32(2)) == pytest.approx(Fraction(5, 6))
    assert impl.accuracy_score([0, 1], [0, 1], sample_weight=[np.float32(0.1)] * 2) == 1
    # y2 constant: C = [[1, 0], [2, 0]], Σ_{i≠j} p_i·t_j = 3·2 = 6, s·Σ w·C = 3·2 -> κ = 0
    assert impl.cohen_kappa_score([0, 1, 1], [0, 0, 0],
                                  replace_undefined_by=np.float32(0.5)) == 0
    # nothing predicted positive: precision 0/0 -> zero_division
    assert impl.precision_score([0, 1], [0, 0], zero_division=np.float32(1)) == 1
    assert impl.precision_score([0, 1], [0, 0], zero_division=np.int64(0)) == 0


@pytest.mark.parametrize("weights", [
    [0.1, 0.1, 0.3, 0.7, 1 / 3, 0.1, 0.3, 0.7],
    [0.1, 2.0, 0.7, 0.7, 0.1, 1 / 3, 0.1, 0.3],
])
def test_fast_mcc_of_constant_labels_is_zero_with_fractional_weights(weights) -> None:
    # one constant side makes (s² − Σp²)(s² − Σt²) = 0: MCC is 0 (scikit-learn's rule)
    assert fast.matthews_corrcoef([1] * 8, [1, 2, 0, 1, 1, 1, 1, 3], sample_weight=weights) == 0
    assert fast.matthews_corrcoef([3, 0, 0, 1, 1, 0, 0, 0], [1] * 8, sample_weight=weights) == 0


def test_exact_mcc_float_with_huge_weights() -> None:
    # C = [[2, 0], [1, 1]] (x 1e200): c·s − Σt·p = 3·4 − (2·3 + 2·1) = 4,
    # (s² − Σp²)(s² − Σt²) = (16 − 10)(16 − 8) = 48 -> MCC = 4/√48 = 1/√3
    value = spec.matthews_corrcoef([0, 1, 1, 0], [0, 1, 0, 0], sample_weight=[1e200] * 4)
    assert float(value) == pytest.approx(1 / math.sqrt(3), rel=1e-15)


def test_f0_and_finf_do_not_warn_like_sklearn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # F_0 is precision, F_inf recall: label 1 has no prediction / no true sample
        assert spec.fbeta_score([0, 0, 1], [0, 0, 0], beta=0, average=None) == [
            Fraction(2, 3), 0]
        assert spec.fbeta_score([0, 0, 0], [0, 0, 1], beta=float("inf"), average=None) == [
            Fraction(2, 3), 0]


def test_warn_for_selects_the_warnings() -> None:
    # y [0,1] / pred [0,0]: label 1 precision 0/0 (warns), recall 0/1, F 0/1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p, r, f, s = spec.precision_recall_fscore_support([0, 1], [0, 0], warn_for=())
    assert (p, r, f, s) == ([Fraction(1, 2), 0], [1, 0], [Fraction(2, 3), 0], [1, 1])
    with pytest.warns(UserWarning, match="Precision"):
        spec.precision_recall_fscore_support([0, 1], [0, 0], warn_for=("precision",))
    with pytest.raises(TypeError, match="warn_for"):
        spec.precision_recall_fscore_support([0, 1], [0, 0], warn_for="precision")


def test_overflowing_parameters_are_value_errors() -> None:
    with pytest.raises(InvalidInput, match="beta"):
        fast.fbeta_score([0, 1], [1, 1], beta=1e200)
    # exact: F_β → recall as β → ∞; here recall is 1 and precision 1/2, so F is just below 1
    assert Fraction(1, 2) < spec.fbeta_score([0, 1], [1, 1], beta=1e200) < 1
    with pytest.raises(InvalidInput, match="column indices"):
        spec.precision_score([[0, 1], [1, 1]], [[0, 1], [1, 0]], labels=[2**64],
                             average="macro")
