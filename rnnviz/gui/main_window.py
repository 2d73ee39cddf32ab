"""The rnnviz window: controls on the left, views (tabs of live panels) on the right, a
status bar. Wiring only: the panels live in dashboards (rnnviz.gui.dashboard), what they show
is computed in core, and run state is read from Snapshots and RunInfo, never the trainer."""

from __future__ import annotations

import gc
import html
import math
import sys
from collections.abc import Callable
from pathlib import Path

import torch
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import DataError, Table, guess_kind, preflight, read_table
from rnnviz.core.export import (
    CheckpointError,
    ExportError,
    apply_checkpoint,
    checkpoint_config,
    load_checkpoint,
    save_checkpoint,
)
from rnnviz.core.trainer import RunInfo, Snapshot, Trainer
from rnnviz.gui import settings
from rnnviz.gui.controls import ControlPanel
from rnnviz.gui.dialogs import ColumnDialog
from rnnviz.gui.export import FORMATS, export_all, export_panel
from rnnviz.gui.fonts import missing_glyphs_message
from rnnviz.gui.plots.base import Panel
from rnnviz.gui.views.training import TrainingView
from rnnviz.gui.worker import Run

USER_ERRORS = (ConfigError, DataError, ExportError)
# Keys that act on training whatever control has focus (a spin box would eat them).
RUN_KEYS = {Qt.Key.Key_Space: "toggle_running", Qt.Key.Key_S: "step_once"}
CONTROL_TYPES = (QAbstractSpinBox, QComboBox, QSlider, QAbstractButton, QTabWidget)


