"""Probes: an instrumented step-by-step pass over the probe sequence, with the model's weights.

A probe collects, for every layer l and step t of the probe window (the first validation
window, T = seq_len), and for a bidirectional model for each direction (per-layer arrays then
have L·D rows in torch's order: layer 0 forward, layer 0 reverse, layer 1 forward, ...; both
directions indexed by forward time t, the reverse state at t being the one after reading x_t):

- hidden states h_t (and c_t for an LSTM), gate activations (LSTM i/f/g/o, GRU r/z/n), the
  vanilla RNN's pre-activations;
- ``grad_norm[l, t] = ||dL_T / dh_t^(l)||_2`` where L_T is the loss of the final step's
  prediction only: the vanishing/exploding-gradient curve of Pascanu et al. (2013);
- with attention (rnnviz.core.models.attend), ``attention[t] = alpha_t``: the weight the head's
  context gives the top layer's state h_t, and ``batch_attention`` (B, T), the same over the
  probe batch; the head is computed as the model computes it, so grad_norm and the saliency
  include the path through the attention;
- ``input_saliency[t] = ||dL_T / dx_t||_2`` (for text, x_t is the one-hot input): how much each
  input of the window mattered to the final prediction's loss, from the same backward pass;
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
from types import MappingProxyType

import numpy as np
import torch
import torch.nn.functional as F

from rnnviz.core.data import Dataset, SeriesData, TextData, untransformed
from rnnviz.core.diagnostics import decay_length, grad_ratio
from rnnviz.core.dynamics import probe_dynamics
from rnnviz.core.models import (
    GATES,
    RecurrentModel,
    attend,
    eval_mode,
    trace_rows,
    unroll_direction,
)
from rnnviz.core.snapshot import GREEDY_TEMPERATURE, ProbeResult  # noqa: F401 (read from here)

PREDICT_CHUNK = 4096  # windows per forward pass when predicting a long series (~20 MB)
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


def memory_length(grad_norm: np.ndarray) -> np.ndarray:
    """How many steps back the gradient reaches: tau = -1/b per layer, where b is the slope of
    a least-squares line through ln ||dL_T/dh_t|| against the distance T - t, t = 1..T.

    The gradient shrinks by a factor e every tau steps back; tau is +inf when b >= 0 (it does
    not decay). The fit is in float64. Norms that are 0 or not finite are left out of the fit:
    a 0 is a gradient too small for float32 (the decay went on below its range), so the line
    through the representable part measures the same rate. With fewer than 2 points left
    (T < 2, or everything underflowed) there is no slope and tau is nan.

    Parameters
    ----------
    grad_norm : (L, T) array of ||dL_T/dh_t|| per layer and step.

    Returns
    -------
    (L,) float64 array.
    """
    g = np.asarray(grad_norm, dtype=np.float64)
    T = g.shape[1]
    dist = np.arange(T - 1, -1, -1, dtype=np.float64)  # (T,) T - t for t = 1..T
    taus = np.full(g.shape[0], np.nan)
    for layer, row in enumerate(g):
        ok = np.isfinite(row) & (row > 0)
        if ok.sum() < 2:
            continue
        x, y = dist[ok], np.log(row[ok])
        xc = x - x.mean()
        b = float(xc @ (y - y.mean()) / (xc @ xc))
        taus[layer] = -1.0 / b if b < 0 else np.inf
    # A flat or rising fit beside an end-to-end decay (a sharp drop near T, then a plateau) is
    # still decay: the end-to-end e-folding distance.
    return decay_length(taus, grad_ratio(g), T)


def instrumented_pass(model: RecurrentModel, data: Dataset) -> dict:
    """Unroll the model over the probe window; return tensors (on the CPU) and L_T."""
    cell, L = model.cell, model.rnn.num_layers
    H, D = model.rnn.hidden_size, model.directions
    x_np, target_np = data.probe_window()
    # float64: a vanishing gradient goes below float32's range (1.2e-38) and would read 0.
    x = inp = torch.from_numpy(x_np)[None].double().requires_grad_()  # (1, T, I); the saliency
    target = torch.from_numpy(target_np)[None]  # (1, 1) or (1, T)
    target = target.double() if target.is_floating_point() else target
    with torch.enable_grad():
        layers = []  # one trace per (layer, direction), torch's order; steps in forward time
        for layer, d in trace_rows(L, D):
            # Initial states require grad so every h_t is a node autograd can differentiate
            # to; the weights are detached, so no parameter gradient is built.
            h0 = torch.zeros(1, H, dtype=torch.float64, requires_grad=True)
            c0 = torch.zeros_like(h0, requires_grad=True) if cell == "lstm" else None
            layers.append(unroll_direction(model, layer, d == 1, inp, h0, c0, torch.float64))
            if d == D - 1:  # the next layer reads every direction of this one
                below = [torch.stack(hs, dim=1) for hs, *_ in layers[-D:]]  # D x (1, T, H)
                inp = torch.cat(below, dim=-1)  # (1, T, D*H)
        head_w, head_b = (p.detach().cpu().double() for p in (model.head.weight, model.head.bias))
        # The head reads h_n: the forward state at T (and the reverse state at t = 1); with
        # attention, [c; h_T] as the model computes it (models.attend), in float64.
        final = torch.cat([layers[-D][0][-1]] + [layers[-1][0][0]] * (D - 1), -1)  # (1, D*H)
        alpha = None
        if model.attention is not None:
            top = torch.stack(layers[-1][0], dim=1)  # (1, T, H)
            context, alpha = attend(top, model.attention.weight.detach().cpu().double())
            final = torch.cat([context, final], -1)  # (1, 2H)
        out_T = F.linear(final, head_w, head_b)  # (1, O)
        loss_T = data.final_loss(out_T[:, None], target)
        all_h = [h for hs, *_ in layers for h in hs]
        *grads, dx = torch.autograd.grad(loss_T, [*all_h, x])
    T = len(layers[0][0])

    def stacked(per_layer):  # L*D lists of T x (1, H) -> (L*D, T, H)
        return torch.stack([torch.cat(steps, dim=0) for steps in per_layer])

    return {
        "inputs": x_np,
        "target": target_np,
        "hidden": stacked([hs for hs, *_ in layers]),
        "cell_state": stacked([cs for _, cs, _, _ in layers]) if cell == "lstm" else None,
        "gates": {g: stacked([gs[g] for _, _, gs, _ in layers]) for g in GATES[cell]},
        "preact": stacked([pre for *_, pre in layers]) if cell == "rnn" else None,
        "grad_norm": torch.stack([g.norm() for g in grads]).reshape(L * D, T),  # (L*D, T)
        "input_saliency": dx[0].norm(dim=-1),  # (T,)
        "loss_T": float(loss_T.detach()),
        "output_T": out_T[0],
        "attention": None if alpha is None else alpha[0].detach(),  # (T,)
        "traces": layers,
    }


@torch.no_grad()
@eval_mode
def predict_series(
    model: RecurrentModel, data: SeriesData, device: torch.device, windows=None
) -> np.ndarray:
    """One-step-ahead predictions in the series' own units, for every window or for the
    window indices `windows` (window w predicts values[w + T]; with a horizon, its first)."""
    return predict_horizon(model, data, device, windows)[:, 0]


@torch.no_grad()
@eval_mode
def predict_horizon(
    model: RecurrentModel, data: SeriesData, device: torch.device, windows=None
) -> np.ndarray:
    """(n, K) every window's (or those of `windows`) K predictions in the series' own units:
    window w's k-th is for values[w + T + k]."""
    x = data.all_windows(device)  # (N, T, I)
    if windows is not None:
        x = x[torch.as_tensor(windows, device=device)]  # (n, T, I)
    # clone: a slice would keep its whole chunk of outputs alive (158 MB for 2,000,000 rows)
    outs = [model(c, last_only=True)[0][:, -1, :].clone() for c in x.split(PREDICT_CHUNK)]
    z = torch.cat(outs).cpu().numpy() if outs else np.zeros((0, data.horizon), np.float32)
    w = np.arange(data.n_windows) if windows is None else np.asarray(windows)
    return data.levels(z, w)


