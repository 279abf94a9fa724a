"""Multiclass MCC ∈ [−1, 1]: a Cauchy–Schwarz proof, checked by z3 for each n ≤ N.

Kept as an independent cross-check of the all-n proof in ``_mcc_alln`` (which the
catalogue's MO-009 uses): a different decomposition (over (cell, class) triples, scaled
by s) on unrolled matrices.  Exercised by the tests, not by the catalogue.

Theorem (``mcc_multiclass_within_minus_one_and_one``): for every n×n confusion matrix
C ≥ 0, the spec's ``matthews_corrcoef`` parts satisfy ``num² ≤ den_sq``; hence
``|MCC| = |num| / sqrt(den_sq) ≤ 1`` wherever MCC is defined (√ is monotone).

Proof (a direct z3 query times out already at n = 3, so it is layered):

1. With ``t``/``p`` the row/column sums, ``s`` the total and, for each cell (i, j) and
   class k, ``x_ijk = s·[i=k] − t_k`` and ``y_ijk = s·[j=k] − p_k`` (centred one-hot
   vectors of a sample's true and predicted class, times s), z3 checks the polynomial
   identities ``Σ C_ij x_ijk y_ijk = s·num``, ``Σ C_ij x_ijk² = s·(s² − Σ t²)``,
   ``Σ C_ij y_ijk² = s·(s² − Σ p²)`` and ``(s² − Σ p²)(s² − Σ t²) = den_sq``.
2. Cauchy–Schwarz for the weighted sum over the n³ triples, by two scalar lemmas proved
   once for all reals: ``single`` (``w ≥ 0 → (w·x·y)² ≤ (w·x²)(w·y²)``) and ``closure``
   (CS-triples are closed under addition: ``X₁² ≤ A₁B₁ ∧ X₂² ≤ A₂B₂ → (X₁+X₂)² ≤
   (A₁+A₂)(B₁+B₂)`` for nonnegative A, B), chained along the sum.
3. ``cancel``: ``s > 0 ∧ X = s·num ∧ A = s·a ∧ B = s·b ∧ a·b = d ∧ X² ≤ AB → num² ≤ d``
   (stated over fresh reals, so the final query is propositional); s = 0 forces C = 0.

The ``x``/``y`` vectors are proof hints only: the statement proved is the spec's own
``num² ≤ den_sq``.
"""

from __future__ import annotations

from typing import Any

import z3

from metricoracle.proofs._fixedn import SPEC, Formulas, nonnegative
from metricoracle.proofs._kernel import Budget, Lemma, NotProved, prove
from metricoracle.proofs._z3arith import real, symbolic_matrix


def _scalar_lemmas(budget: Budget) -> tuple[Lemma, Lemma, Lemma]:
    w, x, y = z3.Reals("w x y")
    single = prove("cs.single", z3.And(w * x * x >= 0, w * y * y >= 0,
                                       (w * x * y) * (w * x * y) <= (w * x * x) * (w * y * y)),
                   params=(w, x, y), hyps=[w >= 0], budget=budget, tactic="qfnra-nlsat")
    x1, a1, b1, x2, a2, b2 = z3.Reals("x1 a1 b1 x2 a2 b2")
    closure = prove("cs.closure", z3.And(a1 + a2 >= 0, b1 + b2 >= 0,
                                         (x1 + x2) * (x1 + x2) <= (a1 + a2) * (b1 + b2)),
                    params=(x1, a1, b1, x2, a2, b2),
                    hyps=[a1 >= 0, b1 >= 0, x1 * x1 <= a1 * b1,
                          a2 >= 0, b2 >= 0, x2 * x2 <= a2 * b2],
                    budget=budget, tactic="qfnra-nlsat")
    s, num, a, b, xx, aa, bb, d = z3.Reals("s num a b xx aa bb d")
    cancel = prove("cs.cancel", num * num <= d, params=(s, num, a, b, xx, aa, bb, d),
                   hyps=[s > 0, xx == s * num, aa == s * a, bb == s * b, a * b == d,
                         aa >= 0, bb >= 0, xx * xx <= aa * bb],
                   budget=budget, tactic="qfnra-nlsat")
    return single, closure, cancel


def prove_mcc_bound(n: int, budget: Budget, formulas: Formulas = SPEC) -> Lemma:
    """``C ≥ 0 → num² ≤ den_sq`` for the spec's MCC of a symbolic n×n matrix."""
    single, closure, cancel = _scalar_lemmas(budget)
    M = symbolic_matrix(n)
    m = formulas.marginals(M)
    mcc = formulas.matthews_corrcoef(m)
    num, den_sq = real(mcc.num).plain(), real(mcc.den_sq).plain()
    t = [real(v).plain() for v in m.true_sum]
    p = [real(v).plain() for v in m.pred_sum]
    s = real(m.total).plain()
    a_true = s * s - z3.Sum(*[v * v for v in t])
    a_pred = s * s - z3.Sum(*[v * v for v in p])
    hyps = nonnegative(M)
    chain: Lemma | None = None
    X: Any = None
    A: Any = None
    B: Any = None
    for i in range(n):
        for j in range(n):
            w = real(M[i, j]).plain()
            for k in range(n):
                x = (s if i == k else 0) - t[k]
                y = (s if j == k else 0) - p[k]
                wxy, wxx, wyy = w * x * y, w * x * x, w * y * y
                facts = [single.at(w, x, y)]
                if chain is None:
                    X, A, B = wxy, wxx, wyy
                else:
                    facts += [chain.at(), closure.at(X, A, B, wxy, wxx, wyy)]
                    X, A, B = X + wxy, A + wxx, B + wyy
                # one small lemma per term: propositional chaining of instances
                chain = prove(f"mcc.cs_prefix[n={n},{i}{j}{k}]",
                              z3.And(A >= 0, B >= 0, X * X <= A * B), hyps=hyps, by=facts,
                              budget=budget, check_vacuity=False)
    assert chain is not None
    identities = [
        # oriented as in cancel's hypotheses (the other orientation made the final
        # step 10-20x slower)
        prove(f"mcc.identity_num[n={n}]", s * num == X, budget=budget),
        prove(f"mcc.identity_true[n={n}]", s * a_true == A, budget=budget),
        prove(f"mcc.identity_pred[n={n}]", s * a_pred == B, budget=budget),
        prove(f"mcc.identity_den[n={n}]", a_true * a_pred == den_sq, budget=budget),
    ]
    positive = prove(f"mcc.positive_total[n={n}]", num * num <= den_sq,
                     hyps=[*hyps, s > 0],
                     by=[chain.at(), *[lemma.at() for lemma in identities],
                         cancel.at(s, num, a_true, a_pred, X, A, B, den_sq)], budget=budget)
    zero = prove(f"mcc.zero_total[n={n}]", z3.And(*[e == 0 for e in _entries(M)]),
                 hyps=[*hyps, s <= 0], budget=budget)
    return prove(f"mcc_bound[n={n}]", num * num <= den_sq, hyps=hyps,
                 by=[positive.at(), zero.at()], budget=budget)


def _entries(M: Any) -> list[Any]:
    return [real(e).plain() for e in M.ravel()]


def mcc_bound_up_to(max_classes: int, budget: Budget,
                    formulas: Formulas = SPEC) -> tuple[int, list[str], NotProved | None]:
    """Prove the bound for n = 2..max_classes; returns (largest n proved, lemma names, failure)."""
    done, names = 1, []
    for n in range(2, max_classes + 1):
        try:
            names.append(prove_mcc_bound(n, budget, formulas).name)
        except NotProved as exc:
            return done, names, exc
        done = n
    return done, names, None
