"""Whole-matrix metrics with scikit-learn's names and parameters.

Accuracy, zero-one loss, Hamming loss, balanced accuracy, MCC, Cohen's kappa and the
class likelihood ratios are functions of the whole confusion matrix (or, for
multilabel data, of per-sample matches), not averages of one-vs-rest values.  Line
numbers cite ``sklearn/metrics/_classification.py`` of scikit-learn 1.9.1.

Named divergences from scikit-learn (the oracle models scikit-learn's side):

* ``balanced_accuracy_adjusted_single_class``: with ``adjusted=True`` and one class in
  y_true, scikit-learn divides by 1 − 1/1 = 0 in numpy (lines 2944-2947) and returns
  −inf (score < 1) or NaN (score = 1); the spec returns NaN (the value is undefined).
* ``likelihood_ratio_no_positives``: when y_true has no positive sample, scikit-learn
  replaces LR+ only if FP = 0 and LR− only if TN = 0 (lines 2422-2470) and otherwise
  computes 0/0 = NaN, ignoring ``replace_undefined_by``; the spec applies
  ``replace_undefined_by`` to both (they are undefined).  Same results with the default
  ``replace_undefined_by=np.nan``.
* ``negative_sample_weight`` (all metrics): scikit-learn accepts negative weights; the
  spec raises ``ValueError``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from typing import Any

import numpy as np

from metricoracle.errors import InvalidInput, InvalidInputType, UndefinedMetricWarning
from metricoracle.spec import _formulas as F  # noqa: N812 (the lead's alias)
from metricoracle.spec._arith import to_fraction
from metricoracle.spec._averaging import mean
from metricoracle.spec._backend import Backend, warn_caller
from metricoracle.spec._counting import marginal_counts, multilabel_counts
from metricoracle.spec._formulas import Counts
from metricoracle.spec._inputs import check_sample_weight, check_targets
from metricoracle.spec._matrix_metrics import restricted_matrix, single_label_targets


def check_bool(value: Any, name: str) -> bool:
    """``value`` as a bool; scikit-learn's "boolean" constraint rejects 0/1 ints too."""
    if not isinstance(value, bool | np.bool_):
        raise InvalidInputType(f"{name}={value!r} must be True or False")
    return bool(value)


