"""The unit inspector: what one hidden unit responds to (Karpathy, Johnson & Fei-Fei 2015;
LSTMVis).

For unit K of layer row L (0-based; a row per layer and direction, in torch's order):

- its activation h_t[K] over the validation part (from the first validation window's first
  input to the end of the data) run as ONE continuous pass from a zero state;
- every validation window, in order, run from a zero state exactly as in training, scored by
  the maximum over its steps of h_t[K]; the top windows by that score (exact ties: earlier first);
- the units (any layer) whose activation over the validation part correlates most with it
  (Pearson r in float64, by |r|; exact ties: lower row, then lower unit first);
- from a probe: its gates over the probe window and its layer's ||dL_T/dh_t|| row.

Speed: every layer is run through its own single-layer copy of torch's fused module, so all
layers' h_t come from the fast path (the stacked fused module returns every step of its last
layer only). Windows go through in batches of a bounded size; the continuous pass goes through
in chunks of time, the state carried across, and the correlations are accumulated as it goes,
so memory stays bounded whatever the data's length.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import DataError, Dataset, SeriesData, TextData, load_data
from rnnviz.core.export import CheckpointError, ExportError, load_checkpoint
from rnnviz.core.models import FUSED, GATES, RecurrentModel
from rnnviz.core.restore import data_path
from rnnviz.core.snapshot import (  # noqa: F401 (read from here by the CLI and the tests)
    Correlated,
    TopWindow,
    UnitReport,
    frozen_copy,
    probe_unit,
)

TOP = 10  # windows listed by default
CORRELATED = 10  # correlated units listed
TIME_CHUNK = 16384  # steps per chunk of the continuous pass (~100 MB at 2 x 128 units)
WINDOW_FLOATS = 1 << 22  # floats per batch of windows (B * T * max(I, H)): ~16 MB


# ------------------------------------------------------------------------------ the model


def directions(model: RecurrentModel) -> int:
    return 2 if getattr(model.rnn, "bidirectional", False) else 1


def layer_modules(model: RecurrentModel) -> list[nn.Module]:
    """One single-layer fused module per layer with the model's weights, on the model's device
    (a GPU scores thousands of windows in a blink), in eval mode."""
    rnn, mods = model.rnn, []
    bidirectional = directions(model) == 2
    for layer in range(rnn.num_layers):
        w = getattr(rnn, f"weight_ih_l{layer}")
        m = FUSED[model.cell](w.shape[1], rnn.hidden_size, 1, batch_first=True,
                              bidirectional=bidirectional)  # fmt: skip
        with torch.no_grad():
            for name, p in m.named_parameters():
                p.copy_(getattr(rnn, name.replace("_l0", f"_l{layer}")))
        mods.append(m.to(w.device).eval())
    return mods


def check_unit(model: RecurrentModel, layer: int, unit: int) -> None:
    """ConfigError with one line unless layer row `layer` and unit `unit` exist."""
    rows, H = model.rnn.num_layers * directions(model), model.rnn.hidden_size
    if not 0 <= layer < rows:
        raise ConfigError(f"layer {layer} is out of range: the model's layers are 0..{rows - 1}")
    if not 0 <= unit < H:
        raise ConfigError(f"unit {unit} is out of range: each layer's units are 0..{H - 1}")


# ---------------------------------------------------------------------------- the data


def _inputs(data: Dataset, positions: torch.Tensor) -> torch.Tensor:
    """Model inputs at the given positions of the data, as the windows hold them: (..., I)."""
    if isinstance(data, SeriesData):
        return data.input_rows[positions]  # (..., I)
    return F.one_hot(data.ids[positions], len(data.vocab)).float()


def n_validation_windows(data: Dataset) -> int:
    return data.n_windows - data.n_train


def data_length(data: Dataset) -> int:
    return len(data.values) if isinstance(data, SeriesData) else len(data.ids)


# --------------------------------------------------------------------------- computation


def _run_layers(mods: list[nn.Module], x: torch.Tensor, upto: int, states=None):
    """Run layers 0..upto on x (B, T, I): every run layer's h (B, T, D*H), and final states."""
    outs, new = [], []
    for i, m in enumerate(mods[: upto + 1]):
        x, s = m(x, None if states is None else states[i])  # (B, T, D*H)
        outs.append(x)
        new.append(s)
    return outs, new


