"""Usage errors of the command line: one ``metricoracle <cmd>: error: ...`` line on stderr
and exit code 2, never a traceback (through metricoracle.cli.main, no subprocess)."""

from __future__ import annotations

import io
import json

import pytest

from metricoracle._cli._common import CommandError, write_report
from metricoracle._cli.check import _Bar
from metricoracle.cli import main

T = "_faulty:accuracy_right"
CHECK = ("check", T, "--metrics", "accuracy_score", "--examples", "3", "--quiet")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def usage_error(capsys: pytest.CaptureFixture[str], command: str, *argv: str) -> str:
    """Run ``metricoracle command *argv``, assert exit 2 and a clean error; its message."""
    code, _ = run(command, *argv)
    captured = capsys.readouterr()
    assert code == 2, captured
    assert "Traceback" not in captured.err
    last = captured.err.strip().splitlines()[-1]
    assert last.startswith(f"metricoracle {command}: error: "), captured.err
    return last


# 1. unwritable report files -------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    (*CHECK, "--json"),
    (*CHECK, "--markdown"),
    (*CHECK, "--html"),
    ("prove", "--only", "MO-001", "--max-classes", "2", "--json"),
    ("prove", "--only", "MO-001", "--max-classes", "2", "--markdown"),
    ("selftest", "--only", "SW01", "--no-proofs", "--examples", "1", "--json"),
    ("selftest", "--only", "SW01", "--no-proofs", "--examples", "1", "--markdown"),
    ("consistency", "--score", "acc=0.5", "--p", "5", "--n", "5", "--json"),
    ("consistency", "--score", "acc=0.5", "--p", "5", "--n", "5", "--markdown"),
])
def test_unwritable_report_is_a_usage_error(argv, tmp_path, capsys):
    if argv[0] == "prove":
        pytest.importorskip("z3")
    message = usage_error(capsys, *argv, str(tmp_path / "missing" / "report"))
    assert "cannot write" in message and "missing" in message


def test_write_report_turns_os_errors_into_usage_errors(tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        write_report(tmp_path, "a directory is not a file")


# 2. diff of a file that is not a snapshot -----------------------------------------------

@pytest.mark.parametrize(("content", "expected"), [
    ("[]", "JSON object"),
    ('{"adapter": "sklearn"}', "missing key(s) cases"),
    ('{"adapter": "sklearn", "cases": 3}', "'cases' must be a list"),
    ('{"adapter": "sklearn", "cases": [{"query": {}, "answer": 1}]}',
     "cases[0].query: missing key(s) metric, task"),
    ("{not json", "not JSON"),
])
def test_diff_of_a_wrongly_shaped_file(content, expected, tmp_path, capsys):
    golden = tmp_path / "bad.json"
    golden.write_text(content)
    message = usage_error(capsys, "diff", str(golden))
    assert str(golden) in message and expected in message


# 3. malformed consistency tables --------------------------------------------------------

@pytest.mark.parametrize(("name", "content", "expected"), [
    ("bad.csv", "p,n,acc\n5,5,0.5\nabc,5,0.5\n", "row 2: p='abc' is not an integer"),
    ("bad.csv", "p,n,acc\n-1,5,0.5\n", "row 1: p=-1 must be >= 0"),
    ("bad.json", "[{", "cannot be parsed"),
    ("bad.csv", "p,n,acc\n", "no rows"),
    ("bad.csv", "p,n\n5,5\n", "row 1: no scores"),
    ("bad.csv", "p,n,acc,rounding\n5,5,0.5,bogus\n", "row 1: rounding='bogus' is not one of"),
    ("bad.csv", "p,n,supports,acc\n5,5,\"2,3\",0.5\n", "row 1: conflicting setups"),
])
def test_consistency_file_errors_name_file_row_and_field(name, content, expected, tmp_path,
                                                         capsys):
    table = tmp_path / name
    table.write_text(content)
    message = usage_error(capsys, "consistency", "--file", str(table))
    assert str(table) in message and expected in message


def test_consistency_malformed_yaml(tmp_path, capsys):
    pytest.importorskip("yaml")
    table = tmp_path / "bad.yaml"
    table.write_text("- p: [1, 2\n")
    message = usage_error(capsys, "consistency", "--file", str(table))
    assert str(table) in message and "cannot be parsed" in message and "line" in message


# 4. unknown theorem ids -----------------------------------------------------------------

def test_prove_unknown_id_is_a_usage_error_listing_valid_ids(capsys):
    pytest.importorskip("z3")
    message = usage_error(capsys, "prove", "--only", "MO-999")
    assert "MO-999" in message and "MO-001" in message


def test_prove_ids_are_case_insensitive():
    pytest.importorskip("z3")
    code, text = run("prove", "--only", "mo-001", "--max-classes", "2")
    assert code == 0 and "1/1 as expected" in text


# 5. consistency options -----------------------------------------------------------------

SCORE = ("--score", "acc=0.5")


@pytest.mark.parametrize(("argv", "expected"), [
    ((*SCORE, "--supports", "3,4,5", "--p", "3", "--n", "3"), "conflicting setups"),
    ((*SCORE, "--p", "3", "--n", "3", "--aggregation", "bogus"), "--aggregation"),
    (("--score", "f1_macro=0.5", "--supports", "3,4,5", "--macro-f1", "bogus"),
     "argument --macro-f1: invalid choice: 'bogus' (choose from 'mean-of-f1', 'f1-of-means')"),
    ((*SCORE, "--p", "3", "--n", "3", "--rlimit", "-5"), "--rlimit: must be >= 1"),
    ((*SCORE, "--p", "3", "--n", "3", "--max-nodes", "0"), "--max-nodes: must be >= 1"),
    ((*SCORE, "--p", "-5", "--n", "5"), "--p: must be >= 0"),
])
def test_consistency_bad_options(argv, expected, capsys):
    message = usage_error(capsys, "consistency", *argv)
    assert expected in message
    assert "MacroF1" not in message


def test_consistency_aliases_still_accepted():
    code, _ = run("consistency", "--score", "acc=0.5", "--p", "5", "--n", "5",
                  "--rounding", "bankers", "--aggregation", "mos")
    assert code == 0


def test_consistency_help_shows_budget_defaults(capsys):
    assert run("consistency", "--help")[0] == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(default 3000000)" in text and "(default 300)" in text


# 6. closed pipe -------------------------------------------------------------------------

class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_broken_pipe_exits_quietly(capsys):
    assert main(["demo"], out=_ClosedPipe()) == 141
    assert capsys.readouterr().err == ""


# 7. top-level help ----------------------------------------------------------------------

def test_top_level_help_is_plain_and_lists_every_command(capsys):
    assert main(["--help"], out=io.StringIO()) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "``" not in text
    for command in ("demo", "audit", "prove", "check", "snapshot", "diff", "consistency",
                    "selftest"):
        assert command in text.split("positional arguments")[0]


# 8. a subcommand's argparse error shows the subcommand's usage ---------------------------

@pytest.mark.parametrize("argv", [("consistency", "--p", "x"), ("check", "--examples")])
def test_argparse_errors_show_the_subcommand_usage(argv, capsys):
    assert run(*argv)[0] == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: metricoracle {argv[0]} ")
    assert err.splitlines()[-1].startswith(f"metricoracle {argv[0]}: error: argument ")


# 9. one error style, naming only the bad option -----------------------------------------

def test_prove_max_classes_error_goes_to_stderr(capsys):
    code, out = run("prove", "--max-classes", "0")
    assert code == 2 and out == ""
    assert "metricoracle prove: error: argument --max-classes" in capsys.readouterr().err


def test_selftest_examples_error_has_the_prefix(capsys):
    assert "--examples" in usage_error(capsys, "selftest", "--examples", "-1")


def test_check_names_only_the_bad_option(capsys):
    message = usage_error(capsys, "check", "--examples", "-5")
    assert "--examples" in message and "--jobs" not in message and "--timeout" not in message


# 10. --replay with a JSON value that is not a query --------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("{}", "missing key(s) metric, task, y_true, y_pred"),
    ("[]", "expected a JSON object"),
    ('{"metric": "accuracy_score", "task": "binary", "y_true": [1], "y_pred": [1], "x": 1}',
     "unknown key(s) x"),
])
def test_replay_names_the_problem(query, expected, capsys):
    assert expected in usage_error(capsys, "check", T, "--replay", query)


