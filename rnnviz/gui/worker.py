"""A thin Qt adapter that drives a core Trainable (a Trainer or a Comparison) on its own thread.

The GUI thread never waits for it. It posts typed commands to an inbox; everything comes back
by queued signal: the built run (or the exception that stopped it being built), snapshots,
the end of a training, and each submitted job's result or exception. Every torch operation of
a run, its construction included, happens on this thread: libgomp (torch's OpenMP) spins less
eagerly once the process holds more OpenMP threads than cores, so a second thread team (say,
from a probe on the GUI thread) cost ~40% of the training speed on 2 cores (132 -> 80 steps/s,
measured).
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import torch
from PySide6.QtCore import QObject, QThread, Signal, Slot

from rnnviz.core.trainable import Trainable

FRAME_S = 1 / 30  # snapshots at most this often (the window draws at most 30 frames/s)


# ------------------------------------------------------------------------- the commands


@dataclass(frozen=True)
class Build:
    """Make the Trainable (factory()), then `prepare(trainable)` (its result is handed on
    with the built run: a preset's callouts, say)."""

    factory: Callable[[], Trainable]
    prepare: Callable[[Trainable], object] | None = None


@dataclass(frozen=True)
class Train:
    steps: int | None  # None: until paused


@dataclass(frozen=True)
class Step:
    pass


@dataclass(frozen=True)
class Refresh:
    pass


@dataclass(frozen=True)
class Job:
    """fn(trainable) on the worker thread; its result or exception comes back by job_done."""

    token: int
    fn: Callable[[Trainable], object]


@dataclass(frozen=True)
class Quit:
    pass


class _Either:
    """Set when any of its events is set: what Trainable.run polls to stop."""

    def __init__(self, *events: threading.Event) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class Worker(QObject):
    """The command loop on the run's thread. Signals only; no widgets here."""

    built = Signal(object, object)  # (the Trainable, what prepare returned)
    build_failed = Signal(object)  # the exception
    snapshot_ready = Signal(object)  # Snapshot or ComparisonSnapshot
    stopped = Signal(str)  # a Train ("train") or Step ("step") returned
    failed = Signal(object)  # an exception while training (a bug, a CUDA error)
    job_done = Signal(int, object, object)  # (token, result, exception or None)
    finished = Signal()  # the command loop ended

    def __init__(self) -> None:
        super().__init__()
        self.trainable: Trainable | None = None
        self.stop_event = threading.Event()  # pause: cleared by the next Run.start()
        # Shutting down: never cleared, so a Train queued before the shutdown cannot clear the
        # stop and train on forever (found by the stress test).
        self.quitting = threading.Event()
        self._stop = _Either(self.stop_event, self.quitting)
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()

    @Slot()
    def loop(self) -> None:
        # A new thread does not inherit the main thread's intra-op settings: set them here.
        torch.set_num_threads(torch.get_num_threads())
        while True:
            command = self.inbox.get()
            if isinstance(command, Quit) or self.quitting.is_set():
                break
            self._do(command)
        self.finished.emit()

    def _do(self, command) -> None:
        if isinstance(command, Build):
            try:
                trainable = command.factory()
                extra = command.prepare(trainable) if command.prepare else None
                trainable.snapshot()  # the first probe, here and not on the GUI thread
            except Exception as e:  # a bad file or setting: the caller keeps its old run
                self.build_failed.emit(e)
                return
            self.trainable = trainable
            self.built.emit(trainable, extra)
        elif isinstance(command, Job):
            try:
                result, error = command.fn(self.trainable), None
            except Exception as e:  # handed to the caller's callback
                result, error = None, e
            self.job_done.emit(command.token, result, error)
        else:
            try:
                if isinstance(command, Train):
                    self.trainable.run(command.steps, self._stop, self.snapshot_ready.emit,
                                       FRAME_S)  # fmt: skip
                elif isinstance(command, Step):
                    self.snapshot_ready.emit(self.trainable.step_once())
                elif isinstance(command, Refresh):
                    self.snapshot_ready.emit(self.trainable.refresh())
            except Exception as e:  # must not kill the app silently
                self.failed.emit(e)
            finally:
                if isinstance(command, (Train, Step)):
                    self.stopped.emit("train" if isinstance(command, Train) else "step")


class Run(QObject):
    """One run's worker and thread. Made from a Build; `ready` or `build_failed` follows.

    `running` is the GUI thread's view: True from start() until the worker says it stopped
    (a pause for a job does not count as a stop).
    """

    ready = Signal(object)  # what the Build's prepare returned
    build_failed = Signal(object)  # the exception; the thread has ended by then
    snapshot_ready = Signal(object)
    stopped = Signal()  # training stopped (not a pause for a job)
    failed = Signal(object)

    def __init__(self, build: Build) -> None:
        super().__init__()
        self._training = False  # from start() until its Train returns (not a pause for a job)
        self._stepping = False  # from step() until its Step returns
        self.trainable: Trainable | None = None
        self.info = None  # what its controller knows of it once built
        self.worker = Worker()
        self.thread = QThread()
        self.thread.setObjectName("rnnviz-trainer")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.loop)
        self.worker.finished.connect(self.thread.quit)
        self.worker.built.connect(self._on_built)
        self.worker.build_failed.connect(self._on_build_failed)
        self.worker.snapshot_ready.connect(self.snapshot_ready)
        self.worker.stopped.connect(self._on_stopped)
        self.worker.failed.connect(self.failed)
        self.worker.job_done.connect(self._on_job_done)
        self._tokens = itertools.count()
        self._jobs: dict[int, tuple[Callable | None, bool]] = {}
        self._resume = False  # a job paused a running training: start it again after
        self.thread.start()
        self.worker.inbox.put(build)

    @property
    def trainer(self):
        """The Trainable once built (tests read it; the window talks through commands)."""
        return self.trainable

    def _on_built(self, trainable, extra) -> None:
        self.trainable = trainable
        self.ready.emit(extra)

    def _on_build_failed(self, error) -> None:
        self.shutdown()
        self.build_failed.emit(error)

    @property
    def running(self) -> bool:
        """Training or taking a single step: Start and Step wait."""
        return self._training or self._stepping

    def _on_stopped(self, kind: str) -> None:
        if kind == "step":
            self._stepping = False
        elif self._resume:  # paused for a job: the job's end starts training again
            return
        else:
            self._training = False
        if not self.running:
            self.stopped.emit()

    # ------------------------------------------------------------------------- commands

    def start(self, steps: int | None = None) -> None:
        if not self.running and not self.worker.quitting.is_set():
            self._training = True
            # Cleared here, not on the worker: a pause right after this start (Space twice)
            # must not be undone by the worker picking the command up later.
            self.worker.stop_event.clear()
            self.worker.inbox.put(Train(steps))

    def pause(self) -> None:
        self.worker.stop_event.set()

    def step(self) -> None:
        if not self.running:
            self._stepping = True
            self.worker.inbox.put(Step())

    def refresh(self) -> None:
        """While paused: apply the pending live settings, probe, and send a snapshot."""
        if not self.running:
            self.worker.inbox.put(Refresh())

    def submit(self, fn: Callable[[Trainable], object],
               done: Callable[[object, Exception | None], None] | None = None) -> None:  # fmt: skip
        """fn(trainable) on the worker thread; then done(result, exception or None) on this
        thread. A running training pauses for it and goes on afterwards. Never blocks."""
        if self._training and not self._resume:
            self._resume = True
            self.pause()
        token = next(self._tokens)
        self._jobs[token] = (done, False)
        self.worker.inbox.put(Job(token, fn))

    def _on_job_done(self, token: int, result, error) -> None:
        done, _ = self._jobs.pop(token, (None, False))
        if not self._jobs and self._resume:
            self._resume = False
            if not self.worker.quitting.is_set():
                self._training = False
                self.start()
        if done is not None:
            done(result, error)

    def call(self, fn: Callable[[], object], timeout: float = 60.0):
        """fn() on the worker thread, waiting for its result: for tests only (the window
        never waits for the worker; it submits and gets the answer by signal)."""
        self.pause()
        reply: queue.SimpleQueue = queue.SimpleQueue()

        def job(_):
            try:
                reply.put((fn(), None))
            except Exception as e:
                reply.put((None, e))

        self.worker.inbox.put(Job(-1, job))
        result, error = reply.get(timeout=timeout)
        if error is not None:
            raise error
        return result

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop training and end the thread; True if it ended in time. Closing the window
        waits here once, for at most the step in progress."""
        self.worker.quitting.set()
        self.pause()
        self.worker.inbox.put(Quit())
        # Ask the thread to quit now: a queued worker.finished -> thread.quit could not run
        # while this (GUI) thread blocks in wait(). Qt keeps an exit requested before the
        # thread's event loop starts.
        self.thread.quit()
        self._training = self._stepping = False
        return self.thread.wait(timeout_ms)
