"""Optional second opinion: re-check every kernel query with cvc5.

The kernel (:func:`~metricoracle.proofs._kernel.recording`) keeps each proof query as the
SMT-LIB text z3 writes (``Solver.to_smt2``).  Here each text is made standard SMT-LIB
(z3 writes calls of recursive functions as ``((_ f 0) x)`` and a one-argument ``(+ t)``,
both rejected by cvc5), parsed by cvc5's own parser in a fresh solver (logic ``ALL``) and
checked under a deterministic resource limit (cvc5 ``rlimit-per``) with a wall-clock
safety net (``tlimit-per``).  Verdicts, for a query z3 answered ``unsat``:

* ``agree``: cvc5 says unsat too;
* ``unknown``: cvc5 gave up (resource limit, time limit, incomplete theory) -- not a
  disagreement, reported with cvc5's explanation;
* ``disagree``: cvc5 says sat -- the two solvers contradict each other; serious;
* ``not_applicable``: cvc5 could not parse or refused the query (reason given).

cvc5 (PyPI ``cvc5``, extra ``proofs``) is imported only here, lazily: when it is missing
the second opinion is ``skipped``, never an error.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from metricoracle.proofs._kernel import Query

#: cvc5 resource units per query (deterministic).  The agreeing queries of the catalogue need
#: about 1 M (balanced accuracy: 0.9998 M); a query that runs out costs 3-14 CPU seconds.
DEFAULT_RLIMIT = 1_000_000
#: wall-clock safety net per query (milliseconds); the resource limit comes first.
DEFAULT_TIMEOUT_MS = 30_000

Verdict = Literal["agree", "unknown", "disagree", "not_applicable"]
VERDICTS: tuple[Verdict, ...] = ("agree", "unknown", "disagree", "not_applicable")


def load_cvc5() -> Any:
    """The ``cvc5`` module, or None when it is not installed."""
    try:
        import cvc5
    except ImportError:
        return None
    return cvc5


# --- SMT-LIB clean-up ----------------------------------------------------------------

_TOKEN = re.compile(r'\s+|;[^\n]*|\|[^|]*\||"(?:[^"]|"")*"|[()]|[^\s()|";]+')


def _parse(text: str) -> list[Any]:
    stack: list[list[Any]] = [[]]
    for match in _TOKEN.finditer(text):
        tok = match.group()
        if tok.isspace() or tok.startswith(";"):
            continue
        if tok == "(":
            stack.append([])
        elif tok == ")":
            if len(stack) == 1:
                raise ValueError("unbalanced ')' in SMT-LIB text")
            done = stack.pop()
            stack[-1].append(done)
        else:
            stack[-1].append(tok)
    if len(stack) != 1:
        raise ValueError("unbalanced '(' in SMT-LIB text")
    return stack[0]


def _standardise(expr: Any, recursive: frozenset[str]) -> Any:
    if isinstance(expr, str):
        return expr
    expr = [_standardise(e, recursive) for e in expr]
    head = expr[0] if expr else None
    # z3's ((_ f 0) args) for a call of the recursive function f  ->  (f args)
    if (isinstance(head, list) and len(head) == 3 and head[0] == "_"
            and head[1] in recursive and head[2].isdigit()):
        expr = [head[1], *expr[1:]]
    elif head == "_" and len(expr) == 3 and expr[1] in recursive and expr[2].isdigit():
        return expr[1]  # a nullary recursive function
    if len(expr) == 2 and expr[0] in ("+", "*"):
        return expr[1]  # z3 writes (+ t) for a one-term sum
    return expr


def _recursive_names(commands: list[Any]) -> frozenset[str]:
    names: set[str] = set()
    for cmd in commands:
        if isinstance(cmd, list) and cmd and cmd[0] == "define-funs-rec" and len(cmd) > 1:
            names.update(d[0] for d in cmd[1] if isinstance(d, list) and d)
        elif isinstance(cmd, list) and cmd and cmd[0] == "define-fun-rec" and len(cmd) > 1:
            names.add(cmd[1])
    return frozenset(names)


def _show(expr: Any) -> str:
    return expr if isinstance(expr, str) else "(" + " ".join(_show(e) for e in expr) + ")"


def standard_smtlib(text: str) -> str:
    """z3's SMT-LIB export rewritten into text cvc5 accepts (logic ALL, no check-sat)."""
    commands = _parse(text)
    recursive = _recursive_names(commands)
    body = [_show(_standardise(c, recursive)) for c in commands
            if not (isinstance(c, list) and c and c[0] in ("check-sat", "set-logic", "exit"))]
    return "\n".join(["(set-logic ALL)", *body]) + "\n"


# --- checking ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Check:
    """cvc5's answer on one recorded query and the verdict against z3's answer."""

    name: str
    z3: str
    cvc5: str
    verdict: Verdict
    reason: str = ""
    seconds: float = 0.0
    resource_units: int | None = None


