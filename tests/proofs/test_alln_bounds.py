"""The all-n bounds (MO-008 counts, MO-009 MCC, MO-010 κ): what they rest on, and that
broken formulas are not proved for all n."""

from __future__ import annotations

from dataclasses import replace

import pytest

z3 = pytest.importorskip("z3")

from metricoracle.proofs import REGISTRY, SPEC, Budget, NotProved, Settings, catalogue  # noqa: E402
from metricoracle.proofs._alln import MatrixN  # noqa: E402
from metricoracle.proofs._catalogue_multiclass import _all_n_formulas  # noqa: E402
from metricoracle.proofs._kappa_alln import symbolic_kappa_weights  # noqa: E402
from metricoracle.proofs._link import equal_at_size  # noqa: E402
from metricoracle.proofs._mcc import mcc_bound_up_to  # noqa: E402
from metricoracle.proofs._z3arith import SymMatrix, real  # noqa: E402
from metricoracle.spec import _formulas as F  # noqa: E402, N812
from metricoracle.spec._arith import SqrtRatio  # noqa: E402

SETTINGS = Settings(max_classes=3, link_up_to=2)


@pytest.fixture(scope="module", autouse=True)
def _registered():
    catalogue()


def mcc_sign_error(m):
    """Bug: numerator c·s + Σ t·p."""
    r = F.matthews_corrcoef(m)
    return SqrtRatio(m.diag.sum() * m.total + (m.true_sum * m.pred_sum).sum(), r.den_sq)


def mcc_true_counts_in_numerator(m):
    """Bug: numerator c·s − Σ t·t (true counts used twice)."""
    r = F.matthews_corrcoef(m)
    return SqrtRatio(m.diag.sum() * m.total - (m.true_sum * m.true_sum).sum(), r.den_sq)


def mcc_true_counts_in_denominator(m):
    """Not the spec: den_sq = (s² − Σ t²)².  Still a true bound (|cov_k| ≤ var_k for
    each class), so it cannot be refuted -- but this proof must not claim it for all n."""
    r = F.matthews_corrcoef(m)
    v = m.total * m.total - (m.true_sum * m.true_sum).sum()
    return SqrtRatio(r.num, v * v)


@pytest.mark.parametrize("broken", [mcc_sign_error, mcc_true_counts_in_numerator])
def test_broken_mcc_is_refuted_not_proved_for_all_n(broken):
    out = REGISTRY["MO-009"].check(SETTINGS, replace(SPEC, matthews_corrcoef=broken))
    assert out.status == "refuted"
    assert out.counterexample["confirmed"]
    assert "numerator_shape: refuted" in out.details["all_n"]


def test_mcc_with_true_counts_in_the_denominator_is_not_proved_for_all_n():
    settings = Settings(max_classes=2, link_up_to=1, rlimit=2_000_000)
    out = REGISTRY["MO-009"].check(settings, replace(
        SPEC, matthews_corrcoef=mcc_true_counts_in_denominator))
    assert out.status != "proved_all_n"
    assert "denominator_shape: refuted" in out.details["all_n"]


def test_all_n_mcc_rests_on_the_cauchy_schwarz_chain():
    out = REGISTRY["MO-009"].check(SETTINGS)
    assert out.status == "proved_all_n"
    for name in ("mcc.per_class", "mcc.closure", "mcc.cs_prefix", "mcc.finish",
                 "Cr.ovr_counts_nonnegative", "Cr.fubini"):
        assert name in out.details["lemmas"], name


def test_kappa_is_proved_for_all_n_for_each_weighting():
    out = REGISTRY["MO-010"].check(SETTINGS)
    assert out.status == "proved_all_n"
    for kind in ("None", "linear", "quadratic"):
        assert f"kappa[{kind}].expected_nonnegative" in out.details["lemmas"]


def test_fixed_n_mcc_proof_agrees_as_a_cross_check():
    done, names, failure = mcc_bound_up_to(3, Budget())
    assert (done, failure) == (3, None) and len(names) == 2


def test_outer_product_of_symbolic_vectors_is_a_matrix():
    import numpy as np

    M = MatrixN(budget=Budget())
    outer = np.multiply.outer(M.pred_sum, M.true_sum)
    assert isinstance(outer, SymMatrix)
    i, j = z3.Ints("oi oj")
    assert z3.eq(real(outer[i, j]).plain(),
                 real(M.pred_sum[i]).plain() * real(M.true_sum[j]).plain())


def test_link_rejects_symbolic_weights_that_differ_from_the_spec():
    from metricoracle.spec._formulas import kappa_weights

    M = MatrixN(budget=Budget())

    def values_of(X, _f):
        if isinstance(X, MatrixN):
            return {"w": symbolic_kappa_weights(X.n, "linear")}, []
        return {"w": kappa_weights(X.shape[0], "quadratic")}, []

    M.link(values_of, 2, None, None)  # |i − j| = (i − j)² for n ≤ 2
    with pytest.raises(NotProved):
        M.link(values_of, 3, None, None)  # 2 ≠ 4
    with pytest.raises(NotProved):
        M.link(values_of, 3, None, None, stepwise=True)


def test_stepwise_link_does_not_prove_a_wrong_value():
    M = MatrixN(budget=Budget())
    fa = _all_n_formulas(SPEC)
    sym = real(fa.matthews_corrcoef(fa.marginals(M)).den_sq).plain()
    conc = real(SPEC.matthews_corrcoef(SPEC.marginals(M.unrolled(2))).den_sq).plain()
    equal_at_size("den_link", [(sym, conc)], M.n, 2, [], M.budget)
    with pytest.raises(NotProved):
        equal_at_size("den_link_off", [(sym, conc + 1)], M.n, 2, [], M.budget)
