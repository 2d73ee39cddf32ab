"""Independent references the tests compare rnnviz with, one of each:

- `assert_ranked`: how to compare a ranking (top windows, most correlated units, likeliest
  characters) with an independent computation of the values it ranks, without depending on the
  order float rounding gives near-equal values.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np


def assert_ranked(ids, values, reference, tol: float) -> None:
    """`ids` (the code's top-k, best first) with `values` (the code's own values for them) rank
    `reference` (an independent computation of every candidate's value, indexed by id; NaN for
    one that is not a candidate) highest first, with ties broken by id, ascending.

    Two computations of one value agree only to within `tol` (float32 against float64, fused
    kernels against a step-by-step pass, one machine against another), so indices are compared
    only where rounding cannot change them:

    - the stated rule on the code's own values, which it sorted: non-increasing, and exactly
      equal values in ascending id;
    - against the reference, only between candidates whose values differ by more than 2 * tol
      (each side may be off by tol): a candidate left out is not better than a listed one, and
      listed ones are in order.

    That each value matches its reference to within tol is the caller's assert_allclose."""
    ids = [int(i) for i in ids]
    values = np.asarray(values, dtype=np.float64)
    ref = np.asarray(reference, dtype=np.float64)
    assert len(ids) == len(values) and len(set(ids)) == len(ids), ids
    assert not np.isnan(ref[ids]).any(), f"not candidates: {ids}"
    for (i, a), (j, b) in pairwise(zip(ids, values, strict=True)):
        assert a > b or (a == b and i < j), f"{i} ({a:.9g}) before {j} ({b:.9g})"
    left_out = np.setdiff1d(np.flatnonzero(~np.isnan(ref)), ids)
    if len(ids) and len(left_out):
        worst = min(ids, key=lambda i: ref[i])
        best_left = left_out[np.argmax(ref[left_out])]
        assert ref[best_left] <= ref[worst] + 2 * tol, (
            f"{best_left} ({ref[best_left]:.9g}) left out, {worst} ({ref[worst]:.9g}) listed"
        )
    for a, i in enumerate(ids):
        for j in ids[a + 1 :]:
            assert ref[j] <= ref[i] + 2 * tol, f"{i} ({ref[i]:.9g}) before {j} ({ref[j]:.9g})"
