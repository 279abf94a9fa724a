"""The results of a check run as plain data: counts per cell and findings.

Everything here is deterministic for a given seed (no timings), so that the JSON report
of a run is byte-identical when the run is repeated, with any number of jobs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """Where one (case, adapter) pair lands."""

    AGREE = "agree"
    DOCUMENTED = "documented"  # a mismatch that a Divergence record explains
    UNEXPLAINED = "unexplained"  # a mismatch, raise or fault nothing explains
    UNSUPPORTED = "unsupported"  # the library cannot express the query


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One (case, adapter) outcome, compact enough to ship between processes."""

    index: int
    adapter: str
    metric: str
    average: str
    category: Category
    detail: str = ""
    divergence: str | None = None
    attempt: int = 0  # which redraw of case ``index`` the adapter was judged on


@dataclass(slots=True)
class Finding:
    """A mismatch group (adapter, metric, average, divergence) and its minimal example."""

    adapter: str
    metric: str
    average: str
    category: Category
    divergence: str | None
    count: int
    first_index: int
    detail: str
    query: dict[str, Any]
    spec_call: str
    spec_value: Any
    library_value: Any
    tolerance: str
    replay: str
    shrunk: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Report:
    """A whole run: its parameters, the count table and the findings."""

    seed: int
    examples: int
    adapters: list[str]
    skipped: dict[str, str]
    metrics: list[str]
    spec_missing: list[str]
    counts: dict[
        str, dict[str, dict[str, dict[str, int]]]
    ]  # adapter -> metric -> average -> category -> n
    findings: list[Finding] = field(default_factory=list)
    divergences: list[dict[str, str]] = field(default_factory=list)
    policy: str = ""

    def total(self, category: Category, adapter: str | None = None) -> int:
        """How many (case, adapter) pairs landed in ``category``."""
        return sum(
            cells.get(category.value, 0)
            for name, by_metric in self.counts.items()
            if adapter in (None, name)
            for by_average in by_metric.values()
            for cells in by_average.values()
        )

    @property
    def unexplained(self) -> int:
        return self.total(Category.UNEXPLAINED)

    @property
    def exit_code(self) -> int:
        return 1 if self.unexplained else 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["findings"] = [f.to_json() for f in self.findings]
        data["totals"] = {c.value: self.total(c) for c in Category}
        return data


def average_key(query_average: Any, averaged: bool) -> str:
    """The table column for a query's average ('-' for metrics that take none)."""
    if not averaged:
        return "-"
    return "None" if query_average is None else str(query_average)
