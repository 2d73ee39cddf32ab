"""Probes: an instrumented step-by-step pass over the probe sequence, with the model's weights.

A probe collects, for every layer l and step t of the probe window (the first validation
window, T = seq_len):

- hidden states h_t (and c_t for an LSTM), gate activations (LSTM i/f/g/o, GRU r/z/n), the
  vanilla RNN's pre-activations;
- ``grad_norm[l, t] = ||dL_T / dh_t^(l)||_2`` where L_T is the loss of the final step's
  prediction only: the vanishing/exploding-gradient curve of Pascanu et al. (2013);
- the model's one-step predictions over the whole series, or a text sample.

It runs on CPU copies of the weights (on a GPU a step-by-step pass is launch-bound and slower
than on the CPU) and asks autograd for gradients with respect to the hidden states only, so
the parameters' .grad are untouched.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import torch
import torch.nn.functional as F

from rnnviz.core.data import Dataset, SeriesData, TextData
from rnnviz.core.dynamics import probe_dynamics
from rnnviz.core.models import GATES, RecurrentModel, unroll_layer

PREDICT_CHUNK = 65536  # windows per forward pass when predicting a long series


def _frozen(a: torch.Tensor | np.ndarray) -> np.ndarray:
    """A read-only C-contiguous numpy copy (floats as float32), safe to hand to another thread."""
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    a = np.asarray(a)
    dtype = np.float32 if np.issubdtype(a.dtype, np.floating) else a.dtype
    out = np.array(a, dtype=dtype, order="C", copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True)
class ProbeResult:
    """What one probe saw. Arrays are read-only numpy; shapes (L, T, H) unless noted."""

    step: int
    cell: str
    inputs: np.ndarray  # (T, I), exactly as fed to the model
    target: np.ndarray  # series: (1,) next value, normalized; text: (T,) next-char ids
    hidden: np.ndarray
    cell_state: np.ndarray | None  # LSTM only
    gates: MappingProxyType  # name -> (L, T, H), torch's gate order
    preact: np.ndarray | None  # vanilla RNN: W_ih x + b_ih + W_hh h + b_hh before tanh
    grad_norm: np.ndarray  # (L, T)
    loss_T: float  # loss of the final step's prediction
    output_T: np.ndarray  # (O,) final step's prediction (normalized value or logits)
    predictions: np.ndarray | None  # series: (N_windows,) one-step predictions, file units
    sample: str | None  # text: prime + generated characters
    tokens: tuple[str, ...] | None  # text: the probe window's input characters
    seconds: float  # what the probe cost
    # Training health (rnnviz/core/dynamics.py). G_sig counts the sigmoid gates only (LSTM
    # i, f, o; GRU r, z; none for the RNN, whose gate_saturation is (L, 0, H, 2)).
    batch_inputs: np.ndarray | None = None  # (B, T, I) the probe batch (first val windows)
    jacobian_norm: np.ndarray | None = None  # (L, T) sigma_max of ds_t/ds_{t-1}
    spectral_radius: np.ndarray | None = None  # (L, G) max |eigenvalue| of W_hh's gate blocks
    gate_saturation: np.ndarray | None = None  # (L, G_sig, H, 2) share below 0.1, above 0.9
    hidden_saturation: np.ndarray | None = None  # (L, H) share of |h| above 0.9
    hidden_std: np.ndarray | None = None  # (L, H) std of h over the batch's B x T values
    forget_bias: np.ndarray | None = None  # LSTM (L, H): b_ih + b_hh of the forget slice


def instrumented_pass(model: RecurrentModel, data: Dataset) -> dict:
    """Unroll the model over the probe window; return tensors (on the CPU) and L_T."""
    cell, L = model.cell, model.rnn.num_layers
    H = model.rnn.hidden_size
    x_np, target_np = data.probe_window()
    inp = torch.from_numpy(x_np)[None]  # (1, T, I)
    target = torch.from_numpy(target_np)[None]  # (1, 1) or (1, T)
    with torch.enable_grad():
        layers = []
        for layer in range(L):
            # Initial states require grad so every h_t is a node autograd can differentiate
            # to; the weights are detached, so no parameter gradient is built.
            h0 = torch.zeros(1, H, requires_grad=True)
            c0 = torch.zeros(1, H, requires_grad=True) if cell == "lstm" else None
            res = unroll_layer(cell, inp, model.layer_weights(layer), h0, c0)
            layers.append(res)
            inp = torch.stack(res[0], dim=1)  # (1, T, H)
        head_w, head_b = (p.detach().cpu() for p in (model.head.weight, model.head.bias))
        out_T = F.linear(layers[-1][0][-1], head_w, head_b)  # (1, O)
        loss_T = data.final_loss(out_T[:, None], target)
        all_h = [h for hs, *_ in layers for h in hs]
        grads = torch.autograd.grad(loss_T, all_h)
    T = len(layers[0][0])

    def stacked(per_layer):  # L lists of T x (1, H) -> (L, T, H)
        return torch.stack([torch.cat(steps, dim=0) for steps in per_layer])

    return {
        "inputs": x_np,
        "target": target_np,
        "hidden": stacked([hs for hs, *_ in layers]),
        "cell_state": stacked([cs for _, cs, _, _ in layers]) if cell == "lstm" else None,
        "gates": {g: stacked([gs[g] for _, _, gs, _ in layers]) for g in GATES[cell]},
        "preact": stacked([pre for *_, pre in layers]) if cell == "rnn" else None,
        "grad_norm": torch.stack([g.norm() for g in grads]).reshape(L, T),  # (L, T)
        "loss_T": float(loss_T.detach()),
        "output_T": out_T[0],
        "traces": layers,
    }


@torch.no_grad()
def predict_series(model: RecurrentModel, data: SeriesData, device: torch.device) -> np.ndarray:
    """One-step-ahead predictions for every window, in the series' own units."""
    x = data.all_windows(device)  # (N, T, 1)
    outs = [model(c, last_only=True)[0][:, -1, 0] for c in x.split(PREDICT_CHUNK)]  # (n,) each
    return data.denormalize(torch.cat(outs).cpu().numpy())


