"""Claims over an unrolled n×n confusion matrix, proved or refuted for each n ≤ N.

A claim is a function ``claim(M, f, zd) -> Claim`` written once and evaluated twice:
symbolically (``M`` an object matrix of z3 variables, ``f.arith`` the z3 interpretation)
to prove or refute it, and concretely (``M`` an integer matrix, exact ``Fraction``
arithmetic) to replay a counterexample.  ``f`` is a :class:`Formulas` bundle, by
default the spec's own functions; the teeth tests pass deliberately broken ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import z3

from metricoracle.proofs._kernel import Budget, NotProved, prove
from metricoracle.proofs._z3arith import Z3, entries, symbolic_matrix
from metricoracle.spec import _averaging, _formulas
from metricoracle.spec._arith import EXACT


@dataclass(frozen=True, slots=True)
class Formulas:
    """The spec functions a claim may call (swapped out only by the teeth tests)."""

    arith: Any = Z3
    marginals: Callable[..., Any] = _formulas.marginals
    one_vs_rest: Callable[..., Any] = _formulas.one_vs_rest
    pool: Callable[..., Any] = _formulas.pool
    precision: Callable[..., Any] = _formulas.precision
    recall: Callable[..., Any] = _formulas.recall
    f_beta: Callable[..., Any] = _formulas.f_beta
    jaccard: Callable[..., Any] = _formulas.jaccard
    accuracy: Callable[..., Any] = _formulas.accuracy
    zero_one_loss: Callable[..., Any] = _formulas.zero_one_loss
    matthews_corrcoef: Callable[..., Any] = _formulas.matthews_corrcoef
    cohen_kappa: Callable[..., Any] = _formulas.cohen_kappa
    mean: Callable[..., Any] = _averaging.mean
    weighted_mean: Callable[..., Any] = _averaging.weighted_mean

    def value(self, ratio: Any, zd: Any) -> Any:
        """A ``Ratio`` divided in this bundle's arithmetic with zero-division value ``zd``."""
        return self.arith.div(ratio.num, ratio.den, if_zero=zd)

    def exact(self) -> Formulas:
        return replace(self, arith=EXACT)


SPEC = Formulas()


@dataclass(slots=True)
class Claim:
    """Hypotheses, the goal, and named values (reported with counterexamples)."""

    hyps: list[Any]
    goal: Any
    values: dict[str, Any] = field(default_factory=dict)


def _is_z3(values: Sequence[Any]) -> bool:
    return any(isinstance(v, z3.ExprRef) for v in values)


def all_of(*conds: Any) -> Any:
    """Conjunction for z3 terms or Python booleans."""
    return z3.And(*conds) if _is_z3(conds) else all(bool(c) for c in conds)


def any_of(*conds: Any) -> Any:
    """Disjunction for z3 terms or Python booleans."""
    return z3.Or(*conds) if _is_z3(conds) else any(bool(c) for c in conds)


def between(x: Any, a: Any, b: Any) -> Any:
    """``min(a, b) ≤ x ≤ max(a, b)`` for z3 terms or exact numbers."""
    return any_of(all_of(a <= x, x <= b), all_of(b <= x, x <= a))


def nonnegative(matrix: Any) -> list[Any]:
    """Hypotheses ``C[i, j] ≥ 0`` for every entry."""
    return [e >= 0 for e in entries(matrix)]


ClaimFn = Callable[[Any, Formulas, Any], Claim]


@dataclass(slots=True)
class FixedResult:
    status: str
    max_classes: int
    model: Any = None
    size: int | None = None
    reason: str = ""
    lemmas: list[str] = field(default_factory=list)


def check_each_n(name: str, claim: ClaimFn, sizes: Sequence[int], budget: Budget,
                 formulas: Formulas = SPEC, *, integer: bool = False,
                 extra: Callable[[Any], list[Any]] | None = None,
                 tactic: str | None = None) -> FixedResult:
    """Prove ``claim`` on a symbolic n×n matrix for each n in ``sizes`` (stop at the first
    failure).  ``zd`` is a symbolic zero-division value, constrained by the claim."""
    last = 0
    lemmas = []
    for n in sizes:
        M = symbolic_matrix(n, integer=integer)
        zd = z3.Real("zd")
        c = claim(M, formulas, zd)
        hyps = c.hyps + (extra(M) if extra else [])
        try:
            lemma = prove(f"{name}[n={n}]", c.goal, hyps=hyps, budget=budget, tactic=tactic)
        except NotProved as exc:
            status = "refuted" if exc.status == "refuted" else "unknown"
            reason = exc.reason if exc.status != "vacuous" else "vacuous hypotheses"
            return FixedResult(status, last, exc.model, n, reason, lemmas)
        lemmas.append(lemma.name)
        last = n
    return FixedResult("proved", last, lemmas=lemmas)
