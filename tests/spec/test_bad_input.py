"""Bad input gets a clear ValueError/TypeError naming the problem, for every public metric.

The catalogue is parametrised over every label-pair function in ``spec.METRIC_NAMES``
(both backends), so a newly registered metric is covered automatically.
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pytest

from metricoracle import spec
from metricoracle.spec import fast

SCORE_INPUT = {"top_k_accuracy_score"}  # takes scores, not labels: tested separately
PAIR_METRICS = [name for name in spec.METRIC_NAMES if name not in SCORE_INPUT]


def call(module, name, y_true, y_pred, **kwargs):
    fn = getattr(module, name)
    params = inspect.signature(fn).parameters
    if "beta" in params and params["beta"].default is inspect.Parameter.empty:
        kwargs.setdefault("beta", 1)
    if "average" in params and "average" not in kwargs:
        kwargs["average"] = "macro"
    return fn(y_true, y_pred, **kwargs)


# (case id, y_true, y_pred, exception type, words the message must contain)
BAD_PAIRS = [
    ("length mismatch", [0, 1, 1], [0, 1], ValueError, "different numbers of samples"),
    ("empty", [], [], ValueError, "empty"),
    ("nan label", [0.0, math.nan, 1.0], [0, 1, 1], ValueError, "NaN"),
    ("inf label", [0.0, math.inf, 1.0], [0, 1, 1], ValueError, "infinite"),
    ("continuous", [0.5, 1.0, 2.0], [0, 1, 1], ValueError, "continuous"),
    ("mixed types in one array", [0, "a", 1], [0, 1, 1], TypeError, "mixes"),
    ("mixed types across arrays", ["a", "b", "a"], [0, 1, 1], TypeError, "mixed label types"),
    ("None label", [0, None, 1], [0, 1, 1], TypeError, "None"),
    ("3-D", np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), ValueError, "dimensions"),
    ("multilabel vs multiclass", [[0, 1], [1, 0]], [1, 0], ValueError, "mix multilabel"),
    ("multilabel values", [[0, 2], [1, 0]], [[0, 1], [1, 0]], ValueError, "other than 0 and 1"),
    ("scalar", 1, 1, TypeError, "scalar"),
    ("None input", None, [0, 1], TypeError, "y_true=None"),
]


@pytest.mark.parametrize("module", [spec, fast], ids=["exact", "fast"])
@pytest.mark.parametrize("name", PAIR_METRICS)
@pytest.mark.parametrize(("case", "y_true", "y_pred", "error", "words"), BAD_PAIRS,
                         ids=[c[0] for c in BAD_PAIRS])
def test_bad_targets_raise_named_error(module, name, case, y_true, y_pred, error, words):
    if case in ("multilabel vs multiclass", "multilabel values") and name in {
            "confusion_matrix", "balanced_accuracy_score", "matthews_corrcoef",
            "cohen_kappa_score", "class_likelihood_ratios"}:
        # these reject multilabel input altogether; only the error type is checked
        with pytest.raises(error):
            call(module, name, y_true, y_pred)
        return
    with pytest.raises(error) as info:
        call(module, name, y_true, y_pred)
    assert words.lower() in str(info.value).lower(), str(info.value)


BAD_WEIGHTS = [
    ("wrong length", [1, 1], "entries but there are 3 samples"),
    ("nan", [1, math.nan, 1], "NaN"),
    ("negative", [1, -1, 1], "negative"),
    ("all zero", [0, 0, 0], "no positive weight"),
    ("2-D", [[1, 1, 1]], "1-D"),
]


@pytest.mark.parametrize("name", [n for n in PAIR_METRICS if "sample_weight" in
                                  inspect.signature(getattr(spec, n)).parameters])
@pytest.mark.parametrize(("case", "weights", "words"), BAD_WEIGHTS, ids=[c[0] for c in BAD_WEIGHTS])
def test_bad_sample_weight(name, case, weights, words):
    with pytest.raises(ValueError, match=words):
        call(spec, name, [0, 1, 1], [0, 1, 0], sample_weight=weights)


SETWISE = ["precision_score", "recall_score", "f1_score", "jaccard_score", "specificity_score",
           "npv_score", "fpr_score", "fnr_score"]


@pytest.mark.parametrize("name", SETWISE)
def test_setwise_parameter_errors(name):
    fn = getattr(spec, name)
    with pytest.raises(ValueError, match="average='bogus'"):
        fn([0, 1], [0, 1], average="bogus")
    with pytest.raises(ValueError, match="average='binary'"):
        fn([0, 1, 2], [0, 1, 2], average="binary")
    with pytest.raises(ValueError, match="pos_label=7"):
        fn([0, 1], [0, 1], pos_label=7)
    with pytest.raises(ValueError, match="zero_division"):
        fn([0, 1], [0, 1], zero_division=0.5)
    with pytest.raises(ValueError, match="empty"):
        fn([0, 1, 2], [0, 1, 2], labels=[], average="macro")
    with pytest.raises(ValueError, match="none of labels"):
        fn([0, 1, 2], [0, 1, 2], labels=[5, 6], average="macro")
    with pytest.raises(ValueError, match="samples"):
        fn([0, 1, 2], [0, 1, 2], average="samples")


def test_negative_beta():
    with pytest.raises(ValueError, match="beta"):
        spec.fbeta_score([0, 1], [0, 1], beta=-1)


def test_no_index_errors_on_odd_but_valid_input():
    # one class only, single sample, huge labels: valid input, no crash
    assert spec.precision_score([3], [3], pos_label=3) == 1
    assert spec.recall_score([10**15, 5], [10**15, 10**15], pos_label=10**15) == 1
