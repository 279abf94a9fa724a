"""torcheval: functional metrics and the stateful classes fed in several batches.

Read against torcheval 0.0.7 (``metrics/functional/classification/{precision,recall,
f1_score,accuracy,confusion_matrix}.py``): thresholding is ``torch.where(input < threshold,
0, 1)`` (ties positive, as in the spec), there is no ``zero_division`` parameter, and no
sigmoid is applied to logits.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any, ClassVar

import torcheval.metrics as tem
import torcheval.metrics.functional as tef

from metricoracle.oracle._query import InputKind, Query, Task
from metricoracle.oracle.adapters import _torch_inputs as ti
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported

_NAMES = {
    "precision_score": ("precision", "Precision"),
    "recall_score": ("recall", "Recall"),
    "f1_score": ("f1_score", "F1Score"),
    "accuracy_score": ("accuracy", "Accuracy"),
    "confusion_matrix": ("confusion_matrix", "ConfusionMatrix"),
    "top_k_accuracy_score": ("accuracy", "Accuracy"),
}


class TorchevalAdapter:
    """``torcheval.metrics.functional.<task>_<metric>`` in one call."""

    name: ClassVar[str] = "torcheval"
    version: ClassVar[str] = "0.0.7"
    stateful: ClassVar[bool] = False

    def _plan(self, q: Query) -> tuple[Support, str, dict[str, Any]]:
        if q.metric not in _NAMES:
            return Unsupported(f"torcheval has no {q.metric}"), "", {}
        if q.string_labels or q.sample_weight is not None or q.labels is not None:
            return Unsupported("string labels / sample_weight / labels="), "", {}
        if q.ignore_index is not None or q.shape is not None or q.kind is InputKind.LOGITS:
            return Unsupported("ignore_index / multidimensional input / logits"), "", {}
        if q.zero_division not in ("warn", 0):
            return Unsupported("zero_division other than 0"), "", {}
        kwargs: dict[str, Any] = {}
        task = q.task
        if task is Task.MULTILABEL:
            if q.metric != "accuracy_score":
                return Unsupported("multilabel data"), "", {}
            kwargs["criteria"] = "exact_match"
            if q.kind is InputKind.PROBABILITIES:
                kwargs["threshold"] = q.threshold
            return SUPPORTED, "multilabel_accuracy", kwargs
        if q.metric in ("precision_score", "recall_score", "f1_score"):
            if task is Task.BINARY and q.average == "binary":
                if q.pos_label != 1:
                    return Unsupported("pos_label other than 1"), "", {}
            elif task is Task.BINARY or q.average == "binary":
                return Unsupported("multiclass average of binary data"), "", {}
            else:
                kwargs["average"] = q.average
        if task is Task.MULTICLASS:
            # Without q.num_classes: max label + 1 classes, where that is exact.  torcheval
            # 0.0.7 needs num_classes unless average="micro" (functional/classification/
            # precision.py:189, accuracy.py:304) and at least two classes for a confusion
            # matrix (confusion_matrix.py:241); classes are 0..num_classes-1 (scatter_ into
            # new_zeros(num_classes), precision.py:131).
            count = ti.class_count(q, at_least=2)
            if isinstance(count, Unsupported):
                return count, "", {}
            kwargs["num_classes"] = count
            if q.metric == "accuracy_score":
                kwargs["average"] = "micro"
            if q.metric == "top_k_accuracy_score":
                kwargs["k"] = q.top_k
        elif q.metric == "confusion_matrix" and q.num_classes != 2:
            return Unsupported("binary confusion matrix without num_classes=2"), "", {}
        if q.kind is InputKind.PROBABILITIES:
            kwargs["threshold"] = q.threshold
        return SUPPORTED, f"{task.value}_{_NAMES[q.metric][0]}", kwargs

    def support(self, query: Query) -> Support:
        return self._plan(query)[0]

    def run(self, query: Query) -> Any:
        _, fname, kwargs = self._plan(query)
        with _quiet_logging():
            return getattr(tef, fname)(ti.preds(query), ti.target(query), **kwargs)


class TorchevalStateful(TorchevalAdapter):
    """``torcheval.metrics.<Task><Metric>``: ``update`` per batch, then ``compute``."""

    name: ClassVar[str] = "torcheval-stateful"
    stateful: ClassVar[bool] = True

    def run(self, query: Query) -> Any:
        _, fname, kwargs = self._plan(query)
        task, _, base = fname.partition("_")
        stem = next(stem for b, stem in _NAMES.values() if b == base)
        metric = getattr(tem, task.capitalize() + stem)(**kwargs)
        with _quiet_logging():
            return ti.accumulate(metric, query)  # normalise() reads values and dtype


@contextlib.contextmanager
def _quiet_logging() -> Iterator[None]:
    """torcheval reports NaN classes with ``logging.warning`` on the root logger (0.0.7,
    ``_recall_compute`` and friends): silence it for the call, not for the user's app."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)
