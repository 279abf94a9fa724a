"""The space of queries, written once over an abstract chooser.

The same recipe is driven by two choosers: :class:`RandomChooser` (``random.Random``,
cheap enough for thousands of cases a second: the runner) and the hypothesis chooser of
:mod:`metricoracle.oracle.strategies` (shrinking, for property tests and the pytest
plugin).  Every query is valid by construction: lengths come from drawing
``(true, pred)`` pairs and unzipping them, never from filtering.

The simplest option of every choice comes first, since hypothesis shrinks towards it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from metricoracle.oracle._query import METRICS, InputKind, Query, Task

T = TypeVar("T")

MAX_SAMPLES = 24
INT_WEIGHTS = (1, 0, 2, 3)
FRACTIONAL_WEIGHTS = (0.5, 0, 1.5, 0.25, 0.1, 2.0)
ZERO_DIVISION = ("warn", 0, 1, float("nan"))
THRESHOLDS = (0.5, 0.25, 0.75)
PROBABILITY_GRID = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)
LOGIT_GRID = (-3.0, -0.5, 0.0, 0.5, 3.0)  # 0.0 is the tie: sigmoid(0) == 0.5 exactly
LETTERS = "abcdefgh"


class Chooser(Protocol):
    """Where a recipe's randomness comes from."""

    def integer(self, lo: int, hi: int) -> int: ...
    def choice(self, options: Sequence[T]) -> T: ...
    def pairs(
        self, left: Sequence[Any], right: Sequence[Any], lo: int, hi: int
    ) -> list[tuple[Any, Any]]: ...
    def fixed_list(self, options: Sequence[T], n: int) -> list[T]: ...


