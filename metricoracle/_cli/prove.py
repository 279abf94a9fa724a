"""``metricoracle prove``: prove or refute the theorem catalogue with z3."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

HELP = "prove or refute the theorem catalogue with z3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-classes", type=int, default=4, metavar="N",
                        help="largest n for fixed-n proofs and counterexample search (default 4)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    parser.add_argument("--markdown", type=Path, metavar="FILE",
                        help="write the results as a Markdown table")
    parser.add_argument("--only", action="append", metavar="ID",
                        help="check only this theorem id (repeatable)")
    parser.add_argument("--second-opinion", action="store_true",
                        help="re-check every proof query with cvc5 when it is installed "
                             "(pip install cvc5); exit 1 if cvc5 contradicts z3")
    parser.add_argument("--cvc5-rlimit", type=int, default=None, metavar="UNITS",
                        help="cvc5 resource units per query for --second-opinion "
                             "(default 1000000)")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 1 if a theorem expected to hold is not proved or one expected to fail is not
    refuted, or (with ``--second-opinion``) if cvc5 finds a proof query satisfiable that
    z3 answered unsat; 2 if z3 is missing.  A missing cvc5 skips the second opinion."""
    try:
        from metricoracle.proofs import markdown, run_catalogue, table, to_json
    except ImportError as exc:  # z3 is an optional dependency (extra "proofs")
        print(f"metricoracle prove needs z3-solver (pip install metricoracle[proofs]): {exc}",
              file=out)
        return 2
    if args.max_classes < 1:
        print(f"--max-classes={args.max_classes} must be ≥ 1", file=out)
        return 2
    extra = {} if args.cvc5_rlimit is None else {"cvc5_rlimit": args.cvc5_rlimit}
    results = run_catalogue(args.max_classes, ids=args.only,
                            check_with_cvc5=args.second_opinion, **extra)
    print(table(results), file=out)
    if args.json:
        args.json.write_text(to_json(results) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(results), encoding="utf-8")
    ok = all(r.as_expected for r in results) and not any(r.disagrees for r in results)
    return 0 if ok else 1
