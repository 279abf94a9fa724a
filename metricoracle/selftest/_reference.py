"""Correct metric implementations in plain numpy, written the way libraries write them.

These are the *unmutated* programs: every mutant in the catalogue is one of these with a
single realistic bug.  They are deliberately independent of :mod:`metricoracle.spec`
(no shared code, floats instead of fractions), so that the oracle judges them as it would
judge any third-party library.  The self-test checks that each of them agrees with the
spec (the "null mutant" control): a mutant is only meaningfully killed when the program
it was derived from survives.

Each pipeline is a small class whose steps are methods, so a mutant overrides exactly
one step (the bug) and inherits the rest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

NAN = float("nan")


@dataclass(frozen=True, slots=True)
class Data:
    """Validated targets: labels as given, weights as float64, the kind of target."""

    true: list[Any]
    pred: list[Any]
    weights: np.ndarray
    multilabel: bool
    classes: list[Any]  # sorted labels present in y_true or y_pred (columns if multilabel)

    @property
    def binary(self) -> bool:
        return not self.multilabel and len(self.classes) <= 2


def validate(y_true: Sequence[Any], y_pred: Sequence[Any], sample_weight: Any) -> Data:
    """The checks every metric shares (the ones the generated data can trip)."""
    true, pred = list(y_true), list(y_pred)
    if len(true) != len(pred) or not true:
        raise ValueError("y_true and y_pred must be non-empty and of equal length")
    multilabel = isinstance(true[0], list | tuple)
    if multilabel != isinstance(pred[0], list | tuple):
        raise ValueError("mix of multilabel and single-label targets")
    weights = np.ones(len(true)) if sample_weight is None else np.asarray(sample_weight, float)
    if len(weights) != len(true) or np.any(weights < 0) or not np.any(weights > 0):
        raise ValueError("sample_weight must be non-negative with a positive entry")
    if multilabel:
        classes: list[Any] = list(range(len(true[0])))
    else:
        classes = sorted(set(true) | set(pred))
    return Data(true, pred, weights, multilabel, classes)


def zero_division_value(zero_division: Any) -> float:
    """'warn' means 0 (plus a warning, which a library would emit here)."""
    return 0.0 if zero_division == "warn" else float(zero_division)


def _family(labels: Sequence[Any]) -> set[bool]:
    """{True} for string labels, {False} for numbers (mixed: both)."""
    return {isinstance(label, str) for label in labels}


# ---- set-wise metrics: precision, recall, F-beta, Jaccard, specificity -----------------
class SetWise:
    """scikit-learn's ``precision_recall_fscore_support`` pipeline for one formula.

    Steps: :meth:`select` the labels, :meth:`count` per label, :meth:`ratio` and
    :meth:`divide` per label, :meth:`reduce` by ``average``.
    """

    formula = "precision"

    def __call__(self, y_true: Any, y_pred: Any, *, labels: Any = None, pos_label: Any = 1,
                 average: str | None = "binary", sample_weight: Any = None,
                 zero_division: Any = "warn", beta: float = 1.0) -> Any:
        data = validate(y_true, y_pred, sample_weight)
        chosen = self.select(data, labels, pos_label, average)
        zd = zero_division_value(zero_division)
        if average == "samples":
            tp, fp, fn, tn = self.count_samples(data, chosen)
            values = self.divide(*self.ratio(tp, fp, fn, tn, beta), zd)
            return self.reduce(values, tp, fp, fn, "samples", data)
        tp, fp, fn, tn = self.count(data, chosen)
        if average == "micro":
            tp, fp, fn, tn = self.pool(tp, fp, fn, tn)
            return float(self.divide(*self.ratio(tp, fp, fn, tn, beta), zd)[0])
        values = self.divide(*self.ratio(tp, fp, fn, tn, beta), zd)
        if average in (None, "binary"):
            return float(values[0]) if average == "binary" else values.tolist()
        return self.reduce(values, tp, fp, fn, average, data)

    # -- steps ---------------------------------------------------------------------------
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        if average == "binary":
            if not data.binary:
                raise ValueError("average='binary' needs binary targets")
            if pos_label not in data.classes and len(data.classes) >= 2:
                raise ValueError(f"pos_label={pos_label!r} is not a valid label")
            return [pos_label]
        if average == "samples" and not data.multilabel:
            raise ValueError("average='samples' needs multilabel targets")
        chosen = list(data.classes) if labels is None else list(labels)
        if not data.multilabel and _family(chosen) != _family(data.classes):
            raise TypeError("labels= and the data hold different label types")
        if not data.multilabel and not set(chosen) & set(data.classes):
            raise ValueError("none of labels occurs in the data")
        return chosen

    def indicators(self, data: Data, label: Any) -> tuple[np.ndarray, np.ndarray]:
        """0/1 arrays: does sample i have ``label`` in y_true, in y_pred."""
        if data.multilabel:
            return (np.array([row[label] for row in data.true], float),
                    np.array([row[label] for row in data.pred], float))
        return (np.array([t == label for t in data.true], float),
                np.array([p == label for p in data.pred], float))

    def count(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        w = data.weights
        rows = []
        for label in chosen:
            t, p = self.indicators(data, label)
            # TN counted directly: total - TP - FP - FN can leave 1e-17 behind in floats
            rows.append([np.sum(w * t * p), np.sum(w * (1 - t) * p),
                         np.sum(w * t * (1 - p)), np.sum(w * (1 - t) * (1 - p))])
        tp, fp, fn, tn = np.array(rows, float).reshape(-1, 4).T
        return tp, fp, fn, tn

    def count_samples(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        t = np.array(data.true, float)[:, chosen]
        p = np.array(data.pred, float)[:, chosen]
        # scaled by the sample's weight (as scikit-learn does): a zero-weight sample has
        # all-zero counts, so its value is the zero_division value
        w = data.weights
        tp, fp, fn = (w * (t * p).sum(1), w * ((1 - t) * p).sum(1), w * (t * (1 - p)).sum(1))
        return tp, fp, fn, w * ((1 - t) * (1 - p)).sum(1)

    def pool(self, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
             tn: np.ndarray) -> tuple[np.ndarray, ...]:
        return (np.array([tp.sum()]), np.array([fp.sum()]), np.array([fn.sum()]),
                np.array([tn.sum()]))

    def ratio(self, tp: Any, fp: Any, fn: Any, tn: Any, beta: float) -> tuple[Any, Any]:
        if self.formula == "precision":
            return tp, tp + fp
        if self.formula == "recall":
            return tp, tp + fn
        if self.formula == "f_beta":
            b2 = beta * beta
            return (1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp
        if self.formula == "jaccard":
            return tp, tp + fp + fn
        return tn, tn + fp  # specificity

    def divide(self, num: Any, den: Any, zd: float) -> np.ndarray:
        num, den = np.atleast_1d(np.asarray(num, float)), np.atleast_1d(np.asarray(den, float))
        out = np.full(num.shape, zd)
        np.divide(num, den, out=out, where=den != 0)
        return out

    def reduce(self, values: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
               average: str, data: Data) -> float:
        keep = ~np.isnan(values)
        if not keep.any():
            return NAN
        if average == "macro":
            return float(values[keep].mean())
        weights = tp + fn if average == "weighted" else data.weights
        w = weights[keep]
        if w.sum() == 0:
            return float(values[keep].mean())
        return float(np.sum(w * values[keep]) / w.sum())


class Precision(SetWise):
    formula = "precision"


class Recall(SetWise):
    formula = "recall"


class FBeta(SetWise):
    formula = "f_beta"


class F1(SetWise):
    """f1_score: F-beta with beta = 1 (the oracle passes no beta to f1_score)."""

    formula = "f_beta"


class Jaccard(SetWise):
    formula = "jaccard"


class Specificity(SetWise):
    formula = "specificity"


# ---- whole-matrix metrics ---------------------------------------------------------------
def confusion(data: Data, labels: list[Any]) -> np.ndarray:
    """Weighted C[i, j]: true ``labels[i]`` predicted ``labels[j]``; other samples dropped."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)))
    for t, p, w in zip(data.true, data.pred, data.weights, strict=True):
        if t in index and p in index:
            matrix[index[t], index[p]] += w
    return matrix


