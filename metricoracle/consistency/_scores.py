"""The reported-score model: which score, which averaging, which number (and how rounded).

A :class:`ReportedScore` is what a paper prints, e.g. ``f1_macro = 0.7012`` or
``accuracy = [0.80, 0.82)``.  Its value is either a printed decimal (turned into an exact
interval by a :class:`~metricoracle.consistency._interval.Rounding` mode) or an explicit
interval (used as is, whatever the rounding hypothesis).

Score names (aliases in brackets) and definitions, all from :mod:`metricoracle.spec`:
accuracy [acc], precision [ppv, prec], recall [sensitivity, sens, tpr], specificity
[spec, tnr], npv, f1, f<beta> (e.g. f2, f0.5) [fbeta needs beta=], balanced_accuracy [bacc]
(mean of per-class recall over classes with support), jaccard [iou, ji], mcc (Gorodkin's
R_K), kappa [cohen_kappa] (unweighted; kappa_linear, kappa_quadratic for weighted).
Averaging suffixes: ``_binary`` (the positive class; the default for binary setups),
``_micro`` (pool counts), ``_macro`` (mean over classes), ``_weighted`` (mean weighted by
support).  Accuracy, balanced accuracy, MCC and kappa take no suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from metricoracle.consistency._interval import (
    Interval,
    Rounding,
    parse_decimal,
    parse_interval,
    rounding_interval,
)
from metricoracle.errors import InvalidInput


class Score(StrEnum):
    """The scores a report may contain."""

    ACCURACY = "accuracy"
    PRECISION = "precision"
    RECALL = "recall"
    SPECIFICITY = "specificity"
    NPV = "npv"
    F_BETA = "fbeta"
    BALANCED_ACCURACY = "balanced_accuracy"
    JACCARD = "jaccard"
    MCC = "mcc"
    KAPPA = "kappa"


class ScoreAverage(StrEnum):
    """Averaging of a per-class score (scikit-learn's ``average=``)."""

    BINARY = "binary"
    MICRO = "micro"
    MACRO = "macro"
    WEIGHTED = "weighted"


class MacroF1(StrEnum):
    """The two published definitions of macro F-beta (Opitz & Burst, arXiv:1911.03347).

    ``MEAN_OF_F1``: mean over classes of per-class F-beta (scikit-learn).
    ``F1_OF_MEANS``: F-beta of macro precision and macro recall,
    (1+β²)·P·R / (β²·P + R), 0/0 when P = R = 0.
    """

    MEAN_OF_F1 = "mean-of-f1"
    F1_OF_MEANS = "f1-of-means"


#: Scores defined per class (they need an averaging).
PER_CLASS = frozenset({Score.PRECISION, Score.RECALL, Score.SPECIFICITY, Score.NPV,
                       Score.F_BETA, Score.JACCARD})

_ALIASES: dict[str, Score] = {
    "accuracy": Score.ACCURACY, "acc": Score.ACCURACY,
    "precision": Score.PRECISION, "ppv": Score.PRECISION, "prec": Score.PRECISION,
    "recall": Score.RECALL, "sensitivity": Score.RECALL, "sens": Score.RECALL,
    "tpr": Score.RECALL, "specificity": Score.SPECIFICITY, "spec": Score.SPECIFICITY,
    "tnr": Score.SPECIFICITY, "npv": Score.NPV, "fbeta": Score.F_BETA, "f1": Score.F_BETA,
    "balanced_accuracy": Score.BALANCED_ACCURACY, "bacc": Score.BALANCED_ACCURACY,
    "jaccard": Score.JACCARD, "iou": Score.JACCARD, "ji": Score.JACCARD,
    "mcc": Score.MCC, "kappa": Score.KAPPA, "cohen_kappa": Score.KAPPA,
}
_KAPPA_WEIGHTS = {"kappa_linear": "linear", "kappa_quadratic": "quadratic"}
_F_BETA = re.compile(r"^f(\d+(?:\.\d+)?)$")


@dataclass(frozen=True, slots=True)
class ReportedScore:
    """One reported score.

    Attributes:
        score: which score.
        average: averaging of a per-class score (None for accuracy, bacc, MCC, kappa).
        value: the printed number as text (``"0.8125"``, ``"81.25"`` with percent), or None
            when ``interval`` is given.
        decimals: printed decimals; None means "as many as ``value`` shows".
        percent: the number is printed in percent (81.25 means 0.8125).
        interval: an explicit interval instead of a printed number.
        beta: β of F-beta (1 for F1).
        kappa_weights: None (unweighted), "linear" or "quadratic".
    """

    score: Score
    average: ScoreAverage | None = None
    value: str | None = None
    decimals: int | None = None
    percent: bool = False
    interval: Interval | None = None
    beta: Fraction = Fraction(1)
    kappa_weights: str | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.interval is None):
            raise InvalidInput(f"{self.name}: give exactly one of value= and interval=")
        if (self.score in PER_CLASS) != (self.average is not None):
            need = "needs" if self.score in PER_CLASS else "takes no"
            raise InvalidInput(f"score={self.score.value!r} {need} an average")
        if self.beta <= 0:
            raise InvalidInput(f"beta={self.beta} must be > 0")
        if self.value is not None:
            self.exact_interval(Rounding.ANY)  # validate the number early

    @property
    def name(self) -> str:
        """Canonical name, e.g. ``f1_macro``, ``precision_micro``, ``accuracy``."""
        base = self.score.value
        if self.score is Score.F_BETA:
            base = "f1" if self.beta == 1 else f"f{_beta_text(self.beta)}"
        if self.score is Score.KAPPA and self.kappa_weights:
            base = f"kappa_{self.kappa_weights}"
        return f"{base}_{self.average.value}" if self.average is not None else base

    @property
    def shown(self) -> str:
        """The reported value as printed (or the explicit interval)."""
        if self.interval is not None:
            return str(self.interval)
        return f"{self.value}%" if self.percent else str(self.value)

    def exact_interval(self, rounding: Rounding) -> Interval:
        """The exact set of true values this report admits under ``rounding``."""
        if self.interval is not None:
            return self.interval
        assert self.value is not None
        number, shown_decimals, negative = parse_decimal(self.value)
        decimals = shown_decimals if self.decimals is None else self.decimals
        result = rounding_interval(number, decimals, rounding, negative_sign=negative)
        return result.scaled(Fraction(1, 100)) if self.percent else result


