"""Reported scores as terms over one confusion matrix, generic over the interpretation.

Every score is computed by the spec's own formulas (:mod:`metricoracle.spec._formulas`,
:mod:`metricoracle.spec._averaging`) on a K×K matrix whose cells are exact integers (to
replay a witness) or z3 integer terms (to search).  What this module adds is only the
plumbing the formulas leave to their callers: picking the positive class, averaging with
an explicit zero-division rule, and the membership test "score ∈ reported interval".

A score becomes one of three term shapes, so that the solver can use the cheapest
encoding: :class:`RatioTerm` (one division, e.g. binary/micro scores, accuracy, kappa:
membership is linear after multiplying by the denominator), :class:`SqrtTerm` (MCC,
``num/sqrt(den_sq)``: membership by signs and squares, never a square root), and
:class:`PlainTerm` (a value built with guarded divisions, e.g. macro averages, plus the
condition under which it is a number).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Protocol

import numpy as np

from metricoracle.consistency._interval import Interval
from metricoracle.consistency._scores import MacroF1, ReportedScore, Score, ScoreAverage
from metricoracle.consistency._setup import ZeroDivisionRule
from metricoracle.spec import _formulas as formulas
from metricoracle.spec._arith import EXACT, Ratio, SqrtRatio
from metricoracle.spec._averaging import mean, weighted_mean


class Interp(Protocol):
    """The spec's ``Arith`` plus the comparisons and connectives a membership test needs."""

    def lift(self, value: int | Fraction) -> Any: ...
    def vector(self, values: Any) -> Any: ...
    def div(self, num: Any, den: Any, *, if_zero: Any) -> Any: ...
    def total(self, values: Any) -> Any: ...
    def ite(self, cond: Any, then: Any, other: Any) -> Any: ...
    def le(self, a: Any, b: Any, *, strict: bool) -> Any: ...
    def eq(self, a: Any, b: Any) -> Any: ...
    def all(self, conds: list[Any]) -> Any: ...
    def any(self, conds: list[Any]) -> Any: ...


class ExactInterp:
    """Python ``int``/``Fraction`` values and ``bool`` conditions (replays witnesses)."""

    lift = staticmethod(EXACT.lift)
    vector = staticmethod(EXACT.vector)
    div = staticmethod(EXACT.div)
    total = staticmethod(EXACT.total)

    @staticmethod
    def ite(cond: Any, then: Any, other: Any) -> Any:
        return then if cond else other

    @staticmethod
    def le(a: Any, b: Any, *, strict: bool) -> bool:
        return bool(a < b) if strict else bool(a <= b)

    @staticmethod
    def eq(a: Any, b: Any) -> bool:
        return bool(a == b)

    @staticmethod
    def all(conds: list[Any]) -> bool:
        return all(bool(c) for c in conds)

    @staticmethod
    def any(conds: list[Any]) -> bool:
        return any(bool(c) for c in conds)


EXACT_INTERP = ExactInterp()


