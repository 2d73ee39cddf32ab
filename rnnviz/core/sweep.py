"""Sweeps: many `rnnviz train` runs over a grid of settings, run by Ray on this machine or on a
cluster, collected in one folder (`rnnviz sweep`, the window's Sweep view).

DIR/NAME/ is each run's folder, exactly as `rnnviz train --out DIR/NAME` writes it; it appears
whole (written as NAME.partial, then renamed), so a folder with its name is a finished run.
DIR/.runs/NAME.json is each finished run's row (a failed run has a row and no folder);
DIR/sweep.csv the rows in the plan's order, rewritten as runs finish; DIR/sweep.json the
command, the grid and where it ran. Re-running the same command runs only what has no row.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnnviz.core.config import SETTING, Config, ConfigError, setting
from rnnviz.core.variants import format_value
from rnnviz.core.writing import ExportError, write_atomic, write_text

# Fields spaced logarithmically by FIELD=start:stop:count: a rate and a scale.
LOG_SPACED = ("lr", "init_scale")
# sweep.csv after the grid fields (one column each, by option name). `message` says why a run
# failed or diverged (empty when ok).
COLUMNS = ("seed", "status", "final_train_loss", "final_val_loss", "baseline_loss",
           "memory_length", "spectral_radius", "grad_ratio", "steps_per_second", "seconds",
           "run", "message")  # fmt: skip
STATUSES = ("ok", "diverged", "failed")
INSTALL = 'rnnviz sweep needs Ray: pip install "rnnviz[sweep]"'
# What a sweep may not vary: one run each, and the seed is --seeds'.
NOT_GRID = ("seed", "device", "threads", "samples")
MAX_RUNS = 100_000


class SweepError(ValueError):
    """A sweep that cannot run as asked; the message says what to change (exit 2)."""


@dataclass(frozen=True)
class Axis:
    """One grid field: its option name (`init-scale`), Config field and typed values."""

    flag: str
    field: str
    values: tuple

    @property
    def text(self) -> str:
        return f"{self.flag}={','.join(format_value(v) for v in self.values)}"


def _range(s, start: str, stop: str, count: str, where: str) -> tuple:
    """FIELD=start:stop:count, evenly spaced (logarithmically for LOG_SPACED fields)."""
    lo, hi = (s.coerce(v, where) for v in (start, stop))
    try:
        n = int(count)
    except ValueError:
        raise ConfigError(f"{where}: the count {count!r} is not a whole number") from None
    if not 1 <= n <= 1000 or s.kind not in (int, float):
        what = "a count from 1 to 1000" if s.kind in (int, float) else "numbers"
        raise ConfigError(f"{where}: start:stop:count needs {what}")
    if s.field in LOG_SPACED:
        if lo <= 0 or hi <= 0:
            raise ConfigError(f"{where}: a log-spaced range needs start and stop > 0")
        points = np.geomspace(lo, hi, n)
    else:
        points = np.linspace(lo, hi, n)
    if s.kind is int:
        return tuple(dict.fromkeys(int(round(v)) for v in points))
    return tuple(float(f"{v:.6g}") for v in points)  # 6 digits: names and CSV stay readable


def parse_axis(text: str) -> Axis:
    """`FIELD=v1,v2,...` or `FIELD=start:stop:count`, FIELD by its option name."""
    key, sep, rest = str(text).partition("=")
    if not sep or not key.strip() or not rest.strip():
        raise ConfigError(f"--grid takes FIELD=v1,v2,... or FIELD=start:stop:count, got {text!r}")
    s = setting(key)  # an unknown field: one line listing the settings
    where = f"--grid {s.flag}"
    if s.field in NOT_GRID or s.kind is tuple:
        raise ConfigError(f"{where}: a sweep cannot vary {s.flag}"
                          + (" (use --seeds N)" if s.field == "seed" else ""))  # fmt: skip
    parts = rest.split(":")
    if len(parts) == 3:
        values = _range(s, *parts, where)
    elif len(parts) == 1:
        values = tuple(s.coerce(v, where) for v in rest.split(","))
    else:
        raise ConfigError(f"{where}: a range is start:stop:count, got {rest!r}")
    if len(set(values)) != len(values):
        raise ConfigError(f"{where}: a value is given twice")
    for v in values:
        try:
            s.check(v)
        except ConfigError as e:
            raise ConfigError(f"--grid: {e}") from None
    return Axis(s.flag, s.field, values)


@dataclass(frozen=True)
class RunSpec:
    """One run of the sweep: its folder name, its grid values (by field) and seed."""

    name: str
    values: dict
    seed: int
    config: Config


def run_name(axes: Sequence[Axis], values: Sequence, seed: int) -> str:
    """`cell-rnn_init-scale-0.5_seed-0`: readable, unique in the sweep, safe as a folder."""
    parts = [f"{a.flag}-{format_value(v)}" for a, v in zip(axes, values, strict=True)]
    return re.sub(r"[^A-Za-z0-9._-]", "-", "_".join([*parts, f"seed-{seed}"]))


@dataclass(frozen=True)
class Plan:
    """A base Config, the grid's axes and seeds 0..seeds-1: every run, validated up front."""

    base: Config
    axes: tuple[Axis, ...]
    seeds: int

    def __post_init__(self) -> None:
        fields = [a.field for a in self.axes]
        for f in set(fields):
            if fields.count(f) > 1:
                raise ConfigError(f"--grid {SETTING[f].flag} is given twice")
        if not 1 <= self.seeds <= 1000:
            raise ConfigError(f"--seeds must be from 1 to 1000, got {self.seeds}")
        if self.count > MAX_RUNS:
            raise ConfigError(f"the grid makes {self.count:,} runs; at most {MAX_RUNS:,}")

    @property
    def count(self) -> int:
        return math.prod(len(a.values) for a in self.axes) * self.seeds

    def runs(self) -> list[RunSpec]:
        """Every run in order (the grid's product, seeds innermost); a grid point that
        `rnnviz train` would refuse is a ConfigError naming it."""
        out = []
        for values in itertools.product(*(a.values for a in self.axes)):
            changes = {a.field: v for a, v in zip(self.axes, values, strict=True)}
            for seed in range(self.seeds):
                name = run_name(self.axes, values, seed)
                try:
                    config = self.base.replace(**changes, seed=seed)
                except ConfigError as e:
                    raise ConfigError(f"--grid: run {name}: {e}") from None
                out.append(RunSpec(name, changes, seed, config))
        return out

    def check(self) -> list[RunSpec]:
        """Every run, each checked as `rnnviz train` checks it before training (its settings,
        and that its data fits them), so that a bad grid stops before anything runs."""
        from rnnviz.core.data import DataError, preflight

        specs = self.runs()
        seen = set()
        for spec in specs:
            c = spec.config
            key = (c.data, c.kind, c.column, c.seq_len, c.keep_control, c.task)
            if key not in seen:
                seen.add(key)
                try:
                    preflight(c)
                except DataError as e:
                    raise DataError(f"--grid: run {spec.name}: {e}") from None
        return specs

    def to_dict(self) -> dict:
        return {"grid": {a.flag: list(a.values) for a in self.axes}, "seeds": self.seeds,
                "base": self.base.to_dict()}  # fmt: skip


