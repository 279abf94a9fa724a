"""torchmetrics: the functional API and the stateful classes fed in several batches.

Read against torchmetrics 1.9.0: ``functional/classification/stat_scores.py``
(``_binary_stat_scores_format``: ``preds > threshold`` after a sigmoid when any value is
outside [0, 1]), ``utilities/compute.py`` (``_adjust_weights_safe_divide``),
``functional/classification/{precision_recall,f_beta,jaccard,specificity,
negative_predictive_value,accuracy,exact_match,hamming,matthews_corrcoef,cohen_kappa,
confusion_matrix}.py``.  Binary data with a multiclass average (micro/macro/weighted/None)
is sent to the multiclass function with ``num_classes=2``, as a user would.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar

import torchmetrics
import torchmetrics.classification as tmc
import torchmetrics.functional.classification as tmf

from metricoracle.oracle._query import METRICS, InputKind, Query, Task
from metricoracle.oracle.adapters import _torch_inputs as ti
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported

# spec metric -> (torchmetrics base name, class stem, fixed keyword arguments)
_NAMES: dict[str, tuple[str, str]] = {
    "precision_score": ("precision", "Precision"),
    "recall_score": ("recall", "Recall"),
    "f1_score": ("f1_score", "F1Score"),
    "fbeta_score": ("fbeta_score", "FBetaScore"),
    "jaccard_score": ("jaccard_index", "JaccardIndex"),
    "specificity_score": ("specificity", "Specificity"),
    "npv_score": ("negative_predictive_value", "NegativePredictiveValue"),
    "accuracy_score": ("accuracy", "Accuracy"),
    "hamming_loss": ("hamming_distance", "HammingDistance"),
    "matthews_corrcoef": ("matthews_corrcoef", "MatthewsCorrCoef"),
    "cohen_kappa_score": ("cohen_kappa", "CohenKappa"),
    "confusion_matrix": ("confusion_matrix", "ConfusionMatrix"),
    "multilabel_confusion_matrix": ("confusion_matrix", "ConfusionMatrix"),
    "top_k_accuracy_score": ("accuracy", "Accuracy"),
}
_PREFIX = {
    Task.BINARY: ("binary", "Binary"),
    Task.MULTICLASS: ("multiclass", "Multiclass"),
    Task.MULTILABEL: ("multilabel", "Multilabel"),
}


class TorchmetricsFunctional:
    """``torchmetrics.functional.classification.<task>_<metric>`` in one call."""

    name: ClassVar[str] = "torchmetrics"
    version: ClassVar[str] = torchmetrics.__version__
    stateful: ClassVar[bool] = False
    device: ClassVar[str] = "cpu"

    def __init__(self) -> None:
        ti.require_device(self.name, self.device)

    def support(self, query: Query) -> Support:
        return self._plan(query)[0]

    def _plan(self, q: Query) -> tuple[Support, str, dict[str, Any]]:
        """(support, task prefix, keyword arguments)."""
        if q.metric not in _NAMES:
            return Unsupported(f"torchmetrics has no {q.metric}"), "", {}
        if not ti.int_labels(q):
            return Unsupported("string labels"), "", {}
        if q.sample_weight is not None:
            return Unsupported("sample_weight"), "", {}
        if q.labels is not None:
            return Unsupported("labels="), "", {}
        info = METRICS[q.metric]
        task = q.task
        kwargs: dict[str, Any] = {}
        if q.metric == "multilabel_confusion_matrix" and task is not Task.MULTILABEL:
            return Unsupported("multilabel_confusion_matrix of single-label data"), "", {}
        if q.metric == "accuracy_score" and task is Task.MULTILABEL:
            return SUPPORTED, "exact_match", _score_kwargs(q, {"num_labels": q.n_labels})
        if info.averaged:
            average = q.average
            if average == "samples":
                return Unsupported("average='samples'"), "", {}
            if task is Task.BINARY and average == "binary":
                if q.pos_label != 1:
                    return Unsupported("pos_label other than 1"), "", {}
            elif task is Task.BINARY:
                if q.num_classes != 2:
                    return (
                        Unsupported("binary data with a multiclass average needs num_classes=2"),
                        "",
                        {},
                    )
                if q.kind is not InputKind.LABELS:
                    return Unsupported("binary scores with a multiclass average"), "", {}
                task = Task.MULTICLASS
                kwargs["average"] = "none" if average is None else average
            elif average == "binary":
                return Unsupported("average='binary' on non-binary data"), "", {}
            else:
                kwargs["average"] = "none" if average is None else average
            if isinstance(q.zero_division, float) and q.zero_division != q.zero_division:
                return Unsupported("zero_division=nan"), "", {}
            kwargs["zero_division"] = 0 if q.zero_division == "warn" else int(q.zero_division)
            if q.metric == "fbeta_score":
                kwargs["beta"] = q.beta
        elif q.metric in ("accuracy_score", "hamming_loss", "top_k_accuracy_score") \
                and task is not Task.BINARY:
            kwargs["average"] = "micro"
        if q.metric == "top_k_accuracy_score":
            kwargs["top_k"] = q.top_k
        if task is Task.MULTICLASS:
            # Without q.num_classes: max label + 1 classes, where that is exact (binary data
            # only gets here with num_classes=2).  torchmetrics 1.9.0 takes target values in
            # {0, ..., num_classes - 1} (functional/classification/stat_scores.py:278) and
            # num_classes > 1 (stat_scores.py:242).
            count = ti.class_count(q, at_least=2)
            if isinstance(count, Unsupported):
                return count, "", {}
            kwargs["num_classes"] = count
        elif task is Task.MULTILABEL:
            kwargs["num_labels"] = q.n_labels
        return SUPPORTED, _PREFIX[task][0] + "_" + _NAMES[q.metric][0], _score_kwargs(q, kwargs)

    def run(self, query: Query) -> Any:
        _, fname, kwargs = self._plan(query)
        if fname == "exact_match":
            fname = "multilabel_exact_match"
        fn = getattr(tmf, fname)
        kwargs = _accepted(fn, kwargs)
        return fn(ti.preds(query, device=self.device), ti.target(query, device=self.device),
                  **kwargs)


def _score_kwargs(q: Query, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``threshold`` for score inputs and ``ignore_index``, which every task takes."""
    if q.kind in (InputKind.PROBABILITIES, InputKind.LOGITS):
        kwargs["threshold"] = q.threshold
    if q.ignore_index is not None:
        kwargs["ignore_index"] = q.ignore_index
    return kwargs