def _beta_text(beta: Fraction) -> str:
    return str(beta.numerator) if beta.denominator == 1 else str(float(beta))


def parse_score(text: str, *, decimals: int | None = None, percent: bool = False,
                default_average: ScoreAverage | None = None) -> ReportedScore:
    """Parse ``name[_average]=value``: ``acc=0.8125``, ``f1_macro=70.1%``, ``mcc=[0.5,0.6)``.

    ``default_average`` is used for per-class scores written without a suffix (binary
    setups default to ``binary``); ``decimals`` overrides the digits shown.
    """
    if "=" not in text:
        raise InvalidInput(f"score={text!r} is not like 'name=value' (e.g. acc=0.8125)")
    name, raw = (part.strip() for part in text.split("=", 1))
    return make_score(name, raw, decimals=decimals, percent=percent,
                      default_average=default_average)


def make_score(name: str, raw: str, *, decimals: int | None = None, percent: bool = False,
               default_average: ScoreAverage | None = None) -> ReportedScore:
    """Build a :class:`ReportedScore` from a score name and a value/interval text."""
    key = name.strip().lower().replace("-", "_")
    average: ScoreAverage | None = None
    for candidate in ScoreAverage:
        if key.endswith("_" + candidate.value):
            key, average = key[: -len(candidate.value) - 1], candidate
            break
    beta = Fraction(1)
    weights = None
    if key in _KAPPA_WEIGHTS:
        score, weights = Score.KAPPA, _KAPPA_WEIGHTS[key]
    elif key in _ALIASES:
        score = _ALIASES[key]
    elif match := _F_BETA.match(key):
        score, beta = Score.F_BETA, Fraction(match.group(1))
    else:
        known = ", ".join(sorted({*_ALIASES, *_KAPPA_WEIGHTS, "f<beta>"}))
        raise InvalidInput(f"score name={name!r} is unknown; known: {known}")
    if score in PER_CLASS and average is None:
        average = default_average
        if average is None:
            raise InvalidInput(f"score {name!r} needs an averaging suffix "
                               "(_micro, _macro, _weighted or _binary) in a multiclass setup")
    if score not in PER_CLASS and average is not None:
        raise InvalidInput(f"score {name!r}: {score.value} takes no averaging suffix")
    raw = raw.strip()
    if raw.endswith("%"):
        raw, percent = raw[:-1].strip(), True
    if raw[:1] in "[(" or ".." in raw:
        interval = parse_interval(raw)
        if percent:
            interval = interval.scaled(Fraction(1, 100))
        return ReportedScore(score, average, interval=interval, beta=beta, kappa_weights=weights)
    return ReportedScore(score, average, value=raw, decimals=decimals, percent=percent,
                         beta=beta, kappa_weights=weights)
