"""A zero-diagonal integer matrix with given margins (the off-diagonal part of a K-class
confusion matrix whose diagonal and column sums were chosen by the class engines).

Such a matrix exists iff Σr = Σs and r_k + s_k ≤ Σr for every k (Hall's theorem on the
bipartite graph rows → columns without the edges k → k; see :mod:`._classes`).
"""

from __future__ import annotations

import numpy as np


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
