"""Outcomes and support answers as values: what an adapter call produced."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Supported:
    """The adapter can translate this query into its library's API."""

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class Unsupported:
    """The library has no way to ask this query; ``reason`` says which part."""

    reason: str

    def __bool__(self) -> bool:
        return False


Support = Supported | Unsupported
SUPPORTED = Supported()


@dataclass(frozen=True, slots=True)
class Value:
    """A result: a number, or (nested) lists/tuples of numbers; ``dtype`` of the library's floats."""

    value: Any
    dtype: str = "float64"


@dataclass(frozen=True, slots=True)
class Raised:
    """The call raised: ``kind`` is ``ValueError``, ``TypeError`` or ``other:<Name>``."""

    kind: str
    message: str

    @classmethod
    def from_exception(cls, exc: BaseException) -> Raised:
        if isinstance(exc, ValueError):
            kind = "ValueError"
        elif isinstance(exc, TypeError):
            kind = "TypeError"
        else:
            kind = f"other:{type(exc).__name__}"
        return cls(kind, f"{type(exc).__name__}: {exc}".splitlines()[0][:300])


@dataclass(frozen=True, slots=True)
class Fault:
    """The adapter misbehaved: it hung (``timeout``), crashed or returned garbage."""

    kind: str
    message: str


Outcome = Value | Raised | Fault


class GarbageError(Exception):
    """An adapter returned something that is not a number or a nest of numbers."""


def normalise(raw: Any) -> Value:
    """Turn an adapter's return value into a :class:`Value` of plain floats.

    Accepts a :class:`Value`, a number, ``None`` (for undefined entries such as an
    averaged support), array-likes with ``tolist()`` (numpy, torch) and lists/tuples of
    those.  Anything else raises :class:`GarbageError`.
    """
    if isinstance(raw, Value):
        return Value(_plain(raw.value), raw.dtype)
    return Value(_plain(raw), _dtype_of(raw))


def _dtype_of(raw: Any) -> str:
    """The float type a raw result was computed in, so float32 gets float32 tolerance."""
    dtype = getattr(raw, "dtype", None)
    if dtype is None and isinstance(raw, list | tuple) and raw:
        dtype = getattr(raw[0], "dtype", None)
    name = str(dtype).removeprefix("torch.") if dtype is not None else ""
    return name if name in ("float32", "float16", "bfloat16") else "float64"


def _plain(raw: Any) -> Any:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, numbers.Real):
        return float(raw)
    if hasattr(raw, "tolist") and callable(raw.tolist):
        return _plain(raw.tolist())
    if isinstance(raw, list | tuple):
        return [_plain(v) for v in raw]
    raise GarbageError(f"a {type(raw).__name__} ({raw!r:.60}) where a number was expected")
