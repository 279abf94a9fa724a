"""Tensors for a query, shared by the torch-based adapters (imports torch; one thread)."""

from __future__ import annotations

from typing import Any

import torch

from metricoracle.oracle._query import InputKind, Query, Task
from metricoracle.oracle.adapters._outcome import Unsupported

torch.set_num_threads(1)  # timings and results must not depend on the machine's core count


def target(query: Query, part: slice | None = None, device: str = "cpu") -> torch.Tensor:
    """y_true as an int64 tensor (multilabel: (n, L)); ``ignore_index`` markers kept."""
    rows = query.y_true if part is None else query.y_true[part]
    t = torch.tensor(list(rows), dtype=torch.long, device=device)
    if query.shape is not None and part is None:
        t = t.reshape(query.shape)
    return t


def preds(query: Query, part: slice | None = None, device: str = "cpu") -> torch.Tensor:
    """What the library receives as predictions: labels, probabilities, logits or scores."""
    if query.kind is InputKind.LABELS:
        rows: Any = query.y_pred if part is None else query.y_pred[part]
        t = torch.tensor(list(rows), dtype=torch.long, device=device)
    else:
        rows = query.scores if part is None else query.scores[part]
        t = torch.tensor(list(rows), dtype=torch.float32, device=device)
    if query.shape is not None and part is None:
        t = t.reshape(query.shape)
    return t


def int_labels(query: Query) -> bool:
    """Tensors hold numbers: string labels cannot be passed."""
    return not query.string_labels


# Metrics that classes absent from the data do not change (sample counts, or micro sums of
# tp/fp/fn): for them ``max label + 1`` classes is exact even when a label below it is absent.
# (Not specificity/npv/fpr micro: each absent class adds tn = n samples to their sums.)
_GAP_FREE = frozenset({"accuracy_score", "hamming_loss"})
_GAP_FREE_MICRO = frozenset(
    {"precision_score", "recall_score", "f1_score", "fbeta_score", "jaccard_score"}
)


def class_count(query: Query, *, at_least: int = 1) -> int | Unsupported:
    """How many classes to tell a library that counts classes as ``0..K-1`` (multiclass).

    ``num_classes`` when the query gives it (the spec then has ``labels=range(num_classes)``).
    Without it the spec sees only the labels occurring in the samples it keeps, so ``K`` is
    ``max label + 1`` (for class scores: their column count) and the translation is exact
    when those labels are ``0..K-1``, or when the metric ignores absent classes.  Generated
    queries always give ``num_classes`` for integer multiclass data; hand-written ones
    (``Query(...)``, ``--replay``) may not.  Fewer than ``at_least`` classes: Unsupported.
    """
    count = _class_count(query)
    if isinstance(count, int) and count < at_least:
        return Unsupported(f"{count} class(es): the library needs num_classes ≥ {at_least}")
    return count


def supported_class_count(query: Query) -> int:
    """:func:`class_count` in ``run()``, after ``support()`` accepted the query."""
    count = class_count(query)
    if isinstance(count, Unsupported):
        raise ValueError(f"unsupported query run: {count.reason}")
    return count


def _class_count(query: Query) -> int | Unsupported:
    if query.num_classes is not None:
        return query.num_classes
    if query.string_labels:
        return Unsupported("string labels")
    keep = query.kept()
    seen = {query.y_true[i] for i in keep} | {query.y_pred[i] for i in keep}
    every = {t for t in query.y_true if t != query.ignore_index} | set(query.y_pred)
    if query.kind is InputKind.SCORES:
        k = len(query.scores[0]) if query.scores else 0
    else:
        k = max(every, default=-1) + 1
    if k == 0 or not every <= set(range(k)):
        return Unsupported("num_classes not given and the labels are not within 0..K-1")
    if seen == set(range(k)) and (
        query.metric != "top_k_accuracy_score" or query.n_labels == k
    ):
        return k
    if query.metric in _GAP_FREE or (
        query.metric in _GAP_FREE_MICRO and query.average == "micro"
    ):
        return k
    return Unsupported(
        f"num_classes not given and labels {sorted(seen)} are not 0..{k - 1}: "
        f"the library would count absent classes the spec does not see"
    )


def task_of(query: Query) -> Task:
    return query.task


def accumulate(metric: Any, query: Query, device: str = "cpu") -> Any:
    """Feed a stateful ``update(preds, target)`` metric the query's batches, then compute."""
    for part in query.batch_slices():
        whole = None if not query.batches else part  # whole data keeps a multidim shape
        metric.update(preds(query, whole, device), target(query, whole, device))
    return metric.compute()


def require_device(name: str, device: str) -> None:
    """Refuse (as unavailable, so the run reports the adapter as skipped) a missing GPU."""
    if device.startswith("cuda") and not torch.cuda.is_available():
        from metricoracle.errors import AdapterUnavailable

        raise AdapterUnavailable(name, reason="no CUDA device (torch.cuda.is_available() is False)")