class TorchmetricsStateful(TorchmetricsFunctional):
    """``torchmetrics.classification.<Task><Metric>``: one ``update`` per batch, then ``compute``."""

    name: ClassVar[str] = "torchmetrics-stateful"
    stateful: ClassVar[bool] = True

    def run(self, query: Query) -> Any:
        _, fname, kwargs = self._plan(query)
        prefix, _, base = fname.partition("_")
        if fname == "exact_match":
            cls = tmc.MultilabelExactMatch
        else:
            stem = next(stem for b, stem in _NAMES.values() if b == base)
            cls = getattr(tmc, dict(_PREFIX.values())[prefix] + stem)
        metric = cls(**_accepted(cls.__init__, kwargs)).to(self.device)
        # normalise() reads the tensor's values (tolist(), from any device) and dtype
        return ti.accumulate(metric, query, self.device)


class TorchmetricsFunctionalCuda(TorchmetricsFunctional):
    """The functional API on a CUDA device (other kernels: scatter/bincount with atomics)."""

    name: ClassVar[str] = "torchmetrics-cuda"
    device: ClassVar[str] = "cuda"


class TorchmetricsStatefulCuda(TorchmetricsStateful):
    """The stateful classes on a CUDA device, fed in batches."""

    name: ClassVar[str] = "torchmetrics-stateful-cuda"
    device: ClassVar[str] = "cuda"


_SIGNATURES: dict[Any, frozenset[str]] = {}


def _accepted(fn: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Drop keyword arguments ``fn`` does not take (e.g. zero_division where absent)."""
    if fn not in _SIGNATURES:
        params = inspect.signature(fn).parameters
        names = set(params)
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
            names.add("zero_division")  # the stat-score classes pop it from **kwargs
        _SIGNATURES[fn] = frozenset(names)
    return {k: v for k, v in kwargs.items() if k in _SIGNATURES[fn]}
