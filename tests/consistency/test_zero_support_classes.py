"""Classes without true samples (support 0) in the class engine: hand-computed cases."""

from __future__ import annotations

from metricoracle.consistency import ScoreAverage, Setup, Status, check_consistency, parse_score

M = ScoreAverage.MACRO


def _status(score: str, supports: list[int], **options) -> Status:
    report = check_consistency([parse_score(score, default_average=M)],
                               Setup.multiclass(supports), **options)
    (verdict,) = report.verdicts
    return verdict.status


def test_weighted_recall_with_an_empty_first_class() -> None:
    # supports (0, 3, 4): class 0 has weight 0, so weighted recall = (d1 + d2) / 7;
    # d = (·, 3, 1) gives 4/7 = 0.571428… -> "0.5714" (half-even); nothing gives
    # [0.57145, 0.57155] since every value is a multiple of 1/7.
    for zd in ("0", "1"):
        assert _status("recall_weighted=0.5714", [0, 3, 4], zero_division=zd) \
            is Status.CONSISTENT
        assert _status("recall_weighted=0.5715", [0, 3, 4], zero_division=zd) \
            is Status.INCONSISTENT
    # the same with the empty class last, and at larger counts: 35/70 = 0.50
    assert _status("recall_weighted=0.50", [0, 30, 40]) is Status.CONSISTENT


def test_never_with_an_empty_class() -> None:
    # supports (3, 0, 1), zero_division "never": [[0,0,3],[0,0,0],[0,1,0]] has every
    # per-class F1 defined (class 1: 0/(0 + 1)) and 0, so macro F1 (mean of F1) 0.00 is
    # possible; class 1's recall is 0/0 in every matrix, so macro recall and the
    # F1-of-means definition are never defined.
    assert _status("f1_macro=0.00", [3, 0, 1], zero_division="never",
                   macro_f1="mean-of-f1") is Status.CONSISTENT
    assert _status("f1_macro=0.00", [3, 0, 1], zero_division="never",
                   macro_f1="f1-of-means") is Status.INCONSISTENT
    assert _status("recall_macro=0.00", [3, 0, 1], zero_division="never") \
        is Status.INCONSISTENT
