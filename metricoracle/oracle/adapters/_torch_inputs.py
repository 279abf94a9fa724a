"""Tensors for a query, shared by the torch-based adapters (imports torch; one thread)."""

from __future__ import annotations

from typing import Any

import torch

from metricoracle.oracle._query import InputKind, Query, Task

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
