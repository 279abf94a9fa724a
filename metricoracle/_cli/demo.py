"""``metricoracle demo``: exact metrics of the built-in 9-sample example (classes A, B, C)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

HELP = "exact metrics of a small built-in example"

SEED_TRUE = list("AAABBBCCC")
SEED_PRED = list("AABBBACAA")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fast", action="store_true", help="also show the float64 fast path")


ROWS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("accuracy_score", {}),
    *((metric, {"average": average})
      for metric in ("precision_score", "recall_score", "f1_score")
      for average in ("micro", "macro", "weighted")),
    ("matthews_corrcoef", {}),
    ("cohen_kappa_score", {}),
)


def demo_rows(module: Any = None) -> list[tuple[str, Any]]:
    """(label, value) rows of the seed example from ``module`` (default: the exact spec)."""
    if module is None:
        from metricoracle import spec as module
    rows = []
    for name, kwargs in ROWS:
        label = name + "".join(f"({k}={v!r})" for k, v in kwargs.items())
        rows.append((label, getattr(module, name)(SEED_TRUE, SEED_PRED, **kwargs)))
    return rows


def render(out: TextIO, *, show_fast: bool = False) -> None:
    from metricoracle.spec import fast

    print("y_true:", " ".join(SEED_TRUE), file=out)
    print("y_pred:", " ".join(SEED_PRED), file=out)
    print(file=out)
    print(f"{'metric':<36} {'exact':>14} {'float(exact)':>20}"
          + (f" {'spec.fast':>20}" if show_fast else ""), file=out)
    fast_rows = demo_rows(fast) if show_fast else []
    for i, (label, value) in enumerate(demo_rows()):
        line = f"{label:<36} {_exact_text(value):>14} {float(value)!r:>20}"
        if show_fast:
            line += f" {fast_rows[i][1]!r:>20}"
        print(line, file=out)
    print("\nmicro P = micro R = micro F1 = accuracy = 5/9: every error is a false positive "
          "for one class and a false negative for another.", file=out)


def _exact_text(value: Any) -> str:
    as_fraction = getattr(value, "as_fraction", None)
    if as_fraction is not None:
        exact = as_fraction()
        return str(exact) if exact is not None else f"{value.num}/√{value.den_sq}"
    return str(value)


def run(args: argparse.Namespace, *, out: TextIO) -> int:
    render(out, show_fast=args.fast)
    return 0
