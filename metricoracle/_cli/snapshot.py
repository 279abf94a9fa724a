"""``metricoracle snapshot ADAPTER > golden.json``: a library's answers on a fixed corpus."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

HELP = "record a library's answers on a fixed corpus"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "adapter", metavar="ADAPTER", help="adapter name or package.module:function"
    )
    parser.add_argument("--size", type=int, default=400, help="corpus size (default 400)")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from metricoracle.errors import AdapterUnavailable, RegistryError
    from metricoracle.oracle._snapshot import snapshot

    if args.size < 1:
        print(f"metricoracle snapshot: error: --size={args.size} must be >= 1", file=sys.stderr)
        return 2
    try:
        data = snapshot(args.adapter, size=args.size)
    except (RegistryError, AdapterUnavailable) as exc:
        print(f"metricoracle snapshot: error: {exc}", file=sys.stderr)
        return 2
    out.write(json.dumps(data, sort_keys=True, indent=1) + "\n")
    return 0
