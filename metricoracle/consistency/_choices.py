"""Parsing of the hypothesis options (rounding, zero division, aggregation): one helper for
every string enum with aliases, so that each option reports its choices the same way."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from metricoracle.errors import InvalidInput

E = TypeVar("E", bound=StrEnum)


def parse_choice(kind: type[E], text: str | E, option: str,
                 aliases: Mapping[str, str | E], *, dashes: bool = False) -> E:
    """``text`` as a member of ``kind``: the member itself, a value, or an alias (case and
    surrounding blanks ignored; ``dashes``: "_" reads as "-").  Errors list the choices."""
    if isinstance(text, kind):
        return text
    key = str(text).strip().lower()
    if dashes:
        key = key.replace("_", "-")
    found = aliases.get(key, key)
    try:
        return kind(found)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise InvalidInput(f"{option}={text!r} is not one of {choices}") from None
