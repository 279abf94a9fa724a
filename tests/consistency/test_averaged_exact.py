"""The exact averaged engines (``_folds``, ``_classes``): hand-built cases, brute force."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest

from metricoracle.consistency import (
    Interval,
    ReportedScore,
    Score,
    ScoreAverage,
    Setup,
    Status,
    check_consistency,
    parse_score,
)
from metricoracle.consistency._classes import macro_weighted
from metricoracle.consistency._folds import mean_of_folds
from metricoracle.consistency._problem import Hypothesis, Problem
from metricoracle.consistency._scores import MacroF1
from metricoracle.consistency._setup import Aggregation
from metricoracle.consistency._transport import zero_diagonal_transport

B = ScoreAverage.BINARY


def test_mean_of_folds_f1_no_fold_counts_reach() -> None:
    # Two folds with p=1, n=1.  Per fold F1 = 2tp/(2tp+fp+fn) ∈ {0 (tp=0), 2/3 (tp=1,
    # fp=1), 1 (tp=1, fp=0)}, so the mean ∈ {0, 1/3, 1/2, 2/3, 5/6, 1}: nothing in
    # [0.795, 0.805] (half-even 0.80) -> INCONSISTENT; 0.83 ∋ 5/6 -> CONSISTENT.
    setup = Setup.binary_counts(2, 2, folds=[(1, 1), (1, 1)])
    bad = check_consistency([parse_score("f1=0.80", default_average=B)], setup,
                            aggregation="mean-of-folds")
    (verdict,) = bad.verdicts
    assert verdict.status is Status.INCONSISTENT
    assert verdict.method == "exact averaged DP (folds)"
    assert verdict.core == (0,)
    good = check_consistency([parse_score("f1=0.83", default_average=B)], setup,
                             aggregation="mean-of-folds")
    (verdict,) = good.verdicts
    assert verdict.status is Status.CONSISTENT
    assert verdict.values == [Fraction(5, 6)]
    # the witness: one fold perfect ([[1,0],[0,1]]), the other with tp=1, fp=1.
    folds = sorted(m.tolist() for m in verdict.witness)
    assert folds == [[[0, 1], [0, 1]], [[1, 0], [0, 1]]]


def test_mean_of_folds_accuracy_and_f1_jointly() -> None:
    # Same folds.  acc per fold = (tp+tn)/2; F1 1 needs tp=1, tn=1 (acc 1); F1 2/3 needs
    # tp=1, tn=0 (acc 1/2).  Mean F1 = 5/6 forces mean acc = 3/4: "acc=0.75, f1=0.83" is
    # consistent, "acc=1.00, f1=0.83" is not (acc 1 forces F1 1 in both folds).
    setup = Setup.binary_counts(2, 2, folds=[(1, 1), (1, 1)])
    ok = check_consistency([parse_score(s, default_average=B) for s in ("acc=0.75", "f1=0.83")],
                           setup, aggregation="mean-of-folds")
    assert ok.status is Status.CONSISTENT
    no = check_consistency([parse_score(s, default_average=B) for s in ("acc=1.00", "f1=0.83")],
                           setup, aggregation="mean-of-folds")
    assert no.status is Status.INCONSISTENT
    assert no.verdicts[0].core == (0, 1) and no.verdicts[0].core_minimal


def test_macro_f1_definitions_differ_and_weighted_f1() -> None:
    # supports (2, 2), acc 3/4: C = [[2,0],[1,1]] or its mirror.  Per-class F1 4/5 and
    # 2/3: mean 11/15 ≈ 0.7333; macro P = (2/3+1)/2 = 5/6, macro R = 3/4, F1 of those =
    # 2·(5/6)(3/4)/(5/6+3/4) = 15/19 ≈ 0.7895.  Weighted F1 (equal supports) = 11/15.
    setup = Setup.multiclass([2, 2])
    report = check_consistency([parse_score("acc=0.75"), parse_score("f1_macro=0.7895")], setup)
    got = {v.hypothesis.macro_f1: (v.status, v.method) for v in report.verdicts}
    assert got[MacroF1.MEAN_OF_F1][0] is Status.INCONSISTENT
    assert got[MacroF1.F1_OF_MEANS][0] is Status.CONSISTENT
    weighted = check_consistency([parse_score("acc=0.75"), parse_score("f1_weighted=0.7333")],
                                 setup)
    assert weighted.status is Status.CONSISTENT
    assert weighted.verdicts[0].values == [Fraction(3, 4), Fraction(11, 15)]
    bad = check_consistency([parse_score("acc=0.75"), parse_score("f1_weighted=0.7895")], setup)
    assert bad.status is Status.INCONSISTENT


def test_hall_condition_for_zero_diagonal_matrices_by_brute_force() -> None:
    # r_k + s_k ≤ Σr (with Σr = Σs) iff a non-negative integer zero-diagonal matrix exists.
    k = 3
    off = [(i, j) for i in range(k) for j in range(k) if i != j]
    reach: set[tuple[tuple[int, ...], tuple[int, ...]]] = set()
    for cells in itertools.product(range(4), repeat=len(off)):
        m = np.zeros((k, k), dtype=int)
        for (i, j), v in zip(off, cells, strict=True):
            m[i, j] = v
        reach.add((tuple(m.sum(axis=1)), tuple(m.sum(axis=0))))
    for r in itertools.product(range(4), repeat=k):
        for s in itertools.product(range(4), repeat=k):
            if sum(r) != sum(s):
                continue
            hall = all(r[i] + s[i] <= sum(r) for i in range(k))
            assert hall == ((r, s) in reach), (r, s)
            built = zero_diagonal_transport(np.array(r), np.array(s))
            assert (built is not None) == hall
            if built is not None:
                assert np.trace(built) == 0 and (built >= 0).all()
                assert tuple(built.sum(axis=1)) == r and tuple(built.sum(axis=0)) == s


def _brute_values(problem: Problem, matrices_iter) -> list[list]:
    return [problem.values_exact(ms) for ms in matrices_iter]


def _all_matrices(supports: tuple[int, ...]):
    k = len(supports)
    rows = [[c for c in itertools.product(range(s + 1), repeat=k) if sum(c) == s]
            for s in supports]
    for choice in itertools.product(*rows):
        yield [np.array(choice, dtype=np.int64)]


def _all_fold_matrices(folds: list[tuple[int, int]]):
    per = [[np.array([[tn, n - tn], [p - tp, tp]]) for tp in range(p + 1)
            for tn in range(n + 1)] for n, p in folds]
    yield from (list(c) for c in itertools.product(*per))


def _interval_around(value: Fraction, rng: random.Random) -> Interval:
    width = Fraction(rng.choice([1, 2, 5]), 100)
    shift = Fraction(rng.randint(-8, 8), 100)
    lo = value + shift - width / 2
    return Interval(lo, lo + width, rng.random() < 0.5, rng.random() < 0.5)


@pytest.mark.parametrize("seed", range(12))
def test_class_dp_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    supports = tuple(rng.randint(0, 3) for _ in range(3))
    if sum(supports) == 0:
        supports = (1, 2, 1)
    names = rng.sample([("acc", None), ("f1", ScoreAverage.MACRO), ("f1", ScoreAverage.WEIGHTED),
                        ("precision", ScoreAverage.MACRO), ("recall", ScoreAverage.MACRO),
                        ("jaccard", ScoreAverage.WEIGHTED)], 2)
    macro_f1 = rng.choice(list(MacroF1))
    zd = rng.choice(["0", "1", "never"])
    setup = Setup.multiclass(list(supports))
    base = tuple(ReportedScore({"acc": Score.ACCURACY, "f1": Score.F_BETA,
                                "precision": Score.PRECISION, "recall": Score.RECALL,
                                "jaccard": Score.JACCARD}[n], avg,
                               interval=Interval(Fraction(0), Fraction(1)))
                 for n, avg in names)
    hyp = Hypothesis(zero_division=zd, macro_f1=macro_f1)
    probe = Problem.build(setup, base, hyp)
    values = _brute_values(probe, _all_matrices(supports))
    target = rng.choice(values)
    intervals = tuple(_interval_around(v if v is not None else Fraction(1, 2), rng)
                      for v in target)
    scores = tuple(ReportedScore(s.score, s.average, interval=iv)
                   for s, iv in zip(base, intervals, strict=True))
    problem = Problem.build(setup, scores, hyp)
    expected = any(all(problem.holds_exact(ms)) for ms in _all_matrices(supports))
    result = macro_weighted(problem)
    assert result.status == ("sat" if expected else "unsat"), (supports, names, intervals)
    if result.status == "sat":
        assert all(problem.holds_exact(result.matrices))
        assert result.matrices[0].sum(axis=1).tolist() == list(supports)


@pytest.mark.parametrize("seed", range(12))
def test_fold_dp_matches_brute_force(seed: int) -> None:
    rng = random.Random(100 + seed)
    folds = [(rng.randint(1, 3), rng.randint(1, 2)) for _ in range(rng.choice([2, 3]))]
    setup = Setup.binary_counts(sum(p for _, p in folds), sum(n for n, _ in folds),
                                folds=[(p, n) for n, p in folds])
    names = rng.sample([Score.ACCURACY, Score.F_BETA, Score.PRECISION, Score.RECALL,
                        Score.SPECIFICITY], 2)
    zd = rng.choice(["0", "1", "nan"])
    base = tuple(ReportedScore(s, None if s is Score.ACCURACY else B,
                               interval=Interval(Fraction(0), Fraction(1))) for s in names)
    hyp = Hypothesis(zero_division=zd, aggregation=Aggregation.MEAN_OF_FOLDS)
    probe = Problem.build(setup, base, hyp)
    fold_list = [(n, p) for n, p in folds]
    values = _brute_values(probe, _all_fold_matrices(fold_list))
    target = rng.choice(values)
    intervals = tuple(_interval_around(v if v is not None else Fraction(1, 2), rng)
                      for v in target)
    scores = tuple(ReportedScore(s.score, s.average, interval=iv)
                   for s, iv in zip(base, intervals, strict=True))
    problem = Problem.build(setup, scores, hyp)
    expected = any(all(problem.holds_exact(ms)) for ms in _all_fold_matrices(fold_list))
    result = mean_of_folds(problem)
    assert result.status == ("sat" if expected else "unsat"), (folds, names, intervals)
    if result.status == "sat":
        assert all(problem.holds_exact(result.matrices))


# --- fast front ends (_fastclass, _duality) and the exact DP alone ---------------------------------

def _random_class_problem(rng: random.Random, supports: tuple[int, ...], macro_f1: MacroF1,
                          zd: str) -> tuple[Problem, bool, tuple[int, ...]]:
    names = rng.sample([("acc", None), ("f1", ScoreAverage.MACRO), ("f1", ScoreAverage.WEIGHTED),
                        ("precision", ScoreAverage.MACRO), ("recall", ScoreAverage.MACRO),
                        ("jaccard", ScoreAverage.WEIGHTED)], rng.choice([1, 2, 3]))
    setup = Setup.multiclass(list(supports))
    base = tuple(ReportedScore({"acc": Score.ACCURACY, "f1": Score.F_BETA,
                                "precision": Score.PRECISION, "recall": Score.RECALL,
                                "jaccard": Score.JACCARD}[n], avg,
                               interval=Interval(Fraction(0), Fraction(1)))
                 for n, avg in names)
    hyp = Hypothesis(zero_division=zd, macro_f1=macro_f1)
    probe = Problem.build(setup, base, hyp)
    target = rng.choice(_brute_values(probe, _all_matrices(supports)))
    intervals = tuple(_interval_around(v if v is not None else Fraction(1, 2), rng)
                      for v in target)
    scores = tuple(ReportedScore(s.score, s.average, interval=iv)
                   for s, iv in zip(base, intervals, strict=True))
    problem = Problem.build(setup, scores, hyp)
    expected = any(all(problem.holds_exact(ms)) for ms in _all_matrices(supports))
    return problem, expected, supports


@pytest.mark.parametrize("seed", range(16))
def test_dp_alone_matches_brute_force_f1_of_means(seed: int, monkeypatch) -> None:
    # the exact DP without the fast front ends (regression: its F-of-means pruning once
    # divided the macro means by K again and called reachable reports impossible).
    from metricoracle.consistency import _classes
    from metricoracle.consistency._classdp import all_points

    monkeypatch.setattr(_classes._Front, "quick", lambda self: None)
    monkeypatch.setattr(_classes._Front, "reduce", lambda self: all_points(self.space))
    rng = random.Random(500 + seed)
    supports = tuple(rng.randint(1, 3) for _ in range(3))
    problem, expected, _ = _random_class_problem(rng, supports, MacroF1.F1_OF_MEANS,
                                                 rng.choice(["0", "1", "never"]))
    result = macro_weighted(problem)
    assert result.status == ("sat" if expected else "unsat"), (supports, problem.intervals)


@pytest.mark.parametrize("seed", range(24))
def test_fast_passes_match_brute_force(seed: int) -> None:
    # 2-3 classes: exhaustive enumeration; 4 classes: local search + duality proof (+ DP).
    from metricoracle.consistency import _classes

    rng = random.Random(900 + seed)
    k = rng.choice([2, 3, 4])
    supports = tuple(rng.randint(1, 2 if k == 4 else 3) for _ in range(k))
    problem, expected, _ = _random_class_problem(rng, supports, rng.choice(list(MacroF1)),
                                                 rng.choice(["0", "1", "never"]))
    result = macro_weighted(problem)
    assert result.status == ("sat" if expected else "unsat"), (supports, problem.intervals)
    if result.status == "sat":
        assert all(problem.holds_exact(result.matrices))
    # each front end alone: never a wrong answer.
    from metricoracle.consistency import _duality, _fastclass
    calls: list[str] = []
    real_small, real_proof = _fastclass.enumerate_small, _duality.lagrangian_proof

    def small(*a, **kw):
        out = real_small(*a, **kw)
        calls.append(f"small:{out}")
        return out

    def proof(*a, **kw):
        out = real_proof(*a, **kw)
        calls.append(f"proof:{out}")
        return out

    _fastclass.enumerate_small, _duality.lagrangian_proof = small, proof
    try:
        _classes.macro_weighted(problem)
    finally:
        _fastclass.enumerate_small, _duality.lagrangian_proof = real_small, real_proof
    if expected:
        assert "small:unsat" not in calls and "proof:True" not in calls, calls


def test_lagrangian_proof_equal_supports_macro_vs_weighted() -> None:
    # equal supports: macro F1 = weighted F1 on every matrix, so reporting them 0.003
    # apart is impossible although each alone is reachable; 10 classes × 100 samples.
    setup = Setup.multiclass([100] * 10)
    report = check_consistency([parse_score("acc=0.7540"), parse_score("f1_macro=0.7565"),
                                parse_score("f1_weighted=0.7535")], setup,
                               macro_f1="mean-of-f1", explain=False)
    (verdict,) = report.verdicts
    assert verdict.status is Status.INCONSISTENT
    ok = check_consistency([parse_score("acc=0.7540"), parse_score("f1_macro=0.7535"),
                            parse_score("f1_weighted=0.7535")], setup,
                           macro_f1="mean-of-f1", explain=False)
    assert ok.status is Status.CONSISTENT
    assert ok.verdicts[0].witness[0].sum(axis=1).tolist() == [100] * 10


def test_f1_of_means_three_classes_reachable() -> None:
    # was wrongly INCONSISTENT (see the DP regression above): witness replayed exactly.
    setup = Setup.multiclass([30, 40, 50])
    report = check_consistency([parse_score("acc=0.6750"), parse_score("f1_macro=0.6679")],
                               setup, macro_f1="f1-of-means")
    assert report.status is Status.CONSISTENT
    matrix = report.verdicts[0].witness[0]
    d, c = np.diag(matrix), matrix.sum(axis=0)
    p = sum(Fraction(int(a), int(b)) for a, b in zip(d, c, strict=True)) / 3
    r = sum(Fraction(int(a), int(b)) for a, b in zip(d, [30, 40, 50], strict=True)) / 3
    assert Fraction(13357, 20000) < 2 * p * r / (p + r) < Fraction(13359, 20000)
