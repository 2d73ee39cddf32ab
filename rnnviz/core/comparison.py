"""A comparison: 2-4 variants of one configuration that differ in one setting, trained in
lockstep on the same data.

Each variant is an ordinary Trainer built from its own Config, so it is initialised exactly as
a solo run of that variant with the same seed, and it draws its batches from its own generator
seeded the same way: every variant sees the same batches in the same order (unless the varied
setting changes the windows themselves, as `seq-len` does). A round steps every running variant
once with `Trainer.advance()`, the body of `Trainer.run()`'s loop, so a variant's losses equal
its solo run's. A variant whose step diverges stops alone; the others go on.

Everything here runs on the calling thread; only the live setters may be called from another.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from rnnviz.core.config import Config, setting
from rnnviz.core.data import Dataset, load_data
from rnnviz.core.export import ExportError, write_run, write_text
from rnnviz.core.threads import ThreadChooser, training_thread
from rnnviz.core.trainer import Trainer, loop_rate, timed_loop
from rnnviz.core.variants import (  # noqa: F401 (read from here by the CLI and the tests)
    COMPARABLE,
    DATA_KEYS,
    LIVE_SETTINGS,
    MAX_VARIANTS,
    MIN_VARIANTS,
    VARY_KEYS,
    VARY_SYNTAX,
    ComparisonInfo,
    ComparisonSnapshot,
    Vary,
    format_value,
)


class Comparison:
    """Owns one Trainer per variant and steps them in lockstep.

    Parameters
    ----------
    base : the configuration every variant shares (its value of the varied field is ignored).
    vary : the varied setting and its values.
    """

    def __init__(self, base: Config, vary: Vary) -> None:
        self.base, self.vary = base, vary
        self.names = vary.names
        configs = vary.configs(base)
        shared: Dataset | None = None if vary.key in DATA_KEYS else load_data(base)
        # One thread count for the whole comparison (its variants train on one thread, one
        # after the other), chosen from the rounds' durations.
        self.thread_chooser = ThreadChooser(base.threads)
        self.trainers = tuple(Trainer(c, shared, self.thread_chooser) for c in configs)
        for t in self.trainers:
            # Each variant's clock gets 1/n of the probe budget, so the comparison as a whole
            # spends the share of its time on probes that one solo run would.
            t.set_probe_budget(share=t.config.probe_share / len(self.trainers))
        self.step_count = 0
        self.stopped: dict[str, str] = {}  # name -> why it stopped (it diverged)
        self.loop_seconds = 0.0  # time inside run(), probes and validation included
        self.loop_steps = 0
        self._run_start: float | None = None  # perf_counter() of the run() in progress
        self._run_steps = 0

    def __getitem__(self, name: str) -> Trainer:
        if name not in self.names:
            raise KeyError(f"no variant {name!r}; the variants are {', '.join(self.names)}")
        return self.trainers[self.names.index(name)]

    @property
    def running(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if n not in self.stopped)

    # ------------------------------------------------------------- live settings (any thread)

    def is_live(self, setting: str) -> bool:
        """Whether a live setting (one of LIVE_SETTINGS) acts here: all but the varied one."""
        return setting in LIVE_SETTINGS and setting != self.vary.key

    def set_lr(self, lr: float) -> bool:
        """Every variant's lr at its next step; False (nothing changes) when lr is varied."""
        return self._each("lr", lambda t: t.set_lr(lr))

    def set_clip(self, mode: str, value: float) -> bool:
        """Clipping for every variant. When the clip mode is the varied setting, each keeps
        its own mode and only the threshold changes (False: the modes were not set)."""
        if self.vary.key == "clip":
            for t in self.trainers:
                t.set_clip(t.config.clip, value)
            return False
        return self._each("clip", lambda t: t.set_clip(mode, value))

    def set_temperature(self, temperature: float) -> bool:
        return self._each("temperature", lambda t: t.set_temperature(temperature))

    def set_probe_every(self, every: int) -> bool:
        return self._each("probe-every", lambda t: t.set_probe_every(every))

    def set_live(self, name: str, value) -> bool:
        """A live setting for every variant but the varied one (False: it is varied here; a
        varied clip mode keeps each variant's mode, and only the threshold follows)."""
        flag = setting(name).flag
        if flag in ("clip", "clip-value"):
            mode, threshold = self.trainers[0].clip_setting()
            return self.set_clip(value if flag == "clip" else mode,
                                 value if flag == "clip-value" else threshold)  # fmt: skip
        return self._each(flag, lambda t: t.set_live(flag, value))

    def step_once(self) -> ComparisonSnapshot:
        """One lockstep round; each variant that stepped validates, and every variant that
        was running probes. The new snapshot."""
        before = set(self.stopped)
        self.step()
        for name, t in zip(self.names, self.trainers, strict=True):
            if name not in before:
                if name not in self.stopped:
                    t.validate()
                t.probe()
        return self.snapshot()

    def refresh(self) -> ComparisonSnapshot:
        for t in self.trainers:
            t.probe()
        return self.snapshot()

    def use_threads(self, n: int) -> None:
        """Every variant trains with n intra-op threads from now on: one chooser for all, as
        when the comparison was built."""
        self.trainers[0].use_threads(n)
        self.thread_chooser = self.trainers[0].thread_chooser
        for t in self.trainers[1:]:
            t.thread_chooser = self.thread_chooser

    def _each(self, setting: str, apply) -> bool:
        if not self.is_live(setting):
            return False
        for t in self.trainers:
            apply(t)
        return True

    # ------------------------------------------------------------------------ training

    def step(self) -> bool:
        """One lockstep round: every running variant takes one step (validating and probing
        on its own schedule). A variant whose step diverges stops. False if none stepped."""
        stepped = False
        round_start = time.perf_counter()
        for name, t in zip(self.names, self.trainers, strict=True):
            if name in self.stopped:
                continue
            start = time.perf_counter()
            ok = t.advance()
            t.loop_seconds += time.perf_counter() - start  # the variant's own time: its speed
            if ok:
                t.loop_steps += 1
                stepped = True
            else:
                self.stopped[name] = t.diverged or "diverged"
        if stepped:
            self.step_count += 1
            self.thread_chooser.feed(time.perf_counter() - round_start)
        return stepped

    @property
    def steps_per_second(self) -> float:
        """Lockstep rounds per second of run() so far (probes and validation included)."""
        return loop_rate(self)

    def snapshot(self, max_points: int = 2000) -> ComparisonSnapshot:
        return ComparisonSnapshot(
            step=self.step_count, key=self.vary.key, names=self.names, values=self.vary.values,
            snapshots=tuple(t.snapshot(max_points) for t in self.trainers),
            stopped=tuple(self.stopped.get(n) for n in self.names),
            steps_per_second=self.steps_per_second,
        )  # fmt: skip

    def run(
        self,
        steps: int | None = None,
        stop: threading.Event | None = None,
        on_snapshot=None,
        every_s: float = 1 / 30,
    ) -> int:
        """Like Trainer.run: `steps` more rounds (None: until stopped), until `stop` is set or
        every variant has stopped; on_snapshot(ComparisonSnapshot) at most every `every_s`
        seconds; at the end every variant validates and probes once and a last snapshot is
        reported. Returns the number of rounds."""
        chooser = self.thread_chooser
        with training_thread(chooser.current, team=max(chooser.candidates)):
            done = self._loop(steps, stop, on_snapshot, every_s)
            for t in self.trainers:
                t.validate()
                t.probe()
            if on_snapshot is not None:
                on_snapshot(self.snapshot())
        return done

    def _loop(self, steps, stop, on_snapshot, every_s: float) -> int:
        return timed_loop(self, self.step, steps, stop, on_snapshot, every_s)


