"""Unweighted kappa and multiclass MCC in the class engine (``_classes``).

Notation (hand calculations below): row sums t, column sums c, diagonal d, N = Σt,
D = Σd, T = Σ t_k·c_k, Q = Σ c_k², S = Σ t_k²;  kappa = (N·D − T)/(N² − T),
MCC = (N·D − T)/sqrt((N² − Q)(N² − S)).  Every expected value is computed by hand (or by
the independent brute force at the end), never by the engine.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from metricoracle.consistency import Interval, Setup, Status, check_consistency, parse_score
from metricoracle.consistency._kappamcc import KappaMcc
from metricoracle.consistency._problem import Hypothesis, Problem

CLASS_ENGINE = "exact averaged DP (classes)"

# 3 classes, supports (30, 40, 50), N = 120:
#   [[20,  5,  5],     t = (30, 40, 50), c = (26, 43, 51), d = (20, 30, 40), D = 90
#    [ 4, 30,  6],     T = 30·26 + 40·43 + 50·51 = 780 + 1720 + 2550 = 5050
#    [ 2,  8, 40]]     kappa = (120·90 − 5050)/(14400 − 5050) = 5750/9350 = 0.61497… → 0.6150
#   accuracy = 90/120 = 0.7500
#   macro F1 = (2·20/(30+26) + 2·30/(40+43) + 2·40/(50+51))/3 = (40/56 + 60/83 + 80/101)/3
#            = (0.714286 + 0.722892 + 0.792079)/3 = 0.743086 → 0.7431
THREE = np.array([[20, 5, 5], [4, 30, 6], [2, 8, 40]])

# 4 classes, supports (20, 30, 40, 50), N = 140:
#   [[16,  2,  1,  1],   c = (22, 30, 40, 48), d = (16, 24, 33, 43), D = 116
#    [ 3, 24,  2,  1],   T = 20·22 + 30·30 + 40·40 + 50·48 = 440 + 900 + 1600 + 2400 = 5340
#    [ 1,  3, 33,  3],   Q = 484 + 900 + 1600 + 2304 = 5288, S = 400 + 900 + 1600 + 2500 = 5400
#    [ 2,  1,  4, 43]]   N·D − T = 16240 − 5340 = 10900, N² = 19600
#   accuracy = 116/140 = 0.828571… → 0.8286
#   kappa = 10900/(19600 − 5340) = 10900/14260 = 0.764376… → 0.7644
#   MCC = 10900/sqrt(14312·14200) = 10900/sqrt(203230400) = 10900/14255.89… = 0.764597… → 0.7646
#   weighted F1 = (20·32/42 + 30·48/60 + 40·66/80 + 50·86/98)/140
#               = (15.238095 + 24 + 33 + 43.877551)/140 = 0.829398 → 0.8294
FOUR = np.array([[16, 2, 1, 1], [3, 24, 2, 1], [1, 3, 33, 3], [2, 1, 4, 43]])


def _kappa(m: np.ndarray) -> Fraction:
    """Unweighted kappa by the formula above (independent of the spec)."""
    t, c, n = m.sum(axis=1), m.sum(axis=0), int(m.sum())
    big_t = int((t * c).sum())
    return Fraction(n * int(np.trace(m)) - big_t, n * n - big_t)


def _mcc_parts(m: np.ndarray) -> tuple[int, int]:
    """MCC as (num, den_sq): MCC = num / sqrt(den_sq)."""
    t, c, n = m.sum(axis=1), m.sum(axis=0), int(m.sum())
    return (n * int(np.trace(m)) - int((t * c).sum()),
            (n * n - int((c * c).sum())) * (n * n - int((t * t).sum())))


def _in(value: Fraction, shown: str) -> bool:
    """Half-even rounding of ``value`` to the digits of ``shown`` gives ``shown``."""
    return round(value, len(shown.split(".")[1])) == Fraction(shown)


def _mcc_in(num: int, den_sq: int, lo: Fraction, hi: Fraction) -> bool:
    """lo < num/sqrt(den_sq) < hi for 0 < lo, by squares."""
    return num > 0 and lo * lo * den_sq < num * num < hi * hi * den_sq


def test_hand_values() -> None:
    # the arithmetic of the comments above, checked with exact integers
    assert _kappa(THREE) == Fraction(5750, 9350)
    assert _in(_kappa(THREE), "0.6150")
    f1 = (Fraction(40, 56) + Fraction(60, 83) + Fraction(80, 101)) / 3
    assert _in(f1, "0.7431")
    assert _mcc_parts(FOUR) == (10900, 14312 * 14200)
    assert _mcc_in(10900, 14312 * 14200, Fraction(76455, 100000), Fraction(76465, 100000))
    assert _in(_kappa(FOUR), "0.7644")
    f1w = (20 * Fraction(32, 42) + 30 * Fraction(48, 60) + 40 * Fraction(66, 80)
           + 50 * Fraction(86, 98)) / 140
    assert _in(f1w, "0.8294")


def _check(supports: list[int], shown: list[str]) -> tuple[Problem, object]:
    scores = [parse_score(s) for s in shown]
    report = check_consistency(scores, Setup.multiclass(supports), macro_f1="mean-of-f1")
    (verdict,) = report.verdicts
    return Problem.build(Setup.multiclass(supports), tuple(scores), Hypothesis()), verdict


@pytest.mark.parametrize(("supports", "shown"), [
    ([30, 40, 50], ["kappa=0.6150", "acc=0.7500", "f1_macro=0.7431"]),   # THREE
    ([20, 30, 40, 50], ["mcc=0.7646", "acc=0.8286"]),                     # FOUR
    ([20, 30, 40, 50], ["kappa=0.7644", "mcc=0.7646", "f1_weighted=0.8294"]),  # FOUR
    ([30, 40, 50], ["mcc=0.6160", "acc=0.7500"]),       # z3 took 3 s on this one
    ([30, 40, 50], ["kappa=0.6150", "acc=0.7500", "f1_macro=0.7455"]),  # was UNKNOWN
])
def test_consistent_reports_decided_by_the_class_engine(supports: list[int],
                                                        shown: list[str]) -> None:
    problem, verdict = _check(supports, shown)
    assert verdict.status is Status.CONSISTENT
    assert verdict.method == CLASS_ENGINE
    (witness,) = verdict.witness
    assert witness.sum(axis=1).tolist() == supports
    assert all(problem.holds_exact([witness]))
    # the witness against the hand formulas (not the spec): kappa and MCC as above
    for text, iv in zip(shown, problem.intervals, strict=True):
        name = text.split("=")[0]
        if name == "kappa":
            assert iv.contains(_kappa(witness))
        elif name == "mcc":
            num, den_sq = _mcc_parts(witness)
            assert num > 0 and iv.lo ** 2 * den_sq <= num * num <= iv.hi ** 2 * den_sq
        elif name == "acc":
            assert iv.contains(Fraction(int(np.trace(witness)), int(witness.sum())))


def test_kappa_above_what_the_accuracy_allows() -> None:
    # For fixed D, kappa = (N·D − T)/(N² − T) decreases in T (∂/∂T = N·(D − N)/(N² − T)²
    # ≤ 0), and T = Σ t_k·c_k ≥ min(t)·Σc = min(t)·N, so
    #     kappa ≤ (N·D − min(t)·N)/(N² − min(t)·N) = (D − min(t))/(N − min(t)).
    # Supports (30, 40, 50): acc = 0.7500 forces D = 90 (89/120 = 0.7417, 91/120 = 0.7583),
    # so kappa ≤ (90 − 30)/(120 − 30) = 2/3 < 0.895: kappa = 0.90 cannot hold; each score
    # alone can (kappa = 0.90: D = 112 and c = t give (13440 − 5000)/(14400 − 5000)
    # = 0.8979; acc = 0.75: THREE).
    _, verdict = _check([30, 40, 50], ["kappa=0.90", "acc=0.7500"])
    assert verdict.status is Status.INCONSISTENT
    assert verdict.method == CLASS_ENGINE
    assert verdict.core == (0, 1) and verdict.core_minimal


def test_kappa_alone_between_reachable_values() -> None:
    # Supports (30, 40, 50), kappa = 0.9000 (half-even: [0.89995, 0.90005]).  With
    # e = c − t (Σe = 0), T = S + Σ t_k·e_k = 5000 − 20·e_0 − 10·e_1, and
    # Σ|e| ≤ 2·(N − D) (each error is one FP and one FN).  kappa = 0.9 ⟺
    # N·D − T = 0.9·(N² − T) ⟺ T = 10·(120·D − 12960), and the band holds T within ±6
    # of that value (T ∈ [(N·D − 0.90005·N²)/0.09995, (N·D − 0.89995·N²)/0.10005], e.g.
    # [3594.6, 3605.4] for D = 111):
    #   D ≤ 111: T ≤ 3606, but T − 30·120 = 10·c_1 + 20·c_2 ≤ 6 needs c = (120, 0, 0),
    #            so D ≤ 30;  D ≥ 114: T ≥ 7200 − 6 > 50·120 = 6000;
    #   D = 113: T ≥ 5994, i.e. 20·e_0 + 10·e_1 ≤ −994 with e_0 ≥ −30, e_1 ≥ −40: only
    #            c = (0, 0, 120), so D ≤ 50;
    #   D = 112: T ∈ [4794, 4806], i.e. 2·e_0 + e_1 ∈ [19.4, 20.6], so = 20, whose
    #            smallest Σ|e| is 20 (e = (10, 0, −10)) > 2·(120 − 112) = 16.
    # So no matrix has kappa in the band.
    _, verdict = _check([30, 40, 50], ["kappa=0.9000"])
    assert verdict.status is Status.INCONSISTENT
    assert verdict.method == CLASS_ENGINE


def test_kappa_never_exceeds_a_positive_mcc() -> None:
    # sqrt((N² − Q)(N² − S)) ≤ N² − (Q + S)/2 (AM-GM) ≤ N² − T (2·t_k·c_k ≤ t_k² + c_k²),
    # so for N·D − T ≥ 0, kappa ≤ MCC (and kappa < 0 otherwise): kappa = 0.60 with
    # MCC = 0.50 is impossible.
    _, verdict = _check([30, 40, 50], ["kappa=0.6000", "mcc=0.5000"])
    assert verdict.status is Status.INCONSISTENT
    assert verdict.method == CLASS_ENGINE
    assert verdict.core == (0, 1)


def test_box_test_is_exact_at_an_interval_end() -> None:
    # THREE: N = 120, D = 90, T = 5050: kappa = 5750/9350 = 115/187 exactly.
    value = Fraction(115, 187)
    for closed, bad in ((True, False), (False, True)):
        tests = KappaMcc(120, 5000, 50, [Interval(value, Fraction(1), closed, True)], [], [])
        one = np.array([90])
        got_bad, _ = tests.test(one, one, np.array([5050]), np.array([5050]), None, None)
        assert bool(got_bad[0]) is bad


def _compositions(n: int, k: int) -> list[tuple[int, ...]]:
    return [tuple(b - a - 1 for a, b in zip((-1, *cut), (*cut, n + k - 1), strict=True))
            for cut in itertools.combinations(range(n + k - 1), k - 1)]


def test_against_brute_force() -> None:
    # every 3×3 matrix with row sums (2, 3, 4): its exact kappa and MCC (hand formulas),
    # then reports with one or two decimals compared with the engine's verdicts.
    t = (2, 3, 4)
    values = set()
    for rows in itertools.product(*(_compositions(x, 3) for x in t)):
        m = np.array(rows)
        num, den_sq = _mcc_parts(m)
        values.add((_kappa(m), num, den_sq, Fraction(int(np.trace(m)), 9)))

    def at_least(x: int, den_sq: int, v: Fraction, strict: bool) -> bool:
        """x/sqrt(den_sq) ≥ v (> v when strict), by signs and squares."""
        a, b = x * x * v.denominator ** 2, den_sq * v.numerator ** 2
        if v > 0:
            return x > 0 and (a > b if strict else a >= b)
        if v == 0:
            return x > 0 if strict else x >= 0
        return x >= 0 or (a < b if strict else a <= b)

    def mcc_holds(num: int, den_sq: int, iv: Interval) -> bool:
        if den_sq == 0:
            return iv.contains(0)  # the 0/0 value under zero_division "0"
        return (at_least(num, den_sq, iv.lo, not iv.lo_closed)
                and at_least(-num, den_sq, -iv.hi, not iv.hi_closed))

    reports = [["kappa=0.5", "mcc=0.6"], ["kappa=0.45", "mcc=0.45"], ["kappa=0.9", "acc=0.89"],
               ["mcc=0.70", "acc=0.78"], ["mcc=0.71", "acc=0.78"], ["kappa=0.3", "mcc=0.2"],
               ["kappa=-0.2", "acc=0.33"], ["mcc=-0.35", "kappa=-0.3"], ["kappa=0.66"]]
    setup = Setup.multiclass(list(t))
    for shown in reports:
        scores = tuple(parse_score(s) for s in shown)
        problem = Problem.build(setup, scores, Hypothesis())
        truth = False
        for kappa, num, den_sq, acc in values:
            ok = True
            for s, iv in zip(shown, problem.intervals, strict=True):
                name = s.split("=")[0]
                ok &= (iv.contains(kappa) if name == "kappa" else iv.contains(acc)
                       if name == "acc" else mcc_holds(num, den_sq, iv))
            truth |= ok
        (verdict,) = check_consistency(list(scores), setup, explain=False).verdicts
        assert verdict.method == CLASS_ENGINE, shown
        assert verdict.status is (Status.CONSISTENT if truth else Status.INCONSISTENT), shown
