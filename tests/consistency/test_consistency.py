"""Hand-built consistency cases; each expected verdict is derived in the comments."""

from __future__ import annotations

import io
import json
from fractions import Fraction

import pytest

from metricoracle.cli import main
from metricoracle.consistency import (
    Interval,
    Rounding,
    ScoreAverage,
    Setup,
    Status,
    check_consistency,
    parse_score,
    rounding_interval,
)
from metricoracle.consistency._setup import stratified_folds
from metricoracle.errors import InvalidInput

B = ScoreAverage.BINARY


def binary(*texts: str) -> list:
    return [parse_score(t, default_average=B) for t in texts]


def multi(*texts: str) -> list:
    return [parse_score(t) for t in texts]


# --- rounding modes as exact intervals -------------------------------------------------

def test_half_even_interval_is_closed_for_even_last_digit_and_open_for_odd() -> None:
    # 0.12 (last digit 2, even): the ties 0.115 and 0.125 both round to 0.12.
    assert rounding_interval(Fraction("0.12"), 2, Rounding.HALF_EVEN) == Interval(
        Fraction("0.115"), Fraction("0.125"), True, True)
    # 0.13 (odd): 0.125 rounds to 0.12 and 0.135 to 0.14, so both ends are open.
    assert rounding_interval(Fraction("0.13"), 2, Rounding.HALF_EVEN) == Interval(
        Fraction("0.125"), Fraction("0.135"), False, False)


def test_other_rounding_modes() -> None:
    v = Fraction("0.66")
    assert rounding_interval(v, 2, Rounding.HALF_UP) == Interval(
        Fraction("0.655"), Fraction("0.665"), True, False)
    assert rounding_interval(v, 2, Rounding.TRUNCATE) == Interval(
        Fraction("0.66"), Fraction("0.67"), True, False)
    assert rounding_interval(v, 2, Rounding.CEILING) == Interval(
        Fraction("0.65"), Fraction("0.66"), False, True)
    assert rounding_interval(v, 2, Rounding.ANY) == Interval(
        Fraction("0.65"), Fraction("0.67"), False, False)
    # truncation of a negative number goes towards zero: -0.123... printed as -0.12.
    assert rounding_interval(Fraction("-0.12"), 2, Rounding.TRUNCATE) == Interval(
        Fraction("-0.13"), Fraction("-0.12"), False, True)


def test_more_digits_than_decimals_is_an_error() -> None:
    with pytest.raises(InvalidInput, match="decimals"):
        parse_score("acc=0.8125", decimals=2)


# --- binary, single test set ------------------------------------------------------------

def test_binary_consistent_report_has_its_witness() -> None:
    # p=50, n=80: sens 0.52 = 26/50 is the only tp/50 in [0.515, 0.525] -> tp = 26;
    # acc ∈ [0.81535, 0.81545]·130 = [105.9955, 106.0085] -> tp + tn = 106 -> tn = 80.
    report = check_consistency(binary("acc=0.8154", "sens=0.52"), Setup.binary_counts(50, 80))
    (verdict,) = report.verdicts
    assert verdict.status is Status.CONSISTENT
    assert [m.tolist() for m in verdict.witness] == [[[80, 0], [24, 26]]]
    assert verdict.values == [Fraction(106, 130), Fraction(26, 50)]


def test_binary_inconsistent_core_is_minimal() -> None:
    # Same setup; spec "0.9" means tn/80 ∈ (0.85, 0.95) -> tn ∈ {69..75}, and sens 0.58
    # means tp = 29; acc needs tp + tn = 106 -> tn = 77: impossible.  Any two of the three
    # are satisfiable (acc+sens: tn=77; acc+spec: tp=106-tn ≤ 50 with tn ≥ 56; sens+spec).
    report = check_consistency(binary("acc=0.8154", "sens=0.58", "spec=0.9"),
                               Setup.binary_counts(50, 80))
    (verdict,) = report.verdicts
    assert verdict.status is Status.INCONSISTENT
    assert verdict.core == (0, 1, 2) and verdict.core_minimal


def test_truncated_report_is_consistent_but_rounded_is_not() -> None:
    # p=1, n=2: accuracy ∈ {0, 1/3, 2/3, 1}.  2/3 = 0.666… prints as 0.66 only when
    # truncated; rounded to nearest it is 0.67, and no other value is near 0.66.
    setup = Setup.binary_counts(1, 2)
    report = check_consistency(binary("acc=0.66"), setup,
                               rounding=["half-even", "half-up", "truncate", "floor", "any"])
    statuses = {v.hypothesis.rounding: v.status for v in report.verdicts}
    assert statuses == {Rounding.HALF_EVEN: Status.INCONSISTENT,
                        Rounding.HALF_UP: Status.INCONSISTENT,
                        Rounding.TRUNCATE: Status.CONSISTENT,
                        Rounding.FLOOR: Status.CONSISTENT,
                        Rounding.ANY: Status.CONSISTENT}
    assert report.status is Status.CONSISTENT


