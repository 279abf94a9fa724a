"""One-vs-rest counts and multiclass MCC ∈ [−1, 1], for every number of classes n.

Notation (``MatrixN``, C ≥ 0): ``d_k = C(k, k)``, ``t_k = row(k, n)`` (true counts),
``p_k = col(k, n)`` (predicted counts), ``s = Σ_k t_k`` (the spec's ``total``).

**One-vs-rest counts** (:func:`ovr_counts_lemma`): for ``0 ≤ k < n``,
``d_k ≥ 0``, ``p_k − d_k ≥ 0`` (FP), ``t_k − d_k ≥ 0`` (FN) and
``s − t_k − p_k + d_k ≥ 0`` (TN).  FP and FN come from ``MatrixN.bounds`` (a row/column
sum is at least each of its entries); TN by induction on m of
``Σ_{i<m} t_i − col(k, m) − [k < m]·(t_k − d_k) ≥ 0``: each step adds
``t_i − C(i, k) ≥ 0`` for ``i ≠ k`` and exactly 0 for ``i = k``.

**MCC** (:func:`mcc_facts`).  The spec's ``num = c·s − Σ t_k p_k`` (c = Σ d_k) and
``den_sq = (s² − Σ p_k²)(s² − Σ t_k²)``.  Write, per class k,

* ``cov_k = s·d_k − t_k·p_k``, ``vt_k = t_k·(s − t_k)``, ``vp_k = p_k·(s − p_k)``

(s² times the covariance / variances of the indicators "true class is k" and
"predicted class is k").  Then

1. per class (scalar lemma ``mcc.per_class``, the binary MCC bound on the one-vs-rest
   counts, proved once for all reals with nlsat): ``vt_k ≥ 0, vp_k ≥ 0,
   cov_k² ≤ vt_k·vp_k``;
2. Cauchy–Schwarz triples are closed under addition (``mcc.closure``), so by
   induction on m ≤ n the prefix sums ``X_m = Σ_{k<m} cov_k``, ``A_m = Σ vt``,
   ``B_m = Σ vp`` satisfy ``A_m ≥ 0, B_m ≥ 0, X_m² ≤ A_m·B_m`` (``mcc.cs_prefix``);
3. linearity of the sums (``sum_identity``): ``X_n = s·c − Σ t p = num``,
   ``A_n = s·Σ t − Σ t² = s² − Σ t²`` and ``B_n = s·Σ p − Σ p² = s² − Σ p²``
   (Σ p = Σ t = s by Fubini), so ``den_sq = A_n·B_n``;
4. ``mcc.finish`` (a scalar lemma over fresh reals, so the last query only chains
   instances): ``num² = X_n² ≤ A_n·B_n = den_sq``.

No case split on s = 0 is needed (unlike the fixed-n proof in ``_mcc``, which scales by
s).  The vectors ``cov``, ``vt``, ``vp`` are proof hints; the statement proved is the
spec's own ``num² ≤ den_sq`` on ``MatrixN.marginals()``.
"""

from __future__ import annotations

from typing import Any

import z3

from metricoracle.proofs._alln import MatrixN, sum_identity
from metricoracle.proofs._kernel import Instance, Lemma, induct, prove
from metricoracle.proofs._link import same_polynomial
from metricoracle.proofs._z3arith import SymVector, real


def _plain(x: Any) -> Any:
    return real(x).plain()


class _Parts:
    """``d_k``, ``t_k``, ``p_k`` and ``s`` of a MatrixN as plain z3 real terms."""

    def __init__(self, M: MatrixN) -> None:
        self.M = M
        self.s = _plain(M.marginals().total)

    def d(self, k: Any) -> Any:
        return _plain(self.M.C(k, k))

    def t(self, k: Any) -> Any:
        return _plain(self.M.row(k, self.M.n))

    def p(self, k: Any) -> Any:
        return _plain(self.M.col(k, self.M.n))


def ovr_counts_lemma(M: MatrixN) -> Lemma:
    """``∀ k. 0 ≤ k < n ∧ C ≥ 0 → d_k ≥ 0 ∧ p_k − d_k ≥ 0 ∧ t_k − d_k ≥ 0 ∧
    s − t_k − p_k + d_k ≥ 0`` (parameter k)."""
    return M.cached("ovr_counts", lambda: _ovr_counts(M))


def _ovr_counts(M: MatrixN) -> Lemma:
    n, C, b = M.n, M.C, M.budget
    nonneg = M.nonnegative()
    row_bounds, col_bounds = M.bounds()
    k, m = z3.Ints(f"{M.name}_ovr_k {M.name}_ovr_m")
    tn_prefix = induct(
        f"{M.name}.tn_prefix", m,
        M.true_sum.partial_sum(m) - M.col(k, m) - z3.If(k < m, M.row(k, n) - C(k, k), 0) >= 0,
        params=(k,), hyps=(k >= 0, k < n, nonneg), by_step=[row_bounds.at(n, m, k)], budget=b)
    q = _Parts(M)
    d, t, p, s = q.d(k), q.t(k), q.p(k), q.s
    return prove(f"{M.name}.ovr_counts_nonnegative",
                 z3.And(d >= 0, p - d >= 0, t - d >= 0, s - t - p + d >= 0), params=(k,),
                 hyps=[k >= 0, k < n, nonneg],
                 by=[row_bounds.at(n, k, k), col_bounds.at(n, k, k), tn_prefix.at(n, k)],
                 budget=b)


