"""Where a window's run lives: the commands a window sends its run, and the loop that carries
them out, on a thread of the window's process or in a process of its own (`serve`).

In a process of its own the trainer's Python holds a GIL of its own, so on two cores the
window's drawing no longer takes turns with the training step. Everything that crosses is
pickled: the commands (a build's factory, a job's function) are module-level functions or
partials of them from the core, never a window's closure, and the reports are snapshots,
RunInfos and job results. No Qt here: a run's process never imports it.
"""

from __future__ import annotations

import copyreg
import io
import itertools
import os
import pickle
import queue
import signal
import threading
import types
from collections.abc import Callable
from dataclasses import dataclass

from rnnviz.core.probelog import ProbeLogView, Rows
from rnnviz.core.snapshot import ProbeResult
from rnnviz.core.trainable import Trainable

MODE_ENV = "RNNVIZ_WORKER"  # "process" (the default) or "thread"


def worker_mode() -> str:
    """Where a window's runs live: "process" (each in its own) or "thread" (RNNVIZ_WORKER=
    thread: a thread of the window's process, which the tests read)."""
    return "thread" if os.environ.get(MODE_ENV) == "thread" else "process"


def _mapping(d: dict) -> types.MappingProxyType:
    return types.MappingProxyType(d)


# Snapshots hold read-only mappings (a probe's gates, the probe log's tracks): they cross a
# process boundary as the dict they wrap.
copyreg.pickle(types.MappingProxyType, lambda m: (_mapping, (dict(m),)))


# ------------------------------------------------------------------------- the commands


@dataclass(frozen=True)
class Build:
    """Make the Trainable (factory()), then `prepare(trainable)` (its result is handed on
    with the built run: a preset's callouts, say) and `describe(trainable)` (what the window
    knows of the run: a RunInfo)."""

    factory: Callable[[], Trainable]
    prepare: Callable[[Trainable], object] | None = None
    describe: Callable[[Trainable], object] | None = None


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
    """fn(trainable) between steps; its result or exception comes back as job_done."""

    token: int
    fn: Callable[[Trainable], object]


@dataclass(frozen=True)
class Set:
    """trainable.<name>(*args) at once, even while it trains: a thread-safe live setter
    (set_live, set_smoothing, set_prediction_span, set_forget_bias) that leaves a value for
    the next step. An error comes back as set_failed."""

    name: str
    args: tuple = ()


@dataclass(frozen=True)
class Pause:
    """Stop training after the step in progress (a run's own process: its listener sets its
    stop at once; a Train clears it, in the order they were sent)."""


@dataclass(frozen=True)
class Quit:
    pass


def send_command(conn, command) -> None:
    """A command to a run's process, pickled plainly (multiprocessing's own pickler would
    move a checkpoint's tensors through /dev/shm, which a container may keep small)."""
    conn.send_bytes(pickle.dumps(command, protocol=pickle.HIGHEST_PROTOCOL))