# ------------------------------------------------------------------------------ one run


def _last(values) -> float | None:
    """The top layer's value of a per-layer metrics.json list (null for +inf or undefined)."""
    return values[-1] if values else None


def row_from_folder(folder: Path) -> dict:
    """The numbers of a finished run folder's metrics.json, as a sweep.csv row has them: the
    per-layer lists (memory length, spectral radius, gradient ratio) by their top layer."""
    m = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    return {
        "status": "diverged" if m["diverged"] else "ok",
        "final_train_loss": m["final_train_loss"],
        "final_val_loss": m["final_val_loss"],
        "baseline_loss": m.get("baseline_loss"),
        "memory_length": _last(m.get("memory_length")),
        "spectral_radius": _last(m.get("spectral_radius")),
        "grad_ratio": _last(m.get("grad_ratio")),
        "steps_per_second": m["steps_per_second"],
        "message": m["divergence"] or "",
    }


def train_run(config: Config, folder: Path) -> None:
    """What `rnnviz train --out folder` does with `config`, the warnings included; the folder
    is written as folder.partial and renamed when whole."""
    from rnnviz.core.diagnostics import Diagnostics
    from rnnviz.core.export import write_run
    from rnnviz.core.trainer import Trainer

    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    trainer = Trainer(config)
    diagnostics = Diagnostics()
    trainer.run(config.steps, on_snapshot=diagnostics.update, every_s=1.0)
    write_run(trainer, partial, warnings=[w.to_dict() for w in diagnostics.raised()])
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)


