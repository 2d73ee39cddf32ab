"""The bridge between the window and a core Trainer running in a QThread.

The worker owns the trainer while it trains; the window talks to it only through thread-safe
means: commands in a queue, a stop Event, and the trainer's own live-settings inbox (lr, clip,
temperature). The worker sends back immutable Snapshots through a queued signal; the window
keeps only the newest one and draws it on its own timer.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import torch
from PySide6.QtCore import QObject, QThread, Signal, Slot

from rnnviz.core.comparison import Comparison, Vary
from rnnviz.core.config import Config
from rnnviz.core.trainer import ProbeClock, RunInfo, Trainer

FRAME_S = 1 / 30  # snapshots at most this often (the window draws at most 30 frames/s)
# The free-running rollout (issue 13) re-runs the model once per validation row (198 fused
# calls on the sine, ~40 ms idle, far more on a loaded machine): while training it is redone
# with a probe at most once a second and within 3% of the loop's time; on every pause, step
# and refresh it is redone for the probed weights.
ROLLOUT_HZ, ROLLOUT_SHARE = 1.0, 0.03


class _Either:
    """Set when any of its events is set: what Trainer.run polls to stop."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class TrainerWorker(QObject):
    """Runs commands on the trainer in its own thread. Signals only; no widgets here.

    Every torch operation of a run happens on this thread, the trainer's construction
    included: libgomp (torch's OpenMP) spins less eagerly once the process holds more OpenMP
    threads than cores, so a second thread team (say, from a probe on the GUI thread) cost
    ~40% of the training speed on 2 cores (132 -> 80 steps/s, measured).
    """

    snapshot_ready = Signal(object)  # Snapshot
    stopped = Signal()  # a run() or step returned: paused, steps done, or diverged
    failed = Signal(str)
    job_done = Signal(object)  # (token, result, exception or None) of a submitted job
    finished = Signal()  # the command loop ended (shutdown)

    def __init__(self) -> None:
        super().__init__()
        self.trainer: Trainer | None = None
        self.stop_event = threading.Event()  # pause: cleared by the next Run.start()
        # Shutting down: never cleared, so a "run" queued before the shutdown cannot clear
        # the stop and train on forever (found by the stress test).
        self.quitting = threading.Event()
        self._stop = _Either(self.stop_event, self.quitting)
        self.idle = threading.Event()
        self.idle.set()
        self._commands: queue.SimpleQueue = queue.SimpleQueue()

    # called from the GUI thread
    def post(self, command: str, arg=None, reply: queue.SimpleQueue | None = None) -> None:
        if command != "quit":
            self.idle.clear()  # busy from now, so a wait right after a post cannot slip through
        self._commands.put((command, arg, reply))

    @Slot()
    def loop(self) -> None:
        # A new thread does not inherit the main thread's intra-op settings: set them here.
        torch.set_num_threads(torch.get_num_threads())
        while True:
            command, arg, reply = self._commands.get()
            if command == "quit" or self.quitting.is_set():
                if reply is not None:
                    reply.put((None, RuntimeError("the run is shutting down")))
                break
            try:
                if command == "call":
                    try:
                        reply.put((arg(), None))
                    except Exception as e:  # handed to the caller, raised there
                        reply.put((None, e))
                elif command == "job":  # a longer job: the answer comes as a signal
                    token, fn = arg
                    try:
                        self.job_done.emit((token, fn(), None))
                    except Exception as e:  # handed to the caller's callback
                        self.job_done.emit((token, None, e))
                elif command == "run":
                    self.trainer.run(arg, self._stop, self.snapshot_ready.emit, FRAME_S)
                elif command == "step":
                    self.step_once()
                elif command == "refresh":  # a live setting changed while paused
                    self.refresh()
            except Exception as e:  # a bug or a CUDA error must not kill the app silently
                self.failed.emit(self.tr("training stopped: {error}").format(
                    error=f"{type(e).__name__}: {e}"))  # fmt: skip
            finally:
                self.idle.set()
                if command in ("run", "step"):
                    self.stopped.emit()
        self.idle.set()
        self.finished.emit()

    def step_once(self) -> None:
        """One step, validation and a probe (core's Trainable.step_once), then its snapshot."""
        self.snapshot_ready.emit(self.trainer.step_once())

    def refresh(self) -> None:
        self.snapshot_ready.emit(self.trainer.refresh())


class ComparisonWorker(TrainerWorker):
    """The same command loop over a core Comparison: `run` trains every variant in lockstep
    and emits ComparisonSnapshots; a single step is one lockstep round (Comparison.step_once)."""


