"""What counts as "as expected": a fall-back from an all-n proof and a refutation that
scikit-learn does not confirm are failures, not quiet successes."""

from __future__ import annotations

from metricoracle.proofs._prove import Result


def _result(status: str, expected: str, **fields) -> Result:
    return Result(id="MO-X", name="x", claim="", scope="", expected=expected, status=status,
                  max_classes=4, seconds=0.0, counterexample=fields.pop("cex", None), **fields)


def test_all_n_fall_back_is_a_regression() -> None:
    assert _result("proved_all_n", "holds").as_expected
    assert _result("proved_up_to_n", "holds").as_expected  # theorems without an all-n proof
    fell_back = _result("proved_up_to_n", "holds",
                        details={"all_n": "Cr.link_n2: refuted (numpy path differs)"})
    assert not fell_back.as_expected


def test_refutation_needs_sklearns_confirmation_when_replayed() -> None:
    cex = {"matrix": [[1, 0], [1, 1]], "confirmed": True}
    assert _result("refuted", "fails", cex=cex).as_expected  # sklearn not installed
    assert _result("refuted", "fails", cex={**cex, "sklearn": {"confirmed": True}}).as_expected
    assert not _result("refuted", "fails",
                       cex={**cex, "sklearn": {"confirmed": False}}).as_expected
    assert not _result("unknown", "fails", cex=cex).as_expected
