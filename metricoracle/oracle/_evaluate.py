"""One case against one adapter: spec call, library call (with a deadline), verdict, category.

Nothing here knows a library by name: an adapter is an object with ``support`` and
``run``, and known convention differences come from :mod:`._divergences` as data.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from metricoracle.oracle._compare import DEFAULT_POLICY, Policy, Verdict, compare
from metricoracle.oracle._divergences import KNOWN, Divergence, explain
from metricoracle.oracle._query import Query
from metricoracle.oracle._results import Category
from metricoracle.oracle.adapters._outcome import (
    Fault,
    GarbageError,
    Outcome,
    Raised,
    Value,
    normalise,
)


class CaseTimeout(BaseException):
    """Raised inside a call that outlived its per-case deadline."""


class deadline:  # noqa: N801 - used like a function: ``with deadline(seconds):``
    """Interrupt the body after ``seconds`` (SIGALRM; main thread only, else no limit).

    A class rather than a ``@contextmanager`` generator: it runs once per library call.
    """

    __slots__ = ("previous", "seconds")

    def __init__(self, seconds: float) -> None:
        active = seconds > 0 and threading.current_thread() is threading.main_thread()
        self.seconds = seconds if active else 0.0
        self.previous: Any = None

    def __enter__(self) -> None:
        if self.seconds:
            # inside alarm_handler() the handler is already ours: only arm the timer
            if signal.getsignal(signal.SIGALRM) is not _alarm:
                self.previous = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if self.previous is not None:
                signal.signal(signal.SIGALRM, self.previous)


@contextlib.contextmanager
def alarm_handler() -> Iterator[None]:
    """Install the timeout handler once for a whole run (each :class:`deadline` then only
    arms and disarms the timer: installing a handler per library call cost ~15 µs)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        yield
    finally:
        signal.signal(signal.SIGALRM, previous)


_ADAPTERS_DIR = os.path.join(os.path.dirname(__file__), "adapters") + os.sep
_FORWARDERS = {os.path.join(_ADAPTERS_DIR, "_function.py")}  # only calls the user's function


def _raised_by_adapter(exc: BaseException) -> bool:
    """Whether the innermost frame of ``exc`` is a built-in adapter's own code (a KeyError
    in its lookup, an IndexError in its encoding), not the library it calls."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    filename = tb.tb_frame.f_code.co_filename
    return filename.startswith(_ADAPTERS_DIR) and filename not in _FORWARDERS


def _alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout


@dataclass(frozen=True, slots=True)
class Judgement:
    """Everything known about one (case, adapter) pair."""

    category: Category
    detail: str
    spec: Outcome | None = None
    library: Outcome | None = None
    verdict: Verdict | None = None
    divergence: Divergence | None = None


class Evaluator:
    """Evaluates queries against the spec and adapters under one policy.

    Args:
        spec: the module with the exact functions (normally :mod:`metricoracle.spec`).
        policy: the comparison policy.
        timeout: seconds allowed per library call (0: no limit).
        divergences: the known convention differences.
    """

    def __init__(
        self,
        spec: ModuleType | Any,
        *,
        policy: Policy = DEFAULT_POLICY,
        timeout: float = 10.0,
        divergences: Sequence[Divergence] = KNOWN,
    ) -> None:
        self.spec = spec
        self.policy = policy
        self.timeout = timeout
        self.divergences = tuple(divergences)
        self._by_adapter: dict[str, tuple[Divergence, ...]] = {}
        for record in self.divergences:  # a mismatch only scans its adapter's records
            self._by_adapter[record.adapter] = (*self._by_adapter.get(record.adapter, ()),
                                                record)

    def spec_outcome(self, query: Query) -> Outcome:
        name, args, kwargs = query.spec_call()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return Value(getattr(self.spec, name)(*args, **kwargs), "exact")
        except Exception as exc:  # the spec raising is an outcome (both-raise is agreement)
            return Raised.from_exception(exc)

    def library_outcome(self, adapter: Any, query: Query) -> Outcome:
        try:
            with warnings.catch_warnings(), deadline(self.timeout):
                warnings.simplefilter("ignore")
                raw = adapter.run(query)
            return normalise(raw)
        except CaseTimeout:
            return Fault("timeout", f"no answer within {self.timeout:g} s")
        except GarbageError as exc:
            return Fault("garbage", str(exc))
        except SystemExit as exc:  # a library must not end the run (KeyboardInterrupt still does)
            return Fault("exit", f"called sys.exit({exc.code!r})")
        except Exception as exc:  # a library error is an outcome, compared with the spec's
            if _raised_by_adapter(exc):  # ... but not a bug in the adapter's own translation
                return Fault("adapter", f"the adapter's own code raised {type(exc).__name__}: "
                                        f"{str(exc).splitlines()[0] if str(exc) else ''}"[:300])
            return Raised.from_exception(exc)

    def judge(
        self, name: str, adapter: Any, query: Query, spec: Outcome | None = None,
        support: Any = None,
    ) -> Judgement:
        """Categorise ``adapter`` (reported as ``name``) on ``query`` (``support``: the
        adapter's answer for this query when the caller already asked)."""
        if support is None:
            try:
                support = adapter.support(query)
            except Exception as exc:  # a broken support() is the adapter's fault, not a crash
                return Judgement(Category.UNEXPLAINED, f"support() raised {exc!r}")
        if not support:
            return Judgement(Category.UNSUPPORTED, getattr(support, "reason", "unsupported"))
        spec = self.spec_outcome(query) if spec is None else spec
        library = self.library_outcome(adapter, query)
        if isinstance(library, Fault):
            return Judgement(
                Category.UNEXPLAINED, f"{library.kind}: {library.message}", spec, library
            )
        verdict = compare(spec, library, self.policy)
        if verdict.agrees:
            return Judgement(Category.AGREE, verdict.detail, spec, library, verdict)
        # An adapter may declare whose conventions it follows (a callable wrapping sklearn).
        records = getattr(adapter, "conventions", None) or name
        known = explain(self._by_adapter.get(records, ()), records, query, library, self)
        if known is not None:
            return Judgement(Category.DOCUMENTED, verdict.detail, spec, library, verdict, known)
        return Judgement(Category.UNEXPLAINED, verdict.detail, spec, library, verdict)