@torch.no_grad()
@eval_mode
def forecast_fan(model: RecurrentModel, data: SeriesData, device: torch.device) -> np.ndarray:
    """(K,) the K values after the series' end, in its own units, predicted from its last T
    rows (the horizon's fan; the last is reconstructed from the series' last value)."""
    z = model(data.last_window().to(device), last_only=True)[0][:, -1, :].cpu().numpy()  # (1, K)
    prev = data.values[-1:]  # (1,)
    return untransformed(data.denormalize(z), prev, data.transform)[0]


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
@eval_mode
def sample_text(
    model: RecurrentModel,
    data: TextData,
    n: int,
    temperature: float = 1.0,
    prime: str = "",
    generator: torch.Generator | None = None,
    device: torch.device | str = "cpu",
) -> str:
    """prime + n characters sampled from softmax(logits / temperature); at temperatures up to
    GREEDY_TEMPERATURE, the most probable character each time (greedy decoding)."""
    prime = prime or data.vocab[int(data.ids[0])]
    ids = data.encode(prime)
    V = len(data.vocab)
    x = F.one_hot(torch.tensor([ids], device=device), V).float()  # (1, len(prime), V)
    out, state = model(x)
    generated = []
    for _ in range(n):
        logits = out[0, -1].double().cpu()  # (V,)
        if temperature <= GREEDY_TEMPERATURE:
            nxt = int(logits.argmax())
        else:
            probs = torch.softmax(logits / temperature, dim=-1)  # (V,)
            nxt = int(torch.multinomial(probs, 1, generator=generator))
        generated.append(nxt)
        x = F.one_hot(torch.tensor([[nxt]], device=device), V).float()  # (1, 1, V)
        out, state = model(x, state)
    return prime + data.decode(generated)


