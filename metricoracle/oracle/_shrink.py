"""Greedy shrinking of a failing query, in the query's own terms.

Starting from the failing case (not from scratch, as ``hypothesis.find`` would), try
simpler variants and keep each one that still fails the same way: drop batches, shape,
weights, ``labels=`` and ``ignore_index`` markers, then remove samples in chunks of
halving size, then make weights 1 and zero_division the default.  Deterministic, bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from metricoracle.oracle._query import Query


def _without(q: Query, drop: set[int]) -> Query | None:
    keep = [i for i in range(q.n_samples) if i not in drop]
    if not keep:
        return None
    batches: tuple[int, ...] = ()
    if q.batches:
        sizes, start = [], 0
        for size in q.batches:
            kept = sum(1 for i in range(start, start + size) if i not in drop)
            start += size
            if kept:
                sizes.append(kept)
        batches = tuple(sizes) if len(sizes) > 1 else ()
    shape = q.shape
    if shape is not None:
        if len(keep) % shape[1]:
            return None
        shape = (len(keep) // shape[1], shape[1])

    def pick(seq: tuple | None) -> tuple | None:
        return None if seq is None else tuple(seq[i] for i in keep)

    return q.with_(
        y_true=pick(q.y_true),
        y_pred=pick(q.y_pred),
        scores=pick(q.scores),
        sample_weight=pick(q.sample_weight),
        batches=batches,
        shape=shape,
    )


def _candidates(q: Query) -> Iterator[Query]:
    if q.batches:
        yield q.with_(batches=())
    if q.shape is not None:
        yield q.with_(shape=None)
    if q.sample_weight is not None:
        yield q.with_(sample_weight=None)
    if q.labels is not None:
        yield q.with_(labels=None)
    if q.ignore_index is not None:
        marked = {i for i, t in enumerate(q.y_true) if t == q.ignore_index}
        smaller = _without(q, marked) if marked else q
        if smaller is not None:
            yield smaller.with_(ignore_index=None)
    n = q.n_samples
    size = max(n // 2, 1)
    while size >= 1:
        for start in range(0, n, size):
            candidate = _without(q, set(range(start, min(start + size, n))))
            if candidate is not None:
                yield candidate
        size //= 2
    if q.sample_weight is not None and any(w != 1.0 for w in q.sample_weight):
        yield q.with_(sample_weight=tuple(1.0 for _ in q.sample_weight))
    if q.zero_division != "warn":
        yield q.with_(zero_division="warn")


def shrink(query: Query, still_fails: Callable[[Query], bool], *, budget: int = 400) -> Query:
    """The smallest variant of ``query`` found for which ``still_fails`` holds.

    ``still_fails`` is called at most ``budget`` times; ``query`` itself is assumed to fail.
    """
    current = query
    calls = 0
    progress = True
    while progress and calls < budget:
        progress = False
        for candidate in _candidates(current):
            calls += 1
            if still_fails(candidate):
                current = candidate
                progress = True
                break
            if calls >= budget:
                break
    return current
