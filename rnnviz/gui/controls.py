"""The control column: data source, model shape, training settings, start/pause/step/reset.

Structural settings (cell, sizes, data, optimizer, seed, device) need a reset; learning rate,
clipping, probe cadence and temperature are sent to the running trainer at once.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.config import (
    CELLS,
    CLIP_MODES,
    INITS,
    OPTIMIZERS,
    SCHEDULES,
    SETTING,
    TRANSFORMS,
    Config,
)
from rnnviz.core.params import parameter_counts
from rnnviz.gui.i18n import translate

LR_MIN_EXP, LR_MAX_EXP, LR_TICKS = -5, 0, 10  # slider: 1e-5 .. 1, ten ticks per decade


class LogSlider(QWidget):
    """A learning-rate control: a log-scale slider and an exact spin box, kept in step."""

    value_changed = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(LR_MIN_EXP * LR_TICKS, LR_MAX_EXP * LR_TICKS)
        lr = SETTING["lr"]
        self.spin = QDoubleSpinBox(decimals=6, minimum=lr.low, maximum=lr.high)
        self.spin.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self.spin.valueChanged.connect(self._on_spin_changed)

    def value(self) -> float:
        return self.spin.value()

    def set_value(self, v: float) -> None:
        self.spin.setValue(v)

    def _on_slider_moved(self, tick: int) -> None:
        if round(math.log10(self.spin.value()) * LR_TICKS) != tick:
            self.spin.setValue(float(f"{10 ** (tick / LR_TICKS):.2g}"))

    def _on_spin_changed(self, v: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round(math.log10(v) * LR_TICKS))
        self.slider.blockSignals(False)
        self.value_changed.emit(v)


BIDI_TIP = SETTING["bidirectional"].help
BIDI_TEXT = QT_TRANSLATE_NOOP(
    "ControlPanel",
    ". Off for a text: the reverse direction would read the very characters the model must predict",
)


def parameter_lines(counts) -> list[str]:
    """Every layer's formula, its tensors' shapes under it (grey), the head and the total in
    bold (HTML lines)."""

    def arithmetic(formula: str) -> str:  # core's "name: arithmetic", its name translated here
        return formula.partition(": ")[2]

    directions = (translate("ControlPanel", "forward"), translate("ControlPanel", "reverse"))
    D = 2 if any(c.direction for c in counts.layers) else 1
    lines = []
    for c in counts.layers:
        GH = c.gates * c.hidden
        shapes = (f"{GH}×{c.input_size}", f"{GH}×{c.hidden}", f"{GH}", f"{GH}")
        tensors = ", ".join(f"{name} {shape}" for name, shape in
                            zip(c.tensors, shapes, strict=True))  # fmt: skip
        cell = c.formula.split(" ", 1)[0]  # RNN, LSTM or GRU (core's CELL_LABEL)
        name = translate("ControlPanel", "{cell} layer {layer}").format(
            cell=cell, layer=c.layer + 1
        )
        name += f" {directions[c.direction]}" if D == 2 else ""
        lines.append(html.escape(f"{name}: {arithmetic(c.formula)}"))
        lines.append(f"<span style='color:#666'>&nbsp;&nbsp;{html.escape(tensors)}</span>")
    n_out = counts.head["bias"]
    n_in = counts.head["weight"] // n_out
    lines.append(
        html.escape(translate("ControlPanel", "head") + ": " + arithmetic(counts.head_formula))
    )
    H = counts.layers[-1].hidden
    w_a = f", attention.weight {H}×{H}" if "attention" in counts.head else ""
    lines.append(
        f"<span style='color:#666'>&nbsp;&nbsp;head.weight {n_out}×{n_in}, head.bias {n_out}"
        f"{w_a}</span>"
    )
    total = translate("ControlPanel", "total") + ": " + arithmetic(counts.lines()[-1])
    lines.append(f"<b>{html.escape(total)}</b>")
    return lines


def _spin(field: str) -> QSpinBox:
    """A spin box for an integer setting: the config's own range, help and special text."""
    s = SETTING[field]
    box = QSpinBox(minimum=int(s.low), maximum=int(s.high))
    box.setToolTip(translate("ControlPanel", s.help))
    box.setKeyboardTracking(False)  # a value counts once typed, not per keystroke
    if s.special:
        box.setSpecialValueText(translate("ControlPanel", s.special))
    return box


