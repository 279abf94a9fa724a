"""``metricoracle selftest``: run the oracle against deliberate bugs (mutants) and the
proofs against mutated definitions; exit 1 when a non-equivalent mutant survives."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any, TextIO

from metricoracle._cli._common import CommandError, at_least, check_writable, write_report

HELP = "run the oracle and the proofs against deliberate bugs"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``selftest`` options."""
    parser.add_argument("--examples", type=at_least(1), default=None, metavar="N",
                        help="generated cases per mutant (default: the oracle's default, 200)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="run seed (default 0)")
    parser.add_argument("--jobs", type=at_least(1), default=1, metavar="J",
                        help="worker processes (default 1; the report does not depend on it)")
    parser.add_argument("--only", action="append", metavar="ID",
                        help="run only this mutant id (repeatable)")
    parser.add_argument("--no-proofs", action="store_true", help="skip the proofs' teeth")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the report as JSON")
    parser.add_argument("--markdown", type=Path, metavar="FILE",
                        help="write the report as Markdown")


def _short(value: Any, width: int = 70) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(report: Any) -> str:
    """The per-mutant table, the kill rate, survivors and problems, as plain text."""
    lines = [f"{'mutant':<7} {'metric':<26} {'status':<22} {'via':<10} bug"]
    for m in report.mutants:
        lines.append(f"{m.id:<7} {m.metric:<26} {m.status:<22} {m.via or '-':<10} "
                     f"{_short(m.bug, 60)}")
    bad = [c for c in report.controls if c.killed]
    lines.append(f"controls (unmutated programs): {len(report.controls) - len(bad)}/"
                 f"{len(report.controls)} agree with the spec")
    pool = report.non_equivalent
    lines.append(f"kill rate: {sum(m.killed for m in pool)}/{len(pool)} non-equivalent "
                 f"mutants killed ({report.kill_rate:.1%}); "
                 f"{sum(m.equivalent for m in report.mutants)} equivalent mutants survive "
                 "as argued")
    for m in report.mutants:
        if m.equivalent:
            lines.append(f"  {m.id} (equivalent): {_short(' '.join(m.argument.split()), 150)}")
    if report.proofs:
        ok = sum(p["as_expected"] for p in report.proofs)
        lines.append(f"proof teeth: {ok}/{len(report.proofs)} as expected")
    elif report.proofs_skipped:
        lines.append(f"proof teeth: skipped ({report.proofs_skipped})")
    for line in report.problems:
        lines.append(f"PROBLEM: {line}")
    return "\n".join(lines)


def render_markdown(report: Any) -> str:
    """The report as Markdown: mutants with their killing counterexamples, controls, proofs."""
    out = [f"# metricoracle selftest (examples={report.examples}, seed={report.seed})", "",
           f"Kill rate: **{report.kill_rate:.1%}** of {len(report.non_equivalent)} "
           "non-equivalent mutants.", "",
           "| mutant | metric | status | via | bug | counterexample |", "|---|---|---|---|---|---|"]
    for m in report.mutants:
        example = m.counterexample or {}
        cex = f"`{example.get('spec_call', '')}` → {example.get('detail', '')}" if example else ""
        out.append(f"| {m.id} | {m.metric} | {m.status} | {m.via or '-'} | {m.bug} | "
                   f"{cex.replace('|', '/')} |")
    out += ["", "## Equivalent mutants", ""]
    out += [f"- **{m.id}**: {' '.join(m.argument.split())}" for m in report.mutants
            if m.equivalent]
    out += ["", "## Controls", ""]
    out += [f"- {c.id} ({c.metric}): {'DISAGREES' if c.killed else 'agrees'}"
            for c in report.controls]
    if report.proofs:
        out += ["", "## Proof teeth", "", "| theorem | mutation | expected | status |",
                "|---|---|---|---|"]
        out += [f"| {p['theorem']} | {p['mutation']} | {p['expected']} | {p['status']} |"
                for p in report.proofs]
    if report.problems:
        out += ["", "## Problems", ""] + [f"- {p}" for p in report.problems]
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 when every non-equivalent mutant is killed (and nothing else is wrong), 1
    otherwise, 2 on bad arguments."""
    from metricoracle.errors import RegistryError
    from metricoracle.selftest import DEFAULT_EXAMPLES, run_selftest

    examples = DEFAULT_EXAMPLES if args.examples is None else args.examples
    check_writable([args.json, args.markdown])
    start = time.perf_counter()
    try:
        report = run_selftest(examples, args.seed, ids=args.only, jobs=args.jobs,
                              proofs=not args.no_proofs)
    except RegistryError as exc:
        raise CommandError(str(exc)) from None
    print(render_text(report), file=out)
    print(f"({time.perf_counter() - start:.1f} s)", file=out)
    if args.json:
        write_report(args.json, json.dumps(report.to_json(), indent=2, sort_keys=True) + "\n")
    if args.markdown:
        write_report(args.markdown, render_markdown(report))
    return report.exit_code
