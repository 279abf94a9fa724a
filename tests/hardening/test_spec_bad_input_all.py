"""Bad input, exhaustively: every public spec function, every parameter it takes.

Complements the generic label-pair catalogue of the spec's own tests with the score
functions (top-k accuracy and the score-to-label conversions) and with the
``labels=``/``pos_label=``/``average=``/``zero_division=`` errors of every function that
takes them.  A bad argument must raise ValueError or TypeError naming it, never
IndexError, KeyError or ZeroDivisionError.
"""

from __future__ import annotations

import inspect
import itertools
import math
import warnings

import pytest

from metricoracle import spec

ALL = list(spec.METRIC_NAMES) + list(spec.CONVERSION_NAMES)
SCORE_FUNCTIONS = {"top_k_accuracy_score", *spec.CONVERSION_NAMES}
PAIR_FUNCTIONS = [n for n in spec.METRIC_NAMES if n not in SCORE_FUNCTIONS]
FORBIDDEN = (IndexError, KeyError, ZeroDivisionError, AttributeError, AssertionError)


def takes(name: str, parameter: str) -> bool:
    return parameter in inspect.signature(getattr(spec, name)).parameters


def call(name: str, *args, **kwargs):
    if takes(name, "beta") and name == "fbeta_score":
        kwargs.setdefault("beta", 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(spec, name)(*args, **kwargs)


def test_every_public_function_is_covered_here():
    covered = set(PAIR_FUNCTIONS) | set(SCORE_CASES_BY_NAME)
    assert covered == set(ALL)


# ---- score functions: (function, args, kwargs, error, words in the message) -------------
S3 = [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2]]
SCORE_CASES = [
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"k": 0}, ValueError, "k=0"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"k": 1.5}, TypeError, "k=1.5"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"k": True}, TypeError, "k=True"),
    ("top_k_accuracy_score", ([0, 1, 2], [[0.1, 0.2, math.nan]] * 3), {}, ValueError, "NaN"),
    ("top_k_accuracy_score", ([0, 1, 2], [[0.1, 0.2]] * 3), {}, ValueError, "classes"),
    ("top_k_accuracy_score", ([0, 1, 2], S3[:2]), {}, ValueError, "numbers of samples"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"labels": [0, 1]}, ValueError, "labels"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"labels": [2, 1, 0]}, ValueError, "sorted"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"labels": [0, 0, 1]}, ValueError, "unique"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"normalize": 1}, TypeError, "normalize"),
    ("top_k_accuracy_score", ([0, 1, 2], "abc"), {}, TypeError, "y_score"),
    ("top_k_accuracy_score", ([0, 1, 2], None), {}, TypeError, "y_score"),
    ("top_k_accuracy_score", ([], []), {}, ValueError, "empty"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"sample_weight": [0, 0, 0]}, ValueError,
     "positive weight"),
    ("top_k_accuracy_score", ([0, 1, 2], S3), {"sample_weight": [1, -1, 1]}, ValueError,
     "negative"),
    ("threshold_to_labels", ([0.1, math.nan],), {}, ValueError, "NaN"),
    ("threshold_to_labels", ([0.1, 0.2],), {"threshold": math.nan}, ValueError, "threshold"),
    ("threshold_to_labels", ([0.1, 0.2],), {"ties": "bogus"}, ValueError, "ties='bogus'"),
    ("threshold_to_labels", ([0.1, 0.2],), {"scale": "bogus"}, ValueError, "scale='bogus'"),
    ("threshold_to_labels", (None,), {}, TypeError, "scores"),
    ("threshold_to_labels", ([],), {}, ValueError, "empty"),
    ("top_k_to_multihot", ([[0.1, 0.2]],), {"k": 0}, ValueError, "k=0"),
    ("top_k_to_multihot", ([[0.1, 0.2]],), {"k": 3}, ValueError, "exceeds"),
    ("top_k_to_multihot", ([[0.1, 0.2]],), {"k": 1, "ties": "bogus"}, ValueError, "ties"),
    ("top_k_to_multihot", ([0.1, 0.2],), {"k": 1}, ValueError, "2-D"),
    ("top_k_to_labels", ([0, 1], [[0.1, 0.2]] * 2), {"k": 0}, ValueError, "k=0"),
    ("top_k_to_labels", ([0, 5], [[0.1, 0.2]] * 2), {"k": 1}, ValueError, "class indices"),
    ("top_k_to_labels", ([0, 1], [[0.1, 0.2]] * 3), {"k": 1}, ValueError, "shape"),
    ("top_k_to_labels", ([0, 1], [[0.1, 0.2]] * 2), {"k": 1, "ties": "x"}, ValueError,
     "ties"),
    ("top_k_to_labels", (["a", "b"], [[0.1, 0.2]] * 2), {"k": 1}, ValueError,
     "class indices"),
]
SCORE_CASES_BY_NAME = {c[0] for c in SCORE_CASES}


@pytest.mark.parametrize(("name", "args", "kwargs", "error", "words"), SCORE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(SCORE_CASES)])
def test_score_functions_reject_bad_input_by_name(name, args, kwargs, error, words):
    with pytest.raises(error) as info:
        call(name, *args, **kwargs)
    assert words.lower() in str(info.value).lower(), str(info.value)


