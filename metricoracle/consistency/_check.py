"""``check_consistency``: one verdict per hypothesis, each a proof or an honest UNKNOWN.

Engines, tried in order (each exact; the first that applies decides):

1. binary enumeration (one 2×2 matrix with known p, n): integer intervals for tn per tp;
2. exact averaged engines: means of binary folds (:mod:`._folds`) and macro/weighted
   scores of one K-class matrix with known supports, with unweighted kappa and MCC
   (:mod:`._classes`): exact reachable key sets, proofs both ways;
3. branch and bound (the same shapes, when the DP does not apply or runs out of budget);
4. z3 over integer cells with a deterministic ``rlimit`` budget.

Every witness is replayed with exact Fractions before CONSISTENT is said; INCONSISTENT
comes with a deletion-filtered core: a set of reported scores that cannot hold together
while every proper subset can (when a sub-check ends UNKNOWN the core is kept larger and
marked not minimal).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency import (
    _binary,
    _branch,
    _classes,
    _classfolds,
    _folds,
    _keydp,
    _z3search,
)
from metricoracle.consistency._interval import Rounding, parse_rounding
from metricoracle.consistency._problem import Hypothesis, Problem, Unsupported, split_pooled
from metricoracle.consistency._scores import MacroF1, ReportedScore, Score, ScoreAverage
from metricoracle.consistency._setup import (
    Aggregation,
    Setup,
    ZeroDivisionRule,
    parse_aggregation,
    parse_zero_division,
)
from metricoracle.consistency._surd import SurdMean
from metricoracle.consistency._terms import is_single_ratio
from metricoracle.spec._arith import SqrtRatio


class Status(StrEnum):
    """A verdict: every CONSISTENT has a witness, every INCONSISTENT a core; UNKNOWN a reason."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Budget:
    """Search budgets: deterministic ones (z3 ``rlimit``, branch-and-bound boxes) plus a
    wall-clock safety net for z3, whose rlimit does not bound every non-linear tactic.
    Running out of any of them gives UNKNOWN, never a different verdict."""

    rlimit: int = _z3search.DEFAULT_RLIMIT
    max_nodes: int = _branch.DEFAULT_NODES
    z3_timeout_ms: int = _z3search.DEFAULT_TIMEOUT_MS
    max_rows: int = _keydp.DEFAULT_ROWS


@dataclass(frozen=True)
class Verdict:
    """The answer for one hypothesis.

    Attributes:
        hypothesis: the reading of the report that was checked.
        status: CONSISTENT / INCONSISTENT / UNKNOWN.
        witness: confusion matrices (one, or one per fold and repeat) reproducing every
            reported score (CONSISTENT only).
        values: the exact value of each score on the witness (Fraction, MCC as SqrtRatio,
            the mean of per-fold MCC as SurdMean,
            None for "not a number").
        core: indices of the scores that cannot hold together (INCONSISTENT only).
        core_minimal: whether every proper subset of the core was proved satisfiable.
        reason: a sentence a reviewer can check.
        method: which engine decided.
        seconds: wall time of the whole verdict (search plus explanation).
    """

    hypothesis: Hypothesis
    status: Status
    witness: list[np.ndarray] | None = None
    values: list[Fraction | SqrtRatio[Any] | SurdMean | None] = field(default_factory=list)
    core: tuple[int, ...] = ()
    core_minimal: bool = True
    reason: str = ""
    method: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Report:
    """All verdicts for one reported row."""

    label: str
    setup: Setup
    scores: tuple[ReportedScore, ...]
    verdicts: tuple[Verdict, ...]

    @property
    def status(self) -> Status:
        """CONSISTENT if some hypothesis is, INCONSISTENT if all are, else UNKNOWN."""
        statuses = {v.status for v in self.verdicts}
        if Status.CONSISTENT in statuses:
            return Status.CONSISTENT
        if statuses == {Status.INCONSISTENT}:
            return Status.INCONSISTENT
        return Status.UNKNOWN


