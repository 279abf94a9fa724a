"""Reproducibility checks: can reported scores come from any confusion matrix at all?

Reported numbers become exact rational intervals (explicit rounding modes), scores are
the spec's own formulas evaluated exactly, and every verdict is a proof: CONSISTENT with
a replayed witness, INCONSISTENT with a minimal core of conflicting scores, or UNKNOWN
with the reason (budget exhausted).  See :func:`check_consistency`.
"""

from metricoracle.consistency._check import (
    Budget,
    Report,
    Status,
    Verdict,
    check_consistency,
    check_problem,
    hypotheses,
)
from metricoracle.consistency._interval import Interval, Rounding, rounding_interval
from metricoracle.consistency._problem import Hypothesis, Problem
from metricoracle.consistency._scores import (
    MacroF1,
    ReportedScore,
    Score,
    ScoreAverage,
    make_score,
    parse_score,
)
from metricoracle.consistency._setup import Aggregation, Setup, ZeroDivisionRule

__all__ = [
    "Aggregation",
    "Budget",
    "Hypothesis",
    "Interval",
    "MacroF1",
    "Problem",
    "Report",
    "ReportedScore",
    "Rounding",
    "Score",
    "ScoreAverage",
    "Setup",
    "Status",
    "Verdict",
    "ZeroDivisionRule",
    "check_consistency",
    "check_problem",
    "hypotheses",
    "make_score",
    "parse_score",
    "rounding_interval",
]
