"""Registry, FunctionAdapter teeth, fault isolation and determinism."""

import json

import pytest

from metricoracle.errors import RegistryError
from metricoracle.oracle import Category, FunctionAdapter, run_check
from metricoracle.oracle import adapters as registry
from metricoracle.oracle.report import to_html, to_json, to_markdown

ACC = ["accuracy_score"]
T = "_faulty"


@pytest.fixture
def clean_registry():
    registry.reset()
    yield
    registry.reset()


def test_duplicate_names_are_refused(clean_registry):
    registry.register("mine", "pkg.mod:Adapter")
    with pytest.raises(RegistryError, match="already registered"):
        registry.register("mine", "pkg.other:Adapter")


def test_builtins_are_lazy_and_listed(clean_registry):
    names = registry.names()
    assert names[:2] == ["sklearn", "torchmetrics"] and "pycm" in names


def test_missing_library_is_skipped_not_a_crash(clean_registry):
    registry.register("ghost", "no_such_package_xyz.adapter:Ghost")
    report = run_check(["ghost", "sklearn"], examples=5, metrics=ACC)
    assert "ghost" in report.skipped and report.adapters == ["sklearn"]


def test_unknown_adapter_name_is_an_error(clean_registry):
    with pytest.raises(RegistryError, match="unknown"):
        run_check(["nope"], examples=1)


def test_every_builtin_answers_support_for_every_metric(clean_registry):
    from metricoracle.oracle import METRICS
    from metricoracle.oracle._recipe import generate

    queries = [generate(0, i, list(METRICS)) for i in range(200)]
    for name in registry.names():
        if registry.available(name) is None:
            adapter = registry.load(name)
            for q in queries:
                adapter.support(q)  # must not raise


def test_a_correct_function_agrees():
    report = run_check([f"{T}:accuracy_right"], examples=150, metrics=ACC, seed=1)
    assert report.unexplained == 0 and report.total(Category.AGREE) > 0


@pytest.mark.parametrize("target", ["accuracy_ignores_weights", "accuracy_off_by_one"])
def test_wrong_functions_are_caught_and_shrunk(target):
    report = run_check([f"{T}:{target}"], examples=150, metrics=ACC, seed=1)
    assert report.unexplained > 0
    finding = next(f for f in report.findings if f.category is Category.UNEXPLAINED)
    assert finding.shrunk and len(finding.query["y_true"]) <= 2
    assert finding.replay.startswith(f"metricoracle check {T}:{target} --replay '")


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("hangs", "timeout"),
        ("raises", "RuntimeError"),
        ("returns_string", "garbage"),
        ("returns_nan", "NaN"),
        ("wrong_shape", "shape"),
    ],
)
def test_faulty_adapters_become_findings_and_the_run_goes_on(target, needle):
    report = run_check(
        [f"{T}:{target}", f"{T}:accuracy_right"], examples=3, metrics=ACC, timeout=0.2
    )
    bad = report.total(Category.UNEXPLAINED, f"{T}:{target}")
    assert bad >= 1
    assert report.total(Category.UNEXPLAINED, f"{T}:accuracy_right") == 0
    assert any(needle.lower() in f.detail.lower() for f in report.findings)


def test_adapter_objects_work_without_any_library():
    adapter = FunctionAdapter(
        lambda y_true, y_pred, **kw: 0.5, metric="accuracy_score", name="half"
    )
    report = run_check([adapter], examples=30, metrics=ACC)
    assert report.adapters == ["half"] and report.unexplained > 0


def test_same_seed_same_bytes_and_jobs_do_not_change_the_report():
    args = {"examples": 60, "seed": 5, "metrics": ["accuracy_score", "precision_score"]}
    one = to_json(run_check([f"{T}:accuracy_off_by_one", "sklearn"], **args))
    again = to_json(run_check([f"{T}:accuracy_off_by_one", "sklearn"], **args))
    assert one == again
    parallel = to_json(run_check([f"{T}:accuracy_off_by_one", "sklearn"], jobs=2, **args))
    assert parallel == one
    data = json.loads(one)
    assert data["seed"] == 5 and data["totals"]["unexplained"] > 0


def test_reports_render():
    report = run_check([f"{T}:accuracy_off_by_one"], examples=20, metrics=ACC)
    assert "<table>" in to_html(report) and "hsl(" in to_html(report)
    assert "| adapter |" in to_markdown(report)
