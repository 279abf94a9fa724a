"""Confusion matrices with scikit-learn's names and parameters.

Conventions (scikit-learn 1.9.1, ``sklearn/metrics/_classification.py``):

* ``confusion_matrix``: rows are true labels, columns predicted labels, in the order of
  ``labels`` (default: sorted labels present in y_true or y_pred).  Samples whose true or
  predicted label is not among ``labels`` are dropped (lines 590-596).  At least one of
  ``labels`` must occur in **y_true** (line 568: "At least one label specified must be in
  y_true"); the spec raises the same ``ValueError``.  ``normalize`` divides by row sums
  ("true"), column sums ("pred") or the total ("all"); a zero row, column or total gives
  0, not NaN (``nan_to_num``, line 611).  Multilabel input is rejected (line 556).
* ``multilabel_confusion_matrix``: one 2×2 matrix ``[[TN, FP], [FN, TP]]`` per label (or
  per sample with ``samplewise=True``, multilabel only, line 763).  ``labels`` may name
  absent labels (zero counts).  Divergence ``labels_none_present``: when none of the
  chosen labels occurs in y_true or y_pred, scikit-learn returns all-zero TP/FP/FN; the
  spec raises ``ValueError`` as its set-wise metrics do.

Return types: the exact spec returns numpy ``object`` arrays holding Python ``int`` (unit
or integer weights) or ``Fraction`` (fractional weights, or ``normalize``); the fast spec
returns int64 (float64 for fractional weights or ``normalize``), as scikit-learn does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metricoracle.errors import InvalidInput
from metricoracle.spec._backend import Backend, warn_caller
from metricoracle.spec._counting import confusion, matrix_counts
from metricoracle.spec._inputs import Targets, check_sample_weight, check_targets, resolve_labels
from metricoracle.spec._setwise import _multilabel, _single_label

NORMALIZE_CHOICES = (None, "true", "pred", "all")


def single_label_targets(y_true: Any, y_pred: Any, *, metric: str) -> Targets:
    """``check_targets`` that rejects multilabel data (confusion-matrix based metrics)."""
    targets = check_targets(y_true, y_pred)
    if targets.multilabel:
        raise InvalidInput(f"{metric} does not support multilabel-indicator targets; "
                           "pass 1-D binary or multiclass labels")
    return targets


def restricted_matrix(targets: Targets, labels: Any, weights: Any, *,
                      none_in_true: str) -> tuple[np.ndarray, list[Any]]:
    """The raw confusion matrix over ``labels`` (all present labels when None).

    Samples whose true or predicted label is not chosen are dropped.  Raises
    ``none_in_true`` when ``labels`` is given and none of them occurs in y_true.
    Returns int64, float64 or ``object`` (Fraction) counts and the chosen labels.
    """
    all_classes, selected = resolve_labels(targets, labels)
    chosen = all_classes[selected].tolist()
    n_present = len(targets.classes)
    if labels is None:
        return np.array(confusion(targets, n_present, weights)), chosen  # compact copy
    if targets.matrix is not None:
        in_true = targets.matrix.sum(axis=1) > 0
    else:
        in_true = np.bincount(targets.true, minlength=n_present) > 0
    if not np.any(in_true[selected[selected < n_present]]):
        raise InvalidInput(none_in_true)
    if weights is None and targets.matrix is not None:
        # Dropping the samples whose labels are not chosen keeps the chosen rows/columns.
        return confusion(targets, len(all_classes), None)[np.ix_(selected, selected)], chosen
    k = len(selected)
    position = np.full(max(len(all_classes), 1), -1, dtype=np.int64)
    position[selected] = np.arange(k)
    true, pred = position[targets.true], position[targets.pred]
    keep = (true >= 0) & (pred >= 0)
    if not np.all(keep):
        true, pred = true[keep], pred[keep]
        weights = None if weights is None else weights[keep]
    return matrix_counts(true, pred, k, weights), chosen


def exact_counts(backend: Backend, counts: np.ndarray) -> np.ndarray:
    """Counts as handed to the user: object int/Fraction (exact) or int64/float64 (fast)."""
    if backend.exact:
        return np.asarray(backend.arith.vector(counts), dtype=object)
    return counts


def _confusion_matrix(backend: Backend, y_true: Any, y_pred: Any, *, labels: Any = None,
                      sample_weight: Any = None, normalize: str | None = None) -> np.ndarray:
    """Confusion matrix. Definition: C[i, j] = Σ w over samples with true label i, predicted j.

    Rows and columns follow ``labels`` (default: sorted present labels).  ``normalize``:
    "true" → C[i, j] / Σ_j C[i, j]; "pred" → C[i, j] / Σ_i C[i, j]; "all" → C / Σ C; a zero
    denominator gives 0 (scikit-learn's ``nan_to_num``).  Exact results are ``object``
    arrays of ``int``/``Fraction``; fast results int64 or float64.

    >>> from metricoracle import spec
    >>> spec.confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0]).tolist()
    [[2, 0], [1, 1]]
    >>> spec.confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0], normalize="true").tolist()
    [[Fraction(1, 1), Fraction(0, 1)], [Fraction(1, 2), Fraction(1, 2)]]
    """
    if normalize not in NORMALIZE_CHOICES:
        raise InvalidInput(f"normalize={normalize!r} is not one of None, 'true', 'pred', 'all'")
    targets = single_label_targets(y_true, y_pred, metric="confusion_matrix")
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    raw, _ = restricted_matrix(
        targets, labels, weights,
        none_in_true="none of labels= occurs in y_true: at least one label specified must "
                     "be in y_true (scikit-learn's rule)")
    if raw.shape == (1, 1):
        warn_caller("A single label was found in y_true and y_pred; pass labels= to get "
                    "a confusion matrix of the intended shape", UserWarning)
    if normalize is None:
        return exact_counts(backend, raw)
    arith = backend.arith
    matrix = np.asarray(arith.vector(raw), dtype=object if backend.exact else np.float64)
    if normalize == "true":
        den = matrix.sum(axis=1, keepdims=True)
    elif normalize == "pred":
        den = matrix.sum(axis=0, keepdims=True)
    else:
        den = matrix.sum()
    out = arith.div(matrix, den, if_zero=arith.lift(0))
    return np.asarray(out, dtype=object if backend.exact else np.float64)


def _multilabel_confusion_matrix(backend: Backend, y_true: Any, y_pred: Any, *,
                                 sample_weight: Any = None, labels: Any = None,
                                 samplewise: bool = False) -> np.ndarray:
    """One-vs-rest 2×2 confusion matrices ``[[TN, FP], [FN, TP]]``, one per label.

    Definition: for label ℓ, TP = Σ w·[true = ℓ ∧ pred = ℓ], FP = Σ w·[true ≠ ℓ ∧ pred = ℓ],
    FN = Σ w·[true = ℓ ∧ pred ≠ ℓ], TN = Σ w − TP − FP − FN.  With ``samplewise=True``
    (multilabel only) one matrix per sample over its labels, scaled by its weight.

    >>> from metricoracle import spec
    >>> spec.multilabel_confusion_matrix([0, 1, 1, 0], [0, 1, 0, 0]).tolist()
    [[[1, 1], [0, 2]], [[2, 0], [1, 1]]]
    """
    if not isinstance(samplewise, bool | np.bool_):
        raise InvalidInput(f"samplewise={samplewise!r} must be a bool")
    targets = check_targets(y_true, y_pred)
    weights = check_sample_weight(sample_weight, targets.n_samples, exact=backend.exact)
    all_classes, selected = resolve_labels(targets, labels)
    if targets.multilabel:
        counts = _multilabel(targets, selected, weights, samplewise=bool(samplewise))
    else:
        if samplewise:
            raise InvalidInput("samplewise=True is only available for multilabel-indicator "
                               "targets")
        counts = _single_label(targets, all_classes, selected, weights)
    cells = [np.asarray(getattr(counts, name)) for name in ("tn", "fp", "fn", "tp")]
    if backend.exact:
        stacked = np.stack([np.asarray(c, dtype=object) for c in cells], axis=-1)
        stacked = np.asarray(backend.arith.vector(stacked), dtype=object)
    else:
        stacked = np.stack(cells, axis=-1)
    return stacked.reshape(-1, 2, 2)


IMPLEMENTATIONS = (_confusion_matrix, _multilabel_confusion_matrix)