class Run(QObject):
    """One training run: a trainer, its worker and thread. The window holds one solo run and
    the Compare view one ComparisonRun; nothing here is global.

    Raises what building the trainer raises (bad data, bad config), with no thread left over.
    `build` (called on the worker thread) makes what trains; by default Trainer(config).
    """

    worker_class = TrainerWorker

    def __init__(self, config: Config, build: Callable[[], object] | None = None) -> None:
        super().__init__()
        self.running = False
        self.config = config
        self.worker = self.worker_class()
        self.thread = QThread()
        self.thread.setObjectName("rnnviz-trainer")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.loop)
        self.worker.finished.connect(self.thread.quit)
        self.worker.stopped.connect(self._on_stopped)
        self.worker.job_done.connect(self._on_job_done)
        self._tokens = itertools.count()
        self._jobs: dict[int, tuple[Callable, bool]] = {}
        self.thread.start()
        try:
            self.trainer = self.call(build or (lambda: Trainer(config)))
            self.worker.trainer = self.trainer
            self.trainer.rollout_clock = ProbeClock(0, ROLLOUT_HZ, ROLLOUT_SHARE)
            self.info = self.call(lambda: self.make_info(self.trainer))
        except BaseException:
            self.shutdown()
            raise

    @staticmethod
    def make_info(trainer):
        return RunInfo.from_trainer(trainer)

    def _on_stopped(self) -> None:
        # A pause for a submitted job is no stop: the job's end starts training again.
        if self.worker.idle.is_set() and not any(was for _, was in self._jobs.values()):
            self.running = False

    def start(self, steps: int | None = None) -> None:
        if not self.running:
            self.running = True
            # Cleared here, not on the worker: a pause right after this start (Space twice)
            # must not be undone by the worker picking the command up later.
            self.worker.stop_event.clear()
            self.worker.post("run", steps)

    def pause(self) -> None:
        self.worker.stop_event.set()

    def step(self) -> None:
        if not self.running:
            self.worker.post("step")

    def refresh(self) -> None:
        """While paused: apply the pending live settings, probe, and send a snapshot."""
        if not self.running:
            self.worker.post("refresh")

    def call(self, fn: Callable[[], object]):
        """Run fn() on the worker thread and return its result (or raise its exception).
        Pauses a running training first. Blocks the caller; for short jobs only."""
        self.pause()
        reply: queue.SimpleQueue = queue.SimpleQueue()
        self.worker.post("call", fn, reply)
        result, error = reply.get()
        if error is not None:
            raise error
        return result

    def while_paused(self, fn: Callable[[Trainer], object]):
        """Call fn(trainer) on the worker thread while training is paused, then resume if it
        was running. For exports and checkpoints, which must see a still model."""
        was_running = self.running
        try:
            return self.call(lambda: fn(self.trainer))
        finally:
            if was_running:
                self.running = False
                self.start()

    def submit(
        self, fn: Callable[[Trainer], object], done: Callable[[object, Exception | None], None]
    ) -> None:
        """Call fn(trainer) on the worker thread without blocking the caller; then
        done(result, exception or None) on this (GUI) thread. A running training pauses for it
        and goes on afterwards. For jobs too long for `call` (the unit inspector: seconds on a
        large text)."""
        was_running = self.running
        self.pause()
        token = next(self._tokens)
        self._jobs[token] = (done, was_running)
        self.worker.post("job", (token, lambda: fn(self.trainer)))

    def _on_job_done(self, answer) -> None:
        token, result, error = answer
        done, was_running = self._jobs.pop(token, (None, False))
        if was_running and not self.worker.quitting.is_set():
            self.running = False
            self.start()
        if done is not None:
            done(result, error)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop training and end the thread; True if it ended in time."""
        self.worker.quitting.set()
        self.pause()
        self.worker.post("quit")
        # Ask the thread to quit now: a queued worker.finished -> thread.quit could not run
        # while this (GUI) thread blocks in wait(). Qt keeps an exit requested before the
        # thread's event loop starts.
        self.thread.quit()
        self.running = False
        return self.thread.wait(timeout_ms)


@dataclass(frozen=True)
class ComparisonInfo:
    """What the Compare view needs to know about a comparison that does not change while it
    trains: the varied setting, the variants' names and values, and each variant's RunInfo."""

    key: str
    names: tuple[str, ...]
    values: tuple
    infos: tuple[RunInfo, ...]
    base: Config

    @classmethod
    def from_comparison(cls, c: Comparison) -> ComparisonInfo:
        infos = tuple(RunInfo.from_trainer(t) for t in c.trainers)
        return cls(c.vary.key, c.names, c.vary.values, infos, c.base)


class ComparisonRun(Run):
    """2-4 variants of `base` that differ in `vary`, trained in lockstep on one worker thread
    (every torch operation there); ComparisonSnapshots come back by `worker.snapshot_ready`."""

    worker_class = ComparisonWorker

    def __init__(self, base: Config, vary: Vary) -> None:
        self.vary = vary
        super().__init__(base, lambda: Comparison(base, vary))
        self.comparison: Comparison = self.trainer

    @staticmethod
    def make_info(comparison):
        return ComparisonInfo.from_comparison(comparison)
