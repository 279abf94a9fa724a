"""pytest plugin: gate your own metric code against the spec (``metric_oracle`` fixture).

Registered under ``[project.entry-points.pytest11]``.  Importing this module imports only
the standard library and pytest; the oracle (and hypothesis) load when the fixture is used.

Example::

    def test_my_f1(metric_oracle):
        metric_oracle.assert_matches(my_f1, metric="f1_score", average="macro")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("metric-oracle")
    group.addoption(
        "--oracle-examples",
        type=int,
        default=200,
        help="metricoracle: hypothesis examples per assert_matches (default 200)",
    )


_ANY = "<any>"
_AVERAGES = (None, "binary", "micro", "macro", "weighted", "samples")
_TASKS = ("binary", "multiclass", "multilabel")


class MetricOracle:
    """What the ``metric_oracle`` fixture returns."""

    def __init__(self, examples: int) -> None:
        self.examples = examples

    def assert_matches(
        self,
        fn: Callable[..., Any],
        *,
        metric: str,
        average: Any = _ANY,
        tasks: Sequence[str] = _TASKS,
        examples: int | None = None,
        conventions: str | None = "sklearn",
        dtype: str | None = None,
        **fixed: Any,
    ) -> None:
        """Fail with the shrunk counterexample if ``fn`` disagrees with ``spec.<metric>``.

        ``fn`` is called as ``fn(y_true, y_pred, **kwargs)`` with scikit-learn's keyword
        arguments for ``metric`` (``labels``, ``pos_label``, ``average``,
        ``sample_weight``, ``zero_division``, ``beta`` …, only those the spec call uses).
        ``y_true``/``y_pred`` are lists of labels (ints or strings; binary or multiclass)
        or, for multilabel tasks, lists of 0/1 rows.  Runs are deterministic (a fixed
        hypothesis seed), so a CI gate gives the same answer on every run.

        Args:
            fn: a callable with scikit-learn's signature for ``metric``.
            metric: the spec metric ``fn`` implements (e.g. ``"f1_score"``).
            average: keep only this average (default: every average the metric takes).
            tasks: the target kinds to draw, among "binary", "multiclass", "multilabel".
            examples: hypothesis examples (default ``--oracle-examples``), at least 1.
            conventions: ``"sklearn"`` (default): scikit-learn's documented differences
                from the spec (e.g. 0.0 instead of an error when none of ``labels=``
                occurs) are accepted; None: ``fn`` must give the spec's answers.
            dtype: ``"float32"`` when ``fn`` computes in float32 but returns Python
                floats (its answers then get float32 tolerance).
            **fixed: parameters to fix in every query (e.g. ``zero_division=0``).

        Raises:
            ValueError: unknown ``metric``, ``average`` or task, or ``examples`` < 1.
        """
        from hypothesis import HealthCheck, given, settings

        from metricoracle import spec
        from metricoracle.oracle import Category, Evaluator, FunctionAdapter, InputKind
        from metricoracle.oracle._query import METRICS
        from metricoracle.oracle.strategies import queries

        if metric not in METRICS:
            raise ValueError(f"metric={metric!r} is unknown; choose one of {', '.join(METRICS)}")
        if average != _ANY and average not in _AVERAGES:
            raise ValueError(f"average={average!r} is not one of {_AVERAGES}")
        unknown = sorted(set(tasks) - set(_TASKS))
        if unknown or not tasks:
            raise ValueError(f"tasks={list(tasks)!r}: choose among {', '.join(_TASKS)}")
        n_examples = self.examples if examples is None else examples
        if n_examples < 1:
            raise ValueError(f"examples={n_examples} must be at least 1")
        adapter = FunctionAdapter(fn, metric=metric, conventions=conventions, dtype=dtype)
        evaluator = Evaluator(spec, timeout=0)
        strategy = queries([metric])
        if set(tasks) != set(_TASKS):
            strategy = strategy.filter(lambda q: q.task.value in tasks)
        strategy = strategy.map(lambda q: q.with_(**fixed) if fixed else q)
        if average != _ANY:
            strategy = strategy.map(lambda q: q.with_(average=average))
        if metric != "top_k_accuracy_score":  # a plain function takes hard labels
            strategy = strategy.map(lambda q: q.with_(kind=InputKind.LABELS, scores=None))

        @settings(
            max_examples=n_examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def check(query: Any) -> None:
            judgement = evaluator.judge(adapter.label, adapter, query)
            if judgement.category is Category.UNEXPLAINED:
                raise AssertionError(
                    f"{adapter.label} disagrees with spec.{metric}: {judgement.detail}\n"
                    f"  spec call:     {query.spec_replay()}\n"
                    f"  spec value:    {getattr(judgement.spec, 'value', judgement.spec)}\n"
                    f"  library value: {getattr(judgement.library, 'value', judgement.library)}\n"
                    f"  tolerance:     {judgement.verdict.policy if judgement.verdict else '-'}"
                )

        check()


@pytest.fixture
def metric_oracle(request: pytest.FixtureRequest) -> MetricOracle:
    """Checks a metric implementation against :mod:`metricoracle.spec` (see :class:`MetricOracle`)."""
    return MetricOracle(request.config.getoption("oracle_examples"))
