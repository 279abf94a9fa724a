"""A macro/weighted report on one K-class matrix, in per-class form.

Every per-class score depends only on d_k = C[k,k] and c_k = Σ_r C[r,k] (TP = d,
FP = c − d, FN = t − d, TN = N − t − c + d), so each reported macro/weighted score is a
SUM over classes of a per-class contribution g_k(d_k, c_k): v/K for a macro mean,
t_k·v/N for a weighted mean (the spec's weighted mean with Σt = N), d/(t·K⁺) for balanced
accuracy.  "F1 of macro P and macro R" needs two sums (ΣP/K and ΣR/K) and a final exact
check.  Scores that depend on Σd only (accuracy, micro scores, weighted recall) become
the exact set of allowed D = Σd.  :class:`ClassSpace` holds that form; the contributions
are given exactly (:func:`exact_columns`, Fractions through the spec's formulas) and as
float grids (:func:`float_grids`) that only steer searches and bound duality proofs.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._problem import Problem
from metricoracle.consistency._scores import MacroF1, ReportedScore, Score, ScoreAverage
from metricoracle.consistency._setup import ZeroDivisionRule
from metricoracle.consistency._terms import (
    EXACT_INTERP,
    _per_class,
    _zd_value,
    exact_value,
    is_single_ratio,
    score_term_marginals,
)
from metricoracle.spec import _formulas as formulas

#: per-class scores whose macro / weighted mean the class engines decide.
PER_CLASS_OK = {Score.PRECISION, Score.RECALL, Score.F_BETA, Score.JACCARD,
                Score.SPECIFICITY, Score.NPV}


def d_only(score: ReportedScore) -> bool:
    """Scores that depend on Σd only in single-label data (accuracy, micro, weighted recall)."""
    if score.score is Score.ACCURACY:
        return True
    if score.average is ScoreAverage.MICRO:
        return score.score in PER_CLASS_OK
    return score.score is Score.RECALL and score.average is ScoreAverage.WEIGHTED


@dataclass
class ClassSpace:
    """One K-class question in per-class form.

    Attributes:
        problem: the question (its scores, intervals and hypothesis).
        t: class supports (row sums); ``total`` = N = Σt.
        allowed: allowed[D] iff every Σd-only score holds at Σd = D (exact, via the spec).
        d_lo, d_hi: the smallest and largest allowed D.
        sums: the summed coordinates, (score index, "value" | "P" | "R").
        fom: per F-of-means score, (score index, P coordinate, R coordinate).
    """

    problem: Problem
    t: list[int]
    total: int
    allowed: np.ndarray
    d_lo: int
    d_hi: int
    sums: list[tuple[int, str]]
    fom: list[tuple[int, int, int]]

    @property
    def k(self) -> int:
        return len(self.t)

    @property
    def supported_classes(self) -> int:
        return sum(1 for x in self.t if x > 0)

    @property
    def fill(self) -> Fraction | None:
        return _zd_value(self.problem.hypothesis.zero_division)

    @property
    def never(self) -> bool:
        return self.problem.hypothesis.zero_division is ZeroDivisionRule.NEVER

    @classmethod
    def build(cls, problem: Problem) -> ClassSpace:
        (supports,) = problem.matrix_supports()
        assert supports is not None
        t = list(supports)
        k, total = len(t), sum(t)
        hyp = problem.hypothesis
        allowed = np.ones(total + 1, dtype=bool)
        # single-ratio scores (accuracy, micro) first: they are the cheapest to evaluate
        # and leave few D for the averaged ones (weighted recall).
        order = sorted((i for i, s in enumerate(problem.scores) if d_only(s)),
                       key=lambda i: not is_single_ratio(problem.scores[i]))
        for i in order:
            s = problem.scores[i]
            for dsum in np.flatnonzero(allowed).tolist():
                diag = np.array([dsum] + [0] * (k - 1), dtype=object)
                m = formulas.Marginals(diag, np.array(t, dtype=object),
                                       np.array(t, dtype=object), total)
                term = score_term_marginals(s, m, positive=None, zd=hyp.zero_division,
                                            macro_f1=hyp.macro_f1, it=EXACT_INTERP)
                value = exact_value(term, hyp.zero_division)
                allowed[dsum] = value is not None and problem.intervals[i].contains(value)
        d_lo = int(np.argmax(allowed)) if allowed.any() else 0
        d_hi = total - int(np.argmax(allowed[::-1])) if allowed.any() else -1
        sums: list[tuple[int, str]] = []
        fom: list[tuple[int, int, int]] = []
        for i, s in enumerate(problem.scores):
            if d_only(s):
                continue
            if (s.score is Score.F_BETA and s.average is ScoreAverage.MACRO
                    and hyp.macro_f1 is MacroF1.F1_OF_MEANS):
                fom.append((i, len(sums), len(sums) + 1))
                sums += [(i, "P"), (i, "R")]
            else:
                sums.append((i, "value"))
        return cls(problem, t, total, allowed, d_lo, d_hi, sums, fom)

    def valid(self, q: int, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Points (d, c) a class-q column can take: d ≤ t, d ≤ c, c − d ≤ N − t."""
        tq = self.t[q]
        return (d >= 0) & (d <= tq) & (c >= d) & (c - d <= self.total - tq)


