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
import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from metricoracle._cli._common import CommandError, at_least, check_writable, write_report

HELP = "can reported scores come from any confusion matrix?"

# integer setup and option keys of a row, with their smallest allowed value
INT_KEYS = {"p": 0, "n": 0, "total": 1, "n_classes": 2, "n_folds": 2, "repeats": 1,
            "decimals": 0}
# the ways to give the class counts; a row (or the command line) gives exactly one
SETUP_KINDS = {"p": "p and n", "n": "p and n", "supports": "supports", "total": "total"}


def _parsers() -> dict[str, Callable[[Any], Any]]:
    """option -> parser of one value (a member of the option's enum; errors list choices)."""
    from metricoracle.consistency import MacroF1
    from metricoracle.consistency._choices import parse_choice
    from metricoracle.consistency._interval import parse_rounding
    from metricoracle.consistency._setup import parse_aggregation, parse_zero_division

    return {"rounding": parse_rounding, "zero_division": parse_zero_division,
            "aggregation": parse_aggregation,
            "macro_f1": lambda text: parse_choice(MacroF1, text, "macro_f1", {}, dashes=True)}


def _choice_type(parse: Callable[[Any], Any]) -> Callable[[str], str]:
    """An argparse ``type`` mapping aliases to the canonical value; anything else is left
    as is for argparse's ``choices`` to reject (naming the option and listing choices)."""
    from metricoracle.errors import InvalidInput

    def convert(text: str) -> str:
        try:
            return str(parse(text).value)
        except InvalidInput:
            return text

    return convert


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options: scores, setup, hypotheses, budgets, inputs and outputs."""
    from metricoracle.consistency import Aggregation, Budget, MacroF1, Rounding, ZeroDivisionRule

    parse = _parsers()
    parser.add_argument("--score", action="append", default=[], metavar="NAME=VALUE",
                        help="a reported score, e.g. acc=0.8125, f1_macro=70.1%%, "
                             "mcc=[0.5,0.6) (repeatable)")
    parser.add_argument("--file", help="a .json/.yaml/.csv table with one result per row")
    parser.add_argument("--p", type=at_least(0), help="binary: number of positives")
    parser.add_argument("--n", type=at_least(0), help="binary: number of negatives")
    parser.add_argument("--supports", help="per-class counts, e.g. 30,40,50")
    parser.add_argument("--total", type=at_least(1),
                        help="only the number of samples is known")
    parser.add_argument("--n-classes", type=at_least(2), default=None, help="with --total")
    parser.add_argument("--n-folds", type=at_least(2),
                        help="stratified k-fold (scikit-learn's split)")
    parser.add_argument("--folds", help="explicit fold counts: '10:20;10:20' (binary p:n) "
                                        "or '3,4,5;3,4,5'")
    parser.add_argument("--repeats", type=at_least(1), help="repetitions of the k-fold split")
    parser.add_argument("--decimals", type=at_least(0),
                        help="printed decimals (default: as shown)")
    parser.add_argument("--percent", action="store_true", help="values are percentages")
    for option, kind, text in (
        ("rounding", Rounding, "repeatable: one verdict each; default half-even"),
        ("zero_division", ZeroDivisionRule, "repeatable; default 0"),
        ("aggregation", Aggregation, "repeatable; default both with folds"),
        ("macro_f1", MacroF1, "repeatable; default both"),
    ):
        choices = [member.value for member in kind]
        parser.add_argument("--" + option.replace("_", "-"), action="append", default=None,
                            type=_choice_type(parse[option]), choices=choices,
                            metavar="{" + ",".join(choices) + "}", help=text)
    parser.add_argument("--rlimit", type=at_least(1), default=Budget.rlimit,
                        help="z3 resource limit (default %(default)s)")
    parser.add_argument("--max-nodes", type=at_least(1), default=Budget.max_nodes,
                        help="branch-and-bound boxes (default %(default)s)")
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


def _setup_kinds(row: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(SETUP_KINDS[key] for key in SETUP_KINDS if key in row))


def _merged(cli: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """The command-line setup overridden by the row's: a row that gives its class counts
    one way drops the command line's other ways; integer keys are checked and converted."""
    from metricoracle.errors import InvalidInput

    if kinds := _setup_kinds(row):
        cli = {k: v for k, v in cli.items()
               if SETUP_KINDS.get(k, "total" if k == "n_classes" else None) in (None, *kinds)}
    merged = {**cli, **row}
    if len(kinds := _setup_kinds(merged)) > 1:
        raise InvalidInput(f"conflicting setups: {' and '.join(kinds)}; give only one of "
                           "p and n, supports or total")
    for key, minimum in INT_KEYS.items():
        if key in merged:
            try:
                merged[key] = int(str(merged[key]).strip())
            except ValueError:
                raise InvalidInput(f"{key}={merged[key]!r} is not an integer") from None
            if merged[key] < minimum:
                raise InvalidInput(f"{key}={merged[key]} must be >= {minimum}")
    return merged