def run_one(spec: RunSpec, out: str | Path) -> dict:
    """Train one run of a sweep into out/NAME and return its row. Never raises for the run's
    own failure: a run that raises is a row with status "failed" and the one-line message."""
    folder = Path(out) / spec.name
    start = time.perf_counter()
    try:
        train_run(spec.config, folder)
        row = {"seed": spec.seed, "run": spec.name} | row_from_folder(folder)
    except Exception as e:  # noqa: BLE001 (a failed run is a row, the sweep goes on)
        row = failed_row(spec, e)
    row["seconds"] = time.perf_counter() - start
    return row


def failed_row(spec: RunSpec, error: BaseException) -> dict:
    """The row of a run that raised, or whose worker died: status "failed", the error in
    one line."""
    message = f"{type(error).__name__}: {error}".splitlines()[0][:500]
    return {"seed": spec.seed, "run": spec.name, "status": "failed", "message": message}


# ----------------------------------------------------------------------------- the folder


def rows_folder(out: Path) -> Path:
    return out / ".runs"


def finished_rows(out: Path) -> dict[str, dict]:
    """The rows of the runs finished so far in `out` (a row file is written last)."""
    found = {}
    folder = rows_folder(out)
    if folder.is_dir():
        for p in folder.glob("*.json"):
            try:
                found[p.stem] = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # torn by a kill: the run is done again
    return found


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)  # shortest exact; inf, -inf and nan as Python writes them
    return format_value(v) if isinstance(v, bool) else str(v)