def test_a_tie_decided_differently_by_half_even_and_half_up() -> None:
    # p=4, n=4: accuracy = k/8.  1/8 = 0.125 is a tie at 2 decimals: half-even prints
    # 0.12 (even last digit), half-up prints 0.13.  No other k/8 is near 0.12.
    report = check_consistency(binary("acc=0.12"), Setup.binary_counts(4, 4),
                               rounding=["half-even", "half-up"])
    half_even, half_up = report.verdicts
    assert half_even.status is Status.CONSISTENT
    assert half_even.values == [Fraction(1, 8)]
    assert half_up.status is Status.INCONSISTENT


def test_zero_over_zero_precision_reported_as_a_number() -> None:
    # sens 0.0 forces tp = 0 and spec 1.0 forces fp = 0, so precision is 0/0.  A printed
    # precision 0.0 is then possible only with zero_division=0.
    setup = Setup.binary_counts(5, 5)
    report = check_consistency(binary("sens=0.0", "spec=1.0", "precision=0.0"), setup,
                               zero_division=["0", "1", "nan", "never"])
    statuses = [v.status for v in report.verdicts]
    assert statuses == [Status.CONSISTENT, Status.INCONSISTENT, Status.INCONSISTENT,
                        Status.INCONSISTENT]
    assert report.verdicts[0].witness[0].tolist() == [[5, 0], [5, 0]]
    # ... and a printed 1.0 only with zero_division=1.
    report = check_consistency(binary("sens=0.0", "spec=1.0", "precision=1.0"), setup,
                               zero_division=["0", "1"])
    assert [v.status for v in report.verdicts] == [Status.INCONSISTENT, Status.CONSISTENT]


def test_only_the_total_is_known() -> None:
    # total 4: accuracy ∈ {0, 1/4, 1/2, 3/4, 1}.  "0.3" (odd last digit, half-even) is
    # (0.25, 0.35): 1/4 is excluded; "0.2" is [0.15, 0.25]: 1/4 is included.
    assert check_consistency(binary("acc=0.3"), Setup.total_only(4)).status \
        is Status.INCONSISTENT
    assert check_consistency(binary("acc=0.2"), Setup.total_only(4)).status is Status.CONSISTENT


def test_explicit_interval_and_percent() -> None:
    # p=n=2, tp=2, tn=1: MCC = (2·1 − 1·0)/sqrt(3·2·2·1) = 2/sqrt(12) ≈ 0.577.
    report = check_consistency(binary("mcc=[0.57, 0.58]", "acc=75%"), Setup.binary_counts(2, 2))
    assert report.status is Status.CONSISTENT
    # an MCC above 0.58 and below 1 needs 2/sqrt(12) < x: only MCC = 1 (tp=2, tn=2) is.
    report = check_consistency(binary("mcc=(0.58, 0.99)"), Setup.binary_counts(2, 2))
    assert report.status is Status.INCONSISTENT


# --- single-label multiclass --------------------------------------------------------------

def test_micro_precision_different_from_micro_recall_is_impossible() -> None:
    # ΣFP = ΣFN in one K×K matrix, so micro P = micro R = accuracy; class by class
    # (one-vs-rest relaxations) both 0.70 and 0.75 look fine.
    report = check_consistency(multi("precision_micro=0.70", "recall_micro=0.75"),
                               Setup.multiclass([30, 40, 50]))
    (verdict,) = report.verdicts
    assert verdict.status is Status.INCONSISTENT
    assert verdict.core == (0, 1)
    assert "must be equal in single-label data" in verdict.reason


def test_weighted_recall_equals_accuracy_and_weighted_precision_witness() -> None:
    setup = Setup.multiclass([2, 2])
    # weighted recall = Σ s_i·(d_i/s_i)/N = Σd/N = accuracy.
    bad = check_consistency(multi("acc=0.50", "recall_weighted=0.75"), setup)
    assert bad.status is Status.INCONSISTENT
    # C = [[2,0],[1,1]]: precision per class 2/3 and 1/1, weighted (2·2/3 + 2·1)/4 = 5/6.
    good = check_consistency(multi("precision_weighted=0.833", "acc=0.75"), setup)
    (verdict,) = good.verdicts
    assert verdict.status is Status.CONSISTENT
    assert verdict.values == [Fraction(5, 6), Fraction(3, 4)]


def test_macro_f1_two_definitions() -> None:
    # supports (2, 2), C = [[2,0],[1,1]]: per-class F1 = 4/5 and 2/3, mean 11/15 ≈ 0.7333;
    # macro P = 5/6, macro R = 3/4, F1 of those = 15/19 ≈ 0.7895.  With acc = 3/4 the
    # only matrices are C and its mirror [[1,1],[0,2]] (same values), so "0.7895" is
    # reachable only as F1 of the means and "0.7333" only as the mean of F1s.
    setup = Setup.multiclass([2, 2])
    report = check_consistency(multi("acc=0.75", "f1_macro=0.7895"), setup)
    statuses = {v.hypothesis.macro_f1.value: v.status for v in report.verdicts}
    assert statuses == {"mean-of-f1": Status.INCONSISTENT, "f1-of-means": Status.CONSISTENT}
    report = check_consistency(multi("acc=0.75", "f1_macro=0.7333"), setup)
    statuses = {v.hypothesis.macro_f1.value: v.status for v in report.verdicts}
    assert statuses == {"mean-of-f1": Status.CONSISTENT, "f1-of-means": Status.INCONSISTENT}


