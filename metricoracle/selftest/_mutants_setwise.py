"""Mutants of the set-wise metrics (precision, recall, F-beta, Jaccard, specificity).

Each class is the reference pipeline of :mod:`metricoracle.selftest._reference` with one
step overridden by a bug seen in real metric code.  The docstring of an equivalent
mutant argues why no input can tell it from the reference.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from metricoracle.selftest._reference import (
    F1,
    NAN,
    Data,
    FBeta,
    Jaccard,
    Precision,
    Recall,
    SetWise,
    Specificity,
)
from metricoracle.selftest._registry import mutant


class _Swapped(SetWise):
    """Per-label counts read from the transposed confusion matrix: FP and FN trade places."""

    def count(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        tp, fp, fn, tn = super().count(data, chosen)
        return tp, fn, fp, tn


@mutant("SW01", metric="precision_score", bug="FP and FN swapped (rows and columns of the "
        "confusion matrix confused), so precision computes recall")
class PrecisionSwapped(_Swapped, Precision):
    pass


@mutant("SW02", metric="recall_score", bug="FP and FN swapped, so recall computes precision")
class RecallSwapped(_Swapped, Recall):
    pass


@mutant("SW03", metric="f1_score", equivalent=True,
        bug="FP and FN swapped inside the F1 formula: 2TP / (2TP + FN + FP)")
class F1FormulaSwapped(F1):
    """Equivalent: with β = 1 the F-score 2·TP / (2·TP + FP + FN) is symmetric in FP and FN,
    so swapping them inside the formula changes no per-label value.  The swap is confined to
    the formula: the supports TP + FN used by ``average="weighted"`` come from the unchanged
    counts, and ``f1_score`` never receives a β ≠ 1.  (SW04 swaps them in the counts instead,
    which is not equivalent.)"""

    def ratio(self, tp: Any, fp: Any, fn: Any, tn: Any, beta: float) -> tuple[Any, Any]:
        return super().ratio(tp, fn, fp, tn, beta)


@mutant("SW04", metric="f1_score", bug="counts from the transposed confusion matrix: F1 "
        "itself is unchanged but average='weighted' then weights by predicted support")
class F1Swapped(_Swapped, F1):
    pass


@mutant("SW05", metric="precision_score", bug="off-by-one: the counting loop starts at "
        "sample 1 and skips the first sample")
class PrecisionSkipsFirst(Precision):
    def count(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        w = data.weights.copy()
        w[0] = 0.0
        return super().count(Data(data.true, data.pred, w, data.multilabel, data.classes),
                             chosen)


@mutant("SW06", metric="recall_score", bug="off-by-one: averages over range(n_labels - 1), "
        "dropping the last label")
class RecallDropsLast(Recall):
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        chosen = super().select(data, labels, pos_label, average)
        return chosen if average == "binary" or len(chosen) == 1 else chosen[:-1]


@mutant("SW07", metric="precision_score", bug="macro average over the labels that were "
        "predicted instead of the union of y_true and y_pred labels")
class PrecisionPredictedLabels(Precision):
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        chosen = super().select(data, labels, pos_label, average)
        if labels is None and average not in ("binary", "samples") and not data.multilabel:
            chosen = sorted(set(data.pred))
        return chosen


@mutant("SW08", metric="f1_score", bug="average='weighted' weights each label by its "
        "predicted support (TP + FP) instead of its true support (TP + FN)")
class F1WeightedByPredictions(F1):
    def reduce(self, values: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
               average: str, data: Data) -> float:
        return super().reduce(values, tp, fn, fp, average, data)


@mutant("SW09", metric="precision_score", bug="labels absent from both y_true and y_pred "
        "are dropped from the average (they should get the zero_division value)")
class PrecisionDropsAbsent(Precision):
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        chosen = super().select(data, labels, pos_label, average)
        if average == "binary" or data.multilabel:
            return chosen
        return [label for label in chosen if label in data.classes]


@mutant("SW10", metric="recall_score", bug="labels= ignored: every present label is scored")
class RecallIgnoresLabels(Recall):
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        return super().select(data, None, pos_label, average)


@mutant("SW11", metric="f1_score", bug="a label absent from both sides is scored 1.0 "
        "(perfect) whatever zero_division says")
class F1AbsentIsPerfect(F1):
    def divide(self, num: Any, den: Any, zd: float) -> np.ndarray:
        return super().divide(num, den, 1.0)


@mutant("SW12", metric="jaccard_score", bug="zero-division branch returns 0.0 whatever "
        "zero_division says (1 and NaN ignored)")
class JaccardZeroDivisionIgnored(Jaccard):
    def divide(self, num: Any, den: Any, zd: float) -> np.ndarray:
        return super().divide(num, den, 0.0)


@mutant("SW13", metric="precision_score", bug="zero_division=nan: undefined labels are "
        "averaged as zeros (np.nan_to_num before the mean) instead of being skipped")
class PrecisionNanAsZero(Precision):
    def reduce(self, values: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
               average: str, data: Data) -> float:
        if np.isnan(values).all():
            return NAN
        return super().reduce(np.nan_to_num(values), tp, fp, fn, average, data)


@mutant("SW14", metric="precision_score", bug="pos_label ignored: average='binary' always "
        "scores the greater label")
class PrecisionIgnoresPosLabel(Precision):
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        if average == "binary" and data.binary and data.classes:
            pos_label = data.classes[-1] if len(data.classes) == 2 else pos_label
        return super().select(data, labels, pos_label, average)


@mutant("SW15", metric="recall_score", bug="sample weights applied twice (w² per sample)")
class RecallWeightsTwice(Recall):
    def count(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        squared = Data(data.true, data.pred, data.weights**2, data.multilabel, data.classes)
        return super().count(squared, chosen)


@mutant("SW16", metric="precision_score", bug="sample weights applied to TP only; FP "
        "counted unweighted")
class PrecisionWeightsOneSide(Precision):
    def count(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        tp, _, fn, tn = super().count(data, chosen)
        ones = Data(data.true, data.pred, np.ones_like(data.weights), data.multilabel,
                    data.classes)
        return tp, super().count(ones, chosen)[1], fn, tn


@mutant("SW17", metric="f1_score", bug="micro computed as macro (mean of per-label F1)")
class F1MicroAsMacro(F1):
    def pool(self, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
             tn: np.ndarray) -> tuple[np.ndarray, ...]:
        return tp, fp, fn, tn

    def divide(self, num: Any, den: Any, zd: float) -> np.ndarray:
        values = super().divide(num, den, zd)
        return values if len(values) < 2 else np.array([np.nanmean(values)] * len(values))


@mutant("SW18", metric="jaccard_score", bug="Jaccard computed with the F1 formula "
        "2TP / (2TP + FP + FN)")
class JaccardAsF1(Jaccard):
    formula = "f_beta"


@mutant("SW19", metric="fbeta_score", bug="β² weights FP instead of FN (β favours "
        "precision instead of recall)")
class FBetaWrongSide(FBeta):
    def ratio(self, tp: Any, fp: Any, fn: Any, tn: Any, beta: float) -> tuple[Any, Any]:
        return super().ratio(tp, fn, fp, tn, beta)


@mutant("SW20", metric="fbeta_score", bug="β used where β² belongs")
class FBetaNotSquared(FBeta):
    def ratio(self, tp: Any, fp: Any, fn: Any, tn: Any, beta: float) -> tuple[Any, Any]:
        return super().ratio(tp, fp, fn, tn, beta**0.5)


@mutant("SW21", metric="recall_score", bug="multilabel average='samples' averages over "
        "labels (macro) instead of over samples")
class RecallSamplesOverLabels(Recall):
    def __call__(self, y_true: Any, y_pred: Any, **kwargs: Any) -> Any:
        if kwargs.get("average") == "samples":
            kwargs = {**kwargs, "average": "macro"}
        return super().__call__(y_true, y_pred, **kwargs)


@mutant("SW22", metric="precision_score", bug="integer (floor) division TP // (TP + FP), "
        "a Python 2 habit")
class PrecisionFloorDivision(Precision):
    def divide(self, num: Any, den: Any, zd: float) -> np.ndarray:
        num, den = np.atleast_1d(np.asarray(num, float)), np.atleast_1d(np.asarray(den, float))
        out = np.full(num.shape, zd)
        np.floor_divide(num, den, out=out, where=den != 0)
        return out


@mutant("SW23", metric="specificity_score", bug="TN computed as total − TP − FP "
        "(FN forgotten)")
class SpecificityForgetsFn(Specificity):
    def count(self, data: Data, chosen: list[Any]) -> tuple[np.ndarray, ...]:
        tp, fp, fn, tn = super().count(data, chosen)
        return tp, fp, fn, tn + fn


@mutant("SW24", metric="recall_score", bug="average='weighted' divides by the number of "
        "labels instead of the total support")
class RecallWeightedByCount(Recall):
    def reduce(self, values: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
               average: str, data: Data) -> float:
        if average != "weighted":
            return super().reduce(values, tp, fp, fn, average, data)
        keep = ~np.isnan(values)
        return float(np.sum((tp + fn)[keep] * values[keep]) / max(keep.sum(), 1))


@mutant("SW25", metric="recall_score", bug="average='binary' raises when pos_label is "
        "absent even if only one class is present (should score zero counts)")
class RecallStrictPosLabel(Recall):
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        if average == "binary" and pos_label not in data.classes:
            raise ValueError(f"pos_label={pos_label!r} is not a valid label")
        return super().select(data, labels, pos_label, average)


@mutant("SW26", metric="precision_score", bug="zero_division=nan: np.mean instead of "
        "np.nanmean, so one undefined label makes the whole average NaN")
class PrecisionNanPropagates(Precision):
    def reduce(self, values: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
               average: str, data: Data) -> float:
        if np.isnan(values).any():
            return NAN
        return super().reduce(values, tp, fp, fn, average, data)


@mutant("SW27", metric="jaccard_score", bug="average='weighted' with all supports zero "
        "returns 0.0 instead of the unweighted mean")
class JaccardWeightedZeroSupport(Jaccard):
    def reduce(self, values: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray,
               average: str, data: Data) -> float:
        keep = ~np.isnan(values)
        if average == "weighted" and keep.any() and (tp + fn)[keep].sum() == 0:
            return 0.0
        return super().reduce(values, tp, fp, fn, average, data)


@mutant("SW28", metric="fbeta_score", bug="F-beta computed from rounded precision and "
        "recall (round(p, 4)), as a report table would")
class FBetaFromRounded(FBeta):
    def ratio(self, tp: Any, fp: Any, fn: Any, tn: Any, beta: float) -> tuple[Any, Any]:
        tp, fp, fn = (np.asarray(x, float) for x in (tp, fp, fn))
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.round(np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1), 0), 4)
            r = np.round(np.where(tp + fn > 0, tp / np.where(tp + fn > 0, tp + fn, 1), 0), 4)
        b2 = beta * beta
        num, den = (1 + b2) * p * r, b2 * p + r
        defined = (tp + fp + fn) > 0
        return np.where(defined, num, 0.0), np.where(defined & (den > 0), den,
                                                     np.where(defined, 1.0, 0.0))


@mutant("SW29", metric="recall_score", bug="micro average pools every present label, "
        "ignoring a labels= subset")
class RecallMicroIgnoresLabels(Recall):
    def select(self, data: Data, labels: Any, pos_label: Any, average: str | None) -> list[Any]:
        if average == "micro":
            labels = None
        return super().select(data, labels, pos_label, average)
