"""Keras 3 metric classes on the torch backend, ``update_state`` per batch (with weights).

Read against keras 3.15.1 (``keras/src/metrics/{confusion_metrics,f_score_metrics,
accuracy_metrics}.py``): ``Precision``/``Recall`` threshold with ``y_pred > threshold``
(ties negative) and divide with ``divide_no_nan`` (0/0 is 0); ``F1Score``/``FBetaScore``
take one-hot/multilabel rows and add an epsilon to denominators.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np
import torch

from metricoracle.oracle._query import InputKind, Query, Task
from metricoracle.oracle.adapters import _torch_inputs as ti
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported, Value

torch.set_num_threads(1)


class KerasAdapter:
    """``keras.metrics`` classes; multiclass labels are sent one-hot where keras wants rows."""

    name: ClassVar[str] = "keras"
    version: ClassVar[str] = keras.__version__

    def support(self, q: Query) -> Support:
        if keras.backend.backend() != "torch":
            return Unsupported(f"keras backend is {keras.backend.backend()}, not torch")
        if q.string_labels or q.labels is not None or q.ignore_index is not None:
            return Unsupported("string labels / labels= / ignore_index")
        if q.kind is InputKind.LOGITS:
            return Unsupported("logits")
        if q.zero_division not in ("warn", 0):
            return Unsupported("zero_division other than 0")
        if q.shape is not None and q.batches:
            # each batch is sent as (-1, *shape[1:]): rows of the multidimensional data
            row = int(np.prod(q.shape[1:]))
            if any(size % row for size in q.batches):
                return Unsupported("batches that split a row of the multidimensional shape")
        if q.metric in ("precision_score", "recall_score"):
            if q.task is Task.BINARY and q.average == "binary" and q.pos_label == 1:
                return SUPPORTED
            return Unsupported("keras Precision/Recall: binary, pos_label=1 only")
        if q.metric in ("f1_score", "fbeta_score"):
            if q.task is Task.BINARY or q.average not in ("micro", "macro", "weighted", None):
                return Unsupported("F1Score: multiclass/multilabel averages only")
            if q.shape is not None or (
                q.task is Task.MULTICLASS and q.kind is not InputKind.LABELS
            ):
                return Unsupported("multidimensional / scores")
            if q.task is Task.MULTICLASS:
                count = ti.class_count(q)
                if isinstance(count, Unsupported):
                    return count
            return SUPPORTED
        if (
            q.metric == "accuracy_score"
            and q.task is not Task.MULTILABEL
            and q.kind is not InputKind.SCORES
        ):
            return SUPPORTED
        if q.metric == "top_k_accuracy_score" and q.shape is None:
            # the spec is told labels=range(num_classes); without num_classes that matches
            # the score columns keras ranks only when the labels are exactly 0..K-1
            count = ti.class_count(q)
            return count if isinstance(count, Unsupported) else SUPPORTED
        return Unsupported(f"no keras metric mapped for {q.metric} on {q.task.value} data")

    def _metric(self, q: Query) -> Any:
        if q.metric == "precision_score":
            return keras.metrics.Precision(thresholds=q.threshold)
        if q.metric == "recall_score":
            return keras.metrics.Recall(thresholds=q.threshold)
        if q.metric in ("f1_score", "fbeta_score"):
            threshold = 0.5 if q.task is Task.MULTILABEL else None  # None: argmax per row
            if q.kind is InputKind.PROBABILITIES:
                threshold = q.threshold
            beta = q.beta if q.metric == "fbeta_score" else 1.0
            return keras.metrics.FBetaScore(average=q.average, beta=beta, threshold=threshold)
        if q.metric == "accuracy_score":
            if q.kind is InputKind.PROBABILITIES:
                return keras.metrics.BinaryAccuracy(threshold=q.threshold)
            return keras.metrics.Accuracy()
        return keras.metrics.SparseTopKCategoricalAccuracy(k=q.top_k)

    def _arrays(self, q: Query, part: slice) -> tuple[np.ndarray, np.ndarray]:
        y_true = np.asarray(q.y_true[part])
        if q.kind is not InputKind.LABELS:
            y_pred = np.asarray(q.scores[part], dtype="float32")
        else:
            y_pred = np.asarray(q.y_pred[part])
        if q.metric in ("f1_score", "fbeta_score") and q.task is Task.MULTICLASS:
            # one-hot rows indexed by class 0..K-1 (keras 3.15.1 FBetaScore wants
            # (batch, num_classes) rows, keras/src/metrics/f_score_metrics.py), so the width is
            # the class count, not the number of distinct labels; support() checked it
            eye = np.eye(ti.supported_class_count(q), dtype="float32")
            return eye[y_true], eye[y_pred]
        if q.shape is not None:
            # a batch is whole rows of the multidimensional data (the whole data when there
            # are no batches: then this is q.shape itself)
            rows = (-1, *q.shape[1:])
            return y_true.reshape(rows), y_pred.reshape(rows)
        return y_true.astype("float32"), y_pred.astype("float32")

    def run(self, q: Query) -> Any:
        metric = self._metric(q)
        for part in q.batch_slices():
            y_true, y_pred = self._arrays(q, part)
            weight = (
                None
                if q.sample_weight is None
                else np.asarray(q.sample_weight[part], dtype="float32")
            )
            if weight is not None and q.shape is not None:
                weight = weight.reshape(y_true.shape)  # one weight per element, as flattened
            metric.update_state(y_true, y_pred, sample_weight=weight)
        result = keras.ops.convert_to_numpy(metric.result())
        return Value(result.tolist(), str(result.dtype))
