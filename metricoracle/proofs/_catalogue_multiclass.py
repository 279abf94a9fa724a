"""Theorems about single-label multiclass metrics, for every number of classes n.

Each claim is one function ``claim(M, f, zd)`` that calls the spec's formulas (``f``)
on a matrix-like ``M``.  It is checked three ways:

* for all n: ``M`` is a :class:`~metricoracle.proofs._alln.MatrixN` (symbolic n, the
  spec's ``one_vs_rest``/``pool``/``accuracy``/... called on symbolic-length vectors),
  proved from induction lemmas;
* link: for each n ≤ ``link_up_to``, the claim's quantities computed by the spec's numpy
  path (``marginals`` of an unrolled matrix) equal the symbolic-length ones;
* fallback: when the all-n proof fails, the claim is checked on unrolled n×n matrices,
  n ≤ ``max_classes``, and a model becomes a replayed counterexample.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import z3

from metricoracle.proofs._alln import MatrixN, sum_congruence, sum_identity
from metricoracle.proofs._counterexample import replay_matrix
from metricoracle.proofs._fixedn import (
    SPEC,
    Claim,
    Formulas,
    check_each_n,
    nonnegative,
)
from metricoracle.proofs._kernel import (
    Instance,
    NotProved,
    induct,
    prove,
)
from metricoracle.proofs._theorems import Outcome, Settings, theorem
from metricoracle.proofs._z3arith import SymVector, real
from metricoracle.spec._arith import Ratio

LemmaFn = Callable[[MatrixN, Formulas, Any], list[Instance]]


def _nonneg(M: Any) -> list[Any]:
    return [M.nonnegative()] if isinstance(M, MatrixN) else nonnegative(M)


def _all_n_formulas(f: Formulas) -> Formulas:
    return replace(f, marginals=lambda M: M.marginals() if isinstance(M, MatrixN)
                   else f.marginals(M))


def run_multiclass(settings: Settings, formulas: Formulas, name: str,
                   claim: Callable[[Any, Formulas, Any], Claim], lemmas: LemmaFn | None, *,
                   integer: bool = False, link_up_to: int | None = None,
                   stepwise_link: bool = False) -> Outcome:
    """All-n proof + link, else fixed-n proof/refutation (see the module docstring).

    ``stepwise_link``: link values that are products of sums (see ``MatrixN.link``).
    """
    budget = settings.budget()
    details: dict[str, Any] = {}
    if lemmas is not None:
        M = MatrixN(integer=integer, budget=budget)
        fa = _all_n_formulas(formulas)
        zd = z3.Real("zd")
        try:
            c = claim(M, fa, zd)
            lemma = prove(name, c.goal, hyps=[M.n >= 0, *c.hyps], by=lemmas(M, fa, zd),
                          budget=budget)
            def values_of(X: Any, ff: Formulas) -> tuple[dict[str, Any], list[Any]]:
                got = claim(X, ff, zd)
                return got.values, got.hyps

            links = M.link(values_of, min(settings.link_up_to, link_up_to or settings.link_up_to),
                           fa, formulas, stepwise=stepwise_link)
            deps = sorted({d.name for d in lemma.all_deps()})
            return Outcome("proved_all_n", None, None,
                           {"lemmas": deps, "linked_up_to_n": len(links)})
        except NotProved as exc:
            details["all_n"] = f"{exc.name}: {exc.status} ({exc.reason})"
        except (TypeError, ValueError, IndexError, z3.Z3Exception) as exc:
            # a formula that cannot run on symbolic-length vectors: fixed n only
            details["all_n"] = f"not expressible for symbolic n: {exc!r}"
    res = check_each_n(name, claim, range(1, settings.max_classes + 1), budget, formulas,
                       integer=integer)
    details["lemmas"] = res.lemmas
    if res.status == "proved":
        return Outcome("proved_up_to_n", res.max_classes, None, details)
    if res.status == "refuted" and res.size is not None:
        cex = replay_matrix(claim, res.model, res.size, formulas=formulas, integer=integer)
        status = "refuted" if cex["confirmed"] else "unknown"
        return Outcome(status, res.max_classes, cex, details)
    details["reason"] = res.reason
    return Outcome("unknown", res.max_classes, None, details)


# -- lemma bundles ------------------------------------------------------------------------
def _pooled_facts(M: MatrixN, f: Formulas, _zd: Any) -> list[Instance]:
    """Σ FP = Σ col − Σ diag, Σ FN = Σ row − Σ diag, Σ row = Σ col (Fubini), at n."""
    c = f.one_vs_rest(f.marginals(M))
    b, n = M.budget, M.n
    lfp = sum_identity("sum_fp_is_cols_minus_diag", c.fp, [(1, M.pred_sum), (-1, M.diag)], b)
    lfn = sum_identity("sum_fn_is_rows_minus_diag", c.fn, [(1, M.true_sum), (-1, M.diag)], b)
    return [lfp.at(n), lfn.at(n), M.row_sum_equals_col_sum()]


def _weighted_recall_facts(M: MatrixN, f: Formulas, zd: Any) -> list[Instance]:
    """support_k · recall_k = TP_k for each label (support 0 ⇒ TP 0), summed over k ≤ n."""
    b, n = M.budget, M.n
    k, m = z3.Ints("wr_k wr_m")
    nonneg = M.nonnegative()
    bounds = induct("row_at_least_diagonal", m,
                    z3.And(M.row(k, m) >= 0, z3.Implies(z3.And(k >= 0, k < m),
                                                        M.row(k, m) >= M.C(k, k))),
                    params=(k,), hyps=(nonneg,), budget=b)
    weights, values = _support_and_recall(M, f, zd)
    products = weights * values
    pointwise = prove("support_times_recall_is_tp", products[k] == M.diag[k], params=(k,),
                      hyps=[k >= 0, k < n, nonneg], by=[bounds.at(n, k)], budget=b)
    total = sum_congruence("sum_support_times_recall", products, M.diag, pointwise,
                           (nonneg,), b)
    support = sum_identity("sum_support_is_total", weights, [(1, M.true_sum)], b)
    return [total.at(n), support.at(n)]


def _support_and_recall(M: Any, f: Formulas, zd: Any) -> tuple[Any, Any]:
    c = f.one_vs_rest(f.marginals(M))
    return c.tp + c.fn, f.value(f.recall(c), zd)


def _present_facts(M: MatrixN, f: Formulas, zd: Any) -> list[Instance]:
    """Masked per-label balanced-accuracy terms equal masked recalls, pointwise ⇒ summed."""
    k = z3.Int("ba_k")
    per_class, recalls, mask = _balanced_parts(M, f, zd)
    left, right = mask * per_class, mask * recalls
    pointwise = prove("masked_recall_pointwise", left[k] == right[k], params=(k,),
                      budget=M.budget)
    total = sum_congruence("masked_recall_sums", left, right, pointwise, (), M.budget)
    return [total.at(M.n)]


def _balanced_parts(M: Any, f: Formulas, zd: Any) -> tuple[Any, Any, Any]:
    m = f.marginals(M)
    per_class = f.value(Ratio(m.diag, m.true_sum), zd)  # scikit-learn: diag / row sum
    recalls = f.value(f.recall(f.one_vs_rest(m)), zd)
    return per_class, recalls, _mask(m.true_sum)


def _mask(support: Any) -> Any:
    """1 where a label occurs in y_true (support > 0), else 0."""
    if isinstance(support, SymVector):
        return SymVector(lambda k: z3.If(support[k] > 0, z3.RealVal(1), z3.RealVal(0)),
                         support.length, "present")
    out = support.copy()
    for index, v in enumerate(support):
        out[index] = (z3.If(real(v).plain() > 0, z3.RealVal(1), z3.RealVal(0))
                      if isinstance(v, z3.ExprRef) else int(v > 0))
    return out


# -- claims -------------------------------------------------------------------------------
def _sum_fp_fn(M: Any, f: Formulas, _zd: Any) -> Claim:
    pooled = f.pool(f.one_vs_rest(f.marginals(M)))
    return Claim([], pooled.fp == pooled.fn, {"sum_fp": pooled.fp, "sum_fn": pooled.fn})


@theorem("MO-001", scope="multiclass", expected="holds", claim="""
    Σ_k FP_k = Σ_k FN_k for every n×n confusion matrix of integer counts (each
    misclassified sample is one FP of its predicted class and one FN of its true class).""")
def sum_fp_equals_sum_fn(settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "sum_fp_equals_sum_fn", _sum_fp_fn,
                          _pooled_facts, integer=True)


@theorem("MO-002", scope="multiclass, sample-weighted", expected="holds", claim="""
    Σ_k FP_k = Σ_k FN_k for every n×n confusion matrix of real (sample-weighted) counts;
    no sign hypothesis is needed.""")
def sum_fp_equals_sum_fn_sample_weighted(settings: Settings,
                                         formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "sum_fp_equals_sum_fn_sample_weighted",
                          _sum_fp_fn, _pooled_facts)


def _micro(M: Any, f: Formulas, zd: Any) -> Claim:
    m = f.marginals(M)
    pooled = f.pool(f.one_vs_rest(m))
    ratios = [f.precision(pooled), f.recall(pooled), f.f_beta(pooled, 1), f.accuracy(m)]
    p, r, f1, acc = (f.value(x, zd) for x in ratios)
    undefined = [x.den == 0 for x in ratios]
    goal = [p == r, r == f1, f1 == acc, *[u == undefined[3] for u in undefined[:3]]]
    from metricoracle.proofs._fixedn import all_of

    return Claim([], all_of(*goal), {"micro_precision": p, "micro_recall": r,
                                     "micro_f1": f1, "accuracy": acc})


@theorem("MO-003", scope="multiclass, sample-weighted", expected="holds", claim="""
    micro precision = micro recall = micro F1 = accuracy for every n, every confusion
    matrix and every zero_division value (a symbolic real); the four are undefined
    (0/0) exactly together, so the NaN policy agrees too.""")
def micro_precision_recall_f1_equal_accuracy(settings: Settings,
                                             formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "micro_precision_recall_f1_equal_accuracy",
                          _micro, _pooled_facts)


def _weighted_recall(M: Any, f: Formulas, zd: Any) -> Claim:
    m = f.marginals(M)
    weights, values = _support_and_recall(M, f, zd)
    if isinstance(weights, SymVector):
        # spec's weighted_mean needs len() for its all-zero-weights fallback, which a
        # symbolic length lacks; under total > 0 that branch is dead, so an arbitrary
        # fallback is used.  The link checks this agrees with weighted_mean for n ≤ N.
        fallback = z3.Real("unused_fallback")
        weighted = f.arith.div((weights * values).sum(), weights.sum(), if_zero=fallback)
    else:
        weighted = f.weighted_mean(values, weights, f.arith)
    acc = f.value(f.accuracy(m), zd)
    return Claim([*_nonneg(M), m.total > 0], weighted == acc,
                 {"weighted_recall": weighted, "accuracy": acc})


@theorem("MO-004", scope="multiclass, sample-weighted", expected="holds", claim="""
    Recall averaged with average="weighted" (weights = support) equals accuracy, for
    every n, nonnegative counts and a nonempty matrix, any zero_division.""")
def weighted_recall_equals_accuracy(settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "weighted_recall_equals_accuracy",
                          _weighted_recall, _weighted_recall_facts, link_up_to=2)


def _balanced(M: Any, f: Formulas, zd: Any) -> Claim:
    per_class, recalls, mask = _balanced_parts(M, f, zd)
    count = mask.sum()
    balanced = f.arith.div((mask * per_class).sum(), count, if_zero=zd)
    macro_present = f.arith.div((mask * recalls).sum(), count, if_zero=zd)
    return Claim([], balanced == macro_present,
                 {"balanced_accuracy": balanced, "macro_recall_present": macro_present})


@theorem("MO-005", scope="multiclass, sample-weighted", expected="holds", claim="""
    Balanced accuracy (scikit-learn's mean of C[k,k] / row_k over labels with row_k > 0,
    written as Σ_k [row_k>0]·v_k / Σ_k [row_k>0] with v_k = Ratio(diag, true_sum))
    equals the macro average of the spec's recall over the labels present in y_true.""")
