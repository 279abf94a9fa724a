"""The check run: generate cases from a seed, judge every adapter, shrink, merge.

Case ``i`` of seed ``s`` is generated from ``Random(f"{s}:{i}")`` alone, so any subset of
indices can run in any process.  An adapter that does not support that query (string
labels, ``labels=``, weights, score inputs... each adapter says) is judged on the first
redraw ``Random(f"{s}:{i}:{a}")`` it supports, so every adapter is exercised on every
case where it can be; only after :data:`TRIES` unsupported redraws is the case counted
as unsupported for it.  With ``jobs > 1`` contiguous chunks go to a process pool and the
records are merged by index, which makes the report independent of ``jobs``.
Adapters that raise, hang or return garbage become findings; the run goes on.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from metricoracle.errors import AdapterUnavailable, InvalidInput
from metricoracle.oracle import adapters as registry
from metricoracle.oracle._compare import DEFAULT_POLICY, Policy, flatten
from metricoracle.oracle._divergences import KNOWN, Divergence
from metricoracle.oracle._evaluate import Evaluator, Judgement, alarm_handler
from metricoracle.oracle._query import METRICS, Query
from metricoracle.oracle._recipe import generate
from metricoracle.oracle._results import CaseRecord, Category, Finding, Report, average_key
from metricoracle.oracle._shrink import shrink as shrink_query

Progress = Callable[[int, int], None]
SHRINK_BUDGET = 200
TRIES = 100  # redraws of a case before it counts as unsupported by an adapter


@dataclass(frozen=True, slots=True)
class Plan:
    """What a worker needs to re-create the run (picklable)."""

    adapters: tuple[str, ...]
    seed: int
    metrics: tuple[str, ...]
    timeout: float
    policy: Policy
    spec: str = "metricoracle.spec"


def resolve_adapters(
    adapters: Sequence[Any] | None,
) -> tuple[list[tuple[str, Any]], dict[str, str]]:
    """``([(name, adapter)], {skipped name: reason})``; unknown names raise RegistryError."""
    chosen = registry.names() if adapters is None else list(adapters)
    loaded: list[tuple[str, Any]] = []
    skipped: dict[str, str] = {}
    for item in chosen:
        if not isinstance(item, str):
            loaded.append((getattr(item, "label", None) or item.name, item))
            continue
        try:
            loaded.append((item, registry.load(item)))
        except AdapterUnavailable as exc:
            skipped[item] = exc.reason
    return loaded, skipped


def _first_supported(adapter: Any, draw: Callable[[int], Query]) -> tuple[int, Query, Any]:
    """The first redraw of a case that ``adapter`` supports: ``(attempt, query, support)``.

    After :data:`TRIES` unsupported draws the case stays unsupported (attempt 0 and its
    reason).  A ``support()`` that raises gives ``support=None``: the judge asks again
    and reports the broken ``support()`` on this query.
    """
    first: Any = None
    for attempt in range(TRIES):
        query = draw(attempt)
        try:
            support = adapter.support(query)
        except Exception:
            return attempt, query, None
        if support:
            return attempt, query, support
        if first is None:
            first = support
    return 0, draw(0), first


def _judge_case(
    evaluator: Evaluator,
    adapters: Sequence[tuple[str, Any]],
    seed: int,
    metrics: Sequence[str],
    index: int,
) -> list[CaseRecord]:
    """Judge case ``index`` on every adapter, each on the first redraw it supports.

    Redraws and spec outcomes are shared between adapters within the case.
    """
    drawn: dict[int, Query] = {}
    spec_outcomes: dict[int, Any] = {}

    def draw(attempt: int) -> Query:
        if attempt not in drawn:
            drawn[attempt] = generate(seed, index, metrics, attempt)
        return drawn[attempt]

    records = []
    for name, adapter in adapters:
        attempt, query, support = _first_supported(adapter, draw)
        key = average_key(query.average, METRICS[query.metric].averaged)
        if support is not None and not support:
            reason = getattr(support, "reason", "unsupported")
            records.append(CaseRecord(index, name, query.metric, key, Category.UNSUPPORTED,
                                      f"no supported draw in {TRIES}: {reason}"))
            continue
        if attempt not in spec_outcomes:
            spec_outcomes[attempt] = evaluator.spec_outcome(query)
        j = evaluator.judge(name, adapter, query, spec=spec_outcomes[attempt], support=support)
        records.append(CaseRecord(index, name, query.metric, key, j.category, j.detail,
                                  j.divergence.id if j.divergence else None, attempt))
    return records


# ---- process pool -------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def _worker_setup(plan: Plan) -> tuple[Evaluator, list[tuple[str, Any]]]:
    if _WORKER.get("plan") != plan:
        evaluator = Evaluator(
            importlib.import_module(plan.spec), policy=plan.policy, timeout=plan.timeout
        )
        loaded, _ = resolve_adapters(plan.adapters)
        _WORKER.update(plan=plan, evaluator=evaluator, adapters=loaded)
    return _WORKER["evaluator"], _WORKER["adapters"]


def _worker_chunk(task: tuple[Plan, int, int]) -> list[CaseRecord]:
    plan, start, stop = task
    evaluator, loaded = _worker_setup(plan)
    out: list[CaseRecord] = []
    for i in range(start, stop):
        out.extend(_judge_case(evaluator, loaded, plan.seed, plan.metrics, i))
    return out


def _worker_finding(task: tuple[Plan, CaseRecord, int, bool]) -> Finding:
    plan, record, count, do_shrink = task
    evaluator, loaded = _worker_setup(plan)
    adapter = dict(loaded)[record.adapter]
    return make_finding(
        evaluator,
        record.adapter,
        adapter,
        generate(plan.seed, record.index, plan.metrics, record.attempt),
        record,
        count,
        do_shrink,
    )


# ---- findings -----------------------------------------------------------------------------
def _show(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_show(v) for v in value]
    if isinstance(value, Fraction):
        return str(value) if value.denominator == 1 else f"{value} ≈ {float(value)!r}"
    if value is None or isinstance(value, str):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return repr(value)
    return (
        "nan"
        if number != number
        else repr(number)
        if isinstance(value, float)
        else f"{value} ≈ {number!r}"
    )


def _outcome_view(outcome: Any) -> Any:
    if outcome is None:
        return None
    if hasattr(outcome, "value"):
        value = outcome.value
        if hasattr(value, "tolist"):
            value = value.tolist()
        return _show(value)
    return f"{type(outcome).__name__}({outcome.kind}: {outcome.message})"


def make_finding(
    evaluator: Evaluator,
    name: str,
    adapter: Any,
    query: Query,
    record: CaseRecord,
    count: int,
    do_shrink: bool,
) -> Finding:
    """Shrink ``query`` (keeping the same category and divergence) and describe it."""

    def same(j: Judgement) -> bool:
        return (
            j.category is record.category
            and (j.divergence.id if j.divergence else None) == record.divergence
        )

    timed_out = record.detail.startswith("timeout")
    if do_shrink and not timed_out:
        query = shrink_query(
            query, lambda q: same(evaluator.judge(name, adapter, q)), budget=SHRINK_BUDGET
        )
    final = evaluator.judge(name, adapter, query)
    verdict = final.verdict
    library = final.library
    dtype = getattr(library, "dtype", "float64")
    return Finding(
        adapter=name,
        metric=record.metric,
        average=record.average,
        category=record.category,
        divergence=record.divergence,
        count=count,
        first_index=record.index,
        detail=final.detail,
        query=query.to_json(),
        spec_call=query.spec_replay(),
        spec_value=_outcome_view(final.spec),
        library_value=_outcome_view(library),
        tolerance=verdict.policy if verdict else evaluator.policy.tolerance(dtype).describe(),
        replay=f"metricoracle check {name} --replay '{query.encode()}'",
        shrunk=do_shrink and not timed_out,
    )


# ---- the run ------------------------------------------------------------------------------
def run_check(
    adapters: Sequence[Any] | None = None,
    *,
    examples: int = 200,
    seed: int = 0,
    metrics: Sequence[str] | None = None,
    jobs: int = 1,
    timeout: float = 10.0,
    shrink: bool = True,
    progress: Progress | None = None,
    spec: Any = None,
    policy: Policy = DEFAULT_POLICY,
    divergences: Sequence[Divergence] = KNOWN,
) -> Report:
    """Check adapters against the spec on ``examples`` generated cases.

    Args:
        adapters: registry names, ``module:function`` targets or adapter objects
            (None: every registered adapter; missing libraries are reported as skipped).
        examples: number of generated cases (each judged by every adapter).
        seed: the run's seed; the same seed gives the same report.
        metrics: spec metric names (None: all).
        jobs: processes; > 1 needs adapters given by name and the default spec.
        timeout: seconds per library call before it counts as hung.
        shrink: shrink one example per finding group.
        progress: called as ``progress(done, total)`` while cases run.
        spec: the exact module (default :mod:`metricoracle.spec`).
        policy: the comparison policy.
        divergences: the known convention differences.

    Returns:
        The :class:`Report`.
    """
    if examples < 0:
        raise InvalidInput(f"examples={examples!r} must be >= 0")
    if jobs < 1:
        raise InvalidInput(f"jobs={jobs!r} must be >= 1")
    chosen = list(METRICS) if metrics is None else list(dict.fromkeys(metrics))
    unknown = [m for m in chosen if m not in METRICS]
    if unknown:
        raise InvalidInput(f"metrics={unknown!r} are unknown; choose from {', '.join(METRICS)}")
    spec_module = importlib.import_module("metricoracle.spec") if spec is None else spec
    missing = [m for m in chosen if not hasattr(spec_module, m)]
    usable = tuple(m for m in chosen if m not in missing)
    loaded, skipped = resolve_adapters(adapters)
    evaluator = Evaluator(spec_module, policy=policy, timeout=timeout, divergences=divergences)
    by_name = [name for name, _ in loaded]
    parallel = (
        jobs > 1
        and spec is None
        and divergences is KNOWN
        and adapters is not None
        and all(isinstance(a, str) for a in adapters)
    )
    plan = Plan(tuple(by_name), seed, usable, timeout, policy)
    records: list[CaseRecord] = []
    examples_run = 0 if not usable or not loaded else examples
    if parallel and examples_run:
        chunk = max(1, min(50, examples_run // (jobs * 4) or 1))
        tasks = [(plan, s, min(s + chunk, examples_run)) for s in range(0, examples_run, chunk)]
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            done = 0
            for part in pool.imap(_worker_chunk, tasks):
                records.extend(part)
                done = part[-1].index + 1 if part else done
                if progress:
                    progress(done, examples_run)
            findings = _findings(
                records,
                lambda tasks_: pool.map(_worker_finding, [(plan, *t) for t in tasks_]),
                shrink,
            )
    else:
        with alarm_handler():
            for i in range(examples_run):
                records.extend(_judge_case(evaluator, loaded, seed, usable, i))
                if progress and (i % 10 == 9 or i == examples_run - 1):
                    progress(i + 1, examples_run)
        adapters_by_name = dict(loaded)
        findings = _findings(
            records,
            lambda tasks_: [
                make_finding(
                    evaluator,
                    r.adapter,
                    adapters_by_name[r.adapter],
                    generate(seed, r.index, usable, r.attempt),
                    r,
                    n,
                    s,
                )
                for r, n, s in tasks_
            ],
            shrink,
        )
    counts: dict[str, dict[str, dict[str, dict[str, int]]]] = {name: {} for name in by_name}
    for r in records:
        cell = counts[r.adapter].setdefault(r.metric, {}).setdefault(r.average, {})
        cell[r.category.value] = cell.get(r.category.value, 0) + 1
    # a pair explaining one mismatch together has the id "first+second"
    used = sorted({part for r in records if r.divergence for part in r.divergence.split("+")})
    table = {d.id: d for d in divergences}
    return Report(
        seed=seed,
        examples=examples_run,
        adapters=by_name,
        skipped=skipped,
        metrics=list(usable),
        spec_missing=missing,
        counts=_sorted(counts),
        findings=findings,
        divergences=[table[i].describe() for i in used],
        policy=f"{policy.float64.describe()}; {policy.float32.describe()}; errors: {policy.errors.value}",
    )


def _sorted(counts: dict[str, Any]) -> dict[str, Any]:
    return (
        {k: _sorted(v) if isinstance(v, dict) else v for k, v in sorted(counts.items())}
        if counts and isinstance(next(iter(counts.values())), dict)
        else dict(sorted(counts.items()))
    )


def _findings(
    records: list[CaseRecord],
    build: Callable[[list[tuple[CaseRecord, int, bool]]], list[Finding]],
    do_shrink: bool,
) -> list[Finding]:
    """One finding per group: unexplained by (adapter, metric, average), documented by divergence."""
    groups: dict[tuple[Any, ...], list[CaseRecord]] = {}
    for r in sorted(records, key=lambda r: r.index):
        if r.category is Category.UNEXPLAINED:
            key: tuple[Any, ...] = (r.adapter, "unexplained", r.metric, r.average)
        elif r.category is Category.DOCUMENTED:
            key = (r.adapter, "documented", r.divergence)
        else:
            continue
        groups.setdefault(key, []).append(r)
    tasks = [
        (members[0], len(members), do_shrink)
        for _, members in sorted(groups.items(), key=lambda kv: str(kv[0]))
    ]
    return list(build(tasks)) if tasks else []


def replay(
    adapter: Any,
    query: Query,
    *,
    spec: Any = None,
    policy: Policy = DEFAULT_POLICY,
    timeout: float = 10.0,
) -> Judgement:
    """Judge one query against one adapter (name, target or object)."""
    loaded, skipped = resolve_adapters([adapter])
    if skipped:
        raise AdapterUnavailable(adapter, next(iter(skipped.values())))
    name, obj = loaded[0]
    evaluator = Evaluator(
        importlib.import_module("metricoracle.spec") if spec is None else spec,
        policy=policy,
        timeout=timeout,
    )
    return evaluator.judge(name, obj, query)


def flatten_leaves(value: Any) -> list[Any]:
    """Leaves of a (nested) result (re-exported for reports)."""
    return flatten(value)[1]
