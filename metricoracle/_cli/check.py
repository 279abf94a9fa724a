"""``metricoracle check``: differential test of metric libraries against the spec."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from metricoracle._cli._common import (
    CommandError,
    at_least,
    check_writable,
    query_from_json,
    write_report,
)

HELP = "differential test of metric libraries against the spec"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "adapters",
        nargs="*",
        metavar="ADAPTER",
        help="adapter names or package.module:function (default: all registered)",
    )
    parser.add_argument("--examples", type=at_least(1), default=300,
                        help="generated cases (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="run seed (default 0)")
    parser.add_argument(
        "--metrics", nargs="+", default=None, metavar="METRIC", help="spec metric names"
    )
    parser.add_argument("--jobs", type=at_least(1), default=1, help="processes (default 1)")
    parser.add_argument("--timeout", type=at_least(0, float), default=10.0,
                        help="seconds per library call (default 10)")
    parser.add_argument("--no-shrink", action="store_true", help="report findings unshrunk")
    parser.add_argument(
        "--json", type=Path, default=None, metavar="F", help="write the JSON report to F"
    )
    parser.add_argument(
        "--markdown", type=Path, default=None, metavar="F", help="write a Markdown report to F"
    )
    parser.add_argument(
        "--html", type=Path, default=None, metavar="F", help="write an HTML report to F"
    )
    parser.add_argument(
        "--replay",
        default=None,
        metavar="QUERY_JSON",
        help="judge one query (as printed by a finding) instead of generating",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


class _Bar:
    """A progress bar on stderr, redrawn at most every 0.1 s on a terminal; elsewhere (CI
    logs) one plain line at each quarter of the run."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.quarter = 0  # quarters already reported (not a terminal)
        isatty = getattr(stream, "isatty", None)
        self.tty = bool(isatty and isatty())

    def __call__(self, done: int, total: int) -> None:
        if not self.tty:
            quarter = 4 * done // max(total, 1)
            if quarter > self.quarter:
                self.quarter = quarter
                self.stream.write(f"{done}/{total} cases\n")
                self.stream.flush()
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = int(30 * done / max(total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} cases")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _query(text: str) -> Any:
    """The --replay query: a JSON object with the fields of a Query."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CommandError(f"--replay: not JSON: {exc}") from None
    return query_from_json(data, "--replay")


def _check_metrics(metrics: list[str] | None) -> None:
    """Catch ``--metrics f1_score sklearn``: an adapter swallowed by ``--metrics``."""
    from metricoracle.oracle import adapters as registry
    from metricoracle.oracle._query import METRICS

    unknown = [m for m in metrics or [] if m not in METRICS]
    adapters = [m for m in unknown if m in registry.names() or ":" in m]
    if adapters:
        raise CommandError(
            f"--metrics: {', '.join(map(repr, adapters))} is an adapter, not a metric; put "
            f"ADAPTERs before --metrics (metricoracle check {' '.join(adapters)} --metrics ...)")
    if unknown:
        raise CommandError(f"--metrics: unknown metric(s) {', '.join(map(repr, unknown))}; "
                           f"choose from {', '.join(METRICS)}")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from metricoracle.errors import AdapterUnavailable, InvalidInput, RegistryError
    from metricoracle.oracle import report as render
    from metricoracle.oracle._runner import replay, run_check

    adapters = list(dict.fromkeys(args.adapters))  # `check sklearn sklearn` counts once
    if args.replay is not None:
        if len(adapters) != 1:
            raise CommandError("--replay needs exactly one ADAPTER")
        query = _query(args.replay)
        try:
            judgement = replay(adapters[0], query, timeout=args.timeout)
        except (ValueError, TypeError, KeyError, RegistryError, AdapterUnavailable) as exc:
            raise CommandError(f"--replay: {exc}") from None
        print(f"{judgement.category.value}: {judgement.detail}", file=out)
        print(f"  spec call:     {query.spec_replay()}", file=out)
        print(f"  spec:          {_view(judgement.spec)}", file=out)
        print(f"  library:       {_view(judgement.library)}", file=out)
        if judgement.divergence:
            print(
                f"  divergence:    {judgement.divergence.id}: {judgement.divergence.reason}",
                file=out,
            )
        return 1 if judgement.category.value == "unexplained" else 0
    _check_metrics(args.metrics)
    check_writable([args.json, args.markdown, args.html])
    try:
        result = run_check(
            adapters or None,
            examples=args.examples,
            seed=args.seed,
            metrics=args.metrics,
            jobs=args.jobs,
            timeout=args.timeout,
            shrink=not args.no_shrink,
            progress=None if args.quiet else _Bar(sys.stderr),
        )
    except (InvalidInput, RegistryError) as exc:
        raise CommandError(str(exc)) from None
    out.write(render.to_text(result))
    for path, text in (
        (args.json, render.to_json),
        (args.markdown, render.to_markdown),
        (args.html, render.to_html),
    ):
        if path is not None:
            write_report(path, text(result))
    return result.exit_code


def _view(outcome: Any) -> str:
    if outcome is None:
        return "-"
    from metricoracle.oracle._runner import _outcome_view

    return str(_outcome_view(outcome))
