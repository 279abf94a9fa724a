"""Mutants of the whole-matrix metrics: accuracy, losses, balanced accuracy, MCC, kappa,
confusion matrix and top-k accuracy."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from metricoracle.selftest._reference import (
    NAN,
    Accuracy,
    BalancedAccuracy,
    CohenKappa,
    ConfusionMatrix,
    Data,
    HammingLoss,
    MatthewsCorrcoef,
    TopKAccuracy,
    ZeroOneLoss,
    confusion,
    restricted,
    single_label,
    validate,
)
from metricoracle.selftest._registry import mutant


@mutant("MX01", metric="accuracy_score", bug="multilabel accuracy computed per cell "
        "(1 − Hamming loss) instead of exact-match subset accuracy")
class AccuracyPerCell(Accuracy):
    def hits(self, data: Data) -> np.ndarray:
        if not data.multilabel:
            return super().hits(data)
        return 1 - np.abs(np.array(data.true, float) - np.array(data.pred, float)).mean(axis=1)


@mutant("MX02", metric="accuracy_score", bug="weighted hits divided by the number of "
        "samples instead of the total weight")
class AccuracyUnweightedTotal(Accuracy):
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = validate(y_true, y_pred, sample_weight)
        return float(np.sum(data.weights * self.hits(data)) / len(data.true))


@mutant("MX03", metric="accuracy_score", equivalent=True,
        bug="y_true and y_pred swapped in the comparison")
class AccuracySwappedArguments(Accuracy):
    """Equivalent: a sample is a hit when its true and predicted labels (multilabel: rows)
    are equal, and equality is symmetric; the weights and the total do not depend on which
    array is which, and validation accepts exactly the same pairs in either order."""

    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        return super().__call__(y_pred, y_true, sample_weight=sample_weight)


@mutant("MX04", metric="zero_one_loss", bug="normalize ignored: returns the (weighted) "
        "number of misclassified samples")
class ZeroOneLossCount(ZeroOneLoss):
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = validate(y_true, y_pred, sample_weight)
        return float(np.sum(data.weights * (1 - self.hits(data))))


@mutant("MX05", metric="hamming_loss", bug="multilabel Hamming loss normalised by the "
        "number of samples only (not samples × labels)")
class HammingPerSample(HammingLoss):
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = validate(y_true, y_pred, sample_weight)
        if not data.multilabel:
            return super().__call__(y_true, y_pred, sample_weight=sample_weight)
        cells = np.abs(np.array(data.true, float) - np.array(data.pred, float)).sum(axis=1)
        return float(np.sum(data.weights * cells) / np.sum(data.weights))


@mutant("MX06", metric="balanced_accuracy_score", bug="classes seen only in y_pred are "
        "included with recall 0")
class BalancedIncludesAbsent(BalancedAccuracy):
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = single_label(y_true, y_pred, sample_weight)
        matrix = confusion(data, data.classes)
        support = matrix.sum(axis=1)
        recalls = np.divide(np.diag(matrix), support, out=np.zeros(len(support)),
                            where=support > 0)
        return float(recalls.mean())


@mutant("MX07", metric="balanced_accuracy_score", bug="sample weights applied to the "
        "correct counts but not to the class supports")
class BalancedWeightsOneSide(BalancedAccuracy):
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = single_label(y_true, y_pred, sample_weight)
        weighted = confusion(data, data.classes)
        plain = confusion(Data(data.true, data.pred, np.ones(len(data.true)), False,
                               data.classes), data.classes)
        support = plain.sum(axis=1)
        present = weighted.sum(axis=1) > 0
        return float(np.mean(np.diag(weighted)[present] / support[present]))


@mutant("MX08", metric="matthews_corrcoef", bug="sign error: numerator Σ t·p − c·s")
class MccSignError(MatthewsCorrcoef):
    def parts(self, matrix: np.ndarray) -> tuple[float, float]:
        num, den_sq = super().parts(matrix)
        return -num, den_sq


@mutant("MX09", metric="matthews_corrcoef", equivalent=True,
        bug="confusion matrix transposed (rows = predicted labels)")
class MccTransposed(MatthewsCorrcoef):
    """Equivalent: transposing C swaps the true totals t and the predicted totals p and
    keeps the trace c and the total s.  The numerator c·s − Σ t_k·p_k is symmetric in t and
    p, and the denominator (s² − Σ p²)(s² − Σ t²) is a product of one factor for each, so
    both are unchanged (the floating-point operations are the same up to commutativity)."""

    def parts(self, matrix: np.ndarray) -> tuple[float, float]:
        return super().parts(matrix.T)


@mutant("MX10", metric="matthews_corrcoef", bug="zero-division branch returns NaN "
        "instead of 0 when the denominator vanishes")
class MccUndefinedNan(MatthewsCorrcoef):
    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = single_label(y_true, y_pred, sample_weight)
        num, den_sq = self.parts(confusion(data, data.classes))
        return NAN if den_sq <= 0 else num / math.sqrt(den_sq)


@mutant("MX11", metric="cohen_kappa_score", equivalent=True,
        bug="kappa computed on the transposed confusion matrix")
class KappaTransposed(CohenKappa):
    """Equivalent: κ = 1 − Σ w·C / Σ w·E with E = outer(t, p)/s.  Transposing C turns E into
    its transpose and leaves s unchanged; the disagreement weights w (0/1 off the diagonal,
    as scikit-learn's default) are symmetric, so both sums are unchanged.  The restriction
    to ``labels=`` and the "one label must be in y1" check happen before the transpose, on
    the original arrays."""

    def matrix(self, data: Data, labels: Any) -> np.ndarray:
        return super().matrix(data, labels).T


@mutant("MX12", metric="cohen_kappa_score", bug="expected agreement from the true "
        "marginals squared (t·t instead of t·p)")
class KappaRowMarginalsTwice(CohenKappa):
    def kappa(self, matrix: np.ndarray) -> float:
        s = matrix.sum()
        if s == 0:
            return NAN
        t = matrix.sum(axis=1)
        w = 1 - np.eye(len(matrix))
        den = np.sum(w * np.outer(t, t) / s)
        return NAN if den == 0 else float(1 - np.sum(w * matrix) / den)


@mutant("MX13", metric="cohen_kappa_score", bug="labels= ignored: every present label is used")
class KappaIgnoresLabels(CohenKappa):
    def matrix(self, data: Data, labels: Any) -> np.ndarray:
        return super().matrix(data, None)


@mutant("MX14", metric="confusion_matrix", bug="transposed: rows are predicted labels")
class ConfusionTransposed(ConfusionMatrix):
    def __call__(self, y_true: Any, y_pred: Any, **kwargs: Any) -> list[list[float]]:
        return np.asarray(super().__call__(y_true, y_pred, **kwargs)).T.tolist()


@mutant("MX15", metric="confusion_matrix", bug="labels= named but absent from the data are "
        "left out (the matrix shrinks instead of getting zero rows and columns)")
class ConfusionDropsAbsent(ConfusionMatrix):
    def __call__(self, y_true: Any, y_pred: Any, *, labels: Any = None,
                 sample_weight: Any = None) -> list[list[float]]:
        data = single_label(y_true, y_pred, sample_weight)
        if labels is not None:
            labels = [label for label in labels if label in data.classes]
        return restricted(data, labels).tolist()


@mutant("MX16", metric="top_k_accuracy_score", bug="off-by-one: a hit when the true class "
        "ranks within the top k + 1")
class TopKOffByOne(TopKAccuracy):
    def hit(self, row: np.ndarray, column: int, k: int) -> bool:
        return int(np.sum(row > row[column])) <= k


@mutant("MX17", metric="top_k_accuracy_score", bug="sample weights ignored")
class TopKIgnoresWeights(TopKAccuracy):
    def __call__(self, y_true: Any, y_score: Any, **kwargs: Any) -> float:
        kwargs.pop("sample_weight", None)
        return super().__call__(y_true, y_score, **kwargs)


@mutant("MX18", metric="hamming_loss", equivalent=True,
        bug="cells compared with XOR of y_pred and y_true instead of |y_true − y_pred|")
class HammingXor(HammingLoss):
    """Equivalent: for 0/1 entries |a − b| = a XOR b = b XOR a, and single-label data are
    compared with ``!=`` as before; the normalisation is untouched."""

    def __call__(self, y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
        data = validate(y_true, y_pred, sample_weight)
        if not data.multilabel:
            return super().__call__(y_true, y_pred, sample_weight=sample_weight)
        cells = np.logical_xor(np.array(data.pred, bool), np.array(data.true, bool)).sum(axis=1)
        return float(np.sum(data.weights * cells) /
                     (len(data.true[0]) * np.sum(data.weights)))
