"""What one differential check asks: a metric, its parameters and the data, as a value.

A :class:`Query` holds the data *as a library receives it* (hard labels, probabilities,
logits, class scores, an ``ignore_index`` marker, a multidimensional shape, several
update batches) and knows its **spec equivalent**: :meth:`Query.spec_call` turns it into
one call of the scikit-learn-shaped spec.  The translations, each a stated convention:

- probabilities: predicted positive when ``score >= threshold`` (ties are positive);
- logits: predicted positive when ``logit >= 0`` (``sigmoid(logit) >= 0.5``);
- multiclass class scores: the prediction is the argmax (scores are drawn distinct);
  for ``top_k_accuracy_score`` the scores go to the spec as ``y_score``;
- ``ignore_index``: samples whose true label equals it are removed (with their weights);
- ``num_classes``: ``labels=range(num_classes)`` when no ``labels=`` is given;
- a multidimensional shape or several batches: the flattened, concatenated data.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class Task(StrEnum):
    """The kind of target, as torchmetrics' ``task=`` names it."""

    BINARY = "binary"
    MULTICLASS = "multiclass"
    MULTILABEL = "multilabel"


class InputKind(StrEnum):
    """How predictions reach the library."""

    LABELS = "labels"  # hard labels (multilabel: 0/1 rows)
    PROBABILITIES = "probabilities"  # binary/multilabel scores in [0, 1] with a threshold
    LOGITS = "logits"  # binary/multilabel unbounded scores, threshold 0.5 after sigmoid
    SCORES = "scores"  # multiclass per-class scores (argmax, or top-k)


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """Which tasks and parameters a spec metric takes (data, not code paths)."""

    tasks: tuple[Task, ...]
    averaged: bool = False  # takes average=, labels=, pos_label=, zero_division=
    takes_labels: bool = False  # takes labels= without being averaged
    takes_beta: bool = False
    takes_k: bool = False


_ALL = (Task.BINARY, Task.MULTICLASS, Task.MULTILABEL)
_SINGLE = (Task.BINARY, Task.MULTICLASS)

METRICS: dict[str, MetricInfo] = {
    "accuracy_score": MetricInfo(_ALL),
    "precision_score": MetricInfo(_ALL, averaged=True),
    "recall_score": MetricInfo(_ALL, averaged=True),
    "f1_score": MetricInfo(_ALL, averaged=True),
    "fbeta_score": MetricInfo(_ALL, averaged=True, takes_beta=True),
    "jaccard_score": MetricInfo(_ALL, averaged=True),
    "specificity_score": MetricInfo(_ALL, averaged=True),
    "npv_score": MetricInfo(_ALL, averaged=True),
    "fpr_score": MetricInfo(_ALL, averaged=True),
    "fnr_score": MetricInfo(_ALL, averaged=True),
    "precision_recall_fscore_support": MetricInfo(_ALL, averaged=True, takes_beta=True),
    "balanced_accuracy_score": MetricInfo(_SINGLE),
    "matthews_corrcoef": MetricInfo(_SINGLE),
    "cohen_kappa_score": MetricInfo(_SINGLE, takes_labels=True),
    "hamming_loss": MetricInfo(_ALL),
    "zero_one_loss": MetricInfo(_ALL),
    "confusion_matrix": MetricInfo(_SINGLE, takes_labels=True),
    "multilabel_confusion_matrix": MetricInfo(_ALL, takes_labels=True),
    "class_likelihood_ratios": MetricInfo((Task.BINARY,), takes_labels=True),
    "top_k_accuracy_score": MetricInfo((Task.MULTICLASS,), takes_k=True),
}


