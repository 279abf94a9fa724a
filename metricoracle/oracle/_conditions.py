"""Named predicates and rewrites over queries, used by divergence records.

A predicate says when a convention difference *can* show; a rewrite turns the query into
the spec question the library actually answers, so that a documented divergence is
checked, not assumed.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from metricoracle.oracle._compare import flatten
from metricoracle.oracle._query import METRICS, InputKind, Query, Task
from metricoracle.oracle.adapters._outcome import Outcome, Raised, Value


def _rows(q: Query) -> list[tuple[float, ...]]:
    assert q.scores is not None
    return [r if isinstance(r, tuple) else (r,) for r in q.scores]


def _repredict(q: Query, positive: list[list[bool]]) -> Query:
    if q.task is Task.MULTILABEL:
        return q.with_(y_pred=tuple(tuple(int(v) for v in row) for row in positive))
    return q.with_(y_pred=tuple(int(row[0]) for row in positive))


# ---- thresholds -----------------------------------------------------------------------------
def score_ties_threshold(q: Query) -> bool:
    """A probability equals the threshold (the spec predicts positive at a tie)."""
    return q.kind is InputKind.PROBABILITIES and any(v == q.threshold for r in _rows(q) for v in r)


def strict_threshold(q: Query) -> Query | None:
    """The query as a library with ``score > threshold`` sees it."""
    return _repredict(q, [[v > q.threshold for v in r] for r in _rows(q)])


def logits_within_unit_interval(q: Query) -> bool:
    """Every logit lies in [0, 1], so a library that guesses logits vs probabilities guesses wrong."""
    return q.kind is InputKind.LOGITS and all(0.0 <= v <= 1.0 for r in _rows(q) for v in r)


def logits_read_as_probabilities(q: Query) -> Query | None:
    """The logits taken as probabilities and compared with ``> threshold``."""
    return _repredict(q, [[v > q.threshold for v in r] for r in _rows(q)])


def batch_logits_within_unit_interval(q: Query) -> bool:
    """Some update batch has all its logits in [0, 1] (a stateful library that guesses
    logits vs probabilities per ``update()`` call guesses wrong for that batch)."""
    if q.kind is not InputKind.LOGITS:
        return False
    rows = _rows(q)
    return any(all(0.0 <= v <= 1.0 for r in rows[b] for v in r) for b in q.batch_slices())


def logits_read_per_batch(q: Query) -> Query | None:
    """Each batch as such a library sees it: all in [0, 1] → probabilities compared with
    ``> threshold``; otherwise sigmoid, which ``> 0.5`` makes ``logit > 0``."""
    rows = _rows(q)
    positive: list[list[bool]] = []
    for b in q.batch_slices():
        part = rows[b]
        as_probability = all(0.0 <= v <= 1.0 for r in part for v in r)
        cut = q.threshold if as_probability else 0.0
        positive.extend([v > cut for v in r] for r in part)
    return _repredict(q, positive)


def logits_tie_at_zero(q: Query) -> bool:
    """A logit is 0 (probability 0.5, exactly at the threshold) and some logit is outside [0, 1]."""
    return q.kind is InputKind.LOGITS and any(v == 0.0 for r in _rows(q) for v in r)


def strict_logit_threshold(q: Query) -> Query | None:
    return _repredict(q, [[v > 0.0 for v in r] for r in _rows(q)])


# ---- labels ------------------------------------------------------------------------------------
def _present(q: Query) -> set[object]:
    keep = q.kept()
    return {q.y_true[i] for i in keep} | {q.y_pred[i] for i in keep}


def macro_over_absent_label(q: Query) -> bool:
    """Macro average of single-label data over a label absent from both y_true and y_pred."""
    if q.average != "macro" or q.task is Task.MULTILABEL:
        return False
    wanted = set(q.labels) if q.labels is not None else set(range(q.n_labels))
    return bool(wanted - _present(q))


def macro_over_present_labels(q: Query) -> Query | None:
    """The same macro average over only the labels that occur in y_true or y_pred."""
    wanted = list(q.labels) if q.labels is not None else list(range(q.n_labels))
    present = _present(q)
    kept = tuple(label for label in wanted if label in present)
    return q.with_(labels=kept) if kept else None


def labels_none_present(q: Query) -> bool:
    """Single-label data with ``labels=`` none of which occurs in y_true or y_pred."""
    binary = q.average == "binary" and METRICS[q.metric].averaged  # binary picks pos_label
    if q.task is Task.MULTILABEL or q.labels is None or binary:
        return False
    return not set(q.labels) & _present(q)


def fewer_labels_present_than_classes(q: Query) -> bool:
    """Single-label data in which some of the ``num_classes`` (or the 2 binary) labels never occur."""
    if q.task is Task.MULTILABEL:
        return False
    return len(_present(q)) < q.n_labels


def all_classes_as_labels(q: Query) -> Query | None:
    """labels=range(num_classes): every class gets a row/entry even if absent."""
    return q.with_(labels=tuple(range(q.n_labels)))


def all_weights_zero(q: Query) -> bool:
    """sample_weight is given and every weight is 0 (the spec, like scikit-learn, raises)."""
    return q.sample_weight is not None and not any(w > 0 for w in q.sample_weight)


def mcc_undefined(q: Query) -> bool:
    """Single-label data whose MCC denominator is 0: y_true or y_pred is constant
    (over the samples with positive weight)."""
    if q.task is Task.MULTILABEL:
        return False
    keep = [i for i in q.kept() if q.sample_weight is None or q.sample_weight[i] > 0]
    return len({q.y_true[i] for i in keep}) <= 1 or len({q.y_pred[i] for i in keep}) <= 1


def degenerate_two_class_mcc(q: Query) -> bool:
    """Two-class single-label data whose MCC denominator is 0."""
    return q.n_labels == 2 and mcc_undefined(q)


def only_one_label_present(q: Query) -> bool:
    """Single-label data in which only one label occurs at all."""
    return q.task is not Task.MULTILABEL and len(_present(q)) == 1


def with_invented_label(q: Query) -> Query | None:
    """pycm's view of single-label data: the one label plus an invented second class
    ('~other~'; here a fresh label that sorts after the real one)."""
    (label,) = _present(q)
    invented: object = "~other~" if isinstance(label, str) else int(label) + 1  # type: ignore[call-overload]
    chosen = tuple(q.labels) if q.labels is not None else (label,)
    return q.with_(labels=(*chosen, invented)) if invented not in chosen else None


def micro_average(q: Query) -> bool:
    """average='micro'."""
    return q.average == "micro"


def always(q: Query) -> bool:
    """Whenever the metric/adapter pair applies."""
    return True


def nan_zero_division(q: Query) -> bool:
    """zero_division=nan was asked for."""
    return isinstance(q.zero_division, float) and q.zero_division != q.zero_division


def nan_policy(q: Query) -> Query | None:
    """The query with zero_division=nan (undefined values reported as NaN)."""
    return q.with_(zero_division=float("nan"))


def weighted_without_support(q: Query) -> bool:
    """average='weighted' where no chosen label occurs in y_true (every weight is 0)."""
    if q.average != "weighted":
        return False
    keep = q.kept()
    if q.task is Task.MULTILABEL:
        return not any(any(q.y_true[i]) for i in keep)
    wanted = set(q.labels) if q.labels is not None else set(range(q.n_labels)) | _present(q)
    return not wanted & {q.y_true[i] for i in keep}


def one_zero_division_given(q: Query) -> bool:
    """A zero_division other than 0 was asked for."""
    return q.zero_division not in ("warn", 0)


def zero_policy(q: Query) -> Query | None:
    """The query with zero_division=0."""
    return q.with_(zero_division=0)


def macro_with_undefined_label(q: Query) -> bool:
    """A macro average in which some label's value is 0/0 (per the spec with zero_division=nan)."""
    if q.average != "macro":
        return False
    from metricoracle import spec  # the spec is the authority on which labels are undefined

    name, args, kwargs = q.with_(zero_division=float("nan"), average=None).spec_call()
    try:
        with warnings.catch_warnings():  # average=None makes pos_label warn; not the user's call
            warnings.simplefilter("ignore")
            values = getattr(spec, name)(*args, **kwargs)
    except Exception:
        return False
    return any(math.isnan(float(v)) for v in values)