def decide(problem: Problem, budget: Budget = Budget()) -> tuple[_z3search.SearchResult, str]:
    """Run the first applicable engine; returns its result and its name."""
    if not problem.scores:
        return _z3search.SearchResult("sat", _any_matrices(problem)), "trivial"
    try:
        result = _binary.binary_search(problem)
        if result is not None:
            return result, "binary enumeration"
        if _folds.folds_supported(problem):
            result = _folds.mean_of_folds(problem, max_rows=budget.max_rows)
            if result.status != "unknown":
                return result, "exact averaged DP (folds)"
        elif _classfolds.classfolds_supported(problem):
            # z3 does not decide these within any useful time: its UNKNOWN is final.
            result = _classfolds.mean_of_class_folds(problem, max_rows=budget.max_rows)
            return result, "mean of per-fold class scores"
        elif _classes.classes_supported(problem):
            result = _classes.macro_weighted(problem, max_rows=budget.max_rows)
            if result.status != "unknown":
                return result, "exact averaged DP (classes)"
        linear = [i for i, s in enumerate(problem.scores) if is_single_ratio(s)]
        if not problem.per_fold and 0 < len(linear) < len(problem.scores):
            # The single-ratio scores alone are linear (cheap); if they already conflict,
            # the whole report does.
            sub = _z3search.search(problem.subset(linear), rlimit=budget.rlimit,
                                       timeout_ms=budget.z3_timeout_ms)
            if sub.status == "unsat":
                return sub, "z3 (linear scores)"
        if _branch.supported(problem):
            result = _branch.branch_and_bound(problem, max_nodes=budget.max_nodes)
            if result.status != "unknown":
                return result, "branch and bound"
        tiny = _every_matrix(problem)
        if tiny is not None:
            return tiny, "exhaustive enumeration"
        return (_z3search.search(problem, rlimit=budget.rlimit,
                                 timeout_ms=budget.z3_timeout_ms), "z3")
    except Unsupported as exc:
        return _z3search.SearchResult("unknown", reason=str(exc)), "none"


TINY_MATRICES = 4000  # below this many matrices, trying each beats z3 (which may time out)


def _compositions(total: int, parts: int) -> list[tuple[int, ...]]:
    """Every row of ``parts`` non-negative counts summing to ``total``."""
    return [tuple(b - a - 1 for a, b in zip((-1, *cut), (*cut, total + parts - 1), strict=True))
            for cut in itertools.combinations(range(total + parts - 1), parts - 1)]


def _every_matrix(problem: Problem) -> _z3search.SearchResult | None:
    """Decide a one-matrix report with known supports by trying every matrix (exact
    replay of each); None when there are more than :data:`TINY_MATRICES`."""
    (supports,) = problem.matrix_supports() if not problem.per_fold else (None,)
    if supports is None:
        return None
    k = len(supports)
    count = math.prod(math.comb(t + k - 1, k - 1) for t in supports)
    if count > TINY_MATRICES:
        return None
    rows = [_compositions(int(t), k) for t in supports]
    for choice in itertools.product(*rows):
        matrix = np.array(choice, dtype=np.int64)
        if all(problem.holds_exact([matrix])):
            return _z3search.SearchResult("sat", [matrix])
    return _z3search.SearchResult("unsat")


def _any_matrices(problem: Problem) -> list[np.ndarray]:
    out = []
    k = problem.setup.n_classes
    for supports in problem.matrix_supports():
        matrix = np.zeros((k, k), dtype=np.int64)
        if supports is None:
            matrix[0, 0] = problem.matrix_total()
        else:
            matrix[np.diag_indices(k)] = supports
        out.append(matrix)
    return out


_ACCURACY_LIKE = {Score.ACCURACY}


def _accuracy_like(score: ReportedScore) -> bool:
    """Scores equal to accuracy on every single-label matrix (micro P = micro R = micro F)."""
    if score.score is Score.ACCURACY:
        return True
    if score.average is ScoreAverage.MICRO:
        return score.score in (Score.PRECISION, Score.RECALL, Score.F_BETA)
    return score.score is Score.RECALL and score.average is ScoreAverage.WEIGHTED


def _explain(problem: Problem, core: tuple[int, ...], minimal: bool, method: str) -> str:
    scores = [problem.scores[i] for i in core]
    intervals = [problem.intervals[i] for i in core]
    shown = "; ".join(f"{s.name} ∈ {iv}" for s, iv in zip(scores, intervals, strict=True))
    if (len(core) == 2 and not problem.per_fold and all(_accuracy_like(s) for s in scores)
            and not intervals[0].intersects(intervals[1])):
        return (f"{scores[0].name} and {scores[1].name} must be equal in single-label data "
                "(ΣFP = ΣFN, so micro precision = micro recall = micro F = accuracy = "
                f"weighted recall), but their intervals are disjoint: {shown}")
    setup = problem.setup.describe()
    if len(core) == 1:
        return (f"no confusion matrix with {setup} gives {shown} "
                f"(exact proof: {method})")
    tail = ("; every proper subset is satisfiable" if minimal
            else "; (the core may not be minimal: a sub-check was undecided)")
    return f"no confusion matrix with {setup} satisfies together {shown}{tail} ({method})"


def _core(problem: Problem, budget: Budget) -> tuple[tuple[int, ...], bool]:
    """Deletion filtering: drop each score whose removal keeps the problem unsatisfiable."""
    keep = list(range(len(problem.scores)))
    minimal = True
    for index in list(keep):
        trial = [i for i in keep if i != index]
        result, _ = decide(problem.subset(trial), budget)
        if result.status == "unsat":
            keep = trial
        elif result.status == "unknown":
            minimal = False
    return tuple(keep), minimal


