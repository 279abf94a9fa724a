"""Known answers for accuracy, losses, balanced accuracy, MCC, kappa and likelihood ratios.

Expected values are computed by hand in the comments; several reproduce the examples of
scikit-learn 1.9.1's docstrings (cited), never by calling this package.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction as Fr

import numpy as np
import pytest

from metricoracle import spec
from metricoracle.errors import UndefinedMetricWarning
from metricoracle.spec import fast

W = [0.5, 2, 0.25]  # exact binary fractions 1/2, 2, 1/4


def test_accuracy() -> None:
    # sklearn docstring: [0,2,1,3] vs [0,1,2,3]: positions 0 and 3 agree → 2/4
    assert spec.accuracy_score([0, 1, 2, 3], [0, 2, 1, 3]) == Fr(1, 2)
    assert spec.accuracy_score([0, 1, 2, 3], [0, 2, 1, 3], normalize=False) == 2
    # weighted: correct samples 0 (1/2) and 1 (2) of total 11/4 → (5/2)/(11/4) = 10/11
    assert spec.accuracy_score([0, 1, 1], [0, 1, 0], sample_weight=W) == Fr(10, 11)
    assert spec.accuracy_score([0, 1, 1], [0, 1, 0], sample_weight=W, normalize=False) \
        == Fr(5, 2)
    # multilabel subset accuracy (sklearn docstring): row 1 matches, row 0 not → 1/2
    assert spec.accuracy_score(np.array([[0, 1], [1, 1]]), np.ones((2, 2))) == Fr(1, 2)


def test_zero_one_loss() -> None:
    # sklearn docstring: [1,2,3,4] vs [2,2,3,4] → one error of 4
    assert spec.zero_one_loss([1, 2, 3, 4], [2, 2, 3, 4]) == Fr(1, 4)
    assert spec.zero_one_loss([1, 2, 3, 4], [2, 2, 3, 4], normalize=False) == 1
    assert spec.zero_one_loss([0, 1, 1], [0, 1, 0], sample_weight=W) == Fr(1, 11)
    assert spec.zero_one_loss(np.array([[0, 1], [1, 1]]), np.ones((2, 2))) == Fr(1, 2)


def test_hamming_loss() -> None:
    # sklearn docstring: [1,2,3,4] vs [2,2,3,4] → 1/4
    assert spec.hamming_loss([1, 2, 3, 4], [2, 2, 3, 4]) == Fr(1, 4)
    # sklearn docstring: [[0,1],[1,1]] vs zeros → 3 of 4 cells differ
    assert spec.hamming_loss(np.array([[0, 1], [1, 1]]), np.zeros((2, 2))) == Fr(3, 4)
    # weighted: sample 0 differs in 2 cells (w 1), sample 1 in 0 (w 3): 2 / (2 labels · 4)
    assert spec.hamming_loss([[0, 1], [1, 1]], [[1, 0], [1, 1]], sample_weight=[1, 3]) \
        == Fr(1, 4)


def test_balanced_accuracy() -> None:
    # sklearn docstring: recall(0) = 3/4, recall(1) = 1/2 → 5/8
    y_true, y_pred = [0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]
    assert spec.balanced_accuracy_score(y_true, y_pred) == Fr(5, 8)
    # adjusted, k = 2: (2·5/8 − 1)/(2 − 1) = 1/4
    assert spec.balanced_accuracy_score(y_true, y_pred, adjusted=True) == Fr(1, 4)
    # class 2 only predicted: skipped with a warning; recalls 1/2 and 1 → 3/4
    with pytest.warns(UserWarning, match="not in y_true"):
        assert spec.balanced_accuracy_score([0, 0, 1, 1], [0, 2, 1, 1]) == Fr(3, 4)
    # weighted: class 0 recall (1/2)/(1/2 + 0) ... y_true [0,0,1] y_pred [0,1,1] w [1,3,1]
    # recall(0) = 1/4, recall(1) = 1 → 5/8
    assert spec.balanced_accuracy_score([0, 0, 1], [0, 1, 1], sample_weight=[1, 3, 1]) \
        == Fr(5, 8)


def test_balanced_accuracy_adjusted_single_class_is_nan() -> None:
    # divergence balanced_accuracy_adjusted_single_class: 1 − 1/1 = 0 in the denominator
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(spec.balanced_accuracy_score([0, 0], [0, 1], adjusted=True))
        assert math.isnan(fast.balanced_accuracy_score([0, 0], [0, 1], adjusted=True))


def test_matthews_corrcoef_binary_sklearn_docstring() -> None:
    # [+1,+1,+1,−1] vs [+1,−1,+1,+1]: TP 2, FN 1, FP 1, TN 0
    # (TP·TN − FP·FN)/sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = (0 − 1)/sqrt(3·3·1·1) = −1/3
    value = spec.matthews_corrcoef([1, 1, 1, -1], [1, -1, 1, 1])
    assert value == Fr(-1, 3)
    assert fast.matthews_corrcoef([1, 1, 1, -1], [1, -1, 1, 1]) == pytest.approx(-1 / 3)


def test_matthews_corrcoef_irrational_and_multiclass() -> None:
    # TP 1, FN 1, FP 0, TN 2: (1·2 − 0)/sqrt(1·2·2·3) = 2/sqrt(12) = 1/sqrt(3)
    value = spec.matthews_corrcoef([1, 1, 0, 0], [1, 0, 0, 0])
    assert value.sign == 1
    assert value.square == Fr(1, 3)
    assert abs(float(value) - 3 ** -0.5) <= math.ulp(3 ** -0.5)
    # multiclass (Gorodkin): C = [[1,0,0],[0,1,0],[0,1,1]], t = [1,1,2], p = [1,2,1],
    # c = 3, s = 4: (3·4 − (1+2+2)) / sqrt((16 − 6)(16 − 6)) = 7/10
    assert spec.matthews_corrcoef([0, 1, 2, 2], [0, 1, 1, 2]) == Fr(7, 10)
    # zero denominator (one true class): scikit-learn's convention 0
    assert spec.matthews_corrcoef([0, 0], [0, 1]) == 0


KAPPA_Y1 = ["negative", "positive", "negative", "neutral", "positive"]
KAPPA_Y2 = ["negative", "positive", "negative", "neutral", "negative"]
# labels sorted: negative, neutral, positive; C (rows y1) = [[2,0,0],[0,1,0],[1,0,1]],
# row sums t = [2,1,2], column sums p = [3,1,1], s = 5.


def test_cohen_kappa_sklearn_docstring() -> None:
    # p_o = 4/5; p_e = Σ t·p / s² = (6 + 1 + 2)/25 = 9/25; κ = (4/5 − 9/25)/(16/25) = 11/16
    assert spec.cohen_kappa_score(KAPPA_Y1, KAPPA_Y2) == Fr(11, 16)


def test_cohen_kappa_weighted() -> None:
    # linear: Σ w·C = |2−0|·1 = 2; Σ_ij |i−j| t_i p_j = 2(1+2) + 1(3+1) + 2(6+1) = 24,
    # expected disagreement 24/5; κ = 1 − 2/(24/5) = 7/12
    assert spec.cohen_kappa_score(KAPPA_Y1, KAPPA_Y2, weights="linear") == Fr(7, 12)
    # quadratic: Σ w·C = 4; Σ (i−j)² t_i p_j = 2(1+4) + 1(3+1) + 2(12+1) = 40 → 8;
    # κ = 1 − 4/8 = 1/2
    assert spec.cohen_kappa_score(KAPPA_Y1, KAPPA_Y2, weights="quadratic") == Fr(1, 2)


def test_cohen_kappa_undefined_and_errors() -> None:
    with pytest.warns(UndefinedMetricWarning):
        assert math.isnan(spec.cohen_kappa_score([0, 0], [0, 0]))
    with pytest.warns(UndefinedMetricWarning):
        assert spec.cohen_kappa_score([0, 0], [0, 0], replace_undefined_by=0.25) == Fr(1, 4)
    with pytest.raises(ValueError, match="y1"):
        spec.cohen_kappa_score([0, 1], [0, 1], labels=[2])
    with pytest.raises(ValueError, match="weights"):
        spec.cohen_kappa_score([0, 1], [0, 1], weights="cubic")
    with pytest.raises(ValueError, match="replace_undefined_by"):
        spec.cohen_kappa_score([0, 1], [0, 1], replace_undefined_by=2)


def test_class_likelihood_ratios_sklearn_docstring() -> None:
    # TP 1 (pos. 1), FN 1 (pos. 3), FP 1 (pos. 0), TN 2:
    # LR+ = (1/2)/(1/3) = 3/2, LR− = (1/2)/(2/3) = 3/4
    assert spec.class_likelihood_ratios([0, 1, 0, 1, 0], [1, 1, 0, 0, 0]) == (Fr(3, 2), Fr(3, 4))
    y_true = ["non-cat", "cat", "non-cat", "cat", "non-cat"]
    y_pred = ["cat", "cat", "non-cat", "non-cat", "non-cat"]
    assert spec.class_likelihood_ratios(y_true, y_pred, labels=["non-cat", "cat"]) \
        == (Fr(3, 2), Fr(3, 4))


def test_class_likelihood_ratios_undefined() -> None:
    # TP 1, FN 1, FP 0, TN 1: LR+ = (1/2)/0 undefined; LR− = (1/2)/(1/1) = 1/2
    with pytest.warns(UndefinedMetricWarning):
        lr_pos, lr_neg = spec.class_likelihood_ratios([0, 1, 1], [0, 1, 0])
    assert math.isnan(lr_pos) and lr_neg == Fr(1, 2)
    with pytest.warns(UndefinedMetricWarning):
        assert spec.class_likelihood_ratios([0, 1, 1], [0, 1, 0], replace_undefined_by=1.0) \
            == (1, Fr(1, 2))
    with pytest.warns(UndefinedMetricWarning):
        assert spec.class_likelihood_ratios([0, 1, 1], [0, 1, 0],
                                            replace_undefined_by={"LR+": math.inf, "LR-": 0}) \
            == (math.inf, Fr(1, 2))


@pytest.mark.parametrize(("args", "kwargs"), [
    (([0, 1, 2], [0, 1, 1]), {}),                         # multiclass
    (([1, 1], [1, 1]), {}),                               # one class, no labels=
    (([0, 1], [0, 1]), {"labels": [0, 1, 2]}),            # labels not [neg, pos]
    (([0, 1], [0, 1]), {"replace_undefined_by": 0.5}),    # not nan, 1.0 or a dict
    (([0, 1], [0, 1]), {"replace_undefined_by": {"LR+": 0.5, "LR-": 0}}),
])
def test_class_likelihood_ratios_bad_input(args: tuple[object, object],
                                           kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        spec.class_likelihood_ratios(*args, **kwargs)


@pytest.mark.parametrize("metric", ["matthews_corrcoef", "balanced_accuracy_score",
                                    "cohen_kappa_score", "class_likelihood_ratios"])
def test_matrix_metrics_reject_multilabel(metric: str) -> None:
    with pytest.raises(ValueError, match="multilabel"):
        getattr(spec, metric)([[0, 1], [1, 1]], [[0, 1], [1, 0]])


@pytest.mark.parametrize("metric", ["accuracy_score", "zero_one_loss"])
def test_normalize_must_be_bool(metric: str) -> None:
    with pytest.raises(TypeError, match="normalize"):
        getattr(spec, metric)([0, 1], [0, 1], normalize=1)
