"""Behaviour snapshots: a library's answers on a fixed corpus, and what changed since."""

from __future__ import annotations

import math
from typing import Any

from metricoracle.oracle._evaluate import Evaluator
from metricoracle.oracle._query import METRICS, Query
from metricoracle.oracle._recipe import generate
from metricoracle.oracle._runner import resolve_adapters
from metricoracle.oracle.adapters._outcome import Fault, Raised, Value

CORPUS_SEED = 20240101
CORPUS_SIZE = 400


def corpus(size: int = CORPUS_SIZE) -> list[Query]:
    """The fixed corpus (independent of the run seed)."""
    return [generate(CORPUS_SEED, i, list(METRICS)) for i in range(size)]


def _record(outcome: Any) -> dict[str, Any]:
    if isinstance(outcome, Value):
        return {"value": _nan_safe(outcome.value), "dtype": outcome.dtype}
    if isinstance(outcome, Raised | Fault):
        return {"raised": outcome.kind}
    return {"raised": "unknown"}


def _nan_safe(value: Any) -> Any:
    if isinstance(value, list):
        return [_nan_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def snapshot(adapter: str, *, size: int = CORPUS_SIZE, timeout: float = 10.0) -> dict[str, Any]:
    """``{"adapter", "version", "cases": [{"query", "answer"}]}`` for the supported queries."""
    loaded, skipped = resolve_adapters([adapter])
    if skipped:
        from metricoracle.errors import AdapterUnavailable

        raise AdapterUnavailable(adapter, skipped[adapter])
    name, obj = loaded[0]
    evaluator = Evaluator(None, timeout=timeout)
    cases = []
    for q in corpus(size):
        if obj.support(q):
            cases.append(
                {"query": q.to_json(), "answer": _record(evaluator.library_outcome(obj, q))}
            )
    return {
        "adapter": name,
        "version": str(getattr(obj, "version", "?")),
        "corpus_seed": CORPUS_SEED,
        "cases": cases,
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-6 * max(1.0, abs(a))
    return a == b


def diff(
    golden: dict[str, Any], *, timeout: float = 10.0
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Re-run a snapshot's queries; returns ``(current snapshot header, changes)``."""
    loaded, skipped = resolve_adapters([golden["adapter"]])
    if skipped:
        from metricoracle.errors import AdapterUnavailable

        raise AdapterUnavailable(golden["adapter"], skipped[golden["adapter"]])
    name, obj = loaded[0]
    evaluator = Evaluator(None, timeout=timeout)
    changes = []
    for case in golden["cases"]:
        q = Query.from_json(case["query"])
        now = (
            _record(evaluator.library_outcome(obj, q)) if obj.support(q) else {"unsupported": True}
        )
        if not _same(case["answer"], now):
            changes.append({"query": case["query"], "before": case["answer"], "after": now})
    return {"adapter": name, "version": str(getattr(obj, "version", "?"))}, changes