# ------------------------------------------------------------------------------ results


def _finite_or_none(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def summary(comparison: Comparison) -> dict:
    """comparison.json: the varied key, one entry per variant, the lockstep steps. Memory
    length is the last layer's in the newest probe; JSON has no inf, so null stands for it."""
    variants = []
    for name, value, t in zip(comparison.names, comparison.vary.values, comparison.trainers,
                              strict=True):  # fmt: skip
        tau = t.last_probe.memory_length[-1] if t.last_probe is not None else math.nan
        variants.append({
            "name": name,
            "value": value,
            "final_train_loss": _finite_or_none(t.train_loss),
            "final_val_loss": _finite_or_none(t.last_val),
            "memory_length": _finite_or_none(float(tau)),
            "steps_per_second": t.steps_per_second,
            "diverged": t.divergences > 0,
        })  # fmt: skip
    return {"vary": comparison.vary.key, "variants": variants, "steps": comparison.step_count}


def write_comparison(comparison: Comparison, out_dir: str | Path, generate: int = 0) -> list[Path]:
    """One complete run folder per variant in out_dir/<name>/ (write_run's files), then
    out_dir/comparison.json. Returns the paths written."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder; choose another output folder")
    written = []
    for name, t in zip(comparison.names, comparison.trainers, strict=True):
        written += write_run(t, out / name, generate=generate)
    text = json.dumps(summary(comparison), indent=2, ensure_ascii=False) + "\n"
    written.append(write_text(out / "comparison.json", text))
    return written


# ----------------------------------------------------------------------------- throughput


@dataclass(frozen=True)
class Throughput:
    """A comparison's speed against its variants run alone, one after the other."""

    comparison: float  # lockstep rounds per second
    solo: tuple[float, ...]  # steps per second of each variant alone, same order as names
    names: tuple[str, ...]

    @property
    def back_to_back(self) -> float:
        """Steps per second of the solo runs one after the other: 1 / sum(1 / solo_i)."""
        return 1.0 / sum(1.0 / s for s in self.solo) if all(s > 0 for s in self.solo) else 0.0

    @property
    def ratio(self) -> float:
        """comparison / back_to_back: 1 means lockstep costs nothing extra (target: >= 0.9)."""
        b = self.back_to_back
        return self.comparison / b if b > 0 else math.nan


def throughput(base: Config, vary: Vary, steps: int) -> Throughput:
    """Train each variant alone for `steps` steps, then the comparison for as many rounds, and
    compare their speeds (probes and validation included in both, on the same clocks). Meant
    for a benchmark: a diverging variant makes the numbers meaningless."""
    solo = []
    for c in vary.configs(base):
        t = Trainer(c)
        t.run(steps)
        solo.append(t.steps_per_second)
    comp = Comparison(base, vary)
    comp.run(steps)
    return Throughput(comp.steps_per_second, tuple(solo), comp.names)
