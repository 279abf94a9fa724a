"""Adversarial 10-class reports (macro F1 far above weighted F1) and the duality passes.

Supports 5, 8, 12, 20, 35, 60, 100, 160, 250, 350 (N = 1000), 2 decimals, half-even.
The consistent rows are printed from the hand-built matrix ``_MATRIX`` (its scores are
computed below with plain Fractions, not by the engine); the inconsistent rows carry a
hand proof each.  Every verdict must come from the exact class engine (no UNKNOWN, no
fallback).
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest

from metricoracle.consistency import Setup, Status, check_consistency, parse_score
from metricoracle.consistency._classes import _Front
from metricoracle.consistency._classvalues import ClassSpace
from metricoracle.consistency._problem import Hypothesis, Problem
from metricoracle.consistency._scores import MacroF1

SUPPORTS = [5, 8, 12, 20, 35, 60, 100, 160, 250, 350]
ENGINE = "exact averaged DP (classes)"


def _matrix() -> np.ndarray:
    """Small classes perfect; the 350-class sends 20 rows to column 8 and receives 35, 55
    and 110 rows from classes 6, 7, 8: macro F1 ≈ 0.9013, weighted F1 ≈ 0.7788."""
    m = np.diag(SUPPORTS).astype(np.int64)
    for row, col, moved in ((9, 8, 20), (8, 9, 110), (7, 9, 55), (6, 9, 35)):
        m[row, row] -= moved
        m[row, col] += moved
    return m


_MATRIX = _matrix()


def _hand_scores(m: np.ndarray) -> dict[str, Fraction]:
    t, c, d = m.sum(axis=1), m.sum(axis=0), np.diag(m)
    n, k = int(t.sum()), len(t)
    f1 = [Fraction(2 * int(a), int(b) + int(e)) for a, b, e in zip(d, t, c, strict=True)]
    p = [Fraction(int(a), int(b)) for a, b in zip(d, c, strict=True)]
    r = [Fraction(int(a), int(b)) for a, b in zip(d, t, strict=True)]
    w = [Fraction(int(x), n) for x in t]
    mp, mr = sum(p) / k, sum(r) / k
    return {"acc": Fraction(int(d.sum()), n), "f1_macro": sum(f1) / k,
            "f1_weighted": sum(a * b for a, b in zip(w, f1, strict=True)),
            "precision_macro": mp, "recall_macro": mr,
            "precision_weighted": sum(a * b for a, b in zip(w, p, strict=True)),
            "recall_weighted": sum(a * b for a, b in zip(w, r, strict=True)),
            "f1_of_means": 2 * mp * mr / (mp + mr)}


def _shown(names: list[str], values: dict[str, Fraction]) -> list[str]:
    return [f"{n}={float(round(values[n], 2)):.2f}" for n in names]


_V = _hand_scores(_MATRIX)
_MPR = ["precision_macro", "recall_macro"]
_WPR = ["precision_weighted", "recall_weighted", "acc"]
_FOM = "f1_macro=" + _shown(["f1_of_means"], _V)[0].split("=")[1]
CONSISTENT = [
    ("mean-of-f1", _shown(["f1_macro", "f1_weighted"], _V)),
    ("mean-of-f1", _shown(["f1_macro", "f1_weighted", *_MPR], _V)),
    ("mean-of-f1", _shown(["f1_macro", "f1_weighted", *_WPR], _V)),
    ("mean-of-f1", _shown(["f1_macro", "f1_weighted", *_MPR, *_WPR], _V)),
    ("f1-of-means", [_FOM, *_shown(["f1_weighted", *_MPR], _V)]),
    ("f1-of-means", [_FOM, *_shown(["f1_weighted", *_MPR, *_WPR], _V)]),
]
# Proofs (l_k = 1 − F1_k ≥ 0, w_k = t_k/N; w_9 = 0.35, every other w_k ≤ 0.25):
# * macro ≥ 0.955, weighted ≤ 0.785: Σl ≤ 0.45 and Σ w·l ≥ 0.215, but
#   Σ w·l ≤ 0.35·l_9 + 0.25·(0.45 − l_9) forces l_9 ≥ 1.025 > 1.
# * macro ≥ 0.935, weighted ≤ 0.785: the same gives l_9 ≥ 0.525 and L' = Σ_{k≠9} l_k
#   ≤ 0.125.  Class 9 has e_9 = fn_9 + fp_9 = (t_9 + c_9)·l_9 ≥ 350·0.525 errors, each an
#   error of another class (Σ_{k≠9} e_k ≥ e_9), and class k loses l_k ≥ e_k/(2t_k + e_k),
#   a concave function of e_k, so L' ≥ 183.75/(500 + 183.75) > 0.26 (all on t = 250).
# * F1 of macro means ≥ 0.955 with macro P, macro R ≤ 0.905: the harmonic mean of P and
#   R is at most their arithmetic mean, 0.905.
INCONSISTENT = [
    ("mean-of-f1", ["f1_macro=0.94", "f1_weighted=0.78"]),
    ("mean-of-f1", ["f1_macro=0.96", "f1_weighted=0.78"]),
    ("mean-of-f1", ["f1_macro=0.94", *_shown(["f1_weighted", *_MPR, *_WPR], _V)]),
    ("f1-of-means", ["f1_macro=0.96", "precision_macro=0.90", "recall_macro=0.90"]),
]


def test_the_hand_matrix_prints_the_extreme_report() -> None:
    assert _MATRIX.sum(axis=1).tolist() == SUPPORTS and (_MATRIX >= 0).all()
    assert _shown(["f1_macro", "f1_weighted"], _V) == ["f1_macro=0.90", "f1_weighted=0.78"]


@pytest.mark.parametrize(("macro_f1", "shown", "expected"),
                         [(*row, Status.CONSISTENT) for row in CONSISTENT]
                         + [(*row, Status.INCONSISTENT) for row in INCONSISTENT])
def test_extreme_reports_decide_as_constructed(macro_f1: str, shown: list[str],
                                               expected: Status) -> None:
    report = check_consistency([parse_score(s) for s in shown], Setup.multiclass(SUPPORTS),
                               macro_f1=macro_f1, explain=False)
    (verdict,) = report.verdicts
    assert verdict.status is expected, verdict.reason
    assert verdict.method == ENGINE
    if expected is Status.CONSISTENT:  # the witness was replayed through the spec
        assert verdict.witness[0].sum(axis=1).tolist() == SUPPORTS


def _all_matrices(supports: tuple[int, ...]):
    k = len(supports)
    rows = [[c for c in itertools.product(range(s + 1), repeat=k) if sum(c) == s]
            for s in supports]
    for choice in itertools.product(*rows):
        yield np.array(choice, dtype=np.int64)


@pytest.mark.parametrize("seed", range(10))
def test_reduced_cost_fixing_keeps_every_fitting_matrix(seed: int) -> None:
    # Brute force over every matrix: the (d_k, c_k) of each fitting matrix must survive
    # the duality passes, and "proved impossible" only when no matrix fits.
    rng = random.Random(300 + seed)
    k = rng.choice([3, 4])
    supports = tuple(rng.randint(1, 3 if k == 3 else 2) for _ in range(k))
    names = rng.sample(["f1_macro", "f1_weighted", "precision_macro", "recall_macro",
                        "jaccard_weighted", "acc"], 2)
    macro_f1 = rng.choice(list(MacroF1))
    setup = Setup.multiclass(list(supports))
    matrices = list(_all_matrices(supports))
    probe = Problem.build(setup, tuple(parse_score(f"{n}=0.5") for n in names),
                          Hypothesis(macro_f1=macro_f1))
    target = probe.values_exact([rng.choice(matrices)])
    shown = [f"{n}={float(v) + rng.choice([-0.1, -0.03, 0, 0.03, 0.1]):.1f}"
             for n, v in zip(names, target, strict=True)]
    shown = [s if 0 <= float(s.split("=")[1]) <= 1 else s.split("=")[0] + "=0.5"
             for s in shown]
    problem = Problem.build(setup, tuple(parse_score(s) for s in shown),
                            Hypothesis(macro_f1=macro_f1))
    fitting = [m for m in matrices if all(problem.holds_exact([m]))]
    front = _Front(ClassSpace.build(problem))
    survivors = front.reduce()
    if survivors is None:
        assert not fitting, shown
        return
    kept = [set(zip(d.tolist(), c.tolist(), strict=True)) for d, c in survivors]
    for m in fitting:
        for q in range(len(supports)):
            assert (int(m[q, q]), int(m[:, q].sum())) in kept[q], (shown, m.tolist())


# 4 decimals (nearest rounding): the same hand matrix and two more extreme ones (small
# classes perfect, the largest classes confused).  These are found by the witness
# search, whose descent keeps the Hall condition (r_k + s_k ≤ N − D) almost hard.
def _moved(supports: list[int], moves: list[tuple[int, int, int]]) -> np.ndarray:
    m = np.diag(supports).astype(np.int64)
    for row, col, moved in moves:
        m[row, row] -= moved
        m[row, col] += moved
    return m


_EXTRA = [_moved([10, 20, 40, 80, 150, 300, 400], [(6, 5, 30), (5, 6, 90), (4, 6, 40)]),
          _moved([6, 9, 15, 30, 60, 120, 240, 520],
                 [(7, 6, 25), (6, 7, 80), (5, 7, 30), (4, 7, 12)])]
FOUR_DECIMALS = [
    (_MATRIX, ["f1_macro", "f1_weighted"]),
    (_MATRIX, ["f1_macro", "f1_weighted", *_WPR]),
    (_EXTRA[0], ["f1_macro", "f1_weighted"]),
    (_EXTRA[0], ["f1_macro", "f1_weighted", "acc"]),
    (_EXTRA[1], ["f1_macro", "f1_weighted"]),
    # four narrow boxes at once, or every score: found by the exact completion
    # (_complete: a float relaxation, then meet-in-the-middle joins over a few classes).
    (_EXTRA[0], ["f1_macro", "f1_weighted", *_WPR]),
    (_EXTRA[1], ["f1_macro", "f1_weighted", "acc"]),
    (_EXTRA[1], ["f1_macro", "f1_weighted", *_WPR]),
    # macro P/R with macro and weighted F1, and all seven scores: found by the wide
    # window join over the few classes that carry errors (before duality: the quick
    # search's nearest state is already within a few box widths).
    (_MATRIX, ["f1_macro", "f1_weighted", *_MPR]),
    (_MATRIX, ["f1_macro", "f1_weighted", *_MPR, *_WPR]),
]


@pytest.mark.parametrize(("matrix", "names"), FOUR_DECIMALS)
def test_four_decimal_extreme_reports_find_a_witness(matrix: np.ndarray,
                                                     names: list[str]) -> None:
    values = _hand_scores(matrix)
    shown = [f"{n}={float(round(values[n], 4)):.4f}" for n in names]
    supports = matrix.sum(axis=1).tolist()
    macro, weighted = values["f1_macro"], values["f1_weighted"]
    assert macro - weighted > Fraction(7, 100)  # extreme: errors piled on large classes
    report = check_consistency([parse_score(s) for s in shown], Setup.multiclass(supports),
                               macro_f1="mean-of-f1", explain=False)
    (verdict,) = report.verdicts
    assert verdict.status is Status.CONSISTENT, (shown, verdict.reason)
    assert verdict.method == ENGINE
    assert verdict.witness[0].sum(axis=1).tolist() == supports


def test_four_decimal_f1_of_means_with_macro_pr_finds_a_witness() -> None:
    # F1 of macro P and macro R (4 decimals) with them and weighted F1: consistent by
    # construction (the hand matrix), found by the exact completion and replayed.
    values = _hand_scores(_MATRIX)
    shown = [f"f1_macro={float(round(values['f1_of_means'], 4)):.4f}",
             *[f"{n}={float(round(values[n], 4)):.4f}" for n in ["f1_weighted", *_MPR]]]
    report = check_consistency([parse_score(s) for s in shown], Setup.multiclass(SUPPORTS),
                               macro_f1="f1-of-means", explain=False)
    (verdict,) = report.verdicts
    assert verdict.status is Status.CONSISTENT, (shown, verdict.reason)
    assert verdict.method == ENGINE
    assert verdict.witness[0].sum(axis=1).tolist() == SUPPORTS
