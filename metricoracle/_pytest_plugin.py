"""pytest plugin: gate your own metric code against the spec (``metric_oracle`` fixture).

Registered under ``[project.entry-points.pytest11]``.  Importing this module imports only
the standard library and pytest; the oracle (and hypothesis) load when the fixture is used.

Example::

    def test_my_f1(metric_oracle):
        metric_oracle.assert_matches(my_f1, metric="f1_score", average="macro")
"""

from __future__ import annotations

from collections.abc import Callable
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


class MetricOracle:
    """What the ``metric_oracle`` fixture returns."""

    def __init__(self, examples: int) -> None:
        self.examples = examples

    def assert_matches(
        self,
        fn: Callable[..., Any],
        *,
        metric: str,
        average: Any = "<any>",
        examples: int | None = None,
        **fixed: Any,
    ) -> None:
        """Fail with the shrunk counterexample if ``fn`` disagrees with ``spec.<metric>``.

        Args:
            fn: a callable with scikit-learn's signature for ``metric``.
            metric: the spec metric ``fn`` implements.
            average: keep only this average (default: every average).
            examples: hypothesis examples (default ``--oracle-examples``).
            **fixed: parameters to fix in every query (e.g. ``zero_division=0``).
        """
        from hypothesis import HealthCheck, given, settings

        from metricoracle import spec
        from metricoracle.oracle import Category, Evaluator, FunctionAdapter, InputKind
        from metricoracle.oracle.strategies import queries

        adapter = FunctionAdapter(fn, metric=metric)
        evaluator = Evaluator(spec, timeout=0)
        strategy = queries([metric]).map(lambda q: q.with_(**fixed) if fixed else q)
        if average != "<any>":
            strategy = strategy.map(lambda q: q.with_(average=average))
        if (
            metric != "top_k_accuracy_score"
        ):  # a plain function takes hard labels: y_pred already holds them
            strategy = strategy.map(lambda q: q.with_(kind=InputKind.LABELS, scores=None))

        @settings(
            max_examples=examples or self.examples,
            deadline=None,
            database=None,
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
