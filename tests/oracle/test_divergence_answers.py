"""Divergence records explain only the answer their convention gives.

A fake adapter answers under a real adapter's name, so that the records of that library
are consulted; a wrong answer where a record's condition holds must stay UNEXPLAINED.
Expected values are worked out by hand from the libraries' sources cited in each record.
"""

from __future__ import annotations

import math
import os

import pytest

from metricoracle import spec
from metricoracle.oracle import Category, Evaluator, _evaluate
from metricoracle.oracle._divergences import KNOWN, Divergence
from metricoracle.oracle._query import InputKind, Query, Task
from metricoracle.oracle.adapters._outcome import SUPPORTED


class Fake:
    def __init__(self, answer):
        self.answer = answer

    def support(self, query):
        return SUPPORTED

    def run(self, query):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def judge(name: str, answer, query: Query) -> Category:
    return Evaluator(spec, timeout=0).judge(name, Fake(answer), query).category


def test_every_record_checks_the_library_answer() -> None:
    assert all((d.expected is None) != (d.answers is None) for d in KNOWN)
    with pytest.raises(ValueError, match="exactly one"):
        Divergence(id="X", adapter="a", metric=("*",), condition=lambda q: True,
                   reason="", reference="")


def test_pycm_single_label_record_needs_pycms_answer() -> None:
    # one label only: pycm's invented class cannot change accuracy (spec 1)
    q = Query(metric="accuracy_score", task=Task.BINARY, y_true=(0, 0, 0), y_pred=(0, 0, 0))
    assert judge("pycm", 0.123, q) is Category.UNEXPLAINED
    # macro precision over (0, invented): label 0 is 1, the invented one 0/0 -> 'None' (NaN)
    # in pycm, whose macro over a 'None' is 'None' (D021 after D023's rewrite)
    q = Query(metric="precision_score", task=Task.BINARY, y_true=(0, 0), y_pred=(0, 0),
              average="macro")
    assert judge("pycm", float("nan"), q) is Category.DOCUMENTED
    assert judge("pycm", 0.75, q) is Category.UNEXPLAINED


def test_torchmetrics_degenerate_mcc_is_its_eps_formula() -> None:
    # y_true (0,0,1), y_pred (0,0,0): tp 0, fp 0, fn 1, tn 2; torchmetrics' branch
    # tp == fp == 0: num = √eps·(tn − fn) = √eps, den = eps·(1 + eps)(2 + eps)(3 + eps)
    # -> about 1/√6
    q = Query(metric="matthews_corrcoef", task=Task.BINARY, y_true=(0, 0, 1),
              y_pred=(0, 0, 0), num_classes=2)
    assert judge("torchmetrics", 1 / math.sqrt(6), q) is Category.DOCUMENTED
    assert judge("torchmetrics", 0.9, q) is Category.UNEXPLAINED
    assert judge("torchmetrics", RuntimeError("boom"), q) is Category.UNEXPLAINED


def test_tie_then_degenerate_mcc_combine() -> None:
    # probability 0.75 at threshold 0.75: the spec predicts 1 (right), torchmetrics 0
    # (D002, `preds > threshold`), then every sample is wrong: torchmetrics' MCC is −1 (D006)
    q = Query(metric="matthews_corrcoef", task=Task.BINARY, y_true=(1,), y_pred=(1,),
              kind=InputKind.PROBABILITIES, scores=(0.75,), threshold=0.75, num_classes=2)
    judgement = Evaluator(spec, timeout=0).judge("torchmetrics", Fake(-1.0), q)
    assert judgement.category is Category.DOCUMENTED
    assert judgement.divergence.id == "D002+D006"


def test_pycm_micro_record_is_micro_only() -> None:
    # binary precision with nothing predicted positive: 0/0 -> zero_division=1 -> 1;
    # a 0 here is not pycm's micro convention (D022)
    q = Query(metric="precision_score", task=Task.BINARY, y_true=(0, 1), y_pred=(0, 0),
              average="binary", zero_division=1)
    assert judge("pycm", 0.0, q) is Category.UNEXPLAINED


def test_sklearn_absent_labels_record_needs_the_zero_division_value() -> None:
    # labels=[5] absent: the spec raises; sklearn gives zero_division (here 1) per label
    q = Query(metric="precision_score", task=Task.MULTICLASS, y_true=(0, 1, 2),
              y_pred=(0, 1, 1), average=None, labels=(5,), zero_division=1)
    assert judge("sklearn", [1.0], q) is Category.DOCUMENTED
    assert judge("sklearn", [0.3], q) is Category.UNEXPLAINED


