"""Differential test: every public ``metricoracle.spec`` function against scikit-learn 1.9.1.

For hypothesis-generated inputs (binary, multiclass and multilabel data; int, str and
bool labels; label subsets and supersets; every ``average``, ``pos_label``,
``zero_division``, ``normalize`` and ``sample_weight`` with zeros and fractions) each
case is run through scikit-learn, the exact spec and ``spec.fast``:

* both raise (spec: ``ValueError``/``TypeError``), or
* both return values that agree within ``ABS_TOL + REL_TOL·|sklearn|`` (NaN = NaN), or
* a named divergence from :data:`DIVERGENCES` applies to the input (its predicate is
  computed from the input alone, never from the outcomes).

``spec.fast`` must agree with the exact spec within the same tolerance on every case.
Specificity, NPV, FPR and FNR have no scikit-learn function; they are checked against
scikit-learn's ``multilabel_confusion_matrix`` counts and the textbook formula.
Examples are derandomized (CI-deterministic) and bounded to keep the run under a minute.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

sklearn_metrics = pytest.importorskip("sklearn.metrics")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from metricoracle import spec  # noqa: E402
from metricoracle.spec import fast  # noqa: E402

ABS_TOL = 1e-9
REL_TOL = 1e-9
# 100 examples per metric keeps the file under a minute on a loaded 2-core machine;
# METRICORACLE_DIFF_EXAMPLES=1000 gives a thorough run.
EXAMPLES = int(os.environ.get("METRICORACLE_DIFF_EXAMPLES", "100"))
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

NAN = np.nan  # the object itself: scikit-learn's Options(..., {np.nan}) tests identity


# --------------------------------------------------------------------------- divergences

@dataclass(frozen=True)
class Case:
    """One call: metric name, positional data and keyword arguments."""

    metric: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def kw(self, name: str, default: Any = None) -> Any:
        return self.kwargs.get(name, default)


@dataclass(frozen=True)
class Divergence:
    """When a deliberate difference from scikit-learn 1.9.1 applies to a case.

    What the difference is (spec vs scikit-learn, and the source) is the spec's
    :data:`~metricoracle.spec.conventions.SKLEARN_CONVENTIONS` entry of the same name.
    """

    name: str
    applies: Callable[[Case], bool]


SETWISE = {"precision_score", "recall_score", "f1_score", "fbeta_score", "jaccard_score",
           "precision_recall_fscore_support", "multilabel_confusion_matrix"}


def _labels_none_present(case: Case) -> bool:
    labels = case.kw("labels")
    y_true, y_pred = case.args
    if case.metric not in SETWISE or labels is None or np.ndim(y_true) == 2:
        return False
    if case.kw("average") == "binary":
        return False  # labels= is ignored for average="binary"
    present = {*np.asarray(y_true).tolist(), *np.asarray(y_pred).tolist()}
    return not any(label in present for label in labels)


def _single_true_class(case: Case) -> bool:
    y_true = np.asarray(case.args[0])
    if y_true.ndim != 1:
        return False
    weights = case.kw("sample_weight")
    w = np.ones(len(y_true)) if weights is None else np.asarray(weights, dtype=float)
    return len({t for t, wt in zip(y_true.tolist(), w, strict=True) if wt > 0}) == 1


def _no_positive_weight(case: Case) -> bool:
    if np.ndim(case.args[0]) != 1:
        return False
    y_true = np.asarray(case.args[0]).tolist()
    labels = case.kw("labels")
    classes = sorted({*y_true, *np.asarray(case.args[1]).tolist()})
    positive = labels[1] if labels is not None and len(labels) == 2 else classes[-1]
    weights = case.kw("sample_weight")
    w = [1] * len(y_true) if weights is None else weights
    return sum(wt for t, wt in zip(y_true, w, strict=True) if t == positive) == 0


def _replacement_not_nan(case: Case) -> bool:
    value = case.kw("replace_undefined_by", NAN)
    return not (isinstance(value, float) and math.isnan(value))


DIVERGENCES = (
    Divergence("labels_none_present", _labels_none_present),
    Divergence(
        "jaccard_nan_zero_division",
        lambda c: c.metric == "jaccard_score" and isinstance(c.kw("zero_division"), float)
        and math.isnan(c.kw("zero_division")),
    ),
    Divergence(
        "balanced_accuracy_adjusted_single_class",
        lambda c: c.metric == "balanced_accuracy_score" and c.kw("adjusted", False)
        and _single_true_class(c),
    ),
    Divergence(
        "likelihood_ratio_no_positives",
        lambda c: c.metric == "class_likelihood_ratios" and _replacement_not_nan(c)
        and _no_positive_weight(c),
    ),
    Divergence(
        "top_k_zero_weights",
        lambda c: c.metric == "top_k_accuracy_score" and c.kw("sample_weight") is not None
        and not any(w > 0 for w in c.kw("sample_weight")),
    ),
    Divergence(
        "negative_sample_weight",
        lambda c: c.kw("sample_weight") is not None and any(w < 0 for w in c.kw("sample_weight")),
    ),
    Divergence(
        "duplicate_labels",
        lambda c: c.kw("labels") is not None and len(set(c.kw("labels"))) < len(c.kw("labels")),
    ),
    Divergence("labels_empty", lambda c: c.kw("labels") is not None and len(c.kw("labels")) == 0),
    Divergence("labels_wrong_type", lambda c: _labels_wrong_type(c)),
    Divergence("labels_exact_union", lambda c: _huge_int_label(c)),
    Divergence("lenient_label_containers", lambda c: _lenient_container(c)),
    Divergence("bool_parameters", lambda c: _bool_parameter(c)),
)


def _labels_wrong_type(case: Case) -> bool:
    labels = case.kw("labels")
    if labels is None or np.ndim(case.args[0]) == 2:
        return False
    data_str = isinstance(np.asarray(case.args[0]).tolist()[0], str)
    return any(isinstance(v, str) != data_str or (isinstance(v, float) and v != int(v))
               for v in labels)


def _huge_int_label(case: Case) -> bool:
    values = [*np.ravel(case.args[0]).tolist(), *np.ravel(case.args[1]).tolist()]
    return any(isinstance(v, int) and abs(v) >= 2**53 for v in values)


def _lenient_container(case: Case) -> bool:
    arrays = [a for a in case.args[:2] if isinstance(a, np.ndarray)]
    return any(a.dtype.kind in "OS" for a in arrays) or np.ndim(case.kw("labels", [])) == 2


def _bool_parameter(case: Case) -> bool:
    flags = [case.kw(name) for name in ("zero_division", "beta", "replace_undefined_by")]
    weights = case.kw("sample_weight")
    return any(isinstance(v, bool) for v in flags) or (
        weights is not None and any(isinstance(w, bool) for w in weights))
DIVERGENCE_NAMES = tuple(d.name for d in DIVERGENCES)


def applicable(case: Case) -> list[str]:
    return [d.name for d in DIVERGENCES if d.applies(case)]


# --------------------------------------------------------------------------- comparison

def _call(fn: Callable[..., Any], case: Case) -> tuple[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                return "ok", fn(*case.args, **case.kwargs)
            except Exception as exc:
                return "raise", exc


def _flatten(value: Any) -> list[Any] | None:
    """Nested tuples/lists/arrays → flat list of scalars (None stays None)."""
    if value is None:
        return None
    if isinstance(value, tuple | list | np.ndarray):
        out: list[Any] = []
        for item in (value.ravel().tolist() if isinstance(value, np.ndarray) else value):
            flat = _flatten(item)
            out.extend([None] if flat is None else flat)
        return out
    return [value]


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    fa, fb = float(a), float(b)
    if math.isnan(fa) or math.isnan(fb):
        return math.isnan(fa) and math.isnan(fb)
    if math.isinf(fa) or math.isinf(fb):
        return fa == fb
    return abs(fa - fb) <= ABS_TOL + REL_TOL * abs(fb)


def agree(ours: Any, theirs: Any) -> bool:
    a, b = _flatten(ours), _flatten(theirs)
    if a is None or b is None:
        return a is None and b is None
    if np.shape(ours) != np.shape(theirs) and not isinstance(ours, tuple):
        return False
    return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))


def _is_exact(value: Any) -> bool:
    """Exact results hold Fraction/int/ExactSqrt, or float only for NaN/inf policies."""
    flat = _flatten(value) or []
    return all(v is None or isinstance(v, int | Fraction | spec.ExactSqrt)
               or (isinstance(v, float) and not math.isfinite(v)) for v in flat)


def check(case: Case, reference: Callable[..., Any] | None = None) -> None:
    """Compare exact spec, fast spec and scikit-learn (or ``reference``) on one case."""
    exact = _call(getattr(spec, case.metric), case)
    quick = _call(getattr(fast, case.metric), case)
    theirs = _call(reference or getattr(sklearn_metrics, case.metric), case)
    context = f"{case}\n  spec: {exact}\n  fast: {quick}\n  sklearn: {theirs}"
    # exact vs fast: always the same outcome
    assert exact[0] == quick[0], f"exact and fast disagree on raising: {context}"
    if exact[0] == "raise":
        assert isinstance(exact[1], ValueError | TypeError), context
        assert type(exact[1]) is type(quick[1]), context
    else:
        assert _is_exact(exact[1]), f"exact result is not exact: {context}"
        assert agree(exact[1], quick[1]), f"exact and fast values disagree: {context}"
    if applicable(case):
        return  # a named divergence: scikit-learn's side is modelled by the oracle
    assert exact[0] == theirs[0], f"spec and sklearn disagree on raising: {context}"
    if exact[0] == "ok":
        assert agree(exact[1], theirs[1]), f"spec and sklearn values disagree: {context}"


# --------------------------------------------------------------------------- strategies

POOLS = {
    "int": [0, 1, 2, 3],
    "binary_int": [0, 1],
    "signed": [-1, 1],
    "str": ["a", "b", "c", "d"],
    "binary_str": ["neg", "pos"],
    "bool": [False, True],
}
ABSENT = {"int": 7, "binary_int": 7, "signed": 7, "str": "z", "binary_str": "z", "bool": None}
WEIGHTS = [0, 1, 2, 3, 0.5, 0.25, 0.1]
ZERO_DIVISION = ["warn", 0, 1, 0.0, 1.0, NAN]
ALL_FAMILIES = [*sorted(POOLS), "multilabel", "multilabel"]
SINGLE_LABEL_FAMILIES = [*sorted(POOLS), "int", "str", "multilabel"]  # multilabel: errors
BINARY_FAMILIES = ["binary_int", "binary_int", "signed", "binary_str", "bool", "int",
                   "multilabel"]


def draw_data(draw: st.DrawFn, families: list[str]) -> tuple[Any, Any, str]:
    """(y_true, y_pred, family): pairs are drawn together, so lengths always match."""
    family = draw(st.sampled_from(families))
    if family == "multilabel":
        n_labels = draw(st.integers(2, 4))
        row = st.lists(st.integers(0, 1), min_size=n_labels, max_size=n_labels)
        pairs = draw(st.lists(st.tuples(row, row), min_size=1, max_size=8))
        return np.array([t for t, _ in pairs]), np.array([p for _, p in pairs]), family
    pool = POOLS[family]
    if family == "int" and draw(st.booleans()):
        pool = pool[:2]  # binary data that may still name absent labels 2, 3
    pairs = draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(pool)),
                          min_size=1, max_size=10))
    return [t for t, _ in pairs], [p for _, p in pairs], family


def draw_weights(draw: st.DrawFn, n: int) -> list[Any] | None:
    return draw(st.one_of(st.none(), st.lists(st.sampled_from(WEIGHTS), min_size=n,
                                              max_size=n)))


def label_choices(family: str) -> list[Any]:
    return [*POOLS[family], *([ABSENT[family]] if ABSENT[family] is not None else [])]


def draw_labels(draw: st.DrawFn, family: str, y_true: Any) -> Any:
    """None, or a unique subset/superset of the labels in random order."""
    if family == "multilabel":
        n_cols = np.shape(y_true)[1]
        return draw(st.one_of(st.none(), st.lists(st.integers(0, n_cols - 1), min_size=1,
                                                  max_size=n_cols, unique=True)))
    choices = label_choices(family)
    return draw(st.one_of(st.none(), st.lists(st.sampled_from(choices), min_size=1,
                                              max_size=len(choices), unique=True)))


# --------------------------------------------------------------------------- tests

SETWISE_FUNCTIONS = ["precision_score", "recall_score", "f1_score", "fbeta_score",
                     "jaccard_score", "precision_recall_fscore_support"]


def setwise_case(draw: st.DrawFn, metric: str) -> Case:
    y_true, y_pred, family = draw_data(draw, ALL_FAMILIES)
    kwargs: dict[str, Any] = {}
    if not (metric == "precision_recall_fscore_support" and draw(st.booleans())):
        kwargs["average"] = draw(st.sampled_from([None, "binary", "micro", "macro",
                                                  "weighted", "samples"]))
    if draw(st.booleans()):
        kwargs["pos_label"] = draw(st.sampled_from(
            label_choices(family) if family != "multilabel" else [0, 1]))
    kwargs["labels"] = draw_labels(draw, family, y_true)
    kwargs["sample_weight"] = draw_weights(draw, len(y_true))
    kwargs["zero_division"] = draw(st.sampled_from(ZERO_DIVISION))
    if metric == "fbeta_score" or (metric == "precision_recall_fscore_support"
                                   and draw(st.booleans())):
        kwargs["beta"] = draw(st.sampled_from([0, 0.5, 1, 2, 3.0]))
    return Case(metric, (y_true, y_pred), kwargs)


@pytest.mark.parametrize("metric", SETWISE_FUNCTIONS)
@SETTINGS
@given(data=st.data())
def test_setwise_metrics_agree_with_sklearn(metric: str, data: st.DataObject) -> None:
    check(data.draw(st.composite(lambda draw: setwise_case(draw, metric))()))


EXTRAS = {"specificity_score": ("tn", "fp"), "npv_score": ("tn", "fn"),
          "fpr_score": ("fp", "tn"), "fnr_score": ("fn", "tp")}


def _extra_reference(metric: str) -> Callable[..., Any]:
    """Textbook formula over scikit-learn's per-label counts (average None/micro/macro/weighted)."""
    num_name, other = EXTRAS[metric]

    def reference(y_true: Any, y_pred: Any, *, labels: Any = None, average: Any = None,
                  sample_weight: Any = None, zero_division: Any = "warn") -> Any:
        mcm = sklearn_metrics.multilabel_confusion_matrix(
            y_true, y_pred, labels=labels, sample_weight=sample_weight).astype(float)
        cells = {"tn": mcm[:, 0, 0], "fp": mcm[:, 0, 1], "fn": mcm[:, 1, 0],
                 "tp": mcm[:, 1, 1]}
        num, den = cells[num_name], cells[num_name] + cells[other]
        if average == "micro":
            num, den = num.sum(keepdims=True), den.sum(keepdims=True)
        zd = 0.0 if zero_division == "warn" else float(zero_division)
        values = np.where(den > 0, num / np.where(den > 0, den, 1), zd)
        if average == "micro":
            return float(values[0])
        if average is None:
            return values
        keep = ~np.isnan(values)
        if not keep.any():
            return NAN
        support = (cells["tp"] + cells["fn"])[keep]
        if average == "weighted" and support.sum() > 0:
            return float(np.average(values[keep], weights=support))
        return float(values[keep].mean())

    return reference


