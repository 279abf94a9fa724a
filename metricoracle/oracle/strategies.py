"""Public hypothesis strategies for classification data and oracle queries.

The data strategies draw ``(true, pred)`` pairs and unzip them, so the two arrays always
have equal lengths; nothing is filtered and nothing is assumed.  :func:`queries` drives
the same recipe the runner uses (:mod:`metricoracle.oracle._recipe`), so a property test
explores the same space, with hypothesis' shrinking.

>>> from hypothesis import given
>>> from metricoracle.oracle import strategies
>>> @given(strategies.binary_pairs())
... def test_lengths(pair):
...     assert len(pair[0]) == len(pair[1])
>>> test_lengths()
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from metricoracle.oracle import _recipe
from metricoracle.oracle._query import METRICS, Query

T = TypeVar("T")


class _HypothesisChooser:
    """The recipe's :class:`~metricoracle.oracle._recipe.Chooser` over hypothesis' ``draw``."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(min_value=lo, max_value=hi))

    def choice(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(list(options)))

    def pairs(
        self, left: Sequence[Any], right: Sequence[Any], lo: int, hi: int
    ) -> list[tuple[Any, Any]]:
        element = st.tuples(st.sampled_from(list(left)), st.sampled_from(list(right)))
        return self.draw(st.lists(element, min_size=lo, max_size=hi))

    def fixed_list(self, options: Sequence[T], n: int) -> list[T]:
        return self.draw(st.lists(st.sampled_from(list(options)), min_size=n, max_size=n))


def _unzip(pairs: list[tuple[Any, Any]]) -> tuple[list[Any], list[Any]]:
    return [t for t, _ in pairs], [p for _, p in pairs]


@st.composite
def binary_pairs(
    draw: st.DrawFn, *, strings: bool | None = None, max_samples: int = _recipe.MAX_SAMPLES
) -> tuple[list[Any], list[Any]]:
    """``(y_true, y_pred)`` binary labels (0/1 or 'neg'/'pos'): one class only, all right/wrong."""
    use_strings = draw(st.booleans()) if strings is None else strings
    classes = ("neg", "pos") if use_strings else (0, 1)
    return _recipe.single_label_pairs(_HypothesisChooser(draw), classes, max_samples)


@st.composite
def multiclass_pairs(
    draw: st.DrawFn,
    *,
    max_classes: int = 5,
    strings: bool | None = None,
    max_samples: int = _recipe.MAX_SAMPLES,
) -> tuple[list[Any], list[Any]]:
    """``(y_true, y_pred)`` over 3..max_classes labels, some possibly absent."""
    k = draw(st.integers(min_value=3, max_value=max_classes))
    use_strings = draw(st.booleans()) if strings is None else strings
    classes = tuple(_recipe.LETTERS[:k]) if use_strings else tuple(range(k))
    return _recipe.single_label_pairs(_HypothesisChooser(draw), classes, max_samples)


@st.composite
def multilabel_pairs(
    draw: st.DrawFn, *, max_labels: int = 4, max_samples: int = _recipe.MAX_SAMPLES
) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """``(y_true, y_pred)`` 0/1 rows with 2..max_labels columns; a column may be all 0."""
    n_labels = draw(st.integers(min_value=2, max_value=max_labels))
    return _recipe.multilabel_pairs(_HypothesisChooser(draw), n_labels, max_samples)


@st.composite
def sample_weights(draw: st.DrawFn, n: int) -> list[float] | None:
    """None, integer weights or fractional weights (zeros included), of length ``n``."""
    return _recipe.sample_weights(_HypothesisChooser(draw), n)


@st.composite
def queries(draw: st.DrawFn, metrics: Sequence[str] | None = None) -> Query:
    """Oracle queries: metric, parameters, input kind and data (see :class:`Query`)."""
    return _recipe.draw_query(_HypothesisChooser(draw), list(metrics or METRICS))


__all__ = ["binary_pairs", "multiclass_pairs", "multilabel_pairs", "queries", "sample_weights"]
