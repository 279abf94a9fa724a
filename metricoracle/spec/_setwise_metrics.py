"""Public set-wise metrics with scikit-learn's names and parameters.

Each is ``formula`` ∘ ``average`` over per-label one-vs-rest counts; see
:mod:`metricoracle.spec._setwise` for the label, averaging and zero-division conventions.
The first parameter (``backend``) is bound by :func:`metricoracle.spec._backend.bind`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from metricoracle.errors import InvalidInput, InvalidInputType
from metricoracle.spec import _formulas as formulas
from metricoracle.spec._arith import Ratio
from metricoracle.spec._backend import Backend
from metricoracle.spec._formulas import Counts
from metricoracle.spec._policy import ZeroDivision
from metricoracle.spec._setwise import as_beta_sq, prepare, score, zero_division_policy

Formula = Callable[[Counts[Any]], Ratio[Any]]


def _one(backend: Backend, formula: Formula, metric: str, y_true: Any, y_pred: Any, *,
         labels: Any, pos_label: Any, average: Any, sample_weight: Any, zero_division: Any,
         warn: bool = True) -> Any:
    policy = zero_division_policy(zero_division)
    request = prepare(backend, y_true, y_pred, labels=labels, pos_label=pos_label,
                      average=average, sample_weight=sample_weight)
    return score(backend, request, formula, policy if warn else _quiet(policy), metric=metric)


def _quiet(policy: ZeroDivision) -> ZeroDivision:
    return dataclasses.replace(policy, warn=False)


def _f_formula(beta: Any, backend: Backend) -> tuple[Formula, bool]:
    """The F-beta formula and whether 0/0 in it warns.

    F_0 is precision and F_inf recall; scikit-learn reuses those values without an
    F-score warning (``_precision_recall_fscore_support``, lines 2177-2180).
    """
    if isinstance(beta, float | np.floating) and math.isinf(beta) and beta > 0:
        return formulas.recall, False
    beta_sq = as_beta_sq(beta)
    try:
        lifted = backend.arith.lift(beta_sq)
    except OverflowError:
        raise InvalidInput(f"beta={beta!r}: β² exceeds float64 (use the exact spec)") from None
    return (lambda c: formulas.f_beta(c, lifted)), beta_sq != 0


_WARN_FOR = ("precision", "recall", "f-score")


def _check_warn_for(warn_for: Any) -> frozenset[str]:
    if not isinstance(warn_for, list | tuple | set | frozenset):
        raise InvalidInputType(f"warn_for={warn_for!r} must be a list, tuple or set")
    return frozenset(warn_for)


def _precision_recall_fscore_support(
    backend: Backend, y_true: Any, y_pred: Any, *, beta: float = 1.0, labels: Any = None,
    pos_label: Any = 1, average: str | None = None,
    warn_for: Any = _WARN_FOR, sample_weight: Any = None, zero_division: Any = "warn",
) -> tuple[Any, Any, Any, Any]:
    """Precision, recall, F-beta and support, as scikit-learn's function of that name.

    Definitions per label: P = TP/(TP+FP), R = TP/(TP+FN),
    Fβ = (1+β²)TP/((1+β²)TP + β²FN + FP), support = TP + FN (weighted).
    Returns ``(P, R, F, support)``; with an average, support is None.  ``warn_for``
    names the scores whose 0/0 warns (``zero_division="warn"``), as in scikit-learn.

    >>> from metricoracle import spec
    >>> spec.precision_recall_fscore_support([0, 1, 1, 0], [0, 1, 0, 0], average="binary")
    (Fraction(1, 1), Fraction(1, 2), Fraction(2, 3), None)
    """
    policy = zero_division_policy(zero_division)
    warn = _check_warn_for(warn_for)
    f_formula, f_warns = _f_formula(beta, backend)
    request = prepare(backend, y_true, y_pred, labels=labels, pos_label=pos_label,
                      average=average, sample_weight=sample_weight)

    def policy_for(name: str, warns: bool = True) -> ZeroDivision:
        return policy if warns and name in warn else _quiet(policy)

    p = score(backend, request, formulas.precision, policy_for("precision"), metric="Precision")
    r = score(backend, request, formulas.recall, policy_for("recall"), metric="Recall")
    f = score(backend, request, f_formula, policy_for("f-score", f_warns), metric="F-score")
    if request.average is not None:
        return p, r, f, None
    support = request.counts.tp + request.counts.fn
    return p, r, f, backend.per_label_counts(support)


def _precision_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
                     pos_label: Any = 1, average: str | None = "binary",
                     sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Precision (PPV). Definition: TP / (TP + FP); undefined when TP + FP = 0.

    >>> from metricoracle import spec
    >>> spec.precision_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average="macro")
    Fraction(2, 9)
    """
    return _one(backend, formulas.precision, "Precision", y_true, y_pred, labels=labels,
                pos_label=pos_label, average=average, sample_weight=sample_weight,
                zero_division=zero_division)


