"""Input attribution retargeted to any step of the probe window.

Every probe stores ``input_saliency[t] = ||dL_T / dx_t||_2``: how much input t mattered to the
loss of the final step's prediction. Clicking a later step t~ of the window asks the same
question of step t~ (Distill, "Visualizing memorization in RNNs", 2019):

- text: ``||dL_t~ / dx_t||_2`` with L_t~ the cross-entropy of the prediction made after reading
  input t~ against the character that follows it (x_t is the one-hot input); at t~ = T this is
  exactly the probe's ``input_saliency``;
- series: ``||d yhat_t~ / dx_t||`` with yhat_t~ = head(h_t~) the (normalized) forecast of the
  value after input t~, through the same linear head as the final prediction. The window has no
  loss at earlier steps (a series trains on the last step only), so the prediction itself is
  differentiated. At t~ = T it is the probe's ``input_saliency`` divided by 2 |yhat_T - y| (the
  derivative of the squared error): the same shape, another scale. With attention the head
  reads [c_t~; h_t~] as the model would after reading the window's first t~ inputs: c_t~ the
  attention of h_t~ over h_1..h_t~ (rnnviz.core.models.attend).

Both are zero for t > t~ (a recurrent model cannot look ahead). Computed like the probe: on CPU
copies of the weights, through the unrolled cells, in eval mode, parameter gradients untouched.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from rnnviz.core.models import RecurrentModel, attend, unroll_layer


def _last_layer_states(model: RecurrentModel, x: torch.Tensor) -> list[torch.Tensor]:
    """h_t of the last layer, T x (1, H), unrolled from a zero state; x (1, T, I)."""
    H = model.rnn.hidden_size
    inp = x
    for layer in range(model.rnn.num_layers):
        h0 = torch.zeros(1, H)
        c0 = torch.zeros(1, H) if model.cell == "lstm" else None
        hs = unroll_layer(model.cell, inp, model.layer_weights(layer), h0, c0)[0]
        inp = torch.stack(hs, dim=1)  # (1, T, H)
    return hs


def retarget_saliency(
    model: RecurrentModel, kind: str, inputs: np.ndarray, target: np.ndarray, step: int
) -> np.ndarray:
    """Saliency of step `step` (0-based, 0..T-1) of a window with respect to every input.

    Parameters
    ----------
    model : the model whose current weights are used (read, never changed).
    kind : "series" or "text" (``data.kind``).
    inputs : (T, I) the window's inputs as fed to the model (``ProbeResult.inputs``).
    target : text: (T,) next-character ids (``ProbeResult.target``); unused for a series.
    step : the step t~ - 1 the attribution is taken for.

    Returns
    -------
    (T,) float32: ``||dL_t~/dx_t||`` (text) or ``||d yhat_t~/dx_t||`` (series) for t = 1..T,
    exactly 0 for t > t~.
    """
    T = len(inputs)
    if not 0 <= step < T:
        raise IndexError(f"step {step} is outside the window (0..{T - 1})")
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            x = torch.tensor(np.asarray(inputs), dtype=torch.float32)[
                None
            ].requires_grad_()  # (1,T,I)
            hs = _last_layer_states(model, x)
            h = hs[step]  # (1, H)
            if model.attention is not None:  # the model's head over the first t~ states
                w_a = model.attention.weight.detach().cpu()
                h = torch.cat([attend(torch.stack(hs[: step + 1], 1), w_a)[0], h], -1)  # (1, 2H)
            head_w, head_b = (p.detach().cpu() for p in (model.head.weight, model.head.bias))
            out = F.linear(h, head_w, head_b)  # (1, O)
            if kind in ("text", "copy"):  # a class at every step: its cross-entropy
                y = torch.tensor(np.asarray(target, np.int64)[step : step + 1])  # (1,)
                of_interest = F.cross_entropy(out, y)
            else:
                of_interest = out.sum()  # O = 1: the forecast itself
            (dx,) = torch.autograd.grad(of_interest, [x])
    finally:
        model.train(was_training)
    return dx[0].norm(dim=-1).numpy().astype(np.float32)  # (T,)
