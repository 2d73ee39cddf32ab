"""The rnnviz window: controls on the left, views (tabs of live panels) on the right, a
status bar. Wiring only: the panels live in dashboards (rnnviz.gui.dashboard), what they show
is computed in core, and run state is read from Snapshots and RunInfo, never the trainer."""

from __future__ import annotations

import gc
import html
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import torch
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QScrollArea,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.animation import write_gif
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
from rnnviz.core.inspect import inspect_unit
from rnnviz.core.odds import next_char_logits
from rnnviz.core.probelog import KEEP
from rnnviz.core.saliency import retarget_saliency
from rnnviz.core.trainer import RunInfo, Snapshot, Trainer
from rnnviz.gui import settings
from rnnviz.gui.controls import ControlPanel
from rnnviz.gui.dialogs import ColumnDialog
from rnnviz.gui.experiments import Experiments
from rnnviz.gui.export import FORMATS, export_all, export_panel
from rnnviz.gui.fonts import missing_glyphs_message
from rnnviz.gui.i18n import LANGUAGES, current_language
from rnnviz.gui.odds import REPLAY_NOTE
from rnnviz.gui.plots.base import HistoryPanel, Note, Panel, status_line
from rnnviz.gui.plots.heatmaps import HiddenPanel
from rnnviz.gui.replay import ReplayBar
from rnnviz.gui.views.compare import CompareView
from rnnviz.gui.views.diagnostics import DiagnosticsView, code_name
from rnnviz.gui.views.training import TrainingView
from rnnviz.gui.views.unit import UnitView
from rnnviz.gui.worker import Run

USER_ERRORS = (ConfigError, DataError, ExportError)
# Keys that act on training whatever control has focus (a spin box would eat them).
RUN_KEYS = {Qt.Key.Key_Space: "toggle_running", Qt.Key.Key_S: "step_once"}
CONTROL_TYPES = (QAbstractSpinBox, QComboBox, QSlider, QAbstractButton, QTabWidget)
ANIMATION_WIDTH = 640  # pixels: a GIF of a few hundred frames stays a few MB
ANIMATION_FPS = 8
ODDS_REFRESH_S = 1.0  # while training, hovering recomputes the odds at most this often


