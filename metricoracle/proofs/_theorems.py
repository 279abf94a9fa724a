"""The theorem registry: stable ids, claims in words, scope, expected verdict.

A theorem is registered with :func:`theorem`, which records its metadata and the
function that checks it.  The check function receives :class:`Settings` and returns an
:class:`Outcome`; it states the claim by calling the spec's own formulas on z3 terms
(see the catalogue modules) and never retypes a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from metricoracle.errors import RegistryError
from metricoracle.proofs._kernel import DEFAULT_RLIMIT, DEFAULT_TIMEOUT_MS, Budget

Status = Literal["proved_all_n", "proved_up_to_n", "refuted", "unknown"]
STATUSES: tuple[Status, ...] = ("proved_all_n", "proved_up_to_n", "refuted", "unknown")
SCOPES = ("multiclass", "multiclass, sample-weighted", "binary / per-class", "multilabel",
          "multiclass, labels= subset")


@dataclass(frozen=True, slots=True)
class Settings:
    """How hard to try: largest unrolled class count, solver budgets, link depth."""

    max_classes: int = 4
    link_up_to: int = 3
    rlimit: int = DEFAULT_RLIMIT
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    keep_smt2: bool = False

    def budget(self) -> Budget:
        return Budget(rlimit=self.rlimit, timeout_ms=self.timeout_ms, keep_smt2=self.keep_smt2)


@dataclass(slots=True)
class Outcome:
    """What a check established.  ``max_classes`` is the largest n covered by a
    fixed-n proof or search (None for a proof for all n); ``details`` lists lemmas."""

    status: Status
    max_classes: int | None = None
    counterexample: dict[str, Any] | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Theorem:
    """A registered claim about the spec's definitions."""

    id: str
    name: str
    claim: str
    scope: str
    expected: Literal["holds", "fails"]
    check: Callable[[Settings], Outcome]
    slow: bool = False


REGISTRY: dict[str, Theorem] = {}


def theorem(id: str, *, claim: str, scope: str, expected: Literal["holds", "fails"],
            slow: bool = False) -> Callable[[Callable[[Settings], Outcome]],
                                             Callable[[Settings], Outcome]]:
    """Register the decorated check function under a stable id (e.g. ``"MO-P001"``).

    The theorem's name is the function's name, which states the claim
    (``micro_precision_equals_micro_recall``).
    """
    if scope not in SCOPES:
        raise RegistryError(f"scope={scope!r} is not one of {', '.join(SCOPES)}")

    def register(fn: Callable[[Settings], Outcome]) -> Callable[[Settings], Outcome]:
        if id in REGISTRY:
            raise RegistryError(f"theorem id={id!r} is registered twice")
        REGISTRY[id] = Theorem(id, fn.__name__, " ".join(claim.split()), scope, expected, fn, slow)
        return fn

    return register


def catalogue(*, include_slow: bool = False) -> list[Theorem]:
    """Every registered theorem (importing the catalogue modules), in id order."""
    from metricoracle.proofs import (  # noqa: F401  (imported for registration)
        _catalogue_bounds,
        _catalogue_fails,
        _catalogue_multiclass,
        _catalogue_scalar,
    )

    return [t for _, t in sorted(REGISTRY.items()) if include_slow or not t.slow]
