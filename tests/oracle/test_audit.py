"""The audit's exit code: library findings are its result, the tool's own failures are not."""

from __future__ import annotations

import argparse
import importlib.machinery
import io
import sys
import types

import pytest

from metricoracle._cli import audit


def _step(code: int) -> types.ModuleType:
    module = types.ModuleType(f"fake_step_{code}")
    module.__spec__ = importlib.machinery.ModuleSpec(module.__name__, None)
    module.add_arguments = lambda parser: None  # type: ignore[attr-defined]
    module.run = lambda args, out: code  # type: ignore[attr-defined]
    return module


@pytest.mark.parametrize(("prove", "check", "expected"),
                         [(0, 0, 0), (0, 1, 0), (1, 0, 1), (1, 1, 1), (0, 2, 2)])
def test_exit_code(monkeypatch, prove: int, check: int, expected: int) -> None:
    for name, code in (("fake_prove", prove), ("fake_check", check)):
        monkeypatch.setitem(sys.modules, name, _step(code))
    monkeypatch.setattr(audit, "STEPS", (("prove", "fake_prove", ()), ("check", "fake_check", ())))
    out = io.StringIO()
    assert audit.run(argparse.Namespace(skip=[]), out=out) == expected
    assert ("findings, not a failure" in out.getvalue()) == (check == 1)