def _resource_units(solver: Any) -> int | None:
    try:
        for key, value in solver.getStatistics():
            if key == "resource::resourceUnitsUsed":
                return int(value["value"] if isinstance(value, dict) else value)
    except Exception:  # statistics are informative only
        return None
    return None


def _verdict(z3_answer: str, cvc5_answer: str) -> Verdict:
    if cvc5_answer not in ("sat", "unsat"):
        return "unknown"
    return "agree" if cvc5_answer == z3_answer else "disagree"


def check_query(query: Query, *, rlimit: int = DEFAULT_RLIMIT,
                timeout_ms: int = DEFAULT_TIMEOUT_MS, cvc5: Any = None) -> Check:
    """Re-check one query with cvc5 in a fresh solver (CPU seconds of this process)."""
    cvc5 = cvc5 or load_cvc5()
    if cvc5 is None:
        return Check(query.name, query.answer, "missing", "not_applicable", "cvc5 is not installed")
    if not query.smt2:
        return Check(query.name, query.answer, "none", "not_applicable", "no SMT-LIB text recorded")
    start = time.process_time()
    try:
        text = standard_smtlib(query.smt2)
        tm = cvc5.TermManager()
        solver = cvc5.Solver(tm)
        solver.setOption("rlimit-per", str(rlimit))
        solver.setOption("tlimit-per", str(timeout_ms))
        symbols = cvc5.SymbolManager(tm)
        parser = cvc5.InputParser(solver, symbols)
        parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, query.name)
        while True:
            command = parser.nextCommand()
            if command.isNull():
                break
            command.invoke(solver, symbols)
        result = solver.checkSat()
    except Exception as exc:  # a parse error or an unsupported construct
        reason = " ".join(str(exc).split())[:300]
        return Check(query.name, query.answer, "error", "not_applicable", reason,
                     round(time.process_time() - start, 4))
    seconds = round(time.process_time() - start, 4)
    units = _resource_units(solver)
    if result.isUnsat():
        answer, reason = "unsat", ""
    elif result.isSat():
        answer, reason = "sat", ""
    else:
        answer = "unknown"
        reason = str(result.getUnknownExplanation()).removeprefix("UnknownExplanation.")
    return Check(query.name, query.answer, answer, _verdict(query.answer, answer), reason,
                 seconds, units)


@dataclass(slots=True)
class SecondOpinion:
    """All of a theorem's checks; ``status`` is "checked" or "skipped" (cvc5 missing)."""

    status: Literal["checked", "skipped"]
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0
    reason: str = ""
    cvc5_version: str | None = None
    rlimit: int = DEFAULT_RLIMIT

    def count(self, verdict: Verdict) -> int:
        return sum(c.verdict == verdict for c in self.checks)

    @property
    def disagrees(self) -> bool:
        return self.count("disagree") > 0

    def summary(self) -> str:
        """E.g. ``cvc5: 12/14 agree, 2 unknown, 0 disagree``."""
        if self.status == "skipped":
            return f"cvc5: skipped ({self.reason})"
        if not self.checks:
            return "cvc5: no proof queries"
        text = (f"cvc5: {self.count('agree')}/{len(self.checks)} agree, "
                f"{self.count('unknown')} unknown, {self.count('disagree')} disagree")
        if self.count("not_applicable"):
            text += f", {self.count('not_applicable')} not applicable"
        return text

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["counts"] = {v: self.count(v) for v in VERDICTS}
        data["summary"] = self.summary()
        return data


def _version(cvc5: Any) -> str | None:
    try:
        from importlib.metadata import version

        return version("cvc5")
    except Exception:
        return getattr(cvc5, "__version__", None)


def second_opinion(queries: Iterable[Query], *, rlimit: int = DEFAULT_RLIMIT,
                   timeout_ms: int = DEFAULT_TIMEOUT_MS,
                   cache: dict[str, Check] | None = None) -> SecondOpinion:
    """Check every query with cvc5; ``cache`` (by SMT-LIB text hash) reuses answers for
    queries repeated across theorems."""
    cvc5 = load_cvc5()
    if cvc5 is None:
        return SecondOpinion("skipped", reason="cvc5 is not installed (pip install cvc5)",
                             rlimit=rlimit)
    checks: list[Check] = []
    seconds = 0.0
    for query in queries:
        key = hashlib.sha256(f"{query.answer}\n{query.smt2}".encode()).hexdigest()
        if cache is not None and key in cache:
            hit = cache[key]
            checks.append(Check(query.name, hit.z3, hit.cvc5, hit.verdict, hit.reason, 0.0,
                                hit.resource_units))
            continue
        check = check_query(query, rlimit=rlimit, timeout_ms=timeout_ms, cvc5=cvc5)
        seconds += check.seconds
        if cache is not None:
            cache[key] = check
        checks.append(check)
    return SecondOpinion("checked", checks, round(seconds, 4), cvc5_version=_version(cvc5),
                         rlimit=rlimit)
