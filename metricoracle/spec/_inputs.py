"""Validation and encoding of targets, labels and sample weights.

Everything a public metric function receives passes through here first, so that bad
input fails with a :class:`~metricoracle.errors.InvalidInput` (``ValueError``) or
:class:`~metricoracle.errors.InvalidInputType` (``TypeError``) that names the argument,
never with an ``IndexError`` from deep inside or a silently wrong number.

Target kinds follow scikit-learn's ``type_of_target``: 1-D labels are *binary* when
y_true and y_pred together hold at most two distinct labels and *multiclass* otherwise;
a 2-D 0/1 array with more than one column is a *multilabel indicator*; an ``(n, 1)``
column is flattened.  Labels are integers, booleans, integral floats or strings; one
call may not mix strings with numbers.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.errors import InvalidInput, InvalidInputType
from metricoracle.spec._arith import to_fraction
from metricoracle.spec._counting import range_confusion


class TargetKind(StrEnum):
    """scikit-learn's target types that classification metrics accept."""

    BINARY = "binary"
    MULTICLASS = "multiclass"
    MULTILABEL = "multilabel-indicator"


@dataclass(frozen=True)
class Targets:
    """Validated, encoded targets.

    Single-label: ``true``/``pred`` are int64 codes into ``classes`` (sorted labels
    present in either array).  Multilabel: ``true``/``pred`` are 2-D int8 0/1 arrays and
    ``classes`` is ``arange(n_labels)``.  When validation already counted the unweighted
    confusion matrix over ``classes`` (small-range integer labels), it is kept in
    ``matrix`` and the codes are only computed if someone asks for them.
    """

    kind: TargetKind
    classes: np.ndarray
    raw_true: np.ndarray
    raw_pred: np.ndarray
    matrix: np.ndarray | None = None  # when set, raw arrays hold label values, not codes

    @functools.cached_property
    def true(self) -> np.ndarray:
        return self._codes(self.raw_true)

    @functools.cached_property
    def pred(self) -> np.ndarray:
        return self._codes(self.raw_pred)

    def _codes(self, raw: np.ndarray) -> np.ndarray:
        # Direct counting kept the label values; classes are sorted, so a search encodes them.
        return raw if self.matrix is None else np.searchsorted(self.classes, raw)

    @property
    def n_samples(self) -> int:
        return int(self.raw_true.shape[0])

    @property
    def multilabel(self) -> bool:
        return self.kind is TargetKind.MULTILABEL


def _label_family(arr: np.ndarray, name: str) -> str:
    """'str' or 'number' for a non-empty array of labels; raise on anything else."""
    kind = arr.dtype.kind
    if kind == "U":
        return "str"
    if kind == "S":  # numpy bytes: kept apart from str, as scikit-learn's sort would
        return "bytes"
    if kind in "biu":
        return "number"
    if kind == "f":
        if not np.all(np.isfinite(arr)):
            bad = "NaN" if np.any(np.isnan(arr)) else "infinite"
            raise InvalidInput(f"{name} contains {bad} values; labels must be finite")
        if np.any(arr != np.floor(arr)):
            raise InvalidInput(
                f"{name} has continuous values (e.g. {arr[arr != np.floor(arr)][0]!r}); "
                "classification metrics need discrete labels"
            )
        return "number"
    if kind == "c":
        raise InvalidInputType(f"{name} has complex values; labels must be int, bool, float or str")
    if kind == "O":
        return _object_label_family(arr.ravel().tolist(), name)
    raise InvalidInputType(f"{name} has dtype {arr.dtype}; labels must be int, bool, float or str")