def _read_rows(path: str) -> list[dict[str, Any]]:
    """The rows of a table file; unparseable files and empty tables are usage errors."""
    from metricoracle.consistency._table import read_rows
    from metricoracle.errors import InvalidInput

    parse_errors: tuple[type[Exception], ...] = (ValueError, csv.Error)
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml

            parse_errors += (yaml.YAMLError,)
        except ImportError:  # read_rows explains
            pass
    try:
        rows = read_rows(path)
    except InvalidInput as exc:
        raise CommandError(str(exc)) from None
    except parse_errors as exc:
        raise CommandError(f"{path}: cannot be parsed: {' '.join(str(exc).split())}") from None
    if not rows:
        raise CommandError(f"{path}: no rows")
    return rows


def _rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The rows to check: those of --file, or one made of --score and the setup options."""
    if args.file and args.score:
        raise CommandError("give scores with --score or in --file, not both")
    if len(kinds := _setup_kinds(_cli_row(args))) > 1:
        options = {"p and n": "--p/--n", "supports": "--supports", "total": "--total"}
        raise CommandError(f"conflicting setups: {' and '.join(options[k] for k in kinds)}; "
                           "give only one of --p and --n, --supports or --total")
    if args.file:
        return _read_rows(args.file)
    if not args.score:
        raise CommandError("no scores: give --score NAME=VALUE or --file")
    row = {}
    for text in args.score:
        if "=" not in text:
            raise CommandError(f"--score {text!r} is not like NAME=VALUE")
        name, value = text.split("=", 1)
        row[name.strip()] = value.strip()
    return [row]


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Check every row; print the table; return the exit code (see the module docstring)."""
    from metricoracle.consistency import Budget, Status, check_consistency
    from metricoracle.consistency._render import to_json, to_markdown
    from metricoracle.consistency._table import scores_from, setup_from
    from metricoracle.errors import InvalidInput

    check_writable([args.json, args.markdown])
    rows = _rows(args)
    parse = _parsers()
    where = f"{args.file}: " if args.file else ""
    budget = Budget(rlimit=args.rlimit, max_nodes=args.max_nodes)
    reports = []
    for number, raw in enumerate(rows, start=1):
        try:
            row = _merged(_cli_row(args), raw)
            setup = setup_from(row)
            scores = scores_from(row, setup, decimals=args.decimals, percent=args.percent)
            if not scores:
                raise InvalidInput("no scores")
            options: dict[str, Any] = {}
            for key in ("rounding", "zero_division", "aggregation", "macro_f1"):
                value = row[key] if key in row else getattr(args, key)
                if value is not None and not isinstance(value, list):
                    value = str(value).replace(";", ",").split(",")
                options[key] = None if value is None else [parse[key](v) for v in value]
            options["rounding"] = options["rounding"] or "half-even"
            options["zero_division"] = options["zero_division"] or "0"
            label = str(row.get("label", row.get("name", f"row {number}")))
            reports.append(check_consistency(scores, setup, budget=budget,
                                             explain=not args.no_explain, label=label,
                                             **options))
        except (InvalidInput, ValueError, TypeError) as exc:
            raise CommandError(f"{where}row {number}: {exc}") from None
    markdown = to_markdown(reports)
    if args.markdown and args.markdown != "-":
        write_report(args.markdown, markdown)
    elif args.json != "-":
        out.write(markdown)
    if args.json:
        text = to_json(reports)
        if args.json == "-":
            out.write(text)
        else:
            write_report(args.json, text)
    statuses = {r.status for r in reports}
    if Status.INCONSISTENT in statuses:
        return 1
    return 3 if Status.UNKNOWN in statuses else 0
