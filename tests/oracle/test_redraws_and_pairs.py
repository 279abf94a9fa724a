"""Adapter-aware redraws, and mismatches explained by two documented differences at once."""

from __future__ import annotations

from fractions import Fraction

from metricoracle import spec
from metricoracle.oracle import Category, run_check
from metricoracle.oracle import _conditions as cond
from metricoracle.oracle._divergences import Divergence, explain
from metricoracle.oracle._evaluate import Evaluator
from metricoracle.oracle._query import InputKind, Query, Task
from metricoracle.oracle._runner import TRIES
from metricoracle.oracle.adapters import SUPPORTED, Unsupported, Value


class OnlyBinaryLabels:
    """Answers accuracy exactly, but only for unweighted 0/1 labels in one batch."""

    name = "only-binary-labels"
    stateful = False

    def support(self, q: Query):
        if q.task is not Task.BINARY or q.kind is not InputKind.LABELS:
            return Unsupported("binary hard labels only")
        if q.sample_weight is not None or q.batches or q.shape or q.ignore_index is not None:
            return Unsupported("plain input only")
        if not all(v in (0, 1) for v in q.y_true):
            return Unsupported("0/1 labels only")
        return SUPPORTED

    def run(self, q: Query):
        hits = sum(t == p for t, p in zip(q.y_true, q.y_pred, strict=True))
        return hits / len(q.y_true)


class NeverSupported(OnlyBinaryLabels):
    name = "never"

    def support(self, q: Query):
        return Unsupported("nothing")


def test_each_case_is_redrawn_until_the_adapter_supports_it():
    report = run_check([OnlyBinaryLabels()], examples=40, seed=1, metrics=["accuracy_score"])
    # one draw in several is binary hard labels: without redraws most cases would be unsupported
    assert report.total(Category.AGREE) >= 35
    assert report.total(Category.UNEXPLAINED) == 0
    assert report.total(Category.UNSUPPORTED) <= 5


def test_a_case_no_redraw_supports_stays_unsupported_with_the_reason():
    report = run_check([NeverSupported()], examples=3, seed=0, metrics=["accuracy_score"])
    assert report.total(Category.UNSUPPORTED) == 3
    assert TRIES >= 10


def _macro_precision() -> Query:
    # y_true [0, 1], y_pred [0, 0], labels (0, 1, 2), zero_division=1 -- by hand:
    # spec: class 0: 1/(1+1) = 1/2; class 1: 0/0 -> 1; class 2: 0/0 -> 1; macro 5/6
    return Query(metric="precision_score", task=Task.MULTICLASS, y_true=(0, 1), y_pred=(0, 0),
                 average="macro", labels=(0, 1, 2), zero_division=1)


def test_two_differences_explain_together_what_neither_explains_alone():
    present_only = Divergence(
        id="X1", adapter="fake", metric=("precision_score",),
        condition=cond.macro_over_absent_label, expected=cond.macro_over_present_labels,
        reason="present labels only", reference="by construction")
    zero_only = Divergence(
        id="X2", adapter="fake", metric=("precision_score",),
        condition=cond.one_zero_division_given, expected=cond.zero_policy,
        reason="0/0 is 0", reference="by construction")
    evaluator = Evaluator(spec, timeout=0)
    q = _macro_precision()
    assert evaluator.spec_outcome(q).value == Fraction(5, 6)
    # both conventions: labels {0, 1} and 0/0 -> 0: (1/2 + 0) / 2 = 1/4
    # present labels alone: (1/2 + 1) / 2 = 3/4; zero_division=0 alone: (1/2 + 0 + 0) / 3 = 1/6
    found = explain([present_only, zero_only], "fake", q, Value(0.25), evaluator)
    assert found is not None and found.id == "X1+X2"
    assert explain([present_only, zero_only], "fake", q, Value(0.75), evaluator).id == "X1"
    assert explain([present_only, zero_only], "fake", q, Value(1 / 6), evaluator).id == "X2"
    # a value no combination gives stays unexplained
    assert explain([present_only, zero_only], "fake", q, Value(0.5), evaluator) is None


def test_stateful_logits_guess_is_per_batch():
    # batch 1 holds a logit outside [0, 1] (sigmoid applied), batch 2 only 0.5 (read as a
    # probability, 0.5 > 0.5 is false): predictions 1 then 0, by hand
    q = Query(metric="accuracy_score", task=Task.BINARY, y_true=(1, 1), y_pred=(1, 1),
              kind=InputKind.LOGITS, scores=(3.0, 0.5), threshold=0.5, batches=(1, 1))
    assert cond.batch_logits_within_unit_interval(q)
    assert not cond.logits_within_unit_interval(q)
    assert cond.logits_read_per_batch(q).y_pred == (1, 0)
