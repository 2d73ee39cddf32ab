"""The model: torch's fused nn.RNN/LSTM/GRU plus a linear head, and the same cells unrolled
step by step in plain tensor code so their internals can be looked at.

The unrolled cells follow torch's documented equations and gate order exactly
(https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html, .GRU, .RNN); the tests check
them against the fused modules for every cell, 1 and 2 layers.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
GATES = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}


class RecurrentModel(nn.Module):
    """x (B, T, I) -> predictions at every step (B, T, O), through the fused fast path."""

    def __init__(self, cell: str, input_size: int, hidden: int, layers: int, output_size: int):
        super().__init__()
        self.cell = cell
        self.rnn = FUSED[cell](input_size, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, output_size)

    def forward(self, x: Tensor, state=None, last_only: bool = False) -> tuple[Tensor, object]:
        """Predictions at every step (B, T, O), or at the last step only (B, 1, O): a series
        needs no more, and the head over all T steps cost ~15% of a small model's step."""
        out, state = self.rnn(x, state)  # (B, T, H)
        if last_only:
            out = out[:, -1:]  # (B, 1, H)
        return self.head(out), state

    @torch.no_grad()
    def initialize(self, generator: torch.Generator, forget_bias: float = 0.0) -> None:
        """torch's default initialisation, drawn from `generator` instead of the global random
        state, so two trainers built on two threads cannot race (same seed, same weights).

        torch's own rule (nn.RNNBase.reset_parameters, nn.Linear.reset_parameters): every
        recurrent tensor ~ U(-1/sqrt(H), 1/sqrt(H)); the head's weight and bias ~
        U(-1/sqrt(fan_in), 1/sqrt(fan_in)).

        forget_bias != 0 (LSTM) then sets b_ih + b_hh of every layer's forget slice to it,
        after all the draws, so every other weight equals the forget_bias = 0 run's.
        """
        bound = 1.0 / math.sqrt(self.rnn.hidden_size)
        for w in self.rnn.parameters():
            w.uniform_(-bound, bound, generator=generator)
        bound = 1.0 / math.sqrt(self.head.in_features)
        for w in self.head.parameters():
            w.uniform_(-bound, bound, generator=generator)
        if forget_bias:
            self.set_forget_bias(forget_bias)

    @torch.no_grad()
    def set_forget_bias(self, value: float) -> None:
        """b_ih + b_hh of the forget gate = value in every layer: b_ih's slice holds all of
        it, b_hh's is zeroed (one number to read, no split to round). LSTM only."""
        if self.cell != "lstm":
            raise ValueError(f"a {self.cell} has no forget gate")
        H = self.rnn.hidden_size
        forget = slice(H, 2 * H)  # torch's LSTM gate order i, f, g, o
        for layer in range(self.rnn.num_layers):
            getattr(self.rnn, f"bias_ih_l{layer}")[forget] = value
            getattr(self.rnn, f"bias_hh_l{layer}")[forget] = 0.0

    def layer_weights(self, layer: int, device: str | torch.device = "cpu") -> tuple[Tensor, ...]:
        """(w_ih, w_hh, b_ih, b_hh) of one layer, detached, on `device` (no copy on the same)."""
        names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
        return tuple(getattr(self.rnn, f"{n}_l{layer}").detach().to(device) for n in names)


def unroll_layer(cell: str, x: Tensor, weights: tuple[Tensor, ...], h0: Tensor, c0=None):
    """Run one layer step by step.

    x (B, T, I); h0, c0 (B, H). Returns per-step lists: hs, cs (LSTM, else None),
    gates {name: [ (B, H) per step ]} and, for the vanilla RNN, pre-activations.
    """
    w_ih, w_hh, b_ih, b_hh = weights
    # Project all inputs at once, then unbind: slicing xw[:, t] in the loop would make the
    # backward pass O(T^2) (see ../shared/ENVIRONMENT.md).
    xw = F.linear(x, w_ih, b_ih).unbind(1)  # T x (B, G*H)
    h, c = h0, c0
    hs, cs, pre = [], [], []
    gates = {g: [] for g in GATES[cell]}
    for xw_t in xw:
        hw = F.linear(h, w_hh, b_hh)  # (B, G*H)
        if cell == "rnn":
            a = xw_t + hw
            h = torch.tanh(a)
            pre.append(a)
        elif cell == "lstm":
            i, f, g, o = (xw_t + hw).chunk(4, dim=-1)
            i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
            c = f * c + i * g
            h = o * torch.tanh(c)
            cs.append(c)
            for name, v in zip("ifgo", (i, f, g, o), strict=True):
                gates[name].append(v)
        else:  # gru: n uses r * (W_hn h + b_hn), as torch does
            x_r, x_z, x_n = xw_t.chunk(3, dim=-1)
            h_r, h_z, h_n = hw.chunk(3, dim=-1)
            r = (x_r + h_r).sigmoid()
            z = (x_z + h_z).sigmoid()
            n = torch.tanh(x_n + r * h_n)
            h = (1 - z) * n + z * h
            for name, v in zip("rzn", (r, z, n), strict=True):
                gates[name].append(v)
        hs.append(h)
    return hs, (cs if cell == "lstm" else None), gates, (pre if cell == "rnn" else None)