@dataclass(frozen=True, slots=True)
class Query:
    """One metric call on one data set, in library terms; see the module docstring.

    Sequences are tuples so that a query is hashable and prints as a literal.  For
    multilabel data ``y_true``/``y_pred`` are tuples of 0/1 rows.  ``y_pred`` always
    holds the hard predictions; ``scores`` (when ``kind`` is not LABELS) holds what the
    library receives instead, and ``y_pred`` was derived from it by the rules above.
    """

    metric: str
    task: Task
    y_true: tuple[Any, ...]
    y_pred: tuple[Any, ...]
    kind: InputKind = InputKind.LABELS
    scores: tuple[Any, ...] | None = None
    threshold: float = 0.5
    top_k: int = 1
    average: str | None = None
    labels: tuple[Any, ...] | None = None
    pos_label: Any = 1
    zero_division: Any = "warn"
    beta: float = 1.0
    sample_weight: tuple[float, ...] | None = None
    ignore_index: int | None = None
    num_classes: int | None = None
    shape: tuple[int, ...] | None = None
    batches: tuple[int, ...] = field(default=())

    # ---- derived views -------------------------------------------------------------
    @property
    def n_samples(self) -> int:
        return len(self.y_true)

    @property
    def string_labels(self) -> bool:
        return any(isinstance(v, str) for v in self.y_true + self.y_pred)

    @property
    def n_labels(self) -> int:
        """Columns of multilabel data; classes a library is told about otherwise."""
        if self.task is Task.MULTILABEL:
            return len(self.y_true[0]) if self.y_true else 0
        if self.num_classes is not None:
            return self.num_classes
        return 2 if self.task is Task.BINARY else len(set(self.y_true + self.y_pred))

    def kept(self) -> list[int]:
        """Indices of the samples the spec sees (those not marked by ``ignore_index``)."""
        if self.ignore_index is None:
            return list(range(self.n_samples))
        return [i for i, t in enumerate(self.y_true) if t != self.ignore_index]

    def batch_slices(self) -> list[slice]:
        """The update batches as slices (one batch when ``batches`` is empty)."""
        if not self.batches:
            return [slice(0, self.n_samples)]
        out, start = [], 0
        for size in self.batches:
            out.append(slice(start, start + size))
            start += size
        return out

    def spec_call(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        """``(function name, positional args, keyword args)`` of the equivalent spec call."""
        info = METRICS[self.metric]
        keep = self.kept()
        y_true = [_plain(self.y_true[i]) for i in keep]
        kwargs: dict[str, Any] = {}
        if self.sample_weight is not None:
            kwargs["sample_weight"] = [self.sample_weight[i] for i in keep]
        labels = self.labels
        if labels is None and self.num_classes is not None and self.task is not Task.MULTILABEL:
            labels = tuple(range(self.num_classes))
        if info.takes_k:
            kwargs["k"] = self.top_k
            kwargs["labels"] = list(range(self.n_labels))
            scores = [list(self.scores[i]) for i in keep] if self.scores else []
            return self.metric, (y_true, scores), kwargs
        y_pred = [_plain(self.y_pred[i]) for i in keep]
        if info.averaged:
            kwargs.update(
                average=self.average, pos_label=self.pos_label, zero_division=self.zero_division
            )
            if labels is not None:
                kwargs["labels"] = list(labels)
            if (info.takes_beta and self.metric == "fbeta_score") or (
                info.takes_beta and self.beta != 1.0
            ):
                kwargs["beta"] = self.beta
        elif info.takes_labels and labels is not None:
            kwargs["labels"] = list(labels)
        return self.metric, (y_true, y_pred), kwargs

    def spec_replay(self) -> str:
        """A Python expression that calls the spec (for reports)."""
        name, args, kwargs = self.spec_call()
        parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        return f"spec.{name}({', '.join(parts)})"

    # ---- serialisation ---------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_json` inverts it."""
        return {k: _jsonable(v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Query:
        """Rebuild a query from :meth:`to_json` output (lists become tuples)."""
        fields = dict(data)
        fields["task"] = Task(fields["task"])
        fields["kind"] = InputKind(fields.get("kind", "labels"))
        for name in ("y_true", "y_pred", "scores", "labels", "sample_weight", "shape", "batches"):
            if fields.get(name) is not None:
                fields[name] = _tupled(fields[name])
        if fields.get("zero_division") == "nan":
            fields["zero_division"] = float("nan")
        return cls(**fields)

    def encode(self) -> str:
        """Compact, canonical JSON text (used by replay commands and snapshots)."""
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))

    def with_(self, **changes: Any) -> Query:
        """A copy with some fields replaced (``dataclasses.replace``, without its
        per-call field introspection: generation calls this a few times per case)."""
        unknown = changes.keys() - _FIELD_SET
        if unknown:
            raise TypeError(f"Query has no field(s) {sorted(unknown)}")
        new = object.__new__(Query)
        put = object.__setattr__
        for name in _QUERY_FIELDS:
            put(new, name, changes[name] if name in changes else getattr(self, name))
        return new


_QUERY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Query))
_FIELD_SET = frozenset(_QUERY_FIELDS)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _tupled(value: Any) -> Any:
    return tuple(_tupled(v) for v in value) if isinstance(value, list) else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, StrEnum):
        return value.value
    return value
