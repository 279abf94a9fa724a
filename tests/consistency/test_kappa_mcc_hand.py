"""Cohen's κ and multiclass MCC with macro scores on one K-class matrix (class engine).

Hand-built matrix [[20, 5, 5], [4, 30, 6], [2, 8, 40]]: supports t = (30, 40, 50), column
sums c = (26, 43, 51), Σd = D = 90, N = 120, T = Σ t·c = 780 + 1720 + 2550 = 5050,
Q = Σ c² = 676 + 1849 + 2601 = 5126, S = Σ t² = 5000.
κ = (N·D − T)/(N² − T) = 5750/9350 = 0.614973…;
MCC = (N·D − T)/√((N² − Q)(N² − S)) = 5750/√(9274·9400) = 0.615842…;
per-class F1 = 2d/(t + c) = 40/56, 60/83, 80/101, macro F1 = 0.743086…; accuracy 0.75.
"""

from __future__ import annotations

from metricoracle.consistency import Setup, Status, check_consistency, parse_score

SETUP = Setup.multiclass([30, 40, 50])
ENGINE = "exact averaged DP (classes)"


def _verdict(shown: list[str]):
    (verdict,) = check_consistency([parse_score(s) for s in shown], SETUP,
                                   macro_f1="mean-of-f1").verdicts
    return verdict


def test_kappa_accuracy_macro_f1_found() -> None:
    verdict = _verdict(["kappa=0.6150", "acc=0.7500", "f1_macro=0.7431"])
    assert verdict.status is Status.CONSISTENT
    assert verdict.method == ENGINE


def test_mcc_accuracy_found() -> None:
    verdict = _verdict(["mcc=0.6158", "acc=0.7500"])
    assert verdict.status is Status.CONSISTENT
    assert verdict.method == ENGINE


def test_kappa_far_above_accuracy_is_impossible() -> None:
    """acc = 0.75 (half-even: [0.745, 0.755]) pins D = 90.  κ decreases in T for fixed D
    (dκ/dT = (N·D − N²)/(N² − T)² ≤ 0), and T = Σ t·c ≥ min t · Σc = 30·120 = 3600, so
    κ ≤ (10800 − 3600)/(14400 − 3600) = 2/3 < 0.895."""
    verdict = _verdict(["kappa=0.90", "acc=0.75"])
    assert verdict.status is Status.INCONSISTENT
