"""One consistency question: a setup, the reported scores and one hypothesis.

The unknowns are integer confusion matrices: one K×K matrix for a single test set or for
pooled k-fold counts (pooling is exactly one matrix on the summed class counts: any such
matrix splits back into per-fold matrices, see :func:`split_pooled`), or one matrix per
fold and repeat for the mean of per-fold scores.  :func:`conditions` states "each reported
score lies in its interval" over those matrices in any interpretation (exact or z3).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._interval import Interval, Rounding
from metricoracle.consistency._scores import MacroF1, ReportedScore, Score
from metricoracle.consistency._setup import Aggregation, Setup, ZeroDivisionRule
from metricoracle.consistency._surd import Surd, SurdMean
from metricoracle.consistency._terms import (
    EXACT_INTERP,
    Interp,
    PlainTerm,
    RatioTerm,
    SqrtTerm,
    Term,
    _zd_value,
    exact_value,
    member,
    score_term,
)
from metricoracle.spec._arith import SqrtRatio


class Unsupported(Exception):
    """This combination cannot be decided exactly (the verdict is UNKNOWN with the reason)."""


@dataclass(frozen=True, slots=True)
class Hypothesis:
    """One reading of the report: how numbers were rounded and scores computed."""

    rounding: Rounding = Rounding.HALF_EVEN
    zero_division: ZeroDivisionRule = ZeroDivisionRule.ZERO
    macro_f1: MacroF1 = MacroF1.MEAN_OF_F1
    aggregation: Aggregation | None = None

    def describe(self) -> str:
        """E.g. ``rounding=half-even, zero_division=0, aggregation=pooled``."""
        parts = [f"rounding={self.rounding.value}", f"zero_division={self.zero_division.value}",
                 f"macro_f1={self.macro_f1.value}"]
        if self.aggregation is not None:
            parts.append(f"aggregation={self.aggregation.value}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """Setup + scores (with their exact intervals under the hypothesis) + hypothesis."""

    setup: Setup
    scores: tuple[ReportedScore, ...]
    intervals: tuple[Interval, ...]
    hypothesis: Hypothesis

    @classmethod
    def build(cls, setup: Setup, scores: tuple[ReportedScore, ...],
              hypothesis: Hypothesis) -> Problem:
        intervals = tuple(s.exact_interval(hypothesis.rounding) for s in scores)
        return cls(setup, scores, intervals, hypothesis)

    def subset(self, keep: list[int]) -> Problem:
        """The same question about the scores at ``keep`` only."""
        return Problem(self.setup, tuple(self.scores[i] for i in keep),
                       tuple(self.intervals[i] for i in keep), self.hypothesis)

    @property
    def positive(self) -> int | None:
        return 1 if self.setup.binary else None

    @property
    def per_fold(self) -> bool:
        """Whether the unknowns are one matrix per fold (mean of per-fold scores)."""
        return (self.setup.folds is not None
                and self.hypothesis.aggregation is Aggregation.MEAN_OF_FOLDS)

    def matrix_supports(self) -> list[tuple[int, ...] | None]:
        """Row sums of each unknown matrix (None: only the matrix total is known)."""
        setup = self.setup
        if self.per_fold:
            return list(setup.fold_supports())
        if setup.supports is None:
            return [None]
        return [tuple(setup.repeats * s for s in setup.supports)]

    def matrix_total(self) -> int:
        """The total of the single matrix when supports are unknown."""
        return self.setup.total * self.setup.repeats

    def term(self, index: int, matrices: list[Any], it: Interp) -> Term:
        """The term of score ``index``, aggregated over ``matrices`` when per fold."""
        score, hyp = self.scores[index], self.hypothesis
        terms = [score_term(score, m, positive=self.positive, zd=hyp.zero_division,
                            macro_f1=hyp.macro_f1, it=it) for m in matrices]
        if len(terms) == 1:
            return terms[0]
        plains = [_as_plain(t, hyp.zero_division, it, score) for t in terms]
        total = sum((p.value for p in plains), it.lift(0))
        value = it.div(total, it.lift(len(plains)), if_zero=it.lift(0))
        return PlainTerm(value, it.all([p.defined for p in plains]))

    def conditions(self, matrices: list[Any], it: Interp) -> list[Any]:
        """Per score: the condition "its value lies in its reported interval"."""
        out = []
        for i in range(len(self.scores)):
            if it is EXACT_INTERP and self._surd_mean(i, matrices):
                mean = self._mcc_mean(i, matrices)
                iv = self.intervals[i]
                out.append(mean is not None
                           and mean.compare(iv.lo) >= (0 if iv.lo_closed else 1)
                           and mean.compare(iv.hi) <= (0 if iv.hi_closed else -1))
            else:
                out.append(member(self.term(i, matrices, it), self.intervals[i],
                                  self.hypothesis.zero_division, it))
        return out

    def _surd_mean(self, index: int, matrices: list[Any]) -> bool:
        return len(matrices) > 1 and self.scores[index].score is Score.MCC

    def _mcc_mean(self, index: int, matrices: list[Any]) -> SurdMean | None:
        """The exact mean of per-fold MCC (None: some fold's MCC is not a number)."""
        terms: list[Surd | Fraction] = []
        for m in matrices:
            value = exact_value(score_term(self.scores[index], m, positive=self.positive,
                                           zd=self.hypothesis.zero_division,
                                           macro_f1=self.hypothesis.macro_f1,
                                           it=EXACT_INTERP), self.hypothesis.zero_division)
            if value is None:
                return None
            terms.append(Surd.of(int(value.num), int(value.den_sq))
                         if isinstance(value, SqrtRatio) else value)
        return SurdMean(tuple(terms))

    def holds_exact(self, matrices: list[np.ndarray]) -> list[bool]:
        """Replay: which reported scores the integer ``matrices`` reproduce exactly."""
        return [bool(c) for c in self.conditions([_exact(m) for m in matrices], EXACT_INTERP)]

    def values_exact(self, matrices: list[np.ndarray]
                     ) -> list[Fraction | SqrtRatio[Any] | SurdMean | None]:
        """The exact value of every score on the integer ``matrices`` (None: not a number;
        the mean of per-fold MCC as a :class:`SurdMean`)."""
        exact = [_exact(m) for m in matrices]
        return [self._mcc_mean(i, exact) if self._surd_mean(i, exact)
                else exact_value(self.term(i, exact, EXACT_INTERP),
                                 self.hypothesis.zero_division)
                for i in range(len(self.scores))]


def _exact(matrix: np.ndarray) -> np.ndarray:
    return np.array(np.asarray(matrix).tolist(), dtype=object)


def _as_plain(term: Term, zd: ZeroDivisionRule, it: Interp, score: ReportedScore) -> PlainTerm:
    if isinstance(term, PlainTerm):
        return term
    if isinstance(term, SqrtTerm) or score.score is Score.MCC:
        raise Unsupported("the mean of per-fold MCC is a sum of square roots: only the "
                          "exact replay (_surd) and the binary fold engine decide it")
    assert isinstance(term, RatioTerm)
    zero = it.lift(0)
    fill = it.lift(_zd_value(zd) or 0)
    value = it.div(term.ratio.num, term.ratio.den, if_zero=fill)
    needs_defined = zd in (ZeroDivisionRule.NAN, ZeroDivisionRule.NEVER)
    return PlainTerm(value, it.le(zero, term.ratio.den, strict=True) if needs_defined else True)


def split_pooled(pooled: np.ndarray, fold_supports: list[tuple[int, ...]]) -> list[np.ndarray]:
    """Split a pooled matrix into per-fold matrices with the given row sums.

    Row by row, the north-west-corner rule of the transportation problem: the row's
    cells (columns) and the folds' class counts have the same total, so it always succeeds.
    """
    k = pooled.shape[0]
    folds = [np.zeros((k, k), dtype=np.int64) for _ in fold_supports]
    for row in range(k):
        need = [s[row] for s in fold_supports]
        f = 0
        for col in range(k):
            left = int(pooled[row, col])
            while left > 0:
                while need[f] == 0:
                    f += 1
                take = min(left, need[f])
                folds[f][row, col] += take
                need[f] -= take
                left -= take
    return folds
