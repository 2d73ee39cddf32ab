"""The Compare view: 2-4 variants of one configuration, differing in one setting, trained in
lockstep on one worker thread (a ComparisonRun), drawn overlaid and side by side.

The shared settings are the Training controls' (the left column); the view chooses the setting
to vary and its values. The live controls (lr, clipping, temperature) act on every variant
except the varied setting, which each variant keeps. A variant that diverges stops alone and the
view says so. Preset callouts appear as notes on the panel they name.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.comparison import VARY_KEYS, ComparisonSnapshot, Vary, write_comparison
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import DataError
from rnnviz.core.export import ExportError
from rnnviz.gui.dashboard import Dashboard
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import ElidedLabel, Note, Panel
from rnnviz.gui.plots.compare import PANEL_CLASSES

# What the values box proposes for each setting (each a lesson of its own).
SUGGESTED = {
    "cell": "rnn,lstm,gru", "clip": "off,norm", "lr": "0.001,0.01,0.1",
    "optimizer": "adam,sgd", "hidden": "8,32", "layers": "1,2", "seq-len": "10,50",
    "forget-bias": "0,1",
}  # fmt: skip
USER_ERRORS = (ConfigError, DataError, ExportError)
KEY_NAMES = {  # the settings a comparison can vary, as the key box shows them
    "cell": QT_TRANSLATE_NOOP("CompareView", "cell"),
    "clip": QT_TRANSLATE_NOOP("CompareView", "clip"),
    "lr": QT_TRANSLATE_NOOP("CompareView", "lr"),
    "optimizer": QT_TRANSLATE_NOOP("CompareView", "optimizer"),
    "hidden": QT_TRANSLATE_NOOP("CompareView", "hidden"),
    "layers": QT_TRANSLATE_NOOP("CompareView", "layers"),
    "seq-len": QT_TRANSLATE_NOOP("CompareView", "seq-len"),
    "forget-bias": QT_TRANSLATE_NOOP("CompareView", "forget-bias"),
    "init": QT_TRANSLATE_NOOP("CompareView", "init"),
    "init-scale": QT_TRANSLATE_NOOP("CompareView", "init-scale"),
}
# Four overlaid panels in the first row, the side-by-side heatmaps in the second (wide).
PLACES = [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (0, 3, 1, 1), (1, 0, 1, 2), (1, 2, 1, 2)]


class CompareDashboard(Dashboard):
    """The six comparison panels; frames drawn from ComparisonSnapshots."""

    title = QT_TRANSLATE_NOOP("View", "Compare")

    def __init__(self, parent=None) -> None:
        super().__init__([cls() for cls in PANEL_CLASSES], 4, parent, PLACES)
        for panel in self.panels:
            # Rows share the height by their stretch, not by the canvases' size hints (which
            # gave the curves 3x the heatmaps' height).
            panel.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)

    @staticmethod
    def new_probe(snap: ComparisonSnapshot, drawn: ComparisonSnapshot) -> bool:
        return any(a.probe is not b.probe
                   for a, b in zip(snap.snapshots, drawn.snapshots, strict=True))  # fmt: skip


class CompareView(QWidget):
    """A tab: the setup row, notes, and the comparison dashboard.

    The window sets `base_config` (the shared settings), `report_error` and `confirm`, and
    connects `started` (pause the solo run), `training_stopped` and `callout_shown`.
    """

    title = QT_TRANSLATE_NOOP("View", "Compare")
    started = Signal()  # the comparison started training: nothing else may train now
    training_stopped = Signal()  # paused, its steps done, or every variant stopped
    callout_shown = Signal(str)  # "panel title: text", for the status bar
    rebuilt = Signal()  # new variants (the window updates which controls act)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = translate("View", self.title)
        self.base_config: Callable[[], Config] = Config
        self.report_error: Callable[[str], None] = lambda message: None
        self.confirm: Callable[[str], bool] = lambda question: True
        self.run = None  # a gui.worker.ComparisonRun
        self.info = None  # its ComparisonInfo
        self.latest: ComparisonSnapshot | None = None
        self.preset = None  # core.presets.Preset while one is loaded
        self.callouts = None  # core.presets.Callouts of the current run
        self.target_steps: int | None = None
        self.dashboard = CompareDashboard()
        self.key = QComboBox()
        for key in VARY_KEYS:  # shown in the window's language, the key as the item's data
            self.key.addItem(translate("CompareView", KEY_NAMES.get(key, key)), key)
        self.key.setToolTip(self.tr("The setting the variants differ in"))
        self.values = QLineEdit(SUGGESTED["cell"])
        self.values.setToolTip(self.tr("2 to 4 values separated by commas"))
        self.start_button = QPushButton(self.tr("▶ Start"))
        self.start_button.setToolTip(self.tr("Train every variant in lockstep, or pause (Space)"))
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("One step of every variant (S)"))
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setToolTip(
            self.tr(
                "New variants from the settings now: the left "
                "column's shared settings and the values here"
            )
        )
        self.message = ElidedLabel()
        self.message.setObjectName("compare_message")
        self.lesson = QLabel()
        self.lesson.setObjectName("lesson")
        self.lesson.setWordWrap(True)
        self.lesson.setStyleSheet("background:#e8f1fb; color:#123; padding:3px 8px;")
        self.lesson.hide()
        self.stopped_banner = QLabel()
        self.stopped_banner.setObjectName("stopped_banner")
        self.stopped_banner.setWordWrap(True)
        self.stopped_banner.setStyleSheet("background:#fdecea; color:#8a1c1c; padding:3px 8px;")
        self.stopped_banner.hide()
        self.note = Note()  # callouts for the view as a whole
        row = QHBoxLayout()
        row.setContentsMargins(4, 2, 4, 0)
        row.addWidget(QLabel(self.tr("Vary")))
        row.addWidget(self.key)
        row.addWidget(self.values, 1)
        for b in (self.start_button, self.step_button, self.new_button):
            row.addWidget(b)
        row.addWidget(self.message, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        for w in (self.lesson, self.stopped_banner, self.note):
            layout.addWidget(w)
        layout.addWidget(self.dashboard, 1)
        self.key.activated.connect(self._on_key_chosen)
        self.values.textEdited.connect(lambda _: self._check_values())
        self.values.returnPressed.connect(self.toggle)
        self.start_button.clicked.connect(self.toggle)
        self.step_button.clicked.connect(self.step_once)
        self.new_button.clicked.connect(lambda: self.build(self.base_config()))
        self._check_values()

    # -------------------------------------------------------------- the view protocol

    @property
    def panels(self) -> list[Panel]:
        return self.dashboard.panels

    @property
    def timer(self):
        return self.dashboard.timer

    @property
    def frames_drawn(self) -> int:
        return self.dashboard.frames_drawn

    def draw_now(self) -> None:
        if self.run is not None:
            self.dashboard.draw_now()

    @property
    def running(self) -> bool:
        return self.run is not None and self.run.running

    # ------------------------------------------------------------------- the settings

    def vary(self) -> Vary:
        """The Vary the setup row describes (raises ConfigError, one line)."""
        return Vary(self.key.currentData(), self.values.text())

    def _on_key_chosen(self, _=None) -> None:
        self.values.setText(SUGGESTED.get(self.key.currentData(), ""))
        self._check_values()

    def _check_values(self) -> bool:
        try:
            self.vary().configs(self.base_config())
        except ConfigError as e:
            self.say(str(e), error=True)
            return False
        self.say(self._describe())
        return True

    def _describe(self) -> str:
        c = self.base_config()
        return self.tr(
            "shared: {cell} H{H} L{L} T{T}, {data}, seed {seed} (the left column's settings)"
        ).format(
            cell=c.cell.upper(),
            H=c.hidden,
            L=c.layers,
            T=c.seq_len,
            seed=c.seed,
            data=Path(c.data).name if c.data else self.tr("sine"),
        )

    def say(self, text: str, error: bool = False) -> None:
        self.message.set_text(text)
        self.message.setStyleSheet("color:#b00020;" if error else "color:#555;")

    def set_vary(self, vary: Vary) -> None:
        self.key.setCurrentIndex(self.key.findData(vary.key))
        self.values.setText(vary.text.partition("=")[2])

    # ---------------------------------------------------------------------- the run

    def build(self, base: Config, vary: Vary | None = None, preset=None) -> bool:
        """New variants of `base` (the setup row's Vary unless given); replaces the current
        comparison (asking first if it has trained). False, with one error line, if the
        settings cannot work."""
        from rnnviz.gui.worker import ComparisonRun

        try:
            vary = vary or self.vary()
            vary.configs(base)
        except ConfigError as e:
            self.report_error(str(e))
            return False
        if (self.latest is not None and self.latest.step > 0
                and not self.confirm(self.tr("New variants: the comparison restarts from step 0 "
                                             "(step {step} is lost). Continue?").format(
                                                 step=self.latest.step))):  # fmt: skip
            return False
        run = None
        try:
            run = ComparisonRun(base, vary)
            first = run.call(lambda: run.comparison.snapshot())
            callouts = preset and run.call(lambda: preset.callouts_for(run.comparison))
        except Exception as e:  # a bad file or setting: the old comparison stays
            if run is not None:
                run.shutdown()
            user = isinstance(e, USER_ERRORS)
            self.report_error(str(e) if user else self.tr("could not start: {error}").format(
                error=f"{type(e).__name__}: {e}"))  # fmt: skip
            return False
        self.shutdown()
        self.run, self.info, self.preset, self.callouts = run, run.info, preset, callouts or None
        self.target_steps = preset.steps if preset is not None else None
        run.worker.snapshot_ready.connect(self._on_snapshot_ready)
        run.worker.stopped.connect(self._on_stopped)
        run.worker.failed.connect(self.report_error)
        self.set_vary(vary)
        self.dashboard.reset(run.info)
        self._clear_notes()
        self.stopped_banner.hide()
        self.lesson.setText(f"<b>{preset.name}</b>: {preset.lesson}" if preset else "")
        # (a preset arrives translated: Experiments.load)
        self.lesson.setVisible(preset is not None)
        self.latest = None
        self._on_snapshot_ready(first, force=True)
        self.draw_now()
        self._set_running(False)
        self.say(
            self._describe()
            if preset is None
            else self.tr("preset {name}: {steps} steps; Start runs it").format(
                name=preset.name, steps=preset.steps
            )
        )
        self.rebuilt.emit()
        return True

    def _needs_build(self) -> bool:
        if self.run is None:
            return True
        try:  # new values in the row: new variants (the shared settings change with New)
            return self.vary() != self.run.vary
        except ConfigError:
            return False  # the row is being edited; keep training what there is

    def _base(self) -> Config:
        """What new values in the row vary: a loaded preset's settings, else the left
        column's."""
        return self.info.base if self.preset is not None else self.base_config()

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def start(self, steps: int | None = None) -> bool:
        """Start (building the variants first if the settings changed); the window pauses
        the solo run on `started`. A preset runs up to its steps."""
        if self._needs_build() and not self.build(self._base()):
            return False
        if self.run.running:
            return True
        if steps is None and self.target_steps is not None:
            left = self.target_steps - self.run.comparison.step_count
            steps = left if left > 0 else None
        self.started.emit()
        self.run.start(steps)
        self._set_running(True)
        return True

    def pause(self) -> None:
        if self.run is not None:
            self.run.pause()

    def step_once(self) -> None:
        if self._needs_build() and not self.build(self._base()):
            return
        if not self.run.running:
            self.started.emit()
            self.run.step()

    def apply_live(self, setting: str, change: Callable, refresh: bool = False) -> None:
        """A live setting for every variant (change(comparison) -> whether it applied)."""
        if self.run is None:
            return
        try:
            applied = change(self.run.comparison)
        except ConfigError as e:
            self.report_error(str(e))
            return
        if not applied:
            self.say(
                self.tr("{setting} is the varied setting here: each variant keeps its own").format(
                    setting=setting
                )
            )
        elif refresh and not self.run.running:
            self.run.refresh()

    def _set_running(self, running: bool) -> None:
        self.start_button.setText(self.tr("❚❚ Pause") if running else self.tr("▶ Start"))
        self.step_button.setEnabled(not running)

    def _on_stopped(self) -> None:
        if self.run is not None and self.sender() is self.run.worker and not self.run.running:
            self._set_running(False)
            self.training_stopped.emit()

    # -------------------------------------------------------------------- snapshots

    def _on_snapshot_ready(self, snap: ComparisonSnapshot, force: bool = False) -> None:
        if not force and (self.run is None or self.sender() is not self.run.worker):
            return  # from a comparison already replaced
        self.latest = snap
        self.dashboard.show_snapshot(snap)
        self._show_stopped(snap)
        if self.callouts is not None:
            for fired in self.callouts.update(snap):
                self.show_callout(fired.panel, fired.text, fired.step)

    def _show_stopped(self, snap: ComparisonSnapshot) -> None:
        stopped = [(n, why) for n, why in zip(snap.names, snap.stopped, strict=True) if why]
        if not stopped:
            return
        line = self.tr("⚠ {name} stopped at step {step}; the others go on. {why}.")
        text = "  ".join(line.format(name=n, step=snap[n].step, why=why) for n, why in stopped)
        if text != self.stopped_banner.text():
            self.stopped_banner.setText(text)
            self.stopped_banner.show()

    def stopped_variants(self) -> list[str]:
        s = self.latest
        return [] if s is None else [n for n, why in zip(s.names, s.stopped, strict=True) if why]

    # --------------------------------------------------------------------- callouts

    def panel_for(self, target: str) -> Panel | None:
        return next((p for p in self.panels if getattr(p, "target", None) == target), None)

    def show_callout(self, target: str, text: str, step: int) -> None:
        panel = self.panel_for(target)
        note = panel.note if panel is not None else self.note
        note.show_text(self.tr("Step {step}: {text}").format(step=step, text=text))
        where = panel.title if panel is not None else self.title
        self.callout_shown.emit(self.tr("Note on {where} at step {step}: {text}").format(
            where=where, step=step, text=text))  # fmt: skip

    def _clear_notes(self) -> None:
        self.note.dismiss()
        for p in self.panels:
            p.note.dismiss()

    # ---------------------------------------------------------------------- exports

    def export(self, folder: str | Path) -> list[Path]:
        """Every panel as PNG, SVG and CSV, plus the core's comparison folder (one run folder
        per variant and comparison.json). Training pauses while the models are saved."""
        from rnnviz.gui.export import FORMATS, export_panel

        folder = Path(folder)
        self.draw_now()
        written = self.run.while_paused(lambda c: write_comparison(c, folder))
        for panel in self.panels:
            for suffix in FORMATS:
                written.append(export_panel(panel, folder / f"{panel.slug}{suffix}"))
        return written

    def status_text(self) -> str:
        s = self.latest
        if s is None:
            return ""
        rate = s.steps_per_second
        if rate <= 0:  # the comparison's own clock ticks at the end of a run: use the variants'
            rates = [v.steps_per_second for v in s.snapshots if v.steps_per_second > 0]
            rate = 1 / sum(1 / r for r in rates) if rates else 0.0
        stopped = self.tr("{name} stopped")
        losses = "  ".join(stopped.format(name=n) if why else f"{n} {v.train_loss:.3g}"
                           if math.isfinite(v.train_loss) else f"{n} –"
                           for n, v, why in zip(s.names, s.snapshots, s.stopped,
                                                strict=True))  # fmt: skip
        state = self.tr("running") if self.running else self.tr("paused")
        return self.tr("compare · step {step}   {losses}   {rate} steps/s   {state}  ").format(
            step=s.step, losses=losses, rate=f"{rate:.0f}", state=state)  # fmt: skip

    def shutdown(self) -> None:
        if self.run is not None:
            self.run.shutdown()
            self.run = None
