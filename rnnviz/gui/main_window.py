"""The rnnviz window: controls on the left, six live panels on the right, a status bar."""

from __future__ import annotations

import gc
import html
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import DataError, Table, guess_kind, read_table
from rnnviz.core.export import (
    CheckpointError,
    ExportError,
    apply_checkpoint,
    checkpoint_config,
    load_checkpoint,
    save_checkpoint,
)
from rnnviz.core.trainer import Snapshot, Trainer
from rnnviz.gui import settings
from rnnviz.gui.controls import ControlPanel
from rnnviz.gui.dialogs import ColumnDialog
from rnnviz.gui.export import FORMATS, export_all, export_panel
from rnnviz.gui.plots.base import Panel
from rnnviz.gui.plots.gradients import GlobalGradPanel, GradTimePanel
from rnnviz.gui.plots.heatmaps import GatesPanel, HiddenPanel
from rnnviz.gui.plots.loss import LossPanel
from rnnviz.gui.plots.predictions import PredictionsPanel
from rnnviz.gui.worker import Run

FRAME_MS = 33  # redraw at most ~30 times a second, from the newest snapshot only
# ...and spend at most this share of the GUI thread drawing: on 2 cores every millisecond the
# GUI paints is taken from torch's two threads (frame rate vs training speed, measured:
# 30 fps 56 steps/s, 10 fps 86, 1 fps 100).
DRAW_SHARE = 0.10
MAX_FRAME_MS = 500
USER_ERRORS = (ConfigError, DataError, ExportError)


