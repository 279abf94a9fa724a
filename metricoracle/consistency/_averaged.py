"""Exact engines for averaged non-linear reports: means of per-fold binary scores, and
macro / weighted scores of one single-label K-class matrix with known supports.

Both problems have the same shape: pick one point from each of G finite groups (a fold's
(tp, tn), or a class's (d_k, c_k) = (diagonal cell, column sum)) so that the SUM over the
groups of per-point score vectors lies in a box.

* Mean of folds: fold i has p_i positives and n_i negatives; the reported mean of a score
  is (1/F)·Σ_i v_i(tp_i, tn_i), so Σ_i v_i must lie in F × (reported interval).  v_i is the
  spec's formula evaluated exactly on ``[[tn, n−tn], [p−tp, tp]]`` with the zero-division
  rule (a fold whose score is not a number makes the mean not a number: such points are
  dropped under ``nan``/``never``).
* One K-class matrix with row sums t: every per-class score depends only on
  d_k = C[k,k] and c_k = Σ_r C[r,k] (TP = d, FP = c − d, FN = t − d, TN = N − t − c + d).
  A macro mean is Σ_k v_k/K, a weighted mean Σ_k t_k·v_k/N (the spec's weighted mean with
  Σ t = N), balanced accuracy Σ_{t_k>0} (d_k/t_k)/K⁺.  Accuracy and every micro score
  depend on D = Σd only.  "F1 of macro P and macro R" needs ΣP and ΣR (two sums) and a
  final exact check of (1+β²)PR/(β²P+R).
  Realisability: a non-negative integer matrix with row sums t, column sums c and
  diagonal d exists iff Σc = N, 0 ≤ d_k ≤ min(t_k, c_k) and the off-diagonal
  transportation problem (row margins r = t − d, column margins s = c − d, diagonal cells
  forbidden) is feasible.  By Hall's theorem (max-flow/min-cut on the bipartite graph
  rows→columns without the edges k→k) it is feasible iff Σr = Σs and, for every set A of
  rows, Σ_A r ≤ Σ of s over the columns adjacent to A; a set of ≥ 2 rows is adjacent to
  every column (trivially fine), a single row k to all columns but k: r_k ≤ Σs − s_k.  So
  the condition is r_k + s_k ≤ N − D for every k (checked against brute force in the
  tests).  It is tracked exactly as the resource m = max_k (r_k + s_k) (smaller m is
  always better, so per key only the smallest m is kept: an exact dominance rule).

Search (exact both ways): every score value of every point is an exact Fraction v; the
search keys are the integers ⌊v·M⌋ (M per score), so the key of a choice is the sum of
its points' keys and the true sum·M lies in [key, key + G] (each floor loses < 1).
Exact integer quantities (Σc, Σd) are keys with no error.  The set of reachable keys is
computed EXACTLY, layer by layer over the groups (numpy, deduplicated; one representative
choice per key, kept through back-pointers), pruned by what the remaining groups can add
(per key coordinate their exact minimum and maximum).  The last group is joined by a
sorted range search.  A final key whose error box lies outside the target box proves that
no choice with that key fits; one whose error box lies inside proves every such choice
fits.  So: no surviving key → INCONSISTENT (a proof); a representative replayed exactly
through the spec (:meth:`Problem.holds_exact`) → CONSISTENT; keys only on the boundary of
the box and no replay passing → the scale M is refined and the search repeated, and only
if that does not settle it (or the row budget runs out) UNKNOWN with the reason.  Floats
are used only to prune F-of-means boxes, with a margin of 1e-9 far above their rounding
error (values < 2^40), and never to decide a verdict.

For K-class reports, fast front ends run first (:mod:`._fastclass`): a local search for
a witness (replayed exactly), exhaustive enumeration for 2–3 classes, and a weak-duality
(Lagrangian) proof of INCONSISTENT with rigorous float margins; the DP above runs only
when they do not decide (and only on instances small enough to tabulate exactly).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from metricoracle.consistency import _fastclass
from metricoracle.consistency._interval import Interval
from metricoracle.consistency._problem import Problem
from metricoracle.consistency._scores import MacroF1, Score, ScoreAverage
from metricoracle.consistency._setup import ZeroDivisionRule
from metricoracle.consistency._terms import (
    EXACT_INTERP,
    PlainTerm,
    RatioTerm,
    _per_class,
    _zd_value,
    exact_value,
    score_term,
    score_term_marginals,
)
from metricoracle.consistency._z3search import SearchResult
from metricoracle.spec import _formulas as formulas

#: Default budget: key rows generated over all layers (each row is a few int64s).
DEFAULT_ROWS = 30_000_000
_CHUNK = 1_000_000
_MAX_KEY = 2**40
_REPLAYS = 400
#: the DP tabulates exact Fractions per class point: skip it beyond this many.
_MAX_DP_POINTS = 600_000


class _Unknown(Exception):
    """The row budget ran out (or a boundary tie could not be settled)."""


@dataclass
class _Dim:
    """One key coordinate: integer acceptance range [low, high] of the total, error per group."""

    low: int | None
    high: int | None
    err: int


def _accept_range(interval: Interval, scale: int) -> tuple[int, int]:
    """Integers x with x/scale ∈ interval, as [low, high] (also the 'certain' range)."""
    lo, hi = interval.lo * scale, interval.hi * scale
    low = -((-lo.numerator) // lo.denominator) if interval.lo_closed else lo.__floor__() + 1
    high = hi.__floor__() if interval.hi_closed else -((-hi.numerator) // hi.denominator) - 1
    return low, high


def _scale_for(width: Fraction, groups: int, refine: int) -> int:
    """M with groups/M ≤ 2·width at first (coarse keys merge many choices, which is what
    makes the DP fast), then ×32 per refinement; capped to keep int64 sums safe."""
    if width <= 0:
        return _MAX_KEY // max(groups, 1)
    m = 1
    while Fraction(groups, m) > 2 * width:
        m *= 2
    return min(m * 32**refine, _MAX_KEY // max(groups, 1))


def _floor_keys(values: list[Fraction], scale: int) -> np.ndarray:
    return np.array([(v.numerator * scale) // v.denominator for v in values], dtype=np.int64)


Extra = Callable[[np.ndarray, np.ndarray, np.ndarray, bool], tuple[np.ndarray, np.ndarray]]


def _layered_search(keys: list[np.ndarray], ms: list[np.ndarray], dims: list[_Dim],
                    extra: Extra | None, max_rows: int, *, beam: int | None = None,
                    key_cols: list[int] | None = None
                    ) -> tuple[list[list[int]], list[list[int]], bool]:
    """All reachable final keys that may fit, as (certain, boundary) lists of choices.

    ``keys[g]`` is (n_g × D) int64, ``ms[g]`` the resource of each point (max-combined).
    Returns two lists of choices (one point index per group): those whose whole error box
    is inside the target (certain) and those on its boundary.  Raises _Unknown on budget.

    ``beam``: keep only that many states per layer, those nearest the centre of the
    target (a fast witness attempt; its "nothing found" proves nothing and is not used
    as a proof).  ``key_cols``: the columns that determine a state (others are implied).
    """
    groups = len(keys)
    ndim = len(dims)
    err = np.array([d.err for d in dims], dtype=np.int64) * groups
    low = np.array([d.low if d.low is not None else -(2**62) for d in dims], dtype=np.int64)
    high = np.array([d.high if d.high is not None else 2**62 for d in dims], dtype=np.int64)
    mins = [k.min(axis=0) if len(k) else None for k in keys]
    maxs = [k.max(axis=0) if len(k) else None for k in keys]
    if any(x is None for x in mins):
        return [], [], False
    rest_min = [np.sum(mins[g:], axis=0) for g in range(groups)] + [np.zeros(ndim, np.int64)]
    rest_max = [np.sum(maxs[g:], axis=0) for g in range(groups)] + [np.zeros(ndim, np.int64)]

    state = np.zeros((1, ndim), dtype=np.int64)
    state_m = np.zeros(1, dtype=np.int64)
    backs: list[tuple[np.ndarray, np.ndarray]] = []
    rows = 0
    for g in range(groups - 1):
        gk, gm = keys[g], ms[g]
        n = len(gk)
        per = max(1, _CHUNK // n)
        kept_k, kept_m, kept_prev, kept_pt = [], [], [], []
        for start in range(0, len(state), per):
            block = state[start:start + per]
            rows += len(block) * n
            if rows > max_rows:
                raise _Unknown(f"more than {max_rows} key rows (raise Budget.max_rows)")
            cand = (block[:, None, :] + gk[None, :, :]).reshape(-1, ndim)
            cm = np.maximum(state_m[start:start + per, None], gm[None, :]).reshape(-1)
            prev = np.repeat(np.arange(start, start + len(block)), n)
            pt = np.tile(np.arange(n), len(block))
            lo_b = cand + rest_min[g + 1]
            hi_b = cand + rest_max[g + 1] + err
            ok = ((hi_b >= low) & (lo_b <= high)).all(axis=1)
            if extra is not None:
                bad, _ = extra(lo_b, hi_b, cm, False)
                ok &= ~bad
            kept_k.append(cand[ok])
            kept_m.append(cm[ok])
            kept_prev.append(prev[ok])
            kept_pt.append(pt[ok])
        cand = np.concatenate(kept_k)
        cm = np.concatenate(kept_m)
        prev = np.concatenate(kept_prev)
        pt = np.concatenate(kept_pt)
        if len(cand) == 0:
            return [], [], False
        # dedupe: per key the smallest resource m (exact dominance), one back-pointer.
        cols = cand if key_cols is None else cand[:, key_cols]
        order = np.lexsort((cm, *cols.T[::-1]))
        cand, cm, prev, pt, cols = cand[order], cm[order], prev[order], pt[order], cols[order]
        first = np.ones(len(cand), dtype=bool)
        first[1:] = (cols[1:] != cols[:-1]).any(axis=1)
        state, state_m, prev, pt = cand[first], cm[first], prev[first], pt[first]
        if beam is not None and len(state) > beam:
            mid = state + (rest_min[g + 1] + rest_max[g + 1]) // 2
            bounded = (low > -(2**62)) & (high < 2**62)
            centre = (low + high) // 2
            spread = np.maximum(high - low + err, 1)
            dist = (np.abs(mid - centre) / spread)[:, bounded].sum(axis=1)
            pick = np.argsort(dist, kind="stable")[:beam]
            state, state_m, prev, pt = state[pick], state_m[pick], prev[pick], pt[pick]
        backs.append((prev, pt))

    # join with the last group by a range search on coordinate 0.
    last, last_m = keys[-1], ms[-1]
    order = np.argsort(last[:, 0], kind="stable")
    col = last[order, 0]
    need_lo = low[0] - err[0] - state[:, 0]
    need_hi = high[0] - state[:, 0]
    left = np.searchsorted(col, need_lo, side="left")
    right = np.searchsorted(col, need_hi, side="right")
    counts = np.maximum(right - left, 0)
    rows += int(counts.sum())
    if rows > max_rows:
        raise _Unknown(f"more than {max_rows} key rows (raise Budget.max_rows)")
    sidx = np.repeat(np.arange(len(state)), counts)
    offs = np.arange(len(sidx)) - np.repeat(np.cumsum(counts) - counts, counts)
    pidx = order[np.repeat(left, counts) + offs]
    total = state[sidx] + last[pidx]
    tm = np.maximum(state_m[sidx], last_m[pidx])
    lo_b, hi_b = total, total + err
    possible = ((hi_b >= low) & (lo_b <= high)).all(axis=1)
    certain = ((lo_b >= low) & (hi_b <= high)).all(axis=1)
    if extra is not None:
        bad, sure = extra(lo_b, hi_b, tm, True)
        possible &= ~bad
        certain &= sure
    certain &= possible

    def path(i: int) -> list[int]:
        choice = [int(pidx[i])]
        s = int(sidx[i])
        for prev_arr, pt_arr in reversed(backs):
            choice.append(int(pt_arr[s]))
            s = int(prev_arr[s])
        return choice[::-1]

    sure_idx = np.flatnonzero(certain)[:_REPLAYS]
    boundary = np.flatnonzero(possible & ~certain)
    more = len(boundary) > _REPLAYS
    return [path(i) for i in sure_idx], [path(i) for i in boundary[:_REPLAYS]], more


def _run(problem: Problem, build: Callable[[int], Any], max_rows: int,
         key_cols: list[int] | None = None) -> SearchResult:
    """Refinement loop: build(refine) → (keys, ms, dims, extra, to_matrices).

    First a beam pass (a cheap witness attempt), then the exact passes."""
    keys, ms, dims, extra, to_matrices = build(1)
    try:
        certain, boundary, _ = _layered_search(keys, ms, dims, extra, max_rows, beam=300,
                                               key_cols=key_cols)
    except _Unknown:
        certain, boundary = [], []
    for choice in certain + boundary:
        matrices = to_matrices(choice)
        if matrices is not None and all(problem.holds_exact(matrices)):
            return SearchResult("sat", matrices)
    for refine in range(4):
        keys, ms, dims, extra, to_matrices = build(refine)
        try:
            certain, boundary, more = _layered_search(keys, ms, dims, extra, max_rows,
                                                      key_cols=key_cols)
        except _Unknown as exc:
            return SearchResult("unknown", reason=f"exact averaged DP: {exc}")
        for choice in certain + boundary:
            matrices = to_matrices(choice)
            if matrices is not None and all(problem.holds_exact(matrices)):
                return SearchResult("sat", matrices)
        if not certain and not boundary:
            return SearchResult("unsat")
        if certain:
            # a key whose whole error box fits must replay; never guess otherwise.
            return SearchResult("unknown", reason="exact averaged DP: replay disagreed")
        del more  # boundary keys only: refine the scale
    return SearchResult("unknown", reason="exact averaged DP: keys on the interval boundary "
                        "not settled by refining the scale")


# --- mean of per-fold binary scores ------------------------------------------------------

def _fold_values(problem: Problem, index: int, n: int, p: int
                 ) -> tuple[list[tuple[int, int]], list[Fraction | None]]:
    """Exact per-fold value of score ``index`` at every (tp, tn) (None: not a number)."""
    score, hyp = problem.scores[index], problem.hypothesis
    zd = hyp.zero_division
    tp = np.repeat(np.arange(p + 1, dtype=np.int64), n + 1)
    tn = np.tile(np.arange(n + 1, dtype=np.int64), p + 1)
    points = list(zip(tp.tolist(), tn.tolist(), strict=True))
    if score.score is Score.MCC:
        raise ValueError("mean of per-fold MCC")
    fill = _zd_value(zd)
    strict = zd in (ZeroDivisionRule.NAN, ZeroDivisionRule.NEVER)
    if score.score in (Score.ACCURACY, Score.KAPPA) or score.average in (ScoreAverage.BINARY,
                                                                         ScoreAverage.MICRO):
        matrix = np.empty((2, 2), dtype=object)
        matrix[0, 0], matrix[0, 1], matrix[1, 0], matrix[1, 1] = tn, n - tn, p - tp, tp
        term = score_term(score, matrix, positive=problem.positive, zd=zd,
                          macro_f1=hyp.macro_f1, it=EXACT_INTERP)
        assert isinstance(term, RatioTerm)
        num = np.broadcast_to(np.asarray(term.ratio.num), tp.shape).tolist()
        den = np.broadcast_to(np.asarray(term.ratio.den), tp.shape).tolist()
        values: list[Fraction | None] = [
            Fraction(int(a), int(b)) if b != 0 else (None if strict else fill)
            for a, b in zip(num, den, strict=True)]
        return points, values
    values = []
    for t, u in points:
        m = np.array([[u, n - u], [p - t, t]], dtype=object)
        term = score_term(score, m, positive=problem.positive, zd=zd, macro_f1=hyp.macro_f1,
                          it=EXACT_INTERP)
        assert isinstance(term, PlainTerm)
        values.append(Fraction(term.value) if term.defined else None)
    return points, values


def folds_supported(problem: Problem) -> bool:
    setup = problem.setup
    return (problem.per_fold and setup.n_classes == 2 and setup.supports is not None
            and all(s.score is not Score.MCC for s in problem.scores))


def mean_of_folds(problem: Problem, *, max_rows: int = DEFAULT_ROWS) -> SearchResult:
    """Decide a mean-of-folds binary report exactly (see the module docstring)."""
    folds = problem.matrix_supports()
    groups = len(folds)
    nscores = len(problem.scores)
    # exact values per fold and score; a point is kept when every score is a number.
    per_fold: list[tuple[list[tuple[int, int]], list[list[Fraction]]]] = []
    cache: dict[tuple[int, int], Any] = {}
    for supports in folds:
        n, p = supports  # type: ignore[misc]
        if (n, p) not in cache:
            columns = []
            points: list[tuple[int, int]] = []
            for i in range(nscores):
                points, vals = _fold_values(problem, i, n, p)
                columns.append(vals)
            keep = [j for j in range(len(points)) if all(c[j] is not None for c in columns)]
            # dedupe identical score vectors (one representative point each).
            seen: dict[tuple[Fraction, ...], int] = {}
            for j in keep:
                seen.setdefault(tuple(c[j] for c in columns), j)  # type: ignore[misc]
            idx = list(seen.values())
            cache[(n, p)] = ([points[j] for j in idx],
                             [[columns[i][j] for j in idx] for i in range(nscores)])
        per_fold.append(cache[(n, p)])
    # the largest fold goes last (it is joined, not expanded).
    order = sorted(range(groups), key=lambda f: len(per_fold[f][0]))
    widths = [(iv.hi - iv.lo) * groups for iv in problem.intervals]

    def build(refine: int) -> Any:
        scales = [_scale_for(w, groups, refine) for w in widths]
        keys, ms = [], []
        for f in order:
            pts, cols = per_fold[f]
            keys.append(np.stack([_floor_keys(cols[i], scales[i]) for i in range(nscores)],
                                 axis=1) if nscores else np.zeros((len(pts), 0), np.int64))
            ms.append(np.zeros(len(pts), dtype=np.int64))
        dims = []
        for iv, scale in zip(problem.intervals, scales, strict=True):
            lo, hi = _accept_range(Interval(iv.lo * groups, iv.hi * groups, iv.lo_closed,
                                            iv.hi_closed), scale)
            dims.append(_Dim(lo, hi, 1))

        def to_matrices(choice: list[int]) -> list[np.ndarray]:
            out: list[np.ndarray] = [np.zeros((2, 2), np.int64)] * groups
            for pos, f in enumerate(order):
                n, p = folds[f]  # type: ignore[misc]
                tp, tn = per_fold[f][0][choice[pos]]
                out[f] = np.array([[tn, n - tn], [p - tp, tp]], dtype=np.int64)
            return out

        return keys, ms, dims, None, to_matrices

    return _run(problem, build, max_rows)


# --- macro / weighted scores of one K-class matrix ---------------------------------------

_PER_CLASS_OK = {Score.PRECISION, Score.RECALL, Score.F_BETA, Score.JACCARD,
                 Score.SPECIFICITY, Score.NPV}


def _d_only(score: Any) -> bool:
    """Scores that depend on Σd only in single-label data (accuracy, micro, weighted recall)."""
    if score.score is Score.ACCURACY:
        return True
    if score.average is ScoreAverage.MICRO:
        return score.score in _PER_CLASS_OK
    return score.score is Score.RECALL and score.average is ScoreAverage.WEIGHTED


def classes_supported(problem: Problem) -> bool:
    setup, hyp = problem.setup, problem.hypothesis
    if problem.per_fold or setup.supports is None or setup.binary:
        return False
    if hyp.zero_division is ZeroDivisionRule.NAN:
        return False
    for s in problem.scores:
        if _d_only(s) or s.score is Score.BALANCED_ACCURACY:
            continue
        if s.score in _PER_CLASS_OK and s.average in (ScoreAverage.MACRO,
                                                      ScoreAverage.WEIGHTED):
            continue
        return False
    return True


def _f_of_means(p: Any, r: Any, beta_sq: Fraction) -> Any:
    den = beta_sq * p + r
    return (1 + beta_sq) * p * r / den if den else None


def macro_weighted(problem: Problem, *, max_rows: int = DEFAULT_ROWS) -> SearchResult:
    """Decide a macro/weighted report on one K-class matrix exactly (module docstring)."""
    (supports,) = problem.matrix_supports()
    assert supports is not None
    t = list(supports)
    k, total = len(t), sum(t)
    hyp = problem.hypothesis
    zd = hyp.zero_division
    fill = _zd_value(zd)
    never = zd is ZeroDivisionRule.NEVER
    # allowed D = Σd from the scores that depend on D only (exact, via the spec).
    allowed = np.ones(total + 1, dtype=bool)
    d_scores = [i for i, s in enumerate(problem.scores) if _d_only(s)]
    for i in d_scores:
        for dsum in range(total + 1):
            if not allowed[dsum]:
                continue
            diag = np.array([dsum] + [0] * (k - 1), dtype=object)
            m = formulas.Marginals(diag, np.array(t, dtype=object), np.array(t, dtype=object),
                                   total)
            term = score_term_marginals(problem.scores[i], m, positive=None, zd=zd,
                                        macro_f1=hyp.macro_f1, it=EXACT_INTERP)
            value = exact_value(term, zd)
            allowed[dsum] = value is not None and problem.intervals[i].contains(value)
    if not allowed.any():
        return SearchResult("unsat")
    d_lo, d_hi = int(np.argmax(allowed)), total - int(np.argmax(allowed[::-1]))

    # the summed coordinates: (index of score or None, per-class function label).
    sums: list[tuple[int, str]] = []
    fom: list[tuple[int, int, int]] = []  # F-of-means: (score index, P coord, R coord)
    for i, s in enumerate(problem.scores):
        if _d_only(s):
            continue
        if (s.score is Score.F_BETA and s.average is ScoreAverage.MACRO
                and hyp.macro_f1 is MacroF1.F1_OF_MEANS):
            fom.append((i, len(sums), len(sums) + 1))
            sums += [(i, "P"), (i, "R")]
        else:
            sums.append((i, "value"))
    supported_classes = sum(1 for x in t if x > 0)

    fast = _fast_pass(problem, t, allowed, d_lo, d_hi, sums, fom, supported_classes)
    if fast is not None:
        return fast
    size = sum((tk + 1) * (total - tk + 1) for tk in t) * max(len(sums), 1)
    if size > _MAX_DP_POINTS:
        return SearchResult("unknown", reason=f"exact averaged DP: {size} per-class values "
                            f"exceed {_MAX_DP_POINTS} (the fast passes did not decide)")

    # per class: points (d, c) with d ≤ t, d ≤ c, c − d ≤ N − t; exact contributions.
    classes = []
    for kk in range(k):
        tk = t[kk]
        pts = [(d, c) for d in range(tk + 1) for c in range(d, d + total - tk + 1)]
        d_arr = np.array([q[0] for q in pts], dtype=np.int64)
        c_arr = np.array([q[1] for q in pts], dtype=np.int64)
        ok = np.ones(len(pts), dtype=bool)
        cols: list[list[Fraction]] = []
        for i, what in sums:
            s = problem.scores[i]
            if s.score is Score.BALANCED_ACCURACY:
                vals = [Fraction(int(d), tk * supported_classes) if tk else Fraction(0)
                        for d in d_arr.tolist()]
                cols.append(vals)
                continue
            num_raw, den_raw, weight = _class_ratio(problem, i, what, tk, total, k, d_arr,
                                                    c_arr, supported_classes)
            num = np.broadcast_to(np.asarray(num_raw, dtype=object), d_arr.shape).tolist()
            den = np.broadcast_to(np.asarray(den_raw, dtype=object), d_arr.shape).tolist()
            vals = []
            for j, (a, b) in enumerate(zip(num, den, strict=True)):
                if b == 0:
                    if never:
                        ok[j] = False
                    vals.append(weight * (fill or 0))
                else:
                    vals.append(weight * Fraction(a) / Fraction(b))
            cols.append(vals)
        keep = np.flatnonzero(ok)
        r_plus_s = (tk - d_arr) + (c_arr - d_arr)
        classes.append((d_arr[keep], c_arr[keep], r_plus_s[keep],
                        [[col[j] for j in keep.tolist()] for col in cols]))
    order = sorted(range(k), key=lambda q: len(classes[q][0]))
    widths = []
    for i, what in sums:
        iv = problem.intervals[i]
        widths.append((iv.hi - iv.lo) / (2 if what in ("P", "R") else 1))
    base = total + 1

    def build(refine: int) -> Any:
        scales = [_scale_for(w, k, refine) for w in widths]
        keys, ms = [], []
        for q in order:
            d_arr, c_arr, rs, cols = classes[q]
            exact = np.stack([c_arr * base + d_arr, c_arr, d_arr], axis=1)
            quant = [(_floor_keys(cols[j], scales[j])) for j in range(len(sums))]
            keys.append(np.concatenate([exact, np.stack(quant, axis=1)], axis=1)
                        if quant else exact)
            ms.append(rs.astype(np.int64))
        dims = [_Dim(total * base + d_lo, total * base + d_hi, 0), _Dim(total, total, 0),
                _Dim(d_lo, d_hi, 0)]
        for j, (i, what) in enumerate(sums):
            if what in ("P", "R"):
                dims.append(_Dim(None, None, 1))
            else:
                dims.append(_Dim(*_accept_range(problem.intervals[i], scales[j]), 1))

        def extra(lo_b: np.ndarray, hi_b: np.ndarray, m: np.ndarray, final: bool
                  ) -> tuple[np.ndarray, np.ndarray]:
            # Hall: max_k (r_k + s_k) ≤ N − D, with D ∈ [lo_b, hi_b] of coordinate 2.
            bad = m > total - lo_b[:, 2]
            sure = m <= total - hi_b[:, 2]
            if final:
                dvals = lo_b[:, 2]
                bad |= ~allowed[np.clip(dvals, 0, total)]
            for i, pc, rc in fom:
                iv = problem.intervals[i]
                beta_sq = problem.scores[i].beta ** 2
                unit = scales[pc]  # P and R share one scale (values are already means)
                plo, phi = lo_b[:, 3 + pc] / unit, hi_b[:, 3 + pc] / unit
                rlo, rhi = lo_b[:, 3 + rc] / unit, hi_b[:, 3 + rc] / unit
                b = float(beta_sq)
                with np.errstate(divide="ignore", invalid="ignore"):
                    flo = np.where(b * plo + rlo > 0, (1 + b) * plo * rlo / (b * plo + rlo), 0.0)
                    fhi = np.where(b * phi + rhi > 0, (1 + b) * phi * rhi / (b * phi + rhi), 0.0)
                zero_possible = (lo_b[:, 3 + pc] <= 0) & (lo_b[:, 3 + rc] <= 0)
                if fill is not None and not never:
                    fhi = np.where(zero_possible, np.maximum(fhi, float(fill)), fhi)
                    flo = np.where(zero_possible, np.minimum(flo, float(fill)), flo)
                margin = 1e-9
                bad |= (fhi < float(iv.lo) - margin) | (flo > float(iv.hi) + margin)
                sure &= np.zeros(len(sure), dtype=bool)  # always replayed exactly
            return bad, sure

        def to_matrices(choice: list[int]) -> list[np.ndarray] | None:
            d = np.zeros(k, dtype=np.int64)
            c = np.zeros(k, dtype=np.int64)
            for pos, q in enumerate(order):
                d[q] = classes[q][0][choice[pos]]
                c[q] = classes[q][1][choice[pos]]
            matrix = zero_diagonal_transport(np.array(t) - d, c - d)
            if matrix is None:
                return None
            matrix[np.diag_indices(k)] = d
            if (matrix.sum(axis=1) != np.array(t)).any() or (matrix.sum(axis=0) != c).any():
                return None
            return [matrix]

        return keys, ms, dims, extra, to_matrices

    return _run(problem, build, max_rows, key_cols=[0, *range(3, 3 + len(sums))])


def _class_ratio(problem: Problem, i: int, what: str, tk: int, total: int, k: int,
                 d: Any, c: Any, supported_classes: int) -> tuple[Any, Any, Fraction]:
    """(num, den, weight) of coordinate (i, what) for class support tk at points (d, c)."""
    s = problem.scores[i]
    if s.score is Score.BALANCED_ACCURACY:
        return d, (tk if tk else 1) + 0 * d, (Fraction(1, tk * supported_classes) * tk
                                              if tk else Fraction(0))
    counts = formulas.Counts(tp=d, fp=c - d, fn=tk - d, tn=total - tk - c + d)
    if what == "P":
        ratio = formulas.precision(counts)
    elif what == "R":
        ratio = formulas.recall(counts)
    else:
        ratio = _per_class(s, counts, EXACT_INTERP)
    weight = (Fraction(tk, total) if s.average is ScoreAverage.WEIGHTED and what == "value"
              else Fraction(1, k))
    return ratio.num, ratio.den, weight


def _fast_pass(problem: Problem, t: list[int], allowed: np.ndarray, d_lo: int, d_hi: int,
               sums: list[tuple[int, str]], fom: list[tuple[int, int, int]],
               supported_classes: int) -> SearchResult | None:
    """Witness by local search, or proof by Lagrangian duality (:mod:`._fastclass`)."""
    k, total = len(t), sum(t)
    if k < 2:
        return None
    zd = problem.hypothesis.zero_division
    fill = _zd_value(zd)
    never = zd is ZeroDivisionRule.NEVER
    # F of macro means ≥ the macro mean of per-class F (the weighted harmonic mean is
    # concave and homogeneous; with every support > 0 the per-class F from counts equals
    # F(p_k, r_k), 0 when d_k = 0), so "F of means ≤ hi" implies "mean of F ≤ hi": a
    # relaxed box on an extra coordinate, used by the duality proof only.
    relaxed = [(i, "value") for i, _, _ in fom if min(t) > 0]
    coords = []
    for i, what in sums + relaxed:
        grids = []
        for tk in t:
            dd, cc = np.meshgrid(np.arange(tk + 1, dtype=np.int64),
                                 np.arange(total + 1, dtype=np.int64), indexing="ij")
            valid = (cc >= dd) & (cc - dd <= total - tk)
            num, den, weight = _class_ratio(problem, i, what, tk, total, k, dd, cc,
                                            supported_classes)
            num = np.broadcast_to(np.asarray(num), dd.shape).astype(float)
            den = np.broadcast_to(np.asarray(den), dd.shape).astype(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                grid = float(weight) * num / den
            zero = den == 0
            if never:
                valid &= ~zero
            else:
                grid[zero] = float(weight * (fill or 0))
            grid[~valid] = np.nan
            grids.append(grid)

        coords.append(_fastclass.Coord(grids))
    if not sums:  # Σd-only report: a dummy zero coordinate (only D and Hall matter)
        dummy = []
        for tk in t:
            dd, cc = np.meshgrid(np.arange(tk + 1), np.arange(total + 1), indexing="ij")
            dummy.append(np.where((cc >= dd) & (cc - dd <= total - tk), 0.0, np.nan))
        coords.append(_fastclass.Coord(dummy))
    boxes_f, boxes_q = [], []
    for j, (i, what) in enumerate(sums):
        if what == "value":
            iv = problem.intervals[i]
            boxes_f.append((j, float(iv.lo), float(iv.hi)))
            boxes_q.append((j, iv.lo, iv.hi))
    for extra_j, (i, _) in enumerate(relaxed):
        boxes_q.append((len(sums) + extra_j, Fraction(-1), problem.intervals[i].hi))
    fom_f = [(pc, rc, float(problem.scores[i].beta ** 2), float(problem.intervals[i].lo),
              float(problem.intervals[i].hi)) for i, pc, rc in fom]
    found: list[np.ndarray] = []

    def try_witness(d: np.ndarray, c: np.ndarray) -> bool:
        matrix = zero_diagonal_transport(np.array(t) - d, c - d)
        if matrix is None:
            return False
        matrix[np.diag_indices(k)] = d
        if all(problem.holds_exact([matrix])):
            found.append(matrix)
            return True
        return False

    target = _fastclass.Target(boxes_f, fom_f)
    nsum = max(len(sums), 1)
    # a short witness search, exhaustive search (≤ 3 classes), the duality proof, then a
    # longer witness search.
    if _fastclass.local_search(t, allowed, coords[:nsum], target, try_witness, restarts=1,
                               max_work=1_000_000):
        return SearchResult("sat", found)
    small = _fastclass.enumerate_small(t, allowed, coords[:nsum], target, try_witness)
    if small is not None:
        return SearchResult(small, found if small == "sat" else None)
    if boxes_q and _fastclass.lagrangian_proof(t, d_lo, d_hi, coords, boxes_q):
        return SearchResult("unsat")
    if _fastclass.local_search(t, allowed, coords[:nsum], target, try_witness, seed=1):
        return SearchResult("sat", found)
    return None


def zero_diagonal_transport(rows: np.ndarray, cols: np.ndarray) -> np.ndarray | None:
    """A non-negative integer matrix with zero diagonal and these margins, or None.

    Exact max-flow (augmenting paths) on rows → columns without the k→k edges; it fills
    every margin iff Hall's condition r_k + s_k ≤ Σr holds (module docstring).
    """
    k = len(rows)
    r = [int(x) for x in rows]
    s = [int(x) for x in cols]
    if sum(r) != sum(s) or min(r + s) < 0:
        return None
    out = np.zeros((k, k), dtype=np.int64)
    # greedy fill, then augmenting paths row i → col j ← row i2 → col j2 for the rest.
    for i in sorted(range(k), key=lambda x: -(r[x] + s[x])):
        for j in sorted(range(k), key=lambda x: -s[x]):
            if i != j and r[i] and s[j]:
                amount = min(r[i], s[j])
                out[i, j] += amount
                r[i] -= amount
                s[j] -= amount
    while sum(r):
        i = next(x for x in range(k) if r[x])
        j = next((x for x in range(k) if s[x]), None)
        if j is None:
            return None
        if j != i:
            out[i, j] += 1
        else:
            # move: some row i2 ≠ i sends to column j2 ≠ i with i2 ≠ j; reroute.
            found = False
            for i2 in range(k):
                for j2 in range(k):
                    if i2 != j and j2 != i and out[i2, j2] > 0 and i2 != i:
                        out[i2, j2] -= 1
                        out[i2, j] += 1
                        out[i, j2] += 1
                        found = True
                        break
                if found:
                    break
            if not found:
                return None
        r[i] -= 1
        s[j] -= 1
    return out
