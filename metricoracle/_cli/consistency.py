"""``metricoracle consistency``: can reported scores come from any confusion matrix?

Exit codes: 0 every row is CONSISTENT under some hypothesis; 1 some row is INCONSISTENT
under every hypothesis; 3 no row is inconsistent but some verdict stayed UNKNOWN (budget);
2 usage errors (bad scores, setup or file).  Examples::

    metricoracle consistency --score acc=0.8154 --score sens=0.52 --p 50 --n 80
    metricoracle consistency --score acc=0.70 --score f1_macro=0.69 --supports 30,40,50 \\
        --rounding half-even --rounding floor
    metricoracle consistency --file table.csv --markdown verdicts.md --json verdicts.json
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

HELP = "can reported scores come from any confusion matrix?"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: scores, setup, hypotheses, budgets, inputs and outputs."""
    parser.add_argument("--score", action="append", default=[], metavar="NAME=VALUE",
                        help="a reported score, e.g. acc=0.8125, f1_macro=70.1%%, "
                             "mcc=[0.5,0.6) (repeatable)")
    parser.add_argument("--file", help="a .json/.yaml/.csv table with one result per row")
    parser.add_argument("--p", type=int, help="binary: number of positives")
    parser.add_argument("--n", type=int, help="binary: number of negatives")
    parser.add_argument("--supports", help="per-class counts, e.g. 30,40,50")
    parser.add_argument("--total", type=int, help="only the number of samples is known")
    parser.add_argument("--n-classes", type=int, default=None, help="with --total")
    parser.add_argument("--n-folds", type=int, help="stratified k-fold (scikit-learn's split)")
    parser.add_argument("--folds", help="explicit fold counts: '10:20;10:20' (binary p:n) "
                                        "or '3,4,5;3,4,5'")
    parser.add_argument("--repeats", type=int, help="repetitions of the k-fold split")
    parser.add_argument("--decimals", type=int, help="printed decimals (default: as shown)")
    parser.add_argument("--percent", action="store_true", help="values are percentages")
    parser.add_argument("--rounding", action="append", default=None,
                        help="half-even, half-up, floor, ceiling, truncate or any "
                             "(repeatable: one verdict each; default half-even)")
    parser.add_argument("--zero-division", action="append", default=None,
                        help="0, 1, nan or never (repeatable; default 0)")
    parser.add_argument("--aggregation", action="append", default=None,
                        help="pooled or mean-of-folds (repeatable; default both with folds)")
    parser.add_argument("--macro-f1", action="append", default=None,
                        help="mean-of-f1 or f1-of-means (repeatable; default both)")
    parser.add_argument("--rlimit", type=int, default=None, help="z3 resource limit")
    parser.add_argument("--max-nodes", type=int, default=None, help="branch-and-bound boxes")
    parser.add_argument("--no-explain", action="store_true",
                        help="skip the minimal inconsistent core (faster)")
    parser.add_argument("--json", metavar="F", help="write the verdicts as JSON to F ('-': stdout)")
    parser.add_argument("--markdown", metavar="F",
                        help="write the Markdown table to F (default: stdout)")


def _cli_row(args: argparse.Namespace) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key in ("p", "n", "supports", "total", "n_classes", "n_folds", "folds", "repeats"):
        value = getattr(args, key)
        if value is not None:
            row[key] = value
    return row


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Check every row; print the table; return the exit code (see the module docstring)."""
    import sys

    from metricoracle.consistency import Budget, Status, check_consistency
    from metricoracle.consistency._render import to_json, to_markdown
    from metricoracle.consistency._table import read_rows, scores_from, setup_from
    from metricoracle.errors import InvalidInput

    budget_args = {k: v for k, v in (("rlimit", args.rlimit), ("max_nodes", args.max_nodes))
                   if v is not None}
    try:
        if args.file and args.score:
            raise InvalidInput("give scores with --score or in --file, not both")
        rows = read_rows(args.file) if args.file else []
        if not args.file:
            if not args.score:
                raise InvalidInput("no scores: give --score NAME=VALUE or --file")
            row = _cli_row(args)
            for text in args.score:
                if "=" not in text:
                    raise InvalidInput(f"--score {text!r} is not like NAME=VALUE")
                name, value = text.split("=", 1)
                row[name.strip()] = value.strip()
            rows = [row]
        reports = []
        for number, row in enumerate(rows, start=1):
            try:
                setup = setup_from({**_cli_row(args), **row})
                scores = scores_from(row, setup, decimals=args.decimals, percent=args.percent)
                options = {
                    "rounding": row.get("rounding") or args.rounding or "half-even",
                    "zero_division": row.get("zero_division") or args.zero_division or "0",
                    "aggregation": row.get("aggregation") or args.aggregation,
                    "macro_f1": row.get("macro_f1") or args.macro_f1,
                }
                for key in ("rounding", "zero_division", "aggregation", "macro_f1"):
                    if isinstance(options[key], str):
                        options[key] = options[key].replace(";", ",").split(",")
                label = str(row.get("label", row.get("name", f"row {number}")))
                reports.append(check_consistency(scores, setup, budget=Budget(**budget_args),
                                                 explain=not args.no_explain, label=label,
                                                 **options))
            except InvalidInput as exc:
                raise InvalidInput(f"row {number}: {exc}") from None
    except (InvalidInput, ValueError) as exc:
        print(f"metricoracle consistency: error: {exc}", file=sys.stderr)
        return 2
    markdown = to_markdown(reports)
    if args.markdown and args.markdown != "-":
        Path(args.markdown).write_text(markdown, encoding="utf-8")
    elif args.json != "-":
        out.write(markdown)
    if args.json:
        text = to_json(reports)
        if args.json == "-":
            out.write(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
    statuses = {r.status for r in reports}
    if Status.INCONSISTENT in statuses:
        return 1
    return 3 if Status.UNKNOWN in statuses else 0
