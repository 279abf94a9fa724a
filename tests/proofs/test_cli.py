"""``metricoracle prove`` end to end (one fast theorem)."""

from __future__ import annotations

import io
import json

import pytest

pytest.importorskip("z3")

from metricoracle.cli import main


def test_prove_writes_json_and_markdown(tmp_path):
    out = io.StringIO()
    js, md = tmp_path / "r.json", tmp_path / "r.md"
    code = main(["prove", "--only", "MO-001", "--only", "MO-203", "--max-classes", "3",
                 "--json", str(js), "--markdown", str(md)], out=out)
    assert code == 0, out.getvalue()
    data = json.loads(js.read_text())
    assert [d["id"] for d in data] == ["MO-001", "MO-203"]
    assert data[0]["status"] == "proved_all_n" and data[1]["status"] == "refuted"
    assert "proved for all n" in out.getvalue()
    assert md.read_text().startswith("| id |")