# ---- parameters of the label-pair functions ----------------------------------------------
BAD_LABELS = [
    ("empty", [], "empty"),
    ("duplicates", [0, 0, 1], "duplicate"),
    ("2-D", [[0, 1]], "1-D"),
]


@pytest.mark.parametrize("name", [n for n in PAIR_FUNCTIONS if takes(n, "labels")])
@pytest.mark.parametrize(("case", "labels", "words"), BAD_LABELS, ids=[c[0] for c in BAD_LABELS])
def test_bad_labels_argument(name, case, labels, words):
    kwargs = {"average": "macro"} if takes(name, "average") else {}
    with pytest.raises(ValueError) as info:
        call(name, [0, 1, 1, 0], [0, 1, 0, 0], labels=labels, **kwargs)
    message = str(info.value)
    # the message names the argument, and the problem (class_likelihood_ratios says what
    # labels= must be instead)
    assert "labels" in message and (words in message or "must be" in message), message


@pytest.mark.parametrize("name", [n for n in PAIR_FUNCTIONS if takes(n, "labels")])
def test_labels_of_the_wrong_type(name):
    kwargs = {"average": "macro"} if takes(name, "average") else {}
    with pytest.raises((TypeError, ValueError)):
        call(name, ["a", "b", "a"], ["a", "b", "b"], labels=[0, 1], **kwargs)


@pytest.mark.parametrize("name", [n for n in PAIR_FUNCTIONS if takes(n, "average")])
@pytest.mark.parametrize("average", ["bogus", "MACRO", "", 1, "none"])
def test_bad_average(name, average):
    with pytest.raises(ValueError, match="average="):
        call(name, [0, 1, 1], [0, 1, 0], average=average)


@pytest.mark.parametrize("name", [n for n in PAIR_FUNCTIONS if takes(n, "zero_division")])
@pytest.mark.parametrize("zero_division", [0.5, -1, 2, "nan", "ignore", None, True])
def test_bad_zero_division(name, zero_division):
    with pytest.raises(ValueError, match="zero_division"):
        call(name, [0, 1, 1], [0, 1, 0], zero_division=zero_division)


@pytest.mark.parametrize("name", [n for n in PAIR_FUNCTIONS if takes(n, "pos_label")])
@pytest.mark.parametrize("pos_label", [7, "pos", 2.5])
def test_pos_label_not_a_label(name, pos_label):
    with pytest.raises(ValueError, match="pos_label"):
        call(name, [0, 1, 1], [0, 1, 0], pos_label=pos_label, average="binary")


# ---- no crash of the wrong kind on odd but plausible input --------------------------------
ODD_PAIRS = [
    ([0], [0]), ([1], [0]), ([5, 5], [5, 5]), (["x"], ["y"]), ([0, 1, 2], [2, 1, 0]),
    ([[0, 0]], [[0, 0]]), ([[1, 0], [0, 1]], [[0, 0], [0, 0]]), ([True, False], [True, True]),
    ([10**15, -3], [-3, -3]),
]
ODD_KWARGS = [
    {}, {"labels": [9]}, {"labels": [0, 9]}, {"sample_weight": "w"}, {"pos_label": None},
    {"average": None}, {"average": "samples"}, {"average": "weighted"}, {"zero_division": 1},
    {"normalize": "true"}, {"adjusted": True}, {"weights": "quadratic"},
    {"replace_undefined_by": 2}, {"samplewise": True},
]


@pytest.mark.parametrize("name", PAIR_FUNCTIONS)
def test_odd_input_never_raises_an_internal_error(name):
    accepted = inspect.signature(getattr(spec, name)).parameters
    for (y_true, y_pred), kwargs in itertools.product(ODD_PAIRS, ODD_KWARGS):
        if not set(kwargs) <= set(accepted):
            continue
        if kwargs.get("sample_weight") == "w":
            kwargs = {"sample_weight": ["w"] * len(y_true)}
        try:
            call(name, y_true, y_pred, **kwargs)
        except FORBIDDEN as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{name}({y_true!r}, {y_pred!r}, **{kwargs!r}) raised {exc!r}")
        except (ValueError, TypeError):
            pass


@pytest.mark.parametrize("name", sorted(SCORE_FUNCTIONS))
def test_odd_scores_never_raise_an_internal_error(name):
    odd = [[[0.5]], [[0.5, 0.5]], [[1e308, -1e308]], [[0.0, 0.0, 0.0]] * 2, [[1, 2], [3]]]
    for scores in odd:
        for k in (1, 2, 5):
            try:
                if name == "top_k_accuracy_score":
                    call(name, [0] * len(scores), scores, k=k)
                elif name == "threshold_to_labels":
                    call(name, scores)
                elif name == "top_k_to_multihot":
                    call(name, scores, k)
                else:
                    call(name, [0] * len(scores), scores, k)
            except FORBIDDEN as exc:  # pragma: no cover
                pytest.fail(f"{name}({scores!r}, k={k}) raised {exc!r}")
            except (ValueError, TypeError):
                pass
