"""Cohen's κ ≤ 1 for every number of classes n (weights None, "linear", "quadratic").

The spec's ``cohen_kappa(matrix, weights)`` runs unchanged on ``MatrixN.as_matrix()``
(a :class:`~metricoracle.proofs._z3arith.SymMatrix` whose row/column sums and total
are those of ``MatrixN.marginals()``) and on :func:`symbolic_kappa_weights`, the
disagreement weights as a function of the symbolic indices (i, j); the link checks
both against the numpy path (``kappa_weights(n, kind)``) for n ≤ N.

With E = Σ_ij w_ij·p_i·t_j (expected disagreement), O = Σ_ij w_ij·C_ij (observed) and
s = Σ C, the spec's κ = (E − s·O) / E (zero_division when E = 0).  Proof:

1. ``w_ij ≥ 0`` for each kind (pointwise, for all integers i, j);
2. every entry of ``w·outer(p, t)`` and of ``w·C`` is ≥ 0 (products of nonnegative
   factors: ``t_j = row(j, n)``, ``p_i = col(i, n)`` are ≥ 0 by ``MatrixN.bounds``);
3. a matrix of nonnegative entries has a nonnegative sum (:func:`sum_nonnegative`:
   induction over each row's prefix, then over the prefix of rows), so E ≥ 0, O ≥ 0,
   and s ≥ 0 (induction over the row sums);
4. ``E ≥ 0 ∧ s ≥ 0 ∧ O ≥ 0 ∧ zd ≤ 1 → div(E − s·O, E, zd) ≤ 1`` (a scalar lemma over
   fresh reals, instantiated at the spec's E, s, O: the last query only chains facts).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import z3

from metricoracle.proofs._alln import MatrixN
from metricoracle.proofs._kernel import Instance, Lemma, induct, prove
from metricoracle.proofs._z3arith import SymMatrix, real


def _plain(x: Any) -> Any:
    return real(x).plain()


def symbolic_kappa_weights(size: Any, kind: str | None) -> SymMatrix:
    """The spec's ``kappa_weights`` as a function of symbolic indices (i, j)."""
    def weight(i: Any, j: Any) -> Any:
        if kind is None:
            return z3.If(i == j, 0, 1)
        if kind == "linear":
            return z3.If(i >= j, i - j, j - i)
        if kind == "quadratic":
            return (i - j) * (i - j)
        raise ValueError(f"weights={kind!r} is not one of None, 'linear', 'quadratic'")
    return SymMatrix(lambda i, j: real(weight(i, j)), size, f"weights[{kind}]")


def sum_nonnegative(name: str, M: MatrixN, X: SymMatrix, pointwise: Lemma) -> Lemma:
    """``C ≥ 0 → X.sum() ≥ 0``, as ``∀ m. 0 ≤ m ≤ n → Σ_{i<m} Σ_{j<n} X_ij ≥ 0``.

    ``pointwise`` has parameters (i, j) and states ``X_ij ≥ 0`` for ``0 ≤ i, j < n``
    (with C ≥ 0 among its hypotheses).  The step over a row chains instances only
    (``Σ_{j<m+1} = Σ_{j<m} + X_im`` by one unfolding, then ``add_nonneg``): entries
    that mention row/column sums make z3 unfold those forever when C ≥ 0 is around.
    """
    n, b, nonneg = M.n, M.budget, M.nonnegative()
    i, m = z3.Ints(f"{name}_i {name}_m")
    unfold_row = prove(f"{name}.row_step", X.row_partial(i, m + 1) ==
                       X.row_partial(i, m) + _plain(X[i, m]), params=(i, m), hyps=[m >= 0],
                       budget=b)
    p, q, r = z3.Reals("an_p an_q an_r")
    add = prove("add_nonneg", p >= 0, params=(p, q, r), hyps=[p == q + r, q >= 0, r >= 0],
                budget=b)
    a, c = z3.Ints("an_a an_c")
    index = prove("index_step", z3.And(a <= c, a < c), params=(a, c), hyps=[a + 1 <= c],
                  budget=b)
    step = [index.at(m, n), pointwise.at(i, m), unfold_row.at(i, m),
            add.at(X.row_partial(i, m + 1), X.row_partial(i, m), _plain(X[i, m]))]
    row = induct(f"{name}.rows", m, X.row_partial(i, m) >= 0,
                 params=(i,), hyps=(m <= n, i >= 0, i < n, nonneg),
                 by_step=step, budget=b, propositional_step=True)
    return induct(name, m, X.rows().partial_sum(m) >= 0, hyps=(m <= n, nonneg),
                  by_step=[row.at(n, m)], budget=b)


