"""Link a symbolic-n quantity to the spec's numpy path at one fixed n.

A value computed on ``MatrixN.marginals()`` is a term over recursive sums (``row(k, n)``,
``Σ_{k<n} t_k·p_k``, …) of the symbolic number of classes n; the same value computed by
the spec's numpy path on an unrolled n×n matrix is a polynomial (or guarded ratio of
polynomials) in the entries ``C(i, j)``.  Asking z3 directly whether they agree under
``n = size`` works for linear values but times out for products of sums (MCC's
``den_sq``: z3 must unfold the recursive sums *and* reason about nonlinear products of
the unfolded terms).  So the equality is proved in small steps:

1. for each outermost recursive application ``A`` (an "atom"), ``A = U_A`` where
   ``U_A`` is A's recursion written out for ``n = size`` (one recursive function, its
   elements left as they are; z3 checks it under ``n = size``);
2. the atoms of ``U_A`` are expanded the same way, recursively, to a term ``e_A``
   without recursive functions; ``A = e_A`` follows from a *congruence lemma* proved
   over fresh reals, ``∀ a, x, y. a = T(x) ∧ x = y → a = T(y)`` with ``T`` the
   template of ``U_A`` (its atoms replaced by variables), so no query mixes unfolding
   with nonlinear arithmetic;
3. at the top, ``T(e) = concrete`` is a polynomial identity (polynomial tactic, under
   the claim's hypotheses on the unrolled matrix) and ``∀ x, y, z. x = y ∧ T(y) = z →
   T(x) = z`` gives ``symbolic = concrete``.

Every step is a kernel lemma; the unfolding here only chooses the terms (a wrong choice
fails to prove, it cannot prove anything false).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import z3

from metricoracle.proofs._kernel import Budget, Instance, Lemma, polynomial_tactic, prove
from metricoracle.proofs._z3arith import REC_DEFS

_fresh = itertools.count()


def rec_atoms(term: Any) -> list[Any]:
    """The outermost applications of recursive functions in ``term`` (no duplicates)."""
    found: dict[int, Any] = {}
    seen: set[int] = set()
    stack = [term]
    while stack:
        e = stack.pop()
        if e.get_id() in seen or not z3.is_app(e):
            continue
        seen.add(e.get_id())
        if e.decl().name() in REC_DEFS:
            found[e.get_id()] = e
        else:
            stack.extend(e.children())
    return list(found.values())


def unfold_atom(atom: Any, fixed: Sequence[tuple[Any, Any]]) -> Any:
    """``F(args)`` written out as ``0 + elem(0) + … + elem(m-1)`` for the numerals that
    ``args`` take under ``fixed``; nested recursive functions in the elements stay."""
    decl = atom.decl()
    params, body = REC_DEFS[decl.name()]

    def numerals(args: Sequence[Any]) -> list[Any]:
        out = [z3.simplify(z3.substitute(a, *fixed)) for a in args]
        if not all(z3.is_int_value(v) for v in out):
            raise ValueError(f"{atom}: arguments are not fixed by {fixed}")
        return out

    def expand(args: list[Any]) -> Any:
        inst = z3.substitute(body, *zip(params, args, strict=True))
        cond = z3.simplify(z3.substitute(inst.arg(0), *fixed))
        if z3.is_true(cond):
            return inst.arg(1)
        rest = inst.arg(2)  # F(m - 1, …) + elem
        if not (z3.is_false(cond) and rest.num_args() == 2 and rest.arg(0).decl() == decl):
            raise ValueError(f"unexpected definition of {decl.name()}: {body}")
        return expand(numerals(rest.arg(0).children())) + rest.arg(1)

    return expand(numerals(atom.children()))


def _template(term: Any, atoms: list[Any]) -> tuple[list[Any], Any]:
    xs = [z3.FreshReal(f"x{next(_fresh)}_") for _ in atoms]
    return xs, z3.substitute(term, *zip(atoms, xs, strict=True)) if atoms else term


class Expander:
    """Proves ``A = e_A`` (``e_A`` free of recursive functions) for atoms at one size."""

    def __init__(self, name: str, n: Any, size: int, budget: Budget) -> None:
        self.name, self.n, self.size, self.budget = name, n, size, budget
        self.fixed = [(n, z3.IntVal(size))]
        self._done: dict[int, tuple[Any, Any, Instance]] = {}

    def atom(self, a: Any) -> tuple[Any, Instance]:
        """``(e_A, instance of A = e_A)``."""
        key = a.get_id()
        if key not in self._done:
            u = unfold_atom(a, self.fixed)
            step = prove(f"{self.name}.unfold", a == u, hyps=[self.n == self.size],
                         budget=self.budget).at()
            expanded, facts = self.term(u)
            if facts:
                xs, t = _template(u, rec_atoms(u))
                ys = [z3.FreshReal("y") for _ in xs]
                av = z3.FreshReal("a")
                cong = prove(f"{self.name}.congruence", av == z3.substitute(t, *zip(xs, ys, strict=True)),
                             params=(av, *xs, *ys),
                             hyps=[av == t, *[x == y for x, y in zip(xs, ys, strict=True)]],
                             budget=self.budget)
                inst = cong.at(a, *rec_atoms(u), *[e for e, _ in facts])
                result = prove(f"{self.name}.expand", a == expanded,
                               hyps=[self.n == self.size],
                               by=[step, inst, *[f for _, f in facts]], budget=self.budget,
                               propositional=True, check_vacuity=False)
                self._done[key] = (a, expanded, result.at())
            else:
                self._done[key] = (a, u, step)
        _, e, inst = self._done[key]
        return e, inst

    def term(self, t: Any) -> tuple[Any, list[tuple[Any, Instance]]]:
        """``t`` with every atom expanded, and the ``(e_A, A = e_A)`` facts used."""
        atoms = rec_atoms(t)
        facts = [self.atom(a) for a in atoms]
        if not atoms:
            return t, []
        return z3.substitute(t, *[(a, e) for a, (e, _) in zip(atoms, facts, strict=True)]), facts


def equal_at_size(name: str, pairs: Sequence[tuple[Any, Any]], n: Any, size: int,
                  hyps: Sequence[Any], budget: Budget) -> Lemma:
    """``n = size ∧ hyps → symbolic = concrete`` for each (symbolic, concrete) pair."""
    ex = Expander(name, n, size, budget)
    facts: list[Instance] = []
    plain = [sym == conc for sym, conc in pairs if not rec_atoms(sym)]
    if plain:  # no recursive sums (e.g. the weights): one polynomial query for all
        facts.append(prove(f"{name}.plain", z3.And(*plain), hyps=list(hyps), budget=budget,
                           tactic=polynomial_tactic(), check_vacuity=False).at())
    for sym, conc in pairs:
        atoms = rec_atoms(sym)
        if not atoms:
            continue
        expanded, used = ex.term(sym)
        poly = prove(f"{name}.polynomial", expanded == conc, hyps=list(hyps), budget=budget,
                     tactic=polynomial_tactic(), check_vacuity=False)
        xs, t = _template(sym, atoms)
        ys = [z3.FreshReal("y") for _ in xs]
        zv = z3.FreshReal("z")
        cong = prove(f"{name}.congruence", t == zv, params=(*xs, *ys, zv),
                     hyps=[*[x == y for x, y in zip(xs, ys, strict=True)],
                           z3.substitute(t, *zip(xs, ys, strict=True)) == zv],
                     budget=budget)
        facts += [poly.at(), *[f for _, f in used],
                  cong.at(*atoms, *[e for e, _ in used], conc)]
    goal = z3.And(*[sym == conc for sym, conc in pairs])
    return prove(name, goal, hyps=[n == size, *hyps], by=facts, budget=budget,
                 propositional=True)


def same_polynomial(name: str, term: Any, expected: Any, budget: Budget) -> Instance:
    """``term = expected`` as polynomials in their recursive-sum atoms (each atom
    replaced by a fresh real, so no unfolding): an instance of the closed identity.

    A formula of a different shape (a broken variant) is refuted here at once, where
    the same question inside a query with recursive functions may run out of budget.
    """
    atoms = rec_atoms(term == expected)
    xs, goal = _template(term == expected, atoms)
    lemma = prove(name, goal, params=xs, budget=budget, tactic=polynomial_tactic())
    return lemma.at(*atoms)
