"""The run folder (config, metrics, history, probe, checkpoint, predictions or sample) and
checkpoints that plain PyTorch can load.

Every file is written to a temporary name and renamed into place, so a failed export (read-only
folder, full disk) leaves no half-written file behind and loses nothing already there.
"""

from __future__ import annotations

import csv
import io
import json
import math
import pickle
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import TASK_DATA, SeriesData, TextData
from rnnviz.core.diagnostics import evaluate, grad_ratio
from rnnviz.core.forecast import free_running
from rnnviz.core.params import model_parameter_counts
from rnnviz.core.probe import ProbeResult, memory_length, predict_horizon, sample_text
from rnnviz.core.provenance import environment, file_sha256
from rnnviz.core.trainer import COLUMNS, Trainer
from rnnviz.core.writing import (  # noqa: F401 (read from here by the CLI and the tests)
    CheckpointError,
    ExportError,
    write_atomic,
    write_text,
)

CHECKPOINT_FORMAT = "rnnviz-checkpoint-1"


def _json(obj) -> str:
    def clean(v):  # JSON has no NaN/inf: write null
        return None if isinstance(v, float) and not math.isfinite(v) else v

    return json.dumps({k: clean(v) for k, v in obj.items()}, indent=2, ensure_ascii=False) + "\n"


def json_floats(a) -> list[float | None]:
    """A float array as a JSON-ready list: inf and nan become None (null)."""
    return [float(v) if math.isfinite(v) else None for v in np.asarray(a, dtype=np.float64)]


# ------------------------------------------------------------------------------- contents


def resolved_config(trainer: Trainer) -> dict:
    """The config as the run stands now (live lr/clip changes included) plus derived facts."""
    cfg = trainer.config.to_dict()
    cfg.update(lr=trainer.lr, clip=trainer.clip, clip_value=trainer.clip_value)
    cfg.update(temperature=trainer.temperature, batch_size=trainer.batch_size)
    cfg["data_source"] = trainer.data.describe()
    return cfg


def series_errors(data: SeriesData, predictions: np.ndarray) -> dict:
    """Validation RMSE of the model's one-step forecast and of the naive last-value forecast,
    in the series' own units."""
    T, n, N = data.seq_len, data.n_train, data.n_windows
    actual = data.values[T : T + N]  # window w's first target: values[w + T]
    val = slice(n, None)
    rmse = float(np.sqrt(np.mean((predictions[val] - actual[val]) ** 2)))
    naive = data.values[T - 1 : T - 1 + N]  # the last value of each window
    naive_rmse = float(np.sqrt(np.mean((naive[val] - actual[val]) ** 2)))
    return {"val_rmse": rmse, "naive_val_rmse": naive_rmse}


def naive_val_loss(data: SeriesData) -> float:
    """The validation loss of the naive forecast (each window's last value as the next), in
    the training loss's own units and on the windows the validation loss uses: the line a
    series model has to beat (a memory task's baseline_loss is its task's)."""
    _, y = data.val_batch(torch.device("cpu"))  # (B, K) normalized
    naive = data.naive_z(data._val_idx.numpy())  # (B, K)
    return float(np.mean((naive - y.double().numpy()) ** 2))


def horizon_errors(data: SeriesData, horizon: np.ndarray) -> dict:
    """Per step ahead k = 1..K, the RMSE over the validation windows of the model's k-th
    prediction (`horizon`: (N, K) of every window, own units) and of the naive forecast
    (the window's last value, for every k), in the series' own units."""
    w = np.arange(data.n_train, data.n_windows)  # the validation windows
    rmse, naive = data.horizon_rmse(horizon[w], w)
    return {"horizon_rmse": json_floats(rmse), "naive_horizon_rmse": json_floats(naive)}


def free_running_error(data: SeriesData, rollout: np.ndarray) -> float:
    """RMSE of the free-running forecast against the validation rows it covers, file units."""
    start = data.n_train + data.seq_len
    actual = data.values[start : start + len(rollout)]
    return float(np.sqrt(np.mean((rollout - actual) ** 2)))


