"""Machine-checked theorems about the spec's own metric definitions (z3).

Each theorem calls the spec's formulas on symbolic counts (:class:`Z3Arith`), is proved
by a small LCF-style kernel (a :class:`Lemma` exists only for an ``unsat`` answer), for
every number of classes n by induction over recursive sums where the statement is about
n classes, or refuted with a counterexample replayed through the exact spec and
scikit-learn.  Entry point: :func:`run_catalogue`.
"""

from metricoracle.proofs._fixedn import SPEC, Formulas
from metricoracle.proofs._kernel import Budget, Lemma, NotProved, induct, prove
from metricoracle.proofs._prove import Result, markdown, run_catalogue, table, to_json
from metricoracle.proofs._theorems import REGISTRY, Outcome, Settings, Theorem, catalogue
from metricoracle.proofs._z3arith import Z3, SymVector, Z3Arith

__all__ = [
    "REGISTRY",
    "SPEC",
    "Z3",
    "Budget",
    "Formulas",
    "Lemma",
    "NotProved",
    "Outcome",
    "Result",
    "Settings",
    "SymVector",
    "Theorem",
    "Z3Arith",
    "catalogue",
    "induct",
    "markdown",
    "prove",
    "run_catalogue",
    "table",
    "to_json",
]
