"""``metricoracle check``: differential test of metric libraries against the spec."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

HELP = "differential test of metric libraries against the spec"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "adapters",
        nargs="*",
        metavar="ADAPTER",
        help="adapter names or package.module:function (default: all registered)",
    )
    parser.add_argument("--examples", type=int, default=300, help="generated cases (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="run seed (default 0)")
    parser.add_argument(
        "--metrics", nargs="+", default=None, metavar="METRIC", help="spec metric names"
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per library call (default 10)"
    )
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
    """A progress bar on stderr, redrawn at most every 0.1 s."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        filled = int(30 * done / max(total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} cases")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _error(message: str) -> int:
    print(f"metricoracle check: error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace, out: TextIO) -> int:
    from metricoracle.errors import AdapterUnavailable, InvalidInput, RegistryError
    from metricoracle.oracle import report as render
    from metricoracle.oracle._query import Query
    from metricoracle.oracle._runner import replay, run_check

    if args.examples < 0 or args.jobs < 1 or args.timeout < 0:
        return _error(
            f"--examples={args.examples} must be >= 0, --jobs={args.jobs} >= 1, "
            f"--timeout={args.timeout} >= 0"
        )
    if args.replay is not None:
        if len(args.adapters) != 1:
            return _error("--replay needs exactly one ADAPTER")
        try:
            query = Query.from_json(json.loads(args.replay))
            judgement = replay(args.adapters[0], query, timeout=args.timeout)
        except (ValueError, TypeError, KeyError, RegistryError, AdapterUnavailable) as exc:
            return _error(f"--replay: {exc}")
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
    try:
        result = run_check(
            args.adapters or None,
            examples=args.examples,
            seed=args.seed,
            metrics=args.metrics,
            jobs=args.jobs,
            timeout=args.timeout,
            shrink=not args.no_shrink,
            progress=None if args.quiet else _Bar(sys.stderr),
        )
    except (InvalidInput, RegistryError) as exc:
        return _error(str(exc))
    out.write(render.to_text(result))
    for path, text in (
        (args.json, render.to_json),
        (args.markdown, render.to_markdown),
        (args.html, render.to_html),
    ):
        if path is not None:
            path.write_text(text(result), encoding="utf-8")
    return result.exit_code


def _view(outcome: Any) -> str:
    if outcome is None:
        return "-"
    from metricoracle.oracle._runner import _outcome_view

    return str(_outcome_view(outcome))
