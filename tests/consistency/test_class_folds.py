"""Mean of per-fold macro scores over K-class folds (:mod:`metricoracle.consistency._classfolds`).

Expected verdicts come from hand-built per-fold matrices (values computed by hand below)
or from hand arguments.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from metricoracle.consistency import Setup, Status, check_consistency, parse_score
from metricoracle.consistency._check import hypotheses
from metricoracle.consistency._classfolds import classfolds_supported
from metricoracle.consistency._problem import Problem

ENGINE = "mean of per-fold class scores"

# Fold matrix with supports (5, 5, 5): [[4, 1, 0], [0, 4, 1], [0, 0, 5]], column sums
# (4, 5, 6): per-class F1 = 2d/(t + c) = 8/9, 8/10, 10/11, macro F1 = 1286/1485, accuracy
# 13/15.  With a perfect second fold (F1 = accuracy = 1) the means are 2771/2970 =
# 0.932997… → "0.9330" and 14/15 = 0.93333… → "0.9333".
REPORT = ["f1_macro=0.9330", "acc=0.9333"]


def _check(setup: Setup, shown: list[str]):
    return check_consistency([parse_score(s) for s in shown], setup, macro_f1="mean-of-f1",
                             aggregation="mean-of-folds")


@pytest.mark.parametrize("supports", [(10, 10, 10), (11, 10, 10)])
def test_hand_built_folds_are_found(supports: tuple[int, ...]) -> None:
    """(10, 10, 10) in 2 folds: both folds (5, 5, 5); (11, 10, 10): (6, 5, 5) and (5, 5, 5)
    (stratified), where the perfect (6, 5, 5) fold gives the same means."""
    setup = Setup.multiclass(list(supports), n_folds=2)
    (verdict,) = _check(setup, REPORT).verdicts
    assert verdict.status is Status.CONSISTENT
    assert verdict.method == ENGINE
    assert [tuple(m.sum(axis=1)) for m in verdict.witness] == setup.fold_supports()
    # the witness need not be the hand-built one; its exact means lie in the intervals
    assert Fraction("0.93295") <= verdict.values[0] <= Fraction("0.93305")
    assert Fraction("0.93325") <= verdict.values[1] <= Fraction("0.93335")


def test_macro_f1_far_above_accuracy_is_proved_impossible() -> None:
    """Folds of (8, 10, 12).  Per class F1 = 2d/(t + c) ≤ 2r/(1 + r) ≤ (1 + r)/2 with
    r = d/t (c ≥ d; 4r ≤ (1 + r)²), so a fold's macro F1 ≤ (1 + mean_k r_k)/2, and
    Σ_k r_k ≤ Σ_k d_k / 8 = 30·acc/8, so macro F1 ≤ (1 + 1.25·acc)/2 — linear, so it
    holds for the means too: acc ≤ 0.505 gives mean macro F1 ≤ 0.816 < 0.985."""
    setup = Setup.multiclass([40, 50, 60], n_folds=5)
    (verdict,) = _check(setup, ["f1_macro=0.99", "acc=0.50"]).verdicts
    assert verdict.status is Status.INCONSISTENT
    assert verdict.method == ENGINE


def test_unreachable_report_is_never_consistent() -> None:
    """Accuracy 1 forces every fold perfect (macro F1 = 1): F1 = 0.80 cannot hold."""
    setup = Setup.multiclass([12, 15, 18], n_folds=3)
    report = _check(setup, ["f1_macro=0.80", "acc=1.00"])
    assert report.status is not Status.CONSISTENT


def _problem(setup: Setup, shown: list[str]) -> Problem:
    scores = tuple(parse_score(s) for s in shown)
    hyp = next(iter(hypotheses(scores, setup, macro_f1="mean-of-f1",
                               aggregation="mean-of-folds")))
    return Problem.build(setup, scores, hyp)


def test_supported_reports() -> None:
    folds = Setup.multiclass([10, 10, 10], n_folds=2)
    assert classfolds_supported(_problem(folds, REPORT))
    # a class absent from a fold (2 samples, 3 folds): that fold's macro mean differs
    assert not classfolds_supported(_problem(Setup.multiclass([2, 10, 10], n_folds=3),
                                             REPORT))
    # accuracy alone is linear: left to the other engines
    assert not classfolds_supported(_problem(folds, ["acc=0.9333"]))
    # MCC is not a sum over classes
    assert not classfolds_supported(_problem(folds, ["mcc=0.5", "f1_macro=0.9"]))


def test_witness_matrices_are_integer_and_replayed() -> None:
    setup = Setup.multiclass([10, 10, 10], n_folds=2)
    (verdict,) = _check(setup, REPORT).verdicts
    for m in verdict.witness:
        assert m.dtype.kind == "i" and (m >= 0).all()
        assert np.array_equal(m.sum(axis=1), [5, 5, 5])


def test_two_matrix_mixture_of_small_folds() -> None:
    """10 folds of (3, 4, 5, 6): 7 × A + 3 × B with
    A = [[3,0,0,0],[0,3,1,0],[0,0,4,1],[1,0,0,5]] (columns 4,3,5,6): macro P = (3/4 + 1 +
    4/5 + 5/6)/4 = 203/240, macro R = 203/240, macro F1 = (6/7 + 6/7 + 8/10 + 10/12)/4;
    B = [[3,0,0,0],[0,4,0,0],[0,0,4,1],[1,0,0,5]] (columns 4,4,4,6): macro P = 215/240,
    macro R = (1 + 1 + 4/5 + 5/6)/4 = 218/240, macro F1 = (6/7 + 1 + 8/9 + 10/12)/4.
    Means: P = (7·203 + 3·215)/2400 = 0.86083…, R = (7·203 + 3·218)/2400 = 0.86458…,
    F1 = 0.85428… — no single 18-sample fold reaches all three 4-decimal boxes."""
    setup = Setup.multiclass([30, 40, 50, 60], n_folds=10)
    report = ["precision_macro=0.8608", "recall_macro=0.8646", "f1_macro=0.8543"]
    (verdict,) = _check(setup, report).verdicts
    assert verdict.status is Status.CONSISTENT
    assert verdict.method == ENGINE
    assert Fraction("0.86075") <= verdict.values[0] <= Fraction("0.86085")


def test_fold_states_match_brute_force() -> None:
    """Every (diagonal, column sums) of the 3×3 matrices with row sums (1, 2, 2), by
    enumerating the 3 · 6 · 6 matrices."""
    from itertools import product

    from metricoracle.consistency._classfolds import _fold_problem, _fold_states
    from metricoracle.consistency._classvalues import ClassSpace

    supports = (1, 2, 2)
    rows = [[r for r in product(range(t + 1), repeat=3) if sum(r) == t] for t in supports]
    expected = set()
    for m in product(*rows):
        matrix = np.array(m)
        expected.add((tuple(np.diag(matrix)), tuple(matrix.sum(axis=0))))
    problem = _problem(Setup.multiclass([2, 4, 4], n_folds=2), ["f1_macro=0.5", "acc=0.5"])
    space = ClassSpace.build(_fold_problem(problem, supports))
    d, c, values = _fold_states(space)
    got = {(tuple(a), tuple(b)) for a, b in zip(d.tolist(), c.tolist(), strict=True)}
    assert got == expected
    # accuracy column: Σd / 5
    assert np.allclose(values[:, 1], d.sum(axis=1) / 5)


def test_accuracy_that_forces_perfect_folds_is_proved() -> None:
    """5 folds of 30: one error anywhere makes the mean accuracy ≤ 1 − 1/150 = 0.9933 <
    0.995, so "acc=1.00" forces every fold perfect, hence every per-fold macro F1 = 1 —
    and "f1_macro=0.99" (half-even: (0.985, 0.995)) cannot hold.  The duality alone
    misses it; the per-fold Σd bound (each other fold adds at most 1 to the sum of
    accuracies, so D_f/30 ≥ 5·0.995 − 4) removes every imperfect option."""
    setup = Setup.multiclass([40, 50, 60], n_folds=5)
    (verdict,) = _check(setup, ["f1_macro=0.99", "acc=1.00"]).verdicts
    assert verdict.status is Status.INCONSISTENT
    assert verdict.method == ENGINE
    assert set(verdict.core) == {0, 1}