def _object_label_family(values: list[Any], name: str,
                         types: set[type] | None = None) -> str:
    """The label family of Python objects, checked per distinct type (cheap for lists)."""
    types = set(map(type, values)) if types is None else types
    if types == _INT:  # the common case: plain Python ints
        return "number"
    if type(None) in types:
        raise InvalidInputType(f"{name} contains None; every sample needs a label")
    strings = {t for t in types if issubclass(t, str)}
    if strings:
        if strings != types:
            raise InvalidInputType(f"{name} mixes string and numeric labels")
        return "str"
    for t in types:
        if not issubclass(t, numbers.Real) or issubclass(t, np.datetime64 | np.timedelta64):
            raise InvalidInputType(f"{name} contains a value of type {t.__name__}; "
                                   "labels must be int, bool, float or str")
    if not types <= {int, bool, np.int64, np.int32, np.bool_}:
        for value in values:
            if isinstance(value, float | np.floating) and not math.isfinite(value):
                bad = "NaN" if math.isnan(value) else "infinite"
                raise InvalidInput(f"{name} contains {bad} values; labels must be finite")
            if value != math.floor(value):
                raise InvalidInput(f"{name} has continuous values (e.g. {value!r}); "
                                   "classification metrics need discrete labels")
    return "number"


_INT = {int}
_NESTED = (list, tuple, np.ndarray)


def _from_values(values: Any, family: str) -> np.ndarray:
    """Python label values as an array.  Integers that numpy would round to float64
    (``np.asarray([2**63 + 1, 1])`` is float64) become an ``object`` array of Python ints."""
    if family == "str":
        return np.asarray(values, dtype=str)
    arr = np.asarray(values)
    if arr.dtype.kind == "f" and any(not isinstance(v, float | np.floating) and abs(v) >= 2**53
                                     for v in values):
        return np.asarray([int(v) for v in values], dtype=object)  # floats here are integral
    return arr


def as_label_array(y: Any, name: str) -> np.ndarray:
    """``y`` as a 1-D or 2-D numpy array; rejects scalars, None, ragged and >2-D input."""
    if type(y) is list or type(y) is tuple:  # the common case first, without np.isscalar
        types = set(map(type, y))
        if y and not any(issubclass(t, _NESTED) for t in types):
            return _from_values(y, _object_label_family(y, name, types))
    if y is None:
        raise InvalidInputType(f"{name}=None; expected an array-like of labels")
    if isinstance(y, str | bytes) or np.isscalar(y):
        raise InvalidInputType(f"{name}={y!r} is a scalar; expected an array-like of labels")
    if hasattr(y, "toarray"):  # scipy.sparse
        y = y.toarray()
    if isinstance(y, np.ndarray):
        arr = y
    else:
        seq = y if isinstance(y, list | tuple) else list(y)
        if seq and not any(issubclass(t, list | tuple | np.ndarray) for t in set(map(type, seq))):
            # Flat sequence: check the Python values, then convert once.
            return _from_values(seq, _object_label_family(seq, name))
        # Build an object array first: np.asarray(['a', 1]) would silently make '1' a string.
        try:
            arr = np.asarray(seq, dtype=object)
        except ValueError as exc:
            raise InvalidInput(f"{name} is ragged (rows of different lengths): {exc}") from None
        if arr.size and arr.ndim <= 2:
            arr = _from_values(arr.tolist(), _label_family(arr, name))
    if arr.ndim == 0:
        raise InvalidInputType(f"{name} is a 0-d array; expected a 1-D or 2-D array of labels")
    if arr.ndim > 2:
        raise InvalidInput(f"{name} has {arr.ndim} dimensions; expected 1-D labels or a 2-D "
                           "multilabel indicator")
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    return arr


def _exact_numbers(arr: np.ndarray) -> np.ndarray:
    """Numeric labels as int64 where that is exact, else an ``object`` array of Python ints
    (uint64 ≥ 2**63, floats beyond int64), so that no two labels merge in a float64 or
    wrap-around conversion.  Float labels were checked to be integral."""
    kind = arr.dtype.kind
    if kind == "O":
        return arr
    if kind == "u" and arr.dtype.itemsize == 8 and arr.size and int(arr.max()) >= 2**63:
        return arr.astype(object)
    if kind == "f" and arr.size and not bool(np.all(np.abs(arr) < 2**63)):
        return np.asarray([int(v) for v in arr.tolist()], dtype=object)
    return arr.astype(np.int64, copy=False)


