"""Teeth: deliberately broken definitions must come back refuted."""

from __future__ import annotations

from dataclasses import replace

import pytest

z3 = pytest.importorskip("z3")

from metricoracle.proofs import REGISTRY, SPEC, Settings, catalogue  # noqa: E402
from metricoracle.proofs._z3arith import Z3  # noqa: E402
from metricoracle.spec import _formulas  # noqa: E402
from metricoracle.spec._arith import EXACT, Ratio  # noqa: E402

SETTINGS = Settings(max_classes=3)


@pytest.fixture(scope="module", autouse=True)
def _registered():
    catalogue()


def fp_from_rows(m):
    """Bug: FP counted from the row (true) sums instead of the column sums."""
    c = _formulas.one_vs_rest(m)
    fp = m.true_sum - c.tp
    return _formulas.Counts(tp=c.tp, fp=fp, fn=c.fn, tn=m.total - c.tp - fp - c.fn)


def f1_from_p_and_r(c, beta_sq):
    """Bug: F1 = 2PR/(P+R) with the zero-division branch on P + R = 0 (value 1)."""
    arith = Z3 if isinstance(c.tp, z3.ExprRef) else EXACT
    p = arith.div(c.tp, c.tp + c.fp, if_zero=0)
    r = arith.div(c.tp, c.tp + c.fn, if_zero=0)
    return Ratio(2 * p * r, p + r)


def pool_forgetting_last_label(per_label):
    """Bug: the micro average drops the last label."""
    return _formulas.pool(per_label.select(slice(0, -1)))


def accuracy_off_by_one(m):
    """Bug: accuracy divides by the total plus one."""
    return Ratio(m.diag.sum(), m.total + 1)


def check(theorem_id, **broken):
    return REGISTRY[theorem_id].check(SETTINGS, replace(SPEC, **broken))


def test_fp_from_rows_breaks_valid_counts():
    out = check("MO-008", one_vs_rest=fp_from_rows)
    assert out.status == "refuted"
    assert out.counterexample["confirmed"]
    # with a correct definition the same matrix is fine
    assert REGISTRY["MO-008"].check(SETTINGS).status == "proved_all_n"


def test_fp_from_rows_makes_macro_precision_equal_macro_recall():
    # the expected-fails theorem is no longer refuted: the catalogue would flag it
    assert check("MO-203", one_vs_rest=fp_from_rows).status != "refuted"


def test_wrong_zero_division_branch_breaks_f1_between_p_and_r():
    assert check("MO-102", f_beta=f1_from_p_and_r).status == "refuted"


def test_wrong_zero_division_branch_breaks_micro_f1_equals_accuracy():
    out = check("MO-003", f_beta=f1_from_p_and_r)
    assert out.status == "refuted"
    assert out.counterexample["confirmed"]


def test_pool_forgetting_a_label_is_refuted():
    out = check("MO-003", pool=pool_forgetting_last_label)
    assert out.status == "refuted"
    assert out.counterexample["confirmed"]


def test_accuracy_off_by_one_is_refuted_everywhere():
    for theorem_id in ("MO-004", "MO-006"):
        assert check(theorem_id, accuracy=accuracy_off_by_one).status == "refuted", theorem_id
