"""The rnnviz window: a shell. Controls on the left, views (tabs) on the right, a status bar.

Two run controllers own the runs: `solo` (the Training, Diagnostics and Unit views show it) and
`comparison` (the Compare view). The tab shown picks the `active` one; the controls show its
settings and the run keys act on it. Menus are a table (actions.py) of the verbs below. Nothing
here waits for a worker: every answer comes back by signal or callback.
"""

from __future__ import annotations

import gc
import html
import math
import sys

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
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
from rnnviz.core.snapshot import RunInfo, Snapshot
from rnnviz.core.table import LARGE_VOCAB
from rnnviz.gui import settings
from rnnviz.gui.actions import build_menus
from rnnviz.gui.closer import LookCloser
from rnnviz.gui.controllers import ComparisonController, SoloController
from rnnviz.gui.controls import ControlPanel
from rnnviz.gui.experiments import Experiments
from rnnviz.gui.files import Files
from rnnviz.gui.fonts import missing_glyphs_message
from rnnviz.gui.menus import MenuParts
from rnnviz.gui.plots.base import EXPORT_SIZE, HistoryPanel, Note, Panel, status_line
from rnnviz.gui.replay import ReplayBar
from rnnviz.gui.views.compare import CompareView
from rnnviz.gui.views.diagnostics import DiagnosticsView, code_name
from rnnviz.gui.views.sweep import SweepVerbs
from rnnviz.gui.views.training import TrainingView
from rnnviz.gui.views.unit import UnitView

# Keys that act on training whatever control has focus (a spin box would eat them).
RUN_KEYS = {Qt.Key.Key_Space: "toggle_running", Qt.Key.Key_S: "step_once"}
CONTROL_TYPES = (QAbstractSpinBox, QComboBox, QSlider, QAbstractButton, QTabWidget)
DEFAULT_SIZE = (1366, 768)


def _banner(name: str, style: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)  # one long line must not widen the window
    label.setStyleSheet(style)
    label.hide()
    return label


