"""The exact completion (:mod:`metricoracle.consistency._complete`): its joins only pick
integer points, every result is replayed, and what it returns satisfies the constraints
it was asked for (checked here against plain integer arithmetic, not the engine)."""

from __future__ import annotations

import numpy as np

from metricoracle.consistency._complete import _join, distance, excess
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
