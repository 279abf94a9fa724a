"""Reports of a check run: JSON, Markdown and HTML (with an adapter × metric heat map).

Pure functions from a :class:`~metricoracle.oracle.Report` to a string.  JSON is canonical
(sorted keys, no timings), so the same seed gives byte-identical output.
"""

from __future__ import annotations

import html
import json

from metricoracle.oracle._results import Category, Report

_COLUMNS = (Category.AGREE, Category.DOCUMENTED, Category.UNEXPLAINED, Category.UNSUPPORTED)


def to_json(report: Report) -> str:
    """Canonical JSON text of the report."""
    return (
        json.dumps(report.to_json(), sort_keys=True, indent=1, ensure_ascii=False, default=str)
        + "\n"
    )


def rows(report: Report) -> list[tuple[str, str, str, int, int, int, int]]:
    """``(adapter, metric, average, agree, documented, unexplained, unsupported)`` rows."""
    out = []
    for adapter, by_metric in report.counts.items():
        for metric, by_average in by_metric.items():
            for average, cells in by_average.items():
                out.append((adapter, metric, average, *(cells.get(c.value, 0) for c in _COLUMNS)))
    return out


def table(report: Report) -> str:
    """A plain-text table for the terminal."""
    head = ("adapter", "metric", "average", "agree", "documented", "unexplained", "unsupported")
    body = [tuple(str(v) for v in r) for r in rows(report)]
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=False)]
    lines = [
        "  ".join(x.ljust(w) for x, w in zip(r, widths, strict=True)).rstrip()
        for r in (head, *body)
    ]
    return "\n".join(lines) + "\n"


def _summary(report: Report) -> str:
    totals = ", ".join(f"{report.total(c)} {c.value}" for c in _COLUMNS)
    skipped = "".join(f"\n  skipped {name}: {why}" for name, why in sorted(report.skipped.items()))
    missing = f"\n  spec lacks: {', '.join(report.spec_missing)}" if report.spec_missing else ""
    return f"seed {report.seed}, {report.examples} cases: {totals}{skipped}{missing}"


def findings_text(report: Report) -> str:
    """Every finding with its minimal counterexample and a replay command."""
    out = []
    for f in report.findings:
        tag = f"documented {f.divergence}" if f.divergence else "UNEXPLAINED"
        out.append(
            f"[{tag}] {f.adapter} {f.metric} average={f.average} ({f.count} case(s))\n"
            f"  {f.detail}\n  spec call:     {f.spec_call}\n  spec value:    {f.spec_value}\n"
            f"  library value: {f.library_value}\n  tolerance:     {f.tolerance}\n"
            f"  replay:        {f.replay}\n"
        )
    return "\n".join(out)


def to_text(report: Report) -> str:
    """The terminal report: summary, table, findings."""
    return f"{_summary(report)}\n\n{table(report)}\n{findings_text(report)}"


def to_markdown(report: Report) -> str:
    """A Markdown report (GitHub tables)."""
    lines = [
        "# metricoracle check",
        "",
        _summary(report).replace("\n  ", "\n- "),
        "",
        "| adapter | metric | average | agree | documented | unexplained | unsupported |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {' | '.join(str(v) for v in r)} |" for r in rows(report)]
    if report.divergences:
        lines += [
            "",
            "## Documented divergences",
            "",
            "| id | adapter | metric | reason | reference |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {d['id']} | {d['adapter']} | {d['metric']} | {d['reason']} | {d['reference']} |"
            for d in report.divergences
        ]
    if report.findings:
        lines += ["", "## Findings", ""]
        for f in report.findings:
            tag = f"documented {f.divergence}" if f.divergence else "**unexplained**"
            lines += [
                f"### {f.adapter} · {f.metric} · average={f.average} ({tag}, {f.count} cases)",
                "",
                f"- {f.detail}",
                f"- spec call: `{f.spec_call}`",
                f"- spec value: `{f.spec_value}`",
                f"- library value: `{f.library_value}`",
                f"- tolerance: {f.tolerance}",
                f"- replay: `{f.replay}`",
                "",
            ]
    return "\n".join(lines) + "\n"


def _agreement(report: Report, adapter: str, metric: str) -> tuple[float | None, int]:
    cells = report.counts.get(adapter, {}).get(metric, {})
    n = {c: sum(v.get(c.value, 0) for v in cells.values()) for c in _COLUMNS}
    compared = n[Category.AGREE] + n[Category.DOCUMENTED] + n[Category.UNEXPLAINED]
    if not compared:
        return None, 0
    return (n[Category.AGREE] + n[Category.DOCUMENTED]) / compared, n[Category.UNEXPLAINED]


def to_html(report: Report) -> str:
    """A self-contained HTML page: heat map of agreement (adapter × metric), table, findings."""
    metrics = sorted({m for by_metric in report.counts.values() for m in by_metric})
    head = "".join(f"<th>{html.escape(m)}</th>" for m in metrics)
    body = []
    for adapter in report.counts:
        cells = []
        for m in metrics:
            share, bad = _agreement(report, adapter, m)
            if share is None:
                cells.append('<td class="na">·</td>')
                continue
            hue = int(120 * share) if not bad else min(int(120 * share), 40)
            cells.append(
                f'<td style="background:hsl({hue},70%,75%)" title="{bad} unexplained">'
                f"{share:.0%}</td>"
            )
        body.append(f"<tr><th>{html.escape(adapter)}</th>{''.join(cells)}</tr>")
    findings = "".join(
        f"<details><summary>{html.escape(f.adapter)} · {html.escape(f.metric)} · {html.escape(f.average)}"
        f" — {'documented ' + f.divergence if f.divergence else 'UNEXPLAINED'} ({f.count})</summary>"
        f"<pre>{html.escape(f.detail)}\nspec call: {html.escape(f.spec_call)}\n"
        f"spec value: {html.escape(str(f.spec_value))}\nlibrary value: {html.escape(str(f.library_value))}\n"
        f"tolerance: {html.escape(f.tolerance)}\nreplay: {html.escape(f.replay)}</pre></details>"
        for f in report.findings
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>metricoracle check</title><style>"
        "body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:3px 6px;font-size:12px}td.na{color:#aaa;text-align:center}</style></head><body>"
        f"<h1>metricoracle check</h1><p>{html.escape(_summary(report))}</p>"
        "<h2>Agreement (agree + documented) / compared</h2>"
        f"<table><tr><th></th>{head}</tr>{''.join(body)}</table>"
        f"<h2>Counts</h2><pre>{html.escape(table(report))}</pre><h2>Findings</h2>{findings}"
        "</body></html>\n"
    )
