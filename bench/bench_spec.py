"""Benchmark of the spec's counting paths against scikit-learn and numpy floors.

Prints, for 10**7 samples x {2, 10, 100, 1000} classes (CPU-time medians, ratios within
this run): the memory-read floor (``y_true.max(); y_pred.max()``), a naive
``np.bincount(y_true*k + y_pred)``, ``metricoracle.spec.fast`` and the exact
``metricoracle.spec`` ``precision_recall_fscore_support(average=None)``, and
scikit-learn's; peak extra memory (tracemalloc, which sees numpy's allocations); and the
per-call time on 20-sample inputs.

Run: ``python bench/bench_spec.py [--samples N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable

import numpy as np

from metricoracle import spec
from metricoracle.spec import fast


def cpu_median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def peak_extra_bytes(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=10**7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sklearn-repeat", type=int, default=3)
    parser.add_argument("--classes", type=int, nargs="*", default=[2, 10, 100, 1000])
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    try:
        from sklearn.metrics import precision_recall_fscore_support as sk_prfs
    except ImportError:  # pragma: no cover
        sk_prfs = None
    rng = np.random.default_rng(0)
    n = args.samples
    print(f"n = {n:,} samples, CPU-time medians of {args.repeat} runs "
          f"(sklearn: {args.sklearn_repeat}); ratios are within this run")
    header = (f"{'k':>5} {'floor ms':>9} {'bincount':>9} {'fast ms':>8} {'exact ms':>9} "
              f"{'sklearn ms':>10} {'fast/floor':>10} {'naive/floor':>11} "
              f"{'exact/fast':>10} {'sklearn/fast':>12} {'fast peak MB':>12}")
    print(header)
    for k in args.classes:
        y_true = rng.integers(0, k, n)
        y_pred = rng.integers(0, k, n)
        floor = cpu_median(lambda: (y_true.max(), y_pred.max()), args.repeat)  # noqa: B023
        naive = cpu_median(lambda: np.bincount(y_true * k + y_pred, minlength=k * k),  # noqa: B023
                           args.repeat)
        run_fast = lambda: fast.precision_recall_fscore_support(y_true, y_pred,  # noqa: B023, E731
                                                                zero_division=0)
        run_exact = lambda: spec.precision_recall_fscore_support(y_true, y_pred,  # noqa: B023, E731
                                                                 zero_division=0)
        t_fast = cpu_median(run_fast, args.repeat)
        t_exact = cpu_median(run_exact, args.repeat)
        t_sk = (cpu_median(lambda: sk_prfs(y_true, y_pred, zero_division=0),  # noqa: B023
                           args.sklearn_repeat) if sk_prfs else float("nan"))
        peak = peak_extra_bytes(run_fast)
        print(f"{k:>5} {floor * 1e3:>9.1f} {naive * 1e3:>9.1f} {t_fast * 1e3:>8.1f} "
              f"{t_exact * 1e3:>9.1f} {t_sk * 1e3:>10.0f} {t_fast / floor:>10.2f} "
              f"{naive / floor:>11.2f} {t_exact / t_fast:>10.2f} {t_sk / t_fast:>12.1f} "
              f"{peak / 2**20:>12.1f}")
    print(f"(one n-sized int64 array = {n * 8 / 2**20:.0f} MB)")

    small_true = rng.integers(0, 3, 20)
    small_pred = rng.integers(0, 3, 20)
    print("\nper call, 20 samples, f1_score(average='macro'); each repeat times every "
          "implementation back to back, ratios are medians of the per-repeat ratios:")
    contenders = {"fast": fast.f1_score, "exact": spec.f1_score}
    if sk_prfs is not None:
        from sklearn.metrics import f1_score as sk_f1
        contenders["sklearn"] = sk_f1
    reps = {"fast": 1000, "exact": 1000, "sklearn": 100}
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(max(args.repeat, 7)):
        for name, fn in contenders.items():
            start = time.process_time()
            for _ in range(reps[name]):
                fn(small_true, small_pred, average="macro")
            samples[name].append((time.process_time() - start) / reps[name])
    for name, times in samples.items():
        line = f"  {name:>7}: {statistics.median(times) * 1e6:8.1f} us"
        if "sklearn" in samples and name != "sklearn":
            ratios = [sk / t for sk, t in zip(samples["sklearn"], times, strict=True)]
            line += f"   sklearn/this = {statistics.median(ratios):5.1f}x"
        print(line)


if __name__ == "__main__":
    main()