def _scalar(x: Any) -> Any:
    """Unwrap a 0-d numpy array (what a z3 total becomes, see :func:`score_term`)."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


@dataclass(frozen=True, slots=True)
class RatioTerm:
    """``num / den`` (den ≥ 0 for count data); 0/0 handled by the zero-division rule."""

    ratio: Ratio[Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratio", Ratio(_scalar(self.ratio.num),
                                                _scalar(self.ratio.den)))


@dataclass(frozen=True, slots=True)
class SqrtTerm:
    """``num / sqrt(den_sq)`` (MCC); den_sq = 0 handled by the zero-division rule."""

    ratio: SqrtRatio[Any]

    def __post_init__(self) -> None:
        object.__setattr__(self, "ratio", SqrtRatio(_scalar(self.ratio.num),
                                                    _scalar(self.ratio.den_sq)))


@dataclass(frozen=True, slots=True)
class PlainTerm:
    """A value, and the condition under which it is a number (not NaN / not excluded)."""

    value: Any
    defined: Any


Term = RatioTerm | SqrtTerm | PlainTerm


def _zd_value(zd: ZeroDivisionRule) -> Fraction | None:
    """The number a 0/0 becomes, or None when it is no number (NaN / never matches)."""
    return {ZeroDivisionRule.ZERO: Fraction(0), ZeroDivisionRule.ONE: Fraction(1)}.get(zd)


def _per_class(score: ReportedScore, counts: formulas.Counts[Any], it: Interp) -> Ratio[Any]:
    if score.score is Score.PRECISION:
        return formulas.precision(counts)
    if score.score is Score.RECALL:
        return formulas.recall(counts)
    if score.score is Score.SPECIFICITY:
        return formulas.specificity(counts)
    if score.score is Score.NPV:
        return formulas.npv(counts)
    if score.score is Score.JACCARD:
        return formulas.jaccard(counts)
    beta_sq = score.beta * score.beta
    # An integral β² stays a Python int, so integer and z3 Int counts stay integral.
    return formulas.f_beta(counts, int(beta_sq) if beta_sq.denominator == 1 else it.lift(beta_sq))


def _average(ratio: Ratio[Any], weights: Any, zd: ZeroDivisionRule, it: Interp) -> PlainTerm:
    """Macro (weights None) or weighted mean of per-class ratios under the rule ``zd``.

    With NAN the undefined classes are dropped (scikit-learn's ``_nanaverage``); the mean
    is a number when at least one class is defined.  With NEVER every class must be
    defined.  With ZERO/ONE the spec's ``mean``/``weighted_mean`` are used unchanged.
    """
    k = len(ratio.num)
    zero, one = it.lift(0), it.lift(1)
    defined = [it.le(zero, ratio.den[i], strict=True) for i in range(k)]
    if zd is ZeroDivisionRule.NAN:
        values = [it.div(ratio.num[i], ratio.den[i], if_zero=zero) for i in range(k)]
        w = [one] * k if weights is None else [weights[i] for i in range(k)]
        den = sum((it.ite(defined[i], w[i], zero) for i in range(k)), zero)
        num = sum((it.ite(defined[i], w[i] * values[i], zero) for i in range(k)), zero)
        if weights is None:
            return PlainTerm(it.div(num, den, if_zero=zero), it.any(defined))
        count = sum((it.ite(d, one, zero) for d in defined), zero)
        plain = sum((it.ite(defined[i], values[i], zero) for i in range(k)), zero)
        fallback = it.div(plain, count, if_zero=zero)
        return PlainTerm(it.div(num, den, if_zero=fallback), it.any(defined))
    fill = it.lift(_zd_value(zd) or 0)
    values = np.array([it.div(ratio.num[i], ratio.den[i], if_zero=fill) for i in range(k)],
                      dtype=object)
    value = mean(values, it) if weights is None else weighted_mean(values, weights, it)
    return PlainTerm(value, it.all(defined) if zd is ZeroDivisionRule.NEVER else True)


def is_single_ratio(score: ReportedScore) -> bool:
    """Whether :func:`score_term` gives a :class:`RatioTerm` (one division) for ``score``."""
    return (score.score in (Score.ACCURACY, Score.KAPPA)
            or score.average in (ScoreAverage.BINARY, ScoreAverage.MICRO))


def score_term(score: ReportedScore, matrix: Any, *, positive: int | None,
               zd: ZeroDivisionRule, macro_f1: MacroF1, it: Interp) -> Term:
    """The term of ``score`` on the K×K ``matrix`` (rows true, columns predicted)."""
    return score_term_marginals(score, formulas.marginals(matrix), matrix=matrix, positive=positive,
                                zd=zd, macro_f1=macro_f1, it=it)


def score_term_marginals(score: ReportedScore, m: formulas.Marginals[Any], *, matrix: Any = None,
                         positive: int | None, zd: ZeroDivisionRule, macro_f1: MacroF1,
                         it: Interp) -> Term:
    """:func:`score_term` from the marginals (diagonal, row and column sums) alone.

    Every score but kappa depends on the matrix only through its marginals; kappa
    needs ``matrix``.
    """
    raw = m
    if not isinstance(m.total, int | Fraction | np.integer):
        # A z3 total (or a batch of totals, one per candidate) must broadcast against the
        # per-class arrays as ONE element: a 0-d object array does, while z3's own ``-``
        # refuses a numpy array.
        total = np.empty((), dtype=object)
        total[()] = m.total
        m = formulas.Marginals(m.diag, m.true_sum, m.pred_sum, total)
    if score.score is Score.ACCURACY:
        return RatioTerm(formulas.accuracy(m))
    if score.score is Score.MCC:
        return SqrtTerm(formulas.matthews_corrcoef(raw))
    if score.score is Score.KAPPA:
        if matrix is None:
            raise ValueError("kappa needs the whole matrix, not only its marginals")
        k = matrix.shape[0]
        weights = formulas.kappa_weights(k, score.kappa_weights).astype(object)
        return RatioTerm(formulas.cohen_kappa(matrix, weights))
    counts = formulas.one_vs_rest(m)
    if score.score is Score.BALANCED_ACCURACY:
        # scikit-learn: mean recall over the classes that occur in y_true, whatever
        # zero_division says; no class occurs only for an empty matrix.
        return _average(formulas.recall(counts), None, ZeroDivisionRule.NAN, it)
    if score.average is ScoreAverage.BINARY:
        if positive is None:
            raise ValueError("average='binary' needs a binary setup")
        ratio = _per_class(score, counts, it)
        return RatioTerm(Ratio(ratio.num[positive], ratio.den[positive]))
    if score.average is ScoreAverage.MICRO:
        return RatioTerm(_per_class(score, formulas.pool(counts), it))
    weights = m.true_sum if score.average is ScoreAverage.WEIGHTED else None
    if (score.score is Score.F_BETA and score.average is ScoreAverage.MACRO
            and macro_f1 is MacroF1.F1_OF_MEANS):
        p = _average(formulas.precision(counts), None, zd, it)
        r = _average(formulas.recall(counts), None, zd, it)
        beta_sq = it.lift(score.beta * score.beta)
        num = (1 + beta_sq) * p.value * r.value
        den = beta_sq * p.value + r.value
        zero = it.lift(0)
        fill = it.lift(_zd_value(zd) or 0)
        defined = it.all([p.defined, r.defined])
        if zd in (ZeroDivisionRule.NAN, ZeroDivisionRule.NEVER):
            defined = it.all([defined, it.le(zero, den, strict=True)])
        return PlainTerm(it.div(num, den, if_zero=fill), defined)
    return _average(_per_class(score, counts, it), weights, zd, it)


def _ratio_ge(num: Any, den: Any, bound: Fraction, strict: bool, it: Interp) -> Any:
    """``num/den ≥ bound`` (or >) for den > 0, as ``den·bound ≤ num`` (linear in the counts)."""
    return it.le(den * it.lift(bound.numerator), num * it.lift(bound.denominator), strict=strict)


def _sqrt_cmp_ge(num: Any, den_sq: Any, c: Fraction, strict: bool, it: Interp) -> Any:
    """``num/sqrt(den_sq) ≥ c`` (or >) for den_sq > 0, by signs and squares only."""
    zero = it.lift(0)
    square = num * num * it.lift(c.denominator**2)
    bound = den_sq * it.lift(c.numerator**2)
    if c > 0:
        return it.all([it.le(zero, num, strict=True), it.le(bound, square, strict=strict)])
    if c == 0:
        return it.le(zero, num, strict=strict)
    # c < 0: true for num ≥ 0; for num < 0 need |x| ≤ |c|, i.e. num² ≤ c²·den_sq.
    return it.any([it.le(zero, num, strict=False), it.le(square, bound, strict=strict)])


def _sqrt_cmp_le(num: Any, den_sq: Any, c: Fraction, strict: bool, it: Interp) -> Any:
    """``num/sqrt(den_sq) ≤ c`` (or <): the mirror image of :func:`_sqrt_cmp_ge`."""
    return _sqrt_cmp_ge(-num, den_sq, -c, strict, it)


def member(term: Term, interval: Interval, zd: ZeroDivisionRule, it: Interp) -> Any:
    """The condition "the score is a number inside ``interval``"."""
    zero = it.lift(0)
    zd_value = _zd_value(zd)
    zd_ok = zd_value is not None and interval.contains(zd_value)
    if isinstance(term, PlainTerm):
        return it.all([term.defined,
                       it.le(it.lift(interval.lo), term.value, strict=not interval.lo_closed),
                       it.le(term.value, it.lift(interval.hi), strict=not interval.hi_closed)])
    if isinstance(term, RatioTerm):
        num, den = term.ratio.num, term.ratio.den
        inside = it.all([
            it.le(zero, den, strict=True),
            _ratio_ge(num, den, interval.lo, not interval.lo_closed, it),
            _ratio_ge(-num, den, -interval.hi, not interval.hi_closed, it),
        ])
    else:
        num, den = term.ratio.num, term.ratio.den_sq
        inside = it.all([
            it.le(zero, den, strict=True),
            _sqrt_cmp_ge(num, den, interval.lo, not interval.lo_closed, it),
            _sqrt_cmp_le(num, den, interval.hi, not interval.hi_closed, it),
        ])
    return it.any([inside, it.all([it.eq(den, zero), zd_ok])]) if zd_ok else inside


def exact_value(term: Term, zd: ZeroDivisionRule) -> Fraction | SqrtRatio[Any] | None:
    """The exact value of a term on integer counts (None when it is no number)."""
    if isinstance(term, PlainTerm):
        return Fraction(term.value) if term.defined else None
    if isinstance(term, RatioTerm):
        num, den = term.ratio.num, term.ratio.den
        return Fraction(num, den) if den != 0 else _zd_value(zd)
    if term.ratio.den_sq == 0:
        return _zd_value(zd)
    return SqrtRatio(int(term.ratio.num), int(term.ratio.den_sq))
