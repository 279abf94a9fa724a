"""Deliberately broken metric functions and adapters (targets for tests)."""

import time
from fractions import Fraction

from sklearn.metrics import accuracy_score


def accuracy_right(y_true, y_pred, *, sample_weight=None, **_):
    return accuracy_score(y_true, y_pred, sample_weight=sample_weight)


def accuracy_ignores_weights(y_true, y_pred, *, sample_weight=None, **_):
    return sum(t == p for t, p in zip(y_true, y_pred, strict=True)) / len(y_true)


def accuracy_off_by_one(y_true, y_pred, **_):
    return sum(t == p for t, p in zip(y_true, y_pred, strict=True)) / (len(y_true) + 1)


def hangs(y_true, y_pred, **_):
    time.sleep(60)


def raises(y_true, y_pred, **_):
    raise RuntimeError("boom")


def returns_string(y_true, y_pred, **_):
    return "0.5"


def returns_nan(y_true, y_pred, **_):
    return float("nan")


def wrong_shape(y_true, y_pred, **_):
    return [Fraction(1), Fraction(0)]
