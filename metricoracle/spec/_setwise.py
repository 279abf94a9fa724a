"""Set-wise metrics: per-label one-vs-rest counts, then a formula, then an average.

This is scikit-learn's ``precision_recall_fscore_support`` pipeline (validate labels →
per-label counts → divide → average), shared by precision, recall, F-beta, Jaccard,
specificity, NPV, FPR and FNR.

Conventions (scikit-learn 1.9.1 unless stated):

* ``average="binary"`` needs binary data and reports ``pos_label`` only; ``pos_label``
  must be one of the labels when two are present (with one present label, an absent
  ``pos_label`` gives zero counts).  ``labels=`` is ignored for ``"binary"``.
* ``labels=`` may name absent labels (zero counts) and may omit present ones; micro
  averaging then pools only the chosen labels, and TN still counts every sample.
* ``"weighted"`` weights each label by its true support TP + FN; when every support is
  0 the unweighted mean is used.  ``"samples"`` (multilabel only) computes the metric per
  sample from that sample's weighted counts and averages with ``sample_weight``.
* With ``zero_division=nan`` averages skip the undefined labels (``_nanaverage``); the
  result is NaN only when all are undefined.  (scikit-learn 1.9.1's ``jaccard_score``
  rejects ``zero_division=nan``; the spec accepts it with the same averaging: divergence
  ``jaccard_nan_zero_division``.)
* Divergence from scikit-learn (policy ``labels_none_present``): when none of the chosen
  labels occurs in y_true or y_pred, scikit-learn returns the zero-division value for
  every label; this spec raises ``ValueError`` since such a request is almost always
  a mistake (wrong label type or spelling).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.errors import InvalidInput, UndefinedMetricWarning
from metricoracle.spec._arith import Ratio, to_fraction
from metricoracle.spec._averaging import mean, weighted_mean
from metricoracle.spec._backend import Backend, warn_caller
from metricoracle.spec._counting import confusion, multilabel_counts
from metricoracle.spec._formulas import Counts, marginals, one_vs_rest, pool
from metricoracle.spec._inputs import Targets, check_sample_weight, check_targets, resolve_labels
from metricoracle.spec._policy import Average, ZeroDivision, parse_average, parse_zero_division

ALL_AVERAGES: tuple[Average | None, ...] = (None, *Average)


@dataclass(frozen=True, slots=True)
class SetWise:
    """Validated request: per-label (or per-sample) counts in the backend's numbers."""

    counts: Counts[Any]
    average: Average | None
    weights: Any  # sample weights for "samples", else None


def prepare(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any, pos_label: Any,
            average: Any, sample_weight: Any) -> SetWise:
    """Validate inputs and count: the shared first half of every set-wise metric."""
    avg = parse_average(average, allowed=ALL_AVERAGES)
    targets = check_targets(y_true, y_pred)
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    if avg is Average.BINARY:
        if targets.kind.value != "binary":
            raise InvalidInput(
                f"Target is {targets.kind.value} but average='binary'; choose another average: "
                "None, 'micro', 'macro', 'weighted'"
                + (", 'samples'" if targets.multilabel else ""))
        present = targets.classes.tolist()
        if pos_label not in present and len(present) >= 2:
            raise InvalidInput(f"pos_label={pos_label!r} is not a valid label: "
                               f"it should be one of {present}")
        labels = [pos_label]
    else:
        if avg is Average.SAMPLES and not targets.multilabel:
            raise InvalidInput("average='samples' is only meaningful for multilabel data")
        if pos_label not in (None, 1):
            warn_caller(f"pos_label={pos_label!r} is ignored when average={average!r}; "
                        "use labels=[pos_label] to score one class", UserWarning)
    # An absent pos_label of another type (the default 1 on one-label string data) is
    # simply absent: zero counts, as scikit-learn gives.
    all_classes, selected = resolve_labels(targets, labels,
                                           check_type=avg is not Average.BINARY)
    if targets.multilabel:
        raw = _multilabel(targets, selected, weights, samplewise=avg is Average.SAMPLES)
    else:
        # average="binary" with one present label and an absent pos_label: zero counts,
        # as documented above (not the labels_none_present error).
        raw = _single_label(targets, all_classes, selected, weights,
                            allow_absent=avg is Average.BINARY, every_label=labels is None)
    counts = raw.map(backend.arith.vector)
    sample_w = None
    if avg is Average.SAMPLES and weights is not None:
        sample_w = backend.arith.vector(weights)
    return SetWise(counts=counts, average=avg, weights=sample_w)


