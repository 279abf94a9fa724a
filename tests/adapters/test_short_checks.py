"""Every built-in library adapter: a short seeded check runs and compares cases.

Each adapter is skipped when its library is not installed; library-specific behaviour
is tested in the folder named after the library.
"""

from __future__ import annotations

import os

import pytest

from metricoracle.oracle import Category, run_check

# adapter name -> the library it needs
ADAPTERS = {
    "sklearn": "sklearn",
    "torchmetrics": "torchmetrics",
    "torchmetrics-stateful": "torchmetrics",
    "torcheval": "torcheval",
    "torcheval-stateful": "torcheval",
    "pycm": "pycm",
    "ignite": "ignite",
    "keras": "keras",
}


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_short_check_compares_cases(name):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    pytest.importorskip(ADAPTERS[name])
    report = run_check([name], examples=120, seed=11, shrink=False)
    assert not report.skipped
    assert report.total(Category.AGREE) + report.total(Category.DOCUMENTED) > 0