def run_context():
    """The multiprocessing context a window's runs start in: forkserver (torch, rnnviz and
    torch._dynamo, which a run's first optimizer imports, preloaded once: a run then starts in
    ~0.15 s, not 1.3-1.7), else spawn (Windows)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if ctx.get_start_method() == "forkserver":
        from rnnviz.core.jobs import RUN_MODULES

        ctx.set_forkserver_preload([*RUN_MODULES, "torch._dynamo"])
    return ctx


SETTERS = frozenset({"set_live", "set_smoothing", "set_prediction_span", "set_forget_bias"})


class Either:
    """Set when any of its events is set: what Trainable.run polls to stop."""

    def __init__(self, *events) -> None:
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


class Host:
    """Carries out one run's commands and reports by emit(kind, *payload):

    built(info, extra, first snapshot), build_failed(error), snapshot(snap),
    stopped("train" | "step"), failed(error), job_done(token, result, error),
    set_failed(error).
    """

    def __init__(self, emit: Callable, stop) -> None:
        self.emit = emit
        self.stop = stop
        self.trainable: Trainable | None = None

    def do(self, command) -> None:
        if isinstance(command, Build):
            try:
                trainable = command.factory()
                extra = command.prepare(trainable) if command.prepare else None
                first = trainable.snapshot()  # the first probe, here and not in the window
                info = command.describe(trainable) if command.describe else None
            except Exception as e:  # a bad file or setting: the caller keeps its old run
                self.emit("build_failed", e)
                return
            self.trainable = trainable
            self.emit("built", info, extra, first)
        elif isinstance(command, Job):
            try:
                result, error = command.fn(self.trainable), None
            except Exception as e:  # handed to the caller's callback
                result, error = None, e
            self.emit("job_done", command.token, result, error)
        elif isinstance(command, Set):
            self.set(command)
        else:
            try:
                if isinstance(command, Train):
                    emit = self.emit
                    self.trainable.run(command.steps, self.stop,
                                       lambda s: emit("snapshot", s), FRAME_S)  # fmt: skip
                elif isinstance(command, Step):
                    self.emit("snapshot", self.trainable.step_once())
                elif isinstance(command, Refresh):
                    self.emit("snapshot", self.trainable.refresh())
            except Exception as e:  # must not end the app silently
                self.emit("failed", e)
            finally:
                if isinstance(command, (Train, Step)):
                    self.emit("stopped", "train" if isinstance(command, Train) else "step")

    def serve(self, inbox: queue.SimpleQueue, quitting) -> None:
        """Carry out the queued commands until a Quit or `quitting`."""
        while True:
            command = inbox.get()
            if isinstance(command, Quit) or quitting.is_set():
                return
            self.do(command)

    def set(self, command: Set) -> None:
        if command.name not in SETTERS or self.trainable is None:
            return
        try:
            getattr(self.trainable, command.name)(*command.args)
        except Exception as e:
            self.emit("set_failed", e)


FRAME_S = 1 / 40  # snapshots at most this often (the window's curves: 30 a second wanted)


# ------------------------------------------------------------------ a run's own process


def portable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling both ways, else a RuntimeError that says the
    same."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


# Immutable parts of a snapshot that stay the same from one snapshot to the next: a probe,
# and the probe log's view (cached until the next probe).
SHARED = (ProbeResult, ProbeLogView)


def _held(obj) -> tuple:
    """The shared objects a shared object holds: a log view's kept probes. A view that goes by
    its number keeps them in use on both ends (or the next view would send them all again)."""
    return obj.probes if isinstance(obj, ProbeLogView) else ()


class _Pickler(pickle.Pickler):
    """Sends a shared object the other end already has as its number, and a log view as the
    rows of its log the other end lacks (see Channel)."""

    def __init__(self, file, channel: Channel) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.channel = channel
        self.used: set[int] = set()
        self._new = None

    def persistent_id(self, obj):
        if type(obj) not in SHARED or obj is self._new:
            return None
        ch = self.channel
        known = ch.sent.get(id(obj))
        if known is not None:
            self.used.add(known[0])
            for held in _held(obj):
                self.used.add(ch.sent[id(held)][0])
            if isinstance(obj, ProbeLogView) and id(obj.source) in ch.logs:
                self.used.add(ch.logs[id(obj.source)][0])
            return ("old", known[0])
        key = next(ch.keys)
        ch.sent[id(obj)] = (key, obj)  # the object held: its id is not reused
        self.used.add(key)
        if isinstance(obj, ProbeLogView):
            return self._view(key, obj)
        self._new = obj  # pickled whole inside its own ("new", key, obj)
        return ("new", key, obj)

    def _view(self, key: int, v: ProbeLogView) -> tuple:
        """("view", key, log, start, steps, tracks, probes): rows start.. of the other end's
        copy of log `log` (rows below start it has: a view's rows never change), and the view
        is its first start + len(steps) rows."""
        ch, n = self.channel, len(v.steps)
        log, have, _ = ch.logs.get(id(v.source), (None, 0, None))
        if log is None:
            log = next(ch.keys)
        start = min(have, n)
        if v.source is not None:
            ch.logs[id(v.source)] = (log, max(have, n), v.source)  # held: its id is not reused
        self.used.add(log)
        tracks = {name: a[start:] for name, a in v.tracks.items()}
        return ("view", key, log, start, v.steps[start:], tracks, v.probes)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, channel: Channel) -> None:
        super().__init__(file)
        self.channel = channel
        self.used: set[int] = set()

    def persistent_load(self, pid):
        ch, key = self.channel, pid[1]
        self.used.add(key)
        if pid[0] == "old":
            obj = ch.got[key]
            for held in _held(obj):
                self.used.add(ch.key_of[id(held)])
            if isinstance(obj, ProbeLogView):
                self.used.add(ch.log_of[key])
            return obj
        if pid[0] == "new":
            obj = pid[2]
        else:
            _, _, log, start, steps, tracks, probes = pid
            rows = ch.rows.setdefault(log, Rows())
            if len(steps):
                if rows.n != start:
                    raise ValueError(f"log {log}: rows from {start} sent, {rows.n} here")
                rows.append(steps, tracks)
            obj = rows.view(start + len(steps), probes)
            ch.log_of[key] = log
            self.used.add(log)
        ch.got[key] = obj
        ch.key_of[id(obj)] = key
        return obj


class Channel:
    """One end of a run's pipe for its reports. A snapshot holds every kept probe (the
    animation's frames: 234 of them, 4.8 MB, 2,000 steps into a default run) and the probe
    log's tracks (every probe's numbers: they grow with the run), and a window gets 40
    snapshots a second: each probe and each view of the log (immutable) crosses once, then goes
    by its number, and a new view of a log crosses as the rows the other end lacks (the
    receiver appends them to its own copy of the log). Both ends forget what a snapshot no
    longer holds."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.keys = itertools.count()
        self.sent: dict[int, tuple[int, object]] = {}  # sender: id -> (key, object)
        self.logs: dict[int, tuple[int, int, Rows]] = {}  # sender: id(rows) -> (log, sent, rows)
        self.got: dict[int, object] = {}  # receiver: key -> object
        self.key_of: dict[int, int] = {}  # receiver: id -> key
        self.rows: dict[int, Rows] = {}  # receiver: log -> its rows so far
        self.log_of: dict[int, int] = {}  # receiver: a view's key -> its log

    def send(self, message: tuple) -> None:
        buffer, before = io.BytesIO(), (dict(self.sent), dict(self.logs))
        pickler = _Pickler(buffer, self)
        try:
            pickler.dump(message)
        except Exception:  # not sent: the other end has none of its new probes or rows
            self.sent, self.logs = before
            raise
        self.conn.send_bytes(buffer.getbuffer())
        if message[0] == "snapshot":
            used = pickler.used
            self.sent = {i: v for i, v in self.sent.items() if v[0] in used}
            self.logs = {i: v for i, v in self.logs.items() if v[0] in used}

    def recv(self) -> tuple:
        unpickler = _Unpickler(io.BytesIO(self.conn.recv_bytes()), self)
        message = unpickler.load()
        if message[0] == "snapshot":
            used = unpickler.used
            self.got = {k: v for k, v in self.got.items() if k in used}
            self.key_of = {id(v): k for k, v in self.got.items()}
            self.rows = {k: v for k, v in self.rows.items() if k in used}
            self.log_of = {k: v for k, v in self.log_of.items() if k in self.got}
        return message