def _single_label(targets: Targets, all_classes: np.ndarray, selected: np.ndarray,
                  weights: Any, *, allow_absent: bool = False,
                  every_label: bool = False) -> Counts[Any]:
    k = len(all_classes)
    counts = one_vs_rest(marginals(confusion(targets, k, weights)))
    # codes past the present classes are labels appended as absent
    if not (allow_absent or every_label) and int(selected.min()) >= len(targets.classes):
        raise InvalidInput(
            f"none of labels={all_classes[selected].tolist()} occurs in y_true or y_pred "
            f"(present labels: {targets.classes.tolist()})")
    if every_label:
        return counts  # labels=None selects every present label, in order: no copy
    return counts.select(selected)


def _multilabel(targets: Targets, selected: np.ndarray, weights: Any,
                *, samplewise: bool) -> Counts[Any]:
    true, pred = targets.true[:, selected], targets.pred[:, selected]
    return multilabel_counts(true, pred, weights, samplewise=samplewise)


def score(backend: Backend, request: SetWise, formula: Callable[[Counts[Any]], Ratio[Any]],
          policy: ZeroDivision, *, metric: str) -> Any:
    """Apply ``formula`` to the request's counts and reduce as ``request.average`` says."""
    arith = backend.arith
    if_zero = policy.value if backend.exact else policy.float_value()
    counts = pool(request.counts) if request.average is Average.MICRO else request.counts
    ratio = formula(counts)
    if policy.warn and (np.asarray(ratio.den) == 0).any():
        warn_caller(f"{metric} is ill-defined (0/0) for some "
                    f"{'samples' if request.average is Average.SAMPLES else 'labels'} "
                    "and set to 0.0; use zero_division to control this",
                    UndefinedMetricWarning)
    values = arith.div(ratio.num, ratio.den, if_zero=if_zero)
    if request.average is Average.MICRO:
        return backend.scalar(values)
    if request.average is None:
        return backend.per_label(values)
    if request.average is Average.WEIGHTED:
        weights = request.counts.tp + request.counts.fn
    else:
        weights = request.weights  # SAMPLES with sample_weight; None means equal weights
    return _average(backend, values, weights, skip_nan=policy.is_nan)


def _average(backend: Backend, values: Any, weights: Any, *, skip_nan: bool) -> Any:
    values = np.asarray(values, dtype=object if backend.exact else np.float64)
    keep: Any = slice(None)
    if skip_nan:  # only the NaN policy puts NaN among the values
        nan = backend.nan_mask(values)
        if nan.all():
            return backend.scalar(float("nan"))
        keep = ~nan
    if weights is None:
        return backend.scalar(mean(values[keep], backend.arith))
    weights = np.asarray(weights, dtype=object if backend.exact else np.float64)
    return backend.scalar(weighted_mean(values[keep], weights[keep], backend.arith))


def zero_division_policy(zero_division: Any) -> ZeroDivision:
    """Parse ``zero_division`` (re-exported for the public functions)."""
    return parse_zero_division(zero_division)


def as_beta_sq(beta: Any) -> Fraction:
    """β² exactly; β must be a finite real ≥ 0 (β = inf is handled by the caller)."""
    if type(beta) is int and beta >= 0:  # the common case, without the ABC checks below
        return Fraction(beta * beta)
    if isinstance(beta, bool) or not isinstance(beta, int | float | Fraction | np.number):
        raise InvalidInput(f"beta={beta!r} must be a real number ≥ 0")
    if beta != beta or beta < 0:
        raise InvalidInput(f"beta={beta!r} must be ≥ 0")
    return to_fraction(beta) ** 2
