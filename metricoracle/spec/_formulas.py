"""The metric definitions, each written once over counts, generic over arithmetic.

A formula returns a :class:`~metricoracle.spec._arith.Ratio` (or ``SqrtRatio``) of
polynomials in the counts; the caller divides it in an interpretation (exact
``Fraction``, numpy float64, or z3 terms) with an explicit zero-division value.  Counts
may be scalars or 1-D arrays (one entry per label): only ``+ - *`` and numpy's
``sum``/``diagonal``/``outer`` are used, which work on int64, float64 and ``object``
arrays (Python ``Fraction`` or z3 terms) alike.

Conventions follow scikit-learn: the confusion matrix has true labels in rows and
predicted labels in columns, ``C[i, j]`` = (weighted) number of samples of true label
``i`` predicted as ``j``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic

import numpy as np

from metricoracle.spec._arith import N, Ratio, SqrtRatio


@dataclass(frozen=True, slots=True)
class Counts(Generic[N]):
    """One-vs-rest counts of one label (scalars) or of every label (1-D arrays).

    Invariant (for data, not enforced): every field ≥ 0.
    """

    tp: N
    fp: N
    fn: N
    tn: N

    def map(self, fn: Any) -> Counts[Any]:
        """Apply ``fn`` to each field (e.g. an interpretation's ``vector``)."""
        return Counts(tp=fn(self.tp), fp=fn(self.fp), fn=fn(self.fn), tn=fn(self.tn))

    def select(self, index: Any) -> Counts[Any]:
        """Keep the labels at ``index`` (integer array) of per-label counts."""
        return Counts(tp=self.tp[index], fp=self.fp[index], fn=self.fn[index], tn=self.tn[index])


@dataclass(frozen=True, slots=True)
class Marginals(Generic[N]):
    """What single-label metrics need of a k×k confusion matrix C (1-D arrays of length k).

    ``diag[i] = C[i,i]``, ``true_sum[i] = Σ_c C[i,c]`` (row sums, support),
    ``pred_sum[i] = Σ_r C[r,i]`` (column sums), ``total = Σ C``.  Counting these directly
    (three bincounts) avoids materialising C when k is large.
    """

    diag: N
    true_sum: N
    pred_sum: N
    total: N

    def map(self, fn: Any) -> Marginals[Any]:
        """Apply ``fn`` to each field (e.g. an interpretation's ``vector``)."""
        return Marginals(diag=fn(self.diag), true_sum=fn(self.true_sum),
                         pred_sum=fn(self.pred_sum), total=fn(self.total))


def marginals(matrix: Any) -> Marginals[Any]:
    """Diagonal, row sums, column sums and total of a k×k confusion matrix."""
    return Marginals(diag=np.diagonal(matrix), true_sum=matrix.sum(axis=1),
                     pred_sum=matrix.sum(axis=0), total=matrix.sum())


def one_vs_rest(m: Marginals[Any]) -> Counts[Any]:
    """Per-label one-vs-rest counts of a single-label confusion matrix.

    Definition: TP_i = C[i,i]; FP_i = Σ_r C[r,i] − C[i,i] (column minus diagonal);
    FN_i = Σ_c C[i,c] − C[i,i] (row minus diagonal); TN_i = Σ C − TP_i − FP_i − FN_i.
    """
    tp = m.diag
    fp = m.pred_sum - tp
    fn = m.true_sum - tp
    tn = m.total - tp - fp - fn
    return Counts(tp=tp, fp=fp, fn=fn, tn=tn)


def pool(per_label: Counts[Any]) -> Counts[Any]:
    """Micro averaging: add the per-label counts, then apply a binary formula."""
    return Counts(tp=per_label.tp.sum(), fp=per_label.fp.sum(), fn=per_label.fn.sum(),
                  tn=per_label.tn.sum())


def precision(c: Counts[N]) -> Ratio[N]:
    """Precision (PPV). Definition: TP / (TP + FP). Undefined when nothing is predicted positive."""
    return Ratio(c.tp, c.tp + c.fp)


def recall(c: Counts[N]) -> Ratio[N]:
    """Recall (sensitivity, TPR). Definition: TP / (TP + FN). Undefined when no true positives exist."""
    return Ratio(c.tp, c.tp + c.fn)


def f_beta(c: Counts[N], beta_sq: Any) -> Ratio[N]:
    """F-beta from counts. Definition: (1+β²)·TP / ((1+β²)·TP + β²·FN + FP).

    Computed from counts, not from P and R, so it stays defined when only one of P and R
    is 0/0 (scikit-learn does the same).  Undefined when TP = FN = FP = 0.
    """
    weighted_tp = (1 + beta_sq) * c.tp
    return Ratio(weighted_tp, weighted_tp + beta_sq * c.fn + c.fp)


def jaccard(c: Counts[N]) -> Ratio[N]:
    """Jaccard index (IoU). Definition: TP / (TP + FP + FN). Undefined when TP = FP = FN = 0."""
    return Ratio(c.tp, c.tp + c.fp + c.fn)


def specificity(c: Counts[N]) -> Ratio[N]:
    """Specificity (TNR). Definition: TN / (TN + FP). Undefined when no true negatives exist."""
    return Ratio(c.tn, c.tn + c.fp)


def npv(c: Counts[N]) -> Ratio[N]:
    """Negative predictive value. Definition: TN / (TN + FN). Undefined when nothing is predicted negative."""
    return Ratio(c.tn, c.tn + c.fn)


def fpr(c: Counts[N]) -> Ratio[N]:
    """False positive rate (fall-out). Definition: FP / (FP + TN). Undefined when no true negatives exist."""
    return Ratio(c.fp, c.fp + c.tn)


def fnr(c: Counts[N]) -> Ratio[N]:
    """False negative rate (miss rate). Definition: FN / (FN + TP). Undefined when no true positives exist."""
    return Ratio(c.fn, c.fn + c.tp)


def positive_likelihood_ratio(c: Counts[N]) -> Ratio[N]:
    """LR+. Definition: TPR / FPR = TP·(FP + TN) / (FP·(TP + FN)).

    Undefined when FP = 0 (division by a zero FPR) or TP + FN = 0 (no positives).
    """
    return Ratio(c.tp * (c.fp + c.tn), c.fp * (c.tp + c.fn))


def negative_likelihood_ratio(c: Counts[N]) -> Ratio[N]:
    """LR−. Definition: FNR / TNR = FN·(TN + FP) / (TN·(TP + FN)).

    Undefined when TN = 0 (division by a zero TNR) or TP + FN = 0 (no positives).
    """
    return Ratio(c.fn * (c.tn + c.fp), c.tn * (c.tp + c.fn))


def accuracy(m: Marginals[Any]) -> Ratio[Any]:
    """Accuracy. Definition: Σ_i C[i,i] / Σ C. Undefined for an empty (all-zero) matrix."""
    return Ratio(m.diag.sum(), m.total)


def matthews_corrcoef(m: Marginals[Any]) -> SqrtRatio[Any]:
    """Matthews correlation coefficient (Gorodkin's R_K; binary MCC when k = 2).

    Definition, with t = row sums (true counts), p = column sums (predicted counts),
    c = Σ C[i,i] and s = Σ C:
    MCC = (c·s − Σ_k t_k·p_k) / sqrt((s² − Σ_k p_k²)·(s² − Σ_k t_k²)).
    Undefined when the product under the root is 0 (scikit-learn then returns 0).
    """
    t, p, s = m.true_sum, m.pred_sum, m.total
    c = m.diag.sum()
    num = c * s - (t * p).sum()
    den_sq = (s * s - (p * p).sum()) * (s * s - (t * t).sum())
    return SqrtRatio(num, den_sq)


def cohen_kappa(matrix: Any, weights: Any) -> Ratio[Any]:
    """Cohen's kappa with a disagreement-weight matrix ``w`` (``w[i,i] = 0``).

    Definition: κ = 1 − Σ w·C / Σ w·E with E[i,j] = p_i·t_j / s (p = column sums, t = row
    sums, s = Σ C), written without the inner division as
    κ = (Σ_ij w[i,j]·p_i·t_j − s·Σ w·C) / Σ_ij w[i,j]·p_i·t_j.
    Undefined when the expected disagreement Σ w·p·t is 0 (e.g. both raters use one label).
    """
    t = matrix.sum(axis=1)
    p = matrix.sum(axis=0)
    s = matrix.sum()
    expected = (weights * np.multiply.outer(p, t)).sum()
    observed = (weights * matrix).sum()
    return Ratio(expected - s * observed, expected)


def kappa_weights(k: int, kind: str | None) -> np.ndarray:
    """Disagreement weights for ``cohen_kappa``: None (0/1), "linear" |i−j|, "quadratic" (i−j)²."""
    i, j = np.indices((k, k))
    if kind is None:
        return (i != j).astype(np.int64)
    if kind == "linear":
        return np.abs(i - j)
    if kind == "quadratic":
        return (i - j) ** 2
    raise ValueError(f"weights={kind!r} is not one of None, 'linear', 'quadratic'")


def zero_one_loss(m: Marginals[Any]) -> Ratio[Any]:
    """Zero-one loss (error rate). Definition: (Σ C − Σ_i C[i,i]) / Σ C = 1 − accuracy.

    Undefined for an empty (all-zero) matrix.
    """
    return Ratio(m.total - m.diag.sum(), m.total)


def hit_rate(hits: N, total: N) -> Ratio[N]:
    """Share of samples counted as correct. Definition: hits / total (weighted).

    Used where "correct" is not a diagonal cell: multilabel subset accuracy (a sample is
    a hit when its whole label set matches) and top-k accuracy.  Undefined when total = 0.
    """
    return Ratio(hits, total)


def hamming_loss(pooled: Counts[N]) -> Ratio[N]:
    """Hamming loss of multilabel data from micro-pooled counts.

    Definition: (FP + FN) / (TP + FP + FN + TN): the share of (sample, label) cells that
    differ; TP + FP + FN + TN = n_labels · Σ w.  Undefined when there are no cells.
    """
    return Ratio(pooled.fp + pooled.fn, pooled.tp + pooled.fp + pooled.fn + pooled.tn)


def chance_adjusted(score: N, n_classes: N) -> Ratio[N]:
    """Rescale a score whose chance level is 1/k so that chance is 0 and perfect stays 1.

    Definition: (score − 1/k) / (1 − 1/k) = (k·score − 1) / (k − 1) (balanced accuracy
    with ``adjusted=True``).  Undefined when k = 1.
    """
    return Ratio(n_classes * score - 1, n_classes - 1)
