"""Metrics of scores, and named conversions from scores to labels.

Many library bugs live in the step from probabilities or logits to labels, so the
spec names each convention instead of hiding it:

* :func:`threshold_to_labels` -- binary/multilabel thresholding.  A score exactly equal
  to the threshold is negative with ``ties="negative"`` (``score > threshold``: used by
  torchmetrics 1.9 ``_binary_stat_scores_format``/``_multilabel_stat_scores_format``,
  keras 3 ``metrics_utils`` (``ops.greater``), and scikit-learn's
  ``top_k_accuracy_score`` with k = 1 on binary data) and positive with
  ``ties="positive"`` (``score >= threshold``: torcheval 0.0.7
  ``torch.where(input < threshold, 0, 1)``).  ignite's documented recipe
  ``torch.round(y_pred)`` rounds half to even, i.e. 0.5 → 0 (``ties="negative"`` at 0.5).
* ``scale``: thresholds apply to the given scale.  ``"logit"`` compares logits with
  logit(threshold) = log(t / (1 − t)) (exactly 0 for t = 1/2), which is the same
  decision as sigmoid(x) > t in real arithmetic; ``"auto"`` is torchmetrics' rule
  (``normalize_logits_if_needed``: apply sigmoid when any score lies outside [0, 1]).
* :func:`top_k_to_multihot` -- multiclass scores → multi-hot top-k predictions (what a
  multilabel precision/recall/F1 over the top-k set sees), with a named tie rule.
* :func:`top_k_to_labels` -- torchmetrics 1.9 ``_refine_preds_oh``: a multiclass
  sample's prediction is its true class when that is in the top k, else its top-1 class.

Scores are compared as numpy float64, as scikit-learn (``check_array``) and the torch
libraries (float32 or float64 tensors) do; comparisons of floats are exact.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from metricoracle.errors import InvalidInput, InvalidInputType, UndefinedMetricWarning
from metricoracle.spec import _formulas as F  # noqa: N812 (the lead's alias)
from metricoracle.spec._backend import Backend, warn_caller
from metricoracle.spec._inputs import _label_family, as_label_array, check_sample_weight

TIES_THRESHOLD = ("negative", "positive")
TIES_TOP_K = ("high_index", "low_index", "all")
SCALES = ("probability", "logit", "auto")


def check_scores(scores: Any, name: str = "y_score") -> np.ndarray:
    """``scores`` as a finite float64 array of 1 or 2 dimensions."""
    if scores is None or isinstance(scores, str | bytes) or np.isscalar(scores):
        raise InvalidInputType(f"{name}={scores!r} must be an array-like of numbers")
    try:
        arr = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputType(f"{name} must hold real numbers: {exc}") from None
    if arr.ndim not in (1, 2):
        raise InvalidInput(f"{name} has {arr.ndim} dimensions; expected 1-D or 2-D scores")
    if arr.shape[0] == 0:
        raise InvalidInput(f"empty input: {name} has no samples")
    if not np.all(np.isfinite(arr)):
        raise InvalidInput(f"{name} contains NaN or infinite values")
    return arr


def check_k(k: Any) -> int:
    """``k`` as an int ≥ 1."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise InvalidInputType(f"k={k!r} must be an integer ≥ 1")
    if k < 1:
        raise InvalidInput(f"k={k!r} must be ≥ 1")
    return int(k)


