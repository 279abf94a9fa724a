"""scikit-learn: the spec's own API, so the adapter passes the spec-equivalent call through.

Read against scikit-learn 1.9.1 (``sklearn/metrics/_classification.py``, ``_ranking.py``).
Only hard labels (and class scores for ``top_k_accuracy_score``) are supported: scikit-learn
has no thresholding, ``ignore_index`` or multidimensional inputs.
"""

from __future__ import annotations

from typing import Any, ClassVar

import sklearn.metrics

from metricoracle.oracle._query import InputKind, Query
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported


class SklearnAdapter:
    """``sklearn.metrics.<metric>(*args, **kwargs)`` with the query's spec call."""

    name: ClassVar[str] = "sklearn"
    version: ClassVar[str] = sklearn.__version__

    def support(self, query: Query) -> Support:
        if not hasattr(sklearn.metrics, query.metric):
            return Unsupported(f"scikit-learn has no {query.metric}")
        if query.metric == "top_k_accuracy_score":
            return SUPPORTED
        if query.kind is not InputKind.LABELS:
            return Unsupported(f"{query.kind.value} input (scikit-learn takes hard labels)")
        if query.ignore_index is not None:
            return Unsupported("ignore_index")
        if query.shape is not None:
            return Unsupported("multidimensional input")
        return SUPPORTED

    def run(self, query: Query) -> Any:
        name, args, kwargs = query.spec_call()
        return getattr(sklearn.metrics, name)(*args, **kwargs)
