"""The confusion matrix for every number of classes, and the induction lemmas about it.

``C`` is an uninterpreted z3 function (``C(i, j)`` = weighted count of true ``i``
predicted ``j``; Int sort for integer counts, Real for sample weights) and ``n`` a
symbolic number of classes.  The recursive sums, one per spec quantity:

* ``row(i, m) = Σ_{j<m} C(i, j)`` and ``col(j, m) = Σ_{i<m} C(i, j)``: the all-n analogues
  of ``matrix.sum(axis=1)`` / ``axis=0`` in the spec's ``marginals``;
* ``RS(a, b) = Σ_{i<a} row(i, b)`` and ``CS(b, a) = Σ_{j<b} col(j, a)``: rectangle sums;
* every ``SymVector.sum()``: the all-n analogue of numpy's ``.sum()`` inside the spec's
  ``pool``, ``accuracy`` and the averages.

:meth:`MatrixN.marginals` builds ``Marginals(diag, true_sum, pred_sum, total)`` of
symbolic-length vectors, on which the spec's own ``one_vs_rest``/``pool``/``precision``/…
are called; :meth:`MatrixN.as_matrix` is C itself as a symbolic-size matrix (for
``cohen_kappa``, which takes the matrix).  :meth:`MatrixN.link` checks, for each
n ≤ N, that those symbolic quantities equal the spec's quantities computed through
``marginals(M)`` on an unrolled n×n matrix ``M[i, j] = C(i, j)`` -- so the all-n
theorems are about the same definitions.

Lemmas proved here (each by :func:`~metricoracle.proofs._kernel.induct`):

* ``cs_zero``: ``CS(b, 0) = 0``;
* ``cs_step``: ``a ≥ 0 → CS(b, a+1) = CS(b, a) + row(a, b)``;
* ``fubini``: ``RS(a, b) = CS(b, a)`` (summing rows first = summing columns first);
* ``row_bounds``/``col_bounds`` (given C ≥ 0): a row/column prefix sum is ≥ 0 and at
  least each of its entries;
* ``sum_identity``: ``Σ_{k<m} u_k = Σ_i c_i·Σ_{k<m} v_i,k`` when ``u_k = Σ_i c_i·v_i,k``;
* ``sum_congruence``: pointwise-equal vectors have equal prefix sums.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import z3

from metricoracle.proofs._kernel import Budget, Instance, Lemma, induct, prove
from metricoracle.proofs._link import equal_at_size
from metricoracle.proofs._z3arith import SymMatrix, SymVector, Term, define_rec, real
from metricoracle.spec._formulas import Marginals

_DECLS: dict[str, Any] = {}


def _rec_sum(name: str, fn: Callable[[Term, Term], Term], *, bound_first: bool) -> Any:
    """``Σ_{k<m} fn(k, p)`` as a z3 recursive function ``F(m, p)`` or ``F(p, m)``.

    z3 refuses to define a recursive function twice, so declarations are shared by name.
    """
    if name in _DECLS:
        return _DECLS[name]
    F = z3.RecFunction(name, z3.IntSort(), z3.IntSort(), z3.RealSort())
    m, p = z3.Ints(f"{name}_m {name}_p")

    def call(bound: Term) -> Term:
        return F(bound, p) if bound_first else F(p, bound)

    args = [m, p] if bound_first else [p, m]
    define_rec(F, args, z3.If(m <= 0, z3.RealVal(0),
                              call(m - 1) + real(fn(m - 1, p)).plain()))
    _DECLS[name] = F
    return F


class MatrixN:
    """A symbolic confusion matrix with a symbolic number of classes ``n``."""

    def __init__(self, name: str = "C", *, integer: bool = False,
                 budget: Budget | None = None) -> None:
        # declarations are shared by name, so the sort is part of the name
        name = f"{name}{'i' if integer else 'r'}"
        self.name = name
        self.integer = integer
        self.budget = budget or Budget()
        self.C = z3.Function(name, z3.IntSort(), z3.IntSort(),
                             z3.IntSort() if integer else z3.RealSort())
        self.n = z3.Int(f"{name}_n")
        self.row = _rec_sum(f"{name}_row", lambda j, i: self.C(i, j), bound_first=False)
        self.col = _rec_sum(f"{name}_col", lambda i, j: self.C(i, j), bound_first=False)
        self.RS = _rec_sum(f"{name}_RS", lambda i, b: self.row(i, b), bound_first=True)
        self.CS = _rec_sum(f"{name}_CS", lambda j, a: self.col(j, a), bound_first=True)
        n = self.n
        self.diag = SymVector(lambda k: real(self.C(k, k)), n, "diag")
        self.true_sum = SymVector(lambda k: self.row(k, n), n, "true_sum")
        self.pred_sum = SymVector(lambda k: self.col(k, n), n, "pred_sum")
        self._lemmas: dict[str, Lemma] = {}
        self._pairs: dict[str, tuple[Lemma, Lemma]] = {}

    def marginals(self) -> Marginals[Any]:
        """Symbolic-length marginals; ``total`` is the sum of the row sums."""
        return Marginals(diag=self.diag, true_sum=self.true_sum, pred_sum=self.pred_sum,
                         total=self.true_sum.sum())

    def as_matrix(self) -> SymMatrix:
        """``C`` as a symbolic-size matrix for formulas that take the matrix itself
        (``cohen_kappa``): its row/column sums and total are those of :meth:`marginals`."""
        margins = self.marginals()
        return SymMatrix(lambda i, j: real(self.C(i, j)), self.n, self.name,
                         margins=(self.true_sum, self.pred_sum, margins.total))

    def nonnegative(self) -> Any:
        """Hypothesis: every count is ≥ 0 (a closed ∀ over the entries)."""
        i, j = z3.Ints(f"{self.name}_i {self.name}_j")
        return z3.ForAll([i, j], self.C(i, j) >= 0)

    def unrolled(self, n: int) -> np.ndarray:
        """The n×n object matrix ``M[i, j] = C(i, j)`` (for the link with the numpy path)."""
        out = np.empty((n, n), dtype=object)
        for i in range(n):
            for j in range(n):
                out[i, j] = real(self.C(i, j))
        return out

    # -- lemmas -------------------------------------------------------------------------
    def cached(self, key: str, make: Callable[[], Lemma]) -> Lemma:
        """The lemma under ``key``, proved by ``make`` on first use (per matrix)."""
        if key not in self._lemmas:
            self._lemmas[key] = make()
        return self._lemmas[key]

    def fubini(self) -> Lemma:
        """``∀ a, b ≥ 0. RS(a, b) = CS(b, a)``, via cs_zero and cs_step."""
        return self.cached("fubini", self._fubini)

    def _fubini(self) -> Lemma:
        a, b = z3.Ints(f"{self.name}_a {self.name}_b")
        CS, RS, row = self.CS, self.RS, self.row
        cs_zero = induct(f"{self.name}.cs_zero", b, CS(b, 0) == 0, budget=self.budget)
        cs_step = induct(f"{self.name}.cs_step", b, CS(b, a + 1) == CS(b, a) + row(a, b),
                         params=(a,), hyps=(a >= 0,), budget=self.budget)
        return induct(f"{self.name}.fubini", a, RS(a, b) == CS(b, a), params=(b,),
                      hyps=(b >= 0,), by_base=[cs_zero.at(b)],
                      by_step=[cs_step.at(b, a)], budget=self.budget)

    def bounds(self) -> tuple[Lemma, Lemma]:
        """Given ``C ≥ 0``: ``row(i, m) ≥ 0 ∧ (0 ≤ k < m → row(i, m) ≥ C(i, k))``
        (parameters m, i, k) and the same for ``col(k, m)`` and ``C(i, k)`` (m, k, i)."""
        def make() -> tuple[Lemma, Lemma]:
            i, k, m = z3.Ints(f"{self.name}_bi {self.name}_bk {self.name}_bm")
            C, nonneg = self.C, self.nonnegative()
            row = induct(f"{self.name}.row_bounds", m, z3.And(
                self.row(i, m) >= 0,
                z3.Implies(z3.And(k >= 0, k < m), self.row(i, m) >= C(i, k))),
                params=(i, k), hyps=(nonneg,), budget=self.budget)
            col = induct(f"{self.name}.col_bounds", m, z3.And(
                self.col(k, m) >= 0,
                z3.Implies(z3.And(i >= 0, i < m), self.col(k, m) >= C(i, k))),
                params=(k, i), hyps=(nonneg,), budget=self.budget)
            return row, col
        if "bounds" not in self._pairs:
            self._pairs["bounds"] = make()
        return self._pairs["bounds"]

    def total_is_rectangle(self) -> Lemma:
        """``∀ m ≥ 0. Σ_{k<m} true_sum_k = RS(m, n)`` and the same for columns and CS."""
        def make() -> Lemma:
            m = z3.Int(f"{self.name}_mt")
            body = z3.And(self.true_sum.partial_sum(m) == self.RS(m, self.n),
                          self.pred_sum.partial_sum(m) == self.CS(m, self.n))
            return induct(f"{self.name}.sums_are_rectangles", m, body, budget=self.budget)
        return self.cached("rect", make)

    def row_sum_equals_col_sum(self) -> Instance:
        """Instances giving ``Σ_k true_sum_k = Σ_k pred_sum_k`` (= total) at ``n``."""
        n = self.n
        lemma = prove(f"{self.name}.total_rows_equals_total_cols",
                      self.true_sum.sum() == self.pred_sum.sum(), hyps=[n >= 0],
                      by=[self.fubini().at(n, n), self.total_is_rectangle().at(n)],
                      budget=self.budget)
        return lemma.at()

    def link(self, values_of: Callable[[Any, Any], tuple[dict[str, Any], list[Any]]], up_to: int,
             symbolic_formulas: Any, concrete_formulas: Any, *,
             stepwise: bool = False) -> list[Lemma]:
        """For each 1 ≤ n ≤ up_to: the quantities computed by the spec's numpy path
        (``marginals`` of the unrolled matrix) equal those computed on the
        symbolic-length marginals at that n, under the claim's hypotheses on the
        unrolled matrix (``values_of`` returns the values and those hypotheses).
        Values may be scalars, per-label vectors or matrices (compared entrywise).

        One z3 query per n suffices for values linear in the counts; ``stepwise``
        unfolds the recursive sums in small steps instead (:mod:`._link`), which
        products of sums (MCC's ``den_sq``, κ's expected disagreement) need.
        """
        symbolic, _ = values_of(self, symbolic_formulas)
        out = []
        for size in range(1, up_to + 1):
            concrete, hyps = values_of(self.unrolled(size), concrete_formulas)
            pairs = [p for key in symbolic for p in _pairs(symbolic[key], concrete[key], size)]
            name = f"{self.name}.link_n{size}"
            # the recursive sums mention the constant n inside their definitions, so n is
            # fixed by a hypothesis rather than by substitution
            if stepwise:
                out.append(equal_at_size(name, pairs, self.n, size, hyps, self.budget))
            else:
                out.append(prove(name, z3.And(*[a == b for a, b in pairs]),
                                 hyps=[self.n == size, *hyps], budget=self.budget))
        return out


def _pairs(symbolic: Any, concrete: Any, size: int) -> list[tuple[Any, Any]]:
    """(symbolic, numpy path) term pairs of a value -- scalar, SymVector or SymMatrix
    against a scalar, length-n vector or n×n matrix -- at n = size."""
    if isinstance(symbolic, SymVector):
        return [(_term(symbolic[k]), _term(concrete[k])) for k in range(size)]
    if isinstance(symbolic, SymMatrix):
        return [(_term(symbolic[i, j]), _term(concrete[i, j]))
                for i in range(size) for j in range(size)]
    return [(_term(symbolic), _term(concrete))]


def _term(value: Any) -> Any:
    return real(value).plain()


def sum_identity(name: str, target: SymVector, parts: Sequence[tuple[Any, SymVector]],
                 budget: Budget) -> Lemma:
    """``∀ m ≥ 0. Σ_{k<m} target_k = Σ_i c_i · Σ_{k<m} part_i,k`` (induction on m).

    Holds when ``target_k = Σ_i c_i · part_i,k`` pointwise; z3 checks that in the step.
    """
    m = z3.Int(f"{name}_m")
    rhs = z3.Sum([c * v.partial_sum(m) for c, v in parts]) if parts else z3.RealVal(0)
    return induct(name, m, target.partial_sum(m) == rhs, budget=budget)


def sum_congruence(name: str, left: SymVector, right: SymVector, pointwise: Lemma | None,
                   hyps: Sequence[Any], budget: Budget) -> Lemma:
    """``∀ 0 ≤ m ≤ n. Σ_{k<m} left_k = Σ_{k<m} right_k`` from the pointwise lemma.

    ``pointwise`` must have the single parameter ``k`` and state ``left_k = right_k``
    (or an implication of it) for ``0 ≤ k < n``; ``hyps`` are global hypotheses (e.g.
    nonnegative counts) carried through the induction.
    """
    m = z3.Int(f"{name}_m")
    n = left.length
    by_step = [pointwise.at(m)] if pointwise is not None else []
    return induct(name, m, left.partial_sum(m) == right.partial_sum(m),
                  hyps=(m <= n, *hyps), by_step=by_step, budget=budget)