# ---- what a library answers under its convention (records without a rewrite) ----------
def _leaves(outcome: Outcome) -> list[float] | None:
    """The library value's numbers, or None when it raised or misbehaved.  ``None``
    entries (a part the library leaves out, e.g. prfs' averaged support) are skipped."""
    if not isinstance(outcome, Value):
        return None
    return [float(v) for v in flatten(outcome.value)[1] if v is not None]


def answers_nan(q: Query, library: Outcome) -> bool:
    """Every number the library returned is NaN (its 'undefined')."""
    leaves = _leaves(library)
    return bool(leaves) and all(math.isnan(v) for v in leaves)


def answers_zero(q: Query, library: Outcome) -> bool:
    """Every number the library returned is 0."""
    leaves = _leaves(library)
    return bool(leaves) and all(v == 0 for v in leaves)


def answers_torchmetrics_weighted_without_support(q: Query, library: Outcome) -> bool:
    """torchmetrics' weighted average with all supports 0: 0 (``_adjust_weights_safe_divide``)
    for precision/recall/F; NaN for the Jaccard index, which divides by ``weights.sum()``
    unguarded (functional/classification/jaccard.py::_jaccard_index_reduce)."""
    if q.metric == "jaccard_score":
        return answers_nan(q, library)
    return answers_zero(q, library)


