"""A thin Qt adapter that drives a core Trainable (a Trainer or a Comparison) away from the GUI
thread: in a process of its own (the window's default) or on a thread of the window's process.

The GUI thread never waits for it. It posts the commands of core.host; everything comes back
by queued signal: the built run's RunInfo and first snapshot (or the exception that stopped
it being built), snapshots, the end of a training, and each submitted job's result or
exception.

Why a process: on two cores a trainer thread and the GUI thread take turns on one GIL, so the
window's drawing slowed the training to 0.35-0.6x of a plain loop and the training held the
probe panels to 5-7 frames a second (rnnviz bench, docs/benchmark.md). A run's process has its
own interpreter; it is forked from a server that imported torch once (multiprocessing's
forkserver, started with the first run, after the window's first frame), so a later run is
built in ~0.15 s.

Why a thread still (RNNVIZ_WORKER=thread): the tests read the trainer itself (run.trainer),
which only a thread shares; with RNNVIZ_CHECK_PICKLE=1 (the tests' setting) every command
the window posts is pickled and checked as it would be for a process, so both stay one.
Every torch operation of a run, its construction included, happens on its thread or process:
libgomp (torch's OpenMP) spins less eagerly once the process holds more OpenMP threads than
cores, so a second thread team (say, from a probe on the GUI thread) cost ~40% of the training
speed on 2 cores (132 -> 80 steps/s, measured).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import pickletools
import queue
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from rnnviz.core.host import (
    Build,
    Channel,
    Either,
    Host,
    Job,
    Pause,
    Quit,
    Refresh,
    Set,
    Step,
    Train,
    run_context,
    send_command,
    serve,
    worker_mode,
)
from rnnviz.core.trainable import Trainable

__all__ = ["Build", "Run", "worker_mode"]

CHECK_ENV = "RNNVIZ_CHECK_PICKLE"  # "1": a thread run checks what a process run would send


def check_crossable(obj) -> None:
    """Raise TypeError unless `obj` pickles and names nothing of the window (a lambda, a
    closure, a function of rnnviz.gui or Qt): what a run's process could not be sent."""
    try:
        data = pickle.dumps(obj, protocol=2)  # protocol 2 names every global in a GLOBAL op
    except Exception as e:
        raise TypeError(f"a run's process cannot be sent {obj!r}: {e}") from None
    for op, arg, _ in pickletools.genops(data):
        if op.name == "GLOBAL" and str(arg).startswith(("rnnviz.gui", "PySide6", "__main__")):
            raise TypeError(f"a run's process would import the window for {arg!r}")


class _Signals(QObject):
    """What a backend reports (the same for a thread and a process)."""

    built = Signal(object, object, object)  # (RunInfo, what prepare returned, first snapshot)
    build_failed = Signal(object)  # the exception
    snapshot_ready = Signal(object)  # Snapshot or ComparisonSnapshot
    stopped = Signal(str)  # a Train ("train") or Step ("step") returned
    failed = Signal(object)  # an exception while training (a bug, a CUDA error)
    job_done = Signal(int, object, object)  # (token, result, exception or None)
    set_failed = Signal(object)  # a live setter refused its value
    died = Signal(object)  # a run's process ended by itself (a crash, an OOM kill): why
    finished = Signal()  # the command loop ended

    def begin(self, thread: QThread) -> None:
        """Live on `thread` and run `loop` there once it starts."""
        self.moveToThread(thread)
        thread.started.connect(self.loop)

    def _refuse(self, command, error: Exception) -> None:
        """A command that cannot cross to a run's process: answered with `error`."""
        if isinstance(command, Build):
            self.build_failed.emit(error)
        elif isinstance(command, Job):
            self.job_done.emit(command.token, None, error)
        elif isinstance(command, Set):
            self.set_failed.emit(error)
        else:
            self.failed.emit(error)

    def report(self, kind: str, *payload) -> None:
        {
            "built": self.built,
            "build_failed": self.build_failed,
            "snapshot": self.snapshot_ready,
            "stopped": self.stopped,
            "failed": self.failed,
            "job_done": self.job_done,
            "set_failed": self.set_failed,
        }[kind].emit(*payload)


