"""Run the oracle against every mutant and record which ones it kills.

For each mutant: the oracle's default check (:func:`metricoracle.oracle.run_check`, the
mutant's metric only, ``examples`` generated cases, shrinking on), then the targeted
large-count corpus (:mod:`metricoracle.selftest._corpus`).  The first unexplained
discrepancy kills the mutant; its shrunk counterexample is kept.  Before trusting a kill,
the unmutated reference programs are checked the same way (the controls): a control that
disagrees with the spec would make every kill of its mutants meaningless.

Everything in the report is a function of (examples, seed): no timings, so the JSON of
two runs with the same arguments is byte-identical, with any number of jobs.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from metricoracle.oracle import Category, Evaluator, FunctionAdapter, Report, run_check
from metricoracle.oracle._results import CaseRecord, average_key
from metricoracle.oracle._runner import make_finding
from metricoracle.selftest import _reference as ref
from metricoracle.selftest._adapters import BatchAdapter
from metricoracle.selftest._corpus import corpus
from metricoracle.selftest._mutants_state import (
    CountingAccuracy,
    StatefulAccuracy,
    StatefulPrecision,
)
from metricoracle.selftest._registry import Mutant, catalogue

DEFAULT_EXAMPLES = 200  # run_check's own default budget
Progress = Callable[[str, int, int], None]

# The unmutated programs: name -> (metric, target, batched).
CONTROLS: dict[str, tuple[str, Any, bool]] = {
    "precision": ("precision_score", ref.Precision, False),
    "recall": ("recall_score", ref.Recall, False),
    "f1": ("f1_score", ref.F1, False),
    "fbeta": ("fbeta_score", ref.FBeta, False),
    "jaccard": ("jaccard_score", ref.Jaccard, False),
    "specificity": ("specificity_score", ref.Specificity, False),
    "accuracy": ("accuracy_score", ref.Accuracy, False),
    "zero_one_loss": ("zero_one_loss", ref.ZeroOneLoss, False),
    "hamming_loss": ("hamming_loss", ref.HammingLoss, False),
    "balanced_accuracy": ("balanced_accuracy_score", ref.BalancedAccuracy, False),
    "matthews_corrcoef": ("matthews_corrcoef", ref.MatthewsCorrcoef, False),
    "cohen_kappa": ("cohen_kappa_score", ref.CohenKappa, False),
    "confusion_matrix": ("confusion_matrix", ref.ConfusionMatrix, False),
    "top_k_accuracy": ("top_k_accuracy_score", ref.TopKAccuracy, False),
    "stateful_accuracy": ("accuracy_score", StatefulAccuracy, True),
    "counting_accuracy": ("accuracy_score", CountingAccuracy, True),
    "stateful_precision": ("precision_score", StatefulPrecision, True),
}


@dataclass(slots=True)
class MutantResult:
    """What the oracle did to one mutant (or, for a control, to a correct program)."""

    id: str
    metric: str
    bug: str
    equivalent: bool
    killed: bool
    via: str | None  # "generated" or "corpus"
    cases: int  # generated cases the adapter was judged on (unsupported ones excluded)
    discrepancies: int  # generated cases with an unexplained discrepancy
    counterexample: dict[str, Any] | None = None
    argument: str = ""

    @property
    def as_expected(self) -> bool:
        """Killed if non-equivalent; survived if equivalent."""
        return self.killed != self.equivalent

    @property
    def status(self) -> str:
        if self.killed:
            return "killed" if not self.equivalent else "killed (equivalence claim refuted)"
        return "survived (equivalent)" if self.equivalent else "SURVIVED"


@dataclass(slots=True)
class SelftestReport:
    """The whole self-test: mutants, controls and (optionally) the proofs' teeth."""

    examples: int
    seed: int
    mutants: list[MutantResult]
    controls: list[MutantResult]
    proofs: list[dict[str, Any]] = field(default_factory=list)
    proofs_skipped: str | None = None

    @property
    def non_equivalent(self) -> list[MutantResult]:
        return [m for m in self.mutants if not m.equivalent]

    @property
    def kill_rate(self) -> float:
        """Killed share of the non-equivalent mutants."""
        pool = self.non_equivalent
        return sum(m.killed for m in pool) / len(pool) if pool else 1.0

    @property
    def survivors(self) -> list[MutantResult]:
        return [m for m in self.non_equivalent if not m.killed]

    @property
    def problems(self) -> list[str]:
        """Everything that makes the self-test fail, one line each."""
        out = [f"mutant {m.id} survived: {m.bug}" for m in self.survivors]
        out += [f"mutant {m.id} is declared equivalent but was killed: "
                f"{(m.counterexample or {}).get('detail', '')}"
                for m in self.mutants if m.equivalent and m.killed]
        out += [f"control {c.id} disagrees with the spec: "
                f"{(c.counterexample or {}).get('detail', '')}" for c in self.controls if c.killed]
        out += [f"proof teeth {p['theorem']} / {p['mutation']}: {p['status']} (expected "
                f"{p['expected']})" for p in self.proofs if not p["as_expected"]]
        return out

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def to_json(self) -> dict[str, Any]:
        def row(r: MutantResult, control: bool = False) -> dict[str, Any]:
            status = ("disagrees" if r.killed else "agrees") if control else r.status
            return {**asdict(r), "status": status}

        return {
            "examples": self.examples,
            "seed": self.seed,
            "kill_rate": round(self.kill_rate, 6),
            "killed": sum(m.killed for m in self.non_equivalent),
            "non_equivalent": len(self.non_equivalent),
            "equivalent": sum(m.equivalent for m in self.mutants),
            "survivors": [m.id for m in self.survivors],
            "problems": self.problems,
            "mutants": [row(m) for m in self.mutants],
            "controls": [row(c, control=True) for c in self.controls],
            "proofs": self.proofs,
            "proofs_skipped": self.proofs_skipped,
        }