def kappa_facts(M: MatrixN, weights: SymMatrix, kind: str | None, ratio: Any,
                zd: Any) -> list[Instance]:
    """Instances from which ``C ≥ 0 ∧ zd ≤ 1 → div(num, den, zd) ≤ 1`` follows, where
    ``ratio`` is the spec's ``cohen_kappa(M.as_matrix(), weights)`` (num/den)."""
    n, b, nonneg = M.n, M.budget, M.nonnegative()
    row_bounds, col_bounds = M.bounds()
    x, y = z3.Reals("kx ky")
    mul = prove("mul_nonneg", x * y >= 0, params=(x, y), hyps=[x >= 0, y >= 0],
                budget=b, tactic="qfnra-nlsat")
    i, j, m = z3.Ints(f"{M.name}_kap_i {M.name}_kap_j {M.name}_kap_m")
    w = _plain(weights[i, j])
    w_nonneg = prove(f"kappa_weights[{kind}]_nonnegative", w >= 0, params=(i, j), budget=b)
    t, p = M.true_sum, M.pred_sum
    in_range = [i >= 0, i < n, j >= 0, j < n]
    pt = _plain(p[i]) * _plain(t[j])
    expected_entry = prove(
        f"kappa[{kind}].expected_entry_nonnegative", w * pt >= 0, params=(i, j),
        hyps=[*in_range, nonneg],
        by=[w_nonneg.at(i, j), col_bounds.at(n, i, i), row_bounds.at(n, j, j),
            mul.at(_plain(p[i]), _plain(t[j])), mul.at(w, pt)], budget=b)
    c = _plain(M.C(i, j))
    observed_entry = prove(
        f"kappa[{kind}].observed_entry_nonnegative", w * c >= 0, params=(i, j),
        hyps=[*in_range, nonneg], by=[w_nonneg.at(i, j), mul.at(w, c)], budget=b)
    X = M.as_matrix()
    expected = sum_nonnegative(f"kappa[{kind}].expected_nonnegative", M,
                               weights * np.multiply.outer(p, t), expected_entry)
    observed = sum_nonnegative(f"kappa[{kind}].observed_nonnegative", M, weights * X,
                               observed_entry)
    total = induct(f"{M.name}.total_nonnegative", m, t.partial_sum(m) >= 0,
                   hyps=(n >= 0, nonneg), by_step=[row_bounds.at(n, m, m)], budget=b)
    s, o, e = _plain(X.sum()), _plain((weights * X).sum()), _plain(ratio.den)
    sv, ov, ev, zv = z3.Reals("ks ko ke kzd")
    # stated over fresh reals with the spec's κ = (E − s·O)/E, so the final query only
    # chains instances; a different numerator/denominator does not match it
    at_most_one = prove("kappa.ratio_at_most_one",
                        z3.If(ev == 0, zv, (ev - sv * ov) / ev) <= 1, params=(ev, sv, ov, zv),
                        hyps=[ev >= 0, sv >= 0, ov >= 0, zv <= 1], budget=b)
    return [expected.at(n), observed.at(n), total.at(n), at_most_one.at(e, s, o, zd)]
