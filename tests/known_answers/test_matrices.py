"""Known answers for confusion matrices, computed by hand (arithmetic in the comments).

Sources: the examples in scikit-learn 1.9.1's docstrings of ``confusion_matrix`` and
``multilabel_confusion_matrix``, recounted by hand; the other cases are hand-made.
"""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np
import pytest

from metricoracle import spec
from metricoracle.spec import fast

# scikit-learn docstring: y_true = [2, 0, 2, 2, 0, 1], y_pred = [0, 0, 2, 2, 0, 2].
# true 0 (positions 1, 4) → predicted 0, 0          → row [2, 0, 0]
# true 1 (position 5)     → predicted 2             → row [0, 0, 1]
# true 2 (positions 0, 2, 3) → predicted 0, 2, 2    → row [1, 0, 2]
Y_TRUE = [2, 0, 2, 2, 0, 1]
Y_PRED = [0, 0, 2, 2, 0, 2]
MATRIX = [[2, 0, 0], [0, 0, 1], [1, 0, 2]]


def test_confusion_matrix_sklearn_docstring_example() -> None:
    result = spec.confusion_matrix(Y_TRUE, Y_PRED)
    assert result.tolist() == MATRIX
    assert all(type(v) is int for v in result.ravel())
    assert fast.confusion_matrix(Y_TRUE, Y_PRED).dtype == np.int64


def test_confusion_matrix_string_labels_in_given_order() -> None:
    # Same pattern with ant=0, bird=1, cat=2 (scikit-learn docstring).
    y_true = ["cat", "ant", "cat", "cat", "ant", "bird"]
    y_pred = ["ant", "ant", "cat", "cat", "ant", "cat"]
    assert spec.confusion_matrix(y_true, y_pred, labels=["ant", "bird", "cat"]).tolist() \
        == MATRIX
    # Reversed label order reverses rows and columns.
    assert spec.confusion_matrix(y_true, y_pred, labels=["cat", "bird", "ant"]).tolist() \
        == [[2, 0, 1], [1, 0, 0], [0, 0, 2]]


@pytest.mark.parametrize(("normalize", "expected"), [
    # rows divided by their sums 2, 1, 3
    ("true", [[1, 0, 0], [0, 0, 1], [Fr(1, 3), 0, Fr(2, 3)]]),
    # columns divided by their sums 3, 0, 3; the empty column stays 0 (nan_to_num)
    ("pred", [[Fr(2, 3), 0, 0], [0, 0, Fr(1, 3)], [Fr(1, 3), 0, Fr(2, 3)]]),
    # everything divided by 6
    ("all", [[Fr(1, 3), 0, 0], [0, 0, Fr(1, 6)], [Fr(1, 6), 0, Fr(1, 3)]]),
])
def test_confusion_matrix_normalized(normalize: str, expected: list[list[object]]) -> None:
    assert spec.confusion_matrix(Y_TRUE, Y_PRED, normalize=normalize).tolist() == expected
    assert np.allclose(fast.confusion_matrix(Y_TRUE, Y_PRED, normalize=normalize),
                       np.array(expected, dtype=float))


def test_confusion_matrix_weights_and_label_subset() -> None:
    # weights 1/2, 2, 1/4: C[0,0] = 1/2, C[1,1] = 2, C[1,0] = 1/4
    assert spec.confusion_matrix([0, 1, 1], [0, 1, 0], sample_weight=[0.5, 2, 0.25]).tolist() \
        == [[Fr(1, 2), 0], [Fr(1, 4), 2]]
    # labels=[2, 0]: C[2,2] = 2, C[2,0] = 1, C[0,2] = 0, C[0,0] = 2; sample (1→2) dropped
    assert spec.confusion_matrix(Y_TRUE, Y_PRED, labels=[2, 0]).tolist() == [[2, 1], [0, 2]]
    # an absent label gets an all-zero row and column
    assert spec.confusion_matrix([0, 1], [0, 0], labels=[0, 1, 7]).tolist() \
        == [[1, 0, 0], [1, 0, 0], [0, 0, 0]]


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"labels": [5, 6]}, "y_true"),          # none of labels in y_true (scikit-learn's rule)
    ({"labels": []}, "empty"),
    ({"normalize": "rows"}, "normalize"),
])
def test_confusion_matrix_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        spec.confusion_matrix([0, 1], [1, 2], **kwargs)


def test_confusion_matrix_rejects_multilabel() -> None:
    with pytest.raises(ValueError, match="multilabel"):
        spec.confusion_matrix([[0, 1], [1, 1]], [[0, 1], [1, 0]])


def test_multilabel_confusion_matrix_sklearn_docstring_examples() -> None:
    # Multilabel: label 0 true [1,0] pred [1,0] → TN 1 TP 1; label 1 the same;
    # label 2 true [1,0] pred [0,1] → FP 1, FN 1.  Layout [[TN, FP], [FN, TP]].
    y_true = [[1, 0, 1], [0, 1, 0]]
    y_pred = [[1, 0, 0], [0, 1, 1]]
    assert spec.multilabel_confusion_matrix(y_true, y_pred).tolist() == \
        [[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[0, 1], [1, 0]]]
    # Multiclass: ant TP 2 FP 1 FN 0 TN 3; bird TP 0 FP 0 FN 1 TN 5; cat TP 2 FP 1 FN 1 TN 2
    y_true = ["cat", "ant", "cat", "cat", "ant", "bird"]
    y_pred = ["ant", "ant", "cat", "cat", "ant", "cat"]
    assert spec.multilabel_confusion_matrix(y_true, y_pred,
                                            labels=["ant", "bird", "cat"]).tolist() == \
        [[[3, 1], [0, 2]], [[5, 0], [1, 0]], [[2, 1], [1, 2]]]


def test_multilabel_confusion_matrix_samplewise_weighted() -> None:
    # sample 0: true [0,1] pred [1,1], w 2 → TP 1·2, FP 1·2 → [[0, 2], [0, 2]]
    # sample 1: true [1,1] pred [0,1], w 1/2 → TP 1/2, FN 1/2 → [[0, 0], [1/2, 1/2]]
    result = spec.multilabel_confusion_matrix([[0, 1], [1, 1]], [[1, 1], [0, 1]],
                                              sample_weight=[2, 0.5], samplewise=True)
    assert result.tolist() == [[[0, 2], [0, 2]], [[0, 0], [Fr(1, 2), Fr(1, 2)]]]


def test_multilabel_confusion_matrix_samplewise_needs_multilabel() -> None:
    with pytest.raises(ValueError, match="samplewise"):
        spec.multilabel_confusion_matrix([0, 1], [0, 1], samplewise=True)