def full_predictions(trainer: Trainer) -> np.ndarray:
    """Predictions of every window of the trainer's series, in its own units: (N, K), the
    first column the one-step forecast (what predictions.csv holds; a live probe predicts
    at most PREDICT_POINTS windows)."""
    return predict_horizon(trainer.model, trainer.data, trainer.device)


def metrics(
    trainer: Trainer,
    probe: ProbeResult,
    rollout: np.ndarray | None = None,
    warnings: list[dict] | None = None,
    predictions: np.ndarray | None = None,
) -> dict:
    """metrics.json. `warnings`: the run's diagnostics ({"code", "step", "message"} each);
    None reads them from the trainer's current snapshot. A series' errors come from
    `predictions` of every window (computed here if not given)."""
    if warnings is None:
        snap = trainer.snapshot(max_points=trainer.history.n + 1)  # every row: no decimation
        warnings = [w.to_dict() for w in evaluate(snap).raised()]
    m = {
        "steps": trainer.step_count,
        "final_train_loss": trainer.train_loss,
        "final_val_loss": trainer.last_val,
        "steps_per_second": trainer.steps_per_second,
        "loop_seconds": trainer.loop_seconds,
        "diverged": trainer.divergences > 0,
        "divergence": trainer.diverged,
        "probe_seconds": probe.seconds,
        "parameters": model_parameter_counts(trainer.model).total,
        # tau per layer; JSON has no inf: null where the gradient does not decay (or no fit)
        "memory_length": json_floats(probe.memory_length),
        # per layer: the largest |eigenvalue| of W_hh (over an LSTM's or GRU's gate blocks),
        # and ||dL/dh_1|| / ||dL/dh_T|| over the probe's sequence (null where not finite)
        "spectral_radius": None
        if probe.spectral_radius is None
        else json_floats(probe.spectral_radius.max(axis=1)),
        "grad_ratio": json_floats(grad_ratio(probe.grad_norm)),
        "warnings": warnings,
        # Text: control characters removed before training (0 when none, or --keep-control).
        "control_characters_removed": getattr(trainer.data, "control_removed", 0),
        # The step of the lowest validation loss (null before any validation), early stop
        # or not; with --early-stop the run ends with that step's weights.
        "best_step": trainer.best_step,
        "stopped_early": trainer.stopped_early,
    }
    if isinstance(trainer.data, SeriesData):
        m["missing_values_filled"] = trainer.data.missing_filled
        if predictions is None:
            predictions = full_predictions(trainer)
        predictions = np.asarray(predictions).reshape(len(predictions), -1)  # (N, K)
        m.update(series_errors(trainer.data, predictions[:, 0]))
        m.update(horizon_errors(trainer.data, predictions))
        m["baseline_loss"] = naive_val_loss(trainer.data)
        if rollout is not None:
            m["free_running_val_rmse"] = free_running_error(trainer.data, rollout)
    elif isinstance(trainer.data, TASK_DATA):
        m["baseline_loss"] = trainer.data.baseline_loss
    else:
        m["vocab_size"] = len(trainer.data.vocab)
    return m


def history_csv(trainer: Trainer) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in trainer.history.rows:
        w.writerow([int(row[0])] + ["" if math.isnan(v) else repr(float(v)) for v in row[1:]])
    return buf.getvalue()


PREDICTION_ROWS = 65536  # rows formatted at a time: a 2M-row file never sits in memory whole


