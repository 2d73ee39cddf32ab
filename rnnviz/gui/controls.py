"""The control column: data source, model shape, training settings, start/pause/step/reset.

Structural settings (cell, sizes, data, optimizer, seed, device) need a reset; learning rate,
clipping, probe cadence and temperature are sent to the running trainer at once.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.config import CELLS, CLIP_MODES, OPTIMIZERS, Config

LR_MIN_EXP, LR_MAX_EXP, LR_TICKS = -5, 0, 10  # slider: 1e-5 .. 1, ten ticks per decade


class LogSlider(QWidget):
    """A learning-rate control: a log-scale slider and an exact spin box, kept in step."""

    value_changed = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(LR_MIN_EXP * LR_TICKS, LR_MAX_EXP * LR_TICKS)
        self.spin = QDoubleSpinBox(decimals=6, minimum=1e-6, maximum=10.0)
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


def _spin(low: int, high: int, tip: str, special: str | None = None) -> QSpinBox:
    s = QSpinBox(minimum=low, maximum=high)
    s.setToolTip(tip)
    s.setKeyboardTracking(False)  # a value counts once typed, not per keystroke
    if special:
        s.setSpecialValueText(special)
    return s


class ControlPanel(QWidget):
    structure_changed = Signal()  # a setting that needs a reset was changed by the user
    lr_changed = Signal(float)
    clip_changed = Signal(str, float)
    temperature_changed = Signal(float)
    probe_every_changed = Signal(int)

    def __init__(self, devices: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(250)
        self.setMaximumWidth(330)
        # Data
        self.data_label = QLabel("sine")
        self.data_label.setWordWrap(True)
        self.data_label.setObjectName("data_label")
        self.open_button = QPushButton("Open CSV / text…")
        self.open_button.setToolTip(
            "Load your own series (CSV/TSV column) or a UTF-8 text (Ctrl+O)"
        )
        self.sine_button = QPushButton("Sine")
        self.sine_button.setToolTip("Back to the built-in noisy sine wave")
        data_box = QGroupBox("Data")
        dl = QVBoxLayout(data_box)
        dl.addWidget(self.data_label)
        row = QHBoxLayout()
        row.addWidget(self.open_button, 1)
        row.addWidget(self.sine_button)
        dl.addLayout(row)
        # Model (structural)
        self.cell = QComboBox()
        self.cell.addItems([c.upper() if c != "rnn" else "RNN (tanh)" for c in CELLS])
        self.cell.setToolTip("Vanilla RNN (tanh), LSTM (gates i, f, g, o) or GRU (gates r, z, n)")
        self.hidden = _spin(1, 1024, "Hidden units per layer (H)")
        self.layers = _spin(1, 8, "Stacked recurrent layers (L)")
        self.seq_len = _spin(1, 1000, "Time steps per window (T): how far back the model sees")
        self.batch = _spin(
            0, 65536, "Windows per step; auto = full batch for a series, 64 for text", "auto"
        )
        self.optimizer = QComboBox()
        self.optimizer.addItems([o.capitalize() if o != "sgd" else "SGD" for o in OPTIMIZERS])
        self.seed = _spin(0, 2**31 - 1, "Random seed of the initial weights and the batches")
        self.device = QComboBox()
        self.device.addItems(devices)
        self.device.setToolTip("Where training runs; probes always run on the CPU")
        model_box = QGroupBox("Model (changes reset)")
        ml = QFormLayout(model_box)
        for label, w in (("Cell", self.cell), ("Hidden", self.hidden), ("Layers", self.layers),
                         ("Seq len", self.seq_len), ("Batch", self.batch),
                         ("Optimizer", self.optimizer), ("Seed", self.seed),
                         ("Device", self.device)):  # fmt: skip
            ml.addRow(label, w)
        # Training (live)
        self.lr = LogSlider()
        self.lr.setToolTip("Learning rate, log scale; takes effect at the next step")
        self.clip = QComboBox()
        self.clip.addItems(["off", "by norm", "by value"])
        self.clip.setToolTip("Gradient clipping: rescale the whole gradient to at most the "
                             "threshold (norm), or cut each component (value); live")  # fmt: skip
        self.clip_value = QDoubleSpinBox(decimals=4, minimum=1e-4, maximum=1e4, value=1.0)
        self.clip_value.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.clip_value.setToolTip("Clipping threshold")
        self.probe_every = _spin(0, 100000, "Probe every N steps; auto = a few times a second "
                                 "within 3% of the time", special="auto")  # fmt: skip
        self.temperature = QDoubleSpinBox(decimals=2, minimum=0.05, maximum=5.0, singleStep=0.1)
        self.temperature.setToolTip("Text sampling temperature: low = safe, high = surprising")
        train_box = QGroupBox("Training (live)")
        tl = QFormLayout(train_box)
        tl.addRow("Learning rate", self.lr)
        clip_row = QHBoxLayout()
        clip_row.addWidget(self.clip, 1)
        clip_row.addWidget(self.clip_value)
        tl.addRow("Clipping", clip_row)
        tl.addRow("Probe", self.probe_every)
        tl.addRow("Temperature", self.temperature)
        # Buttons
        self.start_button = QPushButton("▶ Start")
        self.start_button.setToolTip("Start or pause training (Space)")
        self.step_button = QPushButton("Step")
        self.step_button.setToolTip("One training step, then a probe (S)")
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("New weights from the current settings (Ctrl+R)")
        buttons = QHBoxLayout()
        for b in (self.start_button, self.step_button, self.reset_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        for box in (data_box, model_box, train_box):
            layout.addWidget(box)
        layout.addStretch(1)

        for combo in (self.cell, self.optimizer, self.device):
            combo.activated.connect(lambda _: self.structure_changed.emit())
        for spin in (self.hidden, self.layers, self.seq_len, self.batch, self.seed):
            spin.valueChanged.connect(lambda _: self.structure_changed.emit())
        self.lr.value_changed.connect(self.lr_changed)
        self.clip.activated.connect(lambda _: self._emit_clip())
        self.clip_value.valueChanged.connect(lambda _: self._emit_clip())
        self.temperature.valueChanged.connect(self.temperature_changed)
        self.probe_every.valueChanged.connect(self.probe_every_changed)

    def clip_setting(self) -> tuple[str, float]:
        return CLIP_MODES[self.clip.currentIndex()], self.clip_value.value()

    def _emit_clip(self) -> None:
        self.clip_changed.emit(*self.clip_setting())

    def set_config(self, c: Config, data_text: str, kind: str) -> None:
        """Show a config without emitting any change signal."""
        widgets = (self.cell, self.hidden, self.layers, self.seq_len, self.batch, self.optimizer,
                   self.seed, self.device, self.lr, self.clip, self.clip_value,
                   self.probe_every, self.temperature)  # fmt: skip
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
        finally:
            for w in widgets:
                w.blockSignals(False)
            self.lr.spin.blockSignals(False)
        self.temperature.setEnabled(kind == "text")
        self.data_label.setText(data_text)

    def structure(self, base: Config) -> Config:
        """`base` with the structural and live settings as the controls show them."""
        return base.replace(
            cell=CELLS[self.cell.currentIndex()], hidden=self.hidden.value(),
            layers=self.layers.value(), seq_len=self.seq_len.value(),
            batch_size=self.batch.value(), optimizer=OPTIMIZERS[self.optimizer.currentIndex()],
            seed=self.seed.value(), device=self.device.currentText(), lr=self.lr.value(),
            clip=CLIP_MODES[self.clip.currentIndex()], clip_value=self.clip_value.value(),
            probe_every=self.probe_every.value(), temperature=self.temperature.value(),
        )  # fmt: skip

    def mark_varied(self, key: str | None) -> None:
        """Disable the control of the setting a comparison varies (each variant keeps its
        own value); None enables them all again."""
        controls = {"cell": self.cell, "hidden": self.hidden, "layers": self.layers,
                    "seq-len": self.seq_len, "optimizer": self.optimizer, "lr": self.lr,
                    "clip": self.clip}  # fmt: skip
        for name, widget in controls.items():
            widget.setEnabled(name != key)

    def set_running(self, running: bool) -> None:
        self.start_button.setText("❚❚ Pause" if running else "▶ Start")
        self.step_button.setEnabled(not running)
