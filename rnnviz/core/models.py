"""The model: torch's fused nn.RNN/LSTM/GRU plus a linear head, and the same cells unrolled
step by step in plain tensor code so their internals can be looked at.

The unrolled cells follow torch's documented equations and gate order exactly
(https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html, .GRU, .RNN); the tests check
them against the fused modules for every cell, 1 and 2 layers.
"""

from __future__ import annotations

import functools
import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.func import functional_call

from rnnviz.core.init import init_recurrent, scale_recurrent
from rnnviz.core.params import GATES, WEIGHT_NAMES, trace_rows  # noqa: F401 (read from here)

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


class RecurrentModel(nn.Module):
    """x (B, T, I) -> predictions at every step (B, T, O), through the fused fast path.

    A bidirectional model (D = 2, series only) is many-to-one: its head reads each direction's
    final state as torch's h_n gives them, the forward state at t = T and the reverse state at
    t = 1, concatenated (B, 2H), and it predicts at the last step only (B, 1, O). Dropout acts
    between stacked layers in training mode only; with a `dropout_generator` its masks come
    from that generator (no global random state), else from torch's own fused module.
    """

    def __init__(
        self,
        cell: str,
        input_size: int,
        hidden: int,
        layers: int,
        output_size: int,
        dropout: float = 0.0,
        bidirectional: bool = False,
        attention: bool = False,
    ):
        super().__init__()
        if attention and bidirectional:
            raise ValueError("attention reads one direction's states; bidirectional has two")
        self.cell = cell
        self.rnn = FUSED[cell](input_size, hidden, layers, batch_first=True, dropout=dropout,
                               bidirectional=bidirectional)  # fmt: skip
        self.directions = 2 if bidirectional else 1
        # W_a (H, H): self.attention(h_t) = W_a h_t, so e_t = h_T . attention(h_t).
        self.attention = nn.Linear(hidden, hidden, bias=False) if attention else None
        self.head = nn.Linear((2 if attention else self.directions) * hidden, output_size)
        self.dropout_generator: torch.Generator | None = None
        self._templates: dict[int, nn.Module] = {}  # one-layer modules for the dropout path

    def forward(self, x: Tensor, state=None, last_only: bool = False) -> tuple[Tensor, object]:
        """Predictions at every step (B, T, O), or at the last step only (B, 1, O): a series
        needs no more, and the head over all T steps cost ~15% of a small model's step."""
        if self.training and self.rnn.dropout > 0 and self.dropout_generator is not None:
            out, state = self._recur_with_dropout(x, state)  # (B, T, D*H)
        else:
            out, state = self.rnn(x, state)  # (B, T, D*H)
        if self.directions == 2:
            h_n = state[0] if isinstance(state, tuple) else state  # (L*D, B, H)
            last = h_n[-2:].transpose(0, 1).flatten(1)  # (B, 2H): forward at T, reverse at 1
            return self.head(last)[:, None], state  # (B, 1, O)
        if self.attention is not None:
            c, _ = attend(out, self.attention.weight)  # (B, H)
            return self.head(torch.cat([c, out[:, -1]], -1))[:, None], state  # (B, 1, O)
        if last_only:
            out = out[:, -1:]  # (B, 1, H)
        return self.head(out), state

    def _recur_with_dropout(self, x: Tensor, state) -> tuple[Tensor, object]:
        """torch's stacked module layer by layer, with dropout(P) on every layer's output but
        the last (torch's semantics) and masks from `dropout_generator`."""
        rnn, D, p = self.rnn, self.directions, self.rnn.dropout
        lstm = self.cell == "lstm"
        h_parts, c_parts = [], []
        for layer in range(rnn.num_layers):
            rows = slice(layer * D, (layer + 1) * D)
            s = None if state is None else (
                (state[0][rows], state[1][rows]) if lstm else state[rows]
            )  # fmt: skip
            x, s = self._one_layer(layer, x, s)  # (B, T, D*H)
            h_parts.append(s[0] if lstm else s)
            c_parts.append(s[1] if lstm else None)
            if layer < rnn.num_layers - 1:
                keep = torch.empty_like(x).bernoulli_(1 - p, generator=self.dropout_generator)
                x = x * keep / (1 - p)
        h = torch.cat(h_parts)  # (L*D, B, H)
        return x, ((h, torch.cat(c_parts)) if lstm else h)

    def _one_layer(self, layer: int, x: Tensor, state) -> tuple[Tensor, object]:
        """Layer `layer` of self.rnn alone: a one-layer module of torch's called with that
        layer's own parameters, so autograd reaches them."""
        rnn = self.rnn
        key = 0 if layer == 0 else 1
        if key not in self._templates:
            size = rnn.input_size if layer == 0 else self.directions * rnn.hidden_size
            self._templates[key] = FUSED[self.cell](size, rnn.hidden_size, 1, batch_first=True,
                                                    bidirectional=self.directions == 2)  # fmt: skip
        suffixes = ("", "_reverse")[: self.directions]
        params = {
            f"{n}_l0{s}": getattr(rnn, f"{n}_l{layer}{s}") for n in WEIGHT_NAMES for s in suffixes
        }
        return functional_call(self._templates[key], params, (x, state))

    @torch.no_grad()
    def initialize(
        self,
        generator: torch.Generator,
        scheme: str = "default",
        scale: float = 1.0,
        forget_bias: float = 0.0,
    ) -> None:
        """Initialise from `generator` instead of the global random state, so two trainers
        built on two threads cannot race (same seed, same weights).

        "default" is torch's own rule (nn.RNNBase.reset_parameters, nn.Linear.reset_parameters):
        every recurrent tensor ~ U(-1/sqrt(H), 1/sqrt(H)); the head's weight and bias ~
        U(-1/sqrt(fan_in), 1/sqrt(fan_in)). "xavier" and "orthogonal" replace the recurrent
        part (rnnviz.core.init); the head keeps torch's rule. Then every weight_hh is
        multiplied by `scale`. forget_bias != 0 (LSTM) then sets b_ih + b_hh of every layer's
        forget slice to it, after all the draws, so every other weight equals the
        forget_bias = 0 run's.
        """
        if scheme == "default":
            bound = 1.0 / math.sqrt(self.rnn.hidden_size)
            for w in self.rnn.parameters():
                w.uniform_(-bound, bound, generator=generator)
        else:
            init_recurrent(self.rnn, scheme, generator)
        bound = 1.0 / math.sqrt(self.head.in_features)
        for w in self.head.parameters():
            w.uniform_(-bound, bound, generator=generator)
        if self.attention is not None:  # drawn last: every other weight equals a plain run's
            bound = 1.0 / math.sqrt(self.attention.in_features)
            self.attention.weight.uniform_(-bound, bound, generator=generator)
        scale_recurrent(self.rnn, scale)
        if forget_bias:  # after the scheme and the scale
            self.set_forget_bias(forget_bias)

    @torch.no_grad()
    def set_forget_bias(self, value: float) -> None:
        """b_ih + b_hh of the forget gate = value in every layer and direction: b_ih's slice
        holds all of it, b_hh's is zeroed (one number to read, no split to round). LSTM only."""
        if self.cell != "lstm":
            raise ValueError(f"a {self.cell} has no forget gate")
        H = self.rnn.hidden_size
        forget = slice(H, 2 * H)  # torch's LSTM gate order i, f, g, o
        for name, p in self.rnn.named_parameters():
            if name.startswith("bias_ih_l"):
                p[forget] = value
            elif name.startswith("bias_hh_l"):
                p[forget] = 0.0

    def layer_weights(
        self, layer: int, device: str | torch.device = "cpu", reverse: bool = False
    ) -> tuple[Tensor, ...]:
        """(w_ih, w_hh, b_ih, b_hh) of one layer and direction, detached, on `device` (no copy
        on the same)."""
        suffix = "_reverse" if reverse else ""
        return tuple(
            getattr(self.rnn, f"{n}_l{layer}{suffix}").detach().to(device) for n in WEIGHT_NAMES
        )