def answers_nan_or_empty_matrix(q: Query, library: Outcome) -> bool:
    """pycm on an all-zero matrix: 'None' (NaN) scores, and an all-zero confusion matrix."""
    if q.metric == "confusion_matrix":
        return answers_zero(q, library)
    return answers_nan(q, library)


def answers_raised(q: Query, library: Outcome) -> bool:
    """The library raised (rejected the query)."""
    return isinstance(library, Raised)


def _zero_division_value(q: Query) -> float:
    zd = q.zero_division
    return 0.0 if zd == "warn" else float(zd)


def answers_zero_division_for_absent_labels(q: Query, library: Outcome) -> bool:
    """scikit-learn with labels= none of which occurs: every score is the zero_division
    value (0 for "warn"); multilabel_confusion_matrix: all samples are true negatives."""
    if q.metric == "precision_recall_fscore_support" and isinstance(library, Value):
        if not isinstance(library.value, list | tuple) or len(library.value) != 4:
            return False
        p, r, f, support = library.value  # scores as below; the supports of absent labels are 0
        rest = Value(support)
        if support is not None and not answers_zero(q, rest):
            return False
        library = Value([p, r, f], library.dtype)
    leaves = _leaves(library)
    if not leaves:
        return False
    if q.metric == "multilabel_confusion_matrix":
        keep = q.kept()
        total = len(keep) if q.sample_weight is None else sum(q.sample_weight[i] for i in keep)
        return all(math.isclose(v, total if i % 4 == 0 else 0.0, abs_tol=1e-9)
                   for i, v in enumerate(leaves))
    target = _zero_division_value(q)
    if math.isnan(target):
        return all(math.isnan(v) for v in leaves)
    return all(v == target for v in leaves)


def answers_torchmetrics_degenerate_mcc(q: Query, library: Outcome) -> bool:
    """torchmetrics' 2×2 MCC when the denominator is 0 (functional/classification/
    matthews_corrcoef.py::_matthews_corrcoef_reduce): 1 if every sample is right, −1 if
    every one is wrong, else an eps-regularised value, computed here the same way."""
    leaves = _leaves(library)
    if leaves is None or len(leaves) != 1 or q.sample_weight is not None:
        return False
    keep = q.kept()
    pos = 1  # torch adapters take integer labels only; class 1 is torchmetrics' positive
    cells = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for i in keep:
        t, p = q.y_true[i] == pos, q.y_pred[i] == pos
        cells["tp" if t and p else "fn" if t else "fp" if p else "tn"] += 1
    tp, fp, fn, tn = cells["tp"], cells["fp"], cells["fn"], cells["tn"]
    if tp + tn and not fp + fn:
        expected = 1.0
    elif fp + fn and not tp + tn:
        expected = -1.0
    else:
        eps = float(np.finfo(np.float32).eps)
        root = math.sqrt(eps)
        if fn == 0 and tn == 0:
            num = root * (tp - fp)
        elif fp == 0 and tn == 0:
            num = root * (tp - fn)
        elif tp == 0 and fn == 0:
            num = root * (tn - fp)
        elif tp == 0 and fp == 0:
            num = root * (tn - fn)
        elif tp == 0:
            num = tn - fp * fn
        elif tn == 0:
            num = tp - fp * fn
        elif fp == 0 or fn == 0:
            num = tp * tn
        else:
            return leaves[0] == 0
        den = (tp + fp + eps) * (tp + fn + eps) * (tn + fp + eps) * (tn + fn + eps)
        expected = num / math.sqrt(den)
    return math.isclose(leaves[0], expected, rel_tol=1e-5, abs_tol=1e-6)
