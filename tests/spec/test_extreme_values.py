"""Labels and weights at the edges of the machine types, and memory on large inputs.

Every expected value is worked out by hand in the comments: labels near 2**63 / 2**64
must stay distinct (no wrap-around to negative int64, no rounding through float64), huge
integer weights must not overflow int64 or lose units in float64 counting, and large
inputs must not make n-sized int64 temporaries for metrics that only need the matrix.
"""

from __future__ import annotations

import tracemalloc
from fractions import Fraction

import numpy as np
import pytest

from metricoracle import spec
from metricoracle.errors import InvalidInputType
from metricoracle.spec import _counting, fast

TOP = 2**64 - 1  # uint64 max; as a wrapped int64 it would be -1


@pytest.mark.parametrize("impl", [spec, fast])
def test_uint64_labels_above_int64_stay_themselves(impl) -> None:
    # true TOP,0,0 / pred 0,0,TOP over sorted labels (0, TOP): (0,0)=1, (0,TOP)=1, (TOP,0)=1
    t = np.array([TOP, 0, 0], dtype=np.uint64)
    p = np.array([0, 0, TOP], dtype=np.uint64)
    assert impl.confusion_matrix(t, p).tolist() == [[1, 1], [1, 0]]
    # pos_label TOP: tp = 0, support 1 -> recall 0; pos_label 0: tp 1 of support 2 -> 1/2
    assert impl.recall_score(t, p, pos_label=TOP) == 0
    assert impl.recall_score(t, p, pos_label=0) == Fraction(1, 2)


@pytest.mark.parametrize("impl", [spec, fast])
def test_uint64_top_and_minus_one_are_different_labels(impl) -> None:
    # pairs (TOP,-1) wrong, (1,1) right, (0,0) right -> accuracy 2/3
    t = np.array([TOP, 1, 0], dtype=np.uint64)
    for p in (np.array([-1, 1, 0], dtype=np.int8), np.array([-1, 1, 0], dtype=np.int64)):
        assert impl.accuracy_score(t, p) == pytest.approx(Fraction(2, 3), rel=1e-15)
        assert impl.confusion_matrix(t, p).shape == (4, 4)  # labels -1, 0, 1, TOP


@pytest.mark.parametrize("impl", [spec, fast])
def test_mixed_int64_uint64_and_float_do_not_round(impl) -> None:
    # 2**62 + 1 vs 2**62 differ (float64 would merge them): accuracy 2/3
    t = np.array([2**62 + 1, 0, 5])
    p = np.array([2**62, 0, 5], dtype=np.uint64)
    assert impl.accuracy_score(t, p) == pytest.approx(Fraction(2, 3), rel=1e-15)
    # 2**63 and 2**63 + 1 (uint64) and 0: three distinct labels
    assert impl.confusion_matrix(np.array([2**63, 2**63 + 1, 0], dtype=np.uint64),
                                 np.zeros(3, dtype=np.int64)).shape == (3, 3)
    # float labels 0, 1 with ints 2**53 + 1, 2**53, 1: labels {0, 1, 2**53, 2**53 + 1}
    assert impl.confusion_matrix(np.array([0.0, 1.0, 1.0]),
                                 np.array([2**53 + 1, 2**53, 1])).shape == (4, 4)


@pytest.mark.parametrize("impl", [spec, fast])
def test_python_ints_beyond_int64_in_lists(impl) -> None:
    # numpy would make these lists float64 and merge neighbours
    assert impl.accuracy_score([2**63 + 1, 1], [2**63, 1]) == Fraction(1, 2)
    assert impl.accuracy_score([TOP, TOP - 1, 0], [TOP - 1, TOP - 1, 0]) == pytest.approx(
        Fraction(2, 3), rel=1e-15)
    # a float label beside a huge int: 2.0 and 2**60 + 1 -> (2, 2) right, (2**60+1, 2**60) wrong
    assert impl.accuracy_score([2.0, 2**60 + 1], [2, 2**60]) == Fraction(1, 2)


