"""A dashboard: panels in a grid, drawn from the newest snapshot on a paced frame timer.

The window (or a view) hands it every snapshot with `show_snapshot`; older undrawn ones are
simply dropped. Several dashboards can exist (one per variant of a comparison, one per view);
only a visible one paints. `pin(snapshot)` holds it on an older snapshot (replay) until
`pin(None)` returns it to live.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QGridLayout, QWidget

from rnnviz.core.host import worker_mode
from rnnviz.core.snapshot import RunInfo, Snapshot
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import Panel

# A tick at most every 25 ms: the curves redraw at each new snapshot (40 a second at most)
# and the probe panels take turns in every tick. At 33 ms a timer's jitter held the curves to
# 24-26 paints a second (rnnviz bench, default LSTM, a run in its own process: 30-32 at 25 ms).
FRAME_MS = 25
# ...and spend at most this share of the GUI thread drawing, judged by the recent ticks'
# average cost. A run on a thread of this process shares one GIL with the drawing: on 2 cores
# every millisecond the GUI paints is then taken from training (frame rate vs training speed,
# measured: 30 fps 56 steps/s, 10 fps 86, 1 fps 100). A run in its own process trains on the
# other core, so the window may draw for most of its time (rnnviz bench, default LSTM, idle:
# at 0.2 curves 17 and probe panels 8 paints a second, at 0.6 34-36 and 15-18).
DRAW_SHARE = 0.6 if worker_mode() == "process" else 0.2
MAX_FRAME_MS = 500
# A tick draws the probe panels waiting for the newest probe while it has cost less than this
# (at least one): all of them at a small size, round-robin at a large one.
TICK_BUDGET_S = 0.008
COST_WEIGHT = 0.2  # weight of the newest tick in the average cost that paces the ticks


class Dashboard(QWidget):
    """Panels in a grid of `columns`; any panel can be enlarged to fill it and restored."""

    title = "Dashboard"

    def __init__(self, panels: list[Panel], columns: int = 3, parent=None,
                 places: list[tuple[int, int, int, int]] | None = None) -> None:  # fmt: skip
        """`places`: (row, column, row span, column span) per panel; default one cell each,
        `columns` to a row."""
        super().__init__(parent)
        self.title = translate("View", self.title)  # marked where each view defines it
        self.panels = panels
        self.columns = columns
        self.places = places or [(i // columns, i % columns, 1, 1) for i in range(len(panels))]
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        for panel, place in zip(panels, self.places, strict=True):
            self.grid.addWidget(panel, *place)
            panel.enlarge_requested.connect(lambda p=panel: self.toggle_enlarged(p))
        for c in range(columns):
            self.grid.setColumnStretch(c, 1)
        for r in range(max(row + span for row, _, span, _ in self.places)):
            self.grid.setRowStretch(r, 1)
        self.enlarged: Panel | None = None
        self.absent: set[Panel] = set()  # panels with nothing to show for this run: hidden
        self.info: RunInfo | None = None
        self._latest: Snapshot | None = None
        self._pinned: Snapshot | None = None
        self._drawn: Snapshot | None = None
        self._stale: list[Panel] = []  # probe panels still to redraw for the newest probe
        self.frames_drawn = 0
        self.frame_cost = 0.0  # GUI-thread CPU seconds of the last tick
        self.tick_cost = 0.0  # their moving average, which paces the ticks
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_frame)
        self.timer.start()

    # ------------------------------------------------------------------------- the entry

    def reset(self, info: RunInfo) -> None:
        """A new run: every panel forgets the last one."""
        self.info = info
        self._latest = self._pinned = self._drawn = None
        self._stale = []
        for panel in self.panels:
            presenting = panel.present(False)  # the new run's items get the style too
            panel.reset(info)
            panel.present(presenting)

    def show_snapshot(self, snap: Snapshot) -> None:
        """The newest snapshot; drawn at the next frame (named so: QWidget.show exists)."""
        self._latest = snap

    def pin(self, snap: Snapshot | None) -> None:
        """Hold the panels on `snap` (replay), or None: follow the newest again."""
        # The queue of probe panels still to draw is kept: the window pins again with every
        # new snapshot (fresh history, same stored probe), and clearing it then would leave
        # the panels not yet drawn on the old probe for good.
        self._pinned = snap

    @property
    def current(self) -> Snapshot | None:
        return self._pinned if self._pinned is not None else self._latest

    @property
    def drawn(self) -> Snapshot | None:
        return self._drawn

    def draw_now(self) -> None:
        """Bring every panel up to the current snapshot at once (before exports), laid out:
        the layout requests a draw posts (a new label's size) are served here, not later."""
        self._on_frame(force=True)
        while self._stale:
            self._on_frame(force=True)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def draw_pieces(self) -> list:
        """draw_now as pieces, a panel each (for exports that must not hold the window)."""
        return [lambda p=panel: self._paint_current(p) for panel in self.panels]

    def _paint_current(self, panel: Panel) -> None:
        if self.current is not None:
            self._paint(panel, self.current)

    # ------------------------------------------------------------------------ the frames

    def _on_frame(self, force: bool = False) -> None:
        """One tick: draw the history panels from the current snapshot, then the panels that
        follow the probe and wait for a newer one (round-robin) while the tick stays within
        TICK_BUDGET_S. Then pace the next tick by the GUI thread's CPU time (not wall time,
        which includes GIL waits). A hidden dashboard does not paint."""
        snap = self.current
        if snap is None or not (force or self.isVisible()):
            return
        start = time.thread_time()
        if snap is not self._drawn:
            if self._drawn is None or self.new_probe(snap, self._drawn):
                # Queue, keeping the order: resetting it would starve the last panel when
                # probes come faster than one tick per probe panel.
                self._stale += [p for p in self.panels
                                if p.follows == "probe" and p not in self._stale]  # fmt: skip
            self._drawn = snap
            for panel in self.panels:
                if panel.follows == "history":
                    self._paint(panel, snap)
            self.frames_drawn += 1
        while self._stale:
            self._paint(self._stale.pop(0), snap)
            if time.thread_time() - start >= TICK_BUDGET_S:
                break
        self.frame_cost = time.thread_time() - start
        self.tick_cost += COST_WEIGHT * (self.frame_cost - self.tick_cost)
        interval = min(MAX_FRAME_MS, max(FRAME_MS, round(1000 * self.tick_cost / DRAW_SHARE)))
        # setInterval restarts a running timer: set at every tick, it added the tick's own
        # time to every interval (33 ms became 46: 21 frames a second, not 30).
        if interval != self.timer.interval():
            self.timer.setInterval(interval)

    @staticmethod
    def new_probe(snap, drawn) -> bool:
        """Whether `snap` carries a probe the probe panels have not drawn yet."""
        return snap.probe is not drawn.probe

    @staticmethod
    def _paint(panel: Panel, snap: Snapshot) -> None:
        panel.draw(snap)
        if panel.isVisible():
            # Paint now, so the tick's whole cost is measured. The scene posts its item
            # changes to itself (a queued call) and paints them when that is delivered:
            # delivering it here paints the panel once. A repaint() here painted it twice,
            # once now and once more when the queued call came (measured: 42 paints a second
            # for 21 draws).
            QCoreApplication.sendPostedEvents(panel.canvas.scene(), QEvent.Type.MetaCall)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._drawn = None  # shown again: bring every panel up to date

    # -------------------------------------------------------------------------- enlarge

    def place(self, panel: Panel, row: int, col: int, rows: int = 1, cols: int = 1) -> None:
        """Put `panel` at a cell of the grid (spanning `rows` x `cols`)."""
        self.places[self.panels.index(panel)] = (row, col, rows, cols)
        self.grid.addWidget(panel, row, col, rows, cols)

    def toggle_enlarged(self, panel: Panel) -> None:
        """Fill the dashboard with `panel` (for a projector), or restore the grid."""
        self.enlarged = None if self.enlarged is panel else panel
        for p in self.panels:
            p.setVisible(p is self.enlarged or (self.enlarged is None and p not in self.absent))
        if self.enlarged is not None:
            self.grid.addWidget(panel, 0, 0, -1, -1)  # span the whole grid
        else:
            self.grid.addWidget(panel, *self.places[self.panels.index(panel)])
        panel.enlarge_button.setText("⤡" if self.enlarged is panel else "⤢")
        self._drawn = None
