"""How long the window's actions hold the GUI thread, measured from outside their code.

A 5 ms timer on the GUI thread notes how late each tick comes: a late tick is a stall, time
in which the window could not repaint or answer a click. Both the wall-clock lateness (what a
user feels; it grows when the machine is busy) and the GUI thread's own CPU time between two
ticks (the work the window itself did in one piece; a busy machine does not change it) are
kept. The test asserts on the second, `rnnviz bench` reports both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

TICK_MS = 5


@dataclass
class Stall:
    wall_ms: float = 0.0  # the latest tick's lateness, wall clock
    cpu_ms: float = 0.0  # the GUI thread's CPU time in the longest gap between two ticks


class StallClock(QObject):
    """A TICK_MS timer on the GUI thread; `longest` is the worst stall since reset()."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.longest = Stall()
        self._last: tuple[float, float] | None = None

    def start(self) -> None:
        self.reset()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def reset(self) -> None:
        self.longest = Stall()
        self._last = None

    def _tick(self) -> None:
        now = (time.perf_counter(), time.thread_time())
        if self._last is not None:
            wall = 1000 * (now[0] - self._last[0]) - TICK_MS
            cpu = 1000 * (now[1] - self._last[1])
            self.longest.wall_ms = max(self.longest.wall_ms, wall)
            self.longest.cpu_ms = max(self.longest.cpu_ms, cpu)
        self._last = now


def window_actions(window, folder: Path) -> list[tuple[str, Callable[[Callable], object]]]:
    """The window's slow actions, each as (name, start(done)): done() is called when the
    action has finished. The solo run must have trained a few steps (a text run gets the odds
    action too)."""
    folder = Path(folder)
    hidden = window.training.hidden
    actions = [
        ("build a run", lambda done: window.start_new_run(window.solo.config, then=done)),
        ("save a checkpoint", lambda done: window.save_checkpoint(folder / "c.pt", done)),
        ("open a checkpoint", lambda done: window.open_checkpoint(folder / "c.pt", done)),
        ("attribution on a click", lambda done: _retarget(window, hidden, done)),
        ("export all", lambda done: _export_all(window, folder / "export", done)),
        ("animation", lambda done: window.export_animation(folder / "a.gif", done=done)),
        ("lab report", lambda done: window.lab_report(folder / "report.html", done)),
    ]
    if window.solo.info is not None and window.solo.info.kind == "text":
        actions.append(("odds on hover", lambda done: _odds(window, done)))
    return actions


def _retarget(window, hidden, done) -> None:
    window.draw_now()  # the panel shows the current run's probe (a click needs one drawn)
    window.retarget(hidden, 1)
    _when(lambda: hidden.saliency()[1] == 1, done)


def _export_all(window, folder: Path, done) -> None:
    def finished(_written) -> None:
        window.exported.disconnect(finished)
        done()

    window.exported.connect(finished)
    window.export_all(folder)


def _odds(window, done) -> None:
    window.forget_odds()
    text = window.training.predictions.text.toPlainText() or "ab"
    odds = window.training.predictions.odds
    odds.clear_odds()
    window.show_odds(text, 0)
    _when(lambda: odds.odds is not None, done)


def _when(condition: Callable[[], bool], then: Callable[[], None]) -> None:
    """then() once condition() holds (checked every 10 ms on the GUI thread)."""
    if condition():
        then()
        return
    QTimer.singleShot(10, lambda: _when(condition, then))


def measure(actions, clock: StallClock, finished: Callable[[dict[str, Stall]], None]) -> None:
    """Run `actions` one after another, each measured by `clock` from its start to its
    done(); then finished({name: longest stall})."""
    results: dict[str, Stall] = {}
    pending = list(actions)
    clock.start()

    def next_action() -> None:
        if not pending:
            clock.stop()
            finished(results)
            return
        name, start = pending.pop(0)
        clock.reset()

        def done(*_) -> None:
            results[name] = clock.longest
            QTimer.singleShot(50, next_action)  # let the last frames settle

        start(done)

    QTimer.singleShot(0, next_action)
