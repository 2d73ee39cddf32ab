"""Work that is not torch's (reading a file, encoding a picture, writing a report) on a
thread of Qt's pool, so the GUI thread never waits for it; the answer comes back by signal.

torch work belongs to a run's own worker thread instead (see worker.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from rnnviz.core.table import DataError


class Cancelled(DataError):
    """The user cancelled the task (a one-line message says which)."""


class _Signals(QObject):
    done = Signal(object, object)  # (result, exception or None)
    progress = Signal(float)


class Task(QRunnable):
    """fn(progress) on a pool thread; progress(fraction) may be called from fn and raises
    Cancelled once cancel() was called. `signals.done` carries the answer to the GUI thread."""

    def __init__(self, fn: Callable[[Callable[[float], None]], object],
                 cancelled: str = "cancelled") -> None:  # fmt: skip
        super().__init__()
        self.setAutoDelete(False)  # the Python object keeps it (and its signals) alive
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        self._cancelled = cancelled

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise Cancelled(self._cancelled)
        self.signals.progress.emit(float(fraction))

    def run(self) -> None:
        try:
            result, error = self.fn(self.progress), None
        except Exception as e:  # handed to the caller
            result, error = None, e
        self.signals.done.emit(result, error)


_running: set[Task] = set()  # tasks in flight, kept alive until they answer


def background(fn: Callable[[Callable[[float], None]], object],
               done: Callable[[object, Exception | None], None],
               cancelled: str = "cancelled") -> Task:  # fmt: skip
    """Start fn(progress) on Qt's thread pool; done(result, error) on the GUI thread."""
    task = Task(fn, cancelled)
    _running.add(task)

    def answer(result, error) -> None:
        _running.discard(task)
        done(result, error)

    task.signals.done.connect(answer)
    QThreadPool.globalInstance().start(task)
    return task


def wait_all(timeout_ms: int = 10_000) -> bool:
    """Wait for the pool's tasks (closing the window, a test's end)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
