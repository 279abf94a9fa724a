"""The proofs' teeth: each theorem refuted under a broken definition; no budget, no proof."""

from __future__ import annotations

import pytest

pytest.importorskip("z3")

from metricoracle.proofs._fixedn import SPEC
from metricoracle.proofs._theorems import Settings, catalogue
from metricoracle.selftest._proofs import EXHAUSTED, MUTATIONS, PROVED, TEETH

THEOREMS = {t.id: t for t in catalogue()}
SETTINGS = Settings(max_classes=3, link_up_to=2)
KNOWN_BUGS: dict[tuple[str, str], str] = {}  # (theorem, mutation) -> reason, while a bug is open
CASES = [(tid, name) for tid, names in TEETH.items() for name in names]


def test_every_theorem_expected_to_hold_has_teeth():
    holds = {t.id for t in THEOREMS.values() if t.expected == "holds"}
    assert holds <= set(TEETH)


@pytest.mark.parametrize(("theorem_id", "mutation"), CASES, ids=[f"{t}-{m}" for t, m in CASES])
def test_mutated_definition_changes_the_verdict(theorem_id, mutation):
    if (theorem_id, mutation) in KNOWN_BUGS:
        pytest.xfail(KNOWN_BUGS[(theorem_id, mutation)])
    thm = THEOREMS[theorem_id]
    outcome = thm.check(SETTINGS, formulas=MUTATIONS[mutation][1](SPEC))
    if thm.expected == "holds":
        assert outcome.status == "refuted", outcome
        assert outcome.counterexample is None or outcome.counterexample.get("confirmed", True)
    else:
        assert outcome.status in PROVED, outcome


@pytest.mark.parametrize("theorem_id", sorted(THEOREMS))
def test_an_exhausted_budget_never_reads_as_proved(theorem_id):
    assert THEOREMS[theorem_id].check(EXHAUSTED).status not in PROVED
