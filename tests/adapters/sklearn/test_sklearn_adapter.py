"""The sklearn adapter(s): a short seeded check runs, compares cases and stays explained."""

import pytest

pytest.importorskip("sklearn")

from metricoracle.oracle import Category, run_check

ADAPTERS = ["sklearn"]


@pytest.mark.parametrize("name", ADAPTERS)
def test_short_check_compares_cases(name):
    report = run_check([name], examples=120, seed=11, shrink=False)
    assert not report.skipped
    compared = report.total(Category.AGREE) + report.total(Category.DOCUMENTED)
    assert compared > 0