class Worker(_Signals):
    """The command loop on the run's thread of this process. Signals only; no widgets."""

    def __init__(self) -> None:
        super().__init__()
        self.stop_event = threading.Event()  # pause: cleared by the next Run.start()
        # Shutting down: never cleared, so a Train queued before the shutdown cannot clear the
        # stop and train on forever (found by the stress test).
        self.quitting = threading.Event()
        self.host = Host(self._report, Either(self.stop_event, self.quitting))
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.check = os.environ.get(CHECK_ENV) == "1"

    @property
    def trainable(self) -> Trainable | None:
        return self.host.trainable

    def _report(self, kind: str, *payload) -> None:
        if self.check and kind in ("built", "job_done"):
            check_crossable(payload[:3] if kind == "built" else payload[1])
        self.report(kind, *payload)

    def post(self, command, checked: bool = True) -> None:
        if self.check and checked and isinstance(command, (Build, Job, Set)):
            try:
                check_crossable(command)
            except TypeError as e:  # as a process run would answer it
                self._refuse(command, e)
                return
        if isinstance(command, Set):  # the setters are thread-safe: at once, here
            self.host.set(command)
        else:
            self.inbox.put(command)

    @Slot()
    def loop(self) -> None:
        import torch

        # A new thread does not inherit the main thread's intra-op settings: set them here.
        torch.set_num_threads(torch.get_num_threads())
        self.host.serve(self.inbox, self.quitting)
        self.finished.emit()

    def end(self, timeout_s: float) -> bool:
        return True  # the thread's wait says it


class _RemoteStop:
    """A run's process's stop, as Run uses a thread's Event: set() pauses it (the pipe keeps
    the order: a Train sent before it clears its stop first); nothing is shared but the pipe."""

    def __init__(self, link: ProcessLink) -> None:
        self.link = link

    def set(self) -> None:
        self.link.post(Pause())

    def clear(self) -> None:
        pass  # the process clears it when the next Train reaches it


class ProcessLink(_Signals):
    """A run in a process of its own: a sender thread pickles the commands to it, and this
    object's thread starts it and turns what it reports into signals."""

    def __init__(self) -> None:
        super().__init__()
        ctx = run_context()
        self._conn, child = ctx.Pipe()
        self.stop_event = _RemoteStop(self)
        self.quitting = threading.Event()  # this side's: Quit tells the process
        self.process = ctx.Process(target=serve, args=(child,), name="rnnviz-run", daemon=True)
        self._child = child
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._ended = threading.Event()
        threading.Thread(target=self._send, name="rnnviz-send", daemon=True).start()

    trainable = None  # in another process

    def post(self, command, checked: bool = True) -> None:
        self._outbox.put(command)

    def _send(self) -> None:
        while True:
            command = self._outbox.get()
            try:
                send_command(self._conn, command)
            except OSError:  # the process is gone
                return
            except Exception as e:  # something the process cannot be sent: a bug
                self._refuse(command, TypeError(f"a run's process cannot be sent "
                                                f"{type(command).__name__}: {e}"))  # fmt: skip
            if isinstance(command, Quit):
                return

    @Slot()
    def loop(self) -> None:
        try:
            try:
                if self.quitting.is_set():  # shut down before it started
                    return
                self.process.start()
            except Exception as e:
                self.build_failed.emit(RuntimeError(f"cannot start the run's process: {e}"))
                return
            finally:
                self._child.close()  # the process's end only: EOF here when it ends
            reports, why = Channel(self._conn), None
            while True:
                try:
                    kind, *payload = reports.recv()
                except (EOFError, OSError):
                    break
                except Exception as e:  # a report that cannot be read: end the run
                    why = RuntimeError(f"a report of the run could not be read: {e}")
                    self.process.kill()
                    break
                self.report(kind, *payload)
            self.process.join()
            if why is not None or not self.quitting.is_set():  # a crash, an OOM kill
                code = self.process.exitcode
                self.died.emit(why or RuntimeError(f"the run's process ended (exit code {code})"))
        finally:
            self._conn.close()  # (the process's own pipes close with it when it is collected)
            self._ended.set()
            self.finished.emit()

    def end(self, timeout_s: float) -> bool:
        """Wait for the process to end; kill it if it does not."""
        if self._ended.wait(timeout_s):
            return True
        with contextlib.suppress(AttributeError, ValueError):  # not started yet, or closed
            self.process.kill()
        return self._ended.wait(1.0)