# 11. gates that check nothing -----------------------------------------------------------

def test_check_needs_at_least_one_example(capsys):
    assert "--examples: must be >= 1" in usage_error(capsys, "check", T, "--examples", "0")


def test_check_counts_a_repeated_adapter_once(tmp_path):
    report = tmp_path / "r.json"
    code, _ = run("check", T, T, "--metrics", "accuracy_score", "--examples", "3", "--quiet",
                  "--json", str(report))
    data = json.loads(report.read_text())
    assert code == 0 and data["adapters"] == [T]
    assert sum(data["totals"].values()) == 3


# 12. an adapter swallowed by --metrics --------------------------------------------------

def test_adapter_after_metrics_gets_a_hint(capsys):
    message = usage_error(capsys, "check", "--metrics", "f1_score", "sklearn")
    assert "'sklearn' is an adapter" in message and "before --metrics" in message


# 13. progress without a terminal --------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_prints_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    bar = _Bar(stream)
    for done in range(101):
        bar(done, 100)
    assert "\r" not in stream.getvalue()
    assert stream.getvalue().splitlines() == ["25/100 cases", "50/100 cases", "75/100 cases",
                                              "100/100 cases"]


def test_progress_bar_redraws_on_a_terminal():
    stream = _Terminal()
    bar = _Bar(stream)
    bar(1, 2)
    bar(2, 2)
    assert stream.getvalue().startswith("\r[") and stream.getvalue().endswith("2/2 cases\n")


# 14. where cvc5 comes from --------------------------------------------------------------

def test_prove_help_names_the_proofs_extra(capsys):
    assert run("prove", "--help")[0] == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(cvc5, installed with the proofs extra)" in text and "pip install cvc5" not in text


def test_an_internal_error_is_not_exit_1(monkeypatch, capsys) -> None:
    import io

    from metricoracle import cli
    from metricoracle._cli import demo

    def boom(args, out):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(demo, "run", boom)
    assert cli.main(["demo"], out=io.StringIO()) == cli.INTERNAL_ERROR_EXIT
    assert "internal error (ZeroDivisionError)" in capsys.readouterr().err
