"""``metricoracle diff golden.json``: what a library answers differently from a snapshot."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

HELP = "compare a library's answers with a recorded snapshot"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "golden", type=Path, metavar="GOLDEN_JSON", help="output of `metricoracle snapshot`"
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    from metricoracle.errors import AdapterUnavailable, RegistryError
    from metricoracle.oracle._snapshot import diff

    try:
        golden = json.loads(args.golden.read_text(encoding="utf-8"))
        header, changes = diff(golden)
    except (OSError, ValueError, KeyError, RegistryError, AdapterUnavailable) as exc:
        print(f"metricoracle diff: error: {args.golden}: {exc}", file=sys.stderr)
        return 2
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
