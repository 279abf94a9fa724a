"""The adapter that feeds a stateful metric object the query's update batches.

:class:`~metricoracle.oracle.FunctionAdapter` calls a function once on the query's
spec-equivalent (flattened, concatenated) data, so it cannot see accumulation bugs.  This
adapter splits the same data along ``Query.batch_slices()`` (after dropping the samples
``ignore_index`` marks, as the spec call does) and calls ``update`` once per non-empty
batch, then ``compute``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from metricoracle.oracle import InputKind, Query
from metricoracle.oracle.adapters import SUPPORTED, Support, Unsupported


class BatchAdapter:
    """Judge ``factory(**options)`` fed by ``update(...)`` per batch, then ``compute()``.

    Args:
        factory: builds the stateful metric from the query's keyword options (labels,
            average, pos_label, zero_division, beta, ...; not sample_weight).
        metric: the spec metric it implements.
        name: the adapter's name in reports.
    """

    name = "batched"

    def __init__(self, factory: Callable[..., Any], *, metric: str, name: str) -> None:
        self.factory = factory
        self.metric = metric
        self.label = name

    def support(self, query: Query) -> Support:
        if query.metric != self.metric:
            return Unsupported(f"this object implements {self.metric}")
        if query.kind is not InputKind.LABELS:
            return Unsupported("takes hard labels")
        return SUPPORTED

    def run(self, query: Query) -> Any:
        _, (y_true, y_pred), kwargs = query.spec_call()
        weights = kwargs.pop("sample_weight", None)
        position = {original: i for i, original in enumerate(query.kept())}
        state = self.factory(**kwargs)
        for part in query.batch_slices():
            idx = [position[i] for i in range(part.start, part.stop) if i in position]
            if idx:
                state.update([y_true[i] for i in idx], [y_pred[i] for i in idx],
                             sample_weight=None if weights is None else [weights[i] for i in idx])
        return state.compute()