def _scrolling(view: QWidget) -> QScrollArea:
    """A view in a scroll area: on a small screen it scrolls instead of widening the window."""
    area = QScrollArea()
    area.setWidget(view)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class MainWindow(MenuParts, Files, SweepVerbs, LookCloser, QMainWindow):
    training_stopped = Signal()  # the active run paused, finished or diverged
    exported = Signal(object)  # Export all finished: the paths written, or None after an error

    def __init__(self, config: Config, scripted: bool = False) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("rnnviz — watch a recurrent network learn"))
        self.scripted = scripted  # errors go to stderr and exit 2 instead of dialogs
        self.figure_size = EXPORT_SIZE  # Export all's figures (layout px, drawn at 2x)
        self.exit_code = 0
        self.last_error: str | None = None
        self.last_warning: str | None = None
        self._frozen = False
        self.confirm = self._ask  # hooks a test can replace
        self.choose_column = self._choose_column
        self.solo = SoloController(self)
        self.solo.config = config
        self.comparison = ComparisonController(self)
        self.comparison.config = config
        # CUDA is offered once a run says its torch sees a GPU: the window's process has no
        # torch (its import is half of the start-up).
        self.controls = ControlPanel(sorted({"cpu", config.device}))
        self.training, self.diagnostics = TrainingView(), DiagnosticsView()
        self.unit_view, self.compare = UnitView(), CompareView()
        self.solo_views = (self.training, self.diagnostics, self.unit_view)
        self.views: list[QWidget] = [self.training, self.diagnostics, self.compare, self.unit_view]
        self.replay = ReplayBar()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._areas = {}
        for view in self.views:
            self.add_tab(view)
        self.banner = _banner("banner", "background:#fdecea; color:#8a1c1c; padding:4px 8px;")
        self.font_note = _banner("font_note", "background:#fff4e5; color:#6b4400; "
                                 "padding:2px 8px;")  # fmt: skip
        # A solo preset's lesson, and its callouts that name no panel of the Training view.
        self.lesson = _banner("lesson", "background:#e8f1fb; color:#123; padding:3px 8px;")
        self.note = Note()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(2)
        for w in (self.banner, self.font_note, self.lesson, self.note):
            right_layout.addWidget(w)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.replay)
        scroll = self.controls_area = QScrollArea()
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
        self._build_status_bar()
        self.experiments = Experiments(self)
        self.actions = build_menus(self)
        self.start_action = self.actions["toggle_running"]
        self._connect()
        self.setAcceptDrops(True)
        QApplication.instance().installEventFilter(self)
        self.fit_screen()
        geometry = settings.geometry()
        if geometry is not None and not scripted:
            self.restoreGeometry(geometry)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)  # the grip clipped the status text
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busy")
        self.busy_label.setStyleSheet("color:#555;")
        bar.addPermanentWidget(self.busy_label)
        self.stats = QLabel()
        self.stats.setObjectName("stats")
        bar.addPermanentWidget(self.stats)
        # The solo run's active warnings, in one line; a click opens the Diagnostics view.
        self.health_label = QLabel()
        self.health_label.setObjectName("health")
        self.health_label.setToolTip(self.tr("Active training-health warnings; click for the "
                                             "Diagnostics view"))  # fmt: skip
        self.health_label.linkActivated.connect(lambda _: self.show_view(self.diagnostics))
        bar.addPermanentWidget(self.health_label)
        self.status_timer = QTimer(self, interval=250, singleShot=True)
        self.status_timer.timeout.connect(self._show_status)

    def fit_screen(self) -> None:
        """1366x768 where the screen has room, else its available area, frame included."""
        screen = self.screen().availableGeometry() if self.screen() else None
        w, h = DEFAULT_SIZE
        offscreen = QApplication.platformName() == "offscreen"  # no real screen to fit
        if screen is not None and screen.width() > 0 and not offscreen:
            w, h = min(w, screen.width()), min(h, screen.height())
        frame = self.frameGeometry().height() - self.geometry().height()
        self.resize(w, h - max(frame, 0))

    # ---------------------------------------------------------------------- the views

    def add_tab(self, view: QWidget) -> None:
        """A view in a tab of its own, in a scroll area (a view that has a `title`)."""
        self._areas[view] = _scrolling(view)
        self.tabs.addTab(self._areas[view], view.title)

    def view_named(self, name: str) -> QWidget:
        """A view by name: training, diagnostics, compare or unit."""
        return {"training": self.training, "diagnostics": self.diagnostics,
                "compare": self.compare, "unit": self.unit_view}[name]  # fmt: skip

    def show_view(self, view: QWidget) -> None:
        self.tabs.setCurrentWidget(self._areas[view])

    def current_view(self) -> QWidget:
        return self.tabs.currentWidget().widget()

    @property
    def comparing(self) -> bool:
        """Whether the Compare view is shown: the controls and run keys act on the comparison."""
        return self.current_view() is self.compare

    @property
    def active(self):
        """The run controller of the view shown."""
        return self.comparison if self.comparing else self.solo

    @property
    def panels(self) -> list[Panel]:
        return [p for view in self.views for p in view.panels]

    @property
    def frames_drawn(self) -> int:
        return sum(v.frames_drawn for v in self.views)

    # The solo run, as the views and tests read it.
    run = property(lambda self: self.solo.run)
    info = property(lambda self: self.solo.info)
    config = property(lambda self: self.solo.config)
    _latest = property(lambda self: self.solo.latest)
    _drawn = property(lambda self: self.training.drawn)

    # ------------------------------------------------------------------------- wiring

    def _connect(self) -> None:
        c = self.controls
        c.start_button.clicked.connect(self.toggle_running)
        c.step_button.clicked.connect(self.step_once)
        c.reset_button.clicked.connect(self.reset_run)
        c.open_button.clicked.connect(self.on_open)
        c.sine_button.clicked.connect(self.use_sine)
        c.structure_changed.connect(self._on_structure_changed)
        c.live_changed.connect(lambda field, value: self.active.set_live(field, value))
        c.live_changed.connect(self._on_live_changed)
        c.steps.valueChanged.connect(self._on_steps_changed)
        self.training.loss.smoothing_changed.connect(self._on_smoothing)
        for ctrl in (self.solo, self.comparison):
            ctrl.failed.connect(self.report_error)
            ctrl.said.connect(lambda text: self.statusBar().showMessage(text, 10_000))
            ctrl.busy.connect(self._on_busy)
            ctrl.config_changed.connect(lambda ctrl=ctrl: ctrl is self.active and
                                        self._show_config())  # fmt: skip
            ctrl.running_changed.connect(lambda on, ctrl=ctrl: self._on_running(ctrl, on))
            ctrl.stopped.connect(lambda ctrl=ctrl: ctrl is self.active and
                                 self.training_stopped.emit())  # fmt: skip
        self.solo.rebuilt.connect(self._on_solo_rebuilt)
        self.solo.snapshot_ready.connect(self._on_snapshot_ready)
        self.comparison.rebuilt.connect(self._on_comparison_rebuilt)
        self.comparison.snapshot_ready.connect(self.compare.show_snapshot)
        self.comparison.said.connect(self.compare.say)
        self.comparison.snapshot_ready.connect(lambda _: self.status_timer.isActive() or (
            self._show_status(), self.status_timer.start()))  # fmt: skip
        v = self.compare
        v.build_requested.connect(lambda vary: self.build_comparison(vary))
        v.start_requested.connect(self.toggle_running)
        v.step_requested.connect(self.step_once)
        v.callout_shown.connect(self.show_callout_message)
        self.tabs.currentChanged.connect(lambda _: self._on_tab_changed())
        self.diagnostics.forget_bias.set_requested.connect(self.set_forget_bias)
        self.replay.pinned.connect(self.pin_views)
        self.connect_look_closer()

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

    # --------------------------------------------------------------------- the runs

    def start_new_run(self, config: Config, prepare=None, then=None, otherwise=None) -> bool:
        """Build a solo run for `config` on its own thread; it replaces the current one when
        ready (then(prepare's result) follows). A bad file or setting leaves the session as it
        was, with one error line (then otherwise())."""
        self.solo.build(config, prepare, then, otherwise)
        return True

    def build_comparison(self, vary=None, preset=None, base: Config | None = None) -> bool:
        """New variants: `vary` (default: the Compare row's) of `base` (default: the left
        column's settings), asking first if the comparison has trained."""
        try:
            vary = vary or self.compare.vary()
            base = base or self.controls.structure(self._shown_config())
        except ConfigError as e:
            self.report_error(str(e))
            return False
        latest = self.comparison.latest
        if latest is not None and latest.step > 0 and preset is None and not self.scripted \
                and not self.confirm(self.tr("New variants: the comparison restarts from step 0 "
                                             "(step {step} is lost). Continue?").format(
                                                 step=latest.step)):  # fmt: skip
            return False
        return self.comparison.build_comparison(base, vary, preset)

    def _on_solo_rebuilt(self, info: RunInfo) -> None:
        self.controls.offer_device("cuda", info.cuda)
        for view in self.solo_views:
            view.reset(info)
        self.replay.reset()
        self.forget_odds()
        self.training.predictions.odds.set_temperature(self.solo.config.temperature)
        self.experiments.forget_solo()
        self._check_glyphs(info)
        self.banner.hide()
        self.update_task_menu()

    def _on_comparison_rebuilt(self, info) -> None:
        c = self.comparison
        self.controls.offer_device("cuda", info.infos[0].cuda)
        self.compare.reset(info, c.preset, c.callouts)
        self._show_config()

    def _on_snapshot_ready(self, snap: Snapshot) -> None:
        for view in self.solo_views:
            view.show_snapshot(snap)
        self._show_health()
        self.replay.show_snapshot(snap)
        self.experiments.update_solo(snap)
        if not self.status_timer.isActive():  # now, then at most 4 times a second
            self._show_status()
            self.status_timer.start()
        if snap.diverged:
            self.banner.setText(self.tr("⚠ {why}. Then press Start to resume.").format(
                why=snap.diverged))  # fmt: skip
            self.banner.show()
        elif getattr(snap, "stopped_early", None):
            self.banner.setText(self.tr("⏹ {why}. Start goes on from these weights.").format(
                why=snap.stopped_early))  # fmt: skip
            self.banner.show()

    def _on_running(self, ctrl, running: bool) -> None:
        """Never two trainings at once (2 cores): one starting pauses the other."""
        if running:
            (self.comparison if ctrl is self.solo else self.solo).pause()
            if ctrl is self.solo:  # the divergence banner says "press Start"
                self.banner.hide()
        if ctrl is self.comparison:
            self.compare.set_running(running)
        if ctrl is self.active:
            self.controls.set_running(running)
            self._show_status()

    def _on_tab_changed(self) -> None:
        """The control column shows the active run's settings; Start follows it."""
        self.controls.set_running(self.active.running)
        self._show_config()
        self._show_status()

    def _on_busy(self, text: str) -> None:
        self.busy_label.setText(text)

    def toggle_running(self) -> None:
        if self.active.building:  # starts once built
            self.active.toggle()
            return
        if self.comparing and self.compare.wanted() is not None:  # new values in the row
            self.build_comparison(self.compare.wanted())
            return
        if self.comparing and self.comparison.run is None:
            self.build_comparison()
            return
        if self.active.running:
            self.active.pause()
        else:
            self.start_training()

    def start_training(self, steps: int | None = None) -> None:
        if self.comparing:
            self.comparison.start(steps)
            return
        self.banner.hide()
        if steps is None:
            steps = self.experiments.solo_steps_left() or self._steps_left()
        self.solo.start(steps)

    def _steps_left(self) -> int | None:
        """Steps until the Steps box's step (None: 0 = no end, or already there or past it,
        so Start goes on without end)."""
        at = self.solo.latest.step if self.solo.latest is not None else 0
        end = self.controls.steps.value()
        return end - at if end > at else None

    def _on_steps_changed(self, steps: int) -> None:
        """The Steps box needs no new weights: the solo run's settings follow it (the
        learning-rate schedule keeps the steps the run was built with)."""
        if not self.comparing:
            self.solo.config = self.solo.config.replace(steps=steps)

    def step_once(self) -> None:
        self.active.step()

    def reset_run(self) -> None:
        if self.comparing:
            self.build_comparison()
            return
        try:
            config = self.controls.structure(self.solo.config)
        except ConfigError as e:
            self.report_error(str(e))
            return
        if self._confirm_reset(self.tr("Reset starts again from the seed's initial weights")):
            self.start_new_run(config)

    def set_threads(self, n: int) -> None:
        """Both runs' thread count from now on: 0 = chosen by measurement."""
        self.thread_actions[n].setChecked(True)
        for ctrl in (self.solo, self.comparison):
            if ctrl.run is not None:
                ctrl.use_threads(n)
            else:
                ctrl.config = ctrl.config.replace(threads=n)
        self.statusBar().showMessage(
            self.tr("threads: chosen by measurement") if n == 0
            else self.tr("threads: {n}").format(n=n), 10_000)  # fmt: skip

    def set_forget_bias(self, value: float) -> None:
        """LSTM: every layer's forget-gate bias (b_ih + b_hh) becomes `value` at the next step,
        once the user agrees."""
        if self.solo.info is None or self.solo.info.cell != "lstm":
            self.report_error(self.tr("only an LSTM has a forget gate"))
            return
        if self.confirm(self.tr("Set every layer's forget-gate bias to {value} from the next "
                                "step on? Training goes on from the current "
                                "weights.").format(value=f"{value:g}")):  # fmt: skip
            self.solo.set_forget_bias(value)

    def _on_structure_changed(self) -> None:
        if self.comparing:  # the comparison's shared settings: new variants (asks first)
            self.compare.set_base(self.controls.structure(self._shown_config()))
            if self.comparison.run is not None and not self.build_comparison():
                self._show_config()
            return
        try:
            new = self.controls.structure(self.solo.config)
        except ConfigError as e:  # e.g. dropout with one layer: the run stays as it was
            self.report_error(str(e))
            self._show_config()
            return
        if new == self.solo.config:
            return
        if self._confirm_reset(self.tr("This change needs new weights")):
            self.start_new_run(new)
        else:
            self._show_config()

    def _on_live_changed(self, field: str, value) -> None:
        if field == "temperature" and not self.comparing:
            self.training.predictions.odds.set_temperature(value)

    def _on_smoothing(self, weight: float) -> None:
        if self.solo.run is not None:
            self.solo.run.set("set_smoothing", weight)
            self.solo.run.refresh()

    def _confirm_reset(self, why: str) -> bool:
        latest = self.solo.latest
        # A run being built starts at step 0: a second change meanwhile loses nothing.
        step = 0 if self.solo.building or latest is None else latest.step
        return step == 0 or self.scripted or self.confirm(
            self.tr("{why}: training restarts from step 0 (step {step} is lost). "
                    "Continue?").format(why=why, step=step))  # fmt: skip

    # ------------------------------------------------------------------ what is shown

    def _shown_config(self) -> Config:
        c = self.comparison
        if self.comparing:
            return c.info.base if c.info is not None else self.solo.config
        return self.solo.config

    def _show_config(self) -> None:
        """The left column shows the active run's settings as it uses them: the solo run, or
        in the Compare view the comparison's shared settings (its varied setting's control
        disabled)."""
        config = self._shown_config()
        info = self.solo.info
        varied = None
        if self.comparing:
            if self.comparison.info is not None:
                info, varied = self.comparison.info.infos[0], self.comparison.info.key
                config = config.replace(**{k: getattr(self.comparison.config, k) for k in
                                           ("lr", "clip", "clip_value", "probe_every",
                                            "temperature")})  # fmt: skip
            self.compare.set_base(config)
        kind = info.kind if info else "series"
        where = self.tr("built-in noisy sine, sin(t) + N(0, 0.1²)")
        if config.data is None and config.task == "adding":
            where = self.tr("adding problem: sum of the 2 marked values of {T} steps").format(
                T=config.seq_len)  # fmt: skip
        elif config.data is None and config.task == "copy":
            where = self.tr("copy task: 10 symbols to repeat after {T} steps").format(
                T=config.seq_len - 10)  # fmt: skip
        if config.data:
            shown = self.tr("series") if kind == "series" else self.tr("text")
            where = f"{html.escape(info.name if info else config.data)} ({shown})"
            if info is not None and info.missing_filled:
                where += "<br>" + self.tr("{n} missing values filled").format(
                    n=info.missing_filled)  # fmt: skip
            where += self._text_notes(info) + self._series_notes(info)
        if info is not None:
            self.controls.set_sizes(info.input_size, info.output_size)
        self.controls.set_config(config, where, kind)
        self.controls.mark_varied(varied)

    def _series_notes(self, info: RunInfo | None) -> str:
        """A series' lines in the data box: its inputs and time column."""
        if info is None or info.kind != "series":
            return ""
        notes = ""
        if info.input_names:
            notes += "<br>" + self.tr("inputs: {names}").format(
                names=html.escape(", ".join(info.input_names)))  # fmt: skip
        if info.time_name:
            notes += "<br>" + self.tr("time: {name}").format(name=html.escape(info.time_name))
        return notes

    def _text_notes(self, info: RunInfo | None) -> str:
        """A text's lines in the data box: control characters removed, a costly vocabulary."""
        if info is None or info.kind != "text":
            return ""
        notes = ""
        if info.control_removed:
            notes += "<br>" + self.tr("{n} control characters removed").format(
                n=f"{info.control_removed:,}")  # fmt: skip
        if info.input_size > LARGE_VOCAB:
            notes += "<br>" + self.tr(
                "{v} distinct characters: the output layer alone has {w} weights; a smaller "
                "text, or one without its rare characters, trains faster"
            ).format(v=f"{info.input_size:,}", w=f"{info.input_size * info.hidden:,}")
        return notes

    def _check_glyphs(self, info: RunInfo) -> None:
        """Say so when no installed font draws the text's characters (they would be boxes)."""
        message = missing_glyphs_message(info.text) if info.text else None
        self.font_note.setText(f"⚠ {message}" if message else "")
        self.font_note.setVisible(bool(message))
        if message and message != self.last_warning:
            self.last_warning = message
            if self.scripted:
                print(f"warning: {message}", file=sys.stderr)

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

    def pin_views(self, snap: Snapshot | None) -> None:
        """Replay: every solo view on `snap` (None: live), the history panels marking its
        step."""
        for view in self.solo_views:
            view.pin(snap)
        odds = self.training.predictions.odds
        if snap is not None:
            from rnnviz.gui.odds import REPLAY_NOTE

            odds.clear_odds(REPLAY_NOTE)
        elif odds.logits is None:
            odds.clear_odds()
        for panel in self.panels:
            if isinstance(panel, HistoryPanel):
                panel.mark(None if snap is None else snap.probe.step)

    def draw_now(self) -> None:
        """Bring every view up to the newest snapshot at once (before exports)."""
        for view in self.views:
            view.draw_now()
        self._show_status()

    def status_text(self, step, loss: str, val: str, rate: float, lr: float, running: bool,
                    threads: int = 0) -> str:  # fmt: skip
        """The run's numbers for the status bar, with the thread count training uses."""
        end = self.controls.steps.value()
        if running:
            state = self.tr("running")
        elif end and step is not None and step >= end:  # Space now trains on without end
            state = self.tr("done: {n} steps (Space trains on)").format(n=end)
        else:
            state = self.tr("paused")
        count = self.tr("1 thread") if threads == 1 else self.tr("{n} threads").format(n=threads)
        return self.tr("step {step}   loss {loss}   val {val}   {rate} steps/s   lr {lr}   "
                       "{threads}   {state}  ").format(step=step, loss=loss, val=val,
                                                       rate=f"{rate:.0f}", lr=f"{lr:g}",
                                                       threads=count, state=state)  # fmt: skip

    def _show_status(self) -> None:
        """The active run's numbers, a few times a second."""
        if self.comparing:
            c = self.comparison
            text = "" if c.latest is None else self.compare.status_text(c.mean_rate(), c.running)
        else:
            snap = self.solo.latest
            if snap is None:
                return

            def fmt(v):
                return f"{v:.4g}" if math.isfinite(v) else "–"

            text = self.status_text(snap.step, fmt(snap.train_loss), fmt(snap.val_loss),
                                    snap.steps_per_second, snap.lr, self.solo.running,
                                    snap.threads)  # fmt: skip
        if text != self.stats.text():
            self.stats.setText(text)

    def show_callout_message(self, text: str) -> None:
        """A callout in the status bar (shortened; the note has it all); on stderr when
        scripted, so a scripted run logs when each callout appeared."""
        self.statusBar().showMessage(status_line(text), 15_000)
        if self.scripted:
            print(text, file=sys.stderr, flush=True)

    # ------------------------------------------------------------------------ errors

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

    # ----------------------------------------------------------------------- closing

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        QTimer.singleShot(0, self._lay_out_hidden_views)

    def _lay_out_hidden_views(self) -> None:
        """Views in tabs not shown are laid out at the shown one's size (a hidden scroll area
        leaves its view at its size hint), so their exports and the lab report draw them as
        they would look."""
        shown = self.tabs.currentWidget()
        size = shown.viewport().size()
        for area in self._areas.values():
            if area is not shown:
                view, least = area.widget(), area.widget().minimumSizeHint()
                view.resize(max(size.width(), least.width()), max(size.height(), least.height()))

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._lay_out_hidden_views()
        if not self._frozen:
            # Move the objects of torch, Qt and pyqtgraph out of the collector's sight: a
            # full collection over them stalled the GUI thread for 120-140 ms (measured).
            self._frozen = True
            gc.collect()
            gc.freeze()

    def shutdown(self) -> None:
        """Stop the workers and wait for their threads; safe to call twice."""
        from rnnviz.gui.tasks import wait_all

        QApplication.instance().removeEventFilter(self)
        self.stop_sweep()
        self.status_timer.stop()
        for view in self.views:
            view.timer.stop()
        self.cancel_reading()
        for ctrl in (self.comparison, self.solo):
            ctrl.shutdown()
        wait_all()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.shutdown()
        if not self.scripted:
            settings.save_geometry(self.saveGeometry())
        super().closeEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(urls[0].toLocalFile()))
