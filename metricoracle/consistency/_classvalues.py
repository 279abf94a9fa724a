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

Unweighted Cohen's kappa and multiclass MCC fit the same form.  With row sums t (known),
column sums c, D = Σd, T = Σ_k t_k·c_k, Q = Σ_k c_k², S = Σ_k t_k² (constant):

    kappa = (N·D − T) / (N² − T),      MCC = (N·D − T) / sqrt((N² − Q)·(N² − S))

(the spec's ``cohen_kappa`` with 0/1 weights: Σ_{i≠j} c_i·t_j = N² − T, and
``matthews_corrcoef``).  With two classes of positive support T ≤ max(t)·N < N², so
kappa's denominator is > 0 and, for an interval [lo, hi],

    kappa ≥ lo  ⟺  L = D/N − (1 − lo)·T/N² ≥ lo,     kappa ≤ hi  ⟺  H = D/N − (1 − hi)·T/N² ≤ hi

(multiply by N² − T > 0; strict iff the interval end is open): L and H are sums of the
per-class contributions d_k/N − (1 − v)·t_k·c_k/N², i.e. two boxed coordinates
("kappa_lo", "kappa_hi"), exactly equivalent to kappa in its interval.  MCC is not
linear in them: its coordinates are the numerator Σ (d_k/N − t_k·c_k/N²) = (N·D − T)/N²
("mcc_num") and Q/N² ("mcc_q"), without a box; the engines test MCC on their sums
(:attr:`ClassSpace.mcc`), and the exact replay decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency._interval import Interval
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


def kappa_or_mcc(score: ReportedScore) -> bool:
    """Unweighted Cohen's kappa or multiclass MCC (functions of D, T and Q: module docstring)."""
    return score.score is Score.MCC or (score.score is Score.KAPPA
                                        and score.kappa_weights is None)


