"""Adapters translate hand-built queries faithfully, or say they cannot.

Generated queries never hit these paths (integer multiclass data always carries
``num_classes``; a multidimensional shape never comes with batches), but ``Query(...)`` and
``--replay`` accept them, and a mistranslation there blames the library.
"""

from __future__ import annotations

import os
import warnings

import pytest

from metricoracle import spec
from metricoracle.oracle import Category, Evaluator
from metricoracle.oracle import adapters as registry
from metricoracle.oracle._query import InputKind, Query, Task

B, M = Task.BINARY, Task.MULTICLASS


def _judge(name: str, q: Query):
    return Evaluator(spec, timeout=0).judge(name, registry.load(name), q)


def _value(judgement) -> object:
    assert isinstance(judgement.library, registry.Value), judgement
    return judgement.library.value


# ---- 1. pycm: one label only -> stringified classes plus '~other~' ------------------
_PYCM_METRICS = {
    "precision_score": "PPV", "recall_score": "TPR", "f1_score": "F1", "jaccard_score": "J",
    "specificity_score": "TNR", "npv_score": "NPV", "fpr_score": "FPR", "fnr_score": "FNR",
}


def _pycm_cm(y_true, y_pred):
    pycm = pytest.importorskip("pycm")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pycm.ConfusionMatrix(actual_vector=list(y_true), predict_vector=list(y_pred))


def _nan_is(value):
    return float("nan") if value == "None" else value


@pytest.mark.parametrize("label", [1, 0, True, "pos"])
@pytest.mark.parametrize("metric", sorted(_PYCM_METRICS))
def test_pycm_single_label_binary_average_is_pycms_own_answer(metric: str, label) -> None:
    y = (label, label)
    cm = _pycm_cm(y, y)
    assert cm.classes == [str(label), "~other~"]  # what the adapter has to cope with
    q = Query(metric=metric, task=B, y_true=y, y_pred=y, average="binary", pos_label=label)
    judgement = _judge("pycm", q)
    expected = _nan_is(cm.class_stat[_PYCM_METRICS[metric]][str(label)])
    assert _value(judgement) == pytest.approx(expected, nan_ok=True)


def test_pycm_single_label_fnr_agrees_with_the_spec() -> None:
    pytest.importorskip("pycm")
    q = Query(metric="fnr_score", task=B, y_true=(1,), y_pred=(1,), average="binary",
              pos_label=1)
    judgement = _judge("pycm", q)
    assert judgement.category is Category.AGREE
    assert _value(judgement) == 0.0


@pytest.mark.parametrize("label", [1, True, "pos"])
@pytest.mark.parametrize("metric, average", [
    (metric, average)
    for metric in sorted(_PYCM_METRICS)
    for average in (None, "macro", "micro")
    if metric != "jaccard_score" or average is None  # no jaccard macro/micro in the adapter
])
def test_pycm_single_label_averages_are_pycms_own_answer(metric, average, label) -> None:
    y = (label, label, label)
    cm = _pycm_cm(y, y)
    q = Query(metric=metric, task=B, y_true=y, y_pred=y, average=average, pos_label=label)
    judgement = _judge("pycm", q)
    key = _PYCM_METRICS[metric]
    if average is None:
        expected = [_nan_is(cm.class_stat[key][c]) for c in (str(label), "~other~")]
    else:
        expected = _nan_is(cm.overall_stat[f"{key} {average.capitalize()}"])
    assert _value(judgement) == pytest.approx(expected, nan_ok=True)
    assert judgement.category is not Category.UNEXPLAINED


@pytest.mark.parametrize("label", [1, True, "pos"])
def test_pycm_single_label_confusion_matrix_and_overall_stats(label) -> None:
    y = (label, label)
    _pycm_cm(y, y)
    cm = _judge("pycm", Query(metric="confusion_matrix", task=B, y_true=y, y_pred=y))
    assert _value(cm) == [[2, 0], [0, 0]]  # pycm's matrix, '~other~' row and column included
    acc = _judge("pycm", Query(metric="accuracy_score", task=B, y_true=y, y_pred=y))
    assert acc.category is Category.AGREE and _value(acc) == 1.0


@pytest.mark.parametrize("label, pos_label", [(0, 1), (1, 0), ("neg", "pos"), (True, False)])
def test_pycm_refuses_a_positive_label_it_has_no_class_for(label, pos_label) -> None:
    # one label only, and not pos_label: pycm's classes are [str(label), '~other~']
    _pycm_cm((label,), (label,))
    q = Query(metric="recall_score", task=B, y_true=(label,), y_pred=(label,),
              average="binary", pos_label=pos_label)
    assert _judge("pycm", q).category is Category.UNSUPPORTED


# ---- 2a/2b. torchmetrics and torcheval without num_classes ------------------------
_TORCH = [
    pytest.param("torchmetrics", "torchmetrics", id="torchmetrics"),
    pytest.param("torchmetrics-stateful", "torchmetrics", id="torchmetrics-stateful"),
    pytest.param("torcheval", "torcheval", id="torcheval"),
    pytest.param("torcheval-stateful", "torcheval", id="torcheval-stateful"),
]


@pytest.mark.parametrize("name, module", _TORCH)
@pytest.mark.parametrize("average, expected", [
    ("macro", 0.5),  # precision per class: 1/1, 1/2, 0/0 -> 0 (zero_division)
    (None, [1.0, 0.5, 0.0]),
    ("micro", 2 / 3),
])
def test_multiclass_without_num_classes_counts_max_label_plus_one(
    name: str, module: str, average, expected
) -> None:
    pytest.importorskip(module)
    q = Query(metric="precision_score", task=M, y_true=(0, 1, 2), y_pred=(0, 1, 1),
              average=average, zero_division=0)
    judgement = _judge(name, q)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == pytest.approx(expected)