class MainWindow(QMainWindow):
    training_stopped = Signal()  # on the GUI thread: the worker paused, finished or diverged

    def __init__(self, config: Config, scripted: bool = False) -> None:
        super().__init__()
        self.setWindowTitle("rnnviz — watch a recurrent network learn")
        self.resize(1366, 768)
        self.scripted = scripted  # errors go to stderr and exit 2 instead of dialogs
        self.exit_code = 0
        self.last_error: str | None = None
        self.config = config
        self.run: Run | None = None
        self._latest: Snapshot | None = None
        self._drawn: Snapshot | None = None
        self.frames_drawn = 0
        self._frozen = False
        self.frame_cost = 0.0  # GUI-thread CPU seconds of the last tick
        self._stale: list[Panel] = []  # probe panels still to redraw for the newest probe
        # Hooks a test (or a later feature) can replace.
        self.confirm: Callable[[str], bool] = self._ask
        self.choose_column: Callable[[Table], int | None] = self._choose_column

        devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
        self.controls = ControlPanel(devices)
        self.panels: list[Panel] = [
            PredictionsPanel(), LossPanel(), GlobalGradPanel(),
            HiddenPanel(), GatesPanel(), GradTimePanel(),
        ]  # fmt: skip
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fdecea; color:#8a1c1c; padding:4px 8px;")
        self.banner.hide()
        dashboard = QWidget()
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for i, panel in enumerate(self.panels):
            grid.addWidget(panel, i // 3, i % 3)
        for c in range(3):
            grid.setColumnStretch(c, 1)
        dash_layout = QVBoxLayout(dashboard)
        dash_layout.setContentsMargins(0, 0, 0, 0)
        dash_layout.addWidget(self.banner)
        dash_layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.controls.minimumWidth() + 16)
        scroll.setMaximumWidth(self.controls.maximumWidth() + 16)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(dashboard)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.stats = QLabel()
        self.statusBar().addPermanentWidget(self.stats)
        self._build_menus()
        self._connect_controls()
        self.setAcceptDrops(True)
        self.timer = QTimer(self, interval=FRAME_MS)
        self.timer.timeout.connect(self._on_frame)
        self.timer.start()
        geometry = settings.geometry()
        if geometry is not None and not scripted:
            self.restoreGeometry(geometry)

    # ---------------------------------------------------------------------------- set-up

    def _build_menus(self) -> None:
        def action(menu, text, slot, shortcut=None, tip=None):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        file = self.menuBar().addMenu("&File")
        action(file, "&Open CSV or text…", self._on_open, "Ctrl+O", "Train on your own data")
        action(file, "Use the built-in &sine", self._on_use_sine)
        file.addSeparator()
        action(file, "Open &checkpoint…", self._on_open_checkpoint, "Ctrl+Shift+O")
        action(file, "&Save checkpoint…", self._on_save_checkpoint, "Ctrl+S")
        file.addSeparator()
        action(
            file,
            "&Export all…",
            self._on_export_all,
            "Ctrl+E",
            "Every plot as PNG/SVG/CSV plus config, metrics, history, probe and checkpoint",
        )
        plots = file.addMenu("Export &plot")
        for panel in self.panels:
            action(plots, f"{panel.title}…", lambda _=False, p=panel: self._on_export_panel(p))
        file.addSeparator()
        action(file, "&Quit", self.close, "Ctrl+Q")
        run = self.menuBar().addMenu("&Run")
        self.start_action = action(run, "Start / pause", self.toggle_running, "Space")
        action(run, "Single step", self.step_once, "S")
        action(run, "Reset", self.reset_run, "Ctrl+R")
        help_menu = self.menuBar().addMenu("&Help")
        action(help_menu, "About the plots", self._on_help, "F1")

    def _connect_controls(self) -> None:
        c = self.controls
        c.start_button.clicked.connect(self.toggle_running)
        c.step_button.clicked.connect(self.step_once)
        c.reset_button.clicked.connect(self.reset_run)
        c.open_button.clicked.connect(self._on_open)
        c.sine_button.clicked.connect(self._on_use_sine)
        c.structure_changed.connect(self._on_structure_changed)
        c.lr_changed.connect(lambda v: self._live(lambda t: t.set_lr(v)))
        c.clip_changed.connect(lambda m, v: self._live(lambda t: t.set_clip(m, v)))
        c.temperature_changed.connect(lambda v: self._live(lambda t: t.set_temperature(v)))
        c.probe_every_changed.connect(lambda n: self._live(lambda t: t.set_probe_every(n)))

    # ------------------------------------------------------------------------------ runs

    def start_new_run(self, config: Config, prepare: Callable[[Trainer], None] | None = None):
        """Build a run for `config` (its trainer is made on the run's own thread); only if
        that works, replace the current run. A bad file or setting leaves the session as it
        was."""
        run = None
        try:
            run = Run(config)  # shuts its own thread down if the trainer cannot be built
            first = run.call(lambda: (prepare and prepare(run.trainer), run.trainer.snapshot())[1])
        except Exception as e:  # whatever it was, the new run must not outlive this
            if run is not None:
                run.shutdown()
            user = isinstance(e, (*USER_ERRORS, CheckpointError))
            self.report_error(str(e) if user else f"could not start: {type(e).__name__}: {e}")
            self._show_config()
            return False
        if self.run is not None:
            self.run.shutdown()
        self.config = config
        self.run = run
        run.worker.snapshot_ready.connect(self._on_snapshot_ready)
        run.worker.stopped.connect(self._on_stopped)
        run.worker.failed.connect(self.report_error)
        for panel in self.panels:
            panel.reset(run.info)
        self._show_config()
        self.banner.hide()
        self._latest, self._drawn = first, None
        self.draw_now()
        self.controls.set_running(False)
        return True

    def _show_config(self) -> None:
        info = self.run.info if self.run else None
        kind = info.kind if info else "series"
        where = "built-in noisy sine, sin(t) + N(0, 0.1²)"
        if self.config.data:
            where = f"{html.escape(info.name if info else self.config.data)} ({kind})"
            filled = getattr(self.run.trainer.data, "missing_filled", 0) if self.run else 0
            if filled:
                where += f"<br>{filled} missing values filled"
        self.controls.set_config(self.config, where, kind)

    def _live(self, change: Callable[[Trainer], None]) -> None:
        if self.run is None:
            return
        try:
            change(self.run.trainer)
        except ConfigError as e:
            self.report_error(str(e))

    def toggle_running(self) -> None:
        if self.run is None:  # still starting up
            return
        if self.run.running:
            self.run.pause()
        else:
            self.start_training()

    def start_training(self, steps: int | None = None) -> None:
        self.banner.hide()
        self.run.start(steps)
        self.controls.set_running(True)

    def step_once(self) -> None:
        if self.run is None:  # still starting up
            return
        if not self.run.running:
            self.run.step()

    def reset_run(self) -> None:
        if self.run is None:  # still starting up
            return
        self.start_new_run(self.controls.structure(self.config))

    def _on_structure_changed(self) -> None:
        if self.run is None:
            return
        try:
            new = self.controls.structure(self.config)
        except ConfigError as e:
            self.report_error(str(e))
            return
        if new == self.config:
            return
        if self._confirm_reset("This change needs new weights"):
            self.start_new_run(new)
        else:
            self._show_config()

    def _confirm_reset(self, why: str) -> bool:
        step = self.run.trainer.step_count if self.run else 0
        return (
            step == 0
            or self.scripted
            or self.confirm(
                f"{why}: training restarts from step 0 (step {step} is lost). Continue?"
            )
        )

    # ------------------------------------------------------------------- snapshots, frames

    def _on_snapshot_ready(self, snap: Snapshot) -> None:
        if self.run is not None and self.sender() is self.run.worker:
            self._latest = snap  # older, undrawn snapshots are simply dropped

    def _on_frame(self) -> None:
        """One tick: draw the history panels from the newest snapshot, and at most one of the
        panels that follow the probe (round-robin), so no tick paints all six. Then pace the
        next tick by the GUI thread's CPU time (not wall time, which includes GIL waits)."""
        snap = self._latest
        if snap is None:
            return
        start = time.thread_time()
        if snap is not self._drawn:
            if self._drawn is None or snap.probe is not self._drawn.probe:
                # Queue, keeping the order: resetting it would starve the last panel when
                # probes come faster than one tick per probe panel.
                self._stale += [p for p in self.panels
                                if p.follows == "probe" and p not in self._stale]  # fmt: skip
            self._drawn = snap
            for panel in self.panels:
                if panel.follows == "history":
                    self._paint(panel, snap)
            self._show_status(snap)
            self.frames_drawn += 1
        if self._stale:
            self._paint(self._stale.pop(0), snap)
        self.frame_cost = time.thread_time() - start
        interval = min(MAX_FRAME_MS, max(FRAME_MS, round(1000 * self.frame_cost / DRAW_SHARE)))
        self.timer.setInterval(interval)

    def draw_now(self) -> None:
        """Bring every panel up to the newest snapshot at once (before exports)."""
        self._on_frame()
        while self._stale:
            self._on_frame()

    @staticmethod
    def _paint(panel: Panel, snap: Snapshot) -> None:
        panel.draw(snap)
        panel.canvas.viewport().repaint()  # now, so the tick's whole cost is measured

    def _show_status(self, snap: Snapshot) -> None:
        def fmt(v):
            return f"{v:.4g}" if math.isfinite(v) else "–"

        state = "running" if self.run.running else "paused"
        self.stats.setText(
            f"step {snap.step}   loss {fmt(snap.train_loss)}   val {fmt(snap.val_loss)}   "
            f"{snap.steps_per_second:.0f} steps/s   lr {snap.lr:g}   {state}"
        )
        if snap.diverged:
            self.banner.setText(f"⚠ {snap.diverged}. Then press Start to resume.")
            self.banner.show()

    def _on_stopped(self) -> None:
        if self.run is not None and self.sender() is self.run.worker and not self.run.running:
            self.controls.set_running(False)
            if self._latest is not None:
                self._show_status(self._latest)
            self.training_stopped.emit()

    # ---------------------------------------------------------------------- files, errors

    def report_error(self, message: str) -> None:
        """One clear line: on stderr with exit status 2 in scripted mode, else a dialog."""
        self.last_error = message
        self.statusBar().showMessage(message, 10_000)
        if self.scripted:
            print(f"error: {message}", file=sys.stderr)
            self.exit_code = 2
            QApplication.instance().exit(2)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "rnnviz", message, parent=self)
        box.setObjectName("error_box")
        box.open()  # not exec(): the app keeps running (and tests can see and close it)

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, "rnnviz", question)
        return answer == QMessageBox.StandardButton.Yes

    def _choose_column(self, table: Table) -> int | None:
        dialog = ColumnDialog(table, self)
        return dialog.column_index() if dialog.exec() else None

    def open_path(self, path: str | Path, column: str | None = None, ask: bool = True) -> bool:
        """Open a CSV/TSV series (asking for the column unless ask=False: then `column` or the
        rightmost numeric one) or a text file."""
        path = Path(path)
        kind = guess_kind(path)
        if kind == "series" and column is None and ask:
            try:
                table = read_table(path)
                table.default_column()
            except DataError as e:
                self.report_error(str(e))
                return False
            j = self.choose_column(table)
            if j is None:
                return False
            name = table.columns[j]
            column = name if table.columns.count(name) == 1 else str(j)
        if not self._confirm_reset(f"Opening {path.name} resets training"):
            return False
        settings.remember_folder(path)
        config = self.controls.structure(self.config)
        return self.start_new_run(config.replace(data=str(path), kind=kind, column=column))

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a series (CSV/TSV) or a text", settings.last_folder(),
            "Data (*.csv *.tsv *.txt *.md);;All files (*)",
        )  # fmt: skip
        if path:
            self.open_path(path)

    def _on_use_sine(self) -> None:
        if self.config.data is not None and self._confirm_reset("Switching to the sine"):
            self.start_new_run(
                self.controls.structure(self.config).replace(data=None, kind=None, column=None)
            )

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(urls[0].toLocalFile()))

    # -------------------------------------------------------------------------- exports

    def export_all(self, folder: str | Path) -> bool:
        self.draw_now()
        try:
            written = export_all(self.run, self.panels, folder)
        except ExportError as e:
            self.report_error(str(e))
            return False
        self.statusBar().showMessage(f"exported {len(written)} files to {folder}", 10_000)
        return True

    def save_checkpoint(self, path: str | Path) -> bool:
        try:
            self.run.while_paused(lambda trainer: save_checkpoint(trainer, path))
        except ExportError as e:
            self.report_error(str(e))
            return False
        self.statusBar().showMessage(f"saved {path}", 10_000)
        return True

    def open_checkpoint(self, path: str | Path) -> bool:
        try:
            ckpt = load_checkpoint(path)
            config = checkpoint_config(ckpt, self.config)
        except CheckpointError as e:
            self.report_error(str(e))
            return False
        if not self._confirm_reset(f"Loading {Path(path).name} replaces the current weights"):
            return False
        return self.start_new_run(config, prepare=lambda t: apply_checkpoint(t, ckpt))

    def _on_export_all(self) -> None:
        if self.run is None:  # still starting up
            return
        folder = QFileDialog.getExistingDirectory(self, "Export all into", settings.last_folder())
        if folder:
            settings.remember_folder(folder)
            self.export_all(folder)

    def _on_export_panel(self, panel: Panel) -> None:
        start = str(Path(settings.last_folder()) / f"{panel.slug}.png")
        filters = ";;".join(f"{s[1:].upper()} (*{s})" for s in FORMATS)
        path, _ = QFileDialog.getSaveFileName(self, f"Export {panel.title}", start, filters)
        if path:
            try:
                export_panel(panel, path)
            except ExportError as e:
                self.report_error(str(e))

    def _on_save_checkpoint(self) -> None:
        if self.run is None:  # still starting up
            return
        start = str(Path(settings.last_folder()) / "checkpoint.pt")
        path, _ = QFileDialog.getSaveFileName(self, "Save checkpoint", start, "PyTorch (*.pt)")
        if path:
            self.save_checkpoint(path)

    def _on_open_checkpoint(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open checkpoint", settings.last_folder(), "PyTorch (*.pt);;All files (*)"
        )
        if path:
            self.open_checkpoint(path)

    def _on_help(self) -> None:
        text = "".join(f"<p><b>{p.title}</b>: {html.escape(p.help)}</p>" for p in self.panels)
        keys = ("<p><b>Keys</b>: Space start/pause, S single step, Ctrl+R reset, Ctrl+O open, "
                "Ctrl+E export all, Ctrl+S save checkpoint, F1 this help. Hover a plot to read "
                "exact values; right-click a plot to export it.</p>")  # fmt: skip
        QMessageBox.information(self, "About the plots", text + keys)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._frozen:
            # Move the objects of torch, Qt and pyqtgraph out of the collector's sight: a
            # full collection over them stalled the GUI thread for 120-140 ms (measured).
            self._frozen = True
            gc.collect()
            gc.freeze()

    # --------------------------------------------------------------------------- closing

    def shutdown(self) -> None:
        """Stop the worker and wait for its thread; safe to call twice."""
        self.timer.stop()
        if self.run is not None:
            self.run.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        if not self.scripted:
            settings.save_geometry(self.saveGeometry())
        super().closeEvent(event)