def attend(states: Tensor, w_a: Tensor) -> tuple[Tensor, Tensor]:
    """Attention of the last state over all: states (B, T, H), w_a (H, H) -> the context
    c (B, H) and the weights alpha (B, T), with e_t = h_T^T W_a h_t, alpha = softmax_t(e),
    c = sum_t alpha_t h_t."""
    scores = torch.einsum("bth,bh->bt", F.linear(states, w_a), states[:, -1])  # (B, T)
    alpha = torch.softmax(scores, dim=-1)  # (B, T)
    return torch.einsum("bt,bth->bh", alpha, states), alpha


def eval_mode(fn):
    """Run fn(model, ...) with the model in eval mode (no dropout), restoring its mode after:
    predictions, samples and forecasts never see dropout, whoever calls them."""

    @functools.wraps(fn)
    def wrapper(model, *args, **kwargs):
        was_training = model.training
        model.eval()
        try:
            return fn(model, *args, **kwargs)
        finally:
            model.train(was_training)

    return wrapper


def unroll_direction(
    model: RecurrentModel, layer: int, reverse: bool, x: Tensor, h0, c0=None, dtype=None
):
    """unroll_layer for one layer and direction (its weights cast to `dtype` if given). The
    reverse direction reads x from t = T down to t = 1; its per-step lists are returned in
    forward time all the same (index t is the state after reading x_t), so both directions
    line up step by step."""
    weights = model.layer_weights(layer, reverse=reverse)
    if dtype is not None:
        weights = tuple(w.to(dtype) for w in weights)
    if not reverse:
        return unroll_layer(model.cell, x, weights, h0, c0)
    hs, cs, gates, pre = unroll_layer(model.cell, x.flip(1), weights, h0, c0)
    return (
        hs[::-1],
        None if cs is None else cs[::-1],
        {g: v[::-1] for g, v in gates.items()},
        None if pre is None else pre[::-1],
    )


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
