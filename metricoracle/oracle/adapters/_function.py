"""FunctionAdapter: any scikit-learn-shaped callable becomes an adapter.

Like httpx's ``MockTransport``, it lets the oracle check a plain function, including the
one a team wants to gate in CI, and lets the oracle's own tests run with no third-party
library installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from typing import Any, ClassVar

from metricoracle.errors import AdapterUnavailable, RegistryError
from metricoracle.oracle._query import InputKind, Query
from metricoracle.oracle.adapters._outcome import SUPPORTED, Support, Unsupported


class FunctionAdapter:
    """Calls ``fn(y_true, y_pred, **kwargs)`` with the query's spec-equivalent call.

    Args:
        fn: the callable under test, with scikit-learn's signature.
        metric: the spec metric ``fn`` implements (None: any metric, the query decides).
        name: the adapter's name in reports.
        accepts: the keyword arguments ``fn`` takes (None: whatever the spec call passes).
    """

    name: ClassVar[str] = "function"

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        metric: str | None = None,
        name: str | None = None,
        accepts: Collection[str] | None = None,
    ) -> None:
        self.fn = fn
        self.metric = metric
        self.accepts = None if accepts is None else frozenset(accepts)
        self.label = name or f"{getattr(fn, '__module__', '?')}:{getattr(fn, '__qualname__', fn)!s}"

    @classmethod
    def from_target(cls, target: str, *, metric: str | None = None) -> FunctionAdapter:
        """Load ``package.module:function`` (the adapter is named after the target)."""
        module_name, _, attr = target.partition(":")
        try:
            fn = getattr(importlib.import_module(module_name), attr)
        except ImportError as exc:
            raise AdapterUnavailable(target, reason=str(exc)) from exc
        except AttributeError:
            raise RegistryError(
                f"adapter={target!r}: module {module_name!r} has no {attr!r}"
            ) from None
        return cls(fn, metric=metric, name=target)

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
        return self.fn(*args, **kwargs)
