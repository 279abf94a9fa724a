"""The comparison policy, with hand-computed ULP cases."""

import math
from fractions import Fraction

import numpy as np

from metricoracle.oracle import DEFAULT_POLICY, Policy, Tolerance, compare
from metricoracle.oracle._compare import compare_leaf, flatten
from metricoracle.oracle.adapters import Raised, Value

F64 = DEFAULT_POLICY.float64
F32 = DEFAULT_POLICY.float32
TIGHT = Tolerance("float64", ulps=1, rel=0.0, abs=0.0)


def test_one_ulp_is_accepted_and_two_are_not_under_a_one_ulp_policy():
    exact = Fraction(1, 3)
    nearest = float(exact)
    assert compare_leaf(exact, nearest, TIGHT) is None
    assert compare_leaf(exact, math.nextafter(nearest, 1), TIGHT) is None  # within 1 ulp of 1/3
    two_up = math.nextafter(math.nextafter(nearest, 1), 1)
    assert compare_leaf(exact, two_up, TIGHT) is not None


def test_float32_results_are_judged_in_float32_ulps():
    exact = Fraction(1, 3)
    as_f32 = float(np.float32(1 / 3))  # off by ~1e-8: far beyond float64 ulps
    assert compare_leaf(exact, as_f32, TIGHT) is not None
    assert compare_leaf(exact, as_f32, F32) is None
    assert compare(Value(Fraction(1, 3), "exact"), Value(as_f32, "float32")).agrees
    assert not compare(
        Value(Fraction(1, 3), "exact"), Value(as_f32, "float64"), Policy(float64=TIGHT)
    ).agrees


def test_relative_tolerance_and_absolute_floor():
    assert compare_leaf(Fraction(10**6), 10**6 * (1 + 1e-13), F64) is None
    assert compare_leaf(Fraction(10**6), 10**6 * (1 + 1e-10), F64) is not None
    assert compare_leaf(Fraction(0), 1e-16, F64) is None  # cancellation noise at 0
    assert compare_leaf(Fraction(0), 1e-9, F64) is not None


def test_nan_matches_only_nan_and_inf_only_itself():
    assert compare_leaf(float("nan"), float("nan"), F64) is None
    assert compare_leaf(float("nan"), 0.0, F64) is not None
    assert compare_leaf(Fraction(0), float("nan"), F64) is not None
    assert compare_leaf(float("inf"), float("inf"), F64) is None
    assert compare_leaf(Fraction(1), float("inf"), F64) is not None


def test_objects_with_float_are_accepted_as_spec_values():
    class Sqrt:
        def __float__(self) -> float:
            return math.sqrt(2)

    assert compare_leaf(Sqrt(), math.sqrt(2), F64) is None


def test_errors_both_raise_agree_one_raises_mismatch():
    both = compare(Raised("ValueError", "x"), Raised("other:RuntimeError", "y"))
    assert both.agrees and both.policy == "errors: both-raise"
    assert not compare(Raised("ValueError", "x"), Value(1.0)).agrees
    assert not compare(Value(Fraction(1)), Raised("ValueError", "x")).agrees


def test_shapes_must_match_and_every_verdict_names_its_policy():
    verdict = compare(Value([Fraction(1), Fraction(0)], "exact"), Value([1.0], "float64"))
    assert not verdict.agrees and "shape" in verdict.detail
    assert verdict.policy.startswith("float64")
    assert flatten([[1, 2], [3, 4]]) == ((2, 2), [1, 2, 3, 4])
