"""What a window asks of its run, as functions a run's own process can be sent: how a watched
run is built and described, and the jobs it does between two steps. Each is module-level, so
it pickles by name (bound to its arguments with functools.partial, the run always last), and
none imports Qt. The window's process names these functions but never calls them, so each
imports the torch side of the core when it runs, in the run's own thread or process: the window
starts without importing torch (half of its start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rnnviz.core.config import Config
from rnnviz.core.probelog import StepGrid
from rnnviz.core.variants import ComparisonInfo, Vary
from rnnviz.core.writing import ExportError

if TYPE_CHECKING:
    from rnnviz.core.comparison import Comparison
    from rnnviz.core.snapshot import RunInfo
    from rnnviz.core.trainer import Trainer

# What a run's process imports before it is asked anything (multiprocessing's forkserver
# preloads them once: a run then starts in ~0.15 s).
RUN_MODULES = ("rnnviz.core.comparison", "rnnviz.core.export", "rnnviz.core.inspect",
               "rnnviz.core.odds", "rnnviz.core.saliency", "rnnviz.core.trainer")  # fmt: skip

# The free-running rollout re-runs the model once per validation row (198 fused calls on the
# sine, ~40 ms idle, far more on a loaded machine): while training it is redone with a probe at
# most once a second and within 3% of the loop's time; on every pause, step and refresh it is
# redone for the probed weights.
ROLLOUT_HZ, ROLLOUT_SHARE = 1.0, 0.03
# A watched run probes its picture (states, gates, gradient over time) up to 20 times a second,
# its probes taking at most 8% of the loop (headless: Config's 4 a second and 3%).
WATCHED_PROBE_HZ, WATCHED_PROBE_SHARE = 20.0, 0.08
# Points a history curve of the window keeps (stride beyond): ~2 a pixel of a panel on a
# 1366-px screen. At 2,000 a frame cost twice at step 20,000 what it cost in the first 2,000
# steps (curves 25 -> 14 paints a second; rnnviz bench --long 20000).
WATCHED_POINTS = 1000


# ------------------------------------------------------------------- building a run


def watched_trainer(config: Config) -> Trainer:
    """A run the window shows: probed often, with rollouts and a step grid for the animation."""
    from rnnviz.core.trainer import ProbeClock, Trainer

    trainer = Trainer(config)
    trainer.rollout_clock = ProbeClock(0, ROLLOUT_HZ, ROLLOUT_SHARE)
    trainer.set_probe_budget(WATCHED_PROBE_HZ, WATCHED_PROBE_SHARE)
    trainer.step_grid = StepGrid()  # enough whole probes for an animation
    trainer.snapshot_points = WATCHED_POINTS
    return trainer


def watched_comparison(config: Config, vary: Vary) -> Comparison:
    from rnnviz.core.comparison import Comparison

    comparison = Comparison(config, vary)
    for t in comparison.trainers:  # the budget shared as Comparison shares it
        t.set_probe_budget(WATCHED_PROBE_HZ, WATCHED_PROBE_SHARE / len(comparison.trainers))
    return comparison


def describe(run: Trainer | Comparison) -> RunInfo | ComparisonInfo:
    """What the window's views need to know of a run that does not change as it trains."""
    from rnnviz.core.comparison import Comparison
    from rnnviz.core.snapshot import RunInfo

    if isinstance(run, Comparison):
        return ComparisonInfo.from_comparison(run)
    return RunInfo.from_trainer(run)


def callouts(preset, run: Comparison):
    """A preset's callouts for the run built from it (a Build's prepare)."""
    return preset.callouts_for(run)


def load_weights(path: str | Path, trainer: Trainer) -> None:
    """A checkpoint file's weights and history into a new run (a Build's prepare), or
    CheckpointError."""
    from rnnviz.core.export import apply_checkpoint, load_checkpoint

    apply_checkpoint(trainer, load_checkpoint(path))


# ------------------------------------------------------------------------- jobs


def use_threads(n: int, run) -> None:
    run.use_threads(n)


def checkpoint_config(path: str | Path, base: Config, run) -> Config:
    """The configuration a checkpoint file holds (`base` for the rest), read where torch is
    (a run's process): the window then builds a run of it, which loads its weights."""
    from rnnviz.core import export

    return export.checkpoint_config(export.load_checkpoint(path), base)


def save(path: str | Path, run: Trainer) -> None:
    from rnnviz.core.export import save_checkpoint

    save_checkpoint(run, path)


def write_folder(folder: str | Path, run) -> list[Path]:
    """The run's files into `folder` (export.write_run, 500 characters of sample for text;
    comparison.write_comparison); a file in the way or a full disk is one line."""
    from rnnviz.core.comparison import Comparison, write_comparison
    from rnnviz.core.export import write_run

    try:
        if isinstance(run, Comparison):
            return write_comparison(run, Path(folder))
        return write_run(run, Path(folder), generate=500)
    except OSError as e:
        raise ExportError(f"cannot write {folder}: {e.strerror or e}") from None


def inspect(layer: int, unit: int, trainer: Trainer):
    """A unit's analysis on the current weights, and the step it was made at."""
    from rnnviz.core.inspect import inspect_unit

    return inspect_unit(trainer.model, trainer.data, layer, unit), trainer.step_count


def retarget(kind: str, inputs, target, step: int, trainer: Trainer):
    """The attribution of the prediction at `step` of a probe window to its inputs."""
    from rnnviz.core.saliency import retarget_saliency

    return retarget_saliency(trainer.model, kind, inputs, target, step)


def odds(text: str, trainer: Trainer):
    """The next-character logits after each prefix of `text`, and the vocabulary."""
    from rnnviz.core.odds import next_char_logits

    return next_char_logits(trainer.model, trainer.data, text), list(trainer.data.vocab)