def single_label(y_true: Any, y_pred: Any, sample_weight: Any) -> Data:
    data = validate(y_true, y_pred, sample_weight)
    if data.multilabel:
        raise ValueError("multilabel targets are not supported")
    return data


def restricted(data: Data, labels: Any) -> np.ndarray:
    """The confusion matrix over ``labels``; one of them must occur in y_true."""
    if labels is None:
        return confusion(data, data.classes)
    if not set(labels) & set(data.true):
        raise ValueError("at least one label specified must be in y_true")
    return confusion(data, list(labels))


class Accuracy:
    """Accuracy (multilabel: exact-match subset accuracy)."""

    def hits(self, data: Data) -> np.ndarray:
        return np.array([list(t) == list(p) if data.multilabel else t == p
                         for t, p in zip(data.true, data.pred, strict=True)], float)

    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = validate(y_true, y_pred, sample_weight)
        return float(np.sum(data.weights * self.hits(data)) / np.sum(data.weights))


class ZeroOneLoss(Accuracy):
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = validate(y_true, y_pred, sample_weight)
        return float(np.sum(data.weights * (1 - self.hits(data))) / np.sum(data.weights))


class HammingLoss:
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = validate(y_true, y_pred, sample_weight)
        if not data.multilabel:
            wrong = np.array([t != p for t, p in zip(data.true, data.pred, strict=True)], float)
            return float(np.sum(data.weights * wrong) / np.sum(data.weights))
        t, p = np.array(data.true, float), np.array(data.pred, float)
        cells = np.abs(t - p).sum(axis=1)
        return float(np.sum(data.weights * cells) / (t.shape[1] * np.sum(data.weights)))