class RandomChooser:
    """A :class:`Chooser` over ``random.Random``; lengths are biased towards small.

    Draws call ``Random._randbelow`` directly: the very numbers ``randrange``/``randint``
    would give (so a seed's queries do not change), without their argument checks, which
    were a third of the generation cost.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._below = rng._randbelow  # type: ignore[attr-defined]

    def integer(self, lo: int, hi: int) -> int:
        return lo + self._below(hi - lo + 1)

    def choice(self, options: Sequence[T]) -> T:
        return options[self._below(len(options))]

    def pairs(
        self, left: Sequence[Any], right: Sequence[Any], lo: int, hi: int
    ) -> list[tuple[Any, Any]]:
        rng, below = self.rng, self._below
        n = self.integer(lo, min(hi, lo + 3)) if rng.random() < 0.25 else self.integer(lo, hi)
        nl, nr = len(left), len(right)
        return [(left[below(nl)], right[below(nr)]) for _ in range(n)]

    def fixed_list(self, options: Sequence[T], n: int) -> list[T]:
        below, size = self._below, len(options)
        return [options[below(size)] for _ in range(n)]


# ---- data -----------------------------------------------------------------------------
def single_label_pairs(
    c: Chooser, classes: Sequence[Any], max_samples: int = MAX_SAMPLES
) -> tuple[list[Any], list[Any]]:
    """``(y_true, y_pred)`` over ``classes``: absent classes, one class only, all right/wrong."""
    k = len(classes)
    pool_true = c.choice(
        [list(classes), list(classes), list(classes)[:-1], list(classes)[1:], [classes[0]]]
    )
    pool_pred = c.choice(
        [list(classes), list(classes), list(classes)[:-1], list(classes)[1:], [classes[-1]]]
    )
    pairs = c.pairs(pool_true, pool_pred, 1, max_samples)
    y_true = [t for t, _ in pairs]
    scenario = c.choice(["random", "random", "random", "all_right", "all_wrong"])
    if scenario == "all_right":
        y_pred = list(y_true)
    elif scenario == "all_wrong":
        y_pred = [classes[(list(classes).index(t) + 1) % k] for t in y_true]
    else:
        y_pred = [p for _, p in pairs]
    return y_true, y_pred


def multilabel_pairs(
    c: Chooser, n_labels: int, max_samples: int = MAX_SAMPLES
) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """0/1 rows ``(y_true, y_pred)`` with ``n_labels`` columns; some columns may be all 0."""
    rows = [tuple((code >> j) & 1 for j in range(n_labels)) for code in range(2**n_labels)]
    silent = c.choice([None, None, None, 0, n_labels - 1])
    if silent is not None:  # a label absent from both arrays
        rows = [r for r in rows if r[silent] == 0]
    pairs = c.pairs(rows, rows, 1, max_samples)
    y_true = [t for t, _ in pairs]
    y_pred = list(y_true) if c.choice([False, False, False, True]) else [p for _, p in pairs]
    return y_true, y_pred


def sample_weights(c: Chooser, n: int) -> list[float] | None:
    """None, integer weights or fractional weights (zeros included)."""
    style = c.choice(["none", "none", "int", "fraction"])
    if style == "none":
        return None
    return [
        float(w) for w in c.fixed_list(INT_WEIGHTS if style == "int" else FRACTIONAL_WEIGHTS, n)
    ]


# ---- queries ------------------------------------------------------------------------------
def draw_query(c: Chooser, metrics: Sequence[str]) -> Query:
    """One query for a metric drawn from ``metrics`` (names of :data:`METRICS`)."""
    metric = c.choice(list(metrics))
    info = METRICS[metric]
    task = c.choice(list(info.tasks))
    if task is Task.BINARY:
        q = _binary(c, metric)
    elif task is Task.MULTICLASS:
        q = _multiclass(c, metric)
    else:
        q = _multilabel(c, metric)
    return _finish(c, q)


def _binary(c: Chooser, metric: str) -> Query:
    strings = c.choice([False, False, False, True])
    classes = ("neg", "pos") if strings else (0, 1)
    y_true, y_pred = single_label_pairs(c, classes)
    pos_label = c.choice([classes[1], classes[1], classes[0]])
    q = Query(
        metric=metric,
        task=Task.BINARY,
        y_true=tuple(y_true),
        y_pred=tuple(y_pred),
        average=c.choice(["binary", "binary", "micro", "macro", "weighted", None]),
        pos_label=pos_label,
        labels=_labels_param(c, classes, "z" if strings else 2),
    )
    if not strings:
        q = q.with_(num_classes=c.choice([None, 2]))
        q = _threshold_form(c, q, [[p] for p in y_pred])
        q = _ignore_index(c, q)
    return q


def _multiclass(c: Chooser, metric: str) -> Query:
    k = c.integer(3, 5)
    strings = c.choice([False, False, False, True]) and metric != "top_k_accuracy_score"
    classes = tuple(LETTERS[:k]) if strings else tuple(range(k))
    y_true, y_pred = single_label_pairs(c, classes)
    q = Query(
        metric=metric,
        task=Task.MULTICLASS,
        y_true=tuple(y_true),
        y_pred=tuple(y_pred),
        average=c.choice(["macro", "micro", "weighted", None, "macro", "binary"]),
        labels=_labels_param(c, classes, "z" if strings else k + 1),
    )
    if strings:
        return q
    q = q.with_(num_classes=k + c.choice([0, 0, 0, 1]))
    if metric == "top_k_accuracy_score" or c.choice([False, False, False, True]):
        q = _class_scores(
            c, q, top_k=c.choice([1, 2, 3]) if metric == "top_k_accuracy_score" else 1
        )
    else:
        q = _ignore_index(c, q)
    return q


def _multilabel(c: Chooser, metric: str) -> Query:
    n_labels = c.integer(2, 4)
    y_true, y_pred = multilabel_pairs(c, n_labels)
    q = Query(
        metric=metric,
        task=Task.MULTILABEL,
        y_true=tuple(y_true),
        y_pred=tuple(y_pred),
        average=c.choice(["macro", "micro", "weighted", "samples", None]),
        labels=_labels_param(c, tuple(range(n_labels)), None),
    )
    return _threshold_form(c, q, [list(r) for r in y_pred])


def _labels_param(c: Chooser, classes: Sequence[Any], unseen: Any) -> tuple[Any, ...] | None:
    """labels=: mostly None; sometimes a subset, or a superset with an unseen label; a
    third of those in reverse order (results must follow the order given, not sorted)."""
    style = c.choice(["none", "none", "none", "none", "subset", "superset"])
    if style == "subset":
        start = c.integer(0, len(classes) - 1)
        chosen = tuple(classes[start : start + c.integer(1, len(classes) - start)])
    elif style == "superset" and unseen is not None:
        chosen = (*classes, unseen)
    else:
        return None
    return chosen[::-1] if len(chosen) > 1 and c.choice([False, False, True]) else chosen


def _threshold_form(c: Chooser, q: Query, pred_rows: list[list[int]]) -> Query:
    """Maybe present y_pred as probabilities or logits that threshold back to it."""
    kind = c.choice([InputKind.LABELS, InputKind.LABELS, InputKind.PROBABILITIES, InputKind.LOGITS])
    if kind is InputKind.LABELS:
        return q
    threshold = c.choice(THRESHOLDS) if kind is InputKind.PROBABILITIES else 0.5
    grid = PROBABILITY_GRID if kind is InputKind.PROBABILITIES else LOGIT_GRID
    cut = threshold if kind is InputKind.PROBABILITIES else 0.0
    above = [g for g in grid if g >= cut]  # ties (g == cut) are predicted positive
    below = [g for g in grid if g < cut]
    rows = [tuple(c.choice(above) if v else c.choice(below) for v in row) for row in pred_rows]
    scores = tuple(rows) if q.task is Task.MULTILABEL else tuple(r[0] for r in rows)
    return q.with_(kind=kind, scores=scores, threshold=threshold)


def _class_scores(c: Chooser, q: Query, *, top_k: int) -> Query:
    """Distinct per-class scores whose argmax is y_pred (so top-k has no ties)."""
    k = q.n_labels
    rows = []
    for p in q.y_pred:
        order = c.choice([list(range(k)), list(range(k))[::-1], [*list(range(1, k)), 0]])
        ranks = {cls: r for r, cls in enumerate(x for x in order if x != p)}
        rows.append(tuple(1.0 if j == p else round((ranks[j] + 1) / (k + 1), 6) for j in range(k)))
    return q.with_(kind=InputKind.SCORES, scores=tuple(rows), top_k=min(top_k, k))


def _ignore_index(c: Chooser, q: Query) -> Query:
    if not c.choice([False, False, False, False, True]):
        return q
    mask = c.fixed_list([False, False, False, True], q.n_samples)
    mask[0] = False  # keep one sample: an all-ignored batch is a different question
    return q.with_(
        ignore_index=-1, y_true=tuple(-1 if m else t for m, t in zip(mask, q.y_true, strict=True))
    )


def _finish(c: Chooser, q: Query) -> Query:
    """Parameters every task shares: weights, zero_division, beta, shape, batches."""
    n = q.n_samples
    weights = sample_weights(c, n)
    q = q.with_(
        sample_weight=None if weights is None else tuple(weights),
        zero_division=c.choice(ZERO_DIVISION),
        beta=c.choice([1.0, 2.0, 0.5]),
    )
    if (
        weights is None
        and q.kind is InputKind.LABELS
        and q.task is not Task.MULTILABEL
        and n >= 4
        and n % 2 == 0
        and c.choice([False, False, False, True])
    ):
        return q.with_(shape=(n // 2, 2))
    if n >= 2 and c.choice([False, True]):
        cut = c.integer(1, n - 1)
        if n - cut >= 2 and c.choice([False, True]):
            cut2 = c.integer(cut + 1, n - 1)
            return q.with_(batches=(cut, cut2 - cut, n - cut2))
        return q.with_(batches=(cut, n - cut))
    return q


def generate(seed: int, index: int, metrics: Sequence[str], attempt: int = 0) -> Query:
    """The ``index``-th query of run ``seed`` (its ``attempt``-th redraw, for adapters
    that do not support the first): independent of every other index and attempt."""
    key = f"{seed}:{index}" if attempt == 0 else f"{seed}:{index}:{attempt}"
    return draw_query(RandomChooser(random.Random(key)), metrics)
