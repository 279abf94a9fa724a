"""Run the theorem catalogue and render the results (table, JSON, Markdown)."""

from __future__ import annotations

import json
import time
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from typing import Any

from metricoracle.proofs._fixedn import SPEC, Formulas
from metricoracle.proofs._kernel import recording
from metricoracle.proofs._second_opinion import DEFAULT_RLIMIT as CVC5_RLIMIT
from metricoracle.proofs._second_opinion import Check, SecondOpinion, second_opinion
from metricoracle.proofs._theorems import Settings, Theorem, catalogue


@dataclass(slots=True)
class Result:
    """One theorem's verdict, in the JSON shape of ``metricoracle prove --json``."""

    id: str
    name: str
    claim: str
    scope: str
    expected: str
    status: str
    max_classes: int | None
    seconds: float
    counterexample: dict[str, Any] | None
    details: dict[str, Any] = field(default_factory=dict)
    second_opinion: dict[str, Any] | None = None

    @property
    def disagrees(self) -> bool:
        """cvc5 contradicted z3 on at least one of this theorem's queries."""
        return bool(self.second_opinion and self.second_opinion["counts"]["disagree"])

    @property
    def as_expected(self) -> bool:
        """Holds ⇒ proved: for all n when the theorem has an all-n proof (a fall-back to
        "up to n" after that proof failed is a regression), else up to n.  Fails ⇒
        refuted with an example that the exact spec and scikit-learn (when installed)
        both confirm."""
        if self.expected == "holds":
            if self.status == "proved_up_to_n":
                return "all_n" not in self.details
            return self.status == "proved_all_n"
        sklearn = (self.counterexample or {}).get("sklearn")
        return self.status == "refuted" and (sklearn is None or bool(sklearn.get("confirmed")))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def run_theorem(theorem: Theorem, settings: Settings, formulas: Formulas = SPEC, *,
                check_with_cvc5: bool = False, cvc5_rlimit: int = CVC5_RLIMIT,
                cvc5_cache: dict[str, Check] | None = None) -> Result:
    """Check one theorem; CPU seconds of this process (z3 runs in-process).

    ``check_with_cvc5`` re-checks every proof query with cvc5 afterwards (its time is
    reported in ``second_opinion``, not in ``seconds``).
    """
    with recording() if check_with_cvc5 else nullcontext([]) as queries:
        start = time.process_time()
        outcome = theorem.check(settings, formulas)  # type: ignore[call-arg]
        seconds = time.process_time() - start
    max_classes = outcome.max_classes if outcome.status != "proved_all_n" else None
    opinion: SecondOpinion | None = None
    if check_with_cvc5:
        opinion = second_opinion(queries, rlimit=cvc5_rlimit, cache=cvc5_cache)
    return Result(theorem.id, theorem.name, theorem.claim, theorem.scope, theorem.expected,
                  outcome.status, max_classes, round(seconds, 4), outcome.counterexample,
                  outcome.details, opinion.to_json() if opinion else None)


def run_catalogue(max_classes: int = 4, *, ids: list[str] | None = None,
                  include_slow: bool = False, settings: Settings | None = None,
                  check_with_cvc5: bool = False,
                  cvc5_rlimit: int = CVC5_RLIMIT) -> list[Result]:
    """Prove or refute every registered theorem (or those in ``ids``); with
    ``check_with_cvc5``, also the cvc5 second opinion on every proof query (a query
    repeated across theorems is checked once)."""
    settings = settings or Settings(max_classes=max_classes)
    chosen = [t for t in catalogue(include_slow=include_slow) if ids is None or t.id in ids]
    cache: dict[str, Check] = {}
    return [run_theorem(t, settings, check_with_cvc5=check_with_cvc5, cvc5_rlimit=cvc5_rlimit,
                        cvc5_cache=cache) for t in chosen]


def _status_text(r: Result) -> str:
    if r.status == "proved_up_to_n" and "all_n" in r.details:
        return f"proved for n ≤ {r.max_classes} only (all n: {r.details['all_n']})"
    if r.status == "proved_up_to_n":
        return f"proved for n ≤ {r.max_classes}"
    if r.status == "proved_all_n":
        return "proved for all n"
    return r.status