def write_predictions_csv(
    f: io.BufferedWriter,
    data: SeriesData,
    predictions: np.ndarray,
    rollout: np.ndarray | None = None,
) -> None:
    """predictions.csv, one row per window: index (the data row predicted, 0-based), actual,
    predicted (file units, shortest exact repr), split, and free_running: the rollout on the
    validation rows it covers (forecast.free_running), empty elsewhere; then, with a horizon
    K > 1, predicted_1 .. predicted_K (the window's K predictions: predicted_1 is
    `predicted`), and with a time column, time (the row's date/time, ISO)."""
    predictions = np.asarray(predictions).reshape(len(predictions), -1)  # (N, K)
    n, K = predictions.shape
    T, n_train, origin = data.seq_len, data.n_train, data.origin
    extra = [f"predicted_{k + 1}" for k in range(K)] if K > 1 else []
    extra += ["time"] if data.times is not None else []
    f.write((",".join(["index", "actual", "predicted", "split", "free_running", *extra])
             + "\n").encode("utf-8"))  # fmt: skip
    free = [""] * n
    if rollout is not None:
        for j, v in enumerate(rollout.tolist()[: max(0, n - n_train)]):
            free[n_train + j] = repr(float(v))
    for lo in range(0, n, PREDICTION_ROWS):  # column by column: the formatting runs in C
        hi = min(lo + PREDICTION_ROWS, n)
        n_tr = max(0, min(hi, n_train) - lo)
        cols = [list(map(str, range(lo + T + origin, hi + T + origin))),
                _reprs(data.values[lo + T : hi + T].tolist()),
                _reprs(predictions[lo:hi, 0].tolist()),
                ["train"] * n_tr + ["val"] * (hi - lo - n_tr), free[lo:hi]]  # fmt: skip
        cols += [_reprs(predictions[lo:hi, k].tolist()) for k in range(K)] if K > 1 else []
        cols += [[str(t) for t in data.times[lo + T : hi + T]]] if data.times is not None else []
        f.write(("\n".join(map(",".join, zip(*cols, strict=True))) + "\n").encode("utf-8"))


def _reprs(values: list[float]) -> list[str]:
    """The shortest exact repr of each float, as repr(float) writes it (inf, nan included),
    made by repr of the whole list: one C loop instead of a Python call a value."""
    return repr(values)[1:-1].split(", ") if values else []


def probe_arrays(p: ProbeResult) -> dict[str, np.ndarray]:
    arrays = {"inputs": p.inputs, "target": p.target, "hidden": p.hidden, "grad_norm": p.grad_norm}
    if p.input_saliency is not None:
        arrays["input_saliency"] = p.input_saliency
    arrays["memory_length"] = p.memory_length  # (L,), inf kept as inf
    if p.cell_state is not None:
        arrays["cell"] = p.cell_state
    if p.preact is not None:
        arrays["preact"] = p.preact
    if p.attention is not None:
        arrays["attention"] = p.attention  # (T,)
    arrays.update({f"gate_{g}": v for g, v in p.gates.items()})
    health = ("batch_inputs", "jacobian_norm", "spectral_radius", "gate_saturation",
              "hidden_saturation", "hidden_std", "forget_bias", "batch_attention")  # fmt: skip
    arrays.update({k: getattr(p, k) for k in health if getattr(p, k, None) is not None})
    return arrays


def memory_length_of(p: ProbeResult) -> np.ndarray:
    """The probe's own `memory_length` (L,) where it has one, else fitted to its grad_norm."""
    own = getattr(p, "memory_length", None)
    return np.asarray(own if own is not None else memory_length(p.grad_norm), np.float32)


def probes_arrays(probes: Sequence[ProbeResult]) -> dict[str, np.ndarray]:
    """The stored probes stacked, steps increasing: probes.npz."""
    arrays = {
        "step": np.array([p.step for p in probes], dtype=np.int64),  # (K,)
        "hidden": np.stack([p.hidden for p in probes]),  # (K, L, T, H)
        "grad_norm": np.stack([p.grad_norm for p in probes]),  # (K, L, T)
        "memory_length": np.stack([memory_length_of(p) for p in probes]),  # (K, L)
        "input_saliency": np.stack([p.input_saliency for p in probes]),  # (K, T)
    }
    for g in probes[-1].gates:
        arrays[f"gate_{g}"] = np.stack([p.gates[g] for p in probes])  # (K, L, T, H)
    return arrays


