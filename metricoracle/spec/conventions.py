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
    Convention(
        "labels_empty",
        spec="labels=[]: ValueError in every function",
        sklearn="confusion_matrix raises; the set-wise metrics return [] (average=None), NaN "
        "(macro) or 0.0 (micro), multilabel_confusion_matrix a (0, 2, 2) array",
        reference="sklearn/metrics/_classification.py::confusion_matrix (line 563), "
        "_check_set_wise_labels",
    ),
    Convention(
        "labels_wrong_type",
        spec="labels= of another type than the data (a string among int labels, a "
        "non-integral float like 2.5): TypeError/ValueError",
        sklearn="treated as absent labels with zero counts",
        reference="sklearn/metrics/_classification.py::multilabel_confusion_matrix "
        "(np.searchsorted / np.setdiff1d)",
    ),
    Convention(
        "labels_exact_union",
        spec="labels are compared exactly: 2**53 + 1 (int) and 2.0**53 (float), or uint64 "
        "values ≥ 2**63 and negative int64 labels, stay distinct",
        sklearn="unions labels through float64 (_union1d), merging or dropping samples whose "
        "int label has no exact float",
        reference="sklearn/metrics/_classification.py::confusion_matrix (label_to_ind.get)",
    ),
    Convention(
        "lenient_label_containers",
        spec="accepts object arrays of numbers, Python ints beyond int64, bytes arrays and "
        "(n, 1) labels=",
        sklearn="rejects them (type_of_target 'unknown', or TypeError on bytes)",
        reference="sklearn/utils/multiclass.py::type_of_target",
    ),
    Convention(
        "bool_parameters",
        spec="True/False for zero_division, beta, replace_undefined_by or sample_weight: "
        "TypeError/ValueError (almost always a slip)",
        sklearn="accepted as the numbers 1/0 (bool is a Real; weights are cast to float)",
        reference="sklearn/utils/_param_validation.py (Real), "
        "sklearn/utils/validation.py::_check_sample_weight",
    ),
)

SKLEARN_CONVENTIONS: dict[str, Convention] = {c.name: c for c in _ALL}
