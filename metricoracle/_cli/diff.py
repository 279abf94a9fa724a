"""``metricoracle diff golden.json``: what a library answers differently from a snapshot."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from metricoracle._cli._common import CommandError, query_from_json

HELP = "compare a library's answers with a recorded snapshot"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "golden", type=Path, metavar="GOLDEN_JSON", help="output of `metricoracle snapshot`"
    )


def _golden(path: Path) -> dict[str, Any]:
    """The snapshot in ``path``, checked to have the shape `metricoracle snapshot` writes:
    ``{"adapter": str, "cases": [{"query": {...}, "answer": ...}, ...]}``."""
    try:
        golden = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise CommandError(f"{path}: not JSON: {exc}") from None
    expected = "a snapshot written by `metricoracle snapshot`"
    if not isinstance(golden, dict):
        raise CommandError(f"{path}: expected {expected} (a JSON object), "
                           f"got a JSON {type(golden).__name__}")
    missing = [key for key in ("adapter", "cases") if key not in golden]
    if missing:
        raise CommandError(f"{path}: missing key(s) {', '.join(missing)}; expected {expected}")
    if not isinstance(golden["adapter"], str):
        raise CommandError(f"{path}: 'adapter' must be a string")
    if not isinstance(golden["cases"], list):
        raise CommandError(f"{path}: 'cases' must be a list")
    for number, case in enumerate(golden["cases"]):
        if not (isinstance(case, dict) and "query" in case and "answer" in case):
            raise CommandError(f"{path}: cases[{number}] must be an object with keys "
                               "'query' and 'answer'")
        query_from_json(case["query"], f"{path}: cases[{number}].query")
    return golden


def run(args: argparse.Namespace, out: TextIO) -> int:
    from metricoracle.errors import AdapterUnavailable, RegistryError
    from metricoracle.oracle._snapshot import diff

    golden = _golden(args.golden)
    try:
        header, changes = diff(golden)
    except (ValueError, TypeError, KeyError, RegistryError, AdapterUnavailable) as exc:
        raise CommandError(f"{args.golden}: {exc}") from None
    print(
        f"{header['adapter']} {golden.get('version', '?')} -> {header['version']}: "
        f"{len(changes)} of {len(golden['cases'])} answers changed",
        file=out,
    )
    for change in changes:
        q = change["query"]
        print(
            f"- {q['metric']} average={q.get('average')} y_true={q['y_true']} y_pred={q['y_pred']}: "
            f"{change['before']} -> {change['after']}",
            file=out,
        )
    return 1 if changes else 0
