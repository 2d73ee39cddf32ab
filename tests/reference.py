"""Independent references the tests compare rnnviz with, one of each:

- `run_cell`: torch's documented RNN/LSTM/GRU equations transcribed into float64 numpy, one layer
  and direction over a sequence (the probes' states and gates are checked against it);
- `assert_ranked`: how to compare a ranking (top windows, most correlated units, likeliest
  characters) with an independent computation of the values it ranks, without depending on the
  order float rounding gives near-equal values.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

# What run_cell returns, per cell: h always; pre (tanh's argument) for rnn; c and the gates i f
# g o for lstm; r z n for gru. The keys a cell does not have hold empty arrays.
KEYS = ("h", "c", "pre", *"ifgorzn")


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def run_cell(cell: str, xs: np.ndarray, weights) -> dict[str, np.ndarray]:
    """One layer and direction of `cell` ("rnn", "lstm", "gru") over xs (T, I) from a zero
    state, from torch's documented equations in float64: {key: (T, H)} for KEYS (empty for a
    key the cell lacks). `weights` is (W_ih, W_hh, b_ih, b_hh) as float64 arrays, torch's
    layout (gates stacked i f g o for an LSTM, r z n for a GRU)."""
    W_ih, W_hh, b_ih, b_hh = weights
    H = W_hh.shape[1]
    h, c = np.zeros(H), np.zeros(H)
    seq = {k: [] for k in KEYS}
    for x_t in xs:
        gi, gh = W_ih @ x_t + b_ih, W_hh @ h + b_hh
        if cell == "rnn":
            seq["pre"].append(gi + gh)
            h = np.tanh(gi + gh)
        elif cell == "lstm":
            a = gi + gh
            i, f = sigmoid(a[:H]), sigmoid(a[H : 2 * H])
            g, o = np.tanh(a[2 * H : 3 * H]), sigmoid(a[3 * H :])
            c = f * c + i * g
            h = o * np.tanh(c)
            for k, v in zip("ifgoc", (i, f, g, o, c), strict=True):
                seq[k].append(v)
        else:
            r = sigmoid(gi[:H] + gh[:H])
            z = sigmoid(gi[H : 2 * H] + gh[H : 2 * H])
            n = np.tanh(gi[2 * H :] + r * gh[2 * H :])
            h = (1 - z) * n + z * h
            for k, v in zip("rzn", (r, z, n), strict=True):
                seq[k].append(v)
        seq["h"].append(h)
    return {k: np.array(v) for k, v in seq.items()}


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