OUTPUT_FIELDS = ("predictions", "prediction_index", "sample", "samples", "temperature",
                 "fan", "fan_rmse", "fan_naive_rmse", "outputs_step")  # fmt: skip
DYNAMICS_FIELDS = ("batch_inputs", "jacobian_norm", "spectral_radius", "gate_saturation",
                   "hidden_saturation", "hidden_std", "forget_bias", "batch_attention",
                   "dynamics_step")  # fmt: skip


def probe(
    model: RecurrentModel,
    data: Dataset,
    step: int,
    device: torch.device,
    sample_len: int = 0,
    temperature: float = 1.0,
    prime: str = "",
    generator: torch.Generator | None = None,
    temperatures: tuple[float, ...] = (),
    points: int = PREDICT_POINTS,
    span: tuple[int, int] | None = None,
    previous: ProbeResult | None = None,
    outputs: bool = True,
    dynamics: bool = True,
) -> ProbeResult:
    """Take a probe in eval mode and return it as an immutable ProbeResult.

    The picture (states, gates, gradient over time, saliency: one sequence, one backward) is
    always computed. `outputs` (a series' predictions, a text's samples) and `dynamics`
    (Jacobians, spectral radii, saturation over the probe batch) are computed when asked or
    when there is no `previous` probe to carry them from.

    For text, `temperatures` adds one sample of `sample_len` characters at each (after the
    sample at `temperature`, from the same generator). A series' predictions cover at most
    `points` windows (see prediction_windows)."""
    t0 = time.perf_counter()
    outputs = outputs or previous is None
    dynamics = dynamics or previous is None
    was_training = model.training
    model.eval()
    out_s = dyn_s = 0.0
    carried: dict = {}
    try:
        r = instrumented_pass(model, data)
        tokens = None if isinstance(data, SeriesData) else tuple(
            data.decode(r["inputs"].argmax(axis=1)))  # fmt: skip
        if dynamics:
            t = time.perf_counter()
            health = probe_dynamics(model, data, r["traces"])
            carried.update({k: v if v is None or k == "batch_inputs" else _frozen(v)
                            for k, v in health.items()}, dynamics_step=step)  # fmt: skip
            carried["batch_attention"] = _batch_attention(model, health["batch_inputs"])
            dyn_s = time.perf_counter() - t
        else:
            carried.update({k: getattr(previous, k) for k in DYNAMICS_FIELDS})
        if outputs:
            t = time.perf_counter()
            carried.update(
                _outputs(
                    model,
                    data,
                    device,
                    sample_len,
                    temperature,
                    prime,
                    generator,
                    temperatures,
                    points,
                    span,
                ),
                outputs_step=step,
            )
            out_s = time.perf_counter() - t
        else:
            carried.update({k: getattr(previous, k) for k in OUTPUT_FIELDS})
    finally:
        model.train(was_training)
    optional = {k: None if r[k] is None else _frozen(r[k])
                for k in ("cell_state", "preact", "attention")}  # fmt: skip
    grad_norm = _frozen(r["grad_norm"], np.float64)
    return ProbeResult(
        step=step,
        cell=model.cell,
        inputs=_frozen(r["inputs"]),
        target=_frozen(r["target"]),
        hidden=_frozen(r["hidden"]),
        gates=MappingProxyType({g: _frozen(v) for g, v in r["gates"].items()}),
        grad_norm=grad_norm,
        input_saliency=_frozen(r["input_saliency"]),
        loss_T=r["loss_T"],
        output_T=_frozen(r["output_T"]),
        tokens=tokens,
        directions=model.directions,
        memory_length=_frozen(memory_length(grad_norm)),
        **optional,
        **carried,
        seconds=time.perf_counter() - t0,
        outputs_seconds=out_s,
        dynamics_seconds=dyn_s,
    )


