"""Helpers shared by the subcommands: usage errors, argument types and report files.

A subcommand raises :class:`CommandError` for a problem with its arguments or files;
:func:`metricoracle.cli.main` prints ``metricoracle <command>: error: <message>`` on
stderr and returns exit code 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


class CommandError(Exception):
    """A usage error (bad argument, unreadable input, unwritable output): exit code 2."""


def at_least(minimum: float, kind: type = int) -> Callable[[str], float]:
    """An argparse ``type``: ``kind(text)``, which must be ``>= minimum``."""

    def convert(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid {kind.__name__} value: {text!r}") from None
        if not value >= minimum:  # also rejects nan
            raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {text}")
        return value

    convert.__name__ = kind.__name__
    return convert


def check_writable(paths: Iterable[Path | str | None]) -> None:
    """Fail early (before a long run) if a report file could not be created."""
    for path in paths:
        if path is None or str(path) == "-":
            continue
        path = Path(path)
        if path.is_dir():
            raise CommandError(f"cannot write {path}: it is a directory")
        if not path.parent.is_dir():
            raise CommandError(f"cannot write {path}: no directory {path.parent}")


def write_report(path: Path | str, text: str) -> None:
    """Write a report file; an OS error becomes a :class:`CommandError`."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None


def query_from_json(data: Any, where: str) -> Any:
    """A :class:`~metricoracle.oracle._query.Query` from decoded JSON; ``where`` names
    the input in the error (missing or unknown keys, not an object, bad values)."""
    import dataclasses

    from metricoracle.oracle._query import Query

    if not isinstance(data, dict):
        raise CommandError(f"{where}: expected a JSON object, got {type(data).__name__}")
    fields = dataclasses.fields(Query)
    required = [f.name for f in fields if f.default is f.default_factory is dataclasses.MISSING]
    problems = []
    if missing := [name for name in required if name not in data]:
        problems.append(f"missing key(s) {', '.join(missing)}")
    if unknown := sorted(data.keys() - {f.name for f in fields}):
        problems.append(f"unknown key(s) {', '.join(unknown)}")
    if problems:
        raise CommandError(f"{where}: {'; '.join(problems)}")
    try:
        return Query.from_json(data)
    except (ValueError, TypeError) as exc:
        raise CommandError(f"{where}: {exc}") from None
