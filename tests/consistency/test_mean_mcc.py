"""Mean of per-fold MCC: exact surd arithmetic and the binary fold engine.

Expected verdicts come from hand-built per-fold matrices (their MCC computed here with
the textbook formula, not by the engine) or from hand arguments.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from metricoracle.consistency import ScoreAverage, Setup, Status, check_consistency, parse_score
from metricoracle.consistency._surd import Surd, SurdMean, compare, squarefree_split

B = ScoreAverage.BINARY
FOLDS = "exact averaged DP (folds)"


def _scores(*shown: str) -> list:
    return [parse_score(s, default_average=B) for s in shown]


def _mcc(tp: int, tn: int, fp: int, fn: int) -> float:
    return (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))


def _printed(value: float) -> str:
    """4 decimals, refusing values within 1e-9 of a rounding boundary (so the printed
    digits do not depend on float error)."""
    scaled = value * 10**4
    assert abs(scaled - math.floor(scaled) - 0.5) > 1e-5
    return f"{value:.4f}"


# --- surd arithmetic ---------------------------------------------------------------

def test_squarefree_split() -> None:
    assert squarefree_split(1) == (1, 1)
    assert squarefree_split(12) == (2, 3)
    assert squarefree_split(72) == (6, 2)
    assert squarefree_split(101 * 101 * 7) == (101, 7)
    assert squarefree_split(1009 * 1013) == (1, 1009 * 1013)  # two large primes
    assert squarefree_split(1009 * 1009) == (1009, 1)


def test_compare_detects_exact_cancellation() -> None:
    # sqrt(2) + sqrt(8) − sqrt(18) = sqrt(2)·(1 + 2 − 3) = 0 exactly.
    terms = [Surd.of(1, 2), Surd.of(2, 2), Surd.of(-3, 2)]
    assert [x.split() for x in terms] == [(Fraction(1, 2), 2), (Fraction(1), 2),
                                          (Fraction(-3, 2), 2)]
    assert compare(terms, Fraction(0)) == 0
    assert compare([Surd(1, Fraction(2)), Surd(1, Fraction(8)), Surd(-1, Fraction(18))],
                   Fraction(0)) == 0
    # 1/2 + sqrt(1/4) = 1 exactly (rational surds).
    assert compare([Fraction(1, 2), Surd.of(1, 4)], Fraction(1)) == 0


def test_compare_separates_close_irrationals() -> None:
    # sqrt(2) = 1.41421356237309504880...
    assert compare([Surd(1, Fraction(2))], Fraction(141421356237309504, 10**17)) == 1
    assert compare([Surd(1, Fraction(2))], Fraction(141421356237309505, 10**17)) == -1
    # sqrt(2) + sqrt(3) = 3.14626436994197234232...
    pair = [Surd(1, Fraction(2)), Surd(1, Fraction(3))]
    assert compare(pair, Fraction(314626436994197234, 10**17)) == 1
    assert compare(pair, Fraction(314626436994197235, 10**17)) == -1


def test_floor_scaled() -> None:
    assert Surd(1, Fraction(2)).floor_scaled(1000) == 1414
    assert Surd(-1, Fraction(2)).floor_scaled(1000) == -1415
    assert Surd(-1, Fraction(1, 4)).floor_scaled(10) == -5  # −0.5·10 is an integer
    assert Surd.of(18, 504).floor_scaled(10**4) == 8017  # 18/sqrt(504) = 0.80178...
    assert SurdMean((Surd(1, Fraction(1)), Fraction(0))).compare(Fraction(1, 2)) == 0


# --- the fold engine ---------------------------------------------------------------

# 4 folds of p=23, n=41: fold supports (n_i, p_i) = (11, 5), (10, 6), (10, 6), (10, 6).
_FOLDS = [(11, 5), (10, 6), (10, 6), (10, 6)]
_CHOSEN = [(4, 9), (5, 8), (6, 7), (3, 10)]  # (tp, tn) per fold


def _hand_report() -> dict[str, float]:
    mcc, acc, f1 = [], [], []
    for (n, p), (tp, tn) in zip(_FOLDS, _CHOSEN, strict=True):
        fp, fn = n - tn, p - tp
        mcc.append(_mcc(tp, tn, fp, fn))
        acc.append((tp + tn) / (n + p))
        f1.append(2 * tp / (2 * tp + fp + fn))
    return {"mcc": sum(mcc) / 4, "acc": sum(acc) / 4, "f1": sum(f1) / 4}


def test_mean_mcc_from_hand_built_folds_is_consistent() -> None:
    setup = Setup.binary_counts(23, 41, n_folds=4)
    assert list(setup.fold_supports()) == _FOLDS
    values = _hand_report()
    for names in (["mcc"], ["mcc", "acc"], ["mcc", "acc", "f1"]):
        shown = [f"{k}={_printed(values[k])}" for k in names]
        report = check_consistency(_scores(*shown), setup, aggregation="mean-of-folds")
        (verdict,) = report.verdicts
        assert verdict.status is Status.CONSISTENT, (shown, verdict.reason)
        assert verdict.method == FOLDS
        assert len(verdict.witness) == 4
        for m, (n, p) in zip(verdict.witness, _FOLDS, strict=True):
            assert m.sum(axis=1).tolist() == [n, p]
        assert abs(float(verdict.values[0]) - values["mcc"]) < 1e-4


def test_mean_mcc_above_every_reachable_mean_is_inconsistent() -> None:
    # 5 folds with p=4, n=6.  A fold with an error has MCC ≤ 20/sqrt(600) ≈ 0.8165 (its
    # best: tp=4, tn=5; tp=3, tn=6 gives 18/sqrt(504) ≈ 0.8018; more errors are worse), so
    # the mean is 1 or ≤ (4 + 0.8165)/5 ≈ 0.9633: nothing in (0.985, 0.995).
    setup = Setup.binary_counts(20, 30, n_folds=5)
    report = check_consistency(_scores("mcc=0.99"), setup, aggregation="mean-of-folds")
    (verdict,) = report.verdicts
    assert verdict.status is Status.INCONSISTENT
    assert verdict.method == FOLDS
    # ... while 0.96 ∈ (4 + 20/sqrt(600))/5 = 0.96330 (half-even interval [0.955, 0.965]).
    report = check_consistency(_scores("mcc=0.96"), setup, aggregation="mean-of-folds")
    assert report.verdicts[0].status is Status.CONSISTENT


def test_mean_mcc_with_perfect_accuracy() -> None:
    # mean accuracy ≥ 0.99995 with 10 samples per fold forces every fold to be perfect,
    # and then every fold has MCC = 1.  A mean MCC of (4 + 20/sqrt(600))/5 (four perfect
    # folds, one with tp=4, tn=5) fits alone, but not with that accuracy; 1.0000 fits.
    setup = Setup.binary_counts(20, 30, n_folds=5)
    shown = _printed((4 + _mcc(4, 5, 1, 0)) / 5)
    assert shown == "0.9633"
    alone = check_consistency(_scores(f"mcc={shown}"), setup, aggregation="mean-of-folds")
    assert alone.verdicts[0].status is Status.CONSISTENT
    bad = check_consistency(_scores("acc=1.0000", f"mcc={shown}"), setup,
                            aggregation="mean-of-folds")
    (verdict,) = bad.verdicts
    assert verdict.status is Status.INCONSISTENT
    assert set(verdict.core) == {0, 1}
    good = check_consistency(_scores("acc=1.0000", "mcc=1.0000"), setup,
                             aggregation="mean-of-folds")
    assert good.verdicts[0].status is Status.CONSISTENT
    assert all((np.diag(m) == m.sum(axis=1)).all() for m in good.verdicts[0].witness)


@pytest.mark.parametrize("zero_division", ["0", "nan"])
def test_mean_mcc_with_undefined_folds(zero_division: str) -> None:
    # Folds (p=1, n=1): MCC ∈ {1 (tp=tn=1), −1 (tp=tn=0)}, and 0/0 when a column is empty
    # (tp=1, tn=0 or tp=0, tn=1).  Mean of two folds = 0 needs {1, −1} or two 0/0 folds:
    # reachable under zero_division=0 and under nan ({1, −1}); 0.5 needs a 0/0 fold
    # counted as 0 (with 1): reachable only under zero_division=0.
    setup = Setup.binary_counts(2, 2, folds=[(1, 1), (1, 1)])
    for shown, expected in (("mcc=0.0", Status.CONSISTENT),
                            ("mcc=0.5", Status.CONSISTENT if zero_division == "0"
                             else Status.INCONSISTENT)):
        report = check_consistency(_scores(shown), setup, aggregation="mean-of-folds",
                                   zero_division=zero_division)
        assert report.verdicts[0].status is expected, (shown, zero_division)


@pytest.mark.parametrize("seed", range(8))
def test_mean_mcc_matches_brute_force(seed: int) -> None:
    # Every per-fold choice of two or three tiny folds, mean MCC in floats (textbook
    # formula, 0/0 → 0); the reported value's half-even interval decides by hand.  Cases
    # with a mean within 1e-9 of an interval end are skipped (floats would not decide).
    import itertools
    import random

    rng = random.Random(seed)
    folds = [(rng.randint(1, 3), rng.randint(1, 3)) for _ in range(rng.choice([2, 3]))]
    per_fold = []
    for p, n in folds:  # (positives, negatives) per fold, as Setup.binary_counts takes
        vals = []
        for tp in range(p + 1):
            for tn in range(n + 1):
                fp, fn = n - tn, p - tp
                den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
                vals.append(0.0 if den == 0 else (tp * tn - fp * fn) / math.sqrt(den))
        per_fold.append(vals)
    means = [sum(c) / len(c) for c in itertools.product(*per_fold)]
    setup = Setup.binary_counts(sum(p for p, _ in folds), sum(n for _, n in folds),
                                folds=folds)
    for shown in (f"{rng.choice(means):.2f}", f"{rng.uniform(-1, 1):.2f}"):
        lo, hi = float(shown) - 0.005, float(shown) + 0.005
        if any(abs(m - lo) < 1e-9 or abs(m - hi) < 1e-9 for m in means):
            continue
        expected = (Status.CONSISTENT if any(lo < m < hi for m in means)
                    else Status.INCONSISTENT)
        report = check_consistency(_scores(f"mcc={shown}"), setup,
                                   aggregation="mean-of-folds", explain=False)
        assert report.verdicts[0].status is expected, (folds, shown)
        assert report.verdicts[0].method == FOLDS


@pytest.mark.parametrize(("p", "n", "k", "chosen"), [
    (100, 150, 5, [(15, 25), (18, 27), (12, 29), (20, 20), (16, 26)]),
    (300, 500, 10, [(25, 45), (28, 40), (22, 47), (30, 35), (26, 44), (24, 42), (27, 46),
                    (29, 41), (21, 48), (30, 50)]),
])
def test_mean_mcc_acc_f1_on_large_folds_finds_a_witness(p: int, n: int, k: int,
                                                        chosen: list[tuple[int, int]]
                                                        ) -> None:
    # hand-built folds (consistent by construction); the exact key search cannot merge
    # three narrow boxes over folds this large, the float-guided witness search (beam,
    # then an exact pair table of the last two folds) finds per-fold matrices that
    # replay exactly.
    setup = Setup.binary_counts(p, n, n_folds=k)
    folds = list(setup.fold_supports())
    vals: dict[str, list[float]] = {"mcc": [], "acc": [], "f1": []}
    for (nf, pf), (tp, tn) in zip(folds, chosen, strict=True):
        fp, fn = nf - tn, pf - tp
        vals["mcc"].append(_mcc(tp, tn, fp, fn))
        vals["acc"].append((tp + tn) / (nf + pf))
        vals["f1"].append(2 * tp / (2 * tp + fp + fn))
    shown = [f"{name}={_printed(sum(v) / k)}" for name, v in vals.items()]
    report = check_consistency(_scores(*shown), setup, aggregation="mean-of-folds",
                               explain=False)
    (verdict,) = report.verdicts
    assert verdict.status is Status.CONSISTENT, (shown, verdict.reason)
    assert verdict.method == FOLDS
    for m, (nf, pf) in zip(verdict.witness, folds, strict=True):
        assert m.sum(axis=1).tolist() == [nf, pf]


# folds of unequal supports (positives, negatives), so the witness search's last two
# tables differ; (tp, tn) chosen per fold.
_UNEQUAL = [(12, 20), (15, 18), (10, 25), (14, 22), (11, 19), (13, 24)]
_UNEQUAL_CHOSEN = [(9, 15), (11, 13), (6, 21), (10, 17), (8, 12), (9, 20)]


@pytest.mark.parametrize("names", [["mcc"], ["mcc", "f1"], ["mcc", "acc"]])
def test_mean_mcc_witness_search_alone_on_unequal_folds(monkeypatch: pytest.MonkeyPatch,
                                                        names: list[str]) -> None:
    # the exact key search is stubbed to "unknown", so only the float-guided witness
    # search (beam, then the join of the last two folds) can decide: it must find
    # per-fold matrices for a report built from them, and they must replay exactly.
    from metricoracle.consistency import _folds
    from metricoracle.consistency._problem import Hypothesis, Problem
    from metricoracle.consistency._setup import Aggregation
    from metricoracle.consistency._z3search import SearchResult

    monkeypatch.setattr(_folds, "run_refined", lambda *a, **k: SearchResult("unknown"))
    setup = Setup.binary_counts(sum(p for p, _ in _UNEQUAL), sum(n for _, n in _UNEQUAL),
                                folds=_UNEQUAL)
    vals: dict[str, list[float]] = {"mcc": [], "acc": [], "f1": []}
    for (p, n), (tp, tn) in zip(_UNEQUAL, _UNEQUAL_CHOSEN, strict=True):
        fp, fn = n - tn, p - tp
        vals["mcc"].append(_mcc(tp, tn, fp, fn))
        vals["acc"].append((tp + tn) / (n + p))
        vals["f1"].append(2 * tp / (2 * tp + fp + fn))
    k = len(_UNEQUAL)
    hyp = Hypothesis(aggregation=Aggregation.MEAN_OF_FOLDS)
    scores = tuple(_scores(*[f"{x}={_printed(sum(vals[x]) / k)}" for x in names]))
    problem = Problem.build(setup, scores, hyp)
    result = _folds.mean_of_folds(problem)
    assert result.status == "sat"
    assert all(problem.holds_exact(result.matrices))
    assert [m.sum(axis=1).tolist() for m in result.matrices] == [[n, p] for p, n in _UNEQUAL]
    # a mean MCC no choice reaches (above the best with any error, below 1): the witness
    # search finds nothing, and nothing else may claim a witness.
    above = Problem.build(setup, tuple(_scores("mcc=0.999")), hyp)
    assert _folds.mean_of_folds(above).status == "unknown"
