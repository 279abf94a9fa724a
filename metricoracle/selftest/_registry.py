"""The mutant registry: stable ids, the metric each mutant claims, the bug in words.

A mutant is registered with :func:`mutant` on the class (or function) that implements
it.  ``equivalent=True`` declares that the bug cannot change any result; the decorated
object's docstring must then argue why (a meta-test checks that it does), and the
self-test reports it as expected to survive.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from metricoracle.errors import RegistryError

T = TypeVar("T")
_MODULES = (
    "metricoracle.selftest._mutants_setwise",
    "metricoracle.selftest._mutants_matrix",
    "metricoracle.selftest._mutants_state",
)


@dataclass(frozen=True, slots=True)
class Mutant:
    """A deliberately wrong implementation of ``metric``.

    Args:
        id: stable identifier (``SW01``, ``MX03`` …) used in reports and tests.
        metric: the spec metric (scikit-learn name) it claims to implement.
        bug: the bug in one line.
        target: the class (instantiated per run) or function with scikit-learn's signature.
        equivalent: True when the bug cannot change any result (argued in the docstring).
        batched: True for a stateful ``update(y_true, y_pred, ...)``/``compute(...)``
            object that the self-test feeds in the query's update batches.
    """

    id: str
    metric: str
    bug: str
    target: Any
    equivalent: bool = False
    batched: bool = False

    def build(self) -> Any:
        """A fresh callable (or stateful object factory, for batched mutants)."""
        if self.batched or not inspect.isclass(self.target):
            return self.target
        return self.target()

    @property
    def argument(self) -> str:
        """The docstring: for an equivalent mutant, why it is equivalent."""
        return inspect.cleandoc(self.target.__doc__ or "")


REGISTRY: dict[str, Mutant] = {}


def mutant(id: str, *, metric: str, bug: str, equivalent: bool = False,
           batched: bool = False) -> Callable[[T], T]:
    """Register the decorated class or function as mutant ``id``."""

    def register(target: T) -> T:
        if id in REGISTRY:
            raise RegistryError(f"mutant id={id!r} is registered twice")
        REGISTRY[id] = Mutant(id, metric, " ".join(bug.split()), target, equivalent, batched)
        return target

    return register


def catalogue(ids: Any = None) -> list[Mutant]:
    """Every registered mutant (importing the catalogue modules), in id order.

    Args:
        ids: optional collection of ids to keep; an unknown id raises RegistryError.
    """
    for name in _MODULES:
        importlib.import_module(name)
    if ids is None:
        return [REGISTRY[k] for k in sorted(REGISTRY)]
    unknown = sorted(set(ids) - set(REGISTRY))
    if unknown:
        raise RegistryError(f"unknown mutant ids {unknown}; known: {', '.join(sorted(REGISTRY))}")
    return [REGISTRY[k] for k in sorted(set(ids))]