def test_an_exception_in_the_adapters_own_code_is_a_fault() -> None:
    fake_file = os.path.join(_evaluate._ADAPTERS_DIR, "_fake_for_test.py")
    namespace: dict = {}
    exec(compile("def run(query):\n    return {}['missing']\n", fake_file, "exec"), namespace)
    adapter = Fake(None)
    adapter.run = namespace["run"]
    # the spec raises too (labels none present), which used to count as agreement
    q = Query(metric="precision_score", task=Task.MULTICLASS, y_true=(0, 1, 2),
              y_pred=(0, 1, 1), average="macro", labels=(5,))
    judgement = Evaluator(spec, timeout=0).judge("mine", adapter, q)
    assert judgement.category is Category.UNEXPLAINED
    assert "adapter's own code raised KeyError" in judgement.detail


def test_sklearn_prfs_with_absent_labels() -> None:
    # labels=[2, 3] absent, average='weighted': sklearn returns (0.0, 0.0, 0.0, None)
    q = Query(metric="precision_recall_fscore_support", task=Task.MULTICLASS, y_true=(0,),
              y_pred=(0,), average="weighted", labels=(2, 3), num_classes=5)
    assert judge("sklearn", (0.0, 0.0, 0.0, None), q) is Category.DOCUMENTED
    assert judge("sklearn", (0.5, 0.0, 0.0, None), q) is Category.UNEXPLAINED
    assert judge("sklearn", (0.0, 0.0), q) is Category.UNEXPLAINED


def test_generated_labels_come_in_both_orders_and_catch_a_sorting_library() -> None:
    pytest.importorskip("sklearn")
    from sklearn.metrics import precision_score

    from metricoracle.oracle import FunctionAdapter
    from metricoracle.oracle._runner import run_check

    def sorts_labels(y_true, y_pred, *, labels=None, **kwargs):
        # a plausible bug: the per-label results follow sorted(labels), not labels
        return precision_score(y_true, y_pred, labels=None if labels is None else
                               sorted(labels, key=str), **kwargs)

    adapter = FunctionAdapter(sorts_labels, metric="precision_score", name="sorts")
    report = run_check([adapter], examples=400, seed=1, metrics=["precision_score"],
                       shrink=False)
    assert report.unexplained > 0


@pytest.mark.parametrize("dtype, rounded, off", [
    # 1/3 correctly rounded: float16 0.333251953125 (10-bit mantissa), bfloat16 0.333984375
    ("float16", 0.333251953125, 0.3350),
    ("bfloat16", 0.333984375, 0.3500),
])
def test_half_precision_has_its_own_tolerance(dtype, rounded, off) -> None:
    from fractions import Fraction

    from metricoracle.oracle._compare import DEFAULT_POLICY, compare
    from metricoracle.oracle.adapters._outcome import Value

    exact = Value(Fraction(1, 3), "exact")
    assert compare(exact, Value(rounded, dtype), DEFAULT_POLICY).agrees
    assert not compare(exact, Value(off, dtype), DEFAULT_POLICY).agrees


def test_torchmetrics_weighted_without_support_per_metric() -> None:
    # multilabel, no true positive anywhere: torchmetrics' weighted precision is 0 and its
    # weighted Jaccard NaN (weights.sum() = 0 divides unguarded)
    base = {"task": Task.MULTILABEL, "y_true": ((0, 0),), "y_pred": ((0, 1),),
            "average": "weighted"}
    jaccard = Query(metric="jaccard_score", **base)
    assert judge("torchmetrics", float("nan"), jaccard) is Category.DOCUMENTED
    assert judge("torchmetrics", 0.5, jaccard) is Category.UNEXPLAINED
    precision = Query(metric="precision_score", zero_division=1, **base)
    assert judge("torchmetrics", 0.0, precision) is Category.DOCUMENTED


def test_pycm_all_zero_weights_give_an_empty_matrix() -> None:
    q = Query(metric="confusion_matrix", task=Task.MULTICLASS, y_true=("b",), y_pred=("c",),
              sample_weight=(0.0,))
    assert judge("pycm", [[0.0, 0.0], [0.0, 0.0]], q) is Category.DOCUMENTED
    assert judge("pycm", [[1.0, 0.0], [0.0, 0.0]], q) is Category.UNEXPLAINED


def test_ragged_results_compare_their_inner_shapes() -> None:
    from metricoracle.oracle._compare import DEFAULT_POLICY, compare
    from metricoracle.oracle.adapters._outcome import Value

    assert not compare(Value([[1, 2], [3]], "exact"), Value([[1.0], [2.0, 3.0]]),
                       DEFAULT_POLICY).agrees
    assert compare(Value([[1, 2], [3]], "exact"), Value([[1.0, 2.0], [3.0]]),
                   DEFAULT_POLICY).agrees
