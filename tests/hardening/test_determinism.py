"""Same seed, same bytes: oracle reports over mutants (with findings and shrinking) and
the self-test report."""

from __future__ import annotations

import json

from metricoracle.oracle import FunctionAdapter, run_check
from metricoracle.oracle.report import to_json
from metricoracle.selftest import catalogue, run_selftest

METRICS = ["f1_score", "precision_score", "matthews_corrcoef"]


def _adapters():
    return [FunctionAdapter(m.build(), metric=m.metric, name=m.id)
            for m in catalogue(["SW04", "SW13", "MX08"])]


def test_two_oracle_runs_with_the_same_seed_give_identical_json():
    one = to_json(run_check(_adapters(), examples=120, seed=11, metrics=METRICS))
    two = to_json(run_check(_adapters(), examples=120, seed=11, metrics=METRICS))
    assert one == two
    assert json.loads(one)["totals"]["unexplained"] > 0  # there were findings to shrink


def test_a_different_seed_gives_a_different_run():
    one = to_json(run_check(_adapters(), examples=60, seed=1, metrics=METRICS))
    two = to_json(run_check(_adapters(), examples=60, seed=2, metrics=METRICS))
    assert one != two


def test_two_selftest_runs_give_identical_json():
    args = {"ids": ["SW08", "MX06", "FP01"], "proofs": False}
    one = json.dumps(run_selftest(80, 4, **args).to_json(), sort_keys=True)
    two = json.dumps(run_selftest(80, 4, **args).to_json(), sort_keys=True)
    assert one == two