@torch.no_grad()
def _batch_attention(model: RecurrentModel, batch: np.ndarray) -> np.ndarray | None:
    """alpha (B, T) of every window of the probe batch (B, T, I), through the fused module on
    the model's device (eval mode: the caller's); None for a model without attention."""
    if model.attention is None:
        return None
    w = model.attention.weight
    x = torch.from_numpy(np.array(batch)).to(w.device, w.dtype)  # (B, T, I)
    states, _ = model.rnn(x)  # (B, T, H)
    return _frozen(attend(states, w)[1])


def _outputs(model, data, device, sample_len, temperature, prime, generator, temperatures,
             points, span) -> dict:  # fmt: skip
    """A series' one-step predictions, or a text's samples: ProbeResult's OUTPUT_FIELDS."""
    if isinstance(data, SeriesData):
        windows = prediction_windows(data.n_windows, data.seq_len, points, span)
        predictions = predict_series(model, data, device, windows)
        fan = {"fan": None, "fan_rmse": None, "fan_naive_rmse": None}
        if data.horizon > 1:  # the fan, and its errors over the validation windows
            val = data.val_windows
            rmse, naive = data.horizon_rmse(predict_horizon(model, data, device, val), val)
            fan = {"fan": _frozen(forecast_fan(model, data, device), np.float64),
                   "fan_rmse": _frozen(rmse, np.float64),
                   "fan_naive_rmse": _frozen(naive, np.float64)}  # fmt: skip
        return {"predictions": _frozen(predictions), "sample": None, "samples": None,
                "temperature": None, **fan,
                "prediction_index": _frozen(windows + data.seq_len)}  # fmt: skip
    sample = samples = None
    if sample_len:
        sample = sample_text(model, data, sample_len, temperature, prime, generator, device)
    if sample_len and temperatures:
        samples = tuple((t, sample_text(model, data, sample_len, t, prime, generator, device))
                        for t in temperatures)  # fmt: skip
    return {"predictions": None, "prediction_index": None, "sample": sample, "samples": samples,
            "temperature": temperature if sample is not None else None, "fan": None,
            "fan_rmse": None, "fan_naive_rmse": None}  # fmt: skip