def _top_k_accuracy_score(backend: Backend, y_true: Any, y_score: Any, *, k: int = 2,
                          normalize: bool = True, sample_weight: Any = None,
                          labels: Any = None) -> Any:
    """Top-k accuracy. Definition: Σ w·[true class among the k highest scores] / Σ w.

    As scikit-learn 1.9.1 (``sklearn/metrics/_ranking.py``, lines 2159-2247; ties line 2239,
    binary threshold line 2233):

    * y_true is *binary* (≤ 2 distinct labels, unless ``labels`` has more than 2) or
      *multiclass*; y_score is 1-D (score of the greater label) for binary and
      ``(n_samples, n_classes)`` for multiclass; columns follow ``labels`` (which must be
      unique and sorted and contain every y_true label) or the sorted y_true labels.
    * Ties (multiclass): classes are ranked by a *stable* ascending argsort, reversed, so
      among equal scores the class with the **higher index** ranks first
      (``top_k_to_multihot(..., ties="high_index")``).
    * Binary with k = 1: predicted positive iff ``score > threshold`` with threshold 0.5
      when all scores lie in [0, 1], else 0 (a score equal to the threshold is
      negative); binary with k ≥ 2 counts every sample as a hit.
    * k ≥ n_classes gives a perfect score and an ``UndefinedMetricWarning``.

    ``normalize=False`` returns the weighted number of hits.  Divergence
    ``top_k_zero_weights``: scikit-learn returns 0.0 for all-zero weights with
    ``normalize=False`` (and raises ``ZeroDivisionError`` with ``normalize=True``); the
    spec raises ``ValueError`` in both cases.

    >>> from metricoracle import spec
    >>> spec.top_k_accuracy_score([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2],
    ...                           [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], k=2)
    Fraction(3, 4)
    """
    k = check_k(k)
    if not isinstance(normalize, bool | np.bool_):
        raise InvalidInputType(f"normalize={normalize!r} must be True or False")
    true = as_label_array(y_true, "y_true")
    if true.ndim != 1:
        raise InvalidInput("top_k_accuracy_score needs 1-D y_true (binary or multiclass), got "
                           f"shape {true.shape}")
    if true.shape[0] == 0:
        raise InvalidInput("empty input: y_true has no samples")
    _label_family(true, "y_true")
    scores = check_scores(y_score)
    y_classes = np.unique(true)
    binary = len(y_classes) <= 2 and (labels is None or np.size(labels) <= 2)
    if binary:
        if scores.ndim == 2 and scores.shape[1] != 1:
            raise InvalidInput(f"y_true is binary but y_score has {scores.shape[1]} columns; "
                               "pass a 1-D score of the positive class, or labels= with all "
                               "classes")
        scores = scores.ravel()
    elif scores.ndim != 2:
        raise InvalidInput("y_score must have shape (n_samples, n_classes) for multiclass "
                           f"y_true; got shape {scores.shape}")
    if scores.shape[0] != true.shape[0]:
        raise InvalidInput(f"y_true and y_score have different numbers of samples: "
                           f"{true.shape[0]} != {scores.shape[0]}")
    n_score_classes = scores.shape[1] if scores.ndim == 2 else 2
    if labels is None:
        classes = y_classes
        if len(classes) != n_score_classes:
            raise InvalidInput(f"y_true has {len(classes)} classes but y_score has "
                               f"{n_score_classes}; pass labels= with all classes")
    else:
        classes = as_label_array(labels, "labels")
        if classes.ndim != 1 or classes.size == 0:
            raise InvalidInput(f"labels must be a non-empty 1-D list, got shape {classes.shape}")
        if _label_family(classes, "labels") != _label_family(true, "y_true"):
            raise InvalidInputType("labels and y_true hold different label types")
        unique = np.unique(classes)
        if len(unique) != len(classes):
            raise InvalidInput("labels must be unique")
        if not np.array_equal(unique, classes):
            raise InvalidInput("labels must be sorted (they index the columns of y_score)")
        if len(classes) != n_score_classes:
            raise InvalidInput(f"labels has {len(classes)} entries but y_score has "
                               f"{n_score_classes} classes")
        if len(np.setdiff1d(true, classes)):
            raise InvalidInput("y_true contains labels not in labels=")
    weights = check_sample_weight(sample_weight, true.shape[0], exact=backend.exact)
    n_classes = len(classes)
    if k >= n_classes:
        warn_caller(f"k={k} ≥ n_classes={n_classes} gives a perfect score",
                    UndefinedMetricWarning)
    encoded = np.searchsorted(classes, true)
    if binary:
        if k == 1:
            in_unit = scores.min() >= 0 and scores.max() <= 1
            predicted = threshold_to_labels(scores, 0.5 if in_unit else 0.0,
                                            ties="negative", scale="raw")
            hit = predicted == encoded
        else:
            hit = np.ones(true.shape[0], dtype=bool)
    else:
        top = top_k_to_multihot(scores, min(k, n_classes), ties="high_index")
        hit = top[np.arange(true.shape[0]), encoded] == 1
    vec = backend.arith.vector
    hits = vec(int(hit.sum())) if weights is None else vec(weights[hit].sum())
    if not normalize:
        return backend.scalar(hits)
    total = vec(true.shape[0]) if weights is None else vec(weights.sum())
    ratio = F.hit_rate(hits, total)
    return backend.scalar(backend.arith.div(ratio.num, ratio.den, if_zero=float("nan")))


