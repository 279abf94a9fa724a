"""pytorch-ignite: ``Precision``, ``Recall``, ``Accuracy``, ``ConfusionMatrix``,
``TopKCategoricalAccuracy``, fed one ``update((y_pred, y))`` per batch.

Read against pytorch-ignite 0.5.5 (``ignite/metrics/{precision,recall,accuracy,
confusion_matrix,top_k_categorical_accuracy}.py``): multiclass predictions are class
scores (argmax), so hard labels are sent one-hot; ``average=False`` is per-class.
"""

from __future__ import annotations

from typing import Any, ClassVar

import ignite
import ignite.metrics as im
import torch

from metricoracle.oracle._query import InputKind, Query, Task
from metricoracle.oracle.adapters import _torch_inputs as ti
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported

_AVERAGE = {
    None: False,
    "micro": "micro",
    "macro": "macro",
    "weighted": "weighted",
    "samples": "samples",
}


class IgniteAdapter:
    """One ignite metric per query; ``update`` per batch, then ``compute``."""

    name: ClassVar[str] = "ignite"
    version: ClassVar[str] = ignite.__version__

    def support(self, q: Query) -> Support:
        if q.metric not in (
            "precision_score",
            "recall_score",
            "accuracy_score",
            "confusion_matrix",
            "top_k_accuracy_score",
        ):
            return Unsupported(f"ignite has no {q.metric}")
        if q.string_labels or q.sample_weight is not None or q.labels is not None:
            return Unsupported("string labels / sample_weight / labels=")
        if (
            q.ignore_index is not None
            or q.shape is not None
            or q.kind in (InputKind.LOGITS, InputKind.PROBABILITIES)
        ):
            return Unsupported("ignore_index / multidimensional / thresholded input")
        if q.zero_division not in ("warn", 0):
            return Unsupported("zero_division other than 0")
        if q.metric in ("precision_score", "recall_score"):
            if q.task is Task.BINARY and (q.average != "binary" or q.pos_label != 1):
                return Unsupported("binary data: only average='binary', pos_label=1")
            if q.task is not Task.BINARY and q.average == "binary":
                return Unsupported("average='binary' on non-binary data")
        if q.metric == "confusion_matrix" and q.task is Task.BINARY and q.num_classes != 2:
            return Unsupported("binary confusion matrix without num_classes=2")
        if q.task is Task.MULTICLASS or q.metric == "confusion_matrix":
            count = ti.class_count(q, at_least=2)
            if isinstance(count, Unsupported):
                return count
        return SUPPORTED

    @staticmethod
    def _classes(q: Query) -> int:
        """Columns of the one-hot predictions and of the confusion matrix: class indices
        0..K-1, not the number of distinct labels (ignite 0.5.5 reads the class count from
        ``y_pred.size(1)``, metrics/precision.py:65, and drops targets outside
        ``0 <= y < num_classes``, metrics/confusion_matrix.py:174); support() checked it."""
        return ti.supported_class_count(q)

    def _metric(self, q: Query) -> Any:
        multilabel = q.task is Task.MULTILABEL
        if q.metric in ("precision_score", "recall_score"):
            cls = im.Precision if q.metric == "precision_score" else im.Recall
            average = False if q.task is Task.BINARY else _AVERAGE[q.average]
            return cls(average=average, is_multilabel=multilabel)
        if q.metric == "accuracy_score":
            return im.Accuracy(is_multilabel=multilabel)
        if q.metric == "confusion_matrix":
            return im.ConfusionMatrix(num_classes=self._classes(q))
        return im.TopKCategoricalAccuracy(k=q.top_k)

    def _pred(self, q: Query, part: slice) -> torch.Tensor:
        if q.task is Task.MULTICLASS or q.metric == "confusion_matrix":
            if q.kind is InputKind.SCORES:
                return torch.tensor(list(q.scores[part]), dtype=torch.float64)
            return torch.nn.functional.one_hot(ti.preds(q, part), self._classes(q)).double()
        return ti.preds(q, part)

    def run(self, q: Query) -> Any:
        metric = self._metric(q)
        for part in q.batch_slices():
            metric.update((self._pred(q, part), ti.target(q, part)))
        result = metric.compute()
        if isinstance(result, torch.Tensor):
            return result  # normalise() reads the values and the tensor's dtype
        return result