class BalancedAccuracy:
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = single_label(y_true, y_pred, sample_weight)
        matrix = confusion(data, data.classes)
        support = matrix.sum(axis=1)
        present = support > 0  # classes seen only in y_pred are skipped
        return float(np.mean(np.diag(matrix)[present] / support[present]))


class MatthewsCorrcoef:
    def parts(self, matrix: np.ndarray) -> tuple[float, float]:
        t, p = matrix.sum(axis=1), matrix.sum(axis=0)
        # each factor uses its own total, so one class only gives exactly 0, not -1e-16
        s_t, s_p = t.sum(), p.sum()
        num = np.trace(matrix) * s_t - np.dot(t, p)
        den_sq = (s_p * s_p - np.dot(p, p)) * (s_t * s_t - np.dot(t, t))
        return float(num), float(den_sq)

    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = single_label(y_true, y_pred, sample_weight)
        num, den_sq = self.parts(confusion(data, data.classes))
        return 0.0 if den_sq <= 0 else num / math.sqrt(den_sq)


class CohenKappa:
    def __call__(self, y1: Any, y2: Any, *, labels: Any = None,
                 sample_weight: Any = None) -> float:
        data = single_label(y1, y2, sample_weight)
        matrix = self.matrix(data, labels)
        return self.kappa(matrix)

    def matrix(self, data: Data, labels: Any) -> np.ndarray:
        return restricted(data, labels)

    def kappa(self, matrix: np.ndarray) -> float:
        s = matrix.sum()
        if s == 0:
            return NAN
        expected = np.outer(matrix.sum(axis=1), matrix.sum(axis=0)) / s
        w = 1 - np.eye(len(matrix))
        den = np.sum(w * expected)
        return NAN if den == 0 else float(1 - np.sum(w * matrix) / den)


class ConfusionMatrix:
    def __call__(self, y_true: Any, y_pred: Any, *, labels: Any = None,
                 sample_weight: Any = None) -> list[list[float]]:
        data = single_label(y_true, y_pred, sample_weight)
        return restricted(data, labels).tolist()


class TopKAccuracy:
    def __call__(self, y_true: Any, y_score: Any, *, k: int = 2, labels: Any = None,
                 sample_weight: Any = None) -> float:
        scores = np.asarray(y_score, float)
        classes = list(range(scores.shape[1])) if labels is None else list(labels)
        w = np.ones(len(y_true)) if sample_weight is None else np.asarray(sample_weight, float)
        if not np.any(w > 0):
            raise ValueError("sample_weight has no positive entry")
        hits = np.array([self.hit(row, classes.index(t), k) for t, row in
                         zip(y_true, scores, strict=True)], float)
        return float(np.sum(w * hits) / np.sum(w))

    def hit(self, row: np.ndarray, column: int, k: int) -> bool:
        return int(np.sum(row > row[column])) < k
