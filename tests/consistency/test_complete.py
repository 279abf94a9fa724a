"""The exact completion (:mod:`metricoracle.consistency._complete`): its joins only pick
integer points, every result is replayed, and what it returns satisfies the constraints
it was asked for (checked here against plain integer arithmetic, not the engine)."""

from __future__ import annotations

import numpy as np
import pytest

from metricoracle.consistency import Setup, Status, _complete, check_consistency, parse_score
from metricoracle.consistency._classes import _Front
from metricoracle.consistency._complete import _join, _Table, distance, excess
from metricoracle.consistency._fastclass import Target


def _grids(t: list[int]) -> list[np.ndarray]:
    """One coordinate per class: recall d/t weighted by t/N (so the sum is Σd/N)."""
    total = sum(t)
    out = []
    for tk in t:
        d = np.arange(tk + 1, dtype=float)[:, None] * np.ones((1, total + 1))
        out.append((d / total)[..., None])
    return out


def test_join_keeps_column_sums_hall_and_the_box() -> None:
    t = [10, 20, 30, 40, 50, 60, 70]
    total = sum(t)
    d0 = np.array([8, 15, 25, 30, 40, 50, 60], dtype=np.int64)
    c0 = np.array(t, dtype=np.int64)
    c0[-1] += total - int(c0.sum())
    target = Target([(0, 0.81, 0.82)], [])
    allowed = np.ones(total + 1, dtype=bool)
    got = _join(t, allowed, _grids(t), target, d0, c0, [6, 5, 4, 3], 2, 1.0, 10_000)
    assert got is not None
    d, c, sums = got
    tt = np.array(t)
    for di, ci, si in zip(d, c, sums, strict=True):
        assert int(ci.sum()) == total  # Σc = N exactly
        assert (di >= 0).all() and (di <= tt).all() and (ci >= di).all()
        assert ((tt - di) + (ci - di) <= total - int(di.sum())).all()  # Hall
        assert 0.81 <= int(di.sum()) / total <= 0.82  # the box, from the integers
        assert abs(si[0] - int(di.sum()) / total) < 1e-12
    assert (distance(sums, target) <= 1).all()


def test_excess_is_zero_inside_and_absolute_outside() -> None:
    target = Target([(0, 0.5, 0.6)], [])
    assert excess(np.array([0.55]), target) == 0.0
    assert abs(excess(np.array([0.7]), target) - 0.1) < 1e-12


@pytest.mark.parametrize("dense", [True, False])
def test_table_pairs_are_the_equal_rows(dense: bool) -> None:
    rng = np.random.default_rng(7)
    right = [rng.integers(-3, 4, 300), rng.integers(0, 5, 300)]
    left = [rng.integers(-4, 5, 200), rng.integers(-1, 6, 200)]
    if not dense:  # a third column spanning far more values than the table has rows
        right.append(rng.integers(0, 2, 300) * 10**9)
        left.append(rng.integers(0, 2, 200) * 10**9)
    table = _Table(right)
    assert table.dense is dense
    got_l, got_r = table.pairs(left, 10**6)
    want = {(i, j) for i in range(200) for j in range(300)
            if all(lc[i] == rc[j] for lc, rc in zip(left, right, strict=True))}
    assert set(zip(got_l.tolist(), got_r.tolist(), strict=True)) == want
    assert len(got_l) == len(want) and (np.diff(got_l) >= 0).all()  # in query order
    few_l, few_r = table.pairs(left, 5)
    assert few_l.tolist() == got_l[:5].tolist() and few_r.tolist() == got_r[:5].tolist()


def test_patience_bounds_the_rounds_without_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    # Σd/N in [1.5, 1.6] from the perfect matrix (Σd/N = 1): no join gets nearer
    t = [10, 20, 30, 40, 50, 60, 70]
    d0, c0 = np.array(t, dtype=np.int64), np.array(t, dtype=np.int64)
    target = Target([(0, 1.5, 1.6)], [])
    allowed = np.ones(sum(t) + 1, dtype=bool)
    calls = []

    def counted(*args: object) -> object:
        calls.append(args)
        return _join(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(_complete, "_join", counted)
    for patience, joins in ((2, 2), (5, 5)):
        calls.clear()
        assert not _complete.complete(t, allowed, _grids(t), target, d0, c0,
                                      lambda d, c: True, rounds=30, patience=patience)
        assert len(calls) == joins


def test_macro_pr_report_is_completed_before_duality(monkeypatch: pytest.MonkeyPatch) -> None:
    # Four narrow boxes at once (the 5…350 hand matrix of test_hard_reports, 4 decimals):
    # the early completion, which keeps going while it gets nearer, finds the witness
    # before the (costly) duality pass.
    def no_duality(self: _Front) -> None:
        raise AssertionError("reached the duality pass")

    monkeypatch.setattr(_Front, "reduce", no_duality)
    supports = [5, 8, 12, 20, 35, 60, 100, 160, 250, 350]
    shown = ["f1_macro=0.9013", "f1_weighted=0.7788", "precision_macro=0.9498",
             "recall_macro=0.8809"]
    report = check_consistency([parse_score(s) for s in shown], Setup.multiclass(supports),
                               macro_f1="mean-of-f1", explain=False)
    (verdict,) = report.verdicts
    assert verdict.status is Status.CONSISTENT, verdict.reason
    assert verdict.witness[0].sum(axis=1).tolist() == supports
