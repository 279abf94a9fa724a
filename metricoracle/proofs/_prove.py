"""Run the theorem catalogue and render the results (table, JSON, Markdown)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from metricoracle.proofs._fixedn import SPEC, Formulas
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

    @property
    def as_expected(self) -> bool:
        """Holds ⇒ proved (for all n or up to n); fails ⇒ refuted with a replayed example."""
        if self.expected == "holds":
            return self.status in ("proved_all_n", "proved_up_to_n")
        return self.status == "refuted"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def run_theorem(theorem: Theorem, settings: Settings, formulas: Formulas = SPEC) -> Result:
    """Check one theorem; CPU seconds of this process (z3 runs in-process)."""
    start = time.process_time()
    outcome = theorem.check(settings, formulas)  # type: ignore[call-arg]
    seconds = time.process_time() - start
    max_classes = outcome.max_classes if outcome.status != "proved_all_n" else None
    return Result(theorem.id, theorem.name, theorem.claim, theorem.scope, theorem.expected,
                  outcome.status, max_classes, round(seconds, 4), outcome.counterexample,
                  outcome.details)


def run_catalogue(max_classes: int = 4, *, ids: list[str] | None = None,
                  include_slow: bool = False, settings: Settings | None = None) -> list[Result]:
    """Prove or refute every registered theorem (or those in ``ids``)."""
    settings = settings or Settings(max_classes=max_classes)
    chosen = [t for t in catalogue(include_slow=include_slow) if ids is None or t.id in ids]
    return [run_theorem(t, settings) for t in chosen]


def _status_text(r: Result) -> str:
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
    return f"{data}, zero_division={c.get('zero_division')}: {vals}{tail}"


def table(results: list[Result]) -> str:
    """A plain-text table: id, theorem, expected, status, seconds, counterexample."""
    rows = [("id", "theorem", "expected", "status", "seconds", "counterexample")]
    for r in results:
        flag = "" if r.as_expected else "  <-- UNEXPECTED"
        rows.append((r.id, r.name, r.expected, _status_text(r) + flag, f"{r.seconds:.2f}",
                     _cex_text(r)))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:5], widths, strict=True))
             + ("  " + row[5] if row[5] else "") for row in rows]
    total = sum(r.seconds for r in results)
    ok = sum(r.as_expected for r in results)
    lines.append(f"{ok}/{len(results)} as expected; total {total:.2f} s CPU")
    return "\n".join(lines)


def markdown(results: list[Result]) -> str:
    """A Markdown table with the claims in words."""
    out = ["| id | theorem | claim | expected | status | seconds | counterexample |",
           "|---|---|---|---|---|---|---|"]
    for r in results:
        cells = [r.id, f"`{r.name}`", r.claim, r.expected, _status_text(r),
                 f"{r.seconds:.2f}", _cex_text(r)]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def to_json(results: list[Result]) -> str:
    return json.dumps([r.to_json() for r in results], indent=2, ensure_ascii=False)
