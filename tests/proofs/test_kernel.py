"""The kernel's trust rules: unsat only, unknown is never proved, no vacuity."""

from __future__ import annotations

import pytest

z3 = pytest.importorskip("z3")

from metricoracle.proofs import REGISTRY, Settings, catalogue  # noqa: E402
from metricoracle.proofs._alln import MatrixN  # noqa: E402
from metricoracle.proofs._kernel import Budget, Lemma, NotProved, induct, prove  # noqa: E402


def test_lemma_cannot_be_built_outside_the_kernel():
    with pytest.raises(TypeError):
        Lemma(object(), "fake", (), (), z3.BoolVal(False), (), None)


def test_false_statement_is_refuted_with_a_model():
    x = z3.Real("x")
    with pytest.raises(NotProved) as info:
        prove("square_below_one", x * x < 1)
    assert info.value.status == "refuted" and info.value.model is not None


def test_vacuous_hypotheses_are_detected():
    x = z3.Real("x")
    with pytest.raises(NotProved) as info:
        prove("anything", x == 42, hyps=[x > 0, x < 0])
    assert info.value.status == "vacuous"


def test_exhausted_rlimit_is_unknown_not_proved():
    x, y = z3.Reals("x y")
    with pytest.raises(NotProved) as info:
        prove("am_gm", x * x + y * y >= 2 * x * y, budget=Budget(rlimit=1))
    assert info.value.status == "unknown"


def test_tiny_rlimit_makes_a_theorem_unknown_never_proved():
    catalogue()
    outcome = REGISTRY["MO-009"].check(Settings(max_classes=3, rlimit=2_000))
    assert outcome.status == "unknown"


def test_instances_carry_their_hypotheses():
    x = z3.Real("x")
    lemma = prove("pos_square", x * x > 0, params=(x,), hyps=[x != 0])
    inst = lemma.at(z3.RealVal(0))
    # the instance is "0 ≠ 0 → 0·0 > 0", which cannot be used to prove 0·0 > 0
    with pytest.raises(NotProved):
        prove("zero_square_positive", z3.RealVal(0) * z3.RealVal(0) > 0, by=[inst])


def test_facts_must_be_lemma_instances():
    x = z3.Real("x")
    with pytest.raises(TypeError):
        prove("smuggled", x == 1, by=[x == 1])  # type: ignore[list-item]


def test_false_fubini_variant_is_not_proved():
    M = MatrixN("T", budget=Budget())
    a, b = z3.Ints("fa fb")
    with pytest.raises(NotProved):
        induct("fubini_plus_one", a, M.RS(a, b) == M.CS(b, a) + 1, params=(b,),
               hyps=(b >= 0,), budget=M.budget)


def test_direct_all_n_question_without_induction_is_not_proved():
    M = MatrixN("D", budget=Budget(rlimit=200_000, timeout_ms=5_000))
    with pytest.raises(NotProved) as info:
        prove("fubini_direct", M.RS(M.n, M.n) == M.CS(M.n, M.n), hyps=[M.n >= 0],
              budget=M.budget)
    assert info.value.status in ("unknown", "refuted")


def test_propositional_mode_never_refutes():
    x = z3.Real("x")
    # true, but not propositionally: the abstraction is satisfiable, so "unknown"
    with pytest.raises(NotProved) as info:
        prove("square_nonnegative", x * x >= 0, propositional=True)
    assert info.value.status == "unknown"


def test_propositional_mode_chains_instances():
    x, y = z3.Reals("px py")
    big = x * x * y + 7
    lemma = prove("implies_itself", z3.Implies(y > 0, y >= 0), params=(y,))
    assert prove("chained", big >= 0, hyps=[big > 0], by=[lemma.at(big)],
                 propositional=True).name == "chained"
