"""Search for confusion matrices with z3 (imported lazily; the only z3 module here).

The unknowns are integer cells (``Int``), so every witness is a real confusion matrix.
Divisions are purified: ``a / b`` with a non-constant ``b`` becomes a fresh real ``q``
with ``b = 0 → q = if_zero`` and ``b ≠ 0 → q·b = a`` (z3's own ``x/0`` is unspecified,
and ``Int/Int`` would be integer division).  Single-ratio scores (binary and micro
scores, accuracy, kappa) need no division at all: ``lo ≤ num/den`` is asserted as
``lo·den ≤ num``, which keeps pooled problems linear.

The budget is z3's ``rlimit`` (deterministic: the same answer on any machine and load);
``unknown`` is reported as UNKNOWN with z3's reason, never as a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._problem import Problem

DEFAULT_RLIMIT = 3_000_000
DEFAULT_TIMEOUT_MS = 5_000  # safety net only: rlimit does not stop every non-linear tactic


class Z3Interp:
    """z3 terms; divisions become fresh reals constrained in :attr:`side`."""

    def __init__(self) -> None:
        import z3

        self.z3 = z3
        self.side: list[Any] = []
        self._count = 0

    def lift(self, value: int | Fraction) -> Any:
        value = Fraction(value)
        if value.denominator == 1:
            return self.z3.IntVal(value.numerator)
        return self.z3.RealVal(value)

    def vector(self, values: Any) -> Any:
        return values

    def total(self, values: Any) -> Any:
        return values.sum()

    def _constant(self, term: Any) -> Fraction | None:
        z3 = self.z3
        if not z3.is_expr(term):
            return Fraction(term)
        simple = z3.simplify(term)
        if z3.is_int_value(simple):
            return Fraction(simple.as_long())
        if z3.is_rational_value(simple):
            return Fraction(simple.numerator_as_long(), simple.denominator_as_long())
        return None

    def div(self, num: Any, den: Any, *, if_zero: Any) -> Any:
        z3 = self.z3
        constant = self._constant(den)
        if constant is not None:
            if constant == 0:
                return if_zero
            return num * self.lift(1 / constant)
        self._count += 1
        q = z3.Real(f"q{self._count}")
        self.side.append(z3.If(den == 0, q == if_zero, q * den == num))
        return q

    def ite(self, cond: Any, then: Any, other: Any) -> Any:
        if isinstance(cond, bool):
            return then if cond else other
        return self.z3.If(cond, then, other)

    def le(self, a: Any, b: Any, *, strict: bool) -> Any:
        return a < b if strict else a <= b

    def eq(self, a: Any, b: Any) -> Any:
        return a == b

    def all(self, conds: list[Any]) -> Any:
        rest = [c for c in conds if c is not True]
        if any(c is False for c in rest):
            return False
        return True if not rest else rest[0] if len(rest) == 1 else self.z3.And(*rest)

    def any(self, conds: list[Any]) -> Any:
        rest = [c for c in conds if c is not False]
        if any(c is True for c in rest):
            return True
        return False if not rest else rest[0] if len(rest) == 1 else self.z3.Or(*rest)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """``status`` is "sat" (with integer ``matrices``), "unsat" or "unknown" (``reason``)."""

    status: str
    matrices: list[np.ndarray] | None = None
    reason: str = ""


def search(problem: Problem, *, rlimit: int = DEFAULT_RLIMIT,
           timeout_ms: int = DEFAULT_TIMEOUT_MS) -> SearchResult:
    """Find integer matrices on which every reported score lies in its interval."""
    it = Z3Interp()
    z3 = it.z3
    solver = z3.Solver()
    solver.set("rlimit", rlimit)
    solver.set("timeout", timeout_ms)
    k = problem.setup.n_classes
    matrices = []
    for index, supports in enumerate(problem.matrix_supports()):
        cells = np.array([[z3.Int(f"m{index}_{i}_{j}") for j in range(k)] for i in range(k)],
                         dtype=object)
        solver.add(*(c >= 0 for c in cells.flat))
        if supports is None:
            solver.add(z3.Sum(list(cells.flat)) == problem.matrix_total())
        else:
            for i in range(k):
                solver.add(z3.Sum(list(cells[i])) == supports[i])
        matrices.append(cells)
    for condition in problem.conditions(matrices, it):
        if condition is False:
            return SearchResult("unsat")
        if condition is not True:
            solver.add(condition)
    solver.add(*it.side)
    answer = solver.check()
    if answer == z3.unsat:
        return SearchResult("unsat")
    if answer == z3.unknown:
        return SearchResult("unknown", reason=f"z3: {solver.reason_unknown()} "
                            f"(rlimit={rlimit}, timeout={timeout_ms} ms)")
    model = solver.model()
    found = [np.array([[model.eval(c, model_completion=True).as_long() for c in row]
                       for row in cells], dtype=np.int64) for cells in matrices]
    return SearchResult("sat", found)
