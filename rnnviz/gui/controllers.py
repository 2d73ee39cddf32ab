"""Run controllers: one QObject per kind of run (a solo run, a comparison) that owns the run's
worker, its settings as the run uses them, and its newest snapshot.

The window shows the active controller; views only draw what its signals carry. Nothing here
waits for the worker: building a run, a checkpoint, an export or a unit's analysis are posted
to the worker and answered by signal or callback. A setting changed here is the setting the
run uses (`config`), so the controls, which show `config`, can never show another value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from rnnviz.core import jobs
from rnnviz.core.config import Config, ConfigError, check_forget_bias, setting
from rnnviz.core.table import DataError
from rnnviz.core.variants import Vary
from rnnviz.core.writing import ExportError
from rnnviz.gui.i18n import translate
from rnnviz.gui.worker import Build, Run

USER_ERRORS = (ConfigError, DataError, ExportError)  # CheckpointError is an ExportError


def error_line(error: Exception, doing: str = "") -> str:
    """One line for the user: a user error's own message, else its type and text."""
    if isinstance(error, USER_ERRORS):
        return str(error)
    what = f"{type(error).__name__}: {error}"
    return f"{doing}: {what}" if doing else what


class RunController(QObject):
    """What the window asks of any run. Subclasses say how a run is built (`_build`)."""

    rebuilt = Signal(object)  # the new run's info: views reset, then its first snapshot
    snapshot_ready = Signal(object)
    running_changed = Signal(bool)
    stopped = Signal()  # training stopped: paused, its steps done, or diverged
    failed = Signal(str)  # one line for the user; the run (or the old one) goes on
    config_changed = Signal()  # the settings the run uses changed (the controls follow)
    busy = Signal(str)  # what it is doing that takes a while ("" when done)
    said = Signal(str)  # a short message for the status bar

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.config = Config()
        self.info = None
        self.latest = None
        self.run: Run | None = None
        self._building: Run | None = None
        self._start_when_built: tuple[int | None] | None = None  # Start pressed meanwhile
        self._live_meanwhile: dict = {}  # live settings changed while a new run was built

    # ----------------------------------------------------------------------- the run

    @property
    def running(self) -> bool:
        return self.run is not None and self.run.running

    @property
    def building(self) -> bool:
        return self._building is not None

    def build(self, config: Config, prepare: Callable | None = None,
              then: Callable[[object], None] | None = None,
              otherwise: Callable[[], None] | None = None) -> None:  # fmt: skip
        """A new run for `config`, built on its own thread. When it is ready it replaces the
        current one (rebuilt, then its first snapshot, then then(prepare's result)); if it
        cannot be built, `failed` says why, otherwise() follows, and the current run goes on
        untouched."""
        if self._building is not None:  # a newer request replaces one still being built
            self._building.shutdown()
        self.busy.emit(translate("Controller", "Preparing the model…"))
        self._live_meanwhile = {}
        run = Run(Build(self._factory(config), prepare, jobs.describe))
        self._building = run
        run.ready.connect(lambda extra: self._on_ready(run, config, extra, then))
        run.build_failed.connect(lambda e: self._on_build_failed(run, e, otherwise))

    def _on_ready(self, run: Run, config: Config, extra, then) -> None:
        if run is not self._building:  # replaced while it was being built
            run.shutdown()
            return
        self._building = None
        if self.run is not None:
            self.run.shutdown()
        # A live setting changed while it was built applies to it too (the controls show it).
        for field, value in self._live_meanwhile.items():
            run.set("set_live", field, value)
        config = config.replace(**self._live_meanwhile)
        self.run, self.config, self.latest = run, config, None
        self.info = run.info
        self._adopt(run, extra)
        run.snapshot_ready.connect(lambda s: run is self.run and self._on_snapshot(s))
        run.stopped.connect(lambda: run is self.run and self._on_stopped())
        run.failed.connect(lambda e: run is self.run and self.failed.emit(
            translate("Controller", "training stopped: {error}").format(
                error=error_line(e))))  # fmt: skip
        run.set_failed.connect(lambda e: run is self.run and self.failed.emit(error_line(e)))
        self.busy.emit("")
        self.rebuilt.emit(self.info)
        self.config_changed.emit()
        self._on_snapshot(run.first)  # made on the worker
        self.running_changed.emit(False)
        if then is not None:
            then(extra)
        if self._start_when_built is not None:
            (steps,), self._start_when_built = self._start_when_built, None
            self.start(steps)

    def _on_build_failed(self, run: Run, error: Exception, otherwise) -> None:
        if run is not self._building:
            return
        self._building = None
        self._start_when_built = None
        self.busy.emit("")
        self.failed.emit(error_line(error, translate("Controller", "could not start")))
        self.config_changed.emit()  # the controls show the run that goes on
        if otherwise is not None:
            otherwise()

    def _on_snapshot(self, snap) -> None:
        self.latest = snap
        self.snapshot_ready.emit(snap)

    def _on_stopped(self) -> None:
        self.running_changed.emit(False)
        self.stopped.emit()

    # ------------------------------------------------------------------- run commands

    def start(self, steps: int | None = None) -> bool:
        """Train `steps` more (None: until paused). Pressed while a new run is being built,
        it starts that run as soon as it is ready."""
        if self._building is not None:
            self._start_when_built = (steps,)
            return True
        if self.run is None or self.run.running:
            return False
        if self.run.dead is not None:  # its process ended by itself
            self.failed.emit(translate("Controller", "this run has ended: Reset starts a new one"))
            return False
        self.run.start(steps)
        self.running_changed.emit(True)
        return True

    def pause(self) -> None:
        if self.run is not None:
            self.run.pause()

    def toggle(self) -> None:
        if self.running or self._start_when_built is not None:
            self._start_when_built = None
            self.pause()
        else:
            self.start()

    def step(self) -> None:
        if self.run is not None and not self.run.running:
            self.run.step()

    def set_live(self, name: str, value) -> bool:
        """A live setting for the next step: the run's config follows at once (the controls
        show it), the trainer takes it from its inbox. False, with a message, if invalid or
        not live here."""
        s = setting(name)
        try:
            s.check(value)
            if not s.live:
                raise ConfigError(f"{s.flag} is not a live setting: it needs new weights")
            applied = self._acts(s.flag)
            if applied and self.run is not None:
                self.run.set("set_live", s.field, value)
        except ConfigError as e:
            self.failed.emit(str(e))
            self.config_changed.emit()  # the controls go back to what the run uses
            return False
        if not applied:
            self.config_changed.emit()  # the controls go back, then the message says why
            self.said.emit(translate("Controller", "{setting} is the varied setting here: each "
                                     "variant keeps its own").format(setting=s.flag))  # fmt: skip
            return False
        self.config = self.config.replace(**{s.field: value})
        if self._building is not None:
            self._live_meanwhile[s.field] = value
        self.config_changed.emit()
        if self.run is not None and not self.run.running:
            self.run.refresh()
        return True

    def use_threads(self, n: int) -> None:
        """Train with n threads from now on (0: chosen by measurement)."""
        try:
            setting("threads").check(n)
        except ConfigError as e:
            self.failed.emit(str(e))
            return
        self.config = self.config.replace(threads=n)
        self.config_changed.emit()
        self.submit(partial(jobs.use_threads, n))

    def submit(self, fn: Callable, done: Callable[[object, Exception | None], None] | None = None,
               doing: str = "") -> bool:  # fmt: skip
        """fn(trainable) on the worker (training pauses for it and goes on); then
        done(result, error) here. Without `done`, an error is reported. False if no run."""
        if self.run is None:
            return False

        def answer(result, error) -> None:
            if doing:
                self.busy.emit("")
            if done is not None:
                done(result, error)
            elif error is not None:
                self.failed.emit(error_line(error))

        if doing:
            self.busy.emit(doing)
        self.run.submit(fn, answer)
        return True

    def save_checkpoint(self, path: str | Path, done: Callable[[bool], None] | None = None):
        def saved(_, error) -> None:
            if error is not None:
                self.failed.emit(error_line(error))
            else:
                self.said.emit(translate("Controller", "saved {path}").format(path=path))
            if done is not None:
                done(error is None)

        return self.submit(partial(jobs.save, path), saved,
                           translate("Controller", "Saving the checkpoint…"))  # fmt: skip

    def write_folder(self, folder: str | Path, done: Callable) -> bool:
        """The run's files (config, metrics, history, probe, checkpoint, ...) into `folder`,
        on the worker; done(list of paths, error)."""

        return self.submit(partial(jobs.write_folder, folder), done,
                           translate("Controller", "Writing the run folder…"))  # fmt: skip

    def shutdown(self) -> None:
        for run in (self._building, self.run):
            if run is not None:
                run.shutdown()
        self._building = None

    # ---------------------------------------------------------------- subclass hooks

    def _factory(self, config: Config) -> Callable:
        raise NotImplementedError

    def _acts(self, flag: str) -> bool:
        """Whether a live setting acts on this kind of run (all but a comparison's varied
        one)."""
        return True

    def _adopt(self, run: Run, extra) -> None:
        """A new run is in place (before its views reset); `extra`: what prepare returned."""


