"""Verdict tables: Markdown for people, JSON for programs (values as exact fractions too)."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from metricoracle.consistency._check import Report, Status, Verdict
from metricoracle.consistency._surd import SurdMean
from metricoracle.spec._arith import SqrtRatio, sqrt_ratio_to_float


def show_value(value: Fraction | SqrtRatio[Any] | SurdMean | None) -> str:
    """``13/16 (0.812500)``; MCC as ``num/sqrt(den_sq)`` with its correctly rounded float;
    a mean of per-fold MCC term by term."""
    if value is None:
        return "undefined"
    if isinstance(value, SurdMean):
        return f"{value.describe()} ({float(value):.6f})"
    if isinstance(value, SqrtRatio):
        return f"{value.num}/sqrt({value.den_sq}) ({sqrt_ratio_to_float(value):.6f})"
    return f"{value.numerator}/{value.denominator} ({float(value):.6f})"


def _matrices(verdict: Verdict) -> list[list[list[int]]]:
    return [m.tolist() for m in verdict.witness or []]


def verdict_detail(report: Report, verdict: Verdict) -> str:
    """One line: the reason, plus the witness and its values next to the reported ones."""
    if verdict.status is not Status.CONSISTENT:
        return verdict.reason
    pairs = "; ".join(f"{s.name}: reported {s.shown}, witness {show_value(v)}"
                      for s, v in zip(report.scores, verdict.values, strict=True))
    matrices = _matrices(verdict)
    shown = matrices[0] if len(matrices) == 1 else matrices
    return f"witness {shown}: {pairs}"


def to_markdown(reports: list[Report]) -> str:
    """A Markdown table with one line per (row, hypothesis)."""
    lines = ["| row | setup | scores | hypothesis | verdict | method | ms | details |",
             "|---|---|---|---|---|---|---|---|"]
    for report in reports:
        scores = ", ".join(f"{s.name}={s.shown}" for s in report.scores)
        for verdict in report.verdicts:
            cells = [report.label, report.setup.describe(), scores,
                     verdict.hypothesis.describe(), verdict.status.value.upper(),
                     verdict.method, f"{verdict.seconds * 1000:.1f}",
                     verdict_detail(report, verdict)]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _value_json(value: Fraction | SqrtRatio[Any] | SurdMean | None) -> Any:
    if value is None:
        return None
    if isinstance(value, SurdMean):
        return {"mean_of": value.describe(), "float": float(value)}
    if isinstance(value, SqrtRatio):
        return {"num": str(value.num), "sqrt_of": str(value.den_sq),
                "float": sqrt_ratio_to_float(value)}
    return {"fraction": f"{value.numerator}/{value.denominator}", "float": float(value)}


def to_json_data(reports: list[Report]) -> list[dict[str, Any]]:
    """Plain data (lists, dicts, strings) for :func:`json.dumps`."""
    rows = []
    for report in reports:
        verdicts = []
        for v in report.verdicts:
            verdicts.append({
                "hypothesis": {"rounding": v.hypothesis.rounding.value,
                               "zero_division": v.hypothesis.zero_division.value,
                               "macro_f1": v.hypothesis.macro_f1.value,
                               "aggregation": (v.hypothesis.aggregation.value
                                               if v.hypothesis.aggregation else None)},
                "status": v.status.value,
                "method": v.method,
                "seconds": v.seconds,
                "reason": v.reason,
                "witness": _matrices(v) or None,
                "values": {s.name: _value_json(x)
                           for s, x in zip(report.scores, v.values, strict=False)},
                "core": [report.scores[i].name for i in v.core],
                "core_minimal": v.core_minimal if v.status is Status.INCONSISTENT else None,
            })
        rows.append({"row": report.label, "setup": report.setup.describe(),
                     "status": report.status.value,
                     "scores": {s.name: s.shown for s in report.scores},
                     "verdicts": verdicts})
    return rows


def to_json(reports: list[Report]) -> str:
    """JSON text of :func:`to_json_data`."""
    return json.dumps(to_json_data(reports), indent=2, ensure_ascii=False) + "\n"
