"""Theorems about one label's counts (binary / per-class), for all real counts.

The counts ``Counts(tp, fp, fn, tn)`` are nonnegative z3 reals (sample-weighted counts,
which include the integer ones), so each proof covers every label of every n-class
problem at once.  ``zd`` is a symbolic zero_division value, constrained per theorem.
Every statement is the spec's own formula (``precision``, ``recall``, ``f_beta``,
``jaccard``, ``matthews_corrcoef``) divided by the z3 interpretation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import z3

from metricoracle.proofs._fixedn import SPEC, Formulas, all_of, between
from metricoracle.proofs._kernel import NotProved, prove
from metricoracle.proofs._theorems import Outcome, Settings, theorem
from metricoracle.proofs._z3arith import real, symbolic_matrix
from metricoracle.spec._formulas import Counts


def _counts() -> tuple[Counts[Any], list[Any]]:
    tp, fp, fn, tn = (real(v) for v in z3.Reals("n_tp n_fp n_fn n_tn"))
    return Counts(tp, fp, fn, tn), [tp >= 0, fp >= 0, fn >= 0, tn >= 0]


def _scalar(settings: Settings, name: str, goal: Any, hyps: list[Any],
            tactic: str | None = None) -> Outcome:
    try:
        lemma = prove(name, goal, hyps=hyps, budget=settings.budget(), tactic=tactic)
    except NotProved as exc:
        status = "refuted" if exc.status == "refuted" else "unknown"
        cex = None
        if exc.model is not None:
            cex = {str(d): str(exc.model[d]) for d in exc.model.decls()}
        return Outcome(status, None, cex, {"reason": exc.reason})
    return Outcome("proved_all_n", None, None,
                   {"lemmas": [lemma.name], "rlimit": lemma.record.rlimit_used if lemma.record
                    else None})


@theorem("MO-101", scope="binary / per-class", expected="holds", claim="""
    Per-class F1 = 2J/(1+J) with J the Jaccard index, for all nonnegative counts and
    zero_division ∈ {0, 1} (for any other value the undefined case breaks it: 2z/(1+z) ≠ z).""")
def f1_equals_2j_over_1_plus_j(settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    c, hyps = _counts()
    zd = z3.Real("zd")
    f1 = formulas.value(formulas.f_beta(c, 1), zd)
    j = formulas.value(formulas.jaccard(c), zd)
    from_j = formulas.arith.div(2 * j, 1 + j, if_zero=zd)
    return _scalar(settings, "f1_equals_2j_over_1_plus_j", f1 == from_j,
                   [*hyps, z3.Or(zd == 0, zd == 1)])


@theorem("MO-102", scope="binary / per-class", expected="holds", claim="""
    Per-class F1 lies between min(P, R) and max(P, R) for all nonnegative counts and every
    zero_division value in [0, 1] (F1 from counts; P, R, F1 each use zero_division).""")
def f1_between_precision_and_recall(settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    c, hyps = _counts()
    zd = z3.Real("zd")
    p, r = formulas.value(formulas.precision(c), zd), formulas.value(formulas.recall(c), zd)
    f1 = formulas.value(formulas.f_beta(c, 1), zd)
    return _scalar(settings, "f1_between_precision_and_recall", between(f1, p, r),
                   [*hyps, zd >= 0, zd <= 1])


@theorem("MO-103", scope="binary / per-class", expected="holds", claim="""
    F-beta lies between precision and recall for every β² > 0, all nonnegative counts and
    every zero_division value in [0, 1].""")
def f_beta_between_precision_and_recall(settings: Settings,
                                        formulas: Formulas = SPEC) -> Outcome:
    c, hyps = _counts()
    zd, beta_sq = z3.Reals("zd beta_sq")
    p, r = formulas.value(formulas.precision(c), zd), formulas.value(formulas.recall(c), zd)
    fb = formulas.value(formulas.f_beta(c, real(beta_sq)), zd)
    return _scalar(settings, "f_beta_between_precision_and_recall", between(fb, p, r),
                   [*hyps, zd >= 0, zd <= 1, beta_sq > 0])


@theorem("MO-104", scope="binary / per-class", expected="holds", claim="""
    Jaccard ≤ F1 for every label, all nonnegative counts and any zero_division value
    (both are undefined exactly when TP = FP = FN = 0, and then equal).""")
def jaccard_at_most_f1(settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    c, hyps = _counts()
    zd = z3.Real("zd")
    j = formulas.value(formulas.jaccard(c), zd)
    f1 = formulas.value(formulas.f_beta(c, 1), zd)
    return _scalar(settings, "jaccard_at_most_f1", j <= f1, hyps)


@theorem("MO-105", scope="binary / per-class", expected="holds", claim="""
    Binary MCC lies in [−1, 1]: for every nonnegative 2×2 confusion matrix the spec's
    matthews_corrcoef parts satisfy num² ≤ den_sq (so |num|/√den_sq ≤ 1 where defined).""")
def mcc_binary_within_minus_one_and_one(settings: Settings,
                                        formulas: Formulas = SPEC) -> Outcome:
    M = symbolic_matrix(2)
    mcc = formulas.matthews_corrcoef(formulas.marginals(M))
    num, den_sq = real(mcc.num), real(mcc.den_sq)
    hyps = [e >= 0 for e in np.ravel(M)]
    return _scalar(settings, "mcc_binary_within_minus_one_and_one",
                   all_of(num * num <= den_sq), hyps, tactic="qfnra-nlsat")