def checkpoint_dict(trainer: Trainer) -> dict:
    """Plain tensors, numbers and strings only: loads with torch.load(weights_only=True)."""
    model, data = trainer.model, trainer.data

    def cpu(module):
        return {k: v.detach().cpu().clone() for k, v in module.state_dict().items()}

    ckpt = {
        "format": CHECKPOINT_FORMAT,
        "config": resolved_config(trainer) | {"data_source": None},
        "step": trainer.step_count,
        "input_size": data.input_size,
        "output_size": data.output_size,
        "rnn_state_dict": cpu(model.rnn),
        "head_state_dict": cpu(model.head),
    }
    if model.attention is not None:
        ckpt["attention_state_dict"] = cpu(model.attention)  # {"weight": W_a (H, H)}
    if isinstance(data, SeriesData):
        ckpt["normalization"] = {"mean": data.mean, "std": data.std,
                                 "input_mean": data.input_mean.tolist(),
                                 "input_std": data.input_std.tolist(),
                                 "transform": data.transform}  # fmt: skip
    elif isinstance(data, TextData):
        ckpt["vocab"] = list(data.vocab)
    return ckpt


# -------------------------------------------------------------------------------- writing


def save_checkpoint(trainer: Trainer, path: str | Path) -> Path:
    ckpt = checkpoint_dict(trainer)
    return write_atomic(Path(path), lambda f: torch.save(ckpt, f))


def write_run(
    trainer: Trainer,
    out_dir: str | Path,
    generate: int = 0,
    prime: str | None = None,
    warnings: list[dict] | None = None,
) -> list[Path]:
    """Write the run folder. The probe is taken now, with exactly the weights saved in
    checkpoint.pt, and is also the last entry of probes.npz (the trainer's ProbeLog, which
    this probe just joined). `warnings` for metrics.json (None: from the run's snapshot).
    Returns the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder; choose another output folder")
    p = trainer.probe()
    kept = trainer.probe_log.view().probes
    kept = kept if kept and kept[-1] is p else (*kept, p)  # the log's last IS this probe
    data = trainer.data
    full = rollout = None
    if isinstance(data, SeriesData):
        full = full_predictions(trainer)
        rollout = free_running(trainer.model, data, trainer.device)
    config = resolved_config(trainer)
    if trainer.config.data is not None:  # the lab report proves which bytes were trained on
        config["data_source"]["sha256"] = file_sha256(trainer.config.data)
    written = [
        write_text(out / "config.json", _json(config)),
        write_text(out / "metrics.json", _json(metrics(trainer, p, rollout, warnings, full))),
        write_text(out / "history.csv", history_csv(trainer)),
        write_atomic(out / "probe.npz", lambda f: np.savez(f, **probe_arrays(p))),
        write_atomic(out / "probes.npz", lambda f: np.savez(f, **probes_arrays(kept))),
        save_checkpoint(trainer, out / "checkpoint.pt"),
        write_text(out / "environment.json", _json(environment(str(trainer.device)))),
    ]
    if full is not None:
        rows = lambda f: write_predictions_csv(f, data, full, rollout)  # noqa: E731
        written.append(write_atomic(out / "predictions.csv", rows))
    elif generate:
        text = sample_text(
            trainer.model, data, generate, trainer.temperature,
            trainer.config.prime if prime is None else prime,
            torch.Generator().manual_seed(trainer.config.seed), trainer.device,
        )  # fmt: skip
        written.append(write_text(out / "sample.txt", text))
    if not isinstance(data, SeriesData) and trainer.config.samples:
        written.append(write_text(out / "samples.json", samples_json(trainer)))
    return written


def samples_json(trainer: Trainer) -> str:
    """One sample of sample_len characters at each of config.samples' temperatures, each from
    a generator seeded with the run's seed (the same weights give the same file)."""
    c = trainer.config
    samples = [
        {"temperature": t, "text": sample_text(
            trainer.model, trainer.data, c.sample_len, t, c.prime,
            torch.Generator().manual_seed(c.seed), trainer.device)}
        for t in c.samples
    ]  # fmt: skip
    return json.dumps(samples, indent=2, ensure_ascii=False) + "\n"


