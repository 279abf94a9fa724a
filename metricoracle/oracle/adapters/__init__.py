"""Adapters: one per library under test, found through a lazy registry.

An adapter answers two questions (the whole extension surface, like httpx's
``handle_request``)::

    support(query) -> Supported() | Unsupported(reason)
    run(query)     -> the library's result (a number, nested lists, a tensor, or Value)

The registry maps a name to ``"module:Class"``; the module (and with it the library) is
imported only when the adapter is loaded.  Built-ins are registered by
:func:`register_builtin_adapters`; third parties declare entry points in the
``metricoracle.adapters`` group (name = ``"package.module:Class"``).
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any, ClassVar, Protocol, runtime_checkable

from metricoracle.errors import AdapterUnavailable, RegistryError
from metricoracle.oracle._query import Query
from metricoracle.oracle.adapters._function import FunctionAdapter
from metricoracle.oracle.adapters._outcome import (
    SUPPORTED,
    Fault,
    Outcome,
    Raised,
    Support,
    Supported,
    Unsupported,
    Value,
    normalise,
)

__all__ = [
    "BUILTIN",
    "SUPPORTED",
    "Adapter",
    "Fault",
    "FunctionAdapter",
    "Outcome",
    "Raised",
    "Support",
    "Supported",
    "Unsupported",
    "Value",
    "available",
    "load",
    "names",
    "normalise",
    "register",
    "register_builtin_adapters",
    "reset",
]

ENTRY_POINT_GROUP = "metricoracle.adapters"


@runtime_checkable
class Adapter(Protocol):
    """What the runner needs of an adapter."""

    name: ClassVar[str]

    def support(self, query: Query) -> Support: ...

    def run(self, query: Query) -> Any: ...


BUILTIN: dict[str, str] = {
    "sklearn": "metricoracle.oracle.adapters._sklearn:SklearnAdapter",
    "torchmetrics": "metricoracle.oracle.adapters._torchmetrics:TorchmetricsFunctional",
    "torchmetrics-stateful": "metricoracle.oracle.adapters._torchmetrics:TorchmetricsStateful",
    "torcheval": "metricoracle.oracle.adapters._torcheval:TorchevalAdapter",
    "torcheval-stateful": "metricoracle.oracle.adapters._torcheval:TorchevalStateful",
    "pycm": "metricoracle.oracle.adapters._pycm:PycmAdapter",
    "ignite": "metricoracle.oracle.adapters._ignite:IgniteAdapter",
    "keras": "metricoracle.oracle.adapters._keras:KerasAdapter",
    # skipped where torch sees no CUDA device
    "torchmetrics-cuda": "metricoracle.oracle.adapters._torchmetrics:TorchmetricsFunctionalCuda",
    "torchmetrics-stateful-cuda":
        "metricoracle.oracle.adapters._torchmetrics:TorchmetricsStatefulCuda",
}

_TARGETS: dict[str, str] = {}
_LOADED: dict[str, Any] = {}
_state = {"builtins": False, "entry_points": False}


def register(name: str, target: str) -> None:
    """Register ``name`` -> ``"module:attribute"``; refuses a name already taken."""
    if name in _TARGETS:
        raise RegistryError(f"adapter name={name!r} is already registered to {_TARGETS[name]!r}")
    if ":" not in target:
        raise RegistryError(f"adapter target={target!r} must look like 'package.module:Class'")
    _TARGETS[name] = target


def register_builtin_adapters() -> None:
    """Register the adapters shipped with metricoracle (once)."""
    if not _state["builtins"]:
        _state["builtins"] = True
        for name, target in BUILTIN.items():
            register(name, target)


def _register_entry_points() -> None:
    if _state["entry_points"]:
        return
    _state["entry_points"] = True
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        register(ep.name, ep.value)


def reset() -> None:
    """Forget every registration (tests)."""
    _TARGETS.clear()
    _LOADED.clear()
    _state.update(builtins=False, entry_points=False)


def names() -> list[str]:
    """Every registered adapter name (built-ins and entry points), in registration order."""
    register_builtin_adapters()
    _register_entry_points()
    return list(_TARGETS)


def load(name: str) -> Any:
    """Import and instantiate adapter ``name``; ``name`` may also be ``module:function``.

    Raises:
        RegistryError: unknown name.
        AdapterUnavailable: its library (or module) cannot be imported.
    """
    if name in _LOADED:
        return _LOADED[name]
    known = names()
    if name not in _TARGETS:
        if ":" in name:  # a user callable: package.module:function
            adapter = FunctionAdapter.from_target(name)
            _LOADED[name] = adapter
            return adapter
        raise RegistryError(
            f"adapter={name!r} is unknown; choose one of {', '.join(known)} "
            "or give a callable as 'package.module:function'"
        )
    module_name, _, attr = _TARGETS[name].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise AdapterUnavailable(name, reason=str(exc)) from exc
    adapter = getattr(module, attr)()
    _LOADED[name] = adapter
    return adapter


def available(name: str) -> str | None:
    """None when adapter ``name`` loads, else why not (the runner reports it as skipped)."""
    try:
        load(name)
    except AdapterUnavailable as exc:
        return exc.reason
    return None