def sweep_csv(plan: Plan, specs: Sequence[RunSpec], rows: dict[str, dict]) -> str:
    """sweep.csv: one row per finished run, in the plan's order."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([a.flag for a in plan.axes] + list(COLUMNS))
    for spec in specs:
        row = rows.get(spec.name)
        if row is None:
            continue
        grid = [_cell(spec.values[a.field]) for a in plan.axes]
        w.writerow(grid + [_cell(row.get(c)) for c in COLUMNS])
    return buf.getvalue()


def check_folder(out: Path, plan: Plan) -> None:
    """`out` is empty, new, or holds this same sweep (to be finished); else a SweepError."""
    if out.exists() and not out.is_dir():
        raise SweepError(f"{out} exists and is not a folder; choose another --out")
    info = out / "sweep.json"
    if info.exists():
        try:
            old = json.loads(info.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise SweepError(f"{info} cannot be read ({e}); choose another --out") from None
        if {k: old.get(k) for k in ("grid", "seeds", "base")} != json.loads(
            json.dumps(plan.to_dict())
        ):
            raise SweepError(f"{out} holds another sweep ({old.get('command', '?')}); "
                             "choose another --out or repeat that command")  # fmt: skip
    elif out.is_dir() and any(p.name != ".runs" for p in out.iterdir()):
        raise SweepError(f"{out} is not empty and holds no sweep; choose another --out")


def save_row(out: Path, plan: Plan, specs: Sequence[RunSpec], rows: dict[str, dict],
             spec: RunSpec, row: dict) -> None:  # fmt: skip
    """Record a finished run: its row file (what a resume reads), then sweep.csv again."""
    rows[spec.name] = row
    write_text(rows_folder(out) / f"{spec.name}.json", json.dumps(row))
    write_atomic(out / "sweep.csv", lambda f: f.write(sweep_csv(plan, specs, rows).encode()))


# ------------------------------------------------------------------------------ on Ray


@dataclass
class Progress:
    """What a progress bar shows: runs done of total, failures, the time left."""

    total: int
    done: int = 0
    failed: int = 0
    started: float = 0.0
    done_before: int = 0  # finished by an earlier, interrupted try

    def left_s(self, now: float) -> float | None:
        ran = self.done - self.done_before
        if ran <= 0:
            return None
        return (now - self.started) / ran * (self.total - self.done)

    def line(self, now: float, width: int = 24) -> str:
        filled = round(width * self.done / max(self.total, 1))
        left = self.left_s(now)
        eta = "" if left is None else f", {_clock(left)} left"
        fails = f", {self.failed} failed" if self.failed else ""
        return f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} runs{fails}{eta}"


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return (
        f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


def ray_address(address: str | None) -> str:
    """--address, else RAY_ADDRESS, else "local": a new Ray on this machine."""
    return address or os.environ.get("RAY_ADDRESS") or "local"


def _import_ray():
    try:
        import ray
    except ImportError:
        raise SweepError(INSTALL) from None
    return ray


def _remote_run(spec: RunSpec, out: str) -> dict:
    """The task a Ray worker runs: one run, torch at one thread (one run per core)."""
    import torch

    torch.set_num_threads(1)
    return run_one(spec, out)


def run_sweep(
    plan: Plan,
    out: str | Path,
    command: str,
    address: str | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    stop: threading.Event | None = None,
    retries: int = 3,
) -> dict:
    """Run every run of `plan` that `out` has no row for, on Ray, and write sweep.csv as they
    finish; returns sweep.json's content. A worker that dies is retried `retries` times, then
    its run is a failed row. `stop` (set from another thread) ends it early, as Ctrl-C does:
    what finished is kept, what did not is done by the next call."""
    out = Path(out)
    specs = plan.check()  # before anything runs
    check_folder(out, plan)
    ray = _import_ray()
    rows = finished_rows(out)
    todo = [s for s in specs if s.name not in rows]
    progress = Progress(len(specs), len(specs) - len(todo), started=time.perf_counter())
    progress.done_before = progress.done
    progress.failed = sum(r.get("status") == "failed" for n, r in rows.items())
    where = ray_address(address)
    info = {"command": command, **plan.to_dict(), "runs": len(specs), "address": where}
    for folder in (out, rows_folder(out)):
        folder.mkdir(parents=True, exist_ok=True)
    write_text(out / "sweep.json", json.dumps(info, indent=2))

    def save(spec: RunSpec, row: dict) -> None:
        save_row(out, plan, specs, rows, spec, row)
        progress.done += 1
        progress.failed += row["status"] == "failed"

    write_atomic(out / "sweep.csv", lambda f: f.write(sweep_csv(plan, specs, rows).encode()))
    if on_progress:
        on_progress(progress)
    if todo:
        started_ray = not ray.is_initialized()
        if started_ray:
            _init_ray(ray, where)
        try:
            info["ran_on"] = _where(ray)
            write_text(out / "sweep.json", json.dumps(info, indent=2))
            task = ray.remote(num_cpus=1, max_retries=retries)(_remote_run)
            pending = {task.remote(s, str(out.resolve())): s for s in todo}
            while pending:
                if stop is not None and stop.is_set():
                    break
                done, _ = ray.wait(list(pending), num_returns=1, timeout=0.5)
                for ref in done:
                    spec = pending.pop(ref)
                    try:
                        row = ray.get(ref)
                    except Exception as e:  # noqa: BLE001 (the worker died `retries` times)
                        row = failed_row(spec, e)
                    save(spec, row)
                if on_progress:
                    on_progress(progress)
        finally:
            for ref in list(pending):
                ray.cancel(ref, force=True)
            if started_ray:
                ray.shutdown()
    info["finished"] = progress.done == progress.total
    write_text(out / "sweep.json", json.dumps(info, indent=2))
    return info


def _init_ray(ray, where: str) -> None:
    import logging

    kwargs = {"num_cpus": os.cpu_count()} if where == "local" else {}
    try:
        ray.init(address=where, include_dashboard=False, log_to_driver=False,
                 logging_level=logging.ERROR, configure_logging=True, **kwargs)  # fmt: skip
    except (ConnectionError, RuntimeError, ValueError) as e:
        raise SweepError(
            f"cannot reach a Ray cluster at {where}: "
            f"{str(e).splitlines()[0] if str(e) else type(e).__name__}"
        ) from None


def _where(ray) -> dict:
    """Where the sweep ran: Ray's version, its nodes and CPUs."""
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    return {"ray": ray.__version__, "nodes": len(nodes),
            "cpus": int(ray.cluster_resources().get("CPU", 0))}  # fmt: skip


