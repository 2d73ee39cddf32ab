"""A run folder read back into a Trainer: the weights of checkpoint.pt, the history of
history.csv, and a probe of those weights, so the window's panels can draw the run again
without a window (`rnnviz report`). Reading a folder's files needs no torch (the window's
lab report reads them); restoring the run imports it.

What a folder does not hold stays empty: the optimizer's moments, and most tracks of the
probes taken while it trained. probes.npz keeps the memory length of each stored probe, so
`restored_snapshot` gives curves of memory length over training; the other tracks hold the
probe taken now, and NaN (unknown) at the earlier probes.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import zipfile
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.probelog import ProbeLogView
from rnnviz.core.snapshot import COLUMNS, Snapshot
from rnnviz.core.table import DataError
from rnnviz.core.writing import ExportError

if TYPE_CHECKING:
    from rnnviz.core.trainer import Trainer


def data_path(config: Config, folder: Path) -> str | None:
    """The data file config.json names: as written, else relative to the run folder."""
    if config.data is None:
        return None
    p = Path(config.data)
    if not p.exists() and not p.is_absolute() and (folder / p).exists():
        return str(folder / p)
    return config.data


def read_json(path: Path) -> dict:
    """A JSON object from a run folder, or ExportError with one line."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ExportError(f"{path} is not readable JSON ({e})") from None
    if not isinstance(value, dict):
        raise ExportError(f"{path} is not a JSON object")
    return value


def run_config(folder: Path) -> Config:
    """config.json as a Config on the CPU, its data path resolved."""
    raw = read_json(folder / "config.json")
    try:
        config = Config.from_dict(raw).replace(device="cpu")
    except (ConfigError, TypeError) as e:
        raise ExportError(f"{folder / 'config.json'} is not a valid run config ({e})") from None
    return config.replace(data=data_path(config, folder))


def read_history(path: Path) -> np.ndarray:
    """(n, 6) history.csv, columns COLUMNS; an empty value is NaN."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        raise ExportError(f"cannot read {path}: {e.strerror or e}") from None
    if not rows or tuple(rows[0]) != COLUMNS:
        raise ExportError(f"{path} is not an rnnviz history (header {','.join(COLUMNS)})")
    try:
        values = [[float(v) if v else math.nan for v in r] for r in rows[1:]]
        return np.array(values, dtype=np.float64).reshape(-1, len(COLUMNS))  # (n, 6)
    except ValueError as e:
        raise ExportError(f"{path} holds a value that is not a number ({e})") from None


def _check_series(trainer: Trainer, ckpt: dict) -> None:
    """A series must be the one the checkpoint was normalized on."""
    from rnnviz.core.data import SeriesData

    d = trainer.data
    norm = ckpt.get("normalization") or {}
    if isinstance(d, SeriesData) and not all(
        np.isclose(norm.get(k, np.nan), getattr(d, k), rtol=1e-9) for k in ("mean", "std")
    ):
        raise DataError(f"{d.name} is not the series this run was trained on "
                        "(its mean or spread differs)")  # fmt: skip


def restore_trainer(folder: str | Path) -> Trainer:
    """A Trainer as the run folder left it: config, weights, history, step count, last
    validation loss and speed; then a probe of the saved weights.

    Raises ExportError (missing or unreadable files), CheckpointError, or DataError when the
    data file config.json names is gone or is not the run's data.
    """
    from rnnviz.core.export import apply_checkpoint, load_checkpoint
    from rnnviz.core.trainer import ProbeClock, Trainer

    folder = Path(folder)
    trainer = Trainer(run_config(folder))
    ckpt = load_checkpoint(folder / "checkpoint.pt")
    apply_checkpoint(trainer, ckpt)
    _check_series(trainer, ckpt)
    rows = read_history(folder / "history.csv")
    for step, loss, val, gn, gn_clipped, lr in rows:
        trainer.history.append(int(step), loss, gn, gn_clipped, lr)
        if not math.isnan(val):
            trainer.history.set_val(float(val))
    metrics = read_json(folder / "metrics.json") if (folder / "metrics.json").is_file() else {}
    trainer.step_count = int(rows[-1, 0]) if len(rows) else int(metrics.get("steps", 0))
    vals = rows[~np.isnan(rows[:, 2]), 2]
    trainer.last_val = float(vals[-1]) if len(vals) else math.nan
    trainer.loop_seconds = float(metrics.get("loop_seconds") or 0.0)
    trainer.loop_steps = round((metrics.get("steps_per_second") or 0.0) * trainer.loop_seconds)
    trainer.divergences = int(bool(metrics.get("diverged")))
    trainer.diverged = metrics.get("divergence")
    # The free-running rollout as the window draws it (a probe outside run() always rolls out).
    trainer.rollout_clock = ProbeClock(0, 1.0, 1.0)
    trainer.probe()
    return trainer


def stored_memory_lengths(folder: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """(steps (K,), memory_length (K, L)) of the probes in probes.npz, or None."""
    try:
        with np.load(folder / "probes.npz") as z:
            return z["step"].astype(np.int64), z["memory_length"].astype(np.float64)
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
        return None


def restored_snapshot(trainer: Trainer, folder: str | Path) -> Snapshot:
    """The restored trainer's snapshot, its probe tracks reaching back over training: the
    stored probes' steps and memory lengths (probes.npz), every other track NaN before the
    probe taken now (the folder does not keep them)."""
    snap = trainer.snapshot(max_points=trainer.history.n + 1)
    stored = stored_memory_lengths(Path(folder))
    now = snap.probes
    if stored is None or not len(stored[0]) or len(now.steps) != 1:
        return snap
    steps, taus = stored
    earlier = steps < now.steps[0]
    steps = np.append(steps[earlier], now.steps)  # (K,)
    tracks = {}
    for name, rows in now.tracks.items():  # rows (1, ...): the probe taken now
        old = np.full((int(earlier.sum()), *rows.shape[1:]), np.nan)
        if name == "memory_length" and taus.shape[1:] == rows.shape[1:]:
            old = taus[earlier]
        tracks[name] = np.concatenate([old, rows])  # (K, ...)
    for a in (steps, *tracks.values()):
        a.setflags(write=False)
    view = ProbeLogView(steps, MappingProxyType(tracks), now.probes)
    return dataclasses.replace(snap, probes=view)