class Run(QObject):
    """One run's worker (a process or a thread). Made from a Build; `ready` or
    `build_failed` follows.

    `running` is the GUI thread's view: True from start() until the worker says it stopped
    (a pause for a job does not count as a stop). `info` is the built run's RunInfo (or
    ComparisonInfo), `first` its first snapshot.
    """

    ready = Signal(object)  # what the Build's prepare returned
    build_failed = Signal(object)  # the exception; the worker has ended by then
    snapshot_ready = Signal(object)
    stopped = Signal()  # training stopped (not a pause for a job)
    failed = Signal(object)
    set_failed = Signal(object)

    def __init__(self, build: Build, process: bool | None = None) -> None:
        super().__init__()
        if process is None:
            process = worker_mode() == "process"
        self._training = False  # from start() until its Train returns (not a pause for a job)
        self._stepping = False  # from step() until its Step returns
        self.trainable: Trainable | None = None
        self.info = None
        self.first = None
        self.worker = ProcessLink() if process else Worker()
        self.thread = QThread()
        self.thread.setObjectName("rnnviz-trainer")
        self.worker.begin(self.thread)
        self.worker.finished.connect(self.thread.quit)
        self.worker.built.connect(self._on_built)
        self.worker.build_failed.connect(self._on_build_failed)
        self.worker.snapshot_ready.connect(self.snapshot_ready)
        self.worker.stopped.connect(self._on_stopped)
        self.worker.failed.connect(self.failed)
        self.worker.set_failed.connect(self.set_failed)
        self.worker.job_done.connect(self._on_job_done)
        self.worker.died.connect(self._on_died)
        self.dead: Exception | None = None  # why its process ended by itself
        self._tokens = itertools.count()
        self._jobs: dict[int, Callable | None] = {}
        self._resume = False  # a job paused a running training: start it again after
        self.thread.start()
        self.worker.post(build)

    @property
    def trainer(self):
        """The Trainable once built, in a thread run (tests read it; the window talks
        through commands). None in a process run."""
        return self.trainable

    def _on_built(self, info, extra, first) -> None:
        self.trainable = self.worker.trainable
        self.info, self.first = info, first
        self.ready.emit(extra)

    def _on_died(self, error) -> None:
        """Its process ended by itself: every job waiting is answered with why, nothing more
        is sent, and the window is told (failed, then stopped)."""
        self.dead = error
        self._resume = False
        waiting, self._jobs = self._jobs, {}
        for done in waiting.values():
            if done is not None:
                done(None, error)
        self.failed.emit(error)
        if self.running:
            self._training = self._stepping = False
            self.stopped.emit()

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
        if not self.running and not self.worker.quitting.is_set() and self.dead is None:
            self._training = True
            # Cleared here, not on the worker: a pause right after this start (Space twice)
            # must not be undone by the worker picking the command up later.
            self.worker.stop_event.clear()
            self.worker.post(Train(steps))

    def pause(self) -> None:
        self.worker.stop_event.set()

    def step(self) -> None:
        if not self.running and self.dead is None:
            self._stepping = True
            self.worker.post(Step())

    def refresh(self) -> None:
        """While paused: apply the pending live settings, probe, and send a snapshot."""
        if not self.running and self.dead is None:
            self.worker.post(Refresh())

    def set(self, name: str, *args) -> None:
        """A live setter of the run (core.host.SETTERS) at once, even while it trains; a
        refused value comes back by set_failed."""
        self.worker.post(Set(name, args))

    def submit(self, fn: Callable[[Trainable], object],
               done: Callable[[object, Exception | None], None] | None = None) -> None:  # fmt: skip
        """fn(trainable) on the worker (a module-level function of the core, or a partial of
        one: a process run is sent it pickled); then done(result, exception or None) on this
        thread. A running training pauses for it and goes on afterwards. Never blocks."""
        if self.dead is not None:
            if done is not None:
                done(None, self.dead)
            return
        if self._training and not self._resume:
            self._resume = True
            self.pause()
        token = next(self._tokens)
        self._jobs[token] = done
        self.worker.post(Job(token, fn))

    def _on_job_done(self, token: int, result, error) -> None:
        done = self._jobs.pop(token, None)
        if not self._jobs and self._resume:
            self._resume = False
            if not self.worker.quitting.is_set():
                self._training = False
                self.start()
        if done is not None:
            done(result, error)

    def call(self, fn: Callable[[], object], timeout: float = 60.0):
        """fn() on the worker thread of a thread run, waiting for its result: for tests only
        (the window never waits for the worker; it submits and gets the answer by signal)."""
        self.pause()
        reply: queue.SimpleQueue = queue.SimpleQueue()

        def job(_):
            try:
                reply.put((fn(), None))
            except Exception as e:
                reply.put((None, e))

        self.worker.post(Job(-1, job), checked=False)
        result, error = reply.get(timeout=timeout)
        if error is not None:
            raise error
        return result

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop training and end the worker; True if it ended in time. Closing the window
        waits here once, for at most the step in progress."""
        self.worker.quitting.set()
        self.pause()
        self.worker.post(Quit())
        # Ask the thread to quit now: a queued worker.finished -> thread.quit could not run
        # while this (GUI) thread blocks in wait(). Qt keeps an exit requested before the
        # thread's event loop starts.
        self.thread.quit()
        self._training = self._stepping = False
        ended = self.worker.end(timeout_ms / 1000)
        return self.thread.wait(timeout_ms) and ended
