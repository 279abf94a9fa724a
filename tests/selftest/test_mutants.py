"""The mutant catalogue: its shape, a fast subset killed, equivalence claims, the CLI."""

from __future__ import annotations

import io
import json

import pytest

from metricoracle.cli import main
from metricoracle.oracle import METRICS
from metricoracle.selftest import CONTROLS, catalogue, run_selftest

MUTANTS = catalogue()
EQUIVALENT = [m.id for m in MUTANTS if m.equivalent]
# one mutant per kind of bug, fast enough for every CI run
FAST = ["SW01", "SW07", "SW09", "SW14", "SW21", "MX08", "MX12", "ST01", "FP02", "SW27"]


def test_catalogue_has_at_least_40_mutants_with_unique_stable_ids():
    ids = [m.id for m in MUTANTS]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    assert all(m.metric in METRICS and len(m.bug) > 15 for m in MUTANTS)


@pytest.mark.parametrize("mutant_id", EQUIVALENT)
def test_equivalence_claims_are_argued(mutant_id):
    (m,) = catalogue([mutant_id])
    assert m.argument.startswith("Equivalent:") and len(m.argument) > 120


def test_every_mutant_metric_has_a_control():
    assert {m.metric for m in MUTANTS} <= {metric for metric, _, _ in CONTROLS.values()}


def test_fast_subset_is_killed_and_its_controls_agree():
    report = run_selftest(ids=FAST, proofs=False)
    assert [m.id for m in report.mutants if not m.killed] == []
    assert [c.id for c in report.controls if c.killed] == []
    by_id = {m.id: m for m in report.mutants}
    assert by_id["FP02"].via == "corpus"  # uint8 wrap-around needs > 255 samples
    assert by_id["ST01"].via == "generated"  # batches come from the generator
    example = by_id["SW01"].counterexample
    assert example["shrunk"] and len(example["query"]["y_true"]) <= 3
    assert report.exit_code == 0 and report.kill_rate == 1.0


def test_equivalent_mutants_survive_the_default_budget():
    report = run_selftest(ids=EQUIVALENT, controls=False, proofs=False)
    assert all(not m.killed for m in report.mutants)
    assert report.exit_code == 0  # an equivalent survivor is no problem


def test_a_survivor_fails_the_selftest():
    # with one generated case, SW14 (pos_label ignored) is not reached
    report = run_selftest(1, ids=["SW14"], controls=False, proofs=False)
    assert report.survivors and report.exit_code == 1
    assert "SW14 survived" in report.problems[0]


def test_selftest_json_is_deterministic_and_independent_of_jobs():
    one = run_selftest(60, 3, ids=["SW05", "MX14"], proofs=False).to_json()
    again = run_selftest(60, 3, ids=["SW05", "MX14"], proofs=False, jobs=2).to_json()
    assert json.dumps(one, sort_keys=True) == json.dumps(again, sort_keys=True)


def test_cli_prints_kill_rate_and_writes_reports(tmp_path):
    out = io.StringIO()
    code = main(["selftest", "--only", "SW01", "--only", "MX03", "--no-proofs",
                 "--json", str(tmp_path / "r.json"), "--markdown", str(tmp_path / "r.md")],
                out=out)
    assert code == 0, out.getvalue()
    assert "kill rate: 1/1" in out.getvalue() and "MX03 (equivalent)" in out.getvalue()
    data = json.loads((tmp_path / "r.json").read_text())
    status = {m["id"]: m["status"] for m in data["mutants"]}
    assert data["kill_rate"] == 1.0 and status == {"MX03": "survived (equivalent)",
                                                   "SW01": "killed"}
    assert "| SW01 |" in (tmp_path / "r.md").read_text()


def test_cli_exit_codes():
    assert main(["selftest", "--only", "SW14", "--examples", "1", "--no-proofs"],
                out=io.StringIO()) == 1
    assert main(["selftest", "--only", "NOPE", "--no-proofs"], out=io.StringIO()) == 2
    assert main(["selftest", "--examples", "0"], out=io.StringIO()) == 2
