"""FunctionAdapter: any scikit-learn-shaped callable becomes an adapter.

Like httpx's ``MockTransport``, it lets the oracle check a plain function, including the
one a team wants to gate in CI, and lets the oracle's own tests run with no third-party
library installed.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Collection
from typing import Any, ClassVar

from metricoracle.errors import RegistryError
from metricoracle.oracle._query import InputKind, Query
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported, Value


class FunctionAdapter:
    """Calls ``fn(y_true, y_pred, **kwargs)`` with the query's spec-equivalent call.

    Args:
        fn: the callable under test, with scikit-learn's signature.
        metric: the spec metric ``fn`` implements (None: any metric, the query decides).
        name: the adapter's name in reports.
        accepts: the keyword arguments ``fn`` takes (None: whatever the spec call passes).
        conventions: whose documented divergences explain a difference: ``"sklearn"``
            holds ``fn`` to scikit-learn's conventions (a faithful wrapper of
            ``sklearn.metrics`` passes); None (the default here) to the spec's answers.
        dtype: the float type ``fn`` computes in, when its answer does not say so (a
            Python float from a float32 computation): ``"float32"`` gets float32 tolerance.
    """

    name: ClassVar[str] = "function"

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        metric: str | None = None,
        name: str | None = None,
        accepts: Collection[str] | None = None,
        conventions: str | None = None,
        dtype: str | None = None,
    ) -> None:
        self.fn = fn
        self.metric = metric
        self.conventions = conventions
        self.dtype = dtype
        self.accepts = None if accepts is None else frozenset(accepts)
        self.label = name or f"{getattr(fn, '__module__', '?')}:{getattr(fn, '__qualname__', fn)!s}"

    @classmethod
    def from_target(
        cls, target: str, *, metric: str | None = None, conventions: str | None = "sklearn"
    ) -> FunctionAdapter:
        """Load ``package.module:function`` (the adapter is named after the target).

        The current directory is searched first, as ``python -m`` does, so a team's own
        module is found from a console script.  A module that cannot be imported is a
        usage error (RegistryError), not a skipped optional library: a typo must not pass
        a CI gate.
        """
        module_name, _, attr = target.partition(":")
        if not module_name or not attr or not all(
            part.isidentifier() for part in (*module_name.split("."), *attr.split("."))
        ):
            raise RegistryError(
                f"adapter={target!r} is not 'package.module:function'"
            )
        if "" not in sys.path and os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        try:
            obj: Any = importlib.import_module(module_name)
        except ImportError as exc:
            raise RegistryError(f"adapter={target!r}: cannot import {module_name!r}: {exc}") from exc
        try:
            for part in attr.split("."):
                obj = getattr(obj, part)
        except AttributeError:
            raise RegistryError(
                f"adapter={target!r}: module {module_name!r} has no {attr!r}"
            ) from None
        if not callable(obj):
            raise RegistryError(f"adapter={target!r}: {attr!r} is not callable")
        return cls(obj, metric=metric, name=target, conventions=conventions)

    def support(self, query: Query) -> Support:
        if self.metric is not None and query.metric != self.metric:
            return Unsupported(f"this function implements {self.metric}")
        if query.kind is not InputKind.LABELS and query.metric != "top_k_accuracy_score":
            return Unsupported("takes hard labels")
        if self.accepts is not None:
            _, _, kwargs = query.spec_call()
            extra = sorted(set(kwargs) - self.accepts)
            if extra:
                return Unsupported(f"takes no {', '.join(extra)}")
        return SUPPORTED

    def run(self, query: Query) -> Any:
        _, args, kwargs = query.spec_call()
        result = self.fn(*args, **kwargs)
        return result if self.dtype is None else Value(result, self.dtype)
