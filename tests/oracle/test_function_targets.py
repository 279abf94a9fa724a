"""User callables named as ``package.module:function``: loading errors and conventions."""

from __future__ import annotations

import pytest

from metricoracle import spec
from metricoracle.errors import RegistryError
from metricoracle.oracle import Category, Evaluator, FunctionAdapter
from metricoracle.oracle._query import Query, Task


@pytest.mark.parametrize("target, message", [
    ("no_such_module_xyz:f", "cannot import 'no_such_module_xyz'"),
    (":", "is not 'package.module:function'"),
    ("json:", "is not 'package.module:function'"),
    ("json:nope", "has no 'nope'"),
    ("json:__doc__", "is not callable"),
])
def test_bad_targets_are_usage_errors(target: str, message: str) -> None:
    with pytest.raises(RegistryError, match=message):
        FunctionAdapter.from_target(target)


def test_module_in_the_current_directory_is_found(tmp_path, monkeypatch) -> None:
    (tmp_path / "team_metrics_xyz.py").write_text(
        "def acc(y_true, y_pred, **kw):\n    return 1.0\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.path", [p for p in __import__("sys").path if p not in ("", ".")])
    adapter = FunctionAdapter.from_target("team_metrics_xyz:acc")
    assert adapter.fn([0], [0]) == 1.0 and adapter.conventions == "sklearn"


def _none_present_query() -> Query:
    # labels=[5] names a label absent from y_true and y_pred: the spec raises, scikit-learn
    # returns the zero-division value 0.0 (divergence D011)
    return Query(metric="precision_score", task=Task.MULTICLASS, y_true=(0, 1, 2),
                 y_pred=(0, 1, 1), average="macro", labels=(5,), zero_division=0)


def _sklearn_like(y_true, y_pred, **kwargs):
    return 0.0


@pytest.mark.parametrize("conventions, expected", [
    ("sklearn", Category.DOCUMENTED), (None, Category.UNEXPLAINED)])
def test_conventions_decide_whether_sklearns_divergences_explain(conventions, expected) -> None:
    adapter = FunctionAdapter(_sklearn_like, metric="precision_score", conventions=conventions)
    judgement = Evaluator(spec, timeout=0).judge("mine", adapter, _none_present_query())
    assert judgement.category is expected


def test_clip_cuts_long_messages_at_a_word() -> None:
    from metricoracle.oracle._compare import clip

    assert clip("short", 10) == "short"
    assert clip("none of labels=[5] occurs (present labels: [0, 1, 2])", 30) == \
        "none of labels=[5] occurs…"


def test_declared_float32_gets_float32_tolerance() -> None:
    # 1/3 rounded to float32 and returned as a Python float: 2.0e-9 off, beyond float64's
    # tolerance, within float32's 4 ulp
    import numpy as np

    value = float(np.float32(1 / 3))
    q = Query(metric="accuracy_score", task=Task.MULTICLASS, y_true=(0, 1, 2), y_pred=(0, 2, 1))
    evaluator = Evaluator(spec, timeout=0)
    plain = FunctionAdapter(lambda *a, **k: value, metric="accuracy_score")
    declared = FunctionAdapter(lambda *a, **k: value, metric="accuracy_score", dtype="float32")
    assert evaluator.judge("f", plain, q).category is Category.UNEXPLAINED
    assert evaluator.judge("f", declared, q).category is Category.AGREE
