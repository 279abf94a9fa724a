"""Oracle throughput: own cost per case, cases/s against sklearn, default check time.

Run: ``python bench/bench_oracle.py`` (one process; torch pinned to one thread by the
adapters).  Prints CPU-time medians of 3 repetitions
(the default-check line is wall time, since it includes library start-up).
"""

from __future__ import annotations

import statistics
import time

from metricoracle import spec
from metricoracle.oracle import METRICS, Category, run_check
from metricoracle.oracle._compare import compare
from metricoracle.oracle._evaluate import Evaluator
from metricoracle.oracle._recipe import generate
from metricoracle.oracle.adapters import SUPPORTED, Value, normalise


class NoOp:
    """Supports every query and answers 0.0 at no cost: what remains is the oracle's own
    work (generation, exact spec, comparison, bookkeeping)."""

    name = "noop"

    def support(self, query: object) -> object:
        return SUPPORTED

    def run(self, query: object) -> float:
        return 0.0


def _to_float(value: object) -> object:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_to_float(v) for v in value]
    return None if value is None else float(value)  # type: ignore[arg-type]


def _median(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()  # CPU time: the machine is shared
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    n = 2000
    metrics = list(METRICS)
    queries = [generate(0, i, metrics) for i in range(n)]
    evaluator = Evaluator(spec, timeout=0)
    spec_values = [evaluator.spec_outcome(q) for q in queries]
    gen = _median(lambda: [generate(0, i, metrics) for i in range(n)]) / n
    spec_t = _median(lambda: [evaluator.spec_outcome(q) for q in queries]) / n
    floats = [Value(_to_float(s.value)) if isinstance(s, Value) else s for s in spec_values]
    cmp_t = (
        _median(
            lambda: [
                compare(s, normalise(f) if isinstance(f, Value) else f)
                for s, f in zip(spec_values, floats, strict=True)
            ]
        )
        / n
    )
    whole = _median(lambda: run_check([NoOp()], examples=n, seed=0, shrink=False)) / n
    print(
        f"oracle cost per case (no-op adapter, whole loop): {whole * 1e3:.3f} ms "
        f"[generation {gen * 1e3:.3f} ms, exact spec {spec_t * 1e3:.3f} ms, comparison {cmp_t * 1e3:.3f} ms]"
    )

    def sk() -> object:
        return run_check(["sklearn"], examples=n, seed=0, shrink=False)

    report = sk()
    checked = n - report.total(Category.UNSUPPORTED)
    seconds = _median(sk)
    print(
        f"sklearn: {checked} checked cases of {n} generated in {seconds:.2f} s = "
        f"{checked / seconds:.0f} checked cases/s ({n / seconds:.0f} generated cases/s), one core"
    )
    start = time.perf_counter()
    full = run_check(None, examples=300, seed=0)
    print(
        f"default check (all installed adapters {full.adapters}, 300 cases, shrinking on): "
        f"{time.perf_counter() - start:.1f} s; skipped: {sorted(full.skipped) or 'none'}"
    )


if __name__ == "__main__":
    main()