# --- k-fold -------------------------------------------------------------------------------

def test_mean_of_folds_f1_that_no_fold_counts_reach() -> None:
    # Two folds with p=1, n=1 each.  Per fold F1 = 2tp/(2tp+fp+fn) ∈ {0, 2/3, 1} (0/0 -> 0),
    # so the mean of two folds ∈ {0, 1/3, 1/2, 2/3, 5/6, 1}: nothing in [0.795, 0.805].
    # Pooled (p=2, n=2): tp=2, fp=1 gives 4/5 = 0.80 exactly.
    setup = Setup.binary_counts(2, 2, folds=[(1, 1), (1, 1)])
    report = check_consistency(binary("f1=0.80"), setup)
    statuses = {v.hypothesis.aggregation.value: v for v in report.verdicts}
    assert statuses["pooled"].status is Status.CONSISTENT
    assert statuses["mean-of-folds"].status is Status.INCONSISTENT
    # the pooled witness is split back into the two folds' matrices.
    folds = statuses["pooled"].witness
    assert len(folds) == 2 and sum(f.sum() for f in folds) == 4
    # 5/6 ≈ 0.83 is reachable as a mean (folds with F1 1 and 2/3).
    assert check_consistency(binary("f1=0.83"), setup,
                             aggregation="mean-of-folds").status is Status.CONSISTENT


def test_stratified_folds_match_scikit_learn() -> None:
    np = pytest.importorskip("numpy")
    model_selection = pytest.importorskip("sklearn.model_selection")
    y = np.array([0] * 7 + [1] * 11 + [2] * 5)
    split = model_selection.StratifiedKFold(n_splits=4).split(np.zeros(len(y)), y)
    expected = tuple(tuple(int((y[test] == c).sum()) for c in range(3)) for _, test in split)
    assert stratified_folds((7, 11, 5), 4) == expected


# --- command line -------------------------------------------------------------------------

def test_cli_consistent_and_inconsistent_exit_codes() -> None:
    out = io.StringIO()
    code = main(["consistency", "--score", "acc=0.8154", "--score", "sens=0.52",
                 "--p", "50", "--n", "80"], out=out)
    assert code == 0 and "CONSISTENT" in out.getvalue() and "[[80, 0], [24, 26]]" in out.getvalue()
    out = io.StringIO()
    code = main(["consistency", "--score", "acc=0.70", "--score", "precision_micro=0.75",
                 "--supports", "30,40,50", "--json", "-"], out=out)
    assert code == 1
    data = json.loads(out.getvalue())
    assert data[0]["status"] == "inconsistent"
    assert data[0]["verdicts"][0]["core"] == ["accuracy", "precision_micro"]


@pytest.mark.parametrize("argv", [
    ["consistency", "--score", "acc=0.7", "--p", "5"],
    ["consistency", "--score", "acc=abc", "--p", "5", "--n", "5"],
    ["consistency", "--score", "foo=0.5", "--p", "5", "--n", "5"],
    ["consistency", "--score", "precision=0.5", "--supports", "3,4,5"],
    ["consistency", "--p", "5", "--n", "5"],
    ["consistency", "--score", "acc=0.5", "--p", "5", "--n", "5", "--rounding", "up"],
])
def test_cli_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv, out=io.StringIO()) == 2
    assert "error" in capsys.readouterr().err


def test_cli_table_file(tmp_path) -> None:
    table = tmp_path / "results.csv"
    table.write_text("label,p,n,acc,sens\nok,50,80,0.8154,0.52\nbad,1,2,0.66,\n",
                     encoding="utf-8")
    markdown = tmp_path / "out.md"
    json_path = tmp_path / "out.json"
    code = main(["consistency", "--file", str(table), "--markdown", str(markdown),
                 "--json", str(json_path)], out=io.StringIO())
    assert code == 1
    rows = json.loads(json_path.read_text(encoding="utf-8"))
    assert [r["status"] for r in rows] == ["consistent", "inconsistent"]
    assert "| ok |" in markdown.read_text(encoding="utf-8")
    yaml = pytest.importorskip("yaml")
    table = tmp_path / "results.yaml"
    table.write_text(yaml.safe_dump([{"label": "t", "p": 1, "n": 2, "acc": "0.66",
                                      "rounding": "truncate"}]), encoding="utf-8")
    assert main(["consistency", "--file", str(table)], out=io.StringIO()) == 0