# -------------------------------------------------------------------------------- loading


def load_checkpoint(path: str | Path) -> dict:
    """Read a checkpoint with weights_only loading: a file holding code is refused, not run."""
    p = Path(path)
    if not p.is_file():
        raise CheckpointError(f"{p}: no such checkpoint file")
    try:
        with warnings.catch_warnings():  # torch warns about pickle protocols of foreign files
            warnings.simplefilter("ignore", UserWarning)
            ckpt = torch.load(p, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        raise CheckpointError(
            f"{p.name} was refused: it holds objects other than tensors and plain data "
            "(weights-only loading never runs code from a checkpoint)"
        ) from None
    except (OSError, RuntimeError, EOFError, ValueError, KeyError, TypeError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise CheckpointError(f"{p.name} is not a readable checkpoint ({first})") from None
    keys = ("config", "rnn_state_dict", "head_state_dict", "input_size", "output_size")
    if not isinstance(ckpt, dict) or any(k not in ckpt for k in keys):
        raise CheckpointError(f"{p.name} is not an rnnviz checkpoint (missing model keys)")
    return ckpt


def checkpoint_config(ckpt: dict, base: Config) -> Config:
    """`base` (the current data and options) with the checkpoint's model shape and settings."""
    c = ckpt["config"]
    keys = ("cell", "hidden", "layers", "seq_len", "optimizer", "lr", "clip", "clip_value")
    keys += ("bidirectional", "dropout", "attention")  # each changes the model's tensors
    keys += ("task",)  # a memory task's model reads its own inputs
    keys += ("horizon", "transform")  # the head's outputs, and what they mean
    try:
        return base.replace(**{k: c[k] for k in keys if k in c})
    except (ConfigError, TypeError) as e:
        raise CheckpointError(f"checkpoint has an invalid configuration: {e}") from None


def apply_checkpoint(trainer: Trainer, ckpt: dict) -> None:
    """Load a checkpoint's weights into a trainer of the same shape, or say why not."""
    d = trainer.data
    if "vocab" in ckpt and getattr(d, "vocab", None) != ckpt["vocab"]:
        raise CheckpointError(
            "the checkpoint was trained on another text (its vocabulary differs); "
            "open that text first"
        )
    want = (d.input_size, d.output_size)
    have = (ckpt["input_size"], ckpt["output_size"])
    if want != have:
        raise CheckpointError(
            f"checkpoint expects input/output sizes {have}, the current data has {want}"
        )
    try:
        _load_attention(trainer.model, ckpt.get("attention_state_dict"))
        trainer.load_state(ckpt["rnn_state_dict"], ckpt["head_state_dict"])
    except (ValueError, RuntimeError, KeyError, TypeError, AttributeError) as e:
        first = str(e).strip().splitlines()[0]
        raise CheckpointError(f"checkpoint does not fit this model: {first}") from None


@torch.no_grad()
def _load_attention(model, state: dict | None) -> None:
    """W_a from a checkpoint's attention_state_dict into `model`, shapes checked first; a
    model and a checkpoint must agree on having attention. Before Trainer.load_state, which
    takes every parameter (W_a included) as the healthy copy."""
    if (state is None) != (model.attention is None):
        ckpt, own = ("has no", "has") if state is None else ("has", "has no")
        raise ValueError(f"the checkpoint {ckpt} attention and the model {own}")
    if state is None:
        return
    w, want = state.get("weight"), tuple(model.attention.weight.shape)
    if set(state) != {"weight"} or tuple(getattr(w, "shape", ())) != want:
        raise ValueError(f"attention_state_dict must hold one weight of shape {want}")
    model.attention.weight.copy_(w)
