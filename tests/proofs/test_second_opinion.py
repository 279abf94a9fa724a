"""The optional cvc5 second opinion: agreement, teeth, and a missing cvc5."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys

import pytest

z3 = pytest.importorskip("z3")

from metricoracle.cli import main  # noqa: E402
from metricoracle.proofs import Settings, catalogue  # noqa: E402
from metricoracle.proofs._kernel import Query, prove, recording  # noqa: E402
from metricoracle.proofs._prove import run_theorem  # noqa: E402
from metricoracle.proofs._second_opinion import (  # noqa: E402
    check_query,
    second_opinion,
    standard_smtlib,
)

needs_cvc5 = pytest.mark.skipif(importlib.util.find_spec("cvc5") is None,
                                reason="cvc5 is not installed")


def _query(name: str, *formulas) -> Query:
    s = z3.Solver()
    s.add(*formulas)
    return Query(name, s.to_smt2(), "unsat")


def test_recording_keeps_each_proof_query():
    x = z3.Real("x")
    with recording() as queries:
        prove("square_nonnegative", x * x >= 0)
        prove("two_steps", x + 2 > x + 1)
    assert [q.name for q in queries] == ["square_nonnegative", "two_steps"]
    assert all(q.answer == "unsat" and "(assert" in q.smt2 for q in queries)


def test_z3_export_is_rewritten_to_standard_smtlib():
    # z3 writes calls of recursive functions as ((_ f 0) x) and one-term sums as (+ t)
    text = ("(declare-fun c (Int) Real)\n"
            "(define-funs-rec ((s ((x!1 Int)) Real)) "
            "((ite (<= x!1 0) 0.0 (+ ((_ s 0) (- x!1 1)) (c (- x!1 1))))))\n"
            "(assert (not (= ((_ s 0) 0) (+ (* 1.0 0.0)))))\n(check-sat)\n")
    out = standard_smtlib(text)
    assert out.startswith("(set-logic ALL)")
    assert "(_ s 0)" not in out and "(s (- x!1 1))" in out
    assert "(+ (* 1.0 0.0))" not in out and "check-sat" not in out


@needs_cvc5
def test_a_small_lemma_agrees():
    a, b = z3.Reals("a b")
    with recording() as queries:
        prove("sum_of_nonnegatives", a * a + b >= 0, hyps=[b >= 0])
    opinion = second_opinion(queries)
    assert opinion.status == "checked" and opinion.count("agree") == 1
    assert opinion.summary() == "cvc5: 1/1 agree, 0 unknown, 0 disagree"


@needs_cvc5
def test_an_all_n_theorem_agrees_on_every_query():
    theorem = next(t for t in catalogue() if t.id == "MO-001")
    result = run_theorem(theorem, Settings(max_classes=2), check_with_cvc5=True)
    so = result.second_opinion
    assert so is not None and so["status"] == "checked"
    assert so["counts"]["agree"] == len(so["checks"]) > 5
    assert not result.disagrees


@needs_cvc5
def test_a_wrong_claim_passed_off_as_unsat_comes_back_disagree():
    # x*x < 1 is false (x = 2): its negation is satisfiable, pretend z3 said unsat
    x = z3.Real("x")
    check = check_query(_query("square_below_one", z3.Not(x * x < 1)))
    assert check.verdict == "disagree" and check.cvc5 == "sat"
    opinion = second_opinion([_query("square_below_one", z3.Not(x * x < 1))])
    assert opinion.disagrees and "1 disagree" in opinion.summary()


@needs_cvc5
def test_a_query_beyond_cvc5_is_unknown_not_disagree():
    # a resource limit too small for anything but trivial work
    x, y = z3.Reals("x y")
    q = _query("am_gm", z3.Not((x + y) * (x + y) >= 4 * x * y))
    check = check_query(q, rlimit=1)
    assert check.verdict == "unknown" and check.cvc5 == "unknown"


@needs_cvc5
def test_unparsable_text_is_not_applicable():
    check = check_query(Query("garbage", "(assert (frobnicate x))", "unsat"))
    assert check.verdict == "not_applicable" and check.reason


def test_missing_cvc5_skips_instead_of_crashing(monkeypatch):
    monkeypatch.setitem(sys.modules, "cvc5", None)  # `import cvc5` now raises ImportError
    x = z3.Real("x")
    opinion = second_opinion([_query("anything", z3.Not(x * x >= 0))])
    assert opinion.status == "skipped" and "not installed" in opinion.summary()
    out = io.StringIO()
    assert main(["prove", "--only", "MO-101", "--second-opinion"], out=out) == 0
    assert "skipped" in out.getvalue()


@needs_cvc5
def test_cli_second_opinion_column_and_json(tmp_path):
    out, js = io.StringIO(), tmp_path / "r.json"
    code = main(["prove", "--only", "MO-001", "--only", "MO-203", "--max-classes", "2",
                 "--second-opinion", "--json", str(js)], out=out)
    assert code == 0, out.getvalue()
    data = {d["id"]: d for d in json.loads(js.read_text())}
    so = data["MO-001"]["second_opinion"]
    assert so["counts"]["agree"] == len(so["checks"]) and so["counts"]["disagree"] == 0
    assert data["MO-203"]["second_opinion"]["summary"] == "cvc5: no proof queries"
    text = out.getvalue()
    assert "cvc5" in text and "agree" in text and "cvc5 second opinion:" in text


def test_second_opinion_is_off_by_default(tmp_path):
    js = tmp_path / "r.json"
    assert main(["prove", "--only", "MO-101", "--json", str(js)], out=io.StringIO()) == 0
    assert json.loads(js.read_text())[0]["second_opinion"] is None


def test_cli_exits_1_when_cvc5_disagrees(monkeypatch):
    from metricoracle.proofs import _prove

    def fake(queries, **_):
        from metricoracle.proofs._second_opinion import Check, SecondOpinion

        return SecondOpinion("checked", [Check("q", "unsat", "sat", "disagree")])

    monkeypatch.setattr(_prove, "second_opinion", fake)
    out = io.StringIO()
    assert main(["prove", "--only", "MO-101", "--second-opinion"], out=out) == 1
    assert "DISAGREE" in out.getvalue()


def test_importing_proofs_does_not_load_cvc5():
    code = "import sys, metricoracle.proofs; print('cvc5' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
