"""``metricoracle prove``: prove or refute the theorem catalogue with z3."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from metricoracle._cli._common import CommandError, at_least, check_writable, write_report

HELP = "prove or refute the theorem catalogue with z3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-classes", type=at_least(1), default=4, metavar="N",
                        help="largest n for fixed-n proofs and counterexample search (default 4)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    parser.add_argument("--markdown", type=Path, metavar="FILE",
                        help="write the results as a Markdown table")
    parser.add_argument("--only", action="append", metavar="ID", type=str.upper,
                        help="check only this theorem id, e.g. MO-001 (repeatable)")
    parser.add_argument("--second-opinion", action="store_true",
                        help="re-check every proof query with cvc5 when it is installed "
                             "(cvc5, installed with the proofs extra); exit 1 if cvc5 contradicts z3")
    parser.add_argument("--cvc5-rlimit", type=at_least(1), default=None, metavar="UNITS",
                        help="cvc5 resource units per query for --second-opinion "
                             "(default 1000000)")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 1 if a theorem expected to hold is not proved or one expected to fail is not
    refuted, or (with ``--second-opinion``) if cvc5 finds a proof query satisfiable that
    z3 answered unsat; 2 if z3 is missing.  A missing cvc5 skips the second opinion."""
    try:
        from metricoracle.proofs import catalogue, markdown, run_catalogue, table, to_json
    except ImportError as exc:  # z3 is an optional dependency (extra "proofs")
        raise CommandError(
            f"needs z3-solver (pip install metricoracle[proofs]): {exc}") from None
    valid = [t.id for t in catalogue()]
    unknown = [i for i in args.only or [] if i not in valid]
    if unknown:
        raise CommandError(f"--only: unknown theorem id(s) {', '.join(unknown)}; "
                           f"valid ids: {', '.join(valid)}")
    check_writable([args.json, args.markdown])
    extra = {} if args.cvc5_rlimit is None else {"cvc5_rlimit": args.cvc5_rlimit}
    results = run_catalogue(args.max_classes, ids=args.only,
                            check_with_cvc5=args.second_opinion, **extra)
    print(table(results), file=out)
    if args.json:
        write_report(args.json, to_json(results) + "\n")
    if args.markdown:
        write_report(args.markdown, markdown(results))
    ok = all(r.as_expected for r in results) and not any(r.disagrees for r in results)
    return 0 if ok else 1
