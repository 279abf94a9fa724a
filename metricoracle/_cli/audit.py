"""``metricoracle audit``: the main job on built-in defaults.

1. the exact metrics of the built-in example (``demo``);
2. the theorem catalogue (``prove``; needs the ``proofs`` extra);
3. the differential check of every installed library adapter (``check``; needs the
   ``oracle`` extra).

Each step runs with its own defaults; a step whose extra is not installed is reported as
skipped.  The exit code is the worst of the steps' codes, except that the check's code 1
(unexplained discrepancies found in third-party libraries) is the audit's *result*, not
its failure: it is summarised, and the audit exits 0 unless demo or prove fail or a step
cannot run (``metricoracle check`` alone keeps exit 1 for CI gates).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import time
from typing import TextIO

HELP = "the main job: demo, prove the catalogue, check installed libraries"

STEPS = (
    ("demo", "metricoracle._cli.demo", ()),
    ("prove", "metricoracle._cli.prove", ("z3",)),
    ("check", "metricoracle._cli.check", ("hypothesis",)),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--skip", nargs="*", default=[], choices=[s[0] for s in STEPS],
                        help="steps to leave out")


def run(args: argparse.Namespace, *, out: TextIO) -> int:
    worst = 0
    for name, module_name, needs in STEPS:
        print(f"\n=== metricoracle {name} ===", file=out, flush=True)
        if name in args.skip:
            print("skipped (--skip)", file=out)
            continue
        missing = [m for m in needs if importlib.util.find_spec(m) is None]
        if missing or importlib.util.find_spec(module_name) is None:
            print(f"skipped: {', '.join(missing) or module_name} not installed", file=out)
            continue
        module = importlib.import_module(module_name)
        step_parser = argparse.ArgumentParser(prog=f"metricoracle {name}")
        module.add_arguments(step_parser)
        started = time.perf_counter()
        code = int(module.run(step_parser.parse_args([]), out=out))
        print(f"--- {name}: exit {code} in {time.perf_counter() - started:.1f} s", file=out)
        if name == "check" and code == 1:
            print("--- check found unexplained discrepancies in the libraries above (their "
                  "findings, not a failure of the audit); `metricoracle check` exits 1 on them",
                  file=out)
            code = 0
        worst = max(worst, code)
    return worst
