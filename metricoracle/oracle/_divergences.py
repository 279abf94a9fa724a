"""Known convention differences between libraries and the spec, as data.

A :class:`Divergence` explains a mismatch only when its ``condition`` holds for the
query **and** the library's answer is the one its convention gives: either the spec's
value on the ``expected`` reinterpretation of the query, or (records without a rewrite)
an answer that ``answers`` accepts, e.g. NaN or "raised".  So a record cannot hide an
unrelated bug.  Each record cites the library version whose source was read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from metricoracle.oracle import _conditions as cond
from metricoracle.oracle._compare import compare
from metricoracle.oracle._query import Query
from metricoracle.oracle.adapters._outcome import Outcome
from metricoracle.spec.conventions import SKLEARN_CONVENTIONS

if TYPE_CHECKING:
    from metricoracle.oracle._evaluate import Evaluator


@dataclass(frozen=True, slots=True)
class Divergence:
    """A documented difference: where it applies, why, and the source that says so.

    Args:
        id: a stable identifier (``D001`` …) used in reports.
        adapter: the adapter name it applies to.
        metric: spec metric names it applies to (``("*",)`` for all).
        condition: a predicate over the query: when the difference can show.
        reason: one line, in words.
        reference: the library file/function and version read.
        expected: rewrite of the query into the library's convention; the library
            must then agree with the spec on the rewritten query.
        answers: for records without a rewrite: which library answers the convention
            gives for this query (every record has ``expected`` or ``answers``).
    """

    id: str
    adapter: str
    metric: tuple[str, ...]
    condition: Callable[[Query], bool]
    reason: str
    reference: str
    expected: Callable[[Query], Query | None] | None = None
    answers: Callable[[Query, Outcome], bool] | None = None

    def __post_init__(self) -> None:
        if (self.expected is None) == (self.answers is None):
            raise ValueError(f"divergence {self.id}: give exactly one of expected= or answers=")

    def applies(self, adapter: str, query: Query) -> bool:
        return (
            self.adapter == adapter
            and ("*" in self.metric or query.metric in self.metric)
            and self.condition(query)
        )

    def describe(self) -> dict[str, str]:
        return {
            "id": self.id,
            "adapter": self.adapter,
            "metric": ", ".join(self.metric),
            "condition": self.condition.__name__,
            "reason": self.reason,
            "reference": self.reference,
        }


def explain(
    known: Sequence[Divergence], adapter: str, query: Query, library: Outcome, evaluator: Evaluator
) -> Divergence | None:
    """The first record that explains ``library``'s answer to ``query``, if any.

    When no single record does, two differences at once are tried: a record's rewrite
    followed by a second record that applies to the rewritten query, through its rewrite or
    its accepted answers (e.g. logits read as probabilities, then the binary matrix that
    is always 2×2; a tie read as negative, then torchmetrics' degenerate MCC).  The pair
    is returned as one record whose id is ``"first+second"``.
    """
    def gives(record: Divergence, q: Query) -> bool:
        """The library answered ``q`` as ``record``'s convention says."""
        if record.expected is None:
            return record.answers is not None and record.answers(q, library)
        rewritten = record.expected(q)
        return rewritten is not None and compare(
            evaluator.spec_outcome(rewritten), library, evaluator.policy).agrees

    rewriters = []
    for record in known:
        if not record.applies(adapter, query):
            continue
        if gives(record, query):
            return record
        rewritten = None if record.expected is None else record.expected(query)
        if rewritten is not None:
            rewriters.append((record, rewritten))
    for first, middle in rewriters:
        for second in known:
            if second is not first and second.applies(adapter, middle) and gives(second, middle):
                return combined(first, second)
    return None


def combined(first: Divergence, second: Divergence) -> Divergence:
    """Two records that explain a mismatch together (first's rewrite, then second's
    rewrite or accepted answer on the rewritten query)."""
    assert first.expected is not None
    rewrite, then, accepts = first.expected, second.expected, second.answers

    def both_rewrites(q: Query) -> Query | None:
        m = rewrite(q)
        return None if m is None or then is None else then(m)

    def rewrite_then_accept(q: Query, library: Outcome) -> bool:
        m = rewrite(q)
        return m is not None and accepts is not None and accepts(m, library)

    return Divergence(
        id=f"{first.id}+{second.id}",
        adapter=first.adapter,
        metric=first.metric,
        condition=first.condition,
        reason=f"{first.reason}; and {second.reason}",
        reference=f"{first.reference}; {second.reference}",
        expected=both_rewrites if then is not None else None,
        answers=None if then is not None else rewrite_then_accept,
    )


_PRF = (
    "precision_score",
    "recall_score",
    "f1_score",
    "fbeta_score",
    "jaccard_score",
    "specificity_score",
    "npv_score",
    "fpr_score",
    "fnr_score",
)
_TM = "torchmetrics 1.9.0"
_SK = SKLEARN_CONVENTIONS  # the spec's own deliberate differences from scikit-learn


def _both(adapters: tuple[str, ...], **fields: Any) -> list[Divergence]:
    """The same record for several adapters (ids get a suffix per adapter)."""
    base = fields.pop("id")
    return [
        Divergence(id=base if i == 0 else f"{base}{chr(ord('a') + i)}", adapter=a, **fields)
        for i, a in enumerate(adapters)
    ]


# ids: D00n for the functional API, D00nb stateful, D00nc/D00nd the same on CUDA
_TORCHMETRICS = ("torchmetrics", "torchmetrics-stateful", "torchmetrics-cuda",
                 "torchmetrics-stateful-cuda")
_TORCHEVAL = ("torcheval", "torcheval-stateful")

KNOWN: tuple[Divergence, ...] = (
    *_both(
        _TORCHMETRICS,
        id="D001",
        metric=_PRF,
        condition=cond.macro_over_absent_label,
        expected=cond.macro_over_present_labels,
        reason="macro average leaves out labels absent from both target and prediction "
        "(tp + fp + fn == 0), so num_classes larger than the labels present does not lower it",
        reference=f"{_TM} utilities/compute.py::_adjust_weights_safe_divide",
    ),
    *_both(
        _TORCHMETRICS,
        id="D002",
        metric=("*",),
        condition=cond.score_ties_threshold,
        expected=cond.strict_threshold,
        reason="a probability equal to the threshold is predicted negative (preds > threshold)",
        reference=f"{_TM} functional/classification/stat_scores.py::_binary_stat_scores_format",
    ),
    *_both(
        _TORCHMETRICS,
        id="D005",
        metric=("confusion_matrix",),
        condition=cond.fewer_labels_present_than_classes,
        expected=cond.all_classes_as_labels,
        reason="the binary confusion matrix is always 2×2 (labels 0 and 1), even when one is absent",
        reference=f"{_TM} functional/classification/confusion_matrix.py::binary_confusion_matrix",
    ),
    *_both(
        _TORCHMETRICS,
        id="D006",
        metric=("matthews_corrcoef",),
        condition=cond.degenerate_two_class_mcc,
        reason="when the 2×2 MCC denominator is 0, torchmetrics returns 1 for a perfect "
        "prediction, −1 for an all-wrong one and an eps-regularised value otherwise; the spec "
        "(like scikit-learn) returns 0",
        answers=cond.answers_torchmetrics_degenerate_mcc,
        reference=f"{_TM} functional/classification/matthews_corrcoef.py::_matthews_corrcoef_reduce",
    ),
    Divergence(
        id="D024",
        adapter="pycm",
        metric=("matthews_corrcoef",),
        condition=cond.mcc_undefined,
        reason="pycm reports an undefined MCC (0/0) as 'None' (NaN); the spec, like "
        "scikit-learn, returns 0",
        answers=cond.answers_nan,
        reference="pycm 4.6 pycm/overall_func.py (MCC_calc, `except` → 'None')",
    ),
    Divergence(
        id="D025",
        adapter="pycm",
        metric=("*",),
        condition=cond.all_weights_zero,
        reason="with every sample weight 0 the spec raises ValueError (as scikit-learn 1.9.1 "
        "does); pycm builds an all-zero matrix and answers 'None' (NaN) for every score",
        answers=cond.answers_nan_or_empty_matrix,
        reference="pycm 4.6 pycm/cm.py::ConfusionMatrix (matrix= input); sklearn 1.9.1 "
        "utils/validation.py::_check_sample_weight",
    ),
    *_both(
        _TORCHMETRICS,
        id="D007",
        metric=_PRF,
        condition=cond.weighted_without_support,
        reason="a weighted average whose weights (true supports) are all 0 is 0 (Jaccard: "
        "NaN, an unguarded 0/0); the spec, like scikit-learn's _nanaverage, falls back to the "
        "unweighted mean",
        answers=cond.answers_torchmetrics_weighted_without_support,
        reference=f"{_TM} utilities/compute.py::_adjust_weights_safe_divide, "
        "functional/classification/jaccard.py::_jaccard_index_reduce",
    ),
    *_both(
        _TORCHMETRICS,
        id="D008",
        metric=("specificity_score",),
        condition=cond.one_zero_division_given,
        expected=cond.zero_policy,
        reason="specificity has no zero_division parameter: 0/0 is always 0",
        reference=f"{_TM} functional/classification/specificity.py::_specificity_reduce",
    ),
    Divergence(
        id="D030",
        adapter="keras",
        metric=("*",),
        condition=cond.score_ties_threshold,
        expected=cond.strict_threshold,
        reason="a probability equal to the threshold is predicted negative (y_pred > threshold)",
        reference="keras 3.15.1 keras/src/metrics/f_score_metrics.py::FBetaScore.update_state, "
        "metrics_utils.update_confusion_matrix_variables",
    ),
    Divergence(
        id="D031",
        adapter="keras",
        metric=("*",),
        condition=cond.all_weights_zero,
        reason="with every sample weight 0 the spec raises ValueError (as scikit-learn 1.9.1 "
        "does); keras accumulates all-zero counts and divides with an epsilon, giving 0",
        answers=cond.answers_zero,
        reference="keras 3.15.1 keras/src/metrics/f_score_metrics.py::FBetaScore.result "
        "(`+ backend.epsilon()`); sklearn 1.9.1 utils/validation.py::_check_sample_weight",
    ),
    *_both(
        _TORCHEVAL,
        id="D040",
        metric=("precision_score", "f1_score"),
        condition=cond.macro_over_absent_label,
        expected=cond.macro_over_present_labels,
        reason="macro average leaves out classes absent from both target and prediction "
        "(`mask = (num_label != 0) | (num_prediction != 0)`), so num_classes larger than "
        "the labels present does not lower it",
        reference="torcheval 0.0.7 metrics/functional/classification/precision.py::"
        "_precision_compute, f1_score.py::_f1_score_compute",
    ),
    Divergence(
        id="D020",
        adapter="pycm",
        metric=_PRF,
        condition=cond.always,
        expected=cond.nan_policy,
        reason="an undefined per-class value (0/0) is the string 'None' whatever the "
        "zero_division, read here as NaN",
        reference="pycm 4.6 pycm/class_func.py (`except (ZeroDivisionError, TypeError): return 'None'`)",
    ),
    Divergence(
        id="D021",
        adapter="pycm",
        metric=_PRF,
        condition=cond.macro_with_undefined_label,
        reason="a macro average over a class whose value is 'None' is itself 'None' (NaN), "
        "not the mean of the defined classes",
        answers=cond.answers_nan,
        reference="pycm 4.6 pycm/overall_func.py::macro_calc",
    ),
    Divergence(
        id="D023",
        adapter="pycm",
        metric=("*",),
        condition=cond.only_one_label_present,
        reason="when only one label occurs, pycm adds a second, invented class to the matrix",
        expected=cond.with_invented_label,
        reference="pycm 4.6 pycm/utils.py::vector_filter, classes_filter ('~other~')",
    ),
    Divergence(
        id="D022",
        adapter="pycm",
        metric=_PRF,
        condition=cond.micro_average,
        expected=cond.zero_policy,
        reason="a micro average whose pooled denominator is 0 is 0, whatever the zero_division",
        reference="pycm 4.6 pycm/overall_func.py::micro_calc",
    ),
    *(Divergence(
        id="D003" if adapter == "torchmetrics" else "D003c",
        adapter=adapter,
        metric=("*",),
        condition=cond.logits_within_unit_interval,
        expected=cond.logits_read_as_probabilities,
        reason="logits are recognised only when some value lies outside [0, 1]; otherwise they "
        "are thresholded as probabilities without a sigmoid",
        reference=f"{_TM} functional/classification/stat_scores.py::_binary_stat_scores_format "
        "(`if not torch.all((preds >= 0) * (preds <= 1))`)",
    ) for adapter in _TORCHMETRICS[0::2]),
    *(Divergence(
        id="D003b" if adapter == "torchmetrics-stateful" else "D003d",
        adapter=adapter,
        metric=("*",),
        condition=cond.batch_logits_within_unit_interval,
        expected=cond.logits_read_per_batch,
        reason="the logits-or-probabilities guess is made per update() batch: a batch whose "
        "logits all lie in [0, 1] is thresholded without a sigmoid, so the same data scores "
        "differently depending on how it is batched",
        reference=f"{_TM} functional/classification/stat_scores.py::_binary_stat_scores_format "
        "and _multilabel_stat_scores_format, called from each update()",
    ) for adapter in _TORCHMETRICS[1::2]),
    *_both(
        _TORCHMETRICS,
        id="D004",
        metric=("*",),
        condition=cond.logits_tie_at_zero,
        expected=cond.strict_logit_threshold,
        reason="logit 0 gives sigmoid 0.5, which `preds > threshold` predicts negative",
        reference=f"{_TM} functional/classification/stat_scores.py::_binary_stat_scores_format",
    ),
    Divergence(
        id="D011",
        adapter="sklearn",
        metric=(*_PRF, "precision_recall_fscore_support", "multilabel_confusion_matrix"),
        condition=cond.labels_none_present,
        reason=_SK["labels_none_present"].reason,
        answers=cond.answers_zero_division_for_absent_labels,
        reference=_SK["labels_none_present"].reference,
    ),
    Divergence(
        id="D010",
        adapter="sklearn",
        metric=("jaccard_score",),
        condition=cond.nan_zero_division,
        reason=_SK["jaccard_nan_zero_division"].reason,
        answers=cond.answers_raised,
        reference=_SK["jaccard_nan_zero_division"].reference,
    ),
)