def _encode_pair(true: np.ndarray, pred: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes of both arrays into their sorted union of labels."""
    fam_t, fam_p = _label_family(true, "y_true"), _label_family(pred, "y_pred")
    if fam_t != fam_p:
        raise InvalidInputType(
            f"mixed label types: y_true has {fam_t} labels, y_pred has {fam_p} labels"
        )
    if fam_t == "number":
        true, pred = _exact_numbers(true), _exact_numbers(pred)
        if true.dtype.kind == "O" or pred.dtype.kind == "O":
            true, pred = true.astype(object), pred.astype(object)
    if true.dtype == pred.dtype == np.int64:
        lo = min(int(true.min()), int(pred.min()))
        hi = max(int(true.max()), int(pred.max()))
        if hi - lo <= 4 * (true.size + pred.size) + 1024:
            # Small range: count occurrences instead of sorting (one pass per array).
            present = (np.bincount(true - lo, minlength=hi - lo + 1) > 0) | (
                np.bincount(pred - lo, minlength=hi - lo + 1) > 0)
            classes = np.flatnonzero(present) + lo
            lookup = np.cumsum(present) - 1
            return classes, lookup[true - lo], lookup[pred - lo]
    classes, codes = np.unique(np.concatenate([true, pred]), return_inverse=True)
    codes = codes.astype(np.int64, copy=False)
    return classes, codes[: true.size], codes[true.size:]


def check_targets(y_true: Any, y_pred: Any) -> Targets:
    """Validate and encode a pair of target arrays (scikit-learn's ``_check_targets``)."""
    true = as_label_array(y_true, "y_true")
    pred = as_label_array(y_pred, "y_pred")
    if true.shape[0] != pred.shape[0]:
        raise InvalidInput(
            f"y_true and y_pred have different numbers of samples: {true.shape[0]} != {pred.shape[0]}"
        )
    if true.shape[0] == 0:
        raise InvalidInput("empty input: y_true and y_pred have no samples")
    if true.ndim != pred.ndim:
        raise InvalidInput(
            "y_true and y_pred mix multilabel-indicator and multiclass targets "
            f"(shapes {true.shape} and {pred.shape})"
        )
    if true.ndim == 2:
        return _check_multilabel(true, pred)
    counted = _count_direct(true, pred)
    if counted is not None:
        return counted
    classes, t, p = _encode_pair(true, pred)
    return Targets(kind=_single_label_kind(classes), classes=classes, raw_true=t, raw_pred=p)


def _single_label_kind(classes: Any) -> TargetKind:
    return TargetKind.BINARY if len(classes) <= 2 else TargetKind.MULTICLASS


_SMALL = 64  # below this many samples, counting in Python beats numpy's per-call overhead


def _count_small(true: np.ndarray, pred: np.ndarray) -> Targets | None:
    """:func:`_count_direct` for a few samples: the same result, counted in Python."""
    t, p = true.tolist(), pred.tolist()
    if min(min(t), min(p)) < 0:
        return None
    present = sorted(set(t) | set(p))
    if present[-1] >= 4 * _SMALL:  # sparse labels: leave it to the general encoder
        return None
    code = {label: i for i, label in enumerate(present)}
    k = len(present)
    cells = [0] * (k * k)
    for a, b in zip(t, p, strict=True):
        cells[code[a] * k + code[b]] += 1
    return Targets(kind=_single_label_kind(present), classes=np.array(present, dtype=np.int64),
                   raw_true=true, raw_pred=pred,
                   matrix=np.array(cells, dtype=np.int64).reshape(k, k))


def _count_direct(true: np.ndarray, pred: np.ndarray) -> Targets | None:
    """Validate and count non-negative int64 labels in one pass, without sorting."""
    if true.dtype == pred.dtype == np.int64 and 0 < true.shape[0] <= _SMALL:
        return _count_small(true, pred)
    by_value = range_confusion(true, pred)
    if by_value is None:
        return None
    present = np.flatnonzero(np.add.reduce(by_value, axis=0) + np.add.reduce(by_value, axis=1))
    k = present.shape[0]
    # labels 0..k-1 (the usual case): a view instead of two fancy-index copies
    matrix = by_value[:k, :k] if present[-1] == k - 1 else by_value[present][:, present]
    return Targets(kind=_single_label_kind(present), classes=present, raw_true=true,
                   raw_pred=pred, matrix=matrix)


def _check_multilabel(true: np.ndarray, pred: np.ndarray) -> Targets:
    if true.shape[1] != pred.shape[1]:
        raise InvalidInput(
            f"y_true and y_pred have different numbers of labels: {true.shape[1]} != {pred.shape[1]}"
        )
    if true.shape[1] == 0:
        raise InvalidInput("multilabel indicator with 0 columns")
    out = []
    for arr, name in ((true, "y_true"), (pred, "y_pred")):
        if _label_family(arr, name) != "number":
            raise InvalidInput(f"{name} is 2-D with string values; a multilabel indicator holds 0/1")
        values = arr.astype(np.float64) if arr.dtype.kind == "O" else arr
        if not np.all((values == 0) | (values == 1)):
            raise InvalidInput(
                f"{name} is a 2-D multilabel indicator with values other than 0 and 1"
            )
        out.append(np.asarray(values, dtype=np.int8))
    return Targets(kind=TargetKind.MULTILABEL, classes=np.arange(true.shape[1]),
                   raw_true=out[0], raw_pred=out[1])


def check_sample_weight(sample_weight: Any, n_samples: int, *, exact: bool) -> np.ndarray | None:
    """Validate weights: 1-D, length n_samples, finite, ≥ 0, not all 0.

    Returns None for unit weights; an int64 array when every weight is an integer and
    Σ w < 2**53 (exact counting stays in integers); otherwise, when ``exact``, an object
    array of Python ints (integer weights) or ``Fraction`` (``Fraction(float)`` is the
    float's exact binary value), else float64.
    """
    if sample_weight is None:
        return None
    if type(sample_weight) in (list, tuple) and len(sample_weight) == n_samples:
        small = _small_weights(list(sample_weight), exact=exact)
        if small is not None:
            return small
    if np.isscalar(sample_weight):
        raise InvalidInputType(
            f"sample_weight={sample_weight!r} is a scalar; expected one weight per sample")
    arr = np.asarray(sample_weight, dtype=object if exact else None)
    if arr.ndim != 1:
        raise InvalidInput(f"sample_weight must be 1-D, got shape {arr.shape}")
    if arr.shape[0] != n_samples:
        raise InvalidInput(
            f"sample_weight has {arr.shape[0]} entries but there are {n_samples} samples")
    values: list[Any] | None = None
    if arr.dtype.kind == "O":
        values = arr.tolist()
        types = set(map(type, values))
        for t in types:
            if issubclass(t, bool | np.bool_) or not issubclass(t, numbers.Real):
                bad = next(w for w in values if type(w) is t)
                raise InvalidInputType(
                    f"sample_weight contains {bad!r} of type {t.__name__}; weights are numbers")
        floats = np.array(values, dtype=np.float64)
    elif arr.dtype.kind in "iuf":
        floats = arr.astype(np.float64, copy=False)
    else:
        raise InvalidInputType(f"sample_weight has dtype {arr.dtype}; weights are numbers")
    _check_weight_values(
        finite=lambda: bool(np.all(np.isfinite(floats))),
        negative=lambda: bool(np.any(floats < 0))
        or (values is not None and any(w < 0 for w in values)),
        positive=lambda: bool(np.any(floats > 0)))
    # Integer counting is exact only while every partial sum stays below 2**53 (bincount
    # adds weights in float64); for non-negative weights that is exactly ``Σ w < 2**53``.
    small_sum = bool(floats.sum() < 2**53)
    if arr.dtype.kind in "iu":
        whole, exact_values = True, arr.tolist()
    else:
        whole = bool(np.all(floats == np.floor(floats)))
        # A Fraction's float may look integral when it is not.
        whole = whole and (values is None or all(w.denominator == 1 for w in values
                                                 if isinstance(w, Fraction)))
        exact_values = values if values is not None else floats.tolist()
    if whole and small_sum:
        return arr.astype(np.int64) if values is None else np.array(
            [int(w) for w in values], dtype=np.int64)
    if not exact:
        return floats
    if whole:  # integers too large for float64 counting: exact Python ints
        out = np.empty(len(exact_values), dtype=object)
        out[:] = [int(w) for w in exact_values]
        return out
    return _fractions(exact_values)


def _check_weight_values(*, finite: Callable[[], bool], negative: Callable[[], bool],
                         positive: Callable[[], bool]) -> None:
    """The value checks of sample weights, in this order and wording, for both paths
    (each test runs only if the ones before it passed)."""
    if not finite():
        raise InvalidInput("sample_weight contains NaN or infinite values")
    if negative():
        raise InvalidInput("sample_weight contains negative values; weights must be ≥ 0")
    if not positive():
        # scikit-learn 1.9.1 raises here too ("must contain at least one non-zero number").
        raise InvalidInput("sample_weight has no positive weight; at least one must be > 0")


def _small_weights(values: list[Any], *, exact: bool) -> np.ndarray | None:
    """:func:`check_sample_weight` for a list of Python floats/ints, checked in Python (the
    same checks and messages); None hands anything else to the general path."""
    types = set(map(type, values))
    if not values or not types <= {int, float}:
        return None
    if int in types and any(type(w) is int and abs(w) >= 2**53 for w in values):
        return None  # huge integers: the general path decides
    _check_weight_values(finite=lambda: all(map(math.isfinite, values)),
                         negative=lambda: min(values) < 0, positive=lambda: max(values) > 0)
    if all(w == int(w) for w in values) and sum(values) < 2**53:
        return np.array([int(w) for w in values], dtype=np.int64)
    return _fractions(values) if exact else np.array(values, dtype=np.float64)


def _fractions(values: list[Any]) -> np.ndarray:
    """Exact weights as an object array of ``Fraction``, converting each distinct value
    once (weights often repeat: class weights, a handful of levels)."""
    seen: dict[Any, Fraction] = {}
    out = np.empty(len(values), dtype=object)
    out[:] = [seen[w] if w in seen else seen.setdefault(w, to_fraction(w)) for w in values]
    return out


def resolve_labels(targets: Targets, labels: Any, *,
                   check_type: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Extend the encoded classes with ``labels`` and return (all_classes, selected codes).

    ``labels=None`` selects every present label in sorted order.  Otherwise each requested
    label is located among the present ones (absent labels get new codes after them, with
    zero counts); the selection keeps the user's order.  Raises on empty ``labels``,
    duplicates and labels of the wrong type.
    """
    classes = targets.classes
    if labels is None:
        return classes, np.arange(len(classes))
    requested = as_label_array(labels, "labels")
    if requested.ndim != 1:
        raise InvalidInput(f"labels must be 1-D, got shape {requested.shape}")
    if requested.size == 0:
        raise InvalidInput("labels=[] is empty; give at least one label or labels=None")
    if targets.multilabel:
        if _label_family(requested, "labels") != "number":
            raise InvalidInputType("labels for multilabel data are column indices (integers)")
        columns = [int(v) for v in requested.tolist()]  # Python ints: no int64 overflow
        if min(columns) < 0 or max(columns) >= len(classes):
            raise InvalidInput(
                f"labels={requested.tolist()} must be column indices in [0, {len(classes)})")
        idx = np.array(columns, dtype=np.int64)
        if len(set(idx.tolist())) != len(idx):
            raise InvalidInput(f"labels={requested.tolist()} contains duplicates")
        return classes, idx
    family = _label_family(requested, "labels")
    if check_type and classes.size and family != _label_family(classes, "y_true"):
        raise InvalidInputType(
            f"labels are {family}s but y_true and y_pred hold {_label_family(classes, 'y_true')} labels")
    values = requested.tolist()
    if len(set(values)) != len(values):
        raise InvalidInput(f"labels={values} contains duplicates")
    position = {v: i for i, v in enumerate(classes.tolist())}
    extra = [v for v in values if v not in position]
    for v in extra:
        position[v] = len(position)
    all_classes = np.asarray(classes.tolist() + extra, dtype=object if extra else classes.dtype)
    if extra and all(isinstance(v, str) for v in all_classes):
        all_classes = all_classes.astype(str)
    return all_classes, np.array([position[v] for v in values], dtype=np.int64)