@pytest.mark.parametrize("name, module", _TORCH)
def test_multiclass_confusion_matrix_without_num_classes(name: str, module: str) -> None:
    pytest.importorskip(module)
    q = Query(metric="confusion_matrix", task=M, y_true=(0, 1, 2), y_pred=(0, 1, 1))
    judgement = _judge(name, q)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == [[1, 0, 0], [0, 1, 0], [0, 1, 0]]


@pytest.mark.parametrize("name, module", _TORCH)
@pytest.mark.parametrize("labels", [(1, 2, 2), (0, 1, 3)])
def test_labels_with_gaps_need_num_classes_unless_absent_classes_cannot_matter(
    name: str, module: str, labels
) -> None:
    pytest.importorskip(module)
    y_pred = (labels[0], labels[1], labels[0])
    macro = Query(metric="precision_score", task=M, y_true=labels, y_pred=y_pred,
                  average="macro", zero_division=0)
    assert _judge(name, macro).category is Category.UNSUPPORTED
    accuracy = Query(metric="accuracy_score", task=M, y_true=labels, y_pred=y_pred)
    judgement = _judge(name, accuracy)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == pytest.approx(2 / 3)


# ---- 2c. ignite one-hot / keras eye: class indices, not the count of distinct labels ----
def test_ignite_one_hot_width_is_max_label_plus_one() -> None:
    pytest.importorskip("ignite")
    q = Query(metric="accuracy_score", task=M, y_true=(0, 1, 3), y_pred=(0, 1, 1))
    judgement = _judge("ignite", q)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == pytest.approx(2 / 3)


@pytest.mark.parametrize("metric, average", [
    ("precision_score", None), ("precision_score", "macro"), ("confusion_matrix", None)])
def test_ignite_refuses_class_counts_the_spec_does_not_see(metric: str, average) -> None:
    pytest.importorskip("ignite")
    q = Query(metric=metric, task=M, y_true=(1, 2, 2), y_pred=(1, 2, 1), average=average)
    assert _judge("ignite", q).category is Category.UNSUPPORTED


def test_ignite_contiguous_labels_without_num_classes_agree() -> None:
    pytest.importorskip("ignite")
    q = Query(metric="confusion_matrix", task=M, y_true=(0, 1, 2), y_pred=(0, 2, 1))
    judgement = _judge("ignite", q)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]


def _keras() -> None:
    os.environ.setdefault("KERAS_BACKEND", "torch")  # as the adapter module does
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        pytest.skip("the keras adapter runs on the torch backend")


def test_keras_f1_micro_one_hot_width_is_max_label_plus_one() -> None:
    _keras()
    q = Query(metric="f1_score", task=M, y_true=(0, 1, 3), y_pred=(0, 1, 1), average="micro")
    judgement = _judge("keras", q)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == pytest.approx(2 / 3, rel=1e-5)


@pytest.mark.parametrize("y_true, y_pred", [((1, 2, 2), (1, 2, 1)), ((0, 1, 3), (0, 1, 1))])
def test_keras_f1_macro_refuses_labels_with_gaps(y_true, y_pred) -> None:
    _keras()
    q = Query(metric="f1_score", task=M, y_true=y_true, y_pred=y_pred, average="macro")
    assert _judge("keras", q).category is Category.UNSUPPORTED


def test_keras_top_k_without_num_classes_refuses_a_score_width_the_spec_is_not_told() -> None:
    _keras()
    scores = ((0.1, 0.2, 0.3, 1.0), (1.0, 0.3, 0.2, 0.1), (0.3, 1.0, 0.2, 0.1))
    q = Query(metric="top_k_accuracy_score", task=M, y_true=(3, 0, 0), y_pred=(3, 0, 1),
              kind=InputKind.SCORES, scores=scores, top_k=2)
    assert _judge("keras", q).category is Category.UNSUPPORTED


# ---- 2d. keras: a multidimensional shape fed in batches ----------------------------------
def test_keras_batches_of_multidimensional_data_are_whole_rows() -> None:
    _keras()
    q = Query(metric="accuracy_score", task=B, y_true=(0, 1, 1, 0, 1, 1),
              y_pred=(0, 1, 0, 0, 1, 0), shape=(3, 2), batches=(2, 4))
    judgement = _judge("keras", q)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == pytest.approx(4 / 6)


def test_keras_weighted_multidimensional_batches() -> None:
    _keras()
    q = Query(metric="precision_score", task=B, y_true=(0, 1, 1, 0, 1, 1),
              y_pred=(1, 1, 0, 0, 1, 1), average="binary", shape=(3, 2), batches=(4, 2),
              sample_weight=(2.0, 1.0, 1.0, 1.0, 0.0, 3.0))
    judgement = _judge("keras", q)
    assert judgement.category is Category.AGREE, judgement
    assert _value(judgement) == pytest.approx(4 / 6, rel=1e-6)  # tp 1+0+3, fp 2


def test_keras_refuses_batches_that_split_a_row() -> None:
    _keras()
    q = Query(metric="accuracy_score", task=B, y_true=(0, 1, 1, 0, 1, 1),
              y_pred=(0, 1, 0, 0, 1, 0), shape=(3, 2), batches=(1, 5))
    assert _judge("keras", q).category is Category.UNSUPPORTED