class MainWindow(QMainWindow):
    training_stopped = Signal()  # on the GUI thread: the worker paused, finished or diverged

    def __init__(self, config: Config, scripted: bool = False) -> None:
        super().__init__()
        self.setWindowTitle("rnnviz — watch a recurrent network learn")
        self.resize(1366, 768)
        self.scripted = scripted  # errors go to stderr and exit 2 instead of dialogs
        self.exit_code = 0
        self.last_error: str | None = None
        self.last_warning: str | None = None
        self.config = config
        self.run: Run | None = None
        self.info: RunInfo | None = None
        self._latest: Snapshot | None = None
        self._frozen = False
        # Hooks a test (or a later feature) can replace.
        self.confirm: Callable[[str], bool] = self._ask
        self.choose_column: Callable[[Table], int | None] = self._choose_column

        devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
        self.controls = ControlPanel(devices)
        self.training = TrainingView()
        self.views: list[QWidget] = [self.training]
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for view in self.views:
            self.tabs.addTab(view, view.title)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fdecea; color:#8a1c1c; padding:4px 8px;")
        self.banner.hide()
        self.font_note = QLabel()
        self.font_note.setObjectName("font_note")
        self.font_note.setStyleSheet("background:#fff4e5; color:#6b4400; padding:2px 8px;")
        self.font_note.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(2)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.font_note)
        right_layout.addWidget(self.tabs, 1)
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.controls.minimumWidth() + 16)
        scroll.setMaximumWidth(self.controls.maximumWidth() + 16)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.stats = QLabel()
        self.stats.setObjectName("stats")
        self.statusBar().setSizeGripEnabled(False)  # the grip clipped the status text
        self.statusBar().addPermanentWidget(self.stats)
        self.status_timer = QTimer(self, interval=250, singleShot=True)
        self.status_timer.timeout.connect(
            lambda: self._latest is not None and self._show_status(self._latest)
        )
        self._build_menus()
        self._connect_controls()
        self.setAcceptDrops(True)
        QApplication.instance().installEventFilter(self)
        geometry = settings.geometry()
        if geometry is not None and not scripted:
            self.restoreGeometry(geometry)

    @property
    def panels(self) -> list[Panel]:
        """Every panel of every view."""
        return [p for view in self.views for p in view.panels]

    @property
    def frames_drawn(self) -> int:
        return sum(v.frames_drawn for v in self.views)

    @property
    def _drawn(self) -> Snapshot | None:
        return self.training.drawn

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
        view_menu = self.menuBar().addMenu("&View")
        for i, view in enumerate(self.views):
            action(view_menu, view.title, lambda _=False, v=view: self.tabs.setCurrentWidget(v),
                   f"Ctrl+{i + 1}")  # fmt: skip
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
        c.temperature_changed.connect(lambda v: self._live(lambda t: t.set_temperature(v), True))
        c.probe_every_changed.connect(lambda n: self._live(lambda t: t.set_probe_every(n)))
        self.training.loss.smoothing_changed.connect(
            lambda w: self._live(lambda t: t.set_smoothing(w), True)
        )

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Space and S act on training whatever control has focus: a focused spin box or
        combo box would otherwise take them as input."""
        if (event.type() == QEvent.Type.KeyPress and event.key() in RUN_KEYS
                and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and isinstance(obj, CONTROL_TYPES) and self.isAncestorOf(obj)
                and QApplication.activeModalWidget() is None):  # fmt: skip
            getattr(self, RUN_KEYS[event.key()])()
            return True
        return super().eventFilter(obj, event)

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
        self.info = run.info
        run.worker.snapshot_ready.connect(self._on_snapshot_ready)
        run.worker.stopped.connect(self._on_stopped)
        run.worker.failed.connect(self.report_error)
        for view in self.views:
            view.reset(run.info)
        self._show_config()
        self._check_glyphs(run.info)
        self.banner.hide()
        self._on_snapshot_ready(first, force=True)
        self.draw_now()
        self.controls.set_running(False)
        return True

    def _check_glyphs(self, info: RunInfo) -> None:
        """Say so when no installed font draws the text's characters (they would be boxes)."""
        message = missing_glyphs_message(info.text) if info.text else None
        self.font_note.setText(f"⚠ {message}" if message else "")
        self.font_note.setVisible(bool(message))
        if message and message != self.last_warning:
            self.last_warning = message
            if self.scripted:
                print(f"warning: {message}", file=sys.stderr)

    def _show_config(self) -> None:
        info = self.info if self.run else None
        kind = info.kind if info else "series"
        where = "built-in noisy sine, sin(t) + N(0, 0.1²)"
        if self.config.data:
            where = f"{html.escape(info.name if info else self.config.data)} ({kind})"
            if info is not None and info.missing_filled:
                where += f"<br>{info.missing_filled} missing values filled"
        if info is not None:
            self.controls.set_sizes(info.input_size, info.output_size)
        self.controls.set_config(self.config, where, kind)

    def _live(self, change: Callable[[Trainer], None], refresh: bool = False) -> None:
        """Send a live setting to the trainer; `refresh`: redraw at once when paused too."""
        if self.run is None:
            return
        try:
            change(self.run.trainer)
        except ConfigError as e:
            self.report_error(str(e))
            return
        if refresh and not self.run.running:
            self.run.refresh()

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
        try:
            config = self.controls.structure(self.config)
        except ConfigError as e:
            self.report_error(str(e))
            return
        if self._confirm_reset("Reset draws new weights"):
            self.start_new_run(config)

    def _on_structure_changed(self) -> None:
        if self.run is None:
            return
        try:
            new = self.controls.structure(self.config)
        except ConfigError as e:  # e.g. dropout with one layer: the run stays as it was
            self.report_error(str(e))
            self._show_config()
            return
        if new == self.config:
            return
        if self._confirm_reset("This change needs new weights"):
            self.start_new_run(new)
        else:
            self._show_config()

    def _confirm_reset(self, why: str) -> bool:
        step = self._latest.step if self._latest is not None else 0
        return (
            step == 0
            or self.scripted
            or self.confirm(
                f"{why}: training restarts from step 0 (step {step} is lost). Continue?"
            )
        )

    # ------------------------------------------------------------------------ snapshots

    def _on_snapshot_ready(self, snap: Snapshot, force: bool = False) -> None:
        if force or (self.run is not None and self.sender() is self.run.worker):
            self._latest = snap  # older, undrawn snapshots are simply dropped by the views
            for view in self.views:
                view.show_snapshot(snap)
            if force or not self.status_timer.isActive():
                self._show_status(snap)  # then at most a few times a second
                self.status_timer.start()

    def draw_now(self) -> None:
        """Bring every view up to the newest snapshot at once (before exports)."""
        for view in self.views:
            view.draw_now()

    def _show_status(self, snap: Snapshot) -> None:
        def fmt(v):
            return f"{v:.4g}" if math.isfinite(v) else "–"

        state = "running" if self.run is not None and self.run.running else "paused"
        self.stats.setText(
            f"step {snap.step}   loss {fmt(snap.train_loss)}   val {fmt(snap.val_loss)}   "
            f"{snap.steps_per_second:.0f} steps/s   lr {snap.lr:g}   {state}  "
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
        try:
            config = self.controls.structure(self.config)
            if kind == "series" and column is None and ask:
                table = read_table(path)
                table.default_column()
                j = self.choose_column(table)
                if j is None:
                    return False
                name = table.columns[j]
                column = name if table.columns.count(name) == 1 else str(j)
            config = config.replace(data=str(path), kind=kind, column=column)
            if kind == "text":  # bidirectional is for series (the check box says why)
                config = config.replace(bidirectional=False)
            preflight(config)  # a bad file is reported before anything is asked
        except (ConfigError, DataError) as e:
            self.report_error(str(e))
            return False
        if not self._confirm_reset(f"Opening {path.name} resets training"):
            return False
        settings.remember_folder(path)
        return self.start_new_run(config)

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

    def help_html(self) -> str:
        text = "".join(f"<p><b>{html.escape(p.title)}</b>: {html.escape(p.help)}</p>"
                       for p in self.panels)  # fmt: skip
        text += (
            "<p><b>Divergence</b>: when the loss or the gradient stops being a finite number, "
            "training stops and goes back to the newest <i>healthy</i> weights: those of the "
            "latest step whose loss was within 4x the best loss so far (the last finite "
            "weights have often blown up already). Lower the learning rate, then Start.</p>"
            "<p><b>Keys</b>: Space start/pause and S single step (whatever control has "
            "focus), Ctrl+R reset, Ctrl+O open, Ctrl+E export all, Ctrl+S save checkpoint, "
            "Ctrl+1… switch view, F1 this help. Hover a plot to read exact values; "
            "double-click a plot (or ⤢) to enlarge it; right-click to export it.</p>"
        )
        return text

    def _on_help(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "About the plots", self.help_html(),
                          parent=self)  # fmt: skip
        box.setObjectName("help_box")
        box.open()

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
        QApplication.instance().removeEventFilter(self)
        self.status_timer.stop()
        for view in self.views:
            view.timer.stop()
        if self.run is not None:
            self.run.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        if not self.scripted:
            settings.save_geometry(self.saveGeometry())
        super().closeEvent(event)
