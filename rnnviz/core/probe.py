"""Probes: an instrumented step-by-step pass over the probe sequence, with the model's weights.

A probe collects, for every layer l and step t of the probe window (the first validation
window, T = seq_len):

- hidden states h_t (and c_t for an LSTM), gate activations (LSTM i/f/g/o, GRU r/z/n), the
  vanilla RNN's pre-activations;
- ``grad_norm[l, t] = ||dL_T / dh_t^(l)||_2`` where L_T is the loss of the final step's
  prediction only: the vanishing/exploding-gradient curve of Pascanu et al. (2013);
- the model's one-step predictions over the series (all windows up to PREDICT_POINTS, else
  that many evenly spaced ones: a screen shows no more), or a text sample.

It runs on CPU copies of the weights (on a GPU a step-by-step pass is launch-bound and slower
than on the CPU) and asks autograd for gradients with respect to the hidden states only, so
the parameters' .grad are untouched. The instrumented pass computes in float64: a vanishing
gradient falls below float32's range (1.2e-38, then 0) within a few dozen steps of a vanilla
RNN, and the training thread flushes float32 subnormals to zero (rnnviz.core.threads), so a
float32 probe would show 0 where the decay goes on. grad_norm is kept in float64.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import torch
import torch.nn.functional as F

from rnnviz.core.data import Dataset, SeriesData, TextData
from rnnviz.core.models import GATES, RecurrentModel, unroll_layer

PREDICT_CHUNK = 16384  # windows per forward pass when predicting a long series (~80 MB)
PREDICT_POINTS = 4096  # windows a probe predicts at most: more than a screen's width of pixels
FLOAT32_TINY = float(np.finfo(np.float32).tiny)  # below this, float32 training sees 0


def _frozen(a: torch.Tensor | np.ndarray, floats=np.float32) -> np.ndarray:
    """A read-only C-contiguous numpy copy (floats as `floats`), safe to hand to another thread."""
    if isinstance(a, torch.Tensor):
        a = a.detach().cpu().numpy()
    a = np.asarray(a)
    dtype = floats if np.issubdtype(a.dtype, np.floating) else a.dtype
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
    grad_norm: np.ndarray  # (L, T) float64: below FLOAT32_TINY it is still the true value
    loss_T: float  # loss of the final step's prediction
    output_T: np.ndarray  # (O,) final step's prediction (normalized value or logits)
    predictions: np.ndarray | None  # series: (K,) one-step predictions, file units, at:
    sample: str | None  # text: prime + generated characters
    tokens: tuple[str, ...] | None  # text: the probe window's input characters
    seconds: float  # what the probe cost
    # series: (K,) int64, increasing: the index in the series' values of the value each
    # prediction is for (window w predicts values[w + T]). K = all windows up to
    # PREDICT_POINTS, else PREDICT_POINTS evenly spaced ones (first and last included).
    prediction_index: np.ndarray | None = None


def instrumented_pass(model: RecurrentModel, data: Dataset) -> dict:
    """Unroll the model over the probe window; return tensors (on the CPU) and L_T."""
    cell, L = model.cell, model.rnn.num_layers
    H = model.rnn.hidden_size
    x_np, target_np = data.probe_window()
    inp = torch.from_numpy(x_np)[None].double()  # (1, T, I)
    target = torch.from_numpy(target_np)[None]  # (1, 1) or (1, T)
    target = target.double() if target.is_floating_point() else target
    with torch.enable_grad():
        layers = []
        for layer in range(L):
            # Initial states require grad so every h_t is a node autograd can differentiate
            # to; the weights are detached, so no parameter gradient is built.
            h0 = torch.zeros(1, H, dtype=torch.float64, requires_grad=True)
            c0 = torch.zeros_like(h0, requires_grad=True) if cell == "lstm" else None
            weights = tuple(w.double() for w in model.layer_weights(layer))
            res = unroll_layer(cell, inp, weights, h0, c0)
            layers.append(res)
            inp = torch.stack(res[0], dim=1)  # (1, T, H)
        head_w, head_b = (p.detach().cpu().double() for p in (model.head.weight, model.head.bias))
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
    }


@torch.no_grad()
def predict_series(
    model: RecurrentModel, data: SeriesData, device: torch.device, windows=None
) -> np.ndarray:
    """One-step-ahead predictions in the series' own units, for every window or for the
    window indices `windows` (window w predicts values[w + T])."""
    x = data.all_windows(device)  # (N, T, 1)
    if windows is not None:
        x = x[torch.as_tensor(windows, device=device)]  # (K, T, 1)
    outs = [model(c, last_only=True)[0][:, -1, 0] for c in x.split(PREDICT_CHUNK)]  # (n,) each
    return data.denormalize(torch.cat(outs).cpu().numpy())


def prediction_windows(
    n_windows: int, seq_len: int, points: int = PREDICT_POINTS, span=None
) -> np.ndarray:
    """The windows a probe predicts: all of them if they are at most `points`, else `points`
    evenly spaced ones, first and last included. span=(start, stop) in value indices (what
    the window shows) narrows them to the windows predicting values[start:stop]."""
    lo, hi = 0, n_windows
    if span is not None:
        lo = min(max(int(span[0]) - seq_len, 0), n_windows - 1)
        hi = min(max(int(span[1]) - seq_len, lo + 1), n_windows)
    if hi - lo <= points:
        return np.arange(lo, hi)
    return np.unique(np.linspace(lo, hi - 1, points).round().astype(np.int64))


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
    points: int = PREDICT_POINTS,
    span: tuple[int, int] | None = None,
) -> ProbeResult:
    """Take a full probe in eval mode and return it as an immutable ProbeResult.

    A series' predictions cover at most `points` windows (see prediction_windows)."""
    t0 = time.perf_counter()
    was_training = model.training
    model.eval()
    try:
        r = instrumented_pass(model, data)
        predictions = sample = tokens = None
        if isinstance(data, SeriesData):
            windows = prediction_windows(data.n_windows, data.seq_len, points, span)
            predictions = predict_series(model, data, device, windows)
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
        grad_norm=_frozen(r["grad_norm"], np.float64),
        loss_T=r["loss_T"],
        output_T=_frozen(r["output_T"]),
        predictions=None if predictions is None else _frozen(predictions),
        sample=sample,
        tokens=tokens,
        seconds=time.perf_counter() - t0,
        **optional,
        prediction_index=None if predictions is None else _frozen(windows + data.seq_len),
    )
