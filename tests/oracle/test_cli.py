"""CLI exit codes through metricoracle.cli.main (no subprocess)."""

import io
import json

from metricoracle.cli import main

T = "_faulty"


def run(*argv):
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_agreement_exits_0_and_prints_the_table(tmp_path):
    code, text = run(
        "check",
        f"{T}:accuracy_right",
        "--metrics",
        "accuracy_score",
        "--examples",
        "20",
        "--quiet",
        "--json",
        str(tmp_path / "r.json"),
        "--html",
        str(tmp_path / "r.html"),
        "--markdown",
        str(tmp_path / "r.md"),
    )
    assert code == 0 and "agree" in text
    assert json.loads((tmp_path / "r.json").read_text())["totals"]["unexplained"] == 0
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")


def test_unexplained_exits_1_and_replay_reproduces_it():
    code, text = run(
        "check",
        f"{T}:accuracy_off_by_one",
        "--metrics",
        "accuracy_score",
        "--examples",
        "20",
        "--quiet",
    )
    assert code == 1
    replay = (
        next(line for line in text.splitlines() if "replay:" in line).split("replay:", 1)[1].strip()
    )
    query = replay.split("--replay '", 1)[1].rstrip("'")
    code, text = run("check", f"{T}:accuracy_off_by_one", "--replay", query)
    assert code == 1 and text.startswith("unexplained")


def test_bad_arguments_exit_2(capsys):
    assert run("check", "no-such-adapter", "--quiet")[0] == 2
    assert run("check", "sklearn", "--examples", "-3")[0] == 2
    assert run("check", "sklearn", "--metrics", "nonsense", "--quiet")[0] == 2
    assert run("check", "--jobs", "zero")[0] == 2
    assert run("check", "sklearn", "--replay", "{not json")[0] == 2
    assert "error" in capsys.readouterr().err


def test_snapshot_then_diff(tmp_path):
    code, text = run("snapshot", "sklearn", "--size", "30")
    assert code == 0
    golden = tmp_path / "golden.json"
    golden.write_text(text)
    assert run("diff", str(golden))[0] == 0
    data = json.loads(text)
    data["cases"][0]["answer"] = {"value": 123.0, "dtype": "float64"}
    golden.write_text(json.dumps(data))
    code, text = run("diff", str(golden))
    assert code == 1 and "1 of" in text
