"""Self-test: the oracle against deliberate bugs, the proofs against broken definitions.

>>> from metricoracle.selftest import run_selftest
>>> report = run_selftest(ids=["SW01"], controls=False, proofs=False)   # doctest: +SKIP
>>> report.kill_rate                                                     # doctest: +SKIP
1.0

:func:`catalogue` lists the registered mutants (:class:`Mutant`): deliberately wrong
metric implementations with scikit-learn's signature, each with a stable id, the metric
it claims to implement and its bug in words.
"""

from metricoracle.selftest._registry import Mutant, catalogue, mutant
from metricoracle.selftest._runner import (
    CONTROLS,
    DEFAULT_EXAMPLES,
    MutantResult,
    SelftestReport,
    run_selftest,
)

__all__ = [
    "CONTROLS",
    "DEFAULT_EXAMPLES",
    "Mutant",
    "MutantResult",
    "SelftestReport",
    "catalogue",
    "mutant",
    "run_selftest",
]