def check_problem(problem: Problem, budget: Budget = Budget(), *, explain: bool = True) -> Verdict:
    """Decide one hypothesis and build its verdict (witness replayed, or core explained)."""
    start = time.perf_counter()
    result, method = decide(problem, budget)
    hyp = problem.hypothesis
    if result.status == "sat":
        assert result.matrices is not None
        matrices = result.matrices
        if not all(problem.holds_exact(matrices)):
            return Verdict(hyp, Status.UNKNOWN, reason="a solver model failed the exact replay",
                           method=method, seconds=time.perf_counter() - start)
        if problem.setup.folds is not None and not problem.per_fold:
            matrices = split_pooled(matrices[0], problem.setup.fold_supports())
        values = problem.values_exact(result.matrices)
        return Verdict(hyp, Status.CONSISTENT, witness=matrices, values=values,
                       reason="witness replayed with exact arithmetic", method=method,
                       seconds=time.perf_counter() - start)
    if result.status == "unknown":
        return Verdict(hyp, Status.UNKNOWN, reason=result.reason, method=method,
                       seconds=time.perf_counter() - start)
    core, minimal = (_core(problem, budget) if explain
                     else (tuple(range(len(problem.scores))), False))
    return Verdict(hyp, Status.INCONSISTENT, core=core, core_minimal=minimal,
                   reason=_explain(problem, core, minimal, method), method=method,
                   seconds=time.perf_counter() - start)


def _as_tuple(value: Any, parse: Any) -> tuple[Any, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        value = [value]
    return tuple(dict.fromkeys(parse(v) for v in value))


def hypotheses(scores: Sequence[ReportedScore], setup: Setup, *,
               rounding: Any = Rounding.HALF_EVEN,
               zero_division: Any = ZeroDivisionRule.ZERO,
               macro_f1: Any = None, aggregation: Any = None) -> list[Hypothesis]:
    """The cartesian product of the hypothesis options that matter for these scores.

    ``macro_f1`` defaults to both definitions when a macro F-beta is reported, and
    ``aggregation`` to both pooled and mean-of-folds when the setup has folds.
    """
    roundings = _as_tuple(rounding, parse_rounding)
    rules = _as_tuple(zero_division, parse_zero_division)
    has_macro_f = any(s.score is Score.F_BETA and s.average is ScoreAverage.MACRO
                      for s in scores)
    if has_macro_f:
        macros = _as_tuple(macro_f1 if macro_f1 is not None else list(MacroF1), MacroF1)
    else:
        macros = (MacroF1.MEAN_OF_F1,)
    if setup.folds is not None:
        aggs: tuple[Any, ...] = _as_tuple(aggregation if aggregation is not None
                                          else list(Aggregation), parse_aggregation)
    else:
        aggs = (None,)
    return [Hypothesis(r, z, m, a)
            for r, z, m, a in itertools.product(roundings, rules, macros, aggs)]


def check_consistency(scores: Sequence[ReportedScore], setup: Setup, *,
                      rounding: Any = Rounding.HALF_EVEN,
                      zero_division: Any = ZeroDivisionRule.ZERO,
                      macro_f1: Any = None, aggregation: Any = None,
                      budget: Budget = Budget(), explain: bool = True,
                      label: str = "") -> Report:
    """Can any confusion matrix (or set of per-fold matrices) produce these reported scores?

    Args:
        scores: the reported scores (see :func:`~metricoracle.consistency.parse_score`).
        setup: class counts, folds, repeats (see :class:`~metricoracle.consistency.Setup`).
        rounding: one rounding mode or several (one verdict each); "any" admits all modes.
        zero_division: one rule or several ("0", "1", "nan", "never").
        macro_f1: "mean-of-f1" and/or "f1-of-means" (default: both, if a macro F is given).
        aggregation: "pooled" and/or "mean-of-folds" (default: both, if there are folds).
        budget: deterministic budgets; exhausting one gives UNKNOWN, never a guess.
        explain: compute a minimal inconsistent core (costs one check per score).
        label: a name for the row (shown in tables).

    Returns:
        A :class:`Report` with one :class:`Verdict` per hypothesis.

    Example:
        >>> from metricoracle.consistency import Setup, check_consistency, parse_score
        >>> report = check_consistency([parse_score("acc=0.8154"), parse_score("sens_binary=0.52")],
        ...                            Setup.binary_counts(50, 80))
        >>> report.status.value
        'consistent'
    """
    scores = tuple(scores)
    verdicts = tuple(check_problem(Problem.build(setup, scores, h), budget, explain=explain)
                     for h in hypotheses(scores, setup, rounding=rounding,
                                         zero_division=zero_division, macro_f1=macro_f1,
                                         aggregation=aggregation))
    return Report(label, setup, scores, verdicts)