def threshold_to_labels(scores: Any, threshold: float = 0.5, *, ties: str = "negative",
                        scale: str = "probability") -> np.ndarray:
    """Binary or multilabel predictions from scores: 1 where the score passes ``threshold``.

    Args:
        scores: 1-D (binary) or 2-D (multilabel) array of finite scores.
        threshold: on the probability scale for ``scale="probability"``, ``"logit"`` and
            ``"auto"``; used as a float64.
        ties: what a score exactly equal to the threshold becomes: ``"negative"``
            (``score > threshold``; torchmetrics, keras, scikit-learn) or ``"positive"``
            (``score >= threshold``; torcheval).
        scale: ``"probability"`` (scores must lie in [0, 1]), ``"logit"`` (scores are
            logits, compared with log(t/(1−t)); needs 0 < t < 1), ``"auto"``
            (torchmetrics: logits when any score is outside [0, 1]) or ``"raw"`` (no
            check: compare the scores with the threshold as given).

    Returns:
        An int64 array of 0/1 of the shape of ``scores``.

    Raises:
        ValueError: NaN/inf scores, probabilities outside [0, 1], a bad ``ties``/``scale``.

    >>> threshold_to_labels([0.2, 0.5, 0.7]).tolist()
    [0, 0, 1]
    >>> threshold_to_labels([0.2, 0.5, 0.7], ties="positive").tolist()
    [0, 1, 1]
    >>> threshold_to_labels([-1.0, 0.0, 2.0], scale="logit").tolist()
    [0, 0, 1]
    """
    if ties not in TIES_THRESHOLD:
        raise InvalidInput(f"ties={ties!r} is not one of {TIES_THRESHOLD}")
    if scale not in (*SCALES, "raw"):
        raise InvalidInput(f"scale={scale!r} is not one of {(*SCALES, 'raw')}")
    arr = check_scores(scores, "scores")
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) \
            or not math.isfinite(threshold):
        raise InvalidInput(f"threshold={threshold!r} must be a finite real number")
    t = float(threshold)
    in_unit = bool(np.all((arr >= 0) & (arr <= 1)))
    if scale == "auto":
        scale = "probability" if in_unit else "logit"
    if scale == "probability" and not in_unit:
        raise InvalidInput("scores lie outside [0, 1]; pass scale='logit' for logits or "
                           "scale='raw' to threshold them as given")
    if scale == "logit":
        if not 0 < t < 1:
            raise InvalidInput(f"threshold={threshold!r} must be in (0, 1) for scale='logit'")
        t = 0.0 if t == 0.5 else math.log(t / (1 - t))
    passed = arr >= t if ties == "positive" else arr > t
    return passed.astype(np.int64)


def _ranking(scores: np.ndarray, ties: str) -> np.ndarray:
    """Column indices of each row, best first, with the named tie rule."""
    if ties == "high_index":
        # scikit-learn: np.argsort(y_score, axis=1, kind="mergesort")[:, ::-1]
        return np.argsort(scores, axis=1, kind="stable")[:, ::-1]
    return np.argsort(-scores, axis=1, kind="stable")  # equal scores: lower index first


