"""Comparison of an exact spec result with a library's floats, under a stated policy.

A library value ``x`` matches an exact value ``e`` when

    |x - e| <= max(ulps · ulp_dtype(e), rel · |e|, abs)

computed exactly (``Fraction``), where ``ulp_dtype`` is the unit in the last place in the
library's own floating-point type: float32 results are judged in float32 ULPs.  NaN
matches only NaN, ±inf only itself.  Errors: both raise → agree; one raises → mismatch
(:class:`ErrorPolicy` names how strictly).  Every :class:`Verdict` carries its policy.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.oracle.adapters._outcome import Outcome, Raised, Value


class ErrorPolicy(StrEnum):
    """How two failures must agree (CrossHair's exception equivalence, simplified)."""

    ANY = "both-raise"  # any exception on both sides is agreement
    SAME_KIND = "same-kind"  # ValueError vs TypeError must agree as well


@dataclass(frozen=True, slots=True)
class Tolerance:
    """The numeric tolerance for one floating-point type."""

    dtype: str
    ulps: int
    rel: float
    abs: float

    def describe(self) -> str:
        return f"{self.dtype}: {self.ulps} ulp | rel {self.rel:g} | abs {self.abs:g}"


@dataclass(frozen=True, slots=True)
class Policy:
    """The full comparison policy: a tolerance per dtype and an error policy."""

    float64: Tolerance = Tolerance("float64", ulps=4, rel=1e-12, abs=64 * 2.0**-52)
    float32: Tolerance = Tolerance("float32", ulps=4, rel=1e-5, abs=64 * 2.0**-23)
    # half precision: 4 ulp (steps of 2**-10 and 2**-7 at 1.0) relative, 1 ulp near 0
    float16: Tolerance = Tolerance("float16", ulps=4, rel=4 * 2.0**-10, abs=2.0**-10)
    bfloat16: Tolerance = Tolerance("bfloat16", ulps=4, rel=4 * 2.0**-7, abs=2.0**-7)
    errors: ErrorPolicy = ErrorPolicy.ANY

    def tolerance(self, dtype: str) -> Tolerance:
        return {"float32": self.float32, "float16": self.float16,
                "bfloat16": self.bfloat16}.get(dtype, self.float64)


DEFAULT_POLICY = Policy()


class Status(StrEnum):
    AGREE = "agree"
    MISMATCH = "mismatch"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of one comparison: status, a one-line reason and the policy applied."""

    status: Status
    detail: str
    policy: str

    @property
    def agrees(self) -> bool:
        return self.status is Status.AGREE


_fraction = functools.lru_cache(maxsize=64)(Fraction)  # the policies' few constants
_described = functools.lru_cache(maxsize=16)(Tolerance.describe)


def _ulp(value: float, dtype: str) -> Fraction:
    if dtype == "float32":
        return Fraction(float(np.spacing(np.abs(np.float32(value)))))
    if dtype == "float16":
        return Fraction(float(np.spacing(np.abs(np.float16(value)))))
    if dtype == "bfloat16":  # 8 significant bits: the step is 2**(exponent - 7)
        return Fraction(2) ** (math.frexp(value)[1] - 8) if value else Fraction(2) ** -133
    return Fraction(math.ulp(value))


def flatten(value: Any) -> tuple[tuple[int, ...], list[Any]]:
    """``(shape, leaves)`` of a scalar, sequence, tuple-of-results or array."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple):
        if not value:
            return (0,), []
        parts = [flatten(v) for v in value]
        shapes = {s for s, _ in parts}
        # ragged: -1, then each part's rank and shape, so that [[1, 2], [3]] ≠ [[1], [2, 3]]
        inner = parts[0][0] if len(shapes) == 1 else (
            -1, *(d for shape, _ in parts for d in (len(shape), *shape)))
        return (len(value), *inner), [leaf for _, leaves in parts for leaf in leaves]
    return (), [value]


def _exact(leaf: Any) -> Fraction | float | None:
    """An exact rational for the spec's leaf; a float only for NaN/inf; None for None."""
    if leaf is None:
        return None
    if type(leaf) is Fraction:
        return leaf
    if isinstance(leaf, Fraction | int) and not isinstance(leaf, bool):
        return Fraction(leaf)
    if isinstance(leaf, bool):
        return Fraction(int(leaf))
    number = float(leaf)  # objects with a correctly rounded __float__ (e.g. MCC's sqrt)
    if math.isfinite(number):
        return Fraction(number)
    return number


def compare_leaf(expected: Any, actual: Any, tol: Tolerance) -> str | None:
    """None when they match, else the reason."""
    exact = _exact(expected)
    if exact is None or actual is None:
        return (
            None if exact is None and actual is None else f"spec {expected!r} vs library {actual!r}"
        )
    if isinstance(exact, float):  # NaN or inf
        if math.isnan(exact):
            return None if math.isnan(actual) else f"spec NaN vs library {actual!r}"
        return None if actual == exact else f"spec {exact} vs library {actual!r}"
    if not math.isfinite(actual):
        return f"spec {float(exact)!r} vs library {actual!r}"
    if actual == float(exact):
        # the correctly rounded value: |e − fl(e)| ≤ ½ ulp in float64, inside every tolerance
        # (each allows ≥ 1 ulp of the library's dtype), so no exact arithmetic is needed
        return None
    error = abs(Fraction(actual) - exact)
    bound = max(
        tol.ulps * _ulp(float(exact), tol.dtype), _fraction(tol.rel) * abs(exact),
        _fraction(tol.abs)
    )
    if error <= bound:
        return None
    return f"spec {float(exact)!r} vs library {actual!r} (|Δ| = {float(error):.3g} > {float(bound):.3g})"


def compare(spec: Outcome, library: Outcome, policy: Policy = DEFAULT_POLICY) -> Verdict:
    """Compare the spec's outcome with a library's; see the module docstring."""
    if isinstance(spec, Raised) or isinstance(library, Raised):
        return _compare_errors(spec, library, policy)
    assert isinstance(spec, Value) and isinstance(library, Value)
    tol = policy.tolerance(library.dtype)
    where = _described(tol)
    s_shape, s_leaves = flatten(spec.value)
    l_shape, l_leaves = flatten(library.value)
    if s_shape != l_shape:
        return Verdict(Status.MISMATCH, f"shape {l_shape} where the spec has {s_shape}", where)
    for i, (e, a) in enumerate(zip(s_leaves, l_leaves, strict=True)):
        problem = compare_leaf(e, a, tol)
        if problem is not None:
            at = f" at [{i}]" if s_shape else ""
            return Verdict(Status.MISMATCH, problem + at, where)
    return Verdict(Status.AGREE, "equal within tolerance", where)


def _compare_errors(spec: Outcome, library: Outcome, policy: Policy) -> Verdict:
    where = f"errors: {policy.errors.value}"
    if isinstance(spec, Raised) and isinstance(library, Raised):
        if policy.errors is ErrorPolicy.SAME_KIND and spec.kind != library.kind:
            return Verdict(
                Status.MISMATCH, f"spec raised {spec.kind}, library {library.kind}", where
            )
        return Verdict(Status.AGREE, "both raise", where)
    if isinstance(spec, Raised):
        return Verdict(
            Status.MISMATCH,
            f"spec raised {spec.kind} ({clip(spec.message, 100)}); library returned a value",
            where,
        )
    assert isinstance(library, Raised)
    return Verdict(
        Status.MISMATCH, f"library raised {library.kind}: {clip(library.message, 120)}", where
    )


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:(") + "…"


def leaves_as_floats(value: Any) -> Sequence[float | None]:
    """The spec value's leaves as floats (for reports)."""
    return [None if leaf is None else float(leaf) for leaf in flatten(value)[1]]
