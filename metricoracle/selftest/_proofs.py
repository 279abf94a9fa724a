"""The proofs' teeth: every theorem's statement, run against mutated definitions.

A theorem expected to hold must come back **refuted** (with a counterexample confirmed by
replaying it in exact arithmetic) when one definition it relies on is broken; a claim
expected to fail must stop failing when the definitions are bent so that it holds (the
refutation depends on the definitions, not on an artefact of the search).  And a solver
that runs out of budget must never read as a proof: every theorem is also run with an
exhausted budget and must not come back proved.

The mutations replace fields of the proofs' :class:`~metricoracle.proofs._fixedn.Formulas`
bundle, so the theorem's own statement is unchanged and only the spec function under it
is wrong.  Each mutation uses only operations the spec's formulas use, so it runs on z3
terms, symbolic-length vectors and exact fractions alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

from metricoracle.proofs._fixedn import SPEC, Formulas
from metricoracle.proofs._theorems import Settings, catalogue
from metricoracle.spec import _formulas as F  # noqa: N812 (the spec's own alias)
from metricoracle.spec._arith import Ratio, SqrtRatio

PROVED = ("proved_all_n", "proved_up_to_n")


def _fn_forgets_tp(m: Any) -> F.Counts[Any]:
    tp = m.diag
    fp, fn = m.pred_sum - tp, m.true_sum
    return F.Counts(tp=tp, fp=fp, fn=fn, tn=m.total - tp - fp - fn)


def _tn_forgets_fn(m: Any) -> F.Counts[Any]:
    c = F.one_vs_rest(m)
    return F.Counts(tp=c.tp, fp=c.fp, fn=c.fn, tn=c.tn + c.fn)


def _mcc_sign_error(m: Any) -> SqrtRatio[Any]:
    right = F.matthews_corrcoef(m)
    return SqrtRatio(m.diag.sum() * m.total + (m.true_sum * m.pred_sum).sum(), right.den_sq)


def _kappa_sign_error(matrix: Any, weights: Any) -> Ratio[Any]:
    right = F.cohen_kappa(matrix, weights)  # num = E − s·O, den = E
    return Ratio(right.den + right.den - right.num, right.den)  # E + s·O


MUTATIONS: dict[str, tuple[str, Callable[[Formulas], Formulas]]] = {
    "fn_forgets_tp": ("one_vs_rest: FN = row sum (TP not subtracted)",
                      lambda f: replace(f, one_vs_rest=_fn_forgets_tp)),
    "tn_forgets_fn": ("one_vs_rest: TN = total − TP − FP (FN forgotten)",
                      lambda f: replace(f, one_vs_rest=_tn_forgets_fn)),
    "precision_is_jaccard": ("precision = TP / (TP + FP + FN)",
                             lambda f: replace(f, precision=F.jaccard)),
    "recall_is_precision": ("recall = TP / (TP + FP) (FP and FN swapped)",
                            lambda f: replace(f, recall=F.precision)),
    "jaccard_is_precision": ("jaccard = TP / (TP + FP) (FN forgotten)",
                             lambda f: replace(f, jaccard=F.precision)),
    "f_beta_off_by_one": ("f_beta denominator + 1",
                          lambda f: replace(f, f_beta=lambda c, b2: Ratio(
                              (1 + b2) * c.tp, (1 + b2) * c.tp + b2 * c.fn + c.fp + 1))),
    "accuracy_off_by_one": ("accuracy = trace / (total + 1)",
                            lambda f: replace(f, accuracy=lambda m: Ratio(m.diag.sum(),
                                                                          m.total + 1))),
    "mcc_sign_error": ("MCC numerator c·s + Σ t·p", lambda f: replace(
        f, matthews_corrcoef=_mcc_sign_error)),
    "kappa_sign_error": ("kappa numerator E + s·O", lambda f: replace(
        f, cohen_kappa=_kappa_sign_error)),
    "zero_one_loss_off_by_one": ("zero_one_loss = (total − trace + 1) / total",
                                 lambda f: replace(f, zero_one_loss=lambda m: Ratio(
                                     m.total - m.diag.sum() + 1, m.total))),
    "recall_and_f1_are_precision": ("recall and F-beta both = precision", lambda f: replace(
        f, recall=F.precision, f_beta=lambda c, b2: F.precision(c))),
}

# theorem id -> mutations that must change its verdict
TEETH: dict[str, tuple[str, ...]] = {
    "MO-001": ("fn_forgets_tp",),
    "MO-002": ("fn_forgets_tp",),
    "MO-003": ("precision_is_jaccard", "f_beta_off_by_one"),
    "MO-004": ("recall_is_precision",),
    "MO-005": ("recall_is_precision",),
    "MO-006": ("accuracy_off_by_one", "zero_one_loss_off_by_one"),
    "MO-007": ("accuracy_off_by_one", "zero_one_loss_off_by_one"),
    "MO-008": ("tn_forgets_fn",),
    "MO-009": ("mcc_sign_error",),
    "MO-010": ("kappa_sign_error",),
    "MO-101": ("jaccard_is_precision",),
    "MO-102": ("f_beta_off_by_one",),
    "MO-103": ("f_beta_off_by_one",),
    "MO-104": ("jaccard_is_precision",),
    "MO-105": ("mcc_sign_error",),
    "MO-201": ("recall_is_precision",),
    "MO-202": ("recall_is_precision",),
    "MO-203": ("recall_is_precision",),
    "MO-205": ("recall_and_f1_are_precision",),
}
EXHAUSTED = Settings(max_classes=2, link_up_to=1, rlimit=1, timeout_ms=1)


@dataclass(slots=True)
class ToothResult:
    """One theorem under one mutation (or under an exhausted budget)."""

    theorem: str
    mutation: str
    change: str
    expected: str  # "refuted", "not refuted" or "not proved"
    status: str
    as_expected: bool
    counterexample: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if data["counterexample"] is not None:
            data["counterexample"] = {k: str(v) for k, v in data["counterexample"].items()}
        return data


def run_proof_teeth(max_classes: int = 3) -> list[ToothResult]:
    """Every theorem in :data:`TEETH` under its mutations, then each under no budget."""
    settings = Settings(max_classes=max_classes, link_up_to=min(2, max_classes))
    out: list[ToothResult] = []
    for thm in catalogue():
        for name in TEETH.get(thm.id, ()):
            change, mutate = MUTATIONS[name]
            outcome = thm.check(settings, formulas=mutate(SPEC))  # type: ignore[call-arg]
            if thm.expected == "holds":
                expected, ok = "refuted", outcome.status == "refuted"
            else:
                expected, ok = "not refuted", outcome.status in PROVED
            out.append(ToothResult(thm.id, name, change, expected, outcome.status, ok,
                                   outcome.counterexample))
        starved = thm.check(EXHAUSTED)
        out.append(ToothResult(thm.id, "budget_exhausted", "rlimit=1, timeout 1 ms",
                               "not proved", starved.status, starved.status not in PROVED))
    return out