def top_k_to_multihot(scores: Any, k: int, *, ties: str = "high_index") -> np.ndarray:
    """Multi-hot top-k predictions of multiclass scores (n_samples, n_classes).

    Args:
        scores: 2-D array of finite scores (probabilities or logits: only order matters).
        k: how many classes each sample predicts, 1 ≤ k ≤ n_classes.
        ties: which of equally scored classes at the cut are kept: ``"high_index"``
            (scikit-learn's ``top_k_accuracy_score``: stable ascending argsort, reversed),
            ``"low_index"`` (numpy/torch ``argmax`` for k = 1: first maximum), or
            ``"all"`` (every class scoring at least the k-th largest score, so a row may
            have more than k ones).  ``torch.topk``'s order among ties is unspecified.

    Returns:
        An int64 0/1 array of the shape of ``scores``.

    >>> top_k_to_multihot([[0.1, 0.4, 0.4, 0.1]], 1).tolist()
    [[0, 0, 1, 0]]
    >>> top_k_to_multihot([[0.1, 0.4, 0.4, 0.1]], 1, ties="low_index").tolist()
    [[0, 1, 0, 0]]
    >>> top_k_to_multihot([[0.1, 0.4, 0.4, 0.1]], 1, ties="all").tolist()
    [[0, 1, 1, 0]]
    """
    if ties not in TIES_TOP_K:
        raise InvalidInput(f"ties={ties!r} is not one of {TIES_TOP_K}")
    arr = check_scores(scores, "scores")
    if arr.ndim != 2:
        raise InvalidInput(f"scores must be 2-D (n_samples, n_classes), got shape {arr.shape}")
    k = check_k(k)
    if k > arr.shape[1]:
        raise InvalidInput(f"k={k} exceeds the number of classes ({arr.shape[1]})")
    out = np.zeros(arr.shape, dtype=np.int64)
    if ties == "all":
        kth = -np.sort(-arr, axis=1)[:, k - 1 : k]
        out[arr >= kth] = 1
        return out
    top = _ranking(arr, ties)[:, :k]
    np.put_along_axis(out, top, 1, axis=1)
    return out


def top_k_to_labels(y_true: Any, scores: Any, k: int, *,
                    ties: str = "low_index") -> np.ndarray:
    """Single-label predictions that credit a top-k hit (torchmetrics' ``_refine_preds_oh``).

    Definition: for each sample, the predicted class index is its true class when that
    is among its k best-scored classes, else its best-scored class.  torchmetrics 1.9
    feeds these to multiclass precision/recall/F1 with ``top_k > 1`` (one prediction per
    sample, not k).  ``y_true`` holds class indices 0 … n_classes − 1.

    >>> top_k_to_labels([2, 0], [[0.1, 0.5, 0.4], [0.1, 0.5, 0.4]], 2).tolist()
    [2, 1]
    """
    arr = check_scores(scores, "scores")
    if arr.ndim != 2:
        raise InvalidInput(f"scores must be 2-D (n_samples, n_classes), got shape {arr.shape}")
    true = as_label_array(y_true, "y_true")
    if true.ndim != 1 or true.shape[0] != arr.shape[0]:
        raise InvalidInput(f"y_true must be 1-D with {arr.shape[0]} class indices, got shape "
                           f"{true.shape}")
    if true.dtype.kind not in "iu" or np.any(true < 0) or np.any(true >= arr.shape[1]):
        raise InvalidInput(f"y_true must hold class indices in [0, {arr.shape[1]})")
    multihot = top_k_to_multihot(arr, k, ties=ties)
    rows = np.arange(arr.shape[0])
    best = _ranking(arr, "low_index" if ties == "all" else ties)[:, 0]
    return np.where(multihot[rows, true] == 1, true, best).astype(np.int64)


CONVERSIONS = (threshold_to_labels, top_k_to_multihot, top_k_to_labels)
IMPLEMENTATIONS = (_top_k_accuracy_score,)
