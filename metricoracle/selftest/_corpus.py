"""A targeted corpus: large counts and rare edge cases the generated cases seldom reach.

The oracle's generator draws at most a few dozen samples with weights of at most 3, the
right size for logic bugs and for shrinking, but too small for accumulation bugs: a
float32 counter only loses integers above 2**24 and a uint8 counter only wraps past
255.  These hand-built queries reach both, and run after the generated cases.  One more
query covers an edge the generator reaches only rarely: ``average="weighted"`` when no
chosen label occurs in y_true (every support is 0, so the unweighted mean applies);
``average="binary"`` on one-class data whose ``pos_label`` is absent (zero counts); and
``average="micro"`` with a ``labels=`` subset.
"""

from __future__ import annotations

from metricoracle.oracle import METRICS, Query, Task

BIG = float(2**24)  # float32 represents every integer up to here, and not BIG + 1


def _query(metric: str, y_true: list[int], y_pred: list[int],
           weights: list[float] | None) -> Query:
    info = METRICS[metric]
    return Query(metric=metric, task=Task.BINARY, y_true=tuple(y_true), y_pred=tuple(y_pred),
                 average="binary" if info.averaged else None,
                 beta=2.0 if metric == "fbeta_score" else 1.0,
                 sample_weight=None if weights is None else tuple(weights))


def corpus(metric: str) -> list[Query]:
    """Large-count queries for ``metric`` (none for metrics without a binary task)."""
    if Task.BINARY not in METRICS[metric].tasks:
        return []
    # 600 unit-weight samples: every confusion-matrix cell holds more than 255.
    many_true = [1] * 300 + [0] * 300
    many_pred = [1] * 280 + [0] * 20 + [1] * 10 + [0] * 290
    # Heavy weights: each cell starts at 2**24, then 100 unit weights fall into TP and TN,
    # which a float32 running sum drops one by one.
    m = 100
    heavy_true = [1, 0, 1, 0] + [1] * m + [0] * m
    heavy_pred = [1, 1, 0, 0] + [1] * m + [0] * m
    heavy_w = [BIG] * 4 + [1.0] * (2 * m)
    out = [_query(metric, many_true, many_pred, None),
           _query(metric, heavy_true, heavy_pred, heavy_w)]
    if METRICS[metric].averaged:
        out.append(Query(metric=metric, task=Task.MULTICLASS, y_true=(0, 1, 0, 1),
                         y_pred=(2, 1, 2, 1), average="weighted", labels=(2, 3),
                         zero_division=1))
        out.append(Query(metric=metric, task=Task.BINARY, y_true=(0, 0, 0), y_pred=(0, 0, 0),
                         average="binary", pos_label=1, zero_division=1))
        out.append(Query(metric=metric, task=Task.MULTICLASS, y_true=(0, 1, 2, 0),
                         y_pred=(0, 2, 1, 1), average="micro", labels=(0,)))
    return out
