"""Differential testing of third-party metric libraries against :mod:`metricoracle.spec`.

>>> from metricoracle.oracle import run_check
>>> report = run_check(["sklearn"], examples=50, seed=0)   # doctest: +SKIP
>>> report.unexplained                                      # doctest: +SKIP
0

Heavy libraries are imported only by their adapters; hypothesis only by
:mod:`metricoracle.oracle.strategies` and the pytest plugin's fixture.
"""

from metricoracle.oracle._compare import (
    DEFAULT_POLICY,
    ErrorPolicy,
    Policy,
    Tolerance,
    Verdict,
    compare,
)
from metricoracle.oracle._divergences import KNOWN, Divergence
from metricoracle.oracle._evaluate import Evaluator, Judgement
from metricoracle.oracle._query import METRICS, InputKind, Query, Task
from metricoracle.oracle._results import Category, Finding, Report
from metricoracle.oracle._runner import replay, run_check
from metricoracle.oracle.adapters import FunctionAdapter

__all__ = [
    "DEFAULT_POLICY",
    "KNOWN",
    "METRICS",
    "Category",
    "Divergence",
    "ErrorPolicy",
    "Evaluator",
    "Finding",
    "FunctionAdapter",
    "InputKind",
    "Judgement",
    "Policy",
    "Query",
    "Report",
    "Task",
    "Tolerance",
    "Verdict",
    "compare",
    "replay",
    "run_check",
]
