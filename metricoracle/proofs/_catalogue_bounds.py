"""Bounds for every number of classes n: one-vs-rest counts, multiclass MCC, Cohen's κ.

Each claim calls the spec's formulas on a matrix-like ``M`` and is checked as in
:func:`~metricoracle.proofs._catalogue_multiclass.run_multiclass`: for all n on
:class:`~metricoracle.proofs._alln.MatrixN` from the lemmas of ``_mcc_alln`` /
``_kappa_alln``, linked to the numpy path for small n, else (a broken formula) proved
or refuted on unrolled n×n matrices with a replayed counterexample.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import z3

from metricoracle.proofs._alln import MatrixN
from metricoracle.proofs._catalogue_multiclass import _nonneg, run_multiclass
from metricoracle.proofs._fixedn import SPEC, Claim, Formulas, all_of
from metricoracle.proofs._kappa_alln import kappa_facts, symbolic_kappa_weights
from metricoracle.proofs._kernel import Instance
from metricoracle.proofs._mcc_alln import mcc_facts, ovr_counts_lemma
from metricoracle.proofs._theorems import Outcome, Settings, theorem
from metricoracle.proofs._z3arith import SymVector
from metricoracle.spec._formulas import kappa_weights

_label = z3.Int("ovr_label")  # the label k of the all-n statement (free, i.e. every k)


def _counts_valid(M: Any, f: Formulas, _zd: Any) -> Claim:
    m = f.marginals(M)
    c = f.one_vs_rest(m)

    def valid(k: Any) -> Any:
        return all_of(c.tp[k] >= 0, c.fp[k] >= 0, c.fn[k] >= 0, c.tn[k] >= 0,
                      c.tp[k] + c.fp[k] + c.fn[k] + c.tn[k] == m.total)

    if isinstance(c.tp, SymVector):
        goal = z3.Implies(z3.And(_label >= 0, _label < c.tp.length), valid(_label))
    else:
        goal = all_of(*[valid(k) for k in range(len(c.tp))])
    return Claim(_nonneg(M), goal, {"tp": c.tp, "fp": c.fp, "fn": c.fn, "tn": c.tn})


@theorem("MO-008", scope="multiclass, sample-weighted", expected="holds", claim="""
    The per-label one-vs-rest counts TP, FP, FN, TN of a nonnegative confusion matrix are
    nonnegative and add up to the total, for each label and every n.""")
def one_vs_rest_counts_are_valid(settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "one_vs_rest_counts_are_valid", _counts_valid,
                          lambda M, f, zd: [ovr_counts_lemma(M).at(_label)])


def _mcc_bound(M: Any, f: Formulas, _zd: Any) -> Claim:
    r = f.matthews_corrcoef(f.marginals(M))
    return Claim(_nonneg(M), r.num * r.num <= r.den_sq, {"num": r.num, "den_sq": r.den_sq})


def _mcc_lemmas(M: MatrixN, f: Formulas, _zd: Any) -> list[Instance]:
    r = f.matthews_corrcoef(f.marginals(M))
    return mcc_facts(M, r.num, r.den_sq)


@theorem("MO-009", scope="multiclass, sample-weighted", expected="holds", claim="""
    Multiclass MCC (Gorodkin's R_K) lies in [−1, 1]: num² ≤ den_sq for every nonnegative
    n×n matrix and every n (Cauchy–Schwarz over the classes of the per-class binary
    bound).""")
def mcc_multiclass_within_minus_one_and_one(settings: Settings,
                                            formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "mcc_multiclass_within_minus_one_and_one",
                          _mcc_bound, _mcc_lemmas, stepwise_link=True)


def _kappa_inputs(M: Any, kind: str | None) -> tuple[Any, Any]:
    if isinstance(M, MatrixN):
        return M.as_matrix(), symbolic_kappa_weights(M.n, kind)
    return M, kappa_weights(M.shape[0], kind)


def _kappa_claim(kind: str | None) -> Callable[[Any, Formulas, Any], Claim]:
    def claim(M: Any, f: Formulas, zd: Any) -> Claim:
        matrix, weights = _kappa_inputs(M, kind)
        kappa = f.value(f.cohen_kappa(matrix, weights), zd)
        return Claim([*_nonneg(M), zd <= 1], kappa <= 1, {"kappa": kappa, "weights": weights})
    return claim


def _kappa_lemmas(kind: str | None) -> Callable[[MatrixN, Formulas, Any], list[Instance]]:
    def lemmas(M: MatrixN, f: Formulas, zd: Any) -> list[Instance]:
        matrix, weights = _kappa_inputs(M, kind)
        return kappa_facts(M, weights, kind, f.cohen_kappa(matrix, weights), zd)
    return lemmas


@theorem("MO-010", scope="multiclass, sample-weighted", expected="holds", claim="""
    Cohen's kappa ≤ 1 for every nonnegative n×n matrix and every n, with weights None,
    "linear" and "quadratic", when the undefined case (no expected disagreement) maps
    to a value ≤ 1.""")
def cohen_kappa_at_most_one(settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    outcomes = []
    for kind in (None, "linear", "quadratic"):
        out = run_multiclass(settings, formulas, f"cohen_kappa_at_most_one[{kind}]",
                             _kappa_claim(kind), _kappa_lemmas(kind), stepwise_link=True)
        out.details["weights"] = kind
        if out.status not in ("proved_all_n", "proved_up_to_n"):
            return out
        outcomes.append(out)
    lemmas = sorted({name for out in outcomes for name in out.details.get("lemmas", [])})
    fixed = [out.max_classes or 0 for out in outcomes if out.status == "proved_up_to_n"]
    if fixed:  # a weighting proved only by the fixed-n fallback
        return Outcome("proved_up_to_n", min(fixed), None, {"lemmas": lemmas})
    linked = min(out.details["linked_up_to_n"] for out in outcomes)
    return Outcome("proved_all_n", None, None, {"lemmas": lemmas, "linked_up_to_n": linked})