def test_huge_integer_weights_are_exact_and_do_not_overflow() -> None:
    # true 0,1,1,0 / pred 0,1,0,0, weights 2**62 x3 and 1: hits = 2**62 + 2**62 + 1
    t, p = [0, 1, 1, 0], [0, 1, 0, 0]
    w = np.array([2**62] * 3 + [1])
    exact = Fraction(2**63 + 1, 3 * 2**62 + 1)
    assert spec.accuracy_score(t, p, sample_weight=w) == exact
    assert fast.accuracy_score(t, p, sample_weight=w) == pytest.approx(float(exact), rel=1e-15)
    # uint64 weight 2**63 on the (0,0) sample plus 1 on the other (0,0): 2**63 + 1
    w = np.array([2**63, 1, 1, 1], dtype=np.uint64)
    assert spec.confusion_matrix(t, p, sample_weight=w).tolist() == [[2**63 + 1, 0], [1, 1]]
    assert fast.confusion_matrix(t, p, sample_weight=w)[0, 0] == pytest.approx(2.0**63)
    # 2**53 + 1 + 1 is not a float64; the exact path keeps Python ints
    got = spec.confusion_matrix(t, p, sample_weight=[2**53 + 1, 1, 1, 1])
    assert got.tolist() == [[2**53 + 2, 0], [1, 1]] and type(got[0, 0]) is int


def test_bytes_and_str_labels_do_not_mix() -> None:
    with pytest.raises(InvalidInputType, match="mixed label types"):
        spec.accuracy_score(np.array([b"a", b"b"]), np.array(["a", "b"]))


def _layout_pairs(pairs: dict[tuple[int, int], int], dtype) -> tuple[np.ndarray, np.ndarray]:
    true = np.concatenate([np.full(c, a, dtype=dtype) for (a, _), c in pairs.items()])
    pred = np.concatenate([np.full(c, b, dtype=dtype) for (_, b), c in pairs.items()])
    order = np.random.default_rng(1).permutation(true.shape[0])
    return true[order], pred[order]


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.int16, np.uint32])
def test_narrow_integer_dtypes_on_the_chunked_path(dtype) -> None:
    pairs = {(0, 0): 70_000, (0, 3): 5_000, (3, 0): 7_000, (3, 3): 60_000, (2, 3): 11}
    true, pred = _layout_pairs(pairs, dtype)
    assert true.shape[0] > 2 * _counting.CHUNK
    # rows/cols over labels (0, 2, 3)
    expected = [[70_000, 0, 5_000], [0, 0, 11], [7_000, 0, 60_000]]
    assert fast.confusion_matrix(true, pred).tolist() == expected
    assert spec.confusion_matrix(true, pred).tolist() == expected
    assert _counting.range_confusion(true, pred) is not None


def test_negative_narrow_label_late_falls_back() -> None:
    pairs = {(0, 0): 140_000, (1, 1): 3}
    true, pred = _layout_pairs(pairs, np.int32)
    true, pred = np.append(true, np.int32(-1)), np.append(pred, np.int32(0))
    assert _counting.range_confusion(true, pred) is None
    assert fast.confusion_matrix(true, pred).tolist() == [[0, 1, 0], [0, 140_000, 0],
                                                           [0, 0, 3]]


def test_late_large_label_grows_the_range_to_1024() -> None:
    # 0/1 for more than two chunks, then one (1000, 0) sample at the very end
    pairs = {(0, 0): 100_000, (1, 0): 20_000, (1, 1): 30_000}
    true, pred = _layout_pairs(pairs, np.int64)
    true, pred = np.append(true, 1000), np.append(pred, 0)
    assert fast.confusion_matrix(true, pred).tolist() == [[100_000, 0, 0], [20_000, 30_000, 0],
                                                           [1, 0, 0]]


@pytest.mark.parametrize("name", ["accuracy_score", "matthews_corrcoef", "confusion_matrix",
                                  "cohen_kappa_score", "balanced_accuracy_score",
                                  "precision_recall_fscore_support"])
def test_matrix_metrics_make_no_n_sized_temporaries(name: str) -> None:
    n = 1 << 21  # an int64 array of n samples is 16 MiB
    rng = np.random.default_rng(0)
    true, pred = rng.integers(0, 10, n), rng.integers(0, 10, n)
    fn = getattr(fast, name)
    tracemalloc.start()
    try:
        fn(true, pred)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < n * 8 // 4, f"{name}: peak {peak / 2**20:.1f} MiB"
