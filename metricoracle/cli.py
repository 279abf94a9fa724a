"""Command line: ``metricoracle {demo,prove,check,snapshot,diff,consistency,selftest}``.

Each subcommand lives in its own module under ``metricoracle._cli`` exposing
``HELP: str``, ``add_arguments(parser)`` and ``run(args, out) -> int``; modules are
imported only when needed, so ``metricoracle --help`` stays cheap.  :func:`main` returns
the exit code and writes to ``out`` (injected, for tests); it never calls ``sys.exit``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence
from typing import TextIO

# name -> (module, one-line help).  Help strings live here so --help imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("metricoracle._cli.demo", "exact metrics of a small built-in example"),
    "audit": ("metricoracle._cli.audit", "the main job: prove the catalogue and check installed libraries"),
    "prove": ("metricoracle._cli.prove", "prove or refute the theorem catalogue with z3"),
    "check": ("metricoracle._cli.check", "differential test of metric libraries against the spec"),
    "snapshot": ("metricoracle._cli.snapshot", "record a library's answers on a fixed corpus"),
    "diff": ("metricoracle._cli.diff", "compare a library's answers with a recorded snapshot"),
    "consistency": ("metricoracle._cli.consistency", "can reported scores come from any confusion matrix?"),
    "selftest": ("metricoracle._cli.selftest", "run the oracle and the proofs against deliberate bugs"),
}


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() can return exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}")


class _UsageError(Exception):
    pass


def _command_exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The top-level parser; only the chosen subcommand's module is imported."""
    parser = _Parser(prog="metricoracle", description=__doc__.splitlines()[0])
    from metricoracle import __version__

    parser.add_argument("--version", action="version", version=f"metricoracle {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    chosen = next((a for a in argv if a in COMMANDS), None)
    for name, (module_name, help_text) in COMMANDS.items():
        if not _command_exists(module_name):
            continue
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(module_name)
            module.add_arguments(sub)
            sub.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 findings, 2 usage error)."""
    out = sys.stdout if out is None else out
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(parser.format_usage().rstrip(), file=sys.stderr)
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return 2
    return int(args._module.run(args, out=out))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