class SoloController(RunController):
    """One model training: the Training, Diagnostics and Unit views show it."""

    def _factory(self, config: Config) -> Callable:
        return partial(jobs.watched_trainer, config)

    def set_prediction_span(self, span) -> None:
        """The predictions panel zoomed: the next probe predicts what is in view."""
        if self.run is not None:
            self.run.set("set_prediction_span", *(span or (None,)))
            self.run.refresh()

    def set_forget_bias(self, value: float) -> None:
        """LSTM: every layer's forget-gate bias (b_ih + b_hh) becomes `value` at the next
        step."""
        if self.run is None or self.info is None or self.info.cell != "lstm":
            self.failed.emit(translate("Controller", "only an LSTM has a forget gate"))
            return
        try:
            check_forget_bias(value)
        except ConfigError as e:
            self.failed.emit(str(e))
            return
        self.run.set("set_forget_bias", value)
        self.run.refresh()
        done = translate("Controller", "forget-gate bias set to {value} at the next step")
        self.said.emit(done.format(value=f"{value:g}"))


class ComparisonController(RunController):
    """2-4 variants of one configuration, differing in one setting, trained in lockstep on
    one worker thread; the Compare view shows it. A preset adds a lesson, callouts and a
    number of steps."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.vary: Vary | None = None
        self.preset = None  # core.presets.Preset while one is loaded
        self.callouts = None  # its core Callouts for the current run

    def build_comparison(self, base: Config, vary: Vary, preset=None,
                         then: Callable[[object], None] | None = None) -> bool:  # fmt: skip
        """New variants of `base` differing in `vary` (checked here, before anything is
        built: False with a message if they cannot work)."""
        try:
            vary.configs(base)
        except ConfigError as e:
            self.failed.emit(str(e))
            return False
        self._next = (vary, preset)
        prepare = partial(jobs.callouts, preset) if preset is not None else None
        self.build(base, prepare, then)
        return True

    def _factory(self, config: Config) -> Callable:
        return partial(jobs.watched_comparison, config, self._next[0])

    def _acts(self, flag: str) -> bool:
        return self.vary is None or flag != self.vary.key

    def _adopt(self, run: Run, callouts) -> None:
        info = run.info
        self.vary = Vary(info.key, info.values)
        self.preset, self.callouts = self._next[1], callouts

    @property
    def target_steps(self) -> int | None:
        return self.preset.steps if self.preset is not None else None

    def start(self, steps: int | None = None) -> bool:
        """A preset runs up to its steps (then Start goes on without end)."""
        if steps is None and self.target_steps is not None and self.latest is not None:
            left = self.target_steps - self.latest.step
            steps = left if left > 0 else None
        return super().start(steps)

    def stopped_variants(self) -> list[str]:
        s = self.latest
        return [] if s is None else [n for n, why in zip(s.names, s.stopped, strict=True) if why]

    def mean_rate(self) -> float:
        """Lockstep rounds a second (the variants' own clocks when the comparison's is 0)."""
        s = self.latest
        rate = s.steps_per_second
        if rate <= 0:
            rates = [v.steps_per_second for v in s.snapshots if v.steps_per_second > 0]
            rate = 1 / sum(1 / r for r in rates) if rates else 0.0
        return rate if math.isfinite(rate) else 0.0
