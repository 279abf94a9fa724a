"""Known answers for top-k accuracy and the score → label conversions (hand-computed)."""

from __future__ import annotations

import warnings
from fractions import Fraction as Fr

import numpy as np
import pytest

from metricoracle import spec

# scikit-learn 1.9.1 docstring of top_k_accuracy_score: the top 2 of each row are
# {0, 1 or 2 (tie, higher index first → 2)}, {1, 0}, {1, 2}, {0, 1}: hits for the
# first three rows, not the fourth (true 2) → 3/4.
Y_TRUE = [0, 1, 2, 2]
Y_SCORE = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]


def test_top_k_accuracy_sklearn_docstring() -> None:
    assert spec.top_k_accuracy_score(Y_TRUE, Y_SCORE, k=2) == Fr(3, 4)
    assert spec.top_k_accuracy_score(Y_TRUE, Y_SCORE, k=2, normalize=False) == 3
    # k = 1: argmax rows 0, 1, 1, 0 → hits in rows 0 and 1 → 1/2
    assert spec.top_k_accuracy_score(Y_TRUE, Y_SCORE, k=1) == Fr(1, 2)
    # weights 1, 2, 3, 4 with k = 2: (1 + 2 + 3) / 10
    assert spec.top_k_accuracy_score(Y_TRUE, Y_SCORE, k=2, sample_weight=[1, 2, 3, 4]) \
        == Fr(3, 5)


def test_top_k_ties_prefer_the_higher_index() -> None:
    # stable ascending argsort reversed: of the tied classes 0 and 1, class 1 ranks first
    assert spec.top_k_accuracy_score([0, 1, 2], [[0.4, 0.4, 0.2]] * 3, k=1,
                                     labels=[0, 1, 2]) == Fr(1, 3)


def test_top_k_binary_threshold_ties_are_negative() -> None:
    # scores in [0, 1] → threshold 0.5, predicted positive iff score > 0.5:
    # predictions [0, 0, 1] for truths [0, 1, 1] → 2/3
    assert spec.top_k_accuracy_score([0, 1, 1], [0.5, 0.5, 0.6], k=1) == Fr(2, 3)
    # a score outside [0, 1] → threshold 0: predictions [0, 0, 1] → 2/3
    assert spec.top_k_accuracy_score([0, 1, 1], [-1.0, 0.0, 2.0], k=1) == Fr(2, 3)
    # k ≥ 2 on binary data: every sample is a hit (with a warning)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert spec.top_k_accuracy_score([0, 1, 1], [0.1, 0.2, 0.3], k=2) == 1


@pytest.mark.parametrize(("args", "kwargs", "exc"), [
    ((Y_TRUE, Y_SCORE), {"k": 0}, ValueError),
    ((Y_TRUE, Y_SCORE), {"k": 1.5}, TypeError),
    ((Y_TRUE, [row[:2] for row in Y_SCORE]), {}, ValueError),        # 2 columns, 3 classes
    ((Y_TRUE, Y_SCORE[:3]), {}, ValueError),                          # length mismatch
    (([0.5, 1.5, 2, 2], Y_SCORE), {}, ValueError),                    # continuous y_true
    ((Y_TRUE, Y_SCORE), {"labels": [2, 1, 0]}, ValueError),           # not sorted
    ((Y_TRUE, Y_SCORE), {"labels": [0, 1, 3]}, ValueError),           # y_true not in labels
    ((Y_TRUE, [[np.nan, 0, 0], *Y_SCORE[1:]]), {}, ValueError),      # NaN score
    (([0, 1], [[0.2, 0.8], [0.6, 0.4]]), {}, ValueError),             # binary, 2-D scores
])
def test_top_k_bad_input(args: tuple[object, object], kwargs: dict[str, object],
                         exc: type[Exception]) -> None:
    with pytest.raises(exc):
        spec.top_k_accuracy_score(*args, **kwargs)


def test_threshold_to_labels() -> None:
    assert spec.threshold_to_labels([0.2, 0.5, 0.7]).tolist() == [0, 0, 1]
    assert spec.threshold_to_labels([0.2, 0.5, 0.7], ties="positive").tolist() == [0, 1, 1]
    assert spec.threshold_to_labels([[0.3, 0.3]], threshold=0.3).tolist() == [[0, 0]]
    # logits: sigmoid(x) > 1/2 ⇔ x > 0; sigmoid(x) > 0.8 ⇔ x > log 4 ≈ 1.386
    assert spec.threshold_to_labels([-1.0, 0.0, 1.0], scale="logit").tolist() == [0, 0, 1]
    assert spec.threshold_to_labels([1.3, 1.4], 0.8, scale="logit").tolist() == [0, 1]
    # auto: any score outside [0, 1] → logits (torchmetrics)
    assert spec.threshold_to_labels([0.2, 3.0], scale="auto").tolist() == [1, 1]
    assert spec.threshold_to_labels([0.2, 0.9], scale="auto").tolist() == [0, 1]
    with pytest.raises(ValueError, match="outside"):
        spec.threshold_to_labels([0.2, 3.0])
    with pytest.raises(ValueError, match="ties"):
        spec.threshold_to_labels([0.2], ties="up")


def test_top_k_to_multihot_and_labels() -> None:
    scores = [[0.1, 0.4, 0.4, 0.1], [0.9, 0.05, 0.03, 0.02]]
    assert spec.top_k_to_multihot(scores, 2).tolist() == [[0, 1, 1, 0], [1, 1, 0, 0]]
    assert spec.top_k_to_multihot(scores, 1).tolist() == [[0, 0, 1, 0], [1, 0, 0, 0]]
    assert spec.top_k_to_multihot(scores, 1, ties="low_index").tolist() \
        == [[0, 1, 0, 0], [1, 0, 0, 0]]
    assert spec.top_k_to_multihot(scores, 3, ties="all").tolist() \
        == [[1, 1, 1, 1], [1, 1, 1, 0]]
    # true 3 not in the top 2 of row 0 → its top-1 (class 1, low index); true 1 in row 1 ✓
    assert spec.top_k_to_labels([3, 1], scores, 2).tolist() == [1, 1]
    with pytest.raises(ValueError, match="k=5"):
        spec.top_k_to_multihot(scores, 5)
