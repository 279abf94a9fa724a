"""Benchmark: metricoracle.consistency vs mlscorecheck 1.0.3 on the same reports.

Run: ``.venv/bin/python bench/bench_consistency.py``.  Prints per-check medians (ms) and
both tools' verdicts.  Reports are made from random confusion matrices (seeded), rounded
half-even to 4 decimals (consistent), and perturbed by +0.0003..0.002 (mostly not);
mlscorecheck gets eps = 5e-5 (half a unit in the 4th decimal) plus its 1e-6 tolerance.
"""

from __future__ import annotations

import logging
import statistics
import time
import warnings
from fractions import Fraction

import numpy as np

from metricoracle.consistency import (
    Budget,
    ScoreAverage,
    Setup,
    check_consistency,
    parse_score,
)

EPS = 5e-5
BINARY_SCORES = ["acc", "sens", "spec", "ppv", "f1"]
_ML_NAMES = {"acc": "acc", "sens": "sens", "spec": "spec", "ppv": "ppv", "f1": "f1"}


def _median_ms(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _binary_values(tp: int, tn: int, p: int, n: int) -> dict[str, Fraction]:
    fp, fn = n - tn, p - tp
    return {"acc": Fraction(tp + tn, p + n), "sens": Fraction(tp, p), "spec": Fraction(tn, n),
            "ppv": Fraction(tp, tp + fp), "f1": Fraction(2 * tp, 2 * tp + fp + fn)}


def binary_cases(rng: np.random.Generator, count: int) -> list[tuple[int, int, dict[str, str]]]:
    cases = []
    for i in range(count):
        p, n = int(rng.integers(20, 600)), int(rng.integers(20, 900))
        tp, tn = int(rng.integers(p // 3, p)), int(rng.integers(n // 3, n))
        values = _binary_values(tp, tn, p, n)
        shown = {k: f"{round(float(v), 4):.4f}" for k, v in values.items()}
        if i % 2:
            key = BINARY_SCORES[i % len(BINARY_SCORES)]
            shown[key] = f"{float(shown[key]) + float(rng.choice([3e-4, 1e-3, 2e-3])):.4f}"
        cases.append((p, n, shown))
    return cases


def slack_case() -> tuple[int, int, dict[str, str]]:
    """A report whose only candidate lies outside the rounding interval by < 1e-6.

    Found by search: acc = k/N exceeds v + 0.00005 by less than 1e-6, so no rounding to
    nearest prints v, but mlscorecheck's tolerance accepts it.
    """
    for total in range(200, 3000):
        for k in range(total // 2, total):
            scaled = Fraction(k, total) * 10**4
            v = (scaled - Fraction(1, 2)).__floor__()
            gap = Fraction(k, total) - (Fraction(v, 10**4) + Fraction(1, 2 * 10**4))
            if 0 < gap < Fraction(1, 10**6) and v % 2 == 0:
                p = total // 3
                return p, total - p, {"acc": f"{Fraction(v, 10**4).__float__():.4f}"}
    raise RuntimeError("no slack case found")


def ours_binary(p: int, n: int, shown: dict[str, str]) -> str:
    setup = Setup.binary_counts(p, n)
    scores = [parse_score(f"{k}={v}", default_average=ScoreAverage.BINARY)
              for k, v in shown.items()]
    return check_consistency(scores, setup, explain=False).status.value


def ml_binary(p: int, n: int, shown: dict[str, str]) -> str:
    from mlscorecheck.check.binary import check_1_testset_no_kfold

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = check_1_testset_no_kfold(testset={"p": p, "n": n},
                                          scores={_ML_NAMES[k]: float(v)
                                                  for k, v in shown.items()}, eps=EPS)
    return "inconsistent" if result["inconsistency"] else "consistent"


def aggregated_cases(rng: np.random.Generator) -> list[tuple[str, Setup, list[str]]]:
    """Small aggregated reports (the non-linear engines)."""
    cases = []
    # mean of per-fold F1 etc., 5 stratified folds.
    from metricoracle.consistency._problem import Hypothesis, Problem
    from metricoracle.consistency._setup import Aggregation
    for p, n, k in [(20, 30, 5), (40, 60, 5), (30, 50, 10)]:
        setup = Setup.binary_counts(p, n, n_folds=k)
        matrices = []
        for n_f, p_f in setup.fold_supports():
            tp, tn = int(rng.integers(p_f // 2, p_f + 1)), int(rng.integers(n_f // 2, n_f + 1))
            matrices.append(np.array([[tn, n_f - tn], [p_f - tp, tp]]))
        names = ["acc", "f1"]
        scores = tuple(parse_score(f"{x}=0", default_average=ScoreAverage.BINARY)
                       for x in names)
        problem = Problem.build(setup, scores,
                                Hypothesis(aggregation=Aggregation.MEAN_OF_FOLDS))
        values = problem.values_exact(matrices)
        shown = [f"{x}={round(float(v), 4):.4f}" for x, v in zip(names, values, strict=True)]
        cases.append((f"mean-of-folds acc+F1, p={p}, n={n}, {k} folds", setup, shown))
    for supports in [(10, 12, 14), (30, 40, 50)]:
        k = len(supports)
        matrix = np.array([rng.multinomial(s, np.where(np.arange(k) == i, 4, 1) / (k + 3))
                           for i, s in enumerate(supports)])
        setup = Setup.multiclass(list(supports))
        names = ["acc", "f1_macro", "f1_weighted"]
        scores = tuple(parse_score(f"{x}=0") for x in names)
        values = Problem.build(setup, scores, Hypothesis()).values_exact([matrix])
        shown = [f"{x}={round(float(v), 4):.4f}" for x, v in zip(names, values, strict=True)]
        cases.append((f"macro/weighted F1, supports={supports}", setup, shown))
    # 10 classes, 1,000 samples: balanced and unbalanced supports; as generated
    # (consistent), and perturbed (with equal supports macro F1 = weighted F1 on every
    # matrix, so moving one of them makes the mean-of-F1 reading impossible).
    for supports in [(100,) * 10, (300, 200, 150, 100, 80, 60, 40, 30, 25, 15)]:
        k = len(supports)
        matrix = np.array([rng.multinomial(s, np.where(np.arange(k) == i, 3 * k, 1)
                                           / (4 * k - 1)) for i, s in enumerate(supports)])
        setup = Setup.multiclass(list(supports))
        names = ["acc", "f1_macro", "f1_weighted"]
        scores = tuple(parse_score(f"{x}=0") for x in names)
        values = Problem.build(setup, scores, Hypothesis()).values_exact([matrix])
        label = "10 classes × 100" if len(set(supports)) == 1 else "10 classes, unbalanced"
        for moved, shift in (("", 0.0), ("f1_macro", 0.003), ("f1_macro", -0.02),
                             ("f1_weighted", 0.1)):
            shown = [f"{x}={round(float(v), 4) + (shift if x == moved else 0):.4f}"
                     for x, v in zip(names, values, strict=True)]
            tag = "as generated" if shift == 0 else f"{moved} {shift:+.3f}"
            cases.append((f"{label}, N=1000, {tag}", setup, shown))
            if shift == 0:
                cases.append((f"{label}, N=1000, acc+weighted F1", setup,
                              [shown[0], shown[2]]))
    return cases


HARD_SUPPORTS = (5, 8, 12, 20, 35, 60, 100, 160, 250, 350)


def hard_cases() -> list[tuple[str, str, list[str]]]:
    """Extreme 10-class reports: macro F1 far above weighted F1 (2 decimals, half-even).

    The consistent rows come from a hand-built matrix (small classes perfect, the
    350-class confused with classes 6-8); the inconsistent ones have hand proofs in
    ``tests/consistency/test_hard_reports.py``.  Rows: (macro F1 definition, expected,
    scores)."""
    m = np.diag(HARD_SUPPORTS).astype(np.int64)
    for row, col, moved in ((9, 8, 20), (8, 9, 110), (7, 9, 55), (6, 9, 35)):
        m[row, row] -= moved
        m[row, col] += moved
    t, c, d = m.sum(axis=1), m.sum(axis=0), np.diag(m)
    f1 = [Fraction(2 * int(a), int(b) + int(e)) for a, b, e in zip(d, t, c, strict=True)]
    p = [Fraction(int(a), int(b)) for a, b in zip(d, c, strict=True)]
    r = [Fraction(int(a), int(b)) for a, b in zip(d, t, strict=True)]
    w = [Fraction(int(x), 1000) for x in t]
    mp, mr = sum(p) / 10, sum(r) / 10
    v = {"acc": Fraction(int(d.sum()), 1000), "f1_macro": sum(f1) / 10,
         "f1_weighted": sum(a * b for a, b in zip(w, f1, strict=True)),
         "precision_macro": mp, "recall_macro": mr,
         "precision_weighted": sum(a * b for a, b in zip(w, p, strict=True)),
         "recall_weighted": sum(a * b for a, b in zip(w, r, strict=True)),
         "fom": 2 * mp * mr / (mp + mr)}

    def shown(names: list[str]) -> list[str]:
        return [f"{'f1_macro' if n == 'fom' else n}={float(round(v[n], 2)):.2f}"
                for n in names]

    mpr, wpr = ["precision_macro", "recall_macro"], ["precision_weighted",
                                                     "recall_weighted", "acc"]
    rows = [("mean-of-f1", "consistent", shown(["f1_macro", "f1_weighted", *extra]))
            for extra in ([], mpr, wpr, mpr + wpr)]
    rows += [("f1-of-means", "consistent", shown(["fom", "f1_weighted", *extra]))
             for extra in (mpr, mpr + wpr)]
    rows += [("mean-of-f1", "inconsistent", ["f1_macro=0.94", "f1_weighted=0.78"]),
             ("mean-of-f1", "inconsistent", ["f1_macro=0.96", "f1_weighted=0.78"]),
             ("mean-of-f1", "inconsistent",
              ["f1_macro=0.94", *shown(["f1_weighted", *mpr, *wpr])]),
             ("f1-of-means", "inconsistent",
              ["f1_macro=0.96", "precision_macro=0.90", "recall_macro=0.90"])]
    return rows


def _hard_values(m: np.ndarray) -> dict[str, Fraction]:
    t, c, d = m.sum(axis=1), m.sum(axis=0), np.diag(m)
    n, k = int(t.sum()), len(t)
    f1 = [Fraction(2 * int(a), int(b) + int(e)) for a, b, e in zip(d, t, c, strict=True)]
    p = [Fraction(int(a), int(b)) for a, b in zip(d, c, strict=True)]
    r = [Fraction(int(a), int(b)) for a, b in zip(d, t, strict=True)]
    w = [Fraction(int(x), n) for x in t]
    mp, mr = sum(p) / k, sum(r) / k
    return {"acc": Fraction(int(d.sum()), n), "f1_macro": sum(f1) / k,
            "f1_weighted": sum(a * b for a, b in zip(w, f1, strict=True)),
            "precision_macro": mp, "recall_macro": mr,
            "precision_weighted": sum(a * b for a, b in zip(w, p, strict=True)),
            "recall_weighted": sum(a * b for a, b in zip(w, r, strict=True)),
            "fom": 2 * mp * mr / (mp + mr)}


def four_decimal_cases() -> list[tuple[str, list[int], str, list[str]]]:
    """Extreme reports printed with 4 decimals (half-even) from hand-built matrices (small
    classes perfect, errors piled on the largest classes); all consistent by construction.
    Rows: (matrix name, supports, macro F1 definition, scores)."""
    def moved(supports: list[int], moves: list[tuple[int, int, int]]) -> np.ndarray:
        m = np.diag(supports).astype(np.int64)
        for row, col, k in moves:
            m[row, row] -= k
            m[row, col] += k
        return m

    mats = {"5…350": moved(list(HARD_SUPPORTS), [(9, 8, 20), (8, 9, 110), (7, 9, 55),
                                                  (6, 9, 35)]),
            "10…400": moved([10, 20, 40, 80, 150, 300, 400],
                            [(6, 5, 30), (5, 6, 90), (4, 6, 40)]),
            "6…520": moved([6, 9, 15, 30, 60, 120, 240, 520],
                           [(7, 6, 25), (6, 7, 80), (5, 7, 30), (4, 7, 12)])}
    mpr, wpr = ["precision_macro", "recall_macro"], ["precision_weighted",
                                                     "recall_weighted", "acc"]
    rows = []
    for name, m in mats.items():
        v = _hard_values(m)

        def shown(names: list[str], v: dict[str, Fraction] = v) -> list[str]:
            return [f"{'f1_macro' if n == 'fom' else n}={float(round(v[n], 4)):.4f}"
                    for n in names]

        sets = [("mean-of-f1", ["f1_macro", "f1_weighted"]),
                ("mean-of-f1", ["f1_macro", "f1_weighted", "acc"]),
                ("mean-of-f1", ["f1_macro", "f1_weighted", *wpr])]
        if name == "5…350":
            sets += [("mean-of-f1", ["f1_macro", "f1_weighted", *mpr]),
                     ("mean-of-f1", ["f1_macro", "f1_weighted", *mpr, *wpr]),
                     ("f1-of-means", ["fom", "f1_weighted", *mpr])]
        rows += [(name, m.sum(axis=1).tolist(), mf, shown(names)) for mf, names in sets]
    return rows


def mcc_fold_cases() -> list[tuple[str, Setup, list[str], str]]:
    """Mean of per-fold MCC (binary folds): hand-built folds (consistent) and the
    impossible 0.99 of tests/consistency/test_mean_mcc.py."""
    import math

    def mcc(tp: int, tn: int, fp: int, fn: int) -> float:
        return (tp * tn - fp * fn) / math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))

    rows = []
    for p, n, k, chosen in [(23, 41, 4, [(4, 9), (5, 8), (6, 7), (3, 10)]),
                            (100, 150, 5, [(15, 25), (18, 27), (12, 29), (20, 20), (16, 26)]),
                            (300, 500, 10, [(25, 45), (28, 40), (22, 47), (30, 35), (26, 44),
                                            (24, 42), (27, 46), (29, 41), (21, 48), (30, 50)])]:
        setup = Setup.binary_counts(p, n, n_folds=k)
        folds = setup.fold_supports()
        vals = {"mcc": [], "acc": [], "f1": []}
        for (nf, pf), (tp, tn) in zip(folds, chosen, strict=True):
            fp, fn = nf - tn, pf - tp
            vals["mcc"].append(mcc(tp, tn, fp, fn))
            vals["acc"].append((tp + tn) / (nf + pf))
            vals["f1"].append(2 * tp / (2 * tp + fp + fn))
        shown = [f"{x}={sum(v) / k:.4f}" for x, v in vals.items()]
        rows.append((f"p={p}, n={n}, {k} folds: MCC", setup, shown[:1], "consistent"))
        rows.append((f"p={p}, n={n}, {k} folds: MCC + acc + F1", setup, shown, "consistent"))
    rows.append(("p=20, n=30, 5 folds: MCC above reach", Setup.binary_counts(20, 30, n_folds=5),
                 ["mcc=0.99"], "inconsistent"))
    return rows


def class_fold_cases() -> list[tuple[str, Setup, list[str], str]]:
    """Mean of per-fold macro/weighted scores over K-class stratified folds: hand-built
    fold matrices (row i sends 20-30 % of its samples to class i+1), means printed with
    2 or 4 decimals (consistent), and one impossible report (hand proof in
    tests/consistency/test_class_folds.py)."""
    rows = []
    for supports, n_folds, names, decimals in [
            ((40, 50, 60), 5, ["f1_macro", "acc"], 4),
            ((40, 50, 60), 5, ["f1_macro", "acc"], 2),
            ((30, 40, 50, 60), 5, ["f1_macro", "f1_weighted", "acc"], 4),
            ((30, 40, 50, 60), 10, ["precision_macro", "recall_macro", "f1_macro"], 4),
            (tuple(range(20, 120, 10)), 10, ["f1_macro", "acc"], 4)]:
        setup = Setup.multiclass(list(supports), n_folds=n_folds)
        folds = setup.fold_supports()
        sums: dict[str, Fraction] = {}
        for f, fold in enumerate(folds):
            k = len(fold)
            m = np.diag(fold).astype(np.int64)
            for i in range(k):
                moved = fold[i] * (4 + (f + i) % 3) // 20
                m[i, i] -= moved
                m[i, (i + 1) % k] += moved
            for name, value in _hard_values(m).items():
                sums[name] = sums.get(name, Fraction(0)) + value
        shown = [f"{x}={float(round(sums[x] / len(folds), decimals)):.{decimals}f}"
                 for x in names]
        rows.append((f"{len(supports)} classes {supports[0]}…{supports[-1]}, {n_folds} folds",
                     setup, shown, "consistent"))
    rows.append(("3 classes 40…60, 5 folds: macro F1 far above accuracy",
                 Setup.multiclass([40, 50, 60], n_folds=5), ["f1_macro=0.99", "acc=0.50"],
                 "inconsistent"))
    return rows


def kappa_mcc_cases() -> list[tuple[str, list[int], list[str], str]]:
    """Unweighted kappa and multiclass MCC in the class engine: hand-built matrices (the
    arithmetic is in tests/consistency/test_kappa_mcc_classes.py), the two reports that
    fell back to z3 before (UNKNOWN after 4 s; 3 s), one impossible report
    (kappa ≤ (D − min t)/(N − min t) = 2/3 at acc = 0.75), and 10 classes with N = 1000:
    a seeded random matrix (row i puts 80 % of its samples on the diagonal) and the
    extreme matrix of the sections above, printed with 4 decimals."""
    rng = np.random.default_rng(7)
    supports = (300, 200, 150, 100, 80, 60, 40, 30, 25, 15)
    k = len(supports)
    m = np.array([rng.multinomial(s, np.where(np.arange(k) == i, 8 * (k - 1), 2) / (10 * (k - 1)))
                  for i, s in enumerate(supports)])
    extreme = np.diag(HARD_SUPPORTS).astype(np.int64)
    for row, col, moved in ((9, 8, 20), (8, 9, 110), (7, 9, 55), (6, 9, 35)):
        extreme[row, row] -= moved
        extreme[row, col] += moved
    rows = [("3 classes, N=120", [30, 40, 50], ["kappa=0.6150", "acc=0.7500",
                                                 "f1_macro=0.7455"], "consistent"),
            ("3 classes, N=120", [30, 40, 50], ["mcc=0.6160", "acc=0.7500"], "consistent"),
            ("4 classes, N=140", [20, 30, 40, 50], ["kappa=0.7644", "mcc=0.7646",
                                                     "f1_weighted=0.8294"], "consistent"),
            ("4 classes, N=140", [20, 30, 40, 50], ["mcc=0.7646", "acc=0.8286"],
             "consistent"),
            ("3 classes, N=120", [30, 40, 50], ["kappa=0.90", "acc=0.7500"], "inconsistent")]
    for name, mat, sets in (("10 classes 300…15, N=1000", m,
                             [["kappa", "acc", "f1_macro"], ["mcc", "acc", "f1_weighted"],
                              ["kappa", "mcc", "precision_macro", "recall_macro"]]),
                            ("10 classes 5…350 (extreme), N=1000", extreme,
                             [["mcc", "acc"], ["kappa", "mcc"]])):
        t, c, n = mat.sum(axis=1), mat.sum(axis=0), int(mat.sum())
        num = n * int(np.trace(mat)) - int((t * c).sum())
        v = {x: float(y) for x, y in _hard_values(mat).items()}
        v["kappa"] = num / (n * n - int((t * c).sum()))
        v["mcc"] = num / ((n * n - int((c * c).sum())) * (n * n - int((t * t).sum()))) ** 0.5
        rows += [(name, t.tolist(), [f"{x}={v[x]:.4f}" for x in names], "consistent")
                 for names in sets]
    return rows


def _print_table(title: str, rows: list, **options: str) -> None:
    """One Markdown table: per row the first verdict and its median time over 3 runs."""
    print(f"\n## {title}")
    print("| case | scores | expected | verdict (engine, median ms) |")
    print("|---|---|---|---|")
    for name, setup, scores, shown, expected in rows:
        runs = [check_consistency(scores, setup, explain=False, **options) for _ in range(3)]
        verdict = runs[0].verdicts[0]
        med = statistics.median(r.verdicts[0].seconds for r in runs) * 1000
        print(f"| {name} | {', '.join(shown)} | {expected} | {verdict.status.value} "
              f"({verdict.method}, {med:.0f} ms) |")


def main() -> None:
    logging.disable(logging.INFO)  # mlscorecheck logs every step at INFO
    rng = np.random.default_rng(2024)
    cases = binary_cases(rng, 20)
    print("## binary, single test set (4 decimals, half-even; eps=5e-5 for mlscorecheck)")
    print("| p | n | scores | ours | ms | mlscorecheck | ms |")
    print("|---|---|---|---|---|---|---|")
    ours_ms, ml_ms = [], []
    for p, n, shown in [*cases, slack_case()]:
        t1, ours = _median_ms(lambda p=p, n=n, s=shown: ours_binary(p, n, s))
        t2, theirs = _median_ms(lambda p=p, n=n, s=shown: ml_binary(p, n, s), repeat=3)
        ours_ms.append(t1)
        ml_ms.append(t2)
        flag = "" if ours == theirs else "  <- differ"
        text = ", ".join(f"{k}={v}" for k, v in shown.items())
        print(f"| {p} | {n} | {text} | {ours} | {t1:.2f} | {theirs}{flag} | {t2:.1f} |")
    print(f"\nbinary median per check: ours {statistics.median(ours_ms):.2f} ms, "
          f"mlscorecheck {statistics.median(ml_ms):.1f} ms")
    print("\n## aggregated (non-linear) checks, default budgets (median of 3 runs per verdict)")
    print("| case | scores | hypothesis: verdict (engine, median ms) |")
    print("|---|---|---|")
    unknown = 0
    for name, setup, shown in aggregated_cases(rng):
        default = ScoreAverage.BINARY if setup.binary else None
        scores = [parse_score(s, default_average=default) for s in shown]
        runs = [check_consistency(scores, setup, explain=False, budget=Budget())
                for _ in range(3)]
        parts = []
        for i, v in enumerate(runs[0].verdicts):
            med = statistics.median(r.verdicts[i].seconds for r in runs) * 1000
            unknown += v.status.value == "unknown"
            parts.append(f"{v.hypothesis.aggregation or v.hypothesis.macro_f1.value}:"
                         f" {v.status.value} ({v.method}, {med:.0f} ms)")
        print(f"| {name} | {', '.join(shown)} | {'; '.join(parts)} |")
    print(f"\nunknown verdicts among the aggregated rows: {unknown}")
    print(f"\n## extreme 10-class reports, supports {HARD_SUPPORTS} (median of 3 runs)")
    print("| macro F1 | expected | scores | verdict (engine, median ms) |")
    print("|---|---|---|---|")
    setup = Setup.multiclass(list(HARD_SUPPORTS))
    hard_ms, wrong = [], 0
    for macro_f1, expected, shown in hard_cases():
        scores = [parse_score(s) for s in shown]
        runs = [check_consistency(scores, setup, macro_f1=macro_f1, explain=False)
                for _ in range(3)]
        verdict = runs[0].verdicts[0]
        med = statistics.median(r.verdicts[0].seconds for r in runs) * 1000
        hard_ms.append(med)
        wrong += verdict.status.value != expected
        print(f"| {macro_f1} | {expected} | {', '.join(shown)} | {verdict.status.value} "
              f"({verdict.method}, {med:.0f} ms) |")
    print(f"\nextreme rows: {len(hard_ms)}, not as constructed: {wrong}, "
          f"{min(hard_ms):.0f}-{max(hard_ms):.0f} ms (median {statistics.median(hard_ms):.0f})")
    print("\n## extreme reports, 4 decimals (one run each: UNKNOWN rows run into z3)")
    print("| matrix | macro F1 | scores | verdict (engine, ms) |")
    print("|---|---|---|---|")
    four = []
    for name, supports, macro_f1, shown in four_decimal_cases():
        report = check_consistency([parse_score(x) for x in shown], Setup.multiclass(supports),
                                   macro_f1=macro_f1, explain=False)
        verdict = report.verdicts[0]
        four.append((verdict.status.value, verdict.seconds * 1000))
        print(f"| {name} | {macro_f1} | {', '.join(shown)} | {verdict.status.value} "
              f"({verdict.method}, {verdict.seconds * 1000:.0f} ms) |")
    decided = [ms for st, ms in four if st == "consistent"]
    print(f"\n4-decimal rows: {len(four)}, consistent {len(decided)} "
          f"({min(decided, default=0):.0f}-{max(decided, default=0):.0f} ms), "
          f"unknown {sum(st == 'unknown' for st, _ in four)}")
    _print_table("mean of per-fold MCC (binary folds, 4 decimals; median of 3 runs)",
                 [(name, setup, [parse_score(x, default_average=ScoreAverage.BINARY)
                                 for x in shown], shown, expected)
                  for name, setup, shown, expected in mcc_fold_cases()],
                 aggregation="mean-of-folds")
    _print_table("mean of per-fold macro scores (K-class stratified folds, mean-of-f1; "
                 "median of 3 runs)",
                 [(name, setup, [parse_score(x) for x in shown], shown, expected)
                  for name, setup, shown, expected in class_fold_cases()],
                 aggregation="mean-of-folds", macro_f1="mean-of-f1")
    _print_table("unweighted kappa and MCC with macro/weighted scores (class engine, "
                 "mean-of-f1; median of 3 runs)",
                 [(name, Setup.multiclass(supports), [parse_score(x) for x in shown], shown,
                   expected) for name, supports, shown, expected in kappa_mcc_cases()],
                 macro_f1="mean-of-f1")
    print("\n## micro P != micro R (single-label, supports 30,40,50)")
    scores = [parse_score("precision_micro=0.70"), parse_score("recall_micro=0.75")]
    t1, report = _median_ms(lambda: check_consistency(scores, Setup.multiclass([30, 40, 50])))
    print(f"ours: {report.status.value} in {t1:.1f} ms: {report.verdicts[0].reason}")
    print("mlscorecheck: micro precision/recall are not among the scores its multiclass "
          "checks accept (acc, sens, spec, bacc); class-by-class relaxations cannot see "
          "ΣFP = ΣFN.")


if __name__ == "__main__":
    main()