# ------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class SweepTable:
    """A sweep folder as read back: its grid axes (flag -> values, typed as written; "seed"
    last) and its rows (dicts of typed cells; grid values by option name)."""

    folder: Path
    info: dict
    axes: dict[str, list]
    rows: list[dict]


def _typed(text: str):
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def read_sweep(folder: str | Path) -> SweepTable:
    """DIR/sweep.json and DIR/sweep.csv; an ExportError (one line) if they are not there."""
    folder = Path(folder)
    try:
        info = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
        text = (folder / "sweep.csv").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExportError(f"{folder} is not a sweep folder (no sweep.json and sweep.csv); "
                          "make one with 'rnnviz sweep --out DIR'") from None  # fmt: skip
    except (OSError, ValueError) as e:
        raise ExportError(f"{folder}: cannot read the sweep ({e})") from None
    grid = info.get("grid") or {}
    rows = []
    for r in csv.DictReader(io.StringIO(text)):
        rows.append({k: (v if k in ("status", "run", "message") else _typed(v))
                     for k, v in r.items()})  # fmt: skip
    axes = {flag: [_typed(format_value(v)) if not isinstance(v, str) else v for v in values]
            for flag, values in grid.items()}  # fmt: skip
    axes["seed"] = list(range(int(info.get("seeds") or 1)))  # seeds can be an axis too
    return SweepTable(folder, info, axes, rows)


# The metrics a map can colour by: (key, what it reads, how a value is computed from a row).
def _log_ratio(row: dict) -> float | None:
    v, b = row.get("final_val_loss"), row.get("baseline_loss")
    if not isinstance(v, (int, float)) or not isinstance(b, (int, float)) or v <= 0 or b <= 0:
        return None
    return math.log10(v / b)


def _log_of(key: str):
    def f(row: dict) -> float | None:
        v = row.get(key)
        return math.log10(v) if isinstance(v, (int, float)) and v > 0 and math.isfinite(v) else None

    return f


def _plain(key: str):
    def f(row: dict) -> float | None:
        v = row.get(key)
        return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None

    return f


METRICS: dict[str, tuple[str, Callable[[dict], float | None]]] = {
    "log_val_over_baseline": ("log₁₀(val loss / baseline)", _log_ratio),
    "log_memory_length": ("log₁₀ memory length τ (steps)", _log_of("memory_length")),
    "log_grad_ratio": ("log₁₀ ‖dL/dh₁‖/‖dL/dh_T‖", _log_of("grad_ratio")),
    "spectral_radius": ("spectral radius of W_hh", _plain("spectral_radius")),
    "log_val_loss": ("log₁₀ val loss", _log_of("final_val_loss")),
    "steps_per_second": ("steps per second", _plain("steps_per_second")),
}


@dataclass(frozen=True)
class MapData:
    """A metric over two grid fields (x, y), one panel per value of a third (facet):
    median over seeds in `value` (F, Y, X), NaN where no run has a finite value; the spread
    (min, max), and the runs per cell (their row indices into the table's rows)."""

    x: str
    y: str
    facet: str | None
    xs: list
    ys: list
    facets: list
    value: np.ndarray  # (F, Y, X) float64
    low: np.ndarray  # (F, Y, X)
    high: np.ndarray  # (F, Y, X)
    runs: list  # [F][Y][X] -> list of row indices


def sweep_map(table: SweepTable, metric: str, x: str, y: str,
              facet: str | None = None) -> MapData:  # fmt: skip
    """The map a Sweep view draws: seeds (and any grid field not on the map) aggregated by
    their median."""
    _, of = METRICS[metric]
    xs, ys = table.axes[x], table.axes[y]
    facets = table.axes[facet] if facet else [None]
    F, Y, X = len(facets), len(ys), len(xs)
    runs = [[[[] for _ in range(X)] for _ in range(Y)] for _ in range(F)]
    index = {k: {v: i for i, v in enumerate(vals)} for k, vals in
             ((x, xs), (y, ys), (facet, facets))}  # fmt: skip
    for i, row in enumerate(table.rows):
        try:
            f = index[facet][row[facet]] if facet else 0
            runs[f][index[y][row[y]]][index[x][row[x]]].append(i)
        except KeyError:
            continue  # a value not in the grid (the folder was edited)
    value, low, high = (np.full((F, Y, X), np.nan) for _ in range(3))
    for f, j, k in itertools.product(range(F), range(Y), range(X)):
        vals = [v for v in (of(table.rows[i]) for i in runs[f][j][k]) if v is not None]
        if vals:
            value[f, j, k] = float(np.median(vals))
            low[f, j, k], high[f, j, k] = min(vals), max(vals)
    return MapData(x, y, facet, xs, ys, facets if facet else [], value, low, high, runs)


