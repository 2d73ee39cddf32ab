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
import os
import pickle
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import SeriesData
from rnnviz.core.probe import ProbeResult, predict_series, sample_text
from rnnviz.core.trainer import COLUMNS, Trainer

CHECKPOINT_FORMAT = "rnnviz-checkpoint-1"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: mkstemp creates files 0600, exports should get the usual mode


class ExportError(RuntimeError):
    """Writing or reading a file failed; the message is one line, fit for a user."""


class CheckpointError(ExportError):
    """A checkpoint that cannot be loaded into this run."""


def _os_message(e: OSError, path: Path) -> str:
    return f"cannot write {path}: {e.strerror or e}"


def write_atomic(path: Path, write: Callable[[io.BufferedWriter], None]) -> Path:
    """Write through a temporary file in the same folder, then rename it over `path`."""
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise ExportError(_os_message(e, path)) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_atomic(path, lambda f: f.write(text.encode("utf-8")))


def _json(obj) -> str:
    def clean(v):  # JSON has no NaN/inf: write null
        return None if isinstance(v, float) and not math.isfinite(v) else v

    return json.dumps({k: clean(v) for k, v in obj.items()}, indent=2, ensure_ascii=False) + "\n"


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
    T, n = data.seq_len, data.n_train
    actual = data.values[T:]
    val = slice(n, None)
    rmse = float(np.sqrt(np.mean((predictions[val] - actual[val]) ** 2)))
    naive = data.values[T - 1 : -1]  # the last value of each window
    naive_rmse = float(np.sqrt(np.mean((naive[val] - actual[val]) ** 2)))
    return {"val_rmse": rmse, "naive_val_rmse": naive_rmse}


def full_predictions(trainer: Trainer) -> np.ndarray:
    """One-step predictions of every window of the trainer's series, in its own units (what
    predictions.csv holds; a live probe predicts at most PREDICT_POINTS windows)."""
    return predict_series(trainer.model, trainer.data, trainer.device)


def metrics(trainer: Trainer, probe: ProbeResult, predictions: np.ndarray | None = None) -> dict:
    """metrics.json; a series' errors come from `predictions` of every window (computed
    here if not given)."""
    m = {
        "steps": trainer.step_count,
        "final_train_loss": trainer.train_loss,
        "final_val_loss": trainer.last_val,
        "steps_per_second": trainer.steps_per_second,
        "loop_seconds": trainer.loop_seconds,
        "diverged": trainer.divergences > 0,
        "divergence": trainer.diverged,
        "probe_seconds": probe.seconds,
        "final_step_loss": probe.loss_T,
    }
    if isinstance(trainer.data, SeriesData):
        m["missing_values_filled"] = trainer.data.missing_filled
        if predictions is None:
            predictions = full_predictions(trainer)
        m.update(series_errors(trainer.data, predictions))
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


def write_predictions_csv(f: io.BufferedWriter, data: SeriesData, predictions: np.ndarray):
    """predictions.csv: index, actual, predicted (file units, shortest exact repr), split."""
    f.write(b"index,actual,predicted,split\n")
    T, n = data.seq_len, len(predictions)
    for lo in range(0, n, PREDICTION_ROWS):
        hi = min(lo + PREDICTION_ROWS, n)
        rows = zip(range(lo, hi), data.values[lo + T : hi + T].tolist(),
                   predictions[lo:hi].tolist(), strict=True)  # fmt: skip
        text = "".join(f"{k + T},{a!r},{p!r},{'train' if k < data.n_train else 'val'}\n"
                       for k, a, p in rows)  # fmt: skip
        f.write(text.encode("utf-8"))


def probe_arrays(p: ProbeResult) -> dict[str, np.ndarray]:
    arrays = {"inputs": p.inputs, "target": p.target, "hidden": p.hidden, "grad_norm": p.grad_norm}
    if p.cell_state is not None:
        arrays["cell"] = p.cell_state
    if p.preact is not None:
        arrays["preact"] = p.preact
    arrays.update({f"gate_{g}": v for g, v in p.gates.items()})
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
    if isinstance(data, SeriesData):
        ckpt["normalization"] = {"mean": data.mean, "std": data.std}
    else:
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
) -> list[Path]:
    """Write the run folder. The probe is taken now, with exactly the weights saved in
    checkpoint.pt. Returns the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder; choose another output folder")
    p = trainer.probe()
    data = trainer.data
    full = full_predictions(trainer) if isinstance(data, SeriesData) else None
    written = [
        write_text(out / "config.json", _json(resolved_config(trainer))),
        write_text(out / "metrics.json", _json(metrics(trainer, p, full))),
        write_text(out / "history.csv", history_csv(trainer)),
        write_atomic(out / "probe.npz", lambda f: np.savez(f, **probe_arrays(p))),
        save_checkpoint(trainer, out / "checkpoint.pt"),
    ]
    if full is not None:
        written.append(write_atomic(out / "predictions.csv",
                                    lambda f: write_predictions_csv(f, data, full)))  # fmt: skip
    elif generate:
        text = sample_text(
            trainer.model, data, generate, trainer.temperature,
            trainer.config.prime if prime is None else prime,
            torch.Generator().manual_seed(trainer.config.seed), trainer.device,
        )  # fmt: skip
        written.append(write_text(out / "sample.txt", text))
    return written


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
        trainer.load_state(ckpt["rnn_state_dict"], ckpt["head_state_dict"])
    except (ValueError, RuntimeError, KeyError, TypeError, AttributeError) as e:
        first = str(e).strip().splitlines()[0]
        raise CheckpointError(f"checkpoint does not fit this model: {first}") from None
