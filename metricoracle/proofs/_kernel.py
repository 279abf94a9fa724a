"""A small LCF-style proof kernel on top of z3.

Trust rules (each enforced here, nowhere else):

* A :class:`Lemma` is only constructed by this module, and only from an ``unsat`` answer
  to ``hyps ∧ instances ∧ ¬body`` (or from a base case and a step that are themselves
  lemmas, for :func:`induct`).  ``unknown`` -- an exhausted ``rlimit`` or the wall-clock
  safety net -- raises :class:`NotProved` with status ``"unknown"``; it is never a proof.
* A lemma is a closed statement ``∀ params. hyps → body`` (function symbols such as the
  confusion matrix ``C`` are schematic, i.e. implicitly universal).  Later queries use it
  only through :meth:`Lemma.at`, which instantiates the *whole* implication, hypotheses
  included (passing a lemma's body alone would be unsound).
* Hypotheses are checked satisfiable first (no vacuous proofs): contradictory
  hypotheses raise :class:`NotProved` with status ``"vacuous"``.
* Budgets are z3 ``rlimit`` counts (deterministic on every machine and load); the wall
  ``timeout`` is only a safety net against a hung solver.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import z3

DEFAULT_RLIMIT = 20_000_000
DEFAULT_TIMEOUT_MS = 60_000
_KERNEL_KEY = object()


def polynomial_tactic() -> Any:
    """Normalise to sums of monomials first: polynomial identities become trivial
    (the default solver's search on them depends on term order, see P7)."""
    return z3.Then(z3.With("simplify", som=True), "smt")

_rlimit_seen = 0
_recorders: list[list[Query]] = []


class NotProved(Exception):
    """A statement was not proved: ``status`` is "refuted", "unknown" or "vacuous"."""

    def __init__(self, name: str, status: str, reason: str, model: Any = None,
                 solver_seconds: float = 0.0) -> None:
        super().__init__(f"{name}: {status} ({reason})")
        self.name = name
        self.status = status
        self.reason = reason
        self.model = model
        self.solver_seconds = solver_seconds


@dataclass(frozen=True, slots=True)
class Record:
    """How a lemma was checked: solver work, CPU seconds, query hash, SMT-LIB text."""

    rlimit_used: int
    seconds: float
    query_sha256: str
    z3_version: str
    smt2: str | None = None


@dataclass(frozen=True, slots=True)
class Query:
    """One proof query as z3 answered it: the lemma's name, the SMT-LIB text of
    ``instances ∧ hyps ∧ ¬body`` (as :meth:`z3.Solver.to_smt2` writes it) and z3's answer."""

    name: str
    smt2: str
    answer: str


@contextmanager
def recording() -> Iterator[list[Query]]:
    """Collect every proof query discharged by :func:`prove` inside the ``with`` block
    (nested blocks each see the queries made while they are open)."""
    queries: list[Query] = []
    _recorders.append(queries)
    try:
        yield queries
    finally:
        _recorders[:] = [r for r in _recorders if r is not queries]


@dataclass(frozen=True, slots=True)
class Instance:
    """A lemma's closed statement instantiated at terms: usable as a fact in a query."""

    lemma: Lemma
    formula: Any


class Lemma:
    """A proved closed statement ``∀ params. (∧ hyps) → body``.  Built only by the kernel."""

    __slots__ = ("body", "deps", "hyps", "name", "params", "record")

    def __init__(self, key: object, name: str, params: Sequence[Any], hyps: Sequence[Any],
                 body: Any, deps: Sequence[Lemma], record: Record | None) -> None:
        if key is not _KERNEL_KEY:
            raise TypeError("a Lemma is only constructed by the proof kernel from an unsat answer")
        self.name = name
        self.params = tuple(params)
        self.hyps = tuple(hyps)
        self.body = body
        self.deps = tuple(deps)
        self.record = record

    @property
    def implication(self) -> Any:
        return z3.Implies(z3.And(*self.hyps), self.body) if self.hyps else self.body

    @property
    def statement(self) -> Any:
        """The closed statement (``ForAll`` over the parameters)."""
        return z3.ForAll(list(self.params), self.implication) if self.params else self.implication

    def at(self, *terms: Any) -> Instance:
        """Instantiate every parameter (positionally); hypotheses come along."""
        if len(terms) != len(self.params):
            raise TypeError(f"{self.name} has {len(self.params)} parameters, got {len(terms)}")
        pairs = [(p, _coerce(t, p)) for p, t in zip(self.params, terms, strict=True)]
        return Instance(self, z3.substitute(self.implication, *pairs) if pairs else self.implication)

    def all_deps(self) -> list[Lemma]:
        seen: dict[str, Lemma] = {}
        stack = list(self.deps)
        while stack:
            lemma = stack.pop()
            if lemma.name not in seen:
                seen[lemma.name] = lemma
                stack.extend(lemma.deps)
        return list(seen.values())

    def __repr__(self) -> str:
        return f"Lemma({self.name}: {self.statement})"


def _coerce(term: Any, param: Any) -> Any:
    if isinstance(term, int | float | str):
        return z3.IntVal(term) if param.is_int() else z3.RealVal(term)
    return term


@dataclass(slots=True)
class Budget:
    """Per-query limits: ``rlimit`` (deterministic work units) and a wall-clock safety net."""

    rlimit: int = DEFAULT_RLIMIT
    timeout_ms: int = DEFAULT_TIMEOUT_MS
    keep_smt2: bool = False
    log: list[Record] = field(default_factory=list)


def _solver(budget: Budget, tactic: Any) -> Any:
    if isinstance(tactic, str):
        tactic = z3.Tactic(tactic)
    s = tactic.solver() if tactic is not None else z3.Solver()
    s.set("rlimit", budget.rlimit)
    s.set("timeout", budget.timeout_ms)
    return s


def _check(s: Any) -> tuple[Any, int, float]:
    global _rlimit_seen
    start = time.process_time()
    answer = s.check()
    seconds = time.process_time() - start
    count = 0
    for key, value in s.statistics():
        if key == "rlimit count":
            count = int(value)
    used = max(count - _rlimit_seen, 0)
    _rlimit_seen = max(count, _rlimit_seen)
    return answer, used, seconds


def satisfiable(name: str, constraints: Sequence[Any], budget: Budget) -> Any:
    """A model of ``constraints`` or raise NotProved ("vacuous" if unsat, "unknown")."""
    s = _solver(budget, None)
    s.add(*constraints)
    answer, _, seconds = _check(s)
    if answer == z3.sat:
        return s.model()
    if answer == z3.unsat:
        raise NotProved(name, "vacuous", "the hypotheses are contradictory", solver_seconds=seconds)
    raise NotProved(name, "unknown", f"vacuity check: {s.reason_unknown()}", solver_seconds=seconds)


def prove(name: str, body: Any, *, params: Sequence[Any] = (), hyps: Sequence[Any] = (),
          by: Sequence[Instance] = (), budget: Budget | None = None,
          tactic: Any = None, check_vacuity: bool = True,
          propositional: bool = False) -> Lemma:
    """Prove ``∀ params. hyps → body`` using the lemma instances ``by``.

    ``propositional=True`` checks the Boolean abstraction instead (every arithmetic atom
    replaced by a fresh Boolean, equal atoms by the same one): if that is unsat so is the
    query, and a SAT solver never gets lost in big nonlinear atoms that only need to be
    chained (a model of the abstraction is not a counterexample: "unknown" then).

    ``tactic`` (a name or a z3 Tactic) replaces the default solver, e.g. ``qfnra-nlsat``
    for small nonlinear facts or :func:`polynomial_tactic` for polynomial identities.

    Raises:
        NotProved: "vacuous" (hypotheses unsatisfiable), "refuted" (with the z3 model of
            a counterexample to the statement) or "unknown" (budget exhausted).
    """
    budget = budget or Budget()
    for inst in by:
        if not isinstance(inst, Instance):
            raise TypeError(f"{name}: facts must be Lemma instances (Lemma.at), got {inst!r}")
    if check_vacuity and hyps:
        satisfiable(name, hyps, budget)
    s = _solver(budget, tactic)
    query = [*[inst.formula for inst in by], *hyps, z3.Not(body)]
    if propositional:
        atoms: dict[int, Any] = {}
        query = [_abstract(q, atoms) for q in query]
    s.add(*query)
    answer, used, seconds = _check(s)
    if answer == z3.sat and propositional:
        raise NotProved(name, "unknown", "Boolean abstraction is satisfiable",
                        solver_seconds=seconds)
    if answer == z3.sat:
        raise NotProved(name, "refuted", "counterexample found", s.model(), seconds)
    if answer != z3.unsat:
        raise NotProved(name, "unknown", s.reason_unknown(), solver_seconds=seconds)
    text = s.to_smt2() if budget.keep_smt2 or _recorders else None
    for queries in _recorders:
        queries.append(Query(name, text or "", "unsat"))
    digest = hashlib.sha256((text or f"{name}|{body.sexpr()}").encode()).hexdigest()
    record = Record(used, seconds, digest, z3.get_version_string(), text)
    budget.log.append(record)
    deps = {inst.lemma.name: inst.lemma for inst in by}
    return Lemma(_KERNEL_KEY, name, params, hyps, body, list(deps.values()), record)


_CONNECTIVES = (z3.Z3_OP_AND, z3.Z3_OP_OR, z3.Z3_OP_NOT, z3.Z3_OP_IMPLIES, z3.Z3_OP_XOR)


def _abstract(formula: Any, atoms: dict[int, Any]) -> Any:
    """Replace every non-propositional Boolean subterm by a Boolean variable (by AST id:
    z3 hash-conses terms, so structurally equal atoms share one variable)."""
    if z3.is_true(formula) or z3.is_false(formula):
        return formula
    if z3.is_app(formula) and formula.decl().kind() in _CONNECTIVES:
        args = [_abstract(a, atoms) for a in formula.children()]
        kind = formula.decl().kind()
        if kind == z3.Z3_OP_AND:
            return z3.And(*args)
        if kind == z3.Z3_OP_OR:
            return z3.Or(*args)
        if kind == z3.Z3_OP_NOT:
            return z3.Not(args[0])
        if kind == z3.Z3_OP_IMPLIES:
            return z3.Implies(args[0], args[1])
        return z3.Xor(args[0], args[1])
    key = formula.get_id()
    if key not in atoms:
        atoms[key] = (z3.Bool(f"atom!{len(atoms)}"), formula)
    return atoms[key][0]


def induct(name: str, var: Any, body: Any, *, params: Sequence[Any] = (),
           hyps: Sequence[Any] = (), by_base: Sequence[Instance] = (),
           by_step: Sequence[Instance] = (), budget: Budget | None = None,
           propositional_step: bool = False) -> Lemma:
    """Prove ``∀ var ≥ 0, params. hyps → body`` by induction on the Int ``var``.

    Base: ``hyps[var:=0] → body[var:=0]``.  Step: for ``var ≥ 0``, the induction
    hypothesis ``hyps → body`` implies ``hyps[var:=var+1] → body[var:=var+1]``.  Both are
    discharged by :func:`prove` (the step with ``propositional=True`` if asked: when
    ``by_step`` already chains to the goal); the lemma is built only from the two lemmas.
    """
    budget = budget or Budget()

    def shift(expr: Any, to: Any) -> Any:
        return z3.substitute(expr, (var, to))

    ih = z3.Implies(z3.And(*hyps), body) if hyps else body
    base = prove(f"{name}.base", shift(body, z3.IntVal(0)), params=params,
                 hyps=[shift(h, z3.IntVal(0)) for h in hyps], by=by_base, budget=budget)
    step = prove(f"{name}.step", shift(body, var + 1), params=(var, *params),
                 hyps=[var >= 0, ih, *[shift(h, var + 1) for h in hyps]], by=by_step,
                 budget=budget, propositional=propositional_step)
    return Lemma(_KERNEL_KEY, name, (var, *params), (var >= 0, *hyps), body, [base, step], None)


def combined_seconds(lemma: Lemma) -> float:
    """CPU seconds of the solver calls behind a lemma and all its dependencies."""
    total = lemma.record.seconds if lemma.record else 0.0
    return total + sum(d.record.seconds for d in lemma.all_deps() if d.record)
