"""Benchmark the default proof catalogue: CPU seconds per theorem (median of runs).

Usage: ``python bench/bench_proofs.py [--runs 3] [--max-classes 4]``.  CPU seconds of
this process are reported (z3 runs in-process), because the machine is shared and wall
time is noisy.  Target: total ≤ 30 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from metricoracle.proofs import Settings, run_catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-classes", type=int, default=4)
    args = parser.parse_args(argv)
    settings = Settings(max_classes=args.max_classes)
    samples: dict[str, list[float]] = {}
    statuses: dict[str, str] = {}
    names: dict[str, str] = {}
    wall = []
    for _ in range(args.runs):
        start = time.perf_counter()
        for r in run_catalogue(settings=settings):
            samples.setdefault(r.id, []).append(r.seconds)
            bound = f" (n≤{r.max_classes})" if r.status == "proved_up_to_n" else ""
            statuses[r.id] = r.status + bound
            names[r.id] = r.name
        wall.append(time.perf_counter() - start)
    width = max(len(n) for n in names.values())
    print(f"{'id':7} {'theorem':{width}} {'status':24} {'cpu s (median)':>14}")
    total = 0.0
    for key in sorted(samples):
        med = statistics.median(samples[key])
        total += med
        print(f"{key:7} {names[key]:{width}} {statuses[key]:24} {med:14.3f}")
    print(f"{'total':7} {'':{width}} {'':24} {total:14.3f}")
    print(f"runs={args.runs} max_classes={args.max_classes} "
          f"wall per run (median)={statistics.median(wall):.2f} s")
    return 0 if total <= 30 else 1


if __name__ == "__main__":
    sys.exit(main())
