"""metricoracle: exact classification metrics, proofs about them, and a differential oracle.

Subpackages: :mod:`metricoracle.spec` (the reference definitions, stdlib + numpy),
:mod:`metricoracle.proofs` (z3 theorems about those definitions) and
:mod:`metricoracle.oracle` (differential testing of third-party libraries).
Importing this package imports nothing heavy.
"""

__version__ = "0.1.0"
