"""Large inputs (more than one counting chunk) against counts built by construction.

Each case lays out pairs (i, j) repeated ``expected[i, j]`` times, so the expected
confusion matrix is known before anything is counted; the order is shuffled or arranged
so that the label range grows between chunks (re-embedding) or a label that forces the
fallback (negative, huge) turns up only near the end.
"""

from __future__ import annotations

import numpy as np
import pytest

from metricoracle import spec
from metricoracle.spec import _counting, fast


def _layout(expected: np.ndarray, labels: list[int]) -> tuple[np.ndarray, np.ndarray]:
    true, pred = [], []
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            true.append(np.full(expected[i, j], a, dtype=np.int64))
            pred.append(np.full(expected[i, j], b, dtype=np.int64))
    return np.concatenate(true), np.concatenate(pred)


def _expected(k: int) -> np.ndarray:
    # every cell distinct, total well above several chunks
    scale = 120_000 // k**2
    return np.array([[scale * (i + 1) + 7 * j + (i == j) * 2 * scale for j in range(k)]
                     for i in range(k)], dtype=np.int64)


@pytest.mark.parametrize("k", [2, 3, 10])
def test_shuffled_counts_match_construction(k: int) -> None:
    expected = _expected(k)
    true, pred = _layout(expected, list(range(k)))
    assert true.shape[0] > 2 * _counting.CHUNK
    order = np.random.default_rng(k).permutation(true.shape[0])
    true, pred = true[order], pred[order]
    assert (spec.confusion_matrix(true, pred) == expected).all()
    assert (fast.confusion_matrix(true, pred) == expected).all()
    side = _counting.range_confusion(true, pred)
    assert side is not None and (side[:k, :k] == expected).all() and side.sum() == true.size


def test_range_grows_between_chunks() -> None:
    # sorted layout: the first chunks hold only 0/1 (binary sums), later ones 2..9
    expected = _expected(10)
    true, pred = _layout(expected, list(range(10)))
    assert (spec.confusion_matrix(true, pred) == expected).all()
    got = _counting.range_confusion(true, pred)
    assert got is not None and (got[:10, :10] == expected).all()


@pytest.mark.parametrize("late", [-1, 10**15, np.iinfo(np.int64).min])
def test_late_label_outside_the_range_falls_back(late: int) -> None:
    expected = _expected(3)
    true, pred = _layout(expected, [0, 1, late])
    assert _counting.range_confusion(true, pred) is None
    assert (spec.confusion_matrix(true, pred, labels=[0, 1, late]) == expected).all()
    assert (fast.confusion_matrix(true, pred, labels=[0, 1, late]) == expected).all()


def test_binary_scores_on_large_input() -> None:
    # precision of class 1 = tp / (tp + fp) from the construction, exactly
    expected = _expected(2)
    true, pred = _layout(expected, [0, 1])
    tp, fp = int(expected[1, 1]), int(expected[0, 1])
    from fractions import Fraction
    assert spec.precision_score(true, pred) == Fraction(tp, tp + fp)


@pytest.mark.parametrize("labels", [(5, 7), (0, 300), (2, 10**12)])
def test_small_inputs_with_gaps_in_the_labels(labels: tuple[int, int]) -> None:
    a, b = labels
    # by hand: true a,a,b,b,b / pred a,b,b,b,a -> [[1, 1], [1, 2]] over labels (a, b)
    true = np.array([a, a, b, b, b], dtype=np.int64)
    pred = np.array([a, b, b, b, a], dtype=np.int64)
    expected = [[1, 1], [1, 2]]
    assert spec.confusion_matrix(true, pred).tolist() == expected
    assert spec.confusion_matrix(true.tolist(), pred.tolist()).tolist() == expected
    assert fast.confusion_matrix(true, pred).tolist() == expected
    from fractions import Fraction
    assert spec.precision_score(true, pred, pos_label=b) == Fraction(2, 3)
