"""Plausible identities that do NOT hold: each must come back refuted, with a concrete
confusion matrix (or multilabel indicator data) replayed through the exact spec and, when
installed, scikit-learn.

The search runs over nonnegative real (sample-weighted) counts with zero_division ∈ {0, 1}
(the values scikit-learn accepts besides NaN), then scales to integers.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import z3

from metricoracle.proofs._counterexample import (
    SklearnCheck,
    model_value,
    replay_matrix,
    scale_to_integers,
    sklearn_available,
    sklearn_zero_division,
)
from metricoracle.proofs._fixedn import SPEC, Claim, Formulas, between, check_each_n, nonnegative
from metricoracle.proofs._kernel import NotProved, prove
from metricoracle.proofs._theorems import Outcome, Settings, theorem
from metricoracle.proofs._z3arith import symbolic_vector
from metricoracle.spec._arith import EXACT
from metricoracle.spec._formulas import Counts

ClaimFn = Callable[[Any, Formulas, Any], Claim]


def _zd_hyp(zd: Any) -> list[Any]:
    return [z3.Or(zd == 0, zd == 1)] if isinstance(zd, z3.ExprRef) else []


def _every_class_seen(M: Any) -> list[Any]:
    """Every class occurs in y_true and in y_pred, so no per-class 0/0 is involved."""
    return [*[v > 0 for v in M.sum(axis=1)], *[v > 0 for v in M.sum(axis=0)]]


def refute(settings: Settings, formulas: Formulas, name: str, claim: ClaimFn,
           sklearn_check: SklearnCheck | None, start: int = 2,
           call: Callable[[int], dict[str, Any]] | None = None) -> Outcome:
    """Search n = start..max_classes for a counterexample and replay it.

    ``call(n)`` gives the parameters of the metric call that the claim makes on an n×n
    matrix (e.g. ``labels=``), recorded with the counterexample so that it reads right.
    """
    res = check_each_n(name, claim, range(start, settings.max_classes + 1), settings.budget(),
                       formulas)
    details: dict[str, Any] = {"lemmas": res.lemmas}
    if res.status == "proved":
        return Outcome("proved_up_to_n", res.max_classes, None, details)
    if res.status == "refuted" and res.size is not None:
        cex = replay_matrix(claim, res.model, res.size, formulas=formulas,
                            sklearn_check=sklearn_check)
        if call is not None:
            cex = {**call(res.size), **cex}
        return Outcome("refuted" if cex["confirmed"] else "unknown", res.size, cex, details)
    details["reason"] = res.reason
    return Outcome("unknown", res.max_classes, None, details)


def _per_label(f: Formulas, M: Any, zd: Any) -> dict[str, Any]:
    c = f.one_vs_rest(f.marginals(M))
    return {"counts": c, "p": f.value(f.precision(c), zd), "r": f.value(f.recall(c), zd),
            "f1": f.value(f.f_beta(c, 1), zd), "support": c.tp + c.fn}


def _sk(fn: Callable[..., Any], y_true: list[int], y_pred: list[int], zd: Fraction,
        **kw: Any) -> float:
    return float(fn(y_true, y_pred, zero_division=sklearn_zero_division(zd), **kw))


# -- MO-201 multilabel --------------------------------------------------------------------
@theorem("MO-201", scope="multilabel", expected="fails", claim="""
    Multilabel: micro precision = micro recall.  False: pooled FP and FN need not match
    when a sample may carry several labels or none.""")
def multilabel_micro_precision_equals_micro_recall(settings: Settings,
                                                   formulas: Formulas = SPEC) -> Outcome:
    budget = settings.budget()
    # n ≥ 2: scikit-learn reads a one-column indicator matrix as binary labels
    for n in range(2, settings.max_classes + 1):
        fields = [symbolic_vector(n, name) for name in ("tp", "fp", "fn", "tn")]
        c = Counts(*fields)
        zd = z3.Real("zd")
        pooled = formulas.pool(c)
        p = formulas.value(formulas.precision(pooled), zd)
        r = formulas.value(formulas.recall(pooled), zd)
        totals = [c.tp[k] + c.fp[k] + c.fn[k] + c.tn[k] for k in range(n)]
        hyps = [v >= 0 for f in fields for v in f] + [t == totals[0] for t in totals]
        hyps += [pooled.tp + pooled.fp > 0, pooled.tp + pooled.fn > 0]  # no 0/0 involved
        try:
            prove(f"multilabel_micro_p_equals_r[n={n}]", p == r, hyps=[*hyps, *_zd_hyp(zd)],
                  budget=budget)
        except NotProved as exc:
            if exc.status != "refuted":
                return Outcome("unknown", n, None, {"reason": exc.reason})
            cex = _multilabel_replay(exc.model, n, formulas)
            return Outcome("refuted" if cex["confirmed"] else "unknown", n, cex, {})
    return Outcome("proved_up_to_n", settings.max_classes, None, {})


def _multilabel_replay(model: Any, n: int, formulas: Formulas) -> dict[str, Any]:
    raw = np.array([[model_value(model, z3.Real(f"{f}_{k}")) for k in range(n)]
                    for f in ("tp", "fp", "fn", "tn")], dtype=object)
    counts, factor = scale_to_integers(raw)
    zd = model_value(model, z3.Real("zd"))
    samples = int(sum(counts[:, 0]))
    y_true = np.zeros((samples, n), dtype=int)
    y_pred = np.zeros((samples, n), dtype=int)
    for k in range(n):  # column k: TP rows (1,1), FP rows (0,1), FN rows (1,0), rest (0,0)
        tp, fp, fn = (int(x) for x in counts[:3, k])
        y_true[:tp, k] = y_pred[:tp, k] = 1
        y_pred[tp:tp + fp, k] = 1
        y_true[tp + fp:tp + fp + fn, k] = 1
    # recount from the indicator data, then evaluate the spec exactly
    recount = Counts(*(EXACT.vector(v) for v in (
        (y_true & y_pred).sum(axis=0), ((1 - y_true) & y_pred).sum(axis=0),
        (y_true & (1 - y_pred)).sum(axis=0), ((1 - y_true) & (1 - y_pred)).sum(axis=0))))
    exact = formulas.exact()
    pooled = exact.pool(recount)
    p, r = exact.value(exact.precision(pooled), zd), exact.value(exact.recall(pooled), zd)
    record: dict[str, Any] = {"y_true": y_true.tolist(), "y_pred": y_pred.tolist(),
                              "zero_division": str(zd), "scale": factor,
                              "values": {"micro_precision": str(p), "micro_recall": str(r)},
                              "confirmed": p != r}
    if sklearn_available():
        from sklearn.metrics import precision_score, recall_score

        sp = _sk(precision_score, y_true, y_pred, zd, average="micro")
        sr = _sk(recall_score, y_true, y_pred, zd, average="micro")
        record["sklearn"] = {"micro_precision": sp, "micro_recall": sr,
                             "confirmed": abs(sp - sr) > 1e-12}
    return record


# -- MO-202 labels= subset ----------------------------------------------------------------
def _subset(M: Any, f: Formulas, zd: Any) -> Claim:
    n = M.shape[0]
    c = f.one_vs_rest(f.marginals(M)).select(np.arange(n - 1))
    pooled = f.pool(c)
    p, r = f.value(f.precision(pooled), zd), f.value(f.recall(pooled), zd)
    return Claim([*nonnegative(M), *_every_class_seen(M), *_zd_hyp(zd)], p == r,
                 {"micro_precision": p, "micro_recall": r})


def _sk_subset(y_true: list[int], y_pred: list[int], zd: Fraction) -> dict[str, Any]:
    from sklearn.metrics import precision_score, recall_score

    labels = list(range(max(max(y_true), max(y_pred))))  # every label but the last
    p = _sk(precision_score, y_true, y_pred, zd, labels=labels, average="micro")
    r = _sk(recall_score, y_true, y_pred, zd, labels=labels, average="micro")
    return {"labels": labels, "micro_precision": p, "micro_recall": r,
            "confirmed": abs(p - r) > 1e-12}


@theorem("MO-202", scope="multiclass, labels= subset", expected="fails", claim="""
    micro precision = micro recall when labels= leaves out a class that occurs (here: the
    last class).  False: FP and FN of the chosen labels no longer balance.""")
def micro_precision_equals_micro_recall_with_label_subset(
        settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return refute(settings, formulas, "micro_p_equals_r_with_label_subset", _subset,
                  _sk_subset, call=lambda n: {"labels": list(range(n - 1))})


# -- MO-203 .. MO-206 ---------------------------------------------------------------------
def _macro_pr(M: Any, f: Formulas, zd: Any) -> Claim:
    v = _per_label(f, M, zd)
    p, r = f.mean(v["p"], f.arith), f.mean(v["r"], f.arith)
    return Claim([*nonnegative(M), *_every_class_seen(M), *_zd_hyp(zd)], p == r,
                 {"macro_precision": p, "macro_recall": r})


def _sk_macro_pr(y_true: list[int], y_pred: list[int], zd: Fraction) -> dict[str, Any]:
    from sklearn.metrics import precision_score, recall_score

    p = _sk(precision_score, y_true, y_pred, zd, average="macro")
    r = _sk(recall_score, y_true, y_pred, zd, average="macro")
    return {"macro_precision": p, "macro_recall": r, "confirmed": abs(p - r) > 1e-12}


@theorem("MO-203", scope="multiclass, sample-weighted", expected="fails", claim="""
    macro precision = macro recall.  False: the per-class values differ and are averaged
    with equal weights.""")
def macro_precision_equals_macro_recall(settings: Settings,
                                        formulas: Formulas = SPEC) -> Outcome:
    return refute(settings, formulas, "macro_p_equals_macro_r", _macro_pr, _sk_macro_pr)


def _macro_f1_hm(M: Any, f: Formulas, zd: Any) -> Claim:
    v = _per_label(f, M, zd)
    p, r, f1 = (f.mean(v[k], f.arith) for k in ("p", "r", "f1"))
    hm = f.arith.div(2 * p * r, p + r, if_zero=zd)
    return Claim([*nonnegative(M), *_every_class_seen(M), *_zd_hyp(zd), p + r > 0], f1 == hm,
                 {"macro_f1": f1, "harmonic_mean": hm, "macro_precision": p,
                  "macro_recall": r})


def _sk_macro_f1(y_true: list[int], y_pred: list[int], zd: Fraction) -> dict[str, Any]:
    from sklearn.metrics import f1_score, precision_score, recall_score

    p = _sk(precision_score, y_true, y_pred, zd, average="macro")
    r = _sk(recall_score, y_true, y_pred, zd, average="macro")
    f1 = _sk(f1_score, y_true, y_pred, zd, average="macro")
    hm = 2 * p * r / (p + r)
    return {"macro_f1": f1, "harmonic_mean": hm, "confirmed": abs(f1 - hm) > 1e-12}


@theorem("MO-204", scope="multiclass, sample-weighted", expected="fails", claim="""
    macro F1 = harmonic mean of macro precision and macro recall (when P + R > 0).
    False (Opitz & Burst 2019): the mean of harmonic means is not the harmonic mean of
    means.""")
def macro_f1_equals_harmonic_mean_of_macro_precision_and_recall(
        settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return refute(settings, formulas, "macro_f1_equals_hm", _macro_f1_hm, _sk_macro_f1)


def _weighted_f1(M: Any, f: Formulas, zd: Any) -> Claim:
    v = _per_label(f, M, zd)
    p, r, f1 = (f.weighted_mean(v[k], v["support"], f.arith) for k in ("p", "r", "f1"))
    return Claim([*nonnegative(M), *_zd_hyp(zd)], between(f1, p, r),
                 {"weighted_f1": f1, "weighted_precision": p, "weighted_recall": r})


def _sk_weighted(y_true: list[int], y_pred: list[int], zd: Fraction) -> dict[str, Any]:
    from sklearn.metrics import f1_score, precision_score, recall_score

    p, r, f1 = (_sk(fn, y_true, y_pred, zd, average="weighted")
                for fn in (precision_score, recall_score, f1_score))
    return {"weighted_f1": f1, "weighted_precision": p, "weighted_recall": r,
            "confirmed": not (min(p, r) - 1e-12 <= f1 <= max(p, r) + 1e-12)}


@theorem("MO-205", scope="multiclass, sample-weighted", expected="fails", claim="""
    weighted F1 lies between weighted precision and weighted recall.  False (the old
    scikit-learn docs warn about it).""")
def weighted_f1_between_weighted_precision_and_recall(
        settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return refute(settings, formulas, "weighted_f1_between_wp_and_wr", _weighted_f1,
                  _sk_weighted)


def _f1_from_pr(M: Any, f: Formulas, zd: Any) -> Claim:
    m = f.marginals(M)
    pooled = f.pool(f.one_vs_rest(m))
    p, r = f.value(f.precision(pooled), zd), f.value(f.recall(pooled), zd)
    f1 = f.arith.div(2 * p * r, p + r, if_zero=zd)
    acc = f.value(f.accuracy(m), zd)
    return Claim([*nonnegative(M), *_zd_hyp(zd)], f1 == acc,
                 {"f1_from_p_and_r": f1, "accuracy": acc})


def _sk_f1_from_pr(y_true: list[int], y_pred: list[int], zd: Fraction) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, precision_score, recall_score

    p = _sk(precision_score, y_true, y_pred, zd, average="micro")
    r = _sk(recall_score, y_true, y_pred, zd, average="micro")
    f1 = float(zd) if p + r == 0 else 2 * p * r / (p + r)
    acc = float(accuracy_score(y_true, y_pred))
    return {"f1_from_p_and_r": f1, "accuracy": acc, "confirmed": abs(f1 - acc) > 1e-12}


@theorem("MO-206", scope="multiclass, sample-weighted", expected="fails", claim="""
    micro F1 computed as 2PR/(P+R), with zero_division applied when P + R = 0, equals
    accuracy.  False: with no correct prediction and zero_division=1 it gives 1, while
    F1 from counts (the spec, scikit-learn) gives 0 = accuracy.""")
def f1_from_precision_and_recall_with_zero_division_equals_accuracy(
        settings: Settings, formulas: Formulas = SPEC) -> Outcome:
    return refute(settings, formulas, "f1_from_p_and_r_equals_accuracy", _f1_from_pr,
                  _sk_f1_from_pr)