class MainWindow(QMainWindow):
    training_stopped = Signal()  # on the GUI thread: the worker paused, finished or diverged

    def __init__(self, config: Config, scripted: bool = False) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("rnnviz — watch a recurrent network learn"))
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
        self.diagnostics = DiagnosticsView()
        self.unit_view = UnitView()
        # The views that show the solo run (the Compare view shows its own variants).
        self.solo_views = (self.training, self.diagnostics, self.unit_view)
        self.replay = ReplayBar()
        self._unit_request: tuple[int, int] | None = None  # the unit being computed
        self._logits: dict[str, tuple] = {}  # text -> (probe step, time, logits, vocab)
        self.compare = CompareView()
        self.compare.base_config = self._compare_base
        self.compare.report_error = self.report_error
        self.compare.confirm = lambda question: self.scripted or self.confirm(question)
        self.views: list[QWidget] = [self.training, self.diagnostics, self.compare, self.unit_view]
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
        self.font_note.setWordWrap(True)  # one long line must not widen the window
        self.font_note.setStyleSheet("background:#fff4e5; color:#6b4400; padding:2px 8px;")
        self.font_note.hide()
        # A solo preset's lesson, and its callouts that name no panel of the Training view.
        self.lesson = QLabel()
        self.lesson.setObjectName("lesson")
        self.lesson.setWordWrap(True)
        self.lesson.setStyleSheet("background:#e8f1fb; color:#123; padding:3px 8px;")
        self.lesson.hide()
        self.note = Note()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(2)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.font_note)
        right_layout.addWidget(self.lesson)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.replay)
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
        # Room for the longest line it shows, so a growing number never clips "paused".
        self.stats.setMinimumWidth(
            self.stats.fontMetrics().horizontalAdvance(
                self.status_text(999999, "0.00000", "0.00000", 9999, 0.00001, True, 16)
            )
        )
        self.statusBar().addPermanentWidget(self.stats)
        # The solo run's active warnings, in one line; a click opens the Diagnostics view.
        self.health_label = QLabel()
        self.health_label.setObjectName("health")
        self.health_label.setToolTip(self.tr("Active training-health warnings; click for the "
                                             "Diagnostics view"))  # fmt: skip
        self.health_label.linkActivated.connect(
            lambda _: self.tabs.setCurrentWidget(self.diagnostics)
        )
        self.statusBar().addPermanentWidget(self.health_label)
        self.status_timer = QTimer(self, interval=250, singleShot=True)
        self.status_timer.timeout.connect(
            lambda: self._latest is not None and self._show_status(self._latest)
        )
        self.experiments = Experiments(self)
        self._build_menus()
        self._connect_controls()
        self._connect_compare()
        self.setAcceptDrops(True)
        QApplication.instance().installEventFilter(self)
        geometry = settings.geometry()
        if geometry is not None and not scripted:
            self.restoreGeometry(geometry)

    def view_named(self, name: str) -> QWidget:
        """A view by name: training, diagnostics, compare or unit."""
        return {"training": self.training, "diagnostics": self.diagnostics,
                "compare": self.compare, "unit": self.unit_view}[name]  # fmt: skip

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

    @property
    def comparing(self) -> bool:
        """Whether the Compare view is shown: the run keys and live controls act on it."""
        return self.tabs.currentWidget() is self.compare

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

        file = self.menuBar().addMenu(self.tr("&File"))
        action(file, self.tr("&Open CSV or text…"), self._on_open, "Ctrl+O",
               self.tr("Train on your own data"))  # fmt: skip
        action(file, self.tr("Use the built-in &sine"), self._on_use_sine)
        file.addSeparator()
        action(file, self.tr("Open &checkpoint…"), self._on_open_checkpoint, "Ctrl+Shift+O")
        action(file, self.tr("&Save checkpoint…"), self._on_save_checkpoint, "Ctrl+S")
        file.addSeparator()
        action(
            file,
            self.tr("&Export all…"),
            self._on_export_all,
            "Ctrl+E",
            self.tr("Every plot as PNG/SVG/CSV plus config, metrics, history, probe and "
                    "checkpoint"),
        )  # fmt: skip
        plots = file.addMenu(self.tr("Export &plot"))

        def fill_plots() -> None:  # the Unit view's panel exists once a unit is open
            plots.clear()
            for view in self.views:
                where = "" if view is self.training else f"{view.title}: "
                for panel in view.panels:
                    action(plots, f"{where}{panel.title}…",
                           lambda _=False, p=panel: self._on_export_panel(p))  # fmt: skip

        plots.aboutToShow.connect(fill_plots)
        animation = file.addMenu(self.tr("Export &animation"))

        def fill_animation() -> None:
            animation.clear()
            view = self.tabs.currentWidget()
            action(animation, self.tr("Whole {view} view…").format(view=view.title),
                   lambda _=False: self._on_export_animation(view))  # fmt: skip
            for panel in view.panels:
                action(animation, f"{panel.title}…",
                       lambda _=False, p=panel: self._on_export_animation(p))  # fmt: skip

        animation.aboutToShow.connect(fill_animation)
        action(file, self.tr("&Lab report…"), self._on_lab_report, "Ctrl+L",
               self.tr("One HTML file: data, configuration, versions, results, warnings and "
                       "every plot"))  # fmt: skip
        file.addSeparator()
        action(file, self.tr("&Quit"), self.close, "Ctrl+Q")
        run = self.menuBar().addMenu(self.tr("&Run"))
        self.start_action = action(run, self.tr("Start / pause"), self.toggle_running, "Space")
        action(run, self.tr("Single step"), self.step_once, "S")
        action(run, self.tr("Reset"), self.reset_run, "Ctrl+R")
        self._build_threads_menu(run.addMenu(self.tr("&Threads")))
        self.experiments.build_menu(self.menuBar().addMenu(self.tr("E&xperiments")))
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for i, view in enumerate(self.views):
            action(view_menu, view.title, lambda _=False, v=view: self.tabs.setCurrentWidget(v),
                   f"Ctrl+{i + 1}")  # fmt: skip
        view_menu.addSeparator()
        self._build_language_menu(view_menu.addMenu(self.tr("&Language")))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        action(help_menu, self.tr("About the plots"), self._on_help, "F1")

    def _build_language_menu(self, menu) -> None:
        """English / 简体中文, each in its own words; the choice is saved and applies at the
        next start (every widget was built in the language installed at start)."""
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            a = menu.addAction(name)
            a.setCheckable(True)
            a.setChecked(code == current_language())
            a.setData(code)
            group.addAction(a)
            a.triggered.connect(lambda _=False, c=code: self.choose_language(c))
        self.language_actions = group

    def choose_language(self, code: str) -> None:
        """Save `code` as the window's language; it applies when rnnviz starts again."""
        settings.save_language(code)
        self.statusBar().showMessage(
            self.tr("Language: {name}, from the next start of rnnviz").format(
                name=LANGUAGES[code]), 15_000)  # fmt: skip

    def _build_threads_menu(self, menu) -> None:
        """Automatic (measured: rnnviz.core.threads.ThreadChooser) or a fixed count."""
        menu.setToolTipsVisible(True)
        group = QActionGroup(self)
        self.thread_actions = {}
        for n in range(0, max(os.cpu_count() or 1, 1) + 1):
            a = QAction(self.tr("Automatic (measured)") if n == 0 else str(n), self, checkable=True)
            a.setChecked(n == self.config.threads)
            a.triggered.connect(lambda _=False, n=n: self.set_threads(n))
            group.addAction(a)
            menu.addAction(a)
            self.thread_actions[n] = a
        menu.setToolTip(self.tr("How many threads train: measured (tries each count, keeps the "
                                "fastest and checks again now and then, e.g. when a busy "
                                "program starts) or fixed"))  # fmt: skip

    def set_threads(self, n: int) -> None:
        """The solo run's thread count from now on: 0 = chosen by measurement."""
        self.config = self.config.replace(threads=n)
        self.thread_actions[n].setChecked(True)
        if self.run is not None:
            self.run.call(lambda: self.run.trainer.use_threads(n))
            self.statusBar().showMessage(
                self.tr("threads: chosen by measurement")
                if n == 0
                else self.tr("threads: {n}").format(n=n),
                10_000,
            )

    def _connect_controls(self) -> None:
        c = self.controls
        c.start_button.clicked.connect(self.toggle_running)
        c.step_button.clicked.connect(self.step_once)
        c.reset_button.clicked.connect(self.reset_run)
        c.open_button.clicked.connect(self._on_open)
        c.sine_button.clicked.connect(self._on_use_sine)
        c.structure_changed.connect(self._on_structure_changed)
        c.lr_changed.connect(lambda v: self._live(lambda t: t.set_lr(v), setting="lr"))
        c.clip_changed.connect(lambda m, v: self._live(lambda t: t.set_clip(m, v), setting="clip"))
        c.temperature_changed.connect(
            lambda v: self._live(lambda t: t.set_temperature(v), True, "temperature")
        )
        c.probe_every_changed.connect(
            lambda n: self._live(lambda t: t.set_probe_every(n), setting="probe-every")
        )
        self.training.loss.smoothing_changed.connect(
            lambda w: self._live(lambda t: t.set_smoothing(w), True)
        )
        c.temperature_changed.connect(self.training.predictions.odds.set_temperature)
        for panel in (p for view in self.views for p in view.findChildren(HiddenPanel)):
            panel.unit_clicked.connect(self.inspect_unit)
            panel.step_clicked.connect(lambda t, p=panel: self.retarget(p, t))
            panel.step_hovered.connect(lambda t, p=panel: self._on_step_hovered(p, t))
        self.training.predictions.char_hovered.connect(self._on_sample_hovered)
        self.training.predictions.span_changed.connect(self._on_prediction_span)
        self.diagnostics.forget_bias.set_requested.connect(self.set_forget_bias)
        self.unit_view.unit_requested.connect(self.inspect_unit)
        self.replay.pinned.connect(self._on_pinned)

    def _connect_compare(self) -> None:
        v = self.compare
        v.started.connect(self._on_compare_started)
        v.training_stopped.connect(self._on_compare_stopped)
        v.callout_shown.connect(self.show_callout_message)
        v.rebuilt.connect(self._on_tab_changed)
        self.tabs.currentChanged.connect(lambda _: self._on_tab_changed())
        self.compare_status = QTimer(self, interval=250)
        self.compare_status.timeout.connect(self._show_compare_status)
        self.compare_status.start()

    def show_callout_message(self, text: str) -> None:
        """A callout in the status bar (shortened; the note has it all); on stderr when
        scripted, so a scripted run logs when each callout appeared."""
        self.statusBar().showMessage(status_line(text), 15_000)
        if self.scripted:
            print(text, file=sys.stderr, flush=True)

    def _on_compare_started(self) -> None:
        """Never two trainings at once (2 cores): the comparison starting pauses the solo run."""
        if self.run is not None and self.run.running:
            self.run.pause()
        self.controls.set_running(self.comparing)

    def _on_compare_stopped(self) -> None:
        if self.comparing:
            self.controls.set_running(False)
            self._show_compare_status()
        self.training_stopped.emit()

    def _on_tab_changed(self) -> None:
        """The control column's Start and live settings follow the view shown."""
        running = self.compare.running if self.comparing else bool(self.run and self.run.running)
        self.controls.set_running(running)
        self._show_config()
        self._show_compare_status()

    def _show_compare_status(self) -> None:
        if self.comparing and self.compare.latest is not None:
            text = self.compare.status_text()
            if text != self.stats.text():
                self.stats.setText(text)
                self.stats.setProperty("compare", True)
        elif not self.comparing and self._latest is not None and self.stats.property("compare"):
            self._show_status(self._latest)

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
            self.report_error(str(e) if user else self.tr("could not start: {error}").format(
                error=f"{type(e).__name__}: {e}"))  # fmt: skip
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
        for view in self.solo_views:
            view.reset(run.info)
        self.replay.reset()
        self._logits.clear()
        self.training.predictions.odds.set_temperature(self.controls.temperature.value())
        self.experiments.forget_solo()
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
        """The left column shows the run of the view shown: the solo run, or in the Compare
        view the comparison's shared settings (its varied setting's control disabled)."""
        config, info = self.config, self.info if self.run else None
        varied = None
        if self.comparing and self.compare.info is not None:
            config, info = self.compare.info.base, self.compare.info.infos[0]
            varied = self.compare.info.key
        kind = info.kind if info else "series"
        where = self.tr("built-in noisy sine, sin(t) + N(0, 0.1²)")
        if config.data:
            shown = self.tr("series") if kind == "series" else self.tr("text")
            where = f"{html.escape(info.name if info else config.data)} ({shown})"
            if info is not None and info.missing_filled:
                where += "<br>" + self.tr("{n} missing values filled").format(
                    n=info.missing_filled)  # fmt: skip
        if info is not None:
            self.controls.set_sizes(info.input_size, info.output_size)
        self.controls.set_config(config, where, kind)
        self.controls.mark_varied(varied)

    def _compare_base(self) -> Config:
        """The settings a new comparison shares: the left column as it stands."""
        shown = self.compare.info.base if self.compare.info is not None else self.config
        return self.controls.structure(shown)

    def _live(self, change: Callable[[Trainer], None], refresh: bool = False,
              setting: str = "") -> None:  # fmt: skip
        """Send a live setting to the trainer of the view shown (in the Compare view: to every
        variant but the varied setting); `refresh`: redraw at once when paused too."""
        if self.comparing and self.compare.run is not None:
            compare_change = {
                "lr": lambda c: c.set_lr(self.controls.lr.value()),
                "clip": lambda c: c.set_clip(*self.controls.clip_setting()),
                "temperature": lambda c: c.set_temperature(self.controls.temperature.value()),
                "probe-every": lambda c: c.set_probe_every(self.controls.probe_every.value()),
            }[setting]
            self.compare.apply_live(setting, compare_change, refresh)
            return
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
        if self.comparing:
            self.compare.toggle()
            return
        if self.run is None:  # still starting up
            return
        if self.run.running:
            self.run.pause()
        else:
            self.start_training()

    def start_training(self, steps: int | None = None) -> None:
        self.banner.hide()
        self.compare.pause()  # never two trainings at once
        if steps is None:
            steps = self.experiments.solo_steps_left()
        self.run.start(steps)
        self.controls.set_running(True)

    def step_once(self) -> None:
        if self.comparing:
            self.compare.step_once()
            return
        if self.run is None:  # still starting up
            return
        self.compare.pause()
        if not self.run.running:
            self.run.step()

    def reset_run(self) -> None:
        if self.comparing:  # new variants from the settings shown
            self.compare.build(self.compare.base_config())
            return
        if self.run is None:  # still starting up
            return
        try:
            config = self.controls.structure(self.config)
        except ConfigError as e:
            self.report_error(str(e))
            return
        if self._confirm_reset(self.tr("Reset draws new weights")):
            self.start_new_run(config)

    def _on_structure_changed(self) -> None:
        if self.comparing:  # the comparison's shared settings: new variants (asks first)
            if self.compare.info is not None and not self.compare.build(self._compare_base()):
                self._show_config()
            return
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
        if self._confirm_reset(self.tr("This change needs new weights")):
            self.start_new_run(new)
        else:
            self._show_config()

    def _confirm_reset(self, why: str) -> bool:
        step = self._latest.step if self._latest is not None else 0
        return (
            step == 0
            or self.scripted
            or self.confirm(
                self.tr(
                    "{why}: training restarts from step 0 (step {step} is lost). Continue?"
                ).format(why=why, step=step)
            )  # fmt: skip
        )

    # ------------------------------------------------------------------------ snapshots

    def _on_snapshot_ready(self, snap: Snapshot, force: bool = False) -> None:
        if force or (self.run is not None and self.sender() is self.run.worker):
            self._latest = snap  # older, undrawn snapshots are simply dropped by the views
            for view in self.solo_views:
                view.show_snapshot(snap)
            self._show_health()
            self.replay.show_snapshot(snap)
            self.experiments.update_solo(snap)
            if force or not self.status_timer.isActive():
                self._show_status(snap)  # then at most a few times a second
                self.status_timer.start()

    def _show_health(self) -> None:
        active = [code_name(w.code) for w in self.diagnostics.active_warnings()]
        text = f"⚠ {', '.join(active)}" if active else ""
        if self.health_label.property("codes") != text:
            self.health_label.setProperty("codes", text)
            self.health_label.setText(
                f"<a href='#' style='color:#8a1c1c; text-decoration:none'>{text}</a>"
                if text
                else ""
            )

    def _on_prediction_span(self, span) -> None:
        """The predictions panel zoomed: the solo run's next probe predicts what is in view."""
        if self.run is not None:
            self.run.trainer.set_prediction_span(*(span or (None,)))  # thread-safe setter
            if not self.run.running:
                self.run.refresh()

    def set_forget_bias(self, value: float) -> None:
        """LSTM: every layer's forget-gate bias (b_ih + b_hh) becomes `value` at the next step,
        once the user agrees."""
        if self.run is None or self.info is None or self.info.cell != "lstm":
            self.report_error(self.tr("only an LSTM has a forget gate"))
            return
        if not self.confirm(self.tr("Set every layer's forget-gate bias to {value} from the next "
                                    "step on? Training goes on from the current "
                                    "weights.").format(value=f"{value:g}")):  # fmt: skip
            return
        self._live(lambda t: t.set_forget_bias(value), refresh=True)
        done = self.tr("forget-gate bias set to {value} at the next step")
        self.statusBar().showMessage(done.format(value=f"{value:g}"), 10_000)

    def draw_now(self) -> None:
        """Bring every view up to the newest snapshot at once (before exports)."""
        for view in self.views:
            view.draw_now()
        self._show_compare_status()

    def status_text(self, step, loss: str, val: str, rate: float, lr: float, running: bool,
                    threads: int = 0) -> str:  # fmt: skip
        """The run's numbers for the status bar, with the thread count training uses."""
        state = self.tr("running") if running else self.tr("paused")
        count = self.tr("1 thread") if threads == 1 else self.tr("{n} threads").format(n=threads)
        return self.tr("step {step}   loss {loss}   val {val}   {rate} steps/s   lr {lr}   "
                       "{threads}   {state}  ").format(step=step, loss=loss, val=val,
                                                       rate=f"{rate:.0f}", lr=f"{lr:g}",
                                                       threads=count, state=state)  # fmt: skip

    def _show_status(self, snap: Snapshot) -> None:
        def fmt(v):
            return f"{v:.4g}" if math.isfinite(v) else "–"

        if self.comparing:
            return  # the status bar shows the comparison's (_show_compare_status)
        running = self.run is not None and self.run.running
        self.stats.setText(self.status_text(snap.step, fmt(snap.train_loss), fmt(snap.val_loss),
                                            snap.steps_per_second, snap.lr, running,
                                            snap.threads))  # fmt: skip
        self.stats.setProperty("compare", False)
        if snap.diverged:
            self.banner.setText(self.tr("⚠ {why}. Then press Start to resume.").format(
                why=snap.diverged))  # fmt: skip
            self.banner.show()

    def _on_stopped(self) -> None:
        if self.run is not None and self.sender() is self.run.worker and not self.run.running:
            self.controls.set_running(self.comparing and self.compare.running)
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
        self.tabs.setCurrentWidget(self.training)  # data opens in the solo run (its settings)
        try:
            config = self.controls.structure(self.config)
            reading = self._reading_progress(path)
            if kind == "series" and column is None and ask:
                table = read_table(path, reading)
                table.default_column()
                j = self.choose_column(table)
                if j is None:
                    return False
                name = table.columns[j]
                column = name if table.columns.count(name) == 1 else str(j)
            config = config.replace(data=str(path), kind=kind, column=column)
            if kind == "text":  # bidirectional is for series (the check box says why)
                config = config.replace(bidirectional=False)
            preflight(config, reading)  # a bad file is reported before anything is asked
        except (ConfigError, DataError) as e:
            self.report_error(str(e))
            return False
        if not self._confirm_reset(self.tr("Opening {name} resets training").format(
                name=path.name)):  # fmt: skip
            return False
        settings.remember_folder(path)
        return self.start_new_run(config)

    def _reading_progress(self, path: Path) -> Callable[[float], None]:
        """A progress callback for reading a file: a dialog appears when reading takes more
        than half a second (a long CSV); Cancel stops the reading with a one-line message."""
        dialog = QProgressDialog(
            self.tr("Reading {name}…").format(name=path.name), self.tr("Cancel"), 0, 100, self
        )
        dialog.setObjectName("reading_progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)
        dialog.setAutoClose(True)
        if getattr(self, "_reading", None) is not None:
            self._reading.deleteLater()
        self._reading = dialog

        def progress(fraction: float) -> None:
            dialog.setValue(round(100 * fraction))  # shows itself once 0.5 s have passed
            QApplication.processEvents()
            if dialog.wasCanceled():
                raise DataError(self.tr("opening {name} was cancelled").format(name=path.name))

        return progress

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a series (CSV/TSV) or a text"), settings.last_folder(),
            self.tr("Data (*.csv *.tsv *.txt *.md);;All files (*)"),
        )  # fmt: skip
        if path:
            self.open_path(path)

    def _on_use_sine(self) -> None:
        self.tabs.setCurrentWidget(self.training)
        if self.config.data is not None and self._confirm_reset(
                self.tr("Switching to the sine")):  # fmt: skip
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
        """Export the view shown: the Compare view's panels and comparison folder, or the
        Training view's panels and run folder."""
        self.draw_now()
        try:
            if self.comparing and self.compare.run is not None:
                written = self.compare.export(folder)
            else:
                written = export_all(self.run, self.training.panels, folder)
        except ExportError as e:
            self.report_error(str(e))
            return False
        self.statusBar().showMessage(self.tr("exported {n} files to {folder}").format(
            n=len(written), folder=folder), 10_000)  # fmt: skip
        return True

    def save_checkpoint(self, path: str | Path) -> bool:
        try:
            self.run.while_paused(lambda trainer: save_checkpoint(trainer, path))
        except ExportError as e:
            self.report_error(str(e))
            return False
        self.statusBar().showMessage(self.tr("saved {path}").format(path=path), 10_000)
        return True

    def open_checkpoint(self, path: str | Path) -> bool:
        try:
            ckpt = load_checkpoint(path)
            config = checkpoint_config(ckpt, self.config)
        except CheckpointError as e:
            self.report_error(str(e))
            return False
        if not self._confirm_reset(self.tr("Loading {name} replaces the current "
                                           "weights").format(name=Path(path).name)):  # fmt: skip
            return False
        return self.start_new_run(config, prepare=lambda t: apply_checkpoint(t, ckpt))

    def _on_export_all(self) -> None:
        if self.run is None:  # still starting up
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export all into"),
                                                  settings.last_folder())  # fmt: skip
        if folder:
            settings.remember_folder(folder)
            self.export_all(folder)

    def _on_lab_report(self, _=False, path: str | Path | None = None) -> bool:
        """File ▸ Lab report…: ask where (unless `path`), write the report, say so."""
        from rnnviz.gui.report import window_report

        if self.run is None:  # still starting up
            return False
        if path is None:
            start = str(Path(settings.last_folder()) / "report.html")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the lab report"), start,
                                                  self.tr("HTML (*.html)"))  # fmt: skip
            if not path:
                return False
        try:
            written = window_report(self, path)
        except ExportError as e:
            self.report_error(str(e))
            return False
        self.statusBar().showMessage(self.tr("wrote the lab report {0}").format(written), 10_000)
        return True

    def _on_export_panel(self, panel: Panel) -> None:
        start = str(Path(settings.last_folder()) / f"{panel.slug}.png")
        filters = ";;".join(f"{s[1:].upper()} (*{s})" for s in FORMATS)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export {title}").format(title=panel.title), start, filters)  # fmt: skip
        if path:
            try:
                export_panel(panel, path)
            except ExportError as e:
                self.report_error(str(e))

    def _on_save_checkpoint(self) -> None:
        if self.run is None:  # still starting up
            return
        start = str(Path(settings.last_folder()) / "checkpoint.pt")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save checkpoint"), start,
                                              "PyTorch (*.pt)")  # fmt: skip
        if path:
            self.save_checkpoint(path)

    def _on_open_checkpoint(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open checkpoint"),
            settings.last_folder(),
            self.tr("PyTorch (*.pt);;All files (*)"),
        )
        if path:
            self.open_checkpoint(path)

    # ---------------------------------------------------------------- look closer (issue 10)

    def inspect_unit(self, layer: int, unit: int) -> bool:
        """Compute unit `unit` of layer `layer` on the worker thread (the current weights;
        training pauses for it and goes on) and open it in the Unit view when it is done. The
        window stays responsive meanwhile (a large text takes seconds). False if no run."""
        if self.run is None:
            return False
        self._unit_request = (layer, unit)
        self.statusBar().showMessage(self.tr("inspecting layer {layer}, unit {unit}…").format(
            layer=layer + 1, unit=unit))  # fmt: skip
        self.unit_view.heading.setText("<i>" + self.tr("Computing layer {layer}, unit {unit}…")
                                       .format(layer=layer + 1, unit=unit) + "</i>")  # fmt: skip
        self.tabs.setCurrentWidget(self.unit_view)

        def done(answer, error) -> None:
            if self._unit_request != (layer, unit):  # a newer request replaced this one
                return
            self._unit_request = None
            self.statusBar().clearMessage()
            if error is not None:
                self.unit_view.heading.setText("")
                user = isinstance(error, USER_ERRORS)
                what = str(error) if user else f"inspect: {type(error).__name__}: {error}"
                self.report_error(what)
                return
            report, step = answer
            self.unit_view.open_unit(report, step)

        self.run.submit(lambda t: (inspect_unit(t.model, t.data, layer, unit), t.step_count), done)
        return True

    def retarget(self, panel: HiddenPanel, step: int) -> bool:
        """Attribute the prediction at 0-based `step` of the drawn probe window to its inputs
        (core's retarget_saliency, on the worker thread)."""
        if self.run is None or panel.snapshot is None:
            return False
        probe = panel.snapshot.probe
        if self.replay.probe is not None:
            why = self.tr(
                "attribution of another step needs the weights of the probe: press Live first"
            )
            self.statusBar().showMessage(why, 10_000)
            return False
        if step == len(probe.inputs) - 1:
            panel.set_retarget(probe, step, None)  # the probe's own input_saliency
            return True
        kind = self.info.kind
        values = self.run.while_paused(
            lambda t: retarget_saliency(t.model, kind, probe.inputs, probe.target, step)
        )
        panel.set_retarget(probe, step, values)
        return True

    def next_char_logits(self, text: str) -> tuple[object, list[str]]:
        """(n, V) logits after every prefix of `text` and the vocabulary, computed on the
        worker thread. Cached per text; while training runs, recomputed at most once every
        ODDS_REFRESH_S (each computation pauses training briefly)."""
        step = self._latest.probe.step if self._latest is not None else -1
        cached = self._logits.get(text)
        fresh = cached is not None and (
            cached[0] == step
            or (self.run.running and time.monotonic() - cached[1] < ODDS_REFRESH_S)
        )
        if not fresh:
            if len(self._logits) > 64:
                self._logits.clear()
            logits, vocab = self.run.while_paused(
                lambda t: (next_char_logits(t.model, t.data, text), list(t.data.vocab))
            )
            self._logits[text] = cached = (step, time.monotonic(), logits, vocab)
        return cached[2], cached[3]

    def show_odds(self, text: str, i: int) -> None:
        """The next-character odds after text[: i + 1], in the sample panel's bars."""
        if self.run is None or self.info is None or self.info.kind != "text" or not text:
            return
        try:
            logits, vocab = self.next_char_logits(text)
        except DataError:  # a character the vocabulary lacks (a prime typed by hand)
            return
        self.training.predictions.odds.show_odds(text[: i + 1], logits[i], vocab)

    def _on_sample_hovered(self, prefix: str) -> None:
        if self.replay.probe is not None:  # an old sample: the odds would be today's model's
            return
        sample = self.training.predictions.text.toPlainText()
        self.show_odds(sample, len(prefix) - 1)

    def _on_step_hovered(self, panel: HiddenPanel, t: int) -> None:
        tokens = panel.snapshot.probe.tokens if panel.snapshot is not None else None
        if tokens and self.replay.probe is None:
            self.show_odds("".join(tokens), t)

    def _on_pinned(self, snap: Snapshot | None) -> None:
        """Replay: every view on `snap` (None: live), the history panels marking its step."""
        for view in self.solo_views:  # not Compare
            view.pin(snap)
        odds = self.training.predictions.odds
        if snap is not None:
            odds.clear_odds(REPLAY_NOTE)
        elif odds.logits is None:
            odds.clear_odds()
        for panel in self.panels:
            if isinstance(panel, HistoryPanel):
                panel.mark(None if snap is None else snap.probe.step)

    def export_animation(self, path: str | Path, target: QWidget | None = None) -> int:
        """A GIF of `target` (a view or a panel; default the Training view) across the stored
        probes, one frame each. Returns the number of frames (0 after an error)."""
        if self._latest is None:
            return 0
        target = target or self.training
        view = target if target in self.views else next(
            v for v in self.views if target in v.panels)  # fmt: skip
        probes, was = self._latest.probes.probes, self.replay.pinned_snapshot()
        frames = []
        try:
            for p in probes:
                self._on_pinned(replace(self._latest, probe=p))
                view.draw_now()
                frames.append(rgb_frame(target.grab().toImage(), ANIMATION_WIDTH))
            write_gif(path, frames, fps=ANIMATION_FPS)
        except ExportError as e:
            self.report_error(str(e))
            return 0
        finally:
            self._on_pinned(was)
            view.draw_now()
        self.statusBar().showMessage(self.tr("wrote {path} ({n} frames)").format(
            path=path, n=len(frames)), 10_000)  # fmt: skip
        return len(frames)

    def _on_export_animation(self, target: QWidget) -> None:
        if self._latest is None:
            return
        start = str(Path(settings.last_folder()) / f"{getattr(target, 'slug', 'training')}.gif")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export animation"), start,
                                              "GIF (*.gif)")  # fmt: skip
        if path:
            self.export_animation(path, target)

    def help_html(self) -> str:
        text = "".join(f"<p><b>{html.escape(p.title)}</b>: {html.escape(p.help)}</p>"
                       for p in self.panels)  # fmt: skip
        text += "".join(f"<p>{p}</p>" for p in (
            self.tr("<b>Divergence</b>: when the loss or the gradient stops being a finite "
                    "number, training stops and goes back to the newest <i>healthy</i> weights: "
                    "those of the latest step whose loss was within 4x the best loss so far "
                    "(the last finite weights have often blown up already). Lower the learning "
                    "rate, then Start."),
            self.tr("<b>Look closer</b>: click a row of the hidden-state heatmap to open that "
                    "unit in the Unit view (the validation part coloured by its activation, its "
                    "top windows, gates, gradient row and most correlated units). Click a step "
                    "under the heatmap to attribute the prediction at that step to the inputs "
                    "before it. Text: hover a character of the sample or a step of the heatmap "
                    "for the next-character odds; they follow the temperature."),
            self.tr("<b>Replay</b>: the run keeps up to {keep} whole probes for replay. While "
                    "there is room it keeps every probe; when it is full it keeps every second "
                    "one (then every fourth, ...), always with the newest, so the kept probes "
                    "cover the whole run evenly and memory stays bounded. Drag the slider to pin "
                    "every probe panel to one of them (the loss curves mark its step); let go, "
                    "or press Live, to return; ▶ plays them back. File ▸ Export animation "
                    "writes them as a GIF.").format(keep=KEEP),
            self.tr("<b>Keys</b>: Space start/pause and S single step (whatever control has "
                    "focus), Ctrl+R reset, Ctrl+O open, Ctrl+E export all, Ctrl+S save "
                    "checkpoint, Ctrl+L lab report, Ctrl+1… switch view, F1 this help. Hover "
                    "a plot to read exact values; double-click a plot (or ⤢) to enlarge it; "
                    "right-click to export it."),
        ))  # fmt: skip
        return text

    def _on_help(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("About the plots"),
                          self.help_html(), parent=self)  # fmt: skip
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
        self.compare_status.stop()
        for view in self.views:
            view.timer.stop()
        self.compare.shutdown()
        if self.run is not None:
            self.run.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        if not self.scripted:
            settings.save_geometry(self.saveGeometry())
        super().closeEvent(event)


def rgb_frame(image, max_width: int):
    """A QImage as an RGB uint8 array (H, W, 3), scaled down to at most `max_width`."""
    import numpy as np
    from PySide6.QtGui import QImage

    if image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).copy()  # (H, W, 3)
