"""Oracle fault isolation beyond tests/oracle: warnings, garbage types, broken support(),
CPU-bound hangs, input mutation, deep recursion, and an adapter that calls sys.exit.
Each bad adapter is a finding and the run goes on, judging a correct adapter beside it."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest

from metricoracle.oracle import Category, FunctionAdapter, run_check
from metricoracle.selftest._reference import Accuracy

ACC = ["accuracy_score"]
RIGHT = Accuracy()


def _adapter(fn, name):
    return FunctionAdapter(fn, metric="accuracy_score", name=name)


def leaks_warnings(y_true, y_pred, **kw):
    warnings.warn("deprecated!", DeprecationWarning, stacklevel=1)
    warnings.warn("careful", UserWarning, stacklevel=1)
    return RIGHT(y_true, y_pred, **kw)


def mutates_inputs(y_true, y_pred, **kw):
    value = RIGHT(y_true, y_pred, **kw)
    y_true.reverse()
    y_pred.clear()
    return value


def busy_loop(y_true, y_pred, **kw):
    while True:
        pass


def recurses(y_true, y_pred, **kw):
    return recurses(y_true, y_pred, **kw)


GARBAGE = {
    "dict": lambda *a, **k: {"accuracy": 0.5},
    "object": lambda *a, **k: object(),
    "complex": lambda *a, **k: 0.5 + 1j,
    "generator": lambda *a, **k: (x for x in [0.5]),
    "bytes": lambda *a, **k: b"0.5",
    "list_of_strings": lambda *a, **k: ["0.5"],
    "none": lambda *a, **k: None,
    "inf": lambda *a, **k: float("inf"),
    "array_2d": lambda *a, **k: np.zeros((2, 2)),
    "exception_instance": lambda *a, **k: ValueError("returned, not raised"),
}


def test_warnings_do_not_escape_and_do_not_count_against_a_correct_adapter():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a leaked warning would now be an exception
        report = run_check([_adapter(leaks_warnings, "noisy")], examples=40, metrics=ACC)
    assert report.unexplained == 0 and report.total(Category.AGREE) > 0


def test_an_adapter_that_mutates_its_inputs_does_not_corrupt_the_spec_side():
    report = run_check([_adapter(mutates_inputs, "mutator")], examples=40, metrics=ACC)
    assert report.unexplained == 0


@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_garbage_return_types_are_findings_and_the_run_goes_on(kind):
    report = run_check([_adapter(GARBAGE[kind], kind), _adapter(RIGHT, "right")],
                       examples=5, metrics=ACC)
    assert report.total(Category.UNEXPLAINED, kind) >= 1
    assert report.total(Category.UNEXPLAINED, "right") == 0
    assert report.total(Category.AGREE, "right") >= 1


def test_a_broken_support_method_is_a_finding():
    class BrokenSupport:
        name = "broken_support"

        def support(self, query):
            raise KeyError("no such option")

        def run(self, query):  # pragma: no cover - never reached
            return 0.5

    report = run_check([BrokenSupport(), _adapter(RIGHT, "right")], examples=5, metrics=ACC)
    assert report.total(Category.UNEXPLAINED, "broken_support") == 5
    assert any("support() raised" in f.detail for f in report.findings)
    assert report.total(Category.UNEXPLAINED, "right") == 0


def test_the_per_case_timeout_holds_for_a_cpu_bound_hang():
    start = time.perf_counter()
    report = run_check([_adapter(busy_loop, "busy"), _adapter(RIGHT, "right")], examples=4,
                       metrics=ACC, timeout=0.1)
    elapsed = time.perf_counter() - start
    hung = report.total(Category.UNEXPLAINED, "busy")
    assert hung >= 1 and elapsed < 0.1 * hung + 3.0
    assert all(f.detail.startswith("timeout") for f in report.findings if f.adapter == "busy")
    assert report.total(Category.UNEXPLAINED, "right") == 0


def test_unbounded_recursion_is_a_finding():
    report = run_check([_adapter(recurses, "deep")], examples=3, metrics=ACC)
    assert report.unexplained >= 1
    assert "RecursionError" in report.findings[0].detail


def test_an_adapter_calling_sys_exit_is_a_finding():
    def exits(*args, **kwargs):
        raise SystemExit(3)

    report = run_check([_adapter(exits, "exits"), _adapter(RIGHT, "right")], examples=3,
                       metrics=ACC)
    supported = 3 - report.total(Category.UNSUPPORTED, "exits")
    assert supported >= 1
    assert report.total(Category.UNEXPLAINED, "exits") == supported