def _double(field: str, decimals: int, step: float) -> QDoubleSpinBox:
    """A spin box for a number setting: the config's own range and help."""
    s = SETTING[field]
    box = QDoubleSpinBox(decimals=decimals, minimum=s.low, maximum=s.high, singleStep=step)
    box.setToolTip(translate("ControlPanel", s.help))
    box.setKeyboardTracking(False)
    return box


class ControlPanel(QWidget):
    """The settings of the run shown (set_config) as controls whose ranges and help come from
    the settings table; what the user changes is emitted, never applied here."""

    structure_changed = Signal()  # a setting that needs a reset was changed by the user
    live_changed = Signal(str, object)  # (field, value) of a live setting the user changed

    def __init__(self, devices: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(250)
        self.setMaximumWidth(330)
        # Data
        self.data_label = QLabel(self.tr("sine"))
        self.data_label.setWordWrap(True)
        self.data_label.setObjectName("data_label")
        self.open_button = QPushButton(self.tr("Open CSV / text…"))
        self.open_button.setToolTip(
            self.tr("Load your own series (CSV/TSV column) or a UTF-8 text (Ctrl+O)")
        )
        self.sine_button = QPushButton(self.tr("Sine"))
        self.sine_button.setToolTip(self.tr("Back to the built-in noisy sine wave"))
        data_box = QGroupBox(self.tr("Data"))
        dl = QVBoxLayout(data_box)
        dl.addWidget(self.data_label)
        row = QHBoxLayout()
        row.addWidget(self.open_button, 1)
        row.addWidget(self.sine_button)
        dl.addLayout(row)
        # Model (structural)
        self.cell = QComboBox()
        self.cell.addItems([c.upper() if c != "rnn" else "RNN (tanh)" for c in CELLS])
        self.cell.setToolTip(translate("ControlPanel", SETTING["cell"].help))
        self.hidden, self.layers = _spin("hidden"), _spin("layers")
        self.seq_len, self.batch, self.seed = _spin("seq_len"), _spin("batch_size"), _spin("seed")
        self.optimizer = QComboBox()
        self.optimizer.addItems([o.capitalize() if o != "sgd" else "SGD" for o in OPTIMIZERS])
        self.optimizer.setToolTip(translate("ControlPanel", SETTING["optimizer"].help))
        self.device = QComboBox()
        self.device.addItems(devices)
        self.device.setToolTip(translate("ControlPanel", SETTING["device"].help))
        self._build_model_options()
        # A series' model: what it trains on and how many values it predicts at once.
        self.transform = QComboBox()
        names = {
            "none": self.tr("none (values)"),
            "diff": self.tr("diff (changes)"),
            "log": self.tr("log"),
            "logdiff": self.tr("logdiff (relative changes)"),
        }
        self.transform.addItems([names[t] for t in TRANSFORMS])
        self.transform.setToolTip(translate("ControlPanel", SETTING["transform"].help))
        self.horizon = _spin("horizon")
        model_box = QGroupBox(self.tr("Model (changes reset)"))
        ml = QFormLayout(model_box)
        init_row = QHBoxLayout()
        init_row.addWidget(self.init, 1)
        init_row.addWidget(QLabel("×"))
        init_row.addWidget(self.init_scale)
        for field, w in (("cell", self.cell), ("hidden", self.hidden), ("layers", self.layers),
                         ("init", init_row), ("dropout", self.dropout),
                         ("bidirectional", self.bidirectional), ("attention", self.attention),
                         ("seq_len", self.seq_len), ("transform", self.transform),
                         ("horizon", self.horizon), ("batch_size", self.batch),
                         ("optimizer", self.optimizer),
                         ("seed", self.seed), ("device", self.device)):  # fmt: skip
            label = "" if field in ("bidirectional", "attention") else SETTING[field].label
            ml.addRow(translate("ControlPanel", label) if label else "", w)
        ml.addRow(self.params_button)
        ml.addRow(self.params_details)
        # Training (live)
        self.lr = LogSlider()
        self.lr.setToolTip(translate("ControlPanel", SETTING["lr"].help))
        self.clip = QComboBox()
        self.clip.addItems([self.tr("off"), self.tr("by norm"), self.tr("by value")])
        self.clip.setToolTip(translate("ControlPanel", SETTING["clip"].help))
        self.clip_value = _double("clip_value", 4, 0.1)
        self.clip_value.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.probe_every = _spin("probe_every")
        self.temperature = _double("temperature", 2, 0.1)
        # The run's budget: Start trains up to Steps (read when Start is pressed), and the
        # early stop is live.
        self.steps, self.early_stop = _spin("steps"), _spin("early_stop")
        self.schedule = QComboBox()
        self.schedule.addItems([self.tr("constant"), self.tr("step (×0.1 at 50% and 75%)"),
                                self.tr("cosine")])  # fmt: skip
        self.schedule.setToolTip(translate("ControlPanel", SETTING["schedule"].help))
        train_box = QGroupBox(self.tr("Training (live)"))
        tl = QFormLayout(train_box)
        clip_row = QHBoxLayout()
        clip_row.addWidget(self.clip, 1)
        clip_row.addWidget(self.clip_value)
        for field, w in (("lr", self.lr), ("clip", clip_row), ("probe_every", self.probe_every),
                         ("temperature", self.temperature), ("steps", self.steps),
                         ("schedule", self.schedule), ("early_stop", self.early_stop)):  # fmt: skip
            tl.addRow(translate("ControlPanel", SETTING[field].label), w)
        # Buttons
        self.start_button = QPushButton(self.tr("▶ Start"))
        self.start_button.setToolTip(self.tr("Start or pause training (Space)"))
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setToolTip(self.tr("One training step, then a probe (S)"))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("New weights from the current settings (Ctrl+R)"))
        buttons = QHBoxLayout()
        for b in (self.start_button, self.step_button, self.reset_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        for box in (data_box, model_box, train_box):
            layout.addWidget(box)
        layout.addStretch(1)

        # The counts follow the controls first, so they show while a reset is being asked.
        self.cell.currentIndexChanged.connect(lambda _: self.update_parameters())
        for spin in (self.hidden, self.layers):
            spin.valueChanged.connect(lambda _: self.update_parameters())
        self.bidirectional.toggled.connect(lambda _: self.update_parameters())
        self.attention.toggled.connect(lambda _: self.update_parameters())
        for combo in (self.cell, self.optimizer, self.device, self.init, self.transform):
            combo.activated.connect(lambda _: self.structure_changed.emit())
        for spin in (self.hidden, self.layers, self.seq_len, self.batch, self.seed,
                     self.init_scale, self.dropout, self.horizon):  # fmt: skip
            spin.valueChanged.connect(lambda _: self.structure_changed.emit())
        self.bidirectional.clicked.connect(lambda _: self.structure_changed.emit())
        self.attention.clicked.connect(lambda _: self.structure_changed.emit())
        self.lr.value_changed.connect(lambda v: self.live_changed.emit("lr", v))
        self.clip.activated.connect(
            lambda i: self.live_changed.emit("clip", CLIP_MODES[i]))  # fmt: skip
        self.clip_value.valueChanged.connect(lambda v: self.live_changed.emit("clip_value", v))
        self.temperature.valueChanged.connect(lambda v: self.live_changed.emit("temperature", v))
        self.probe_every.valueChanged.connect(lambda n: self.live_changed.emit("probe_every", n))
        self.early_stop.valueChanged.connect(lambda n: self.live_changed.emit("early_stop", n))
        self.schedule.activated.connect(
            lambda i: self.live_changed.emit("schedule", SCHEDULES[i]))  # fmt: skip
        # A wheel turned over the column scrolls it: a box or slider takes the wheel only once
        # clicked into (a new user's scroll changed Hidden 32 -> 33 on its way past).
        for kind in (QAbstractSpinBox, QComboBox, QSlider):
            for w in self.findChildren(kind):
                w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Wheel and not obj.hasFocus():
            event.ignore()  # handed on to the parents: the scroll area scrolls
            return True
        return super().eventFilter(obj, event)

    def clip_setting(self) -> tuple[str, float]:
        return CLIP_MODES[self.clip.currentIndex()], self.clip_value.value()

    def _build_model_options(self) -> None:
        """The initialisation, dropout, bidirectional and attention controls, and the parameter
        counts."""
        self.init = QComboBox()
        names = {"default": self.tr("Default (torch)"), "xavier": "Xavier",
                 "orthogonal": self.tr("Orthogonal")}  # fmt: skip
        self.init.addItems([names.get(s, s.capitalize()) for s in INITS])
        self.init.setToolTip(translate("ControlPanel", SETTING["init"].help))
        self.init_scale = _double("init_scale", 2, 0.1)
        self.dropout = _double("dropout", 2, 0.05)
        self.bidirectional = QCheckBox(translate("ControlPanel", SETTING["bidirectional"].label))
        self.bidirectional.setToolTip(translate("ControlPanel", BIDI_TIP))
        self.attention = QCheckBox(translate("ControlPanel", SETTING["attention"].label))
        self.attention.setToolTip(translate("ControlPanel", SETTING["attention"].help))
        self.io_sizes = (1, 1)  # the data's input and output sizes (V for a text)
        self.series = True  # the data is a series: the horizon sets the output size
        self.params_button = QToolButton()
        self.params_button.setObjectName("params_button")
        self.params_button.setCheckable(True)
        self.params_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.params_button.setAutoRaise(True)
        self.params_button.setArrowType(Qt.ArrowType.RightArrow)
        self.params_button.toggled.connect(self._show_parameter_details)
        self.params_details = QLabel()
        self.params_details.setObjectName("params_details")
        self.params_details.setWordWrap(True)
        self.params_details.setTextFormat(Qt.TextFormat.RichText)
        self.params_details.setStyleSheet("font-size: 7.5pt; color: #333;")  # a formula a line
        self.params_details.hide()

    def set_sizes(self, input_size: int, output_size: int) -> None:
        """The data's input and output sizes, for the parameter counts."""
        self.io_sizes = (input_size, output_size)
        self.update_parameters()

    def parameter_counts(self):
        """core's ParameterCounts for the model the controls describe now: a series' head
        has one output per step of the Horizon box (before the reset builds it), other data
        the outputs it has."""
        outputs = self.horizon.value() if self.series else self.io_sizes[1]
        return parameter_counts(
            CELLS[self.cell.currentIndex()], self.io_sizes[0], self.hidden.value(),
            self.layers.value(), outputs, self.bidirectional.isChecked(),
            self.attention.isChecked(),
        )  # fmt: skip

    def update_parameters(self) -> None:
        """The total on the button, every layer's formula and tensor in its tooltip and in
        the details it expands."""
        counts = self.parameter_counts()
        self.params_button.setText(self.tr("Parameters: {n}").format(n=f"{counts.total:,}"))
        lines = parameter_lines(counts)
        self.params_button.setToolTip("<br>".join(lines))
        self.params_details.setText("<br>".join(lines))

    def _show_parameter_details(self, shown: bool) -> None:
        self.params_details.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.params_button.setArrowType(arrow)

    def offer_device(self, name: str, available: bool) -> None:
        """Add `name` to the devices (a run's torch sees it) unless it is there already."""
        if available and self.device.findText(name) < 0:
            self.device.addItem(name)

    def set_config(self, c: Config, data_text: str, kind: str) -> None:
        """Show a config without emitting any change signal."""
        widgets = (self.cell, self.hidden, self.layers, self.seq_len, self.batch, self.optimizer,
                   self.seed, self.device, self.lr, self.clip, self.clip_value,
                   self.probe_every, self.temperature, self.init, self.init_scale,
                   self.dropout, self.bidirectional, self.attention, self.steps,
                   self.early_stop, self.schedule, self.transform, self.horizon)  # fmt: skip
        for w in widgets:
            w.blockSignals(True)
        self.lr.spin.blockSignals(True)
        try:
            self.cell.setCurrentIndex(CELLS.index(c.cell))
            self.hidden.setValue(c.hidden)
            self.layers.setValue(c.layers)
            self.seq_len.setValue(c.seq_len)
            self.batch.setValue(c.batch_size)
            self.optimizer.setCurrentIndex(OPTIMIZERS.index(c.optimizer))
            self.seed.setValue(c.seed)
            idx = self.device.findText(c.device)
            self.device.setCurrentIndex(max(idx, 0))
            self.lr.set_value(c.lr)
            self.lr.slider.setValue(round(math.log10(c.lr) * LR_TICKS))
            self.clip.setCurrentIndex(CLIP_MODES.index(c.clip))
            self.clip_value.setValue(c.clip_value)
            self.probe_every.setValue(c.probe_every)
            self.temperature.setValue(c.temperature)
            self.init.setCurrentIndex(INITS.index(c.init))
            self.init_scale.setValue(c.init_scale)
            self.dropout.setValue(c.dropout)
            self.bidirectional.setChecked(c.bidirectional)
            self.attention.setChecked(c.attention)
            self.steps.setValue(c.steps)
            self.early_stop.setValue(c.early_stop)
            self.schedule.setCurrentIndex(SCHEDULES.index(c.schedule))
            self.transform.setCurrentIndex(TRANSFORMS.index(c.transform))
            self.horizon.setValue(c.horizon)
        finally:
            for w in widgets:
                w.blockSignals(False)
            self.lr.spin.blockSignals(False)
        self.temperature.setEnabled(kind == "text")
        self.series = kind == "series"
        for w in (self.transform, self.horizon):  # a series' settings: not text, not a task
            w.setEnabled(self.series)
        self.bidirectional.setEnabled(kind != "text")
        self.attention.setEnabled(kind != "text" and not (c.data is None and c.task == "copy"))
        self.bidirectional.setToolTip(translate("ControlPanel", BIDI_TIP) + (
            translate("ControlPanel", BIDI_TEXT) if kind == "text" else ""))  # fmt: skip
        self.data_label.setText(data_text)
        self.update_parameters()

    def structure(self, base: Config) -> Config:
        """`base` with the structural and live settings as the controls show them."""
        return base.replace(
            cell=CELLS[self.cell.currentIndex()], hidden=self.hidden.value(),
            layers=self.layers.value(), seq_len=self.seq_len.value(),
            batch_size=self.batch.value(), optimizer=OPTIMIZERS[self.optimizer.currentIndex()],
            seed=self.seed.value(), device=self.device.currentText(), lr=self.lr.value(),
            clip=CLIP_MODES[self.clip.currentIndex()], clip_value=self.clip_value.value(),
            probe_every=self.probe_every.value(), temperature=self.temperature.value(),
            init=INITS[self.init.currentIndex()], init_scale=self.init_scale.value(),
            dropout=self.dropout.value(), bidirectional=self.bidirectional.isChecked(),
            attention=self.attention.isChecked(),
            steps=self.steps.value(), early_stop=self.early_stop.value(),
            schedule=SCHEDULES[self.schedule.currentIndex()],
            transform=TRANSFORMS[self.transform.currentIndex()] if self.series else "none",
            horizon=self.horizon.value() if self.series else 1,
        )  # fmt: skip

    def mark_varied(self, key: str | None) -> None:
        """Disable the control of the setting a comparison varies (each variant keeps its
        own value); None enables them all again."""
        controls = {"cell": self.cell, "hidden": self.hidden, "layers": self.layers,
                    "seq-len": self.seq_len, "optimizer": self.optimizer, "lr": self.lr,
                    "clip": self.clip, "init": self.init,
                    "init-scale": self.init_scale}  # fmt: skip
        for name, widget in controls.items():
            widget.setEnabled(name != key)

    def set_running(self, running: bool) -> None:
        self.start_button.setText(self.tr("❚❚ Pause") if running else self.tr("▶ Start"))
        self.step_button.setEnabled(not running)
