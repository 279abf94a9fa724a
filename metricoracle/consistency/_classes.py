"""Macro / weighted scores of one single-label K-class matrix with known supports, decided
exactly.

The report in per-class form (:mod:`._classvalues`): one point (d_k, c_k) per class, with
Σc = N, Σd in the set allowed by the Σd-only scores, the Hall condition of
:mod:`._classdp`, and the summed contributions in the reported boxes.  Engines, in order:

1. a short local search for a witness (:mod:`._fastclass`; replayed exactly);
2. exhaustive enumeration for 2–3 classes (:mod:`._fastclass`);
3. Lagrangian duality (:mod:`._duality`): a proof of INCONSISTENT, or else reduced-cost
   fixing, which removes every point that no fitting choice can use;
4. the exact completion of the quick search's nearest state (:mod:`._complete`): a
   witness for reports deep inside the reachable region, which duality cannot narrow;
5. the exact key DP (:mod:`._classdp`) over the surviving points: a proof either way;
6. only if the survivors are too many to tabulate (or the DP's row budget runs out), a
   longer local search.

Every CONSISTENT is an integer matrix replayed through the spec; every INCONSISTENT comes
from an exact bound (2, 3) or the exhausted exact DP (5).

Unweighted Cohen's kappa and multiclass MCC join these scores through D = Σd,
T = Σ t_k·c_k and Q = Σ c_k² (:mod:`._classvalues`, :mod:`._kappamcc`): kappa as two
exact linear boxes, MCC as a target on (N·D − T)/N² and Q/N² with linear cuts for
duality (:meth:`_Front._mcc_cuts`), and in the DP as exact tests on (D, T, Q).  For them
the quick search runs in Σd slices near the D where both take the reported value at c = t
(:meth:`_Front.slices`), three classes are scanned exhaustively over the column sums
(:meth:`_Front.scan_columns`: kappa and MCC confine D to a short range per c) before
anything else, and the exhaustive enumeration waits for duality's survivors.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import isqrt

import numpy as np

from metricoracle.consistency import _complete, _duality, _fastclass
from metricoracle.consistency._classdp import all_points, class_dp, kappa_mcc_tests, matrix_from
from metricoracle.consistency._classvalues import (
    PER_CLASS_OK,
    POLY,
    ClassSpace,
    d_only,
    float_grids,
    kappa_or_mcc,
)
from metricoracle.consistency._keydp import DEFAULT_ROWS, expand_ranges
from metricoracle.consistency._problem import Problem
from metricoracle.consistency._scores import Score, ScoreAverage
from metricoracle.consistency._setup import ZeroDivisionRule
from metricoracle.consistency._z3search import SearchResult

#: the DP tabulates exact Fractions per class point: skip it beyond this many.
MAX_DP_POINTS = 600_000
#: join rounds of each exact completion (:mod:`._complete`) in the quick pass.
COMPLETE_ROUNDS = 8
#: ... from at most this many starts (the nearest), which bounds the time an impossible
#: report spends here.
COMPLETE_STARTS = 2
#: ... started only from states within this distance of every box (absolute score units:
#: the joins move sums by a few thousandths; far states, e.g. of impossible reports whose
#: relaxation cannot get close, would only spend time).
COMPLETE_NEAR = 0.0075
#: the completion runs before duality when the quick search's nearest state is this close.
COMPLETE_FIRST = 0.002
#: ... and then for at most this many join rounds (the rest after the duality pass) ...
EARLY_ROUNDS = 4
#: ... ending at this many rounds in a row without progress: a consistent report's
#: descent keeps getting nearer (each stall tries a wider neighbourhood), an impossible
#: one's stalls at once (no pair within its box widths) and must reach its duality proof
#: quickly; the costliest neighbourhood (8 classes) is left to the full completion.
EARLY_PATIENCE = 2
#: work of the quick witness search; with kappa or MCC it is shared by at most SLICES
#: Σd slices (a quarter of it for three classes, whose column scan is exhaustive), each
#: with at least SLICE_WORK.
QUICK_WORK = 1_000_000
SLICES = 12
SLICE_WORK = 100_000
#: the column scan (three classes with kappa or MCC) tests at most SCAN_PAIRS (c, D), at
#: most SCAN_WORK diagonals (in chunks of SCAN_CHUNK), and replays at most SCAN_REPLAYS.
SCAN_PAIRS = 4_000_000
SCAN_WORK = 30_000_000
SCAN_CHUNK = 2_000_000
SCAN_REPLAYS = 50
#: with kappa or MCC, the budget of the duality passes' multiplier search with free
#: directions (:func:`._duality._minimise`): their certificates combine several boxes.
DUAL_EVALS = 1000


def classes_supported(problem: Problem) -> bool:
    """Whether :func:`macro_weighted` applies (one matrix, known supports, no ``nan`` rule)."""
    setup, hyp = problem.setup, problem.hypothesis
    if problem.per_fold or setup.supports is None or setup.binary:
        return False
    if hyp.zero_division is ZeroDivisionRule.NAN:
        return False
    for s in problem.scores:
        if d_only(s) or s.score is Score.BALANCED_ACCURACY:
            continue
        if kappa_or_mcc(s) and sum(1 for x in setup.supports if x > 0) >= 2:
            continue  # (one class holding every sample: kappa's denominator can be 0)
        if s.score in PER_CLASS_OK and s.average in (ScoreAverage.MACRO,
                                                     ScoreAverage.WEIGHTED):
            continue
        return False
    return True


@dataclass
class _Coord:
    grids: list[np.ndarray]


def macro_weighted(problem: Problem, *, max_rows: int = DEFAULT_ROWS) -> SearchResult:
    """Decide a macro/weighted report on one K-class matrix exactly (module docstring)."""
    space = ClassSpace.build(problem)
    if not space.allowed.any():
        return SearchResult("unsat")
    front = _Front(space) if space.k >= 2 else None
    if front is None:
        points = all_points(space)
    else:
        fast = front.quick()
        if fast is not None:
            return fast
        # The quick search ended within a few box widths of every box (4-decimal
        # extreme reports): complete its nearest state exactly first — cheaper than the
        # duality pass over every per-class point.  Far states (impossible reports whose
        # relaxation cannot get close) skip it and go to duality.
        # A short completion only (EARLY_ROUNDS per start, while it progresses): an
        # impossible report can also end near every box (e.g. macro F1 moved by +0.003),
        # and must reach its duality proof quickly; the full completion runs after duality.
        if front.near() and front.complete(rounds=EARLY_ROUNDS, patience=EARLY_PATIENCE):
            return SearchResult("sat", front.found)
        reduced = front.reduce()
        if reduced is None:
            return SearchResult("unsat")
        points = reduced
        small = front.enumerate_points(points) if front.kappa_mcc else None
        if small is not None:
            return SearchResult(small, front.found if small == "sat" else None)
        # Duality neither proved nor pinned it down: the report lies inside the reachable
        # region, where a witness usually exists but the quick search (several narrow
        # boxes at once) missed it.  The exact completion of its nearest state runs
        # before the DP (after duality, so impossible reports that duality proves never
        # pay for it); the DP then decides what it can tabulate.
        if front.complete():
            return SearchResult("sat", front.found)
    size = sum(len(d) for d, _ in points) * max(len(space.sums), 1)
    reason = (f"exact averaged DP: {size} per-class values exceed {MAX_DP_POINTS} "
              "(the fast passes did not decide)")
    if size <= MAX_DP_POINTS:
        exact = class_dp(space, points, max_rows)
        if exact.status != "unknown" or front is None:
            return exact
        reason = exact.reason
    if front is not None and front.search(seed=1):
        return SearchResult("sat", front.found)
    return SearchResult("unknown", reason=reason)


def _kappa_mcc_start(space: ClassSpace) -> int:
    """The Σd at which kappa and MCC take the reported values when c = t (there both are
    (N·D − S)/(N² − S)): D = (v·(N² − S) + S)/N for the interval's middle v (averaged
    over the reported kappa and MCC), a start for the witness search."""
    problem, total = space.problem, space.total
    s_sum = sum(int(x) ** 2 for x in space.t)
    mids = [(problem.intervals[i].lo + problem.intervals[i].hi) / 2
            for i, s in enumerate(problem.scores) if kappa_or_mcc(s)]
    v = sum(mids, Fraction(0)) / len(mids)
    return round((v * (total * total - s_sum) + s_sum) / total)


def _sqrt_bounds(x: Fraction, bits: int = 30) -> tuple[Fraction, Fraction]:
    """Rationals lo ≤ sqrt(x) ≤ hi (x ≥ 0), hi − lo = 2^-bits."""
    scale = 1 << bits
    root = isqrt(x.numerator * scale * scale // x.denominator)
    return Fraction(root, scale), Fraction(root + 1, scale)


class _Front:
    """The float front ends over one space: witness searches and the duality passes."""

    def __init__(self, space: ClassSpace) -> None:
        problem, t, sums, fom = space.problem, space.t, space.sums, space.fom
        self.space = space
        #: the report has kappa or MCC (D, T and Q coordinates: :mod:`._classvalues`)
        self.kappa_mcc = any(what in POLY for _, what in sums)
        self.start_d = _kappa_mcc_start(space) if self.kappa_mcc else None
        # F of macro means ≥ the macro mean of per-class F (the weighted harmonic mean is
        # concave and homogeneous; with every support > 0 the per-class F from counts
        # equals F(p_k, r_k), 0 when d_k = 0), so "F of means ≤ hi" implies "mean of
        # F ≤ hi": a relaxed box on an extra coordinate, used by the duality passes only.
        relaxed = [(i, "value") for i, _, _ in fom if min(t) > 0]
        self.coords = [_Coord(g) for g in float_grids(space, sums + relaxed)]
        if not sums:  # Σd-only report: a dummy zero coordinate (only D and Hall matter)
            self.coords += [_Coord(g) for g in float_grids(space, [(-1, "zero")])]
        boxes_f = []
        self.boxes: list[tuple[int, Fraction, Fraction]] = []
        for j in range(len(sums)):
            box = space.box(j)
            if box is not None:
                boxes_f.append((j, float(box.lo), float(box.hi)))
                self.boxes.append((j, box.lo, box.hi))
        for extra_j, (i, _) in enumerate(relaxed):
            self.boxes.append((len(sums) + extra_j, Fraction(-1), problem.intervals[i].hi))
        self._fom_boxes()
        fom_f = [(pc, rc, float(problem.scores[i].beta ** 2), float(problem.intervals[i].lo),
                  float(problem.intervals[i].hi)) for i, pc, rc in fom]
        fill = space.fill
        mcc_f = [(nc, qc, float(space.s_frac), 1e9 if fill is None else float(fill),
                  float(problem.intervals[i].lo), float(problem.intervals[i].hi))
                 for i, nc, qc in space.mcc]
        self.target = _fastclass.Target(boxes_f, fom_f, mcc_f)
        self.nsum = max(len(sums), 1)
        self.found: list[np.ndarray] = []
        self.best = _fastclass.Best(keep=1)  # the quick search's nearest state

    def _fom_boxes(self) -> None:
        """Linear consequences of F = (1+β²)PR/(β²P+R) ∈ [lo, hi] for the duality passes.

        F is the weighted harmonic mean of P and R (1/F = a/P + b/R, a = 1/(1+β²),
        b = β²/(1+β²)), so F ≤ aP + bR (harmonic ≤ arithmetic), P ≥ a·F and R ≥ b·F.
        These hold whenever P + R > 0; at P = R = 0 the score is the 0/0 value, so they
        are used only when that value is not in the interval (or is 0, where lo ≤ 0 and
        they are trivially true)."""
        problem, fill = self.space.problem, self.space.fill
        for i, pc, rc in self.space.fom:
            iv = problem.intervals[i]
            if fill is not None and fill > 0 and iv.contains(fill):
                continue
            beta_sq = problem.scores[i].beta ** 2
            a, b = 1 / (1 + beta_sq), beta_sq / (1 + beta_sq)
            self.boxes += [(pc, a * iv.lo, Fraction(2)), (rc, b * iv.lo, Fraction(2))]
            pg, rg = self.coords[pc].grids, self.coords[rc].grids
            self.coords.append(_Coord([p + float(beta_sq) * r for p, r in zip(pg, rg,
                                                                           strict=True)]))
            self.boxes.append((len(self.coords) - 1, (1 + beta_sq) * iv.lo,
                               (1 + beta_sq) * 2))

    def _try(self, d: np.ndarray, c: np.ndarray) -> bool:
        matrix = matrix_from(self.space, d, c)
        if matrix is not None and all(self.space.problem.holds_exact([matrix])):
            self.found.append(matrix)
            return True
        return False

    def search(self, *, seed: int, restarts: int = 4, max_work: int = 40_000_000) -> bool:
        """Local search for a witness (replayed exactly)."""
        return _fastclass.local_search(self.space.t, self.space.allowed,
                                       self.coords[:self.nsum], self.target, self._try,
                                       seed=seed, restarts=restarts, max_work=max_work,
                                       start_d=self.start_d)

    def quick(self) -> SearchResult | None:
        """A short witness search, then exhaustive search for 2–3 classes; with kappa or
        MCC the search runs in Σd slices (:meth:`slices`) and the exhaustive pass waits for
        duality's survivors (:meth:`enumerate_points`)."""
        if self.kappa_mcc:
            scan = self.scan_columns()
            if scan is not None:
                return SearchResult(scan, self.found if scan == "sat" else None)
            return SearchResult("sat", self.found) if self.slices() else None
        if _fastclass.local_search(self.space.t, self.space.allowed, self.coords[:self.nsum],
                                   self.target, self._try, seed=0, restarts=1,
                                   max_work=QUICK_WORK, best_out=self.best):
            return SearchResult("sat", self.found)
        small = _fastclass.enumerate_small(self.space.t, self.space.allowed,
                                           self.coords[:self.nsum], self.target, self._try)
        if small is not None:
            return SearchResult(small, self.found if small == "sat" else None)
        return None

    def scan_columns(self) -> str | None:
        """Exhaustive search for three classes with kappa or MCC, over the column sums c.

        kappa and MCC depend on c through T and Q, and increase with D: for fixed c each
        interval is a range of D, (lo·(N² − T) + T)/N ≤ D ≤ (hi·(N² − T) + T)/N for kappa
        and (T + lo·sqrt((N² − Q)(N² − S)))/N ≤ D ≤ ... for MCC (floats, widened by one).
        Every (c, D) in these ranges and allowed is tested exactly
        (:class:`._kappamcc.KappaMcc`); a diagonal with Σd = D exists iff
        d_k ∈ [lo_k, hi_k] with Σlo ≤ D ≤ Σhi, hi_k = min(t_k, c_k),
        lo_k = max(0, ⌈(t_k + c_k − N + D)/2⌉) (Hall: (t_k − d_k) + (c_k − d_k) ≤ N − D).
        Other summed scores: every such diagonal (two free entries) is tried with the
        float sums' superset test (:func:`._fastclass.near_target`) and replayed.  So
        "unsat" is a proof; None: too many candidates (or the replays ran out)."""
        space = self.space
        tests = kappa_mcc_tests(space)
        if space.k != 3 or tests is None:
            return None
        n, n_sq = space.total, space.total ** 2
        t = np.array(space.t, dtype=np.int64)
        c0, c1 = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
        keep = c0 + c1 <= n
        cols = np.stack([c0[keep], c1[keep], n - c0[keep] - c1[keep]], axis=1)
        tsum, qsum = cols @ t, (cols * cols).sum(axis=1)
        d_min = np.full(len(cols), float(space.d_lo))
        d_max = np.full(len(cols), float(space.d_hi))
        for iv in tests.kappa:
            d_min = np.maximum(d_min, (float(iv.lo) * (n_sq - tsum) + tsum) / n)
            d_max = np.minimum(d_max, (float(iv.hi) * (n_sq - tsum) + tsum) / n)
        root = np.sqrt((n_sq - qsum).astype(float) * (n_sq - tests.s_sum))
        for iv, fill_ok in zip(tests.mcc, tests.mcc_fill_ok, strict=True):
            zero = qsum == n_sq  # MCC is the 0/0 value there, whatever D
            lo_d = np.where(zero, space.d_lo if fill_ok else n + 1, (tsum + float(iv.lo) * root) / n)
            hi_d = np.where(zero, space.d_hi if fill_ok else -1, (tsum + float(iv.hi) * root) / n)
            d_min, d_max = np.maximum(d_min, lo_d), np.minimum(d_max, hi_d)
        first = np.maximum(np.floor(d_min).astype(np.int64) - 1, space.d_lo)
        count = np.maximum(np.minimum(np.ceil(d_max).astype(np.int64) + 1, space.d_hi)
                           - first + 1, 0)
        if count.sum() > SCAN_PAIRS:
            return None
        rows, dsum = expand_ranges(first, count)
        rows, dsum = rows[space.allowed[dsum]], dsum[space.allowed[dsum]]
        cc = cols[rows]
        lo = np.maximum(0, -((-(t + cc - n + dsum[:, None])) // 2))
        hi = np.minimum(t, cc)
        ok = (lo <= hi).all(axis=1) & (lo.sum(axis=1) <= dsum) & (hi.sum(axis=1) >= dsum)
        cc, dsum, lo, hi = cc[ok], dsum[ok], lo[ok], hi[ok]
        bad, _ = tests.test(dsum, dsum, cc @ t, cc @ t, (cc * cc).sum(axis=1),
                            (cc * cc).sum(axis=1))
        cc, dsum, lo, hi = cc[~bad], dsum[~bad], lo[~bad], hi[~bad]
        if all(what in POLY for _, what in space.sums):
            return self._replay_diagonals(cc, dsum, lo, hi)
        return self._scan_diagonals(cc, dsum, lo, hi)

    def _replay_diagonals(self, cols: np.ndarray, dsum: np.ndarray, lo: np.ndarray,
                          hi: np.ndarray) -> str | None:
        """Replay one diagonal per candidate (any d in [lo, hi] with Σd = D fits)."""
        for r in range(min(len(cols), SCAN_REPLAYS)):
            d = lo[r].copy()
            for q in range(3):
                d[q] += min(hi[r, q] - d[q], int(dsum[r]) - int(d.sum()))
            if self._try(d, cols[r].copy()):
                return "sat"
        return "unsat" if len(cols) == 0 else None

    def _scan_diagonals(self, cols: np.ndarray, dsum: np.ndarray, lo: np.ndarray,
                        hi: np.ndarray) -> str | None:
        """Every diagonal d ∈ [lo, hi], Σd = D of every candidate: the float superset test
        of the other boxes, then the exact replay (:meth:`scan_columns`)."""
        n0, n1 = hi[:, 0] - lo[:, 0] + 1, hi[:, 1] - lo[:, 1] + 1
        if int((n0 * n1).sum()) > SCAN_WORK:
            return None
        grids = [np.stack([g.grids[q] for g in self.coords[:self.nsum]], axis=-1)
                 for q in range(3)]
        replays, start = 0, 0
        while start < len(cols):
            size = np.cumsum(n0[start:] * n1[start:])
            stop = start + max(1, int(np.searchsorted(size, SCAN_CHUNK, side="right")))
            part = slice(start, stop)
            per = n0[part] * n1[part]
            row = np.repeat(np.arange(start, stop), per)
            pos = np.arange(len(row)) - np.repeat(np.cumsum(per) - per, per)
            d0 = lo[row, 0] + pos // n1[row]
            d1 = lo[row, 1] + pos % n1[row]
            d2 = dsum[row] - d0 - d1
            fine = (d2 >= lo[row, 2]) & (d2 <= hi[row, 2])
            row, d0, d1, d2 = row[fine], d0[fine], d1[fine], d2[fine]
            sums = (grids[0][d0, cols[row, 0]] + grids[1][d1, cols[row, 1]]
                    + grids[2][d2, cols[row, 2]])
            for i in np.flatnonzero(_fastclass.near_target(sums, self.target)).tolist():
                replays += 1
                if replays > SCAN_REPLAYS:
                    return None
                d = np.array([d0[i], d1[i], d2[i]], dtype=np.int64)
                if self._try(d, cols[row[i]].copy()):
                    return "sat"
            start = stop
        return "unsat" if replays == 0 else None

    def slices(self) -> bool:
        """Short witness searches with Σd held at each allowed D nearest the start
        (:func:`_kappa_mcc_start`; SLICES of them, alternately below and above).

        kappa and MCC change by about 1/N per unit of D but only slowly with the column
        sums (near c = t they are stationary in c: MCC ≤ hi is convex in c), so a free
        descent settles on the D nearest the band and stalls there; with D held it moves
        the columns instead."""
        assert self.start_d is not None
        space = self.space
        dvals = np.flatnonzero(space.allowed)
        order = np.argsort(np.abs(dvals - self.start_d) * 2 + (dvals > self.start_d),
                           kind="stable")
        chosen = dvals[order[:SLICES]].tolist()
        # three classes: the exhaustive pass over duality's survivors follows
        total_work = QUICK_WORK // 4 if space.k == 3 else QUICK_WORK
        work = max(SLICE_WORK, total_work // len(chosen))
        for dsum in chosen:
            allowed = np.zeros_like(space.allowed)
            allowed[dsum] = True
            if _fastclass.local_search(space.t, allowed, self.coords[:self.nsum], self.target,
                                       self._try, seed=0, restarts=1, max_work=work,
                                       best_out=self.best, start_d=dsum):
                return True
        return False

    def enumerate_points(self, points: list[tuple[np.ndarray, np.ndarray]]) -> str | None:
        """:func:`._fastclass.enumerate_small` over the given points (three classes; the
        one with the most points is the last, fixed by Σd and Σc); None: too large."""
        space = self.space
        if space.k != 3:
            return None
        order = sorted(range(3), key=lambda q: len(points[q][0]))
        coords = []
        for coord in self.coords[:self.nsum]:
            grids = []
            for q in order:
                d, c = points[q]
                grid = np.full_like(coord.grids[q], np.nan)
                grid[d, c] = coord.grids[q][d, c]
                grids.append(grid)
            coords.append(_fastclass.Coord(grids))

        def try_back(d: np.ndarray, c: np.ndarray) -> bool:
            back_d, back_c = np.empty_like(d), np.empty_like(c)
            back_d[order], back_c[order] = d, c
            return self._try(back_d, back_c)

        return _fastclass.enumerate_small([space.t[q] for q in order], space.allowed,
                                          coords, self.target, try_back)

    def near(self) -> bool:
        """Whether the quick search's nearest state lies within COMPLETE_FIRST of every box
        (absolute score units)."""
        best, space = self.best, self.space
        if not best.states or space.k <= 3:
            return False
        d, c = best.states[0][1], best.states[0][2]
        vec = sum(np.array([g.grids[q][d[q], c[q]] for g in self.coords[:self.nsum]])
                  for q in range(space.k))
        return (not np.isnan(vec).any()
                and _complete.excess(vec, self.target) <= COMPLETE_FIRST)

    def complete(self, *, rounds: int = COMPLETE_ROUNDS, patience: int = 5,
                 starts: int = COMPLETE_STARTS) -> bool:
        """Exact completion from the quick search's nearest state (4+ classes): at most
        ``rounds`` joins per start, ``patience`` of them in a row without progress."""
        best = self.best
        return bool(best.states and self.space.k > 3
                    and self._complete(best.states[0][1], best.states[0][2], rounds,
                                       patience, starts))

    def _complete(self, d: np.ndarray, c: np.ndarray, rounds: int, patience: int,
                  starts_kept: int) -> bool:
        """Exact completion (:mod:`._complete`) from float starts near (d, c): the relaxed
        large classes with the others as found and with the others perfect (extreme
        reports pile their errors on the large classes), then (d, c) itself."""
        space = self.space
        grids = [np.stack([g.grids[q] for g in self.coords[:self.nsum]], axis=-1)
                 for q in range(space.k)]
        t = np.array(space.t, dtype=np.int64)
        order = np.argsort(-t, kind="stable")
        starts = []
        for free in (5, 4):
            if free >= space.k:
                continue
            perfect_d, perfect_c = d.copy(), c.copy()
            small = order[free:]
            perfect_d[small], perfect_c[small] = t[small], t[small]
            big = int(order[0])
            if not space.allowed.all():
                shift = int(d.sum()) - int(perfect_d.sum())
                perfect_d[big] += shift
                perfect_c[big] += shift
            perfect_c[big] += space.total - int(perfect_c.sum())
            if 0 <= perfect_d[big] <= t[big] and perfect_c[big] >= perfect_d[big]:
                starts.append((perfect_d, perfect_c, free))
            starts.append((d, c, free))
        tries = [got for sd, sc, free in starts
                 if (got := _complete.relax(space.t, space.allowed, grids, self.target, sd,
                                            sc, free=free)) is not None]
        near = []
        for sd, sc in [*tries, (d, c)]:
            sums = sum(grids[q][sd[q], sc[q]] for q in range(space.k))
            if not np.isnan(sums).any():
                gap = _complete.excess(sums, self.target)
                if gap <= COMPLETE_NEAR:
                    near.append((gap, len(near), sd, sc))
        for _, _, sd, sc in sorted(near, key=lambda x: x[:2])[:starts_kept]:
            if _complete.complete(space.t, space.allowed, grids, self.target, sd, sc,
                                  self._try, rounds=rounds, patience=patience):
                return True
        return False

    def _mcc_cuts(self) -> None:
        """Linear consequences of MCC ∈ [lo, hi] for the duality passes.

        With num = (N·D − T)/N², y = 1 − Q/N² and σ = sqrt(1 − S/N²) (:mod:`._classvalues`),
        MCC = num / (σ·sqrt(y)) for y > 0, so MCC ≤ hi ⟺ num ≤ hi·σ·sqrt(y) and MCC ≥ lo ⟺
        num ≥ lo·σ·sqrt(y).  sqrt is bounded by lines: from above by its tangents,
        sqrt(y) ≤ (y + r²)/(2r) for any r > 0 ((sqrt(y) − r)² ≥ 0), from below by the chord
        over [y₋, y₊] ∋ y (concavity), with rational ends a ≤ sqrt(y₋), b ≤ sqrt(y₊).  The
        range of y: with E = N − (smallest allowed D) errors, e = c − t has Σe⁺ = Σe⁻ ≤ E,
        so Q − S = 2·Σ t·e + Σ e² lies in [−2E·(t_max − t_min), 2E·(t_max − t_min) + 2E²],
        and Q ≥ N²/K.  With rational σ₋ ≤ σ ≤ σ₊ each side becomes num + b·(Q/N²) ≤ (or ≥)
        a + b, a sum over classes: tangents where v·σ·sqrt(y) is concave (hi ≥ 0, lo < 0;
        at y = 1 − S/N² and at the y of the quick search's nearest state), the chord where
        it is convex.  At Q = N² MCC is the 0/0 value, so the cuts are used only when that value
        is not in the interval."""
        space, problem = self.space, self.space.problem
        if not space.mcc:
            return
        total, t = space.total, space.t
        n_sq = total * total
        errors, spread = total - space.d_lo, max(t) - min(t)
        s_sum = sum(x * x for x in t)
        q_lo = max(s_sum - 2 * errors * spread, -(-n_sq // space.k))
        q_hi = min(s_sum + 2 * errors * spread + 2 * errors * errors, n_sq)
        y_lo, y_hi = Fraction(n_sq - q_hi, n_sq), Fraction(n_sq - q_lo, n_sq)
        sigma_lo, sigma_hi = _sqrt_bounds(1 - space.s_frac)
        ys = [float(1 - space.s_frac)]
        if self.best.states:
            c = self.best.states[0][2].astype(float)
            ys.append(1 - float((c * c).sum()) / n_sq)
        rs = sorted({Fraction(y ** 0.5).limit_denominator(100) for y in ys if y > 1e-4})
        chord_lo, chord_hi = _sqrt_bounds(y_lo)[0], _sqrt_bounds(y_hi)[0]
        slope = (chord_hi - chord_lo) / (y_hi - y_lo) if y_hi > y_lo else None
        fill = space.fill
        for i, nc, qc in space.mcc:
            iv = problem.intervals[i]
            if fill is not None and not space.never and iv.contains(fill):
                continue
            lines: list[tuple[Fraction, Fraction, bool]] = []  # num ≤/≥ a + b·y
            for v, upper in ((iv.hi, True), (iv.lo, False)):
                if (v >= 0) == upper:  # v·σ·sqrt(y) concave: v·σ₊·(tangents) bound it
                    lines += [(v * sigma_hi * r / 2, v * sigma_hi / (2 * r), upper) for r in rs]
                elif slope is not None:  # convex: v·σ₋·(the chord)
                    lines.append((v * sigma_lo * (chord_lo - slope * y_lo), v * sigma_lo * slope,
                                  upper))
            num_g, q_g = self.coords[nc].grids, self.coords[qc].grids
            for a, b, upper in lines:
                # num ≤ a + b·(1 − q)  ⟺  num + b·q ≤ a + b  (≥ likewise)
                self.coords.append(_Coord([n + float(b) * g for n, g in zip(num_g, q_g,
                                                                           strict=True)]))
                wide = 2 + abs(b)
                self.boxes.append((len(self.coords) - 1, -wide if upper else a + b,
                                   a + b if upper else wide))

    def reduce(self) -> list[tuple[np.ndarray, np.ndarray]] | None:
        """Per class the points left by reduced-cost fixing (None: a duality proof)."""
        space = self.space
        self._mcc_cuts()
        if not self.boxes:
            return all_points(space)
        # kappa and MCC couple D, T and Q: their certificates combine several boxes, which
        # the multiplier search finds only with more than its default few sweeps.
        pts = _duality.reduce_points(space.t, space.d_lo, space.d_hi, self.coords,
                                     self.boxes, evals=DUAL_EVALS if self.kappa_mcc else 200)
        if pts is None:
            return None
        return [(d.astype(np.int64), c.astype(np.int64)) for d, c, _ in pts]
