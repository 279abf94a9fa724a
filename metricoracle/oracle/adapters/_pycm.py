"""pycm: ``ConfusionMatrix(actual_vector, predict_vector, sample_weight)`` and its stat tables.

Read against pycm 4.6 (``pycm/cm.py``, ``pycm/overall_func.py``, ``pycm/class_func.py``).
pycm marks undefined values with the string ``"None"``; the adapter reports those as NaN
(the comparison then says where the spec had a number).  Single-label data only.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

import pycm

from metricoracle.oracle._query import InputKind, Query, Task
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported

# spec metric -> (per-class key, macro key, micro key)
_PER_CLASS: dict[str, tuple[str, str | None, str | None]] = {
    "precision_score": ("PPV", "PPV Macro", "PPV Micro"),
    "recall_score": ("TPR", "TPR Macro", "TPR Micro"),
    "f1_score": ("F1", "F1 Macro", "F1 Micro"),
    "jaccard_score": ("J", None, None),
    "specificity_score": ("TNR", "TNR Macro", "TNR Micro"),
    "npv_score": ("NPV", "NPV Macro", "NPV Micro"),
    "fpr_score": ("FPR", "FPR Macro", "FPR Micro"),
    "fnr_score": ("FNR", "FNR Macro", "FNR Micro"),
}
_OVERALL = {
    "accuracy_score": "Overall ACC",
    "matthews_corrcoef": "Overall MCC",
    "cohen_kappa_score": "Kappa",
    "hamming_loss": "Hamming Loss",
}


def _number(value: Any) -> Any:
    return float("nan") if value == "None" or value is None else value


def _cell(table: dict[Any, Any], label: Any) -> Any:
    """``table[label]``, or ``table[str(label)]`` where pycm stringified the classes.

    pycm 4.6 turns every label into ``str`` when the vectors mix types or hold a single
    value (``pycm/utils.py::vector_filter``), and then adds the class ``"~other~"``
    (``pycm/utils.py::classes_filter``): ``[1], [1]`` has classes ``['1', '~other~']``.
    """
    if label in table:
        return table[label]
    return table[str(label)]  # support() made sure pycm has the class


def _class_keys(q: Query) -> set[Any]:
    """The keys of pycm's tables for this data (``pycm/utils.py::vector_filter``, lines
    101-118: every label becomes ``str`` when the types mix or a single value occurs)."""
    values = list(q.y_true) + list(q.y_pred)
    if len(set(map(type, values))) > 1 or len(set(values)) == 1:
        return {str(v) for v in values}
    return set(values)


class PycmAdapter:
    """One ``pycm.ConfusionMatrix`` per query, then a lookup in ``class_stat``/``overall_stat``."""

    name: ClassVar[str] = "pycm"
    version: ClassVar[str] = pycm.__version__

    def support(self, q: Query) -> Support:
        if q.task is Task.MULTILABEL:
            return Unsupported("multilabel data")
        if q.kind is not InputKind.LABELS or q.ignore_index is not None or q.shape is not None:
            return Unsupported(f"{q.kind.value} input / ignore_index / multidimensional input")
        if (
            q.metric not in _PER_CLASS
            and q.metric not in _OVERALL
            and q.metric != "confusion_matrix"
        ):
            return Unsupported(f"pycm has no {q.metric}")
        if q.labels is not None or (q.num_classes is not None and q.metric == "confusion_matrix"):
            return Unsupported("labels= / num_classes")
        if q.metric in _PER_CLASS:
            if q.average == "weighted":
                return Unsupported("average='weighted'")
            if q.average == "binary" and q.task is not Task.BINARY:
                return Unsupported("average='binary' on non-binary data")
            if q.average in ("macro", "micro") and q.metric == "jaccard_score":
                return Unsupported("jaccard macro/micro")
            if q.num_classes is not None and q.average != "binary":
                return Unsupported("num_classes")
            if q.average == "binary":
                keys = _class_keys(q)
                if q.pos_label not in keys and str(q.pos_label) not in keys:
                    # one label only, and not pos_label: pycm names the missing class
                    # '~other~' (pycm/utils.py::classes_filter) and has no stats for pos_label
                    return Unsupported("pos_label does not occur: pycm has no class for it")
        return SUPPORTED

    def run(self, q: Query) -> Any:
        kwargs: dict[str, Any] = {}
        if q.sample_weight is not None:
            kwargs["sample_weight"] = list(q.sample_weight)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cm = pycm.ConfusionMatrix(
                actual_vector=list(q.y_true), predict_vector=list(q.y_pred), **kwargs
            )
        classes = sorted(cm.classes, key=lambda c: (str(type(c)), c))
        if q.metric == "confusion_matrix":
            return [[_cell(_cell(cm.table, a), p) for p in classes] for a in classes]
        if q.metric in _OVERALL:
            return _number(cm.overall_stat[_OVERALL[q.metric]])
        per_class, macro, micro = _PER_CLASS[q.metric]
        if q.average == "binary":
            return _number(_cell(cm.class_stat[per_class], q.pos_label))
        if q.average is None:
            return [_number(_cell(cm.class_stat[per_class], c)) for c in classes]
        return _number(cm.overall_stat[macro if q.average == "macro" else micro])