def balanced_accuracy_equals_macro_recall_over_present_labels(
        settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas,
                          "balanced_accuracy_equals_macro_recall_over_present_labels",
                          _balanced, _present_facts, link_up_to=2)


def _hamming(M: Any, f: Formulas, zd: Any) -> Claim:
    m = f.marginals(M)
    hamming = f.value(f.zero_one_loss(m), zd)  # the spec's single-label hamming_loss
    acc = f.value(f.accuracy(m), zd)
    return Claim([m.total > 0], hamming == 1 - acc, {"hamming_loss": hamming, "accuracy": acc})


@theorem("MO-006", scope="multiclass, sample-weighted", expected="holds", claim="""
    Hamming loss of single-label data (the spec's single-label hamming_loss: the share of
    off-diagonal samples) equals 1 − accuracy for every n and every nonempty matrix.""")
def hamming_loss_equals_one_minus_accuracy(settings: Settings,
                                           formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "hamming_loss_equals_one_minus_accuracy",
                          _hamming, lambda M, f, zd: [])


def _zero_one(M: Any, f: Formulas, zd: Any) -> Claim:
    m = f.marginals(M)
    loss = f.value(f.zero_one_loss(m), zd)
    acc = f.value(f.accuracy(m), zd)
    return Claim([m.total > 0], acc == 1 - loss, {"zero_one_loss": loss, "accuracy": acc})


@theorem("MO-007", scope="multiclass, sample-weighted", expected="holds", claim="""
    accuracy = 1 − zero_one_loss (the spec's zero_one_loss); every n, every nonempty
    matrix.""")
def accuracy_equals_one_minus_zero_one_loss(settings: Settings,
                                            formulas: Formulas = SPEC) -> Outcome:
    return run_multiclass(settings, formulas, "accuracy_equals_one_minus_zero_one_loss",
                          _zero_one, _pooled_facts)
