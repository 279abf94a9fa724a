"""Command line: ``metricoracle COMMAND ...`` with the commands of :data:`COMMANDS`.

Each subcommand lives in its own module under ``metricoracle._cli`` exposing
``HELP: str``, ``add_arguments(parser)`` and ``run(args, out) -> int``; modules are
imported only when needed, so ``metricoracle --help`` stays cheap.  :func:`main` returns
the exit code and writes to ``out`` (injected, for tests); it never calls ``sys.exit``.
Usage errors (argparse's, or a subcommand's :class:`~metricoracle._cli._common.CommandError`)
print ``metricoracle <command>: error: ...`` on stderr and return 2.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO

from metricoracle._cli._common import CommandError

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


DESCRIPTION = ("Exact classification metrics, proofs about them and checks of metric "
               f"libraries. Commands: {', '.join(COMMANDS)}.")

# exit code when the reader of stdout went away (`metricoracle demo | head -1`), as for a
# process killed by SIGPIPE
BROKEN_PIPE_EXIT = 141
# exit code of an unexpected exception (BSD's EX_SOFTWARE), distinct from 1 = findings
INTERNAL_ERROR_EXIT = 70


class _UsageError(Exception):
    """An argparse error, with the (sub)parser that found it (for its usage line)."""

    def __init__(self, message: str, parser: argparse.ArgumentParser) -> None:
        super().__init__(message)
        self.parser = parser


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() can return exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: error: {message}", self)


def _command_exists(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The top-level parser; only the chosen subcommand's module is imported."""
    parser = _Parser(prog="metricoracle", description=DESCRIPTION)
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
    """Run the command line; returns the exit code (0 ok, 1 findings, 2 usage error, 70 an
    internal error, 141 stdout closed)."""
    out = sys.stdout if out is None else out
    try:
        code = _main(list(sys.argv[1:] if argv is None else argv), out)
        out.flush()  # a closed pipe shows up here, not at interpreter exit
    except BrokenPipeError:
        if out is sys.stdout:
            _discard_stdout()
        return BROKEN_PIPE_EXIT
    return code


def _main(argv: list[str], out: TextIO) -> int:
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(exc.parser.format_usage().rstrip(), file=sys.stderr)
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help / --version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(out)
        return 2
    try:
        return int(args._module.run(args, out=out))
    except CommandError as exc:
        print(f"metricoracle {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as exc:  # a bug: keep the traceback, but never exit 1 ("findings")
        traceback.print_exc(file=sys.stderr)
        print(f"metricoracle {args.command}: internal error ({type(exc).__name__}); "
              "this is a bug in metricoracle, please report it", file=sys.stderr)
        return INTERNAL_ERROR_EXIT


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the flush at interpreter exit cannot fail again
    (the recipe of the Python docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. captured output)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