def _scalar_lemmas(M: MatrixN) -> tuple[Lemma, Lemma, Lemma]:
    b = M.budget
    d, t, p, s, x, a, bb = z3.Reals("d t p s x a b")
    per_class = prove(
        "mcc.per_class", z3.And(a >= 0, bb >= 0, x * x <= a * bb),
        params=(d, t, p, s, x, a, bb),
        hyps=[d >= 0, p - d >= 0, t - d >= 0, s - t - p + d >= 0,
              x == s * d - t * p, a == t * (s - t), bb == p * (s - p)],
        budget=b, tactic="qfnra-nlsat")
    x1, a1, b1, x2, a2, b2, x12, a12, b12 = z3.Reals("x1 a1 b1 x2 a2 b2 x12 a12 b12")
    closure = prove(
        "mcc.closure", z3.And(a12 >= 0, b12 >= 0, x12 * x12 <= a12 * b12),
        params=(x1, a1, b1, x2, a2, b2, x12, a12, b12),
        hyps=[a1 >= 0, b1 >= 0, x1 * x1 <= a1 * b1, a2 >= 0, b2 >= 0, x2 * x2 <= a2 * b2,
              x12 == x1 + x2, a12 == a1 + a2, b12 == b1 + b2],
        budget=b, tactic="qfnra-nlsat")
    # sums: c = Σ d, Σ t·p, Σ t, Σ p, Σ t², Σ p²
    c, stp, st, sp, stt, spp, num, den = z3.Reals("c stp st sp stt spp num den")
    finish = prove(
        "mcc.finish", num * num <= den, params=(x, a, bb, s, c, stp, st, sp, stt, spp, num, den),
        hyps=[a >= 0, bb >= 0, x * x <= a * bb, x == s * c - stp, a == s * st - stt,
              bb == s * sp - spp, st == s, sp == s,
              num == c * s - stp, den == (s * s - spp) * (s * s - stt)],
        budget=b, tactic="qfnra-nlsat")
    return per_class, closure, finish


def mcc_facts(M: MatrixN, num: Any, den_sq: Any) -> list[Instance]:
    """Instances from which ``C ≥ 0 → num² ≤ den_sq`` follows by chaining, for the
    spec's MCC parts ``num``/``den_sq`` on ``M.marginals()`` (see the module docstring).

    If ``num``/``den_sq`` are not the spec's (a broken formula), the shape lemmas
    ``num = c·s − Σ t p`` and ``den_sq = (s² − Σp²)(s² − Σt²)`` (polynomial identities
    in the sums) are refuted and no all-n proof results.
    """
    n, b = M.n, M.budget
    per_class, closure, finish = _scalar_lemmas(M)
    q = _Parts(M)
    s = q.s
    cov = SymVector(lambda k: s * q.d(k) - q.t(k) * q.p(k), n, "cov")
    vt = SymVector(lambda k: q.t(k) * (s - q.t(k)), n, "var_true")
    vp = SymVector(lambda k: q.p(k) * (s - q.p(k)), n, "var_pred")
    X, A, B = cov.partial_sum, vt.partial_sum, vp.partial_sum
    m = z3.Int(f"{M.name}_mcc_m")
    chain = induct(
        "mcc.cs_prefix", m, z3.And(A(m) >= 0, B(m) >= 0, X(m) * X(m) <= A(m) * B(m)),
        hyps=(m <= n, M.nonnegative()),
        by_step=[ovr_counts_lemma(M).at(m),
                 per_class.at(q.d(m), q.t(m), q.p(m), s, cov[m], vt[m], vp[m]),
                 closure.at(X(m), A(m), B(m), cov[m], vt[m], vp[m],
                            X(m + 1), A(m + 1), B(m + 1))],
        budget=b)
    t, p = M.true_sum, M.pred_sum
    tp, tt, pp = t * p, t * t, p * p
    identities = [
        sum_identity("mcc.sum_cov", cov, [(s, M.diag), (-1, tp)], b),
        sum_identity("mcc.sum_var_true", vt, [(s, t), (-1, tt)], b),
        sum_identity("mcc.sum_var_pred", vp, [(s, p), (-1, pp)], b),
    ]
    parts = [_plain(v.sum()) for v in (M.diag, tp, t, p, tt, pp)]
    c, stp, _, _, stt, spp = parts
    num, den_sq = _plain(num), _plain(den_sq)
    shape = [same_polynomial("mcc.numerator_shape", num, c * s - stp, b),
             same_polynomial("mcc.denominator_shape", den_sq, (s * s - spp) * (s * s - stt), b)]
    return [chain.at(n), *[lemma.at(n) for lemma in identities], M.row_sum_equals_col_sum(),
            *shape, finish.at(X(n), A(n), B(n), s, *parts, num, den_sq)]
