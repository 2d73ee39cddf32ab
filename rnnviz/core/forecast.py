"""Free-running forecasts: the model fed its own predictions over the validation part.

The one-step-ahead predictions (probe.predict_series) read T true values for every target
(teacher forcing). A free-running rollout reads them only once: its first prediction is made
from the T true values just before the first validation target, so it equals that row's
one-step prediction; every later window drops its oldest value and appends the model's own
previous prediction. Errors feed back, so the rollout drifts from the data where the one-step
forecast does not.

Why windows are re-run rather than a state carried forward: the model was trained, and is
used everywhere, on windows of T values read from a zero state. Carrying the state through the
rollout would condition each prediction on everything since the first validation row, a
different computation whose result equals the windowed one only if the model forgets
everything older than T steps exactly, which nothing guarantees. So each step runs the fused
module over one window of T values (batch 1): N steps cost N small fused calls, about 0.1 ms
each for the default model on a CPU. The steps depend on each other, so they cannot be batched.
"""

from __future__ import annotations

import numpy as np
import torch

from rnnviz.core.data import SeriesData, untransformed
from rnnviz.core.models import RecurrentModel, eval_mode
from rnnviz.core.snapshot import FreeRunning  # noqa: F401 (read from here)

# Longest rollout (in validation rows): beyond a few thousand steps a free-running forecast has
# long settled into the model's own attractor, and a 2-million-row series would take minutes
# (5,000 steps take about 1 s on a 2-core CPU).
FREE_RUNNING_MAX = 5_000


@torch.no_grad()
@eval_mode
def free_running(
    model: RecurrentModel,
    data: SeriesData,
    device: torch.device | str = "cpu",
    steps: int | None = None,
) -> np.ndarray | None:
    """The model's own rollout over the validation part, in the series' own units.

    Returns (N,) predictions for the validation targets values[n_train + T + j], j = 0..N-1,
    N = min(steps or every validation row, number of validation rows, FREE_RUNNING_MAX).
    Prediction j reads the window values[n_train + j : n_train + j + T] with every value from
    index n_train + T on replaced by the rollout's own earlier predictions (of a model with
    a horizon, the first of its K). With several inputs only the target's column is fed back
    (the other columns are the data's); None when the model does not read the target.
    A transform by changes is integrated from the last actual value before the rollout.
    """
    col = data.target_input
    if col is None:
        return None
    T, start = data.seq_len, data.n_train
    n_val = data.n_windows - start
    n = min(n_val if steps is None else steps, n_val, FREE_RUNNING_MAX)
    rows = data.input_rows[start : start + T + n].to(device).clone()  # (T + N, I) true rows
    # A prediction (the target's normalization) as the target's input column reads it.
    scale = data.std / float(data.input_std[col])
    shift = (data.mean - float(data.input_mean[col])) / float(data.input_std[col])
    z = torch.empty(n, device=rows.device)  # (N,) the predictions, normalized
    for j in range(n):
        window = rows[j : j + T][None]  # (1, T, I)
        z[j] = model(window, last_only=True)[0][0, -1, 0]
        rows[T + j, col] = z[j] * scale + shift
    u = data.denormalize(z.cpu().numpy())[None]  # (1, N) transformed units, one row
    prev = data.values[start + T - 1 : start + T]  # (1,) the last actual value before it
    return untransformed(u, prev, data.transform)[0]