@dataclass
class ClassSpace:
    """One K-class question in per-class form.

    Attributes:
        problem: the question (its scores, intervals and hypothesis).
        t: class supports (row sums); ``total`` = N = Σt.
        allowed: allowed[D] iff every Σd-only score holds at Σd = D (exact, via the spec).
        d_lo, d_hi: the smallest and largest allowed D.
        sums: the summed coordinates, (score index, "value" | "P" | "R" | "kappa_lo" |
            "kappa_hi" | "mcc_num" | "mcc_q"); :meth:`box` gives each one's box.
        fom: per F-of-means score, (score index, P coordinate, R coordinate).
        mcc: per MCC score, (score index, numerator coordinate, Q/N² coordinate).
    """

    problem: Problem
    t: list[int]
    total: int
    allowed: np.ndarray
    d_lo: int
    d_hi: int
    sums: list[tuple[int, str]]
    fom: list[tuple[int, int, int]]
    mcc: list[tuple[int, int, int]]

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
    def s_frac(self) -> Fraction:
        """S/N² = Σ t_k² / N² (MCC's constant factor is 1 − S/N²)."""
        return Fraction(sum(int(x) ** 2 for x in self.t), int(self.total) ** 2)

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
        # Σd is put on a class with support: a class without true samples has d = 0 and
        # weight 0 (its recall is 0/0), so Σd on it would read as that class's 0/0.
        home = next((c for c, x in enumerate(t) if x > 0), 0)
        for i in order:
            s = problem.scores[i]
            for dsum in np.flatnonzero(allowed).tolist():
                diag = np.array([0] * k, dtype=object)
                diag[home] = dsum
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
        mcc: list[tuple[int, int, int]] = []
        for i, s in enumerate(problem.scores):
            if d_only(s):
                continue
            if s.score is Score.KAPPA:
                sums += [(i, "kappa_lo"), (i, "kappa_hi")]
            elif s.score is Score.MCC:
                mcc.append((i, len(sums), len(sums) + 1))
                sums += [(i, "mcc_num"), (i, "mcc_q")]
            elif (s.score is Score.F_BETA and s.average is ScoreAverage.MACRO
                    and hyp.macro_f1 is MacroF1.F1_OF_MEANS):
                fom.append((i, len(sums), len(sums) + 1))
                sums += [(i, "P"), (i, "R")]
            else:
                sums.append((i, "value"))
        return cls(problem, t, total, allowed, d_lo, d_hi, sums, fom, mcc)

    def box(self, j: int) -> Interval | None:
        """The exact box of summed coordinate j (None: not boxed, tested on the sums).

        "value": the reported interval.  "kappa_lo"/"kappa_hi" (module docstring): L ≥ lo
        and H ≤ hi; the other sides are implied, since L − H = (hi − lo)·T/N² lies in
        [0, (hi − lo)·τ] with τ = max(t)/N ≥ T/N², so both boxes together are exactly
        "kappa ∈ [lo, hi]"."""
        i, what = self.sums[j]
        iv = self.problem.intervals[i]
        if what == "value":
            return iv
        if what in ("kappa_lo", "kappa_hi"):
            spread = (iv.hi - iv.lo) * Fraction(int(max(self.t)), int(self.total))
            if what == "kappa_lo":
                return Interval(iv.lo, iv.hi + spread, iv.lo_closed, True)
            return Interval(iv.lo - spread, iv.hi, True, iv.hi_closed)
        return None

    def valid(self, q: int, d: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Points (d, c) a class-q column can take: d ≤ t, d ≤ c, c − d ≤ N − t."""
        tq = self.t[q]
        return (d >= 0) & (d <= tq) & (c >= d) & (c - d <= self.total - tq)


#: coordinates that are polynomials in (d, c) (:func:`class_poly`), not ratios.
POLY = ("kappa_lo", "kappa_hi", "mcc_num", "mcc_q")


def class_poly(space: ClassSpace, i: int, what: str, q: int) -> tuple[int, int, int, int]:
    """(a, b, e, den): class q contributes (a·d + b·c + e·c²)/den to coordinate (i, what).

    kappa at an end v = num/den of the interval: d/N − (1 − v)·t·c/N²
    = (den·N·d − (den − num)·t·c) / (den·N²); "mcc_num": (N·d − t·c)/N²; "mcc_q" and
    "Q": c²/N²; "T": t·c/N² (the last two: the DP's coordinates, :mod:`._classdp`)."""
    tk, total = int(space.t[q]), int(space.total)
    if what in ("kappa_lo", "kappa_hi"):
        iv = space.problem.intervals[i]
        v = iv.lo if what == "kappa_lo" else iv.hi
        num, den = v.numerator, v.denominator
        return den * total, -(den - num) * tk, 0, den * total * total
    if what == "mcc_num":
        return total, -tk, 0, total * total
    if what == "T":
        return 0, tk, 0, total * total
    return 0, 0, 1, total * total


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


def exact_columns(space: ClassSpace, q: int, d_arr: np.ndarray, c_arr: np.ndarray,
                  coords: list[tuple[int, str]] | None = None
                  ) -> tuple[np.ndarray, list[list[Fraction]]]:
    """Exact contribution of class q to every summed coordinate (default: ``space.sums``)
    at the points (d, c), and which points are admissible (under ``never`` no 0/0 may
    occur)."""
    ok = np.ones(len(d_arr), dtype=bool)
    cols: list[list[Fraction]] = []
    fill = space.fill or 0
    for i, what in space.sums if coords is None else coords:
        if what in POLY or what in ("T", "Q"):  # exact Python integers (no int64 overflow)
            a, b, e, den = class_poly(space, i, what, q)
            cols.append([Fraction(a * x + b * y + e * y * y, den)
                         for x, y in zip(d_arr.tolist(), c_arr.tolist(), strict=True)])
            continue
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
            if what in POLY:
                a, b, e, den = class_poly(space, i, what, q)
                df, cf = dd.astype(float), cc.astype(float)
                grid = (a * df + b * cf + e * cf * cf) / den
                grids.append(np.where(valid, grid, np.nan))
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