def class_ratio(space: ClassSpace, i: int, what: str, q: int, d: Any, c: Any
                ) -> tuple[Any, Any, Fraction]:
    """(num, den, weight) of coordinate (i, what) for class q at points (d, c)."""
    problem, tk, total = space.problem, space.t[q], space.total
    s = problem.scores[i]
    if s.score is Score.BALANCED_ACCURACY:
        return d, (tk if tk else 1) + 0 * d, (Fraction(1, tk * space.supported_classes) * tk
                                              if tk else Fraction(0))
    counts = formulas.Counts(tp=d, fp=c - d, fn=tk - d, tn=total - tk - c + d)
    if what == "P":
        ratio = formulas.precision(counts)
    elif what == "R":
        ratio = formulas.recall(counts)
    else:
        ratio = _per_class(s, counts, EXACT_INTERP)
    weight = (Fraction(tk, total) if s.average is ScoreAverage.WEIGHTED and what == "value"
              else Fraction(1, space.k))
    return ratio.num, ratio.den, weight


def exact_columns(space: ClassSpace, q: int, d_arr: np.ndarray, c_arr: np.ndarray
                  ) -> tuple[np.ndarray, list[list[Fraction]]]:
    """Exact contribution of class q to every summed coordinate at the points (d, c),
    and which points are admissible (under ``never`` no 0/0 may occur)."""
    ok = np.ones(len(d_arr), dtype=bool)
    cols: list[list[Fraction]] = []
    fill = space.fill or 0
    for i, what in space.sums:
        num_raw, den_raw, weight = class_ratio(space, i, what, q, d_arr, c_arr)
        num = np.broadcast_to(np.asarray(num_raw, dtype=object), d_arr.shape).tolist()
        den = np.broadcast_to(np.asarray(den_raw, dtype=object), d_arr.shape).tolist()
        vals = []
        for j, (a, b) in enumerate(zip(num, den, strict=True)):
            if b == 0:
                if space.never:
                    ok[j] = False
                vals.append(weight * fill)
            else:
                vals.append(weight * Fraction(a) / Fraction(b))
        cols.append(vals)
    return ok, cols


def float_grids(space: ClassSpace, coords: list[tuple[int, str]]) -> list[list[np.ndarray]]:
    """Per coordinate, per class q, the float grid g[d, c] of the contribution (NaN where
    the point is not admissible).  Floats only steer searches and bound proofs."""
    total = space.total
    out = []
    for i, what in coords:
        grids = []
        for q, tk in enumerate(space.t):
            dd, cc = np.meshgrid(np.arange(tk + 1, dtype=np.int64),
                                 np.arange(total + 1, dtype=np.int64), indexing="ij")
            valid = space.valid(q, dd, cc)
            if i < 0:  # a zero coordinate (reports with Σd-only scores)
                grids.append(np.where(valid, 0.0, np.nan))
                continue
            num, den, weight = class_ratio(space, i, what, q, dd, cc)
            num = np.broadcast_to(np.asarray(num), dd.shape).astype(float)
            den = np.broadcast_to(np.asarray(den), dd.shape).astype(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                grid = float(weight) * num / den
            zero = den == 0
            if space.never:
                valid &= ~zero
            else:
                grid[zero] = float(weight * (space.fill or 0))
            grid[~valid] = np.nan
            grids.append(grid)
        out.append(grids)
    return out