def _recall_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
                  pos_label: Any = 1, average: str | None = "binary",
                  sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Recall (sensitivity, TPR). Definition: TP / (TP + FN); undefined when TP + FN = 0.

    >>> from metricoracle import spec
    >>> spec.recall_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average="macro")
    Fraction(1, 3)
    """
    return _one(backend, formulas.recall, "Recall", y_true, y_pred, labels=labels,
                pos_label=pos_label, average=average, sample_weight=sample_weight,
                zero_division=zero_division)


def _fbeta_score(backend: Backend, y_true: Any, y_pred: Any, *, beta: float,
                 labels: Any = None, pos_label: Any = 1, average: str | None = "binary",
                 sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """F-beta. Definition: (1+β²)TP / ((1+β²)TP + β²FN + FP); undefined when TP=FN=FP=0.

    β = 0 gives precision, β = inf gives recall (scikit-learn).

    >>> from metricoracle import spec
    >>> spec.fbeta_score([0, 1, 1, 1], [1, 1, 1, 0], beta=2)
    Fraction(2, 3)
    """
    formula, warns = _f_formula(beta, backend)
    return _one(backend, formula, "F-score", y_true, y_pred, labels=labels,
                pos_label=pos_label, average=average, sample_weight=sample_weight,
                zero_division=zero_division, warn=warns)


def _f1_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
              pos_label: Any = 1, average: str | None = "binary", sample_weight: Any = None,
              zero_division: Any = "warn") -> Any:
    """F1. Definition: 2TP / (2TP + FP + FN); undefined when TP = FP = FN = 0.

    >>> from metricoracle import spec
    >>> spec.f1_score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], average="micro")
    Fraction(1, 3)
    """
    return _one(backend, _f_formula(1, backend)[0], "F-score", y_true, y_pred, labels=labels,
                pos_label=pos_label, average=average, sample_weight=sample_weight,
                zero_division=zero_division)


def _jaccard_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
                   pos_label: Any = 1, average: str | None = "binary",
                   sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Jaccard index. Definition: TP / (TP + FP + FN); undefined when TP = FP = FN = 0.

    scikit-learn 1.9.1 rejects ``zero_division=nan`` here; the spec accepts it and
    averages as ``precision_score`` does (undefined labels skipped).

    >>> from metricoracle import spec
    >>> spec.jaccard_score([0, 1, 2, 2], [0, 1, 1, 2], average=None)
    [Fraction(1, 1), Fraction(1, 2), Fraction(1, 2)]
    """
    return _one(backend, formulas.jaccard, "Jaccard", y_true, y_pred, labels=labels,
                pos_label=pos_label, average=average, sample_weight=sample_weight,
                zero_division=zero_division)


def _specificity_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
                       pos_label: Any = 1, average: str | None = "binary",
                       sample_weight: Any = None, zero_division: Any = "warn") -> Any:
    """Specificity (TNR). Definition: TN / (TN + FP); undefined when TN + FP = 0.

    Not in scikit-learn; same parameters and averaging as ``precision_score``
    ("weighted" weights by true support TP + FN).

    >>> from metricoracle import spec
    >>> spec.specificity_score([0, 0, 0, 1], [0, 1, 1, 1])
    Fraction(1, 3)
    """
    return _one(backend, formulas.specificity, "Specificity", y_true, y_pred, labels=labels,
                pos_label=pos_label, average=average, sample_weight=sample_weight,
                zero_division=zero_division)


def _npv_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
               pos_label: Any = 1, average: str | None = "binary", sample_weight: Any = None,
               zero_division: Any = "warn") -> Any:
    """Negative predictive value. Definition: TN / (TN + FN); undefined when TN + FN = 0.

    >>> from metricoracle import spec
    >>> spec.npv_score([0, 1, 0, 1], [0, 0, 0, 1])
    Fraction(2, 3)
    """
    return _one(backend, formulas.npv, "NPV", y_true, y_pred, labels=labels, pos_label=pos_label,
                average=average, sample_weight=sample_weight, zero_division=zero_division)


def _fpr_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
               pos_label: Any = 1, average: str | None = "binary", sample_weight: Any = None,
               zero_division: Any = "warn") -> Any:
    """False positive rate. Definition: FP / (FP + TN); undefined when FP + TN = 0.

    >>> from metricoracle import spec
    >>> spec.fpr_score([0, 0, 0, 1], [0, 1, 1, 1])
    Fraction(2, 3)
    """
    return _one(backend, formulas.fpr, "FPR", y_true, y_pred, labels=labels, pos_label=pos_label,
                average=average, sample_weight=sample_weight, zero_division=zero_division)


def _fnr_score(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
               pos_label: Any = 1, average: str | None = "binary", sample_weight: Any = None,
               zero_division: Any = "warn") -> Any:
    """False negative rate. Definition: FN / (FN + TP); undefined when FN + TP = 0.

    >>> from metricoracle import spec
    >>> spec.fnr_score([1, 1, 1, 0], [1, 0, 0, 0])
    Fraction(2, 3)
    """
    return _one(backend, formulas.fnr, "FNR", y_true, y_pred, labels=labels, pos_label=pos_label,
                average=average, sample_weight=sample_weight, zero_division=zero_division)


IMPLEMENTATIONS = (
    _precision_recall_fscore_support, _precision_score, _recall_score, _fbeta_score,
    _f1_score, _jaccard_score, _specificity_score, _npv_score, _fpr_score, _fnr_score,
)