@torch.no_grad()
def window_activations(
    model: RecurrentModel, data: Dataset, layer: int, unit: int, windows: np.ndarray
) -> Iterator[torch.Tensor]:
    """h_t[unit] of layer row `layer` over the given validation windows (0-based), each run
    from a zero state as in training; yields (B, T) batches in order."""
    mods, D, H, T = layer_modules(model), directions(model), model.rnn.hidden_size, data.seq_len
    device = next(model.parameters()).device
    batch = max(1, WINDOW_FLOATS // (T * max(data.input_size, D * H)))
    offsets = torch.arange(T)
    col = (layer % D) * H + unit
    for chunk in torch.as_tensor(np.asarray(windows, dtype=np.int64)).split(batch):
        x = _inputs(data, (data.n_train + chunk)[:, None] + offsets)  # (B, T, I)
        outs, _ = _run_layers(mods, x.to(device), layer // D)
        yield outs[-1][..., col].cpu()  # (B, T)


def window_scores(model: RecurrentModel, data: Dataset, layer: int, unit: int) -> np.ndarray:
    """(n_windows,) every validation window's score: the max over its steps of h_t[unit]."""
    check_unit(model, layer, unit)
    every = np.arange(n_validation_windows(data))
    batches = window_activations(model, data, layer, unit, every)
    return np.concatenate([a.amax(dim=1).numpy() for a in batches])


def top_windows(
    model: RecurrentModel, data: Dataset, layer: int, unit: int, n: int = TOP
) -> tuple[TopWindow, ...]:
    """The n validation windows with the highest scores, highest first.

    The order: score descending, then window index ascending. A tie is two float32 scores that
    are exactly equal (saturated units often score exactly 1.0); scores a rounding apart are not
    tied, so the order of near-equal windows may differ between machines and devices (torch's
    fused kernels round differently). Compare rankings by their scores, not their indices."""
    scores = window_scores(model, data, layer, unit)
    best = np.argsort(-scores, kind="stable")[:n]
    acts = np.concatenate([a.numpy() for a in window_activations(model, data, layer, unit, best)])
    return tuple(
        TopWindow(k + 1, int(w), data.n_train + int(w), float(scores[w]), frozen_copy(acts[k]))
        for k, w in enumerate(best)
    )


class _Pearson:
    """Running Pearson r of every column against column k, in float64. Sums are taken about
    the first chunk's means, so a nearly constant unit does not lose its variance to
    cancellation."""

    def __init__(self, k: int) -> None:
        self.k, self.n, self.shift = k, 0, None

    def add(self, a: np.ndarray) -> None:  # a (n, U)
        a = a.astype(np.float64)
        if self.shift is None:
            self.shift = a.mean(axis=0)  # (U,)
            self.s1 = self.s2 = self.sk = 0.0
        d = a - self.shift  # (n, U)
        self.s1 = self.s1 + d.sum(axis=0)
        self.s2 = self.s2 + (d * d).sum(axis=0)
        self.sk = self.sk + d.T @ d[:, self.k]
        self.n += len(a)

    def r(self) -> np.ndarray:
        """(U,) r of every column with column k; NaN for a constant column."""
        k, n = self.k, self.n
        mean = self.s1 / n
        var = np.maximum(self.s2 / n - mean**2, 0.0)
        cov = self.sk / n - mean * mean[k]
        with np.errstate(invalid="ignore", divide="ignore"):
            r = cov / np.sqrt(var * var[k])
        return np.where(var * var[k] > 0, r, np.nan)


@torch.no_grad()
def validation_pass(model: RecurrentModel, data: Dataset, layer: int, unit: int):
    """One continuous pass from a zero state over the validation part, in chunks of time.

    Returns (activations (N,) of the unit, r (R, H) of every unit's correlation with it)."""
    check_unit(model, layer, unit)
    mods, D, H = layer_modules(model), directions(model), model.rnn.hidden_size
    device = next(model.parameters()).device
    if D == 2:  # a reverse direction reads the pass from its end: no chunking in time
        chunks = [torch.arange(data.n_train, data_length(data))]
    else:
        chunks = torch.arange(data.n_train, data_length(data)).split(TIME_CHUNK)
    pearson, acts, states = _Pearson(layer * H + unit), [], None
    for pos in chunks:
        x = _inputs(data, pos)[None].to(device)  # (1, n, I)
        outs, states = _run_layers(mods, x, len(mods) - 1, states)
        a = torch.cat(outs, dim=-1)[0].cpu().numpy()  # (n, R*H): rows in torch's order
        pearson.add(a)
        acts.append(a[:, layer * H + unit])
    R = len(mods) * D
    return frozen_copy(np.concatenate(acts)), pearson.r().reshape(R, H)  # (N,), (R, H)


def most_correlated(r: np.ndarray, layer: int, unit: int, n: int = CORRELATED):
    """The n other units with the largest |r|, as Correlated tuples; a unit whose r is NaN (a
    constant unit) is left out. The order: |r| descending, then by row-major index (row, then
    unit) ascending for exactly equal |r|."""
    flat = np.abs(r).ravel()
    flat[layer * r.shape[1] + unit] = np.nan  # not itself
    order = np.argsort(np.where(np.isnan(flat), -1.0, -flat), kind="stable")[:n]
    H = r.shape[1]
    return tuple(Correlated(int(i // H), int(i % H), float(r.ravel()[i])) for i in order
                 if not np.isnan(flat[i]))  # fmt: skip


def inspect_unit(
    model: RecurrentModel,
    data: Dataset,
    layer: int,
    unit: int,
    top: int = TOP,
    probe=None,
    n_correlated: int = CORRELATED,
) -> UnitReport:
    """Everything about one unit: see the module's docstring. `probe` (a ProbeResult, probe.npz's
    arrays as a dict, or None) gives the gates and gradient row. Reads the model's current
    weights; changes nothing."""
    _check_scannable(data)
    check_unit(model, layer, unit)
    acts, r = validation_pass(model, data, layer, unit)
    gates = grad = None
    if isinstance(probe, Mapping):  # probe.npz's arrays
        names = {f"gate_{g}" for g in GATES[model.cell]}  # not gate_saturation
        gates = {k[5:]: v for k, v in probe.items() if k in names}
        gates, grad = probe_unit(gates, probe["grad_norm"], layer, unit)
    elif probe is not None:
        gates, grad = probe_unit(probe.gates, probe.grad_norm, layer, unit)
    n0 = data.n_train
    return UnitReport(
        layer=layer, unit=unit, cell=model.cell, kind=data.kind, name=data.name,
        seq_len=data.seq_len, start=n0, activations=acts,
        text=data.decode(data.ids[n0:]) if isinstance(data, TextData) else None,
        values=frozen_copy(data.values[n0:]) if isinstance(data, SeriesData) else None,
        n_windows=n_validation_windows(data),
        windows=top_windows(model, data, layer, unit, top),
        correlated=most_correlated(r, layer, unit, n_correlated),
        gates=gates, grad_norm=grad,
    )  # fmt: skip


# ------------------------------------------------------------------------- a run folder


@dataclass(frozen=True)
class LoadedRun:
    """A run folder read back: the model (CPU, eval) and its data."""

    folder: Path
    config: Config
    model: RecurrentModel
    data: Dataset
    probe: dict | None  # probe.npz's arrays, if the folder has one


def load_run(folder: str | Path) -> LoadedRun:
    """Read RUN_DIR/config.json, checkpoint.pt and the data config.json names (the built-in
    sine is generated again). Raises ExportError, CheckpointError or DataError (one line)."""
    folder = Path(folder)
    missing = [n for n in ("config.json", "checkpoint.pt") if not (folder / n).is_file()]
    if missing:
        raise ExportError(
            f"{folder} is not a run folder (no {' or '.join(missing)}); "
            "pass a folder written by 'rnnviz train --out'"
        )
    try:
        raw = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        config = Config.from_dict(raw).replace(device="cpu")
    except (OSError, ValueError, TypeError, AttributeError) as e:
        raise ExportError(f"{folder / 'config.json'} is not a readable run config ({e})") from None
    config = config.replace(data=data_path(config, folder))
    ckpt = load_checkpoint(folder / "checkpoint.pt")
    data = load_data(config)
    _check_same_data(ckpt, data)
    return LoadedRun(folder, config, _model(ckpt, config), data, _probe_arrays(folder))


def _model(ckpt: dict, config: Config) -> RecurrentModel:
    model = RecurrentModel(config.cell, ckpt["input_size"], config.hidden, config.layers,
                           ckpt["output_size"], attention=config.attention)  # fmt: skip
    try:
        model.rnn.load_state_dict(ckpt["rnn_state_dict"])
        model.head.load_state_dict(ckpt["head_state_dict"])
        if model.attention is not None:
            model.attention.load_state_dict(ckpt["attention_state_dict"])
    except (RuntimeError, KeyError, TypeError) as e:
        first = str(e).strip().splitlines()[0]
        raise CheckpointError(f"checkpoint.pt does not fit its config.json: {first}") from None
    return model.eval()


def _check_scannable(data: Dataset) -> None:
    """A memory task has no stream of windows to score: say so in one line."""
    if not isinstance(data, SeriesData | TextData):
        raise ConfigError(
            f"inspecting a unit scans the windows of a series or a text; the {data.kind} task "
            "has separate sequences (its hidden states are in the Training view's heatmap)"
        )


def _check_same_data(ckpt: dict, data: Dataset) -> None:
    """The data must be the data the checkpoint was trained on."""
    _check_scannable(data)
    if isinstance(data, TextData):
        if list(ckpt.get("vocab", [])) != data.vocab:
            raise DataError(f"{data.name} is not the text this run was trained on "
                            "(its characters differ)")  # fmt: skip
        return
    norm = ckpt.get("normalization") or {}
    same = all(
        np.isclose(norm.get(k, np.nan), getattr(data, k), rtol=1e-9) for k in ("mean", "std")
    )
    if not same:
        raise DataError(f"{data.name} is not the series this run was trained on "
                        "(its mean or spread differs)")  # fmt: skip


def _probe_arrays(folder: Path) -> dict | None:
    try:
        with np.load(folder / "probe.npz") as z:
            arrays = {k: z[k] for k in z.files}
        return arrays if "grad_norm" in arrays else None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):  # optional: the page goes without
        return None