def serve(conn) -> None:
    """A run's process: commands from `conn` until Quit or the window's end; reports to
    `conn`. A listener thread applies live setters, Pause and Quit at once (the loop is busy
    while it trains) and queues the rest. Its stop and quit are its own (nothing is shared
    with the window but the pipe: a lock shared with a process that is killed while it holds
    it would hang the window)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the terminal: the window decides
    stop, quitting = threading.Event(), threading.Event()
    lock = threading.Lock()
    reports = Channel(conn)

    def send(kind: str, *payload) -> None:
        # An error that pickles may still fail to load (an __init__ with other arguments
        # than its args): every error crosses as one that loads.
        payload = tuple(portable(p) if isinstance(p, BaseException) else p for p in payload)
        with lock:
            try:
                reports.send((kind, *payload))
                return
            except OSError:  # the window is gone (a broken pipe)
                quitting.set()
                return
            except Exception as e:  # a result that cannot be pickled: say so instead
                why = RuntimeError(f"cannot send {kind}: {type(e).__name__}: {e}")
            if kind == "job_done":
                payload = (payload[0], None, why if payload[2] is None else payload[2])
            elif kind not in ("build_failed", "failed", "set_failed"):
                kind, payload = ("build_failed" if kind == "built" else "failed"), (why,)
            try:
                reports.send((kind, *payload))
            except Exception:
                quitting.set()

    host = Host(send, Either(stop, quitting))
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def listen() -> None:
        while True:
            try:
                command = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError):  # the window ended
                command = Quit()
            if isinstance(command, Set):
                host.set(command)
                continue
            if isinstance(command, Pause):
                stop.set()
                continue
            if isinstance(command, Quit):
                quitting.set()
            elif isinstance(command, Train):
                stop.clear()
            inbox.put(command)
            if isinstance(command, Quit):
                return

    threading.Thread(target=listen, name="rnnviz-listen", daemon=True).start()
    host.serve(inbox, quitting)
    conn.close()
