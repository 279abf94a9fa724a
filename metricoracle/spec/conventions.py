"""Where the spec deliberately differs from scikit-learn 1.9.1: named policies, as data.

Each entry says what the spec does, what scikit-learn does, and the scikit-learn source
that shows it.  The differential test (``tests/spec/test_differential_sklearn.py``) and
the oracle's divergence records (``metricoracle.oracle._divergences``) refer to these
names, so the texts live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Convention:
    """One deliberate difference from scikit-learn 1.9.1."""

    name: str
    spec: str
    sklearn: str
    reference: str

    @property
    def reason(self) -> str:
        """One line for reports: the spec's choice, then scikit-learn's."""
        return f"spec: {self.spec}; scikit-learn 1.9.1: {self.sklearn}"


_ALL = (
    Convention(
        "labels_none_present",
        spec="ValueError when none of labels= occurs in y_true or y_pred (almost always a "
        "wrong label type or spelling)",
        sklearn="the zero-division value for every label (zero counts)",
        reference="sklearn/metrics/_classification.py::_check_set_wise_labels, "
        "multilabel_confusion_matrix",
    ),
    Convention(
        "jaccard_nan_zero_division",
        spec="jaccard_score accepts zero_division=nan and averages like precision_score",
        sklearn="jaccard_score rejects zero_division=nan (its validate_params allows "
        "'warn', 0, 1 only)",
        reference="sklearn/metrics/_classification.py::jaccard_score (@validate_params)",
    ),
    Convention(
        "balanced_accuracy_adjusted_single_class",
        spec="adjusted=True with one class in y_true is undefined: NaN",
        sklearn="divides by 1 − 1/1 = 0: −inf (score < 1) or NaN",
        reference="sklearn/metrics/_classification.py::balanced_accuracy_score",
    ),
    Convention(
        "likelihood_ratio_no_positives",
        spec="with no positive sample, replace_undefined_by applies to LR+ and LR−",
        sklearn="replaces LR+ only when FP = 0 and LR− only when TN = 0, else 0/0 = NaN",
        reference="sklearn/metrics/_classification.py::class_likelihood_ratios",
    ),
    Convention(
        "top_k_zero_weights",
        spec="all-zero sample_weight: ValueError",
        sklearn="0.0 with normalize=False, ZeroDivisionError otherwise",
        reference="sklearn/metrics/_ranking.py::top_k_accuracy_score (no _check_sample_weight)",
    ),
    Convention(
        "negative_sample_weight",
        spec="negative weights: ValueError",
        sklearn="accepted (_check_sample_weight with ensure_non_negative=False)",
        reference="sklearn/metrics/_classification.py::_check_targets",
    ),
    Convention(
        "duplicate_labels",
        spec="labels= with duplicates: ValueError",
        sklearn="a matrix with repeated rows/columns, or miscounts",
        reference="sklearn/metrics/_classification.py::confusion_matrix (label_to_ind)",
    ),
)

SKLEARN_CONVENTIONS: dict[str, Convention] = {c.name: c for c in _ALL}