# ---- one unit of work ---------------------------------------------------------------------
def _adapter(name: str, metric: str, target: Any, batched: bool) -> Any:
    if batched:
        return BatchAdapter(target, metric=metric, name=name)
    built = target() if isinstance(target, type) else target
    return FunctionAdapter(built, metric=metric, name=name)


def _cases(report: Report) -> int:
    return sum(report.total(c) for c in Category) - report.total(Category.UNSUPPORTED)


def judge(name: str, metric: str, target: Any, batched: bool, *, examples: int, seed: int,
          timeout: float = 10.0) -> tuple[bool, str | None, int, int, dict[str, Any] | None]:
    """``(killed, via, cases, discrepancies, counterexample)`` for one program."""
    adapter = _adapter(name, metric, target, batched)
    report = run_check([adapter], examples=examples, seed=seed, metrics=[metric],
                       timeout=timeout)
    cases = _cases(report)
    unexplained = [f for f in report.findings if f.category is Category.UNEXPLAINED]
    if unexplained:
        best = min(unexplained, key=lambda f: (len(f.query["y_true"]), f.first_index))
        return True, "generated", cases, report.unexplained, _example(best.to_json())
    evaluator = Evaluator(__import__("metricoracle.spec", fromlist=["spec"]), timeout=timeout)
    for query in corpus(metric):
        verdict = evaluator.judge(name, adapter, query)
        if verdict.category is Category.UNEXPLAINED:
            record = CaseRecord(-1, name, metric, average_key(query.average, True),
                                Category.UNEXPLAINED, verdict.detail)
            finding = make_finding(evaluator, name, adapter, query, record, 1, True)
            return True, "corpus", cases, 0, _example(finding.to_json())
    return False, None, cases, 0, None


def _example(finding: dict[str, Any]) -> dict[str, Any]:
    keep = ("detail", "spec_call", "spec_value", "library_value", "tolerance", "shrunk",
            "query")
    return {k: finding[k] for k in keep}


def _run_one(task: tuple[str, str, int, int]) -> MutantResult:
    kind, key, examples, seed = task
    if kind == "control":
        metric, target, batched = CONTROLS[key]
        killed, via, cases, n, example = judge(f"control:{key}", metric, target, batched,
                                               examples=examples, seed=seed)
        return MutantResult(key, metric, "none (the unmutated program)", False, killed, via,
                            cases, n, example)
    m: Mutant = catalogue([key])[0]
    killed, via, cases, n, example = judge(m.id, m.metric, m.target, m.batched,
                                           examples=examples, seed=seed)
    return MutantResult(m.id, m.metric, m.bug, m.equivalent, killed, via, cases, n, example,
                        m.argument if m.equivalent else "")


# ---- the run ---------------------------------------------------------------------------------
def run_selftest(examples: int = DEFAULT_EXAMPLES, seed: int = 0, *,
                 ids: Sequence[str] | None = None, controls: bool = True, proofs: bool = True,
                 jobs: int = 1, progress: Progress | None = None) -> SelftestReport:
    """Run the oracle against the mutant catalogue (and the proofs against mutated
    definitions).

    Args:
        examples: generated cases per mutant (the oracle's default budget by default).
        seed: the oracle's seed; the same seed gives the same report.
        ids: only these mutant ids (None: all).
        controls: also check the unmutated reference programs.
        proofs: also run the proofs' teeth (skipped with a note when z3 is missing).
        jobs: worker processes (the report does not depend on it).
        progress: called as ``progress(label, done, total)`` after each program.

    Returns:
        The :class:`SelftestReport`.
    """
    mutants = catalogue(ids)
    tasks = [("mutant", m.id, examples, seed) for m in mutants]
    if controls:
        wanted = {m.metric for m in mutants}
        tasks += [("control", k, examples, seed) for k, (metric, _, _) in CONTROLS.items()
                  if metric in wanted]
    results: list[MutantResult] = []
    if jobs > 1:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            for done, result in enumerate(pool.imap(_run_one, tasks), 1):
                results.append(result)
                if progress:
                    progress(result.id, done, len(tasks))
    else:
        for done, task in enumerate(tasks, 1):
            results.append(_run_one(task))
            if progress:
                progress(task[1], done, len(tasks))
    n = len(mutants)
    report = SelftestReport(examples, seed, results[:n], results[n:])
    if proofs:
        try:
            from metricoracle.selftest._proofs import run_proof_teeth
        except ImportError as exc:  # z3 is optional (extra "proofs")
            report.proofs_skipped = f"z3 is not installed: {exc}"
        else:
            report.proofs = [t.to_json() for t in run_proof_teeth()]
    return report
