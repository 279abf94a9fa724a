"""Mutants that need more than the generated small cases: stateful metrics fed in update
batches, and floating-point accumulation bugs that only large counts expose.

Stateful metrics follow torchmetrics' shape: ``Metric(**options)``, then
``update(y_true, y_pred, sample_weight=...)`` once per batch, then ``compute()``.
The self-test feeds them the query's update batches (see
:class:`metricoracle.selftest._adapters.BatchAdapter`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metricoracle.selftest._reference import (
    Accuracy,
    ConfusionMatrix,
    Data,
    Precision,
    Recall,
    single_label,
    validate,
)
from metricoracle.selftest._registry import mutant


class StatefulMetric:
    """Correct stateful wrapper: keeps every batch, computes once on their concatenation."""

    function: Any = Accuracy()

    def __init__(self, **options: Any) -> None:
        self.options = options
        self.true: list[Any] = []
        self.pred: list[Any] = []
        self.weights: list[float] = []

    def update(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        self.true.extend(y_true)
        self.pred.extend(y_pred)
        self.weights.extend([1.0] * len(y_true) if sample_weight is None else sample_weight)

    def compute(self) -> Any:
        return self.function(self.true, self.pred, sample_weight=self.weights, **self.options)


class StatefulAccuracy(StatefulMetric):
    function = Accuracy()


class StatefulPrecision(StatefulMetric):
    function = Precision()


class CountingAccuracy:
    """Correct count-based stateful accuracy: running hit weight and total weight."""

    def __init__(self, **options: Any) -> None:
        self.hits = 0.0
        self.total = 0.0

    def update(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        data = validate(y_true, y_pred, None)
        w = np.ones(len(data.true)) if sample_weight is None else np.asarray(sample_weight)
        self.hits += float(np.sum(w * Accuracy().hits(data)))
        self.total += float(np.sum(w))

    def compute(self) -> float:
        if self.total <= 0:
            raise ValueError("sample_weight has no positive entry")
        return self.hits / self.total


@mutant("ST01", metric="accuracy_score", batched=True, bug="update() replaces the state "
        "instead of adding to it: only the last batch counts")
class AccuracyResetsState(StatefulAccuracy):
    def update(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        self.true, self.pred, self.weights = [], [], []
        super().update(y_true, y_pred, sample_weight)


@mutant("ST02", metric="precision_score", batched=True, bug="compute() averages the "
        "per-batch precisions instead of pooling the batches' counts")
class PrecisionMeanOfBatches(StatefulPrecision):
    def update(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        self.batches = [*getattr(self, "batches", []), (list(y_true), list(y_pred),
                                                         sample_weight)]

    def compute(self) -> Any:
        values = [self.function(t, p, sample_weight=w, **self.options)
                  for t, p, w in self.batches]
        return np.mean(np.asarray(values, float), axis=0).tolist()


@mutant("ST03", metric="accuracy_score", batched=True, bug="the running total is "
        "overwritten by each batch's size while the hits accumulate")
class AccuracyTotalReset(CountingAccuracy):
    def update(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        self.total = 0.0
        super().update(y_true, y_pred, sample_weight)


@mutant("FP01", metric="precision_score", bug="counts accumulated sample by sample in "
        "float32 (a torch `.float()` habit): integers above 2**24 are lost")
class PrecisionFloat32Counts(Precision):
    def count(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        w32 = data.weights.astype(np.float32)
        out = []
        for label in chosen:
            t, p = self.indicators(data, label)
            cells = np.zeros(4, np.float32)
            kinds = (2 * (1 - t) + (1 - p)).astype(int)  # 0 TP, 1 FN, 2 FP, 3 TN
            np.add.at(cells, kinds, w32)
            out.append([cells[0], cells[2], cells[1], cells[3]])
        tp, fp, fn, tn = np.array(out, np.float64).reshape(-1, 4).T
        return tp, fp, fn, tn


@mutant("FP02", metric="confusion_matrix", bug="counts stored in uint8 (as image masks "
        "are): a cell wraps around past 255 samples")
class ConfusionUint8(ConfusionMatrix):
    def __call__(self, y_true: Any, y_pred: Any, *, labels: Any = None,
                 sample_weight: Any = None) -> list[list[float]]:
        data = single_label(y_true, y_pred, sample_weight)
        chosen = data.classes if labels is None else list(labels)
        if labels is not None and not set(labels) & set(data.true):
            raise ValueError("at least one label specified must be in y_true")
        index = {label: i for i, label in enumerate(chosen)}
        matrix = np.zeros((len(chosen), len(chosen)), np.uint8)
        for t, p, w in zip(data.true, data.pred, data.weights, strict=True):
            if t in index and p in index:
                matrix[index[t], index[p]] += np.uint8(int(w) % 256)
        if np.any(data.weights != np.round(data.weights)):
            return np.asarray(super().__call__(y_true, y_pred, labels=labels,
                                               sample_weight=sample_weight)).tolist()
        return matrix.astype(float).tolist()


@mutant("FP03", metric="recall_score", bug="computed and returned in float32 while "
        "claiming float64 results")
class RecallFloat32(Recall):
    def divide(self, num: Any, den: Any, zd: float) -> np.ndarray:
        num32 = np.atleast_1d(np.asarray(num, np.float32))
        den32 = np.atleast_1d(np.asarray(den, np.float32))
        out = np.full(num32.shape, zd, np.float32)
        np.divide(num32, den32, out=out, where=den32 != 0)
        return out.astype(np.float64)