def extra_case(draw: st.DrawFn, metric: str) -> Case:
    y_true, y_pred, family = draw_data(draw, ALL_FAMILIES)
    kwargs = {"average": draw(st.sampled_from([None, "micro", "macro", "weighted"])),
              "labels": draw_labels(draw, family, y_true),
              "sample_weight": draw_weights(draw, len(y_true)),
              "zero_division": draw(st.sampled_from(ZERO_DIVISION))}
    return Case(metric, (y_true, y_pred), kwargs)


@pytest.mark.parametrize("metric", sorted(EXTRAS))
@settings(SETTINGS, max_examples=EXAMPLES // 2)
@given(data=st.data())
def test_extra_rates_agree_with_sklearn_counts(metric: str, data: st.DataObject) -> None:
    case = data.draw(st.composite(lambda draw: extra_case(draw, metric))())
    if _labels_none_present(Case("precision_score", case.args, case.kwargs)):
        with pytest.raises(ValueError):
            getattr(spec, case.metric)(*case.args, **case.kwargs)
        return
    check(case, _extra_reference(case.metric))


def matrix_case(draw: st.DrawFn, metric: str) -> Case:
    families = SINGLE_LABEL_FAMILIES if metric == "confusion_matrix" else ALL_FAMILIES
    y_true, y_pred, family = draw_data(draw, families)
    kwargs: dict[str, Any] = {"labels": draw_labels(draw, family, y_true),
                              "sample_weight": draw_weights(draw, len(y_true))}
    if metric == "confusion_matrix":
        kwargs["normalize"] = draw(st.sampled_from([None, "true", "pred", "all"]))
    else:
        kwargs["samplewise"] = draw(st.booleans())
    return Case(metric, (y_true, y_pred), kwargs)


@pytest.mark.parametrize("metric", ["confusion_matrix", "multilabel_confusion_matrix"])
@SETTINGS
@given(data=st.data())
def test_confusion_matrices_agree_with_sklearn(metric: str, data: st.DataObject) -> None:
    check(data.draw(st.composite(lambda draw: matrix_case(draw, metric))()))


WHOLE_MATRIX = ["accuracy_score", "zero_one_loss", "hamming_loss", "balanced_accuracy_score",
                "matthews_corrcoef", "cohen_kappa_score", "class_likelihood_ratios"]
LR_REPLACEMENTS = [NAN, 1.0, 1, {"LR+": 1.0, "LR-": 1.0}, {"LR+": math.inf, "LR-": 0.0},
                   {"LR+": 2.0, "LR-": NAN}]


def whole_matrix_case(draw: st.DrawFn, metric: str) -> Case:
    families = {"accuracy_score": ALL_FAMILIES, "zero_one_loss": ALL_FAMILIES,
                "hamming_loss": ALL_FAMILIES,
                "class_likelihood_ratios": BINARY_FAMILIES}.get(metric, SINGLE_LABEL_FAMILIES)
    y_true, y_pred, family = draw_data(draw, families)
    kwargs: dict[str, Any] = {"sample_weight": draw_weights(draw, len(y_true))}
    if metric in ("accuracy_score", "zero_one_loss"):
        kwargs["normalize"] = draw(st.booleans())
    elif metric == "balanced_accuracy_score":
        kwargs["adjusted"] = draw(st.booleans())
    elif metric == "cohen_kappa_score":
        kwargs["labels"] = draw_labels(draw, family, y_true)
        kwargs["weights"] = draw(st.sampled_from([None, "linear", "quadratic"]))
        kwargs["replace_undefined_by"] = draw(st.sampled_from([NAN, 0.0, -1.0, 0.5, 1]))
    elif metric == "class_likelihood_ratios":
        if family != "multilabel" and draw(st.booleans()):
            kwargs["labels"] = draw(st.lists(st.sampled_from(label_choices(family)),
                                             min_size=1, max_size=3, unique=True))
        kwargs["replace_undefined_by"] = draw(st.sampled_from(LR_REPLACEMENTS))
    return Case(metric, (y_true, y_pred), kwargs)


@pytest.mark.parametrize("metric", WHOLE_MATRIX)
@SETTINGS
@given(data=st.data())
def test_whole_matrix_metrics_agree_with_sklearn(metric: str, data: st.DataObject) -> None:
    check(data.draw(st.composite(lambda draw: whole_matrix_case(draw, metric))()))


SCORES = [0.0, 0.1, 0.25, 0.5, 0.75, 1.0, -1.0, 2.0]


@st.composite
def top_k_cases(draw: st.DrawFn) -> Case:
    family = draw(st.sampled_from(["int", "binary_int", "str", "binary_str"]))
    pool = POOLS[family]
    n = draw(st.integers(1, 8))
    y_true = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    kwargs: dict[str, Any] = {"k": draw(st.integers(1, 4))}
    if draw(st.booleans()):
        kwargs["labels"] = sorted(draw(st.lists(st.sampled_from(label_choices(family)),
                                                min_size=1, max_size=len(pool) + 1,
                                                unique=True)))
    n_classes = len(kwargs.get("labels", set(y_true)))
    # mostly the right shape: 1-D for binary, (n, n_classes) otherwise; sometimes wrong
    n_cols = draw(st.sampled_from([n_classes, n_classes, n_classes, 1, len(pool)]))
    if n_cols <= 2 and draw(st.booleans()):
        scores: Any = draw(st.lists(st.sampled_from(SCORES), min_size=n, max_size=n))
    else:
        row = st.lists(st.sampled_from(SCORES), min_size=n_cols, max_size=n_cols)
        scores = draw(st.lists(row, min_size=n, max_size=n))
    kwargs["normalize"] = draw(st.booleans())
    kwargs["sample_weight"] = draw_weights(draw, n)
    return Case("top_k_accuracy_score", (y_true, scores), kwargs)


@settings(SETTINGS, max_examples=2 * EXAMPLES)
@given(top_k_cases())
def test_top_k_accuracy_agrees_with_sklearn(case: Case) -> None:
    check(case)


# --------------------------------------------------------------------------- divergences

DIVERGENCE_EXAMPLES = {
    "labels_none_present": Case("precision_score", ([0, 1, 1], [0, 1, 0]),
                                {"labels": [5], "average": "macro"}),
    "jaccard_nan_zero_division": Case("jaccard_score", ([0, 1], [0, 1]),
                                      {"zero_division": NAN}),
    "balanced_accuracy_adjusted_single_class": Case(
        "balanced_accuracy_score", ([0, 0], [0, 1]), {"adjusted": True}),
    "likelihood_ratio_no_positives": Case(
        "class_likelihood_ratios", ([0, 0, 0], [0, 1, 1]),
        {"labels": [0, 1], "replace_undefined_by": 1.0}),
    "top_k_zero_weights": Case("top_k_accuracy_score", ([0, 1, 2], np.eye(3).tolist()),
                               {"k": 1, "sample_weight": [0, 0, 0], "normalize": False}),
    "negative_sample_weight": Case("accuracy_score", ([0, 1, 1], [0, 1, 0]),
                                   {"sample_weight": [-1, 2, 1]}),
    "duplicate_labels": Case("confusion_matrix", ([0, 1], [1, 1]), {"labels": [1, 0, 0]}),
    # sklearn: [] for average=None; spec: ValueError
    "labels_empty": Case("precision_score", ([0, 1, 1], [0, 1, 0]),
                         {"labels": [], "average": None}),
    # sklearn: 2.5 is an absent label (precision 0); spec: ValueError (continuous)
    "labels_wrong_type": Case("precision_score", ([0, 1, 2], [0, 1, 0]),
                              {"labels": [0, 2.5], "average": None}),
    # sklearn merges 2**53 + 1 into float 2**53 and drops that sample: 1.0; spec: 2/3
    "labels_exact_union": Case("accuracy_score", ([2**53 + 1, 0, 0], [float(2**53), 0.0, 0.0]),
                               {}),
    # sklearn: "unknown" target type; spec: 1
    "lenient_label_containers": Case("accuracy_score", (np.array([0, 1], dtype=object),
                                                        np.array([0, 1], dtype=object)), {}),
    # sklearn: zero_division=True is 1.0; spec: ValueError
    "bool_parameters": Case("precision_score", ([0, 1], [0, 0]), {"zero_division": True}),
}


def test_every_divergence_has_an_example() -> None:
    assert set(DIVERGENCE_EXAMPLES) == set(DIVERGENCE_NAMES)


def test_every_divergence_is_a_documented_spec_convention() -> None:
    from metricoracle.spec.conventions import SKLEARN_CONVENTIONS

    assert set(DIVERGENCE_NAMES) == set(SKLEARN_CONVENTIONS)


@pytest.mark.parametrize("name", DIVERGENCE_NAMES)
def test_named_divergence_is_real(name: str) -> None:
    """Each listed divergence applies to its example and the outcomes really differ."""
    case = DIVERGENCE_EXAMPLES[name]
    assert name in applicable(case)
    ours = _call(getattr(spec, case.metric), case)
    theirs = _call(getattr(sklearn_metrics, case.metric), case)
    differs = ours[0] != theirs[0] or not agree(ours[1], theirs[1])
    assert differs, f"{name}: spec {ours} and sklearn {theirs} no longer differ"
