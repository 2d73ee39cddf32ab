"""The Compare view: 2-4 variants of one configuration, differing in one setting, drawn
overlaid and side by side. It holds no run: the window's ComparisonController trains them, and
the view draws what it is given (reset, show_snapshot) and asks for what the user wants
(build_requested, start_requested, step_requested).

The shared settings are the left column's; the view chooses the setting to vary and its
values. A variant that diverges stops alone and the view says so. Preset callouts appear as
notes on the panel they name.
"""

from __future__ import annotations

import math
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

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.variants import VARY_KEYS, ComparisonInfo, ComparisonSnapshot, Vary
from rnnviz.gui.dashboard import Dashboard
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import ElidedLabel, Note, Panel
from rnnviz.gui.plots.compare import PANEL_CLASSES

# What the values box proposes for each setting (each a lesson of its own).
SUGGESTED = {
    "cell": "rnn,lstm,gru", "clip": "off,norm", "lr": "0.001,0.01,0.1",
    "optimizer": "adam,sgd", "hidden": "8,32", "layers": "1,2", "seq-len": "10,50",
    "forget-bias": "0,1", "attention": "off,on",
}  # fmt: skip
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
    "attention": QT_TRANSLATE_NOOP("CompareView", "attention"),
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
    """A tab: the setup row, the lesson and notes, and the comparison dashboard."""

    title = QT_TRANSLATE_NOOP("View", "Compare")
    build_requested = Signal(object)  # a Vary: new variants from the shared settings
    start_requested = Signal()  # Start/pause pressed (or Enter in the values box)
    step_requested = Signal()
    callout_shown = Signal(str)  # "Note on <panel> at step N: text", for the status bar

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = translate("View", self.title)
        self.base = Config()  # the shared settings the row describes (the window sets them)
        self.info: ComparisonInfo | None = None
        self.latest: ComparisonSnapshot | None = None
        self.callouts = None  # core.presets.Callouts of the shown run
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
        self.values.textEdited.connect(lambda _: self.check_values())
        self.values.returnPressed.connect(self.start_requested)
        self.start_button.clicked.connect(self.start_requested)
        self.step_button.clicked.connect(self.step_requested)
        self.new_button.clicked.connect(self._on_new)
        self.check_values()

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
        if self.info is not None:
            self.dashboard.draw_now()

    def reset(self, info: ComparisonInfo, preset=None, callouts=None) -> None:
        """New variants: every panel forgets the old ones; a preset's lesson shows."""
        self.info, self.latest, self.callouts = info, None, callouts
        self.dashboard.reset(info)
        self._clear_notes()
        self.stopped_banner.hide()
        self.set_vary(Vary(info.key, info.values))
        self.lesson.setText(f"<b>{preset.name}</b>: {preset.lesson}" if preset else "")
        self.lesson.setVisible(preset is not None)  # (a preset arrives translated)
        self.say(
            self.describe()
            if preset is None
            else self.tr("preset {name}: {steps} steps; Start runs it").format(
                name=preset.name, steps=preset.steps
            )
        )

    def show_snapshot(self, snap: ComparisonSnapshot) -> None:
        self.latest = snap
        self.dashboard.show_snapshot(snap)
        self._show_stopped(snap)
        if self.callouts is not None:
            for fired in self.callouts.update(snap):
                self.show_callout(fired.panel, fired.text, fired.step)

    def set_running(self, running: bool) -> None:
        self.start_button.setText(self.tr("❚❚ Pause") if running else self.tr("▶ Start"))
        self.step_button.setEnabled(not running)

    # ------------------------------------------------------------------- the settings

    def vary(self) -> Vary:
        """The Vary the setup row describes (raises ConfigError, one line)."""
        return Vary(self.key.currentData(), self.values.text())

    def wanted(self) -> Vary | None:
        """The row's Vary if it differs from the variants shown (None: the same, or the row
        is being edited and does not parse)."""
        try:
            vary = self.vary()
        except ConfigError:
            return None
        shown = None if self.info is None else Vary(self.info.key, self.info.values)
        return None if vary == shown else vary

    def _on_key_chosen(self, _=None) -> None:
        self.values.setText(SUGGESTED.get(self.key.currentData(), ""))
        self.check_values()

    def _on_new(self) -> None:
        if self.check_values():
            self.build_requested.emit(self.vary())

    def set_base(self, base: Config) -> None:
        """The shared settings the variants would start from (the left column's)."""
        self.base = base
        self.check_values()

    def check_values(self) -> bool:
        try:
            self.vary().configs(self.base)
        except ConfigError as e:
            self.say(str(e), error=True)
            return False
        self.say(self.describe())
        return True

    def describe(self) -> str:
        c = self.base
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

    # -------------------------------------------------------------------- snapshots

    def _show_stopped(self, snap: ComparisonSnapshot) -> None:
        stopped = [(n, why) for n, why in zip(snap.names, snap.stopped, strict=True) if why]
        if not stopped:
            return
        line = self.tr("⚠ {name} stopped at step {step}; the others go on. {why}.")
        text = "  ".join(line.format(name=n, step=snap[n].step, why=why) for n, why in stopped)
        if text != self.stopped_banner.text():
            self.stopped_banner.setText(text)
            self.stopped_banner.show()

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

    def status_text(self, rate: float, running: bool) -> str:
        s = self.latest
        if s is None:
            return ""
        stopped = self.tr("{name} stopped")
        losses = "  ".join(stopped.format(name=n) if why else f"{n} {v.train_loss:.3g}"
                           if math.isfinite(v.train_loss) else f"{n} –"
                           for n, v, why in zip(s.names, s.snapshots, s.stopped,
                                                strict=True))  # fmt: skip
        state = self.tr("running") if running else self.tr("paused")
        return self.tr("compare · step {step}   {losses}   {rate} steps/s   {state}  ").format(
            step=s.step, losses=losses, rate=f"{rate:.0f}", state=state)  # fmt: skip
