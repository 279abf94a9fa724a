"""Hand-computed answers for the set-wise metrics (precision, recall, F, Jaccard, ...).

Every expected value below is worked out in the comments from the definitions; none is
produced by calling metricoracle.
"""

from fractions import Fraction as Fr

import pytest

from metricoracle import spec

# The seed table: 9 samples, classes A, B, C.
#   row:   1 2 3 4 5 6 7 8 9
#   true:  A A A B B B C C C
#   pred:  A A B B B A C A A
# correct rows 1, 2, 4, 5, 7 -> accuracy 5/9.
# A: TP 2, predicted A in rows 1,2,6,8,9 -> P 2/5, R 2/3, F1 = 2*2/(2*2+3+1) = 1/2
# B: TP 2, predicted B in rows 3,4,5     -> P 2/3, R 2/3, F1 = 4/(4+1+1) = 2/3
# C: TP 1, predicted C in row 7          -> P 1,   R 1/3, F1 = 2/(2+0+2) = 1/2
SEED_TRUE = list("AAABBBCCC")
SEED_PRED = list("AABBBACAA")


def test_seed_micro_precision_recall_f1_are_five_ninths() -> None:
    for fn in (spec.precision_score, spec.recall_score, spec.f1_score):
        assert fn(SEED_TRUE, SEED_PRED, average="micro") == Fr(5, 9)


def test_seed_per_class_values() -> None:
    p, r, f, support = spec.precision_recall_fscore_support(SEED_TRUE, SEED_PRED)
    assert p == [Fr(2, 5), Fr(2, 3), Fr(1)]
    assert r == [Fr(2, 3), Fr(2, 3), Fr(1, 3)]
    assert f == [Fr(1, 2), Fr(2, 3), Fr(1, 2)]
    assert support == [3, 3, 3]


def test_seed_macro_and_weighted() -> None:
    # macro P = (2/5 + 2/3 + 1)/3 = (6/15 + 10/15 + 15/15)/3 = 31/45
    assert spec.precision_score(SEED_TRUE, SEED_PRED, average="macro") == Fr(31, 45)
    # macro R = (2/3 + 2/3 + 1/3)/3 = 5/9; equal supports, so weighted = macro
    assert spec.recall_score(SEED_TRUE, SEED_PRED, average="macro") == Fr(5, 9)
    assert spec.recall_score(SEED_TRUE, SEED_PRED, average="weighted") == Fr(5, 9)
    # macro F1 = (1/2 + 2/3 + 1/2)/3 = 5/9
    assert spec.f1_score(SEED_TRUE, SEED_PRED, average="macro") == Fr(5, 9)


def test_seed_jaccard_and_one_vs_rest_rates() -> None:
    # A: TP 2, FP 3, FN 1 -> J = 2/6; TN = 9 - 2 - 3 - 1 = 3
    assert spec.jaccard_score(SEED_TRUE, SEED_PRED, average=None) == [Fr(1, 3), Fr(1, 2), Fr(1, 3)]
    # specificity A = TN/(TN+FP) = 3/6; B: TP 2 FP 1 FN 1 TN 5 -> 5/6; C: TP1 FP0 FN2 TN6 -> 1
    assert spec.specificity_score(SEED_TRUE, SEED_PRED, average=None) == [
        Fr(1, 2), Fr(5, 6), Fr(1)]
    # NPV A = TN/(TN+FN) = 3/4; B = 5/6; C = 6/8
    assert spec.npv_score(SEED_TRUE, SEED_PRED, average=None) == [Fr(3, 4), Fr(5, 6), Fr(3, 4)]
    assert spec.fpr_score(SEED_TRUE, SEED_PRED, average=None) == [Fr(1, 2), Fr(1, 6), Fr(0)]
    assert spec.fnr_score(SEED_TRUE, SEED_PRED, average=None) == [Fr(1, 3), Fr(1, 3), Fr(2, 3)]


def test_sklearn_docstring_example_precision() -> None:
    # scikit-learn's precision_score docstring: y_true [0,1,2,0,1,2], y_pred [0,2,1,0,0,1]
    # class 0: TP 2, predicted 0 three times -> 2/3; classes 1 and 2: TP 0 -> 0.
    # documented: macro 0.22..., micro 0.33..., weighted 0.22..., None [0.66, 0, 0]
    y_true, y_pred = [0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]
    assert spec.precision_score(y_true, y_pred, average="macro") == Fr(2, 9)
    assert spec.precision_score(y_true, y_pred, average="micro") == Fr(1, 3)
    assert spec.precision_score(y_true, y_pred, average="weighted") == Fr(2, 9)
    assert spec.precision_score(y_true, y_pred, average=None) == [Fr(2, 3), Fr(0), Fr(0)]


def test_sklearn_docstring_example_fbeta_half() -> None:
    # fbeta_score docstring, beta = 0.5, same data. Class 0: TP 2, FP 1, FN 0:
    # (1 + 1/4)*2 / ((1 + 1/4)*2 + 1/4*0 + 1) = (5/2)/(7/2) = 5/7 -> documented 0.71
    y_true, y_pred = [0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]
    assert spec.fbeta_score(y_true, y_pred, beta=0.5, average=None) == [Fr(5, 7), Fr(0), Fr(0)]
    assert spec.fbeta_score(y_true, y_pred, beta=0.5, average="macro") == Fr(5, 21)


