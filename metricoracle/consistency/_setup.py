"""The experimental setup a report claims: class counts, folds, repeats, aggregation.

Confusion matrices follow scikit-learn: rows are true classes, columns predicted classes.
A binary setup is the 2-class setup with class order (negative, positive), so the
positive class has index 1 and ``C = [[tn, fp], [fn, tp]]``.

K-fold: every repetition partitions the same data into the same per-fold class counts
(``folds``, one tuple of class counts per fold); a report aggregates the R·k fold results
either by pooling the counts (``POOLED``: one score of the summed matrix) or by the mean
of the R·k per-fold scores (``MEAN_OF_FOLDS``; a fold whose score is undefined makes the
mean undefined, as numpy's mean of a NaN does).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from metricoracle.consistency._choices import parse_choice
from metricoracle.errors import InvalidInput


class Aggregation(StrEnum):
    """How per-fold results become one reported number."""

    POOLED = "pooled"
    MEAN_OF_FOLDS = "mean-of-folds"


class ZeroDivisionRule(StrEnum):
    """What a 0/0 score becomes.

    ``ZERO``/``ONE``: the value 0 or 1 (scikit-learn's ``zero_division=0/1``; also what
    MCC's and kappa's undefined cases count as).  ``NAN``: NaN, which no printed number
    matches; macro/weighted averages skip the undefined classes (scikit-learn's
    ``zero_division=np.nan``).  ``NEVER``: a printed number never comes from a 0/0
    anywhere (no class of an average may be undefined either).
    """

    ZERO = "0"
    ONE = "1"
    NAN = "nan"
    NEVER = "never"


def parse_zero_division(text: str | ZeroDivisionRule) -> ZeroDivisionRule:
    """Convert ``"0"``, ``"1"``, ``"nan"`` or ``"never"`` (errors list the choices)."""
    return parse_choice(ZeroDivisionRule, text, "zero_division",
                        {"0.0": "0", "1.0": "1", "zero": "0", "one": "1"})


def parse_aggregation(text: str | Aggregation) -> Aggregation:
    """Convert ``"pooled"`` or ``"mean-of-folds"`` (aliases: som, mos)."""
    return parse_choice(Aggregation, text, "aggregation",
                        {"som": "pooled", "mos": "mean-of-folds", "mean": "mean-of-folds"},
                        dashes=True)


@dataclass(frozen=True, slots=True)
class Setup:
    """What is known about the data behind a report.

    Attributes:
        n_classes: K (2 for binary).
        supports: per-class counts of true labels (None: only ``total`` is known).
        total: number of samples (always set).
        folds: per-fold class counts of one repetition (None: a single test set).
        repeats: number of repetitions of the k-fold split.
        binary: class 1 is "the positive class" and per-class scores default to it.
    """

    n_classes: int
    supports: tuple[int, ...] | None
    total: int
    folds: tuple[tuple[int, ...], ...] | None = None
    repeats: int = 1
    binary: bool = False

    def __post_init__(self) -> None:
        if self.n_classes < 2:
            raise InvalidInput(f"n_classes={self.n_classes} must be >= 2")
        if self.total <= 0:
            raise InvalidInput(f"total={self.total} must be positive")
        if self.supports is not None:
            if len(self.supports) != self.n_classes or min(self.supports) < 0:
                raise InvalidInput(f"supports={self.supports} must be {self.n_classes} "
                                   "non-negative counts")
            if sum(self.supports) != self.total:
                raise InvalidInput(f"supports={self.supports} do not add up to total={self.total}")
        if self.repeats < 1:
            raise InvalidInput(f"repeats={self.repeats} must be >= 1")
        if self.folds is not None:
            if self.supports is None:
                raise InvalidInput("folds need the class counts (supports), not only the total")
            if any(len(f) != self.n_classes or min(f) < 0 or sum(f) == 0 for f in self.folds):
                raise InvalidInput(f"folds={self.folds}: each fold needs {self.n_classes} "
                                   "non-negative class counts, not all zero")
            sums = tuple(sum(col) for col in zip(*self.folds, strict=True))
            if sums != self.supports:
                raise InvalidInput(f"folds={self.folds} add up to {sums}, "
                                   f"not to supports={self.supports}")

    @classmethod
    def binary_counts(cls, p: int, n: int, *, n_folds: int | None = None,
                      folds: list[tuple[int, int]] | None = None, repeats: int = 1) -> Setup:
        """A binary setup with p positives and n negatives; ``folds`` as (p_f, n_f) pairs."""
        fold_counts = None if folds is None else tuple((nf, pf) for pf, nf in folds)
        return cls._make((n, p), fold_counts, n_folds, repeats, binary=True)

    @classmethod
    def multiclass(cls, supports: list[int] | tuple[int, ...], *, n_folds: int | None = None,
                   folds: list[tuple[int, ...]] | None = None, repeats: int = 1) -> Setup:
        """A single-label K-class setup with known per-class supports."""
        fold_counts = None if folds is None else tuple(tuple(f) for f in folds)
        return cls._make(tuple(supports), fold_counts, n_folds, repeats, binary=False)

    @classmethod
    def total_only(cls, total: int, n_classes: int = 2) -> Setup:
        """Only the number of samples is known (class counts are unknowns)."""
        return cls(n_classes=n_classes, supports=None, total=total, binary=n_classes == 2)

    @classmethod
    def _make(cls, supports: tuple[int, ...], folds: tuple[tuple[int, ...], ...] | None,
              n_folds: int | None, repeats: int, *, binary: bool) -> Setup:
        if folds is not None and n_folds is not None and len(folds) != n_folds:
            raise InvalidInput(f"n_folds={n_folds} but {len(folds)} folds were given")
        if folds is None and n_folds is not None:
            folds = stratified_folds(supports, n_folds)
        elif folds is None and repeats != 1:
            raise InvalidInput("repeats need folds (n_folds= or folds=)")
        return cls(n_classes=len(supports), supports=supports, total=sum(supports),
                   folds=folds, repeats=repeats, binary=binary)

    def fold_supports(self) -> list[tuple[int, ...]]:
        """Class counts of each of the R·k evaluated matrices (one per fold and repeat)."""
        if self.folds is None:
            return [self.supports] if self.supports is not None else []
        return [fold for _ in range(self.repeats) for fold in self.folds]

    def describe(self) -> str:
        """One line, e.g. ``p=50, n=80; 5 folds × 2 repeats``."""
        if self.supports is None:
            head = f"total={self.total}, {self.n_classes} classes (counts unknown)"
        elif self.binary:
            head = f"p={self.supports[1]}, n={self.supports[0]}"
        else:
            head = "supports=" + ",".join(map(str, self.supports))
        if self.folds is not None:
            head += f"; {len(self.folds)} folds" + (f" × {self.repeats} repeats"
                                                    if self.repeats > 1 else "")
        return head


def stratified_folds(supports: tuple[int, ...], n_folds: int) -> tuple[tuple[int, ...], ...]:
    """Per-fold class counts of scikit-learn's ``StratifiedKFold`` (shuffling does not change them).

    scikit-learn sorts the encoded labels and gives fold i the labels ``y_sorted[i::k]``.
    """
    if n_folds < 2:
        raise InvalidInput(f"n_folds={n_folds} must be >= 2")
    if n_folds > sum(supports):
        raise InvalidInput(f"n_folds={n_folds} exceeds the number of samples {sum(supports)}")
    labels = [c for c, count in enumerate(supports) for _ in range(count)]
    folds = []
    for i in range(n_folds):
        part = labels[i::n_folds]
        folds.append(tuple(part.count(c) for c in range(len(supports))))
    return tuple(folds)
