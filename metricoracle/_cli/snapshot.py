"""``metricoracle snapshot ADAPTER > golden.json``: a library's answers on a fixed corpus."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from metricoracle._cli._common import CommandError, at_least

HELP = "record a library's answers on a fixed corpus"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "adapter", metavar="ADAPTER", help="adapter name or package.module:function"
    )
    parser.add_argument(
        "--size", type=at_least(1), default=400,
        help="queries drawn (default 400); only those the adapter supports are recorded")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from metricoracle.errors import AdapterUnavailable, RegistryError
    from metricoracle.oracle._snapshot import snapshot

    try:
        data = snapshot(args.adapter, size=args.size)
    except (RegistryError, AdapterUnavailable) as exc:
        raise CommandError(str(exc)) from None
    out.write(json.dumps(data, sort_keys=True, indent=1) + "\n")
    return 0
