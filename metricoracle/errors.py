"""The exceptions metricoracle raises, in one tree.

::

    MetricOracleError
    ├── InvalidInput(ValueError)      bad data or bad parameter values (name=value in the text)
    ├── InvalidInputType(TypeError)   wrong kinds of values (None, mixed label types, ...)
    ├── RegistryError                 duplicate or unknown registry names
    └── AdapterUnavailable            an adapter's library is not installed

Warnings: :class:`UndefinedMetricWarning` when a zero division was resolved by the
``zero_division="warn"`` policy (the same situation scikit-learn warns about).
"""

from __future__ import annotations


class MetricOracleError(Exception):
    """Base class of every exception raised on purpose by metricoracle."""


class InvalidInput(MetricOracleError, ValueError):
    """A value is not acceptable: the message names the argument and the problem."""


class InvalidInputType(MetricOracleError, TypeError):
    """A value has the wrong type: the message names the argument and the type found."""


class RegistryError(MetricOracleError):
    """A registry was asked to register a duplicate name or to find an unknown one."""


class AdapterUnavailable(MetricOracleError):
    """The third-party library behind an adapter cannot be imported."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"adapter {name!r} is unavailable: {reason}")
        self.name = name
        self.reason = reason


class UndefinedMetricWarning(UserWarning):
    """A metric was 0/0 for some label and ``zero_division="warn"`` replaced it by 0."""