@torch.no_grad()
def sample_text(
    model: RecurrentModel,
    data: TextData,
    n: int,
    temperature: float = 1.0,
    prime: str = "",
    generator: torch.Generator | None = None,
    device: torch.device | str = "cpu",
) -> str:
    """prime + n characters sampled from softmax(logits / temperature)."""
    prime = prime or data.vocab[int(data.ids[0])]
    ids = data.encode(prime)
    V = len(data.vocab)
    x = F.one_hot(torch.tensor([ids], device=device), V).float()  # (1, len(prime), V)
    out, state = model(x)
    generated = []
    for _ in range(n):
        probs = torch.softmax(out[0, -1].double().cpu() / temperature, dim=-1)  # (V,)
        nxt = int(torch.multinomial(probs, 1, generator=generator))
        generated.append(nxt)
        x = F.one_hot(torch.tensor([[nxt]], device=device), V).float()  # (1, 1, V)
        out, state = model(x, state)
    return prime + data.decode(generated)


def probe(
    model: RecurrentModel,
    data: Dataset,
    step: int,
    device: torch.device,
    sample_len: int = 0,
    temperature: float = 1.0,
    prime: str = "",
    generator: torch.Generator | None = None,
) -> ProbeResult:
    """Take a full probe in eval mode and return it as an immutable ProbeResult."""
    t0 = time.perf_counter()
    was_training = model.training
    model.eval()
    try:
        r = instrumented_pass(model, data)
        health = probe_dynamics(model, data, r["traces"])
        predictions = sample = tokens = None
        if isinstance(data, SeriesData):
            predictions = predict_series(model, data, device)
        else:
            tokens = tuple(data.decode(r["inputs"].argmax(axis=1)))
            if sample_len:
                sample = sample_text(model, data, sample_len, temperature, prime, generator, device)
    finally:
        model.train(was_training)
    optional = {k: None if r[k] is None else _frozen(r[k]) for k in ("cell_state", "preact")}
    return ProbeResult(
        step=step,
        cell=model.cell,
        inputs=_frozen(r["inputs"]),
        target=_frozen(r["target"]),
        hidden=_frozen(r["hidden"]),
        gates=MappingProxyType({g: _frozen(v) for g, v in r["gates"].items()}),
        grad_norm=_frozen(r["grad_norm"]),
        loss_T=r["loss_T"],
        output_T=_frozen(r["output_T"]),
        predictions=None if predictions is None else _frozen(predictions),
        sample=sample,
        tokens=tokens,
        **optional,
        **{k: v if v is None or k == "batch_inputs" else _frozen(v) for k, v in health.items()},
        seconds=time.perf_counter() - t0,
    )