def _cex_text(r: Result) -> str:
    c = r.counterexample
    if not c:
        return ""
    data = f"C={c['matrix']}" if "matrix" in c else f"y_true={c.get('y_true')} y_pred={c.get('y_pred')}"
    vals = ", ".join(f"{k}={v}" for k, v in c.get("values", {}).items())
    sk = c.get("sklearn")
    tail = "" if sk is None else f"; sklearn {'agrees' if sk.get('confirmed') else 'DISAGREES'}"
    call = "".join(f", {k}={c[k]}" for k in ("labels",) if k in c)
    return f"{data}{call}, zero_division={c.get('zero_division')}: {vals}{tail}"


def _cvc5_text(r: Result) -> str:
    so = r.second_opinion
    if so is None:
        return ""
    text = so["summary"].removeprefix("cvc5: ")
    return text + ("  <-- DISAGREE" if r.disagrees else "")


def second_opinion_summary(results: list[Result]) -> str | None:
    """One line over all theorems, or None when the second opinion was not asked for."""
    opinions = [r.second_opinion for r in results if r.second_opinion is not None]
    if not opinions:
        return None
    if all(o["status"] == "skipped" for o in opinions):
        return f"cvc5 second opinion: skipped ({opinions[0]['reason']})"
    counts = {k: sum(o["counts"][k] for o in opinions) for k in opinions[0]["counts"]}
    total = sum(counts.values())
    seconds = sum(o["seconds"] for o in opinions)
    text = (f"cvc5 second opinion: {counts['agree']}/{total} queries agree, "
            f"{counts['unknown']} unknown, {counts['disagree']} disagree")
    if counts["not_applicable"]:
        text += f", {counts['not_applicable']} not applicable"
    return text + f"; {seconds:.2f} s CPU"


def table(results: list[Result]) -> str:
    """A plain-text table: id, theorem, expected, status, seconds, [cvc5,] counterexample."""
    with_cvc5 = any(r.second_opinion is not None for r in results)
    head = ("id", "theorem", "expected", "status", "seconds", *(("cvc5",) if with_cvc5 else ()))
    rows = [(*head, "counterexample")]
    for r in results:
        flag = "" if r.as_expected else "  <-- UNEXPECTED"
        cvc5 = (_cvc5_text(r),) if with_cvc5 else ()
        rows.append((r.id, r.name, r.expected, _status_text(r) + flag, f"{r.seconds:.2f}",
                     *cvc5, _cex_text(r)))
    k = len(head)
    widths = [max(len(row[i]) for row in rows) for i in range(k)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:k], widths, strict=True))
             + ("  " + row[k] if row[k] else "") for row in rows]
    total = sum(r.seconds for r in results)
    ok = sum(r.as_expected for r in results)
    lines.append(f"{ok}/{len(results)} as expected; total {total:.2f} s CPU")
    summary = second_opinion_summary(results)
    if summary:
        lines.append(summary)
    return "\n".join(lines)


def markdown(results: list[Result]) -> str:
    """A Markdown table with the claims in words (and cvc5's opinion when asked for)."""
    with_cvc5 = any(r.second_opinion is not None for r in results)
    extra = " cvc5 |" if with_cvc5 else ""
    out = ["| id | theorem | claim | expected | status | seconds |" + extra + " counterexample |",
           "|---|---|---|---|---|---|" + ("---|" if with_cvc5 else "") + "---|"]
    for r in results:
        cells = [r.id, f"`{r.name}`", r.claim, r.expected, _status_text(r),
                 f"{r.seconds:.2f}", *((_cvc5_text(r),) if with_cvc5 else ()), _cex_text(r)]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    summary = second_opinion_summary(results)
    return "\n".join(out) + "\n" + (f"\n{summary}\n" if summary else "")


def to_json(results: list[Result]) -> str:
    return json.dumps([r.to_json() for r in results], indent=2, ensure_ascii=False)