def _policy_value(backend: Backend, value: Any) -> Any:
    """A replacement value for an undefined metric in the backend's numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return value
    return to_fraction(value) if backend.exact else float(value)


def _hits_and_total(backend: Backend, y_true: Any, y_pred: Any, *, sample_weight: Any,
                    loss: bool) -> Any:
    """Accuracy (or, with ``loss``, zero-one loss) as an unevaluated ratio.

    Single-label data go through the confusion-matrix marginals; a multilabel sample is a
    hit only when its whole row matches (subset accuracy).
    """
    targets = check_targets(y_true, y_pred)
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    vec = backend.arith.vector
    if targets.multilabel:
        hit = np.all(targets.true == targets.pred, axis=1)
        hits = vec(int(hit.sum())) if weights is None else vec(weights[hit].sum())
        total = vec(targets.n_samples) if weights is None else vec(weights.sum())
        return F.hit_rate(total - hits, total) if loss else F.hit_rate(hits, total)
    k = len(targets.classes)
    m = marginal_counts(targets, k, weights).map(vec)
    return F.zero_one_loss(m) if loss else F.accuracy(m)


def _accuracy_score(backend: Backend, y_true: Any, y_pred: Any, *, normalize: bool = True,
                    sample_weight: Any = None) -> Any:
    """Accuracy (multilabel: subset accuracy). Definition: Σ_i C[i,i] / Σ C.

    A multilabel sample is correct only when its whole label set matches (scikit-learn,
    lines 413-418).  ``normalize=False`` returns the (weighted) number of correct samples.
    Never undefined: the total weight is > 0 after validation.

    >>> from metricoracle import spec
    >>> spec.accuracy_score([0, 1, 2, 3], [0, 2, 1, 3])
    Fraction(1, 2)
    >>> spec.accuracy_score([[0, 1], [1, 1]], [[1, 1], [1, 1]], normalize=False)
    Fraction(1, 1)
    """
    normalize = check_bool(normalize, "normalize")
    ratio = _hits_and_total(backend, y_true, y_pred, sample_weight=sample_weight, loss=False)
    if not normalize:
        return backend.scalar(ratio.num)
    return backend.scalar(backend.arith.div(ratio.num, ratio.den, if_zero=float("nan")))


def _zero_one_loss(backend: Backend, y_true: Any, y_pred: Any, *, normalize: bool = True,
                   sample_weight: Any = None) -> Any:
    """Zero-one loss. Definition: (Σ C − Σ_i C[i,i]) / Σ C = 1 − accuracy.

    Multilabel: the share of samples whose label set is not exactly right.
    ``normalize=False`` returns the (weighted) number of misclassified samples.

    >>> from metricoracle import spec
    >>> spec.zero_one_loss([1, 2, 3, 4], [2, 2, 3, 4])
    Fraction(1, 4)
    """
    normalize = check_bool(normalize, "normalize")
    ratio = _hits_and_total(backend, y_true, y_pred, sample_weight=sample_weight, loss=True)
    if not normalize:
        return backend.scalar(ratio.num)
    return backend.scalar(backend.arith.div(ratio.num, ratio.den, if_zero=float("nan")))


def _hamming_loss(backend: Backend, y_true: Any, y_pred: Any, *,
                  sample_weight: Any = None) -> Any:
    """Hamming loss. Definition: share of (sample, label) cells predicted wrongly.

    Single-label data: (Σ C − Σ_i C[i,i]) / Σ C (= zero-one loss); multilabel:
    (FP + FN) / (TP + FP + FN + TN) over pooled counts = Σ_i w_i·|y_i ≠ ŷ_i| / (L·Σ w)
    (scikit-learn, lines 3301-3310).

    >>> from metricoracle import spec
    >>> spec.hamming_loss([[0, 1], [1, 1]], [[0, 0], [0, 1]])
    Fraction(1, 2)
    """
    targets = check_targets(y_true, y_pred)
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    arith = backend.arith
    if targets.multilabel:
        counts = multilabel_counts(targets.true, targets.pred, weights).map(arith.vector)
        ratio = F.hamming_loss(F.pool(counts))
    else:
        k = len(targets.classes)
        m = marginal_counts(targets, k, weights).map(arith.vector)
        ratio = F.zero_one_loss(m)
    return backend.scalar(arith.div(ratio.num, ratio.den, if_zero=float("nan")))


def _balanced_accuracy_score(backend: Backend, y_true: Any, y_pred: Any, *,
                             sample_weight: Any = None, adjusted: bool = False) -> Any:
    """Balanced accuracy. Definition: mean over classes of recall C[i,i] / Σ_j C[i,j].

    Only classes with non-zero (weighted) support in y_true count; a class seen only in
    y_pred is skipped with a warning (scikit-learn, lines 2948-2951).  ``adjusted=True``
    rescales by chance 1/k: (k·score − 1)/(k − 1), k = number of counted classes; with
    k = 1 that is undefined and the spec returns NaN (scikit-learn: −inf or NaN, see
    divergence ``balanced_accuracy_adjusted_single_class``).

    >>> from metricoracle import spec
    >>> spec.balanced_accuracy_score([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])
    Fraction(5, 8)
    """
    adjusted = check_bool(adjusted, "adjusted")
    targets = single_label_targets(y_true, y_pred, metric="balanced_accuracy_score")
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    arith = backend.arith
    k = len(targets.classes)
    counts = F.one_vs_rest(marginal_counts(targets, k, weights)
                           .map(arith.vector))
    ratio = F.recall(counts)
    per_class = np.asarray(arith.div(ratio.num, ratio.den, if_zero=float("nan")),
                           dtype=object if backend.exact else np.float64)
    undefined = backend.nan_mask(per_class)
    if undefined.any():
        warn_caller("y_pred contains classes not in y_true", UserWarning)
    kept = per_class[~undefined]
    score = mean(kept, arith)
    if adjusted:
        chance = F.chance_adjusted(score, arith.lift(len(kept)))
        score = arith.div(chance.num, chance.den, if_zero=float("nan"))
    return backend.scalar(score)


def _matthews_corrcoef(backend: Backend, y_true: Any, y_pred: Any, *,
                       sample_weight: Any = None) -> Any:
    """Matthews correlation coefficient (multiclass: Gorodkin's R_K).

    Definition: (c·s − Σ_k t_k·p_k) / sqrt((s² − Σ_k p_k²)(s² − Σ_k t_k²)) with t, p the
    true/predicted class totals, c the correct total and s the grand total.  When the
    product under the root is 0 the result is 0 (scikit-learn, lines 1336-1338).  The
    exact spec returns an :class:`ExactSqrt` (``float()`` correctly rounded) or 0.

    >>> from metricoracle import spec
    >>> spec.matthews_corrcoef([1, 1, 1, 0], [1, 0, 1, 1])
    ExactSqrt(-1/3)
    """
    targets = single_label_targets(y_true, y_pred, metric="matthews_corrcoef")
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    k = len(targets.classes)
    m = marginal_counts(targets, k, weights).map(backend.arith.vector)
    if not backend.exact:
        # float64 only: s = Σ_k p_k (scikit-learn's n_samples) makes s² − Σ p² exactly 0 for
        # a constant y_pred, where Σ C could round differently.  The exact path keeps the
        # formula's s = Σ C (equal in exact arithmetic), the one the proofs are about.
        m = dataclasses.replace(m, total=m.pred_sum.sum())
    return backend.sqrt_ratio(F.matthews_corrcoef(m), if_zero=0)


def _check_kappa_replacement(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidInputType(f"replace_undefined_by={value!r} must be np.nan or a real "
                               "number in [-1, 1]")
    if isinstance(value, float) and math.isnan(value):
        return value
    if not -1 <= value <= 1:
        raise InvalidInput(f"replace_undefined_by={value!r} must be np.nan or in [-1, 1]")
    return value


def _cohen_kappa_score(backend: Backend, y1: Any, y2: Any, *, labels: Any = None,
                       weights: str | None = None, sample_weight: Any = None,
                       replace_undefined_by: Any = float("nan")) -> Any:
    """Cohen's kappa. Definition: κ = 1 − Σ w·C / Σ w·E, E[i,j] = p_i·t_j / s.

    ``C`` is the confusion matrix of y1 (rows) against y2 (columns) restricted to
    ``labels`` (samples with another label in either array are dropped); ``w`` is 0/1
    (``weights=None``), |i − j| ("linear") or (i − j)² ("quadratic") over the order of
    ``labels`` (default: sorted labels).  Undefined when Σ C = 0 or the expected
    disagreement Σ w·p·t is 0 (e.g. both raters use one label); the result is then
    ``replace_undefined_by`` (np.nan or a number in [-1, 1], scikit-learn ≥ 1.9, lines
    1023-1051) with an ``UndefinedMetricWarning``.  At least one of ``labels`` must occur
    in y1 (lines 1011-1017).

    >>> from metricoracle import spec
    >>> spec.cohen_kappa_score(["neg", "pos", "neg", "neu", "pos"],
    ...                        ["neg", "pos", "neg", "neu", "neg"])
    Fraction(11, 16)
    """
    if weights not in (None, "linear", "quadratic"):
        raise InvalidInput(f"weights={weights!r} is not one of None, 'linear', 'quadratic'")
    replacement = _check_kappa_replacement(replace_undefined_by)
    targets = single_label_targets(y1, y2, metric="cohen_kappa_score")
    sample_w = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    raw, _ = restricted_matrix(
        targets, labels, sample_w,
        none_in_true="none of labels= occurs in y1: at least one label in labels must be "
                     "present in y1 (scikit-learn's rule)")
    arith = backend.arith
    matrix = np.asarray(arith.vector(raw), dtype=object if backend.exact else np.float64)
    ratio = F.cohen_kappa(matrix, F.kappa_weights(matrix.shape[0], weights))
    if ratio.den == 0:  # reporting only: the value itself comes from the guarded division
        warn_caller("cohen_kappa_score is undefined (no expected disagreement) and set to "
                    f"replace_undefined_by={replacement}", UndefinedMetricWarning)
    return backend.scalar(arith.div(ratio.num, ratio.den,
                                    if_zero=_policy_value(backend, replacement)))


def _likelihood_replacements(value: Any) -> tuple[Any, Any]:
    """(LR+ value, LR− value) for undefined ratios, as scikit-learn 1.9.1 validates them."""
    if isinstance(value, float) and math.isnan(value):
        return value, value
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and value == 1:
        return 1.0, 1.0
    message = ("replace_undefined_by must be np.nan, 1.0 or a dict {'LR+': v1, 'LR-': v2} with "
               f"v1 ≥ 1 (np.inf allowed) or NaN and 0 ≤ v2 ≤ 1 or NaN; got {value!r}")
    if not isinstance(value, dict) or "LR+" not in value or "LR-" not in value:
        raise InvalidInput(message)
    pos, neg = value["LR+"], value["LR-"]
    for v in (pos, neg):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise InvalidInput(message)
    if pos < 1 or neg < 0 or neg > 1:  # NaN passes, as in scikit-learn's check_scalar
        raise InvalidInput(message)
    return pos, neg


def _class_likelihood_ratios(backend: Backend, y_true: Any, y_pred: Any, *,
                             labels: Any = None, sample_weight: Any = None,
                             replace_undefined_by: Any = float("nan")) -> tuple[Any, Any]:
    """Positive and negative likelihood ratios of binary data.

    Definitions: LR+ = TPR / FPR = TP·(FP + TN) / (FP·(TP + FN));
    LR− = FNR / TNR = FN·(TN + FP) / (TN·(TP + FN)).  The positive class is ``labels[1]``
    (``labels=[negative, positive]``; default: the larger of the two present labels).
    Undefined when FP = 0 (LR+), TN = 0 (LR−) or there is no positive sample (both);
    an undefined ratio becomes ``replace_undefined_by``: np.nan (both), 1.0 (both 1) or
    ``{"LR+": v1, "LR-": v2}`` (scikit-learn 1.9.1, lines 2372-2403; the deprecated
    ``raise_warning`` parameter no longer exists in 1.9.1).  See the divergence
    ``likelihood_ratio_no_positives``.  Data with more than two labels, a single label
    without ``labels=``, or ``labels`` not of length 2 raise ``ValueError``.

    >>> from metricoracle import spec
    >>> spec.class_likelihood_ratios([0, 1, 0, 1, 0], [1, 1, 0, 0, 0])
    (Fraction(3, 2), Fraction(3, 4))
    """
    pos_value, neg_value = _likelihood_replacements(replace_undefined_by)
    targets = single_label_targets(y_true, y_pred, metric="class_likelihood_ratios")
    if targets.kind.value != "binary":
        raise InvalidInput("class_likelihood_ratios only supports binary targets, got "
                           f"{targets.kind.value} (labels {targets.classes.tolist()})")
    if labels is None and len(targets.classes) != 2:
        raise InvalidInput("class_likelihood_ratios needs two classes but y_true and y_pred "
                           f"hold only {targets.classes.tolist()}; pass labels=[negative, "
                           "positive]")
    if labels is not None and np.size(labels) != 2:
        raise InvalidInput(f"labels={list(np.ravel(labels))!r} must be [negative, positive]")
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    raw, _ = restricted_matrix(
        targets, labels, weights,
        none_in_true="none of labels= occurs in y_true: at least one label specified must "
                     "be in y_true (scikit-learn's rule)")
    matrix = backend.arith.vector(raw)
    counts = Counts(tp=matrix[1, 1], fp=matrix[0, 1], fn=matrix[1, 0], tn=matrix[0, 0])
    arith = backend.arith
    pos, neg = F.positive_likelihood_ratio(counts), F.negative_likelihood_ratio(counts)
    if pos.den == 0 or neg.den == 0:  # reporting only
        warn_caller("a class likelihood ratio is undefined (FP = 0, TN = 0 or no positive "
                    "sample) and set by replace_undefined_by", UndefinedMetricWarning)
    lr_pos = arith.div(pos.num, pos.den, if_zero=_policy_value(backend, pos_value))
    lr_neg = arith.div(neg.num, neg.den, if_zero=_policy_value(backend, neg_value))
    return backend.scalar(lr_pos), backend.scalar(lr_neg)


IMPLEMENTATIONS = (
    _accuracy_score, _zero_one_loss, _hamming_loss, _balanced_accuracy_score,
    _matthews_corrcoef, _cohen_kappa_score, _class_likelihood_ratios,
)