@pytest.mark.parametrize(("zero_division", "expected"), [(0, Fr(0)), (1, Fr(1))])
def test_zero_division_value_replaces_undefined_precision(zero_division, expected) -> None:
    # nothing predicted positive: TP + FP = 0
    assert spec.precision_score([1, 0], [0, 0], zero_division=zero_division) == expected


def test_zero_division_nan_is_skipped_by_macro_average() -> None:
    # labels 0,1,2: precision of 2 is 0/0 (never predicted); 0: 1/2, 1: 1/1
    y_true, y_pred = [0, 1, 2, 0], [0, 1, 0, 1]
    per_label = spec.precision_score(y_true, y_pred, average=None, zero_division=float("nan"))
    assert per_label[:2] == [Fr(1, 2), Fr(1, 2)]
    assert per_label[2] != per_label[2]  # NaN
    # macro over the defined labels only: (1/2 + 1/2)/2
    assert spec.precision_score(y_true, y_pred, average="macro",
                                zero_division=float("nan")) == Fr(1, 2)


def test_zero_division_warn_gives_zero_and_warns() -> None:
    from metricoracle.errors import UndefinedMetricWarning

    with pytest.warns(UndefinedMetricWarning):
        assert spec.precision_score([1, 0], [0, 0]) == 0


def test_labels_subset_changes_micro_average() -> None:
    # labels=[0, 1] on the seed-like data [0,1,2,0] vs [0,1,0,1]:
    # class 0: TP 1, FP 1; class 1: TP 1, FP 1 -> micro P = 2/4
    # micro R: class 0 TP 1 FN 1, class 1 TP 1 FN 0 -> 2/3; so micro P != micro R
    y_true, y_pred = [0, 1, 2, 0], [0, 1, 0, 1]
    assert spec.precision_score(y_true, y_pred, labels=[0, 1], average="micro") == Fr(1, 2)
    assert spec.recall_score(y_true, y_pred, labels=[0, 1], average="micro") == Fr(2, 3)


def test_absent_label_in_labels_gets_zero_counts() -> None:
    # label 7 never occurs: recall 0/0 -> zero_division 1; label 0: TP 1 of 2 -> 1/2
    assert spec.recall_score([0, 0, 1], [0, 1, 1], labels=[0, 7], average=None,
                             zero_division=1) == [Fr(1, 2), Fr(1)]


def test_sample_weight_fractional() -> None:
    # y_true [1,1,0], y_pred [1,0,1], weights [1/2, 1, 2]: TP 1/2, FN 1, FP 2
    # P = (1/2)/(1/2 + 2) = 1/5; R = (1/2)/(3/2) = 1/3
    w = [0.5, 1, 2]
    assert spec.precision_score([1, 1, 0], [1, 0, 1], sample_weight=w) == Fr(1, 5)
    assert spec.recall_score([1, 1, 0], [1, 0, 1], sample_weight=w) == Fr(1, 3)


def test_multilabel_averages() -> None:
    # y_true rows {0,2}, {1}; y_pred rows {0,1}, {1}
    # label 0: TP 1 FP 0 FN 0; label 1: TP 1 FP 1 FN 0; label 2: TP 0 FP 0 FN 1
    y_true = [[1, 0, 1], [0, 1, 0]]
    y_pred = [[1, 1, 0], [0, 1, 0]]
    # micro P = 2/(2+1) = 2/3; micro R = 2/(2+1) = 2/3 (equal here by chance)
    assert spec.precision_score(y_true, y_pred, average="micro") == Fr(2, 3)
    # samples P: row 1: TP 1 of predicted 2 -> 1/2; row 2: 1/1 -> mean 3/4
    assert spec.precision_score(y_true, y_pred, average="samples") == Fr(3, 4)
    # samples R: row 1: 1 of 2 true -> 1/2; row 2: 1 -> 3/4
    assert spec.recall_score(y_true, y_pred, average="samples") == Fr(3, 4)
    # macro F1: label 0: 2/(2+0+0)=1; label 1: 2/(2+1)=2/3; label 2: 0/(0+0+1)=0 -> 5/9
    assert spec.f1_score(y_true, y_pred, average="macro") == Fr(5, 9)


def test_string_labels_and_pos_label() -> None:
    # positive class "spam": TP 1 (row 1), FP 1 (row 3), FN 1 (row 2)
    y_true = ["spam", "spam", "ham", "ham"]
    y_pred = ["spam", "ham", "spam", "ham"]
    assert spec.precision_score(y_true, y_pred, pos_label="spam") == Fr(1, 2)
    assert spec.f1_score(y_true, y_pred, pos_label="spam") == Fr(1, 2)


def test_fast_path_returns_floats_with_same_values() -> None:
    from metricoracle.spec import fast

    p = fast.precision_score(SEED_TRUE, SEED_PRED, average="macro")
    assert isinstance(p, float)
    assert p == pytest.approx(31 / 45, rel=1e-15)
    assert list(fast.recall_score(SEED_TRUE, SEED_PRED, average=None)) == pytest.approx(
        [2 / 3, 2 / 3, 1 / 3], rel=1e-15)
