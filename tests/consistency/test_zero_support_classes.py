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


def test_compositions_are_every_row() -> None:
    import itertools
    from math import comb

    from metricoracle.consistency._check import _compositions

    for total, parts in [(0, 3), (2, 2), (4, 3), (5, 4)]:
        got = _compositions(total, parts)
        brute = [r for r in itertools.product(range(total + 1), repeat=parts)
                 if sum(r) == total]
        assert sorted(got) == sorted(brute) and len(got) == comb(total + parts - 1, parts - 1)


def test_tiny_reports_are_decided_by_trying_every_matrix() -> None:
    # z3 used to time out (UNKNOWN) on this 3-class report under zero_division=nan; with
    # supports (5, 3, 4) there are 21·10·15 = 3,150 matrices.  Independent brute force:
    # MCC = (c·s − Σ t·p) / √((s² − Σ p²)(s² − Σ t²)) on every matrix.
    import itertools
    import math

    def rows(t):
        return [r for r in itertools.product(range(t + 1), repeat=3) if sum(r) == t]

    hits = []
    for m in itertools.product(rows(5), rows(3), rows(4)):
        t = [sum(r) for r in m]
        p = [sum(m[i][j] for i in range(3)) for j in range(3)]
        c, s = sum(m[i][i] for i in range(3)), 12
        den = (s * s - sum(x * x for x in p)) * (s * s - sum(x * x for x in t))
        if den > 0:
            mcc = (c * s - sum(a * b for a, b in zip(t, p, strict=True))) / math.sqrt(den)
            assert not 0 < abs(mcc - 0.416) < 1e-9 and not 0 < abs(mcc - 0.417) < 1e-9
            hits.append(0.416 <= mcc < 0.417)
    expected = Status.CONSISTENT if any(hits) else Status.INCONSISTENT
    report = check_consistency([parse_score("mcc=0.416", default_average=M)],
                               Setup.multiclass([5, 3, 4]), rounding="truncate",
                               zero_division="nan")
    (verdict,) = report.verdicts
    assert verdict.status is expected