def describe_cell(table: SweepTable, m: MapData, metric: str, f: int, j: int, k: int) -> str:
    """What hovering a map's cell shows: the grid values, the median and spread, each run."""
    label, of = METRICS[metric]
    head = [f"{m.x} = {format_value(m.xs[k])}", f"{m.y} = {format_value(m.ys[j])}"]
    if m.facet:
        head.append(f"{m.facet} = {format_value(m.facets[f])}")
    lines = [", ".join(head)]
    if math.isnan(m.value[f, j, k]):
        lines.append(f"{label}: no finite value")
    else:
        lines.append(f"{label}: median {m.value[f, j, k]:.3g} "
                     f"(spread {m.low[f, j, k]:.3g} to {m.high[f, j, k]:.3g})")  # fmt: skip
    for i in m.runs[f][j][k]:
        r = table.rows[i]
        lines.append(
            f"seed {r.get('seed')}: {r.get('status')}, val {_short(r.get('final_val_loss'))}"
            f", baseline {_short(r.get('baseline_loss'))}, τ {_short(r.get('memory_length'))}"
        )
    return "\n".join(lines)


def _short(v) -> str:
    return f"{v:.3g}" if isinstance(v, (int, float)) else ("-" if v is None else str(v))


# ------------------------------------------------------------------------------ the report

# The maps a sweep's report draws, and how to read each.
REPORT_METRICS = {
    "log_val_over_baseline": "Below 0 the runs beat the baseline (the memoryless one of a "
    "task, the naive forecast of a series); near 0 they learned nothing it does not know; "
    "-1 is a tenth of it.",
    "log_grad_ratio": "How much of the last step's gradient reaches the first step, as a "
    "power of ten: far below 0 it vanishes on the way back, above 0 it explodes.",
    "log_memory_length": "The e-folding distance of the gradient over time steps; grey cells "
    "have none (it does not decay, or no fit).",
    "spectral_radius": "The largest |eigenvalue| of the recurrent weights at the end: near 1 "
    "is the edge of chaos for a vanilla RNN.",
}


def report_html(table: SweepTable, figures) -> str:
    """The sweep's report page: what ran, the maps (`figures`, core.report.Figure), every
    row."""
    from rnnviz.core.report import _figures, _grid, _page, _table

    info = table.info
    statuses = [r.get("status") for r in table.rows]
    ran = info.get("ran_on") or {}
    facts = [
        ("command", info.get("command", "")),
        ("grid", "; ".join(f"{k} = {', '.join(format_value(v) for v in vals)}"
                           for k, vals in table.axes.items())),  # fmt: skip
        ("seeds", str(info.get("seeds", ""))),
        ("runs", f"{len(table.rows)} of {info.get('runs', '?')} finished: "
                 + ", ".join(f"{statuses.count(s)} {s}" for s in STATUSES if s in statuses)),
        ("ran on", f"{info.get('address', '?')}"
                   + (f", Ray {ran['ray']}, {ran['nodes']} node(s), {ran['cpus']} CPUs"
                      if ran else "")),
    ]  # fmt: skip
    head = [*table.axes, *COLUMNS]
    rows = [[_cell(r.get(c)) for c in head] for r in table.rows]
    body = (_table(facts) + "<h2>Maps</h2><p>Each cell is the median over seeds (hover a cell "
            "in the window's Sweep view for each run).</p>" + _figures(figures)
            + "<h2>Every run</h2>" + _grid(head, rows, "runs"))  # fmt: skip
    return _page(f"Sweep: {table.folder.name}", body)
