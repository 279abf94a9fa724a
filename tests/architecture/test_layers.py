"""Dependency direction and import cost, checked in fresh interpreters.

spec needs only the standard library and numpy; proofs adds z3; oracle adds hypothesis;
each third-party metric library is imported only by its own adapter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["z3", "hypothesis", "torch", "sklearn", "pycm", "torchmetrics", "torcheval",
         "ignite", "keras", "cvc5", "mlscorecheck", "scipy"]


def imported_after(statement: str) -> set[str]:
    code = (f"import sys, json\n{statement}\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return set(json.loads(result.stdout))


@pytest.mark.parametrize("statement", [
    "import metricoracle.spec",
    "import metricoracle.spec.fast",
    "import metricoracle.cli",
    "from metricoracle.cli import build_parser; build_parser(['--help'])",
])
def test_core_imports_nothing_heavy(statement):
    assert not imported_after(statement) & set(HEAVY)


def test_proofs_do_not_import_the_oracle_or_libraries():
    pytest.importorskip("z3")
    loaded = imported_after("import metricoracle.proofs")
    assert not loaded & {"hypothesis", "torch", "sklearn", "pycm", "torchmetrics"}
    assert "metricoracle.oracle" not in imported_after_full("import metricoracle.proofs")


def test_oracle_core_does_not_import_z3_or_libraries():
    pytest.importorskip("hypothesis")
    loaded = imported_after("import metricoracle.oracle")
    assert not loaded & {"z3", "torch", "sklearn", "pycm", "torchmetrics", "torcheval",
                         "ignite", "keras"}


def imported_after_full(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return set(json.loads(result.stdout))


def test_help_is_cheap():
    # median of 3 fresh `metricoracle --help` runs, measured inside the interpreter
    code = ("import time; t = time.perf_counter(); import io; from metricoracle.cli import main; "
            "main(['--help'], out=io.StringIO()); print(time.perf_counter() - t)")
    times = sorted(float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                        text=True, check=True).stdout.split()[-1])
                   for _ in range(3))
    assert times[1] < 0.3, times
