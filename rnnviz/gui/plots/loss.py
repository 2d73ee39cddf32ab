"""Panel 2: training and validation loss over steps, log scale, raw and smoothed."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QDoubleSpinBox

from rnnviz.core.trainer import SMOOTHING
from rnnviz.gui.plots.base import TRAIN, VAL, HistoryPanel, for_log_axis


class LossPanel(HistoryPanel):
    slug = "loss"
    title = QT_TRANSLATE_NOOP("Panel", "Loss")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "Training loss at every step (light blue: raw, blue: smoothed) and validation loss on "
        "held-out data (orange), log scale. MSE in normalized units for a series, "
        "cross-entropy in nats for text. Validation rising while training falls = overfitting. "
        "The smoothed curve is a causal exponential moving average with bias correction "
        "(as TensorBoard's): it starts at the first raw value and never changes what it has "
        "already drawn; the 'smooth' box sets its weight (0 = none, 0.99 = very smooth).",
    )
    smoothing_changed = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.raw = self.add_curve(self.tr("train"), pg.mkPen(TRAIN + "55", width=1))
        self.smooth = self.add_curve(self.tr("smoothed"), pg.mkPen(TRAIN, width=2))
        self.val = self.add_curve(self.tr("validation"), pg.mkPen(VAL, width=2), long=False,
                                  symbol="o",
                                  symbolSize=4, symbolBrush=VAL, symbolPen=None)  # fmt: skip
        self.smoothing = QDoubleSpinBox(decimals=2, minimum=0.0, maximum=0.99, singleStep=0.05)
        self.smoothing.setValue(SMOOTHING)
        self.smoothing.setPrefix(self.tr("smooth "))
        self.smoothing.setToolTip(
            self.tr("Weight of the smoothed training curve (0 = no smoothing)")
        )
        self.smoothing.setKeyboardTracking(False)
        self.smoothing.valueChanged.connect(self.smoothing_changed)
        self.header.insertWidget(1, self.smoothing)

    def draw(self, snap) -> None:
        super().draw(snap)
        h = snap.history
        steps, loss = h.column("step"), h.column("train_loss")
        if len(steps):
            self.raw.setData(steps, for_log_axis(loss))
            self.smooth.setData(steps, for_log_axis(h.smoothed), connect="finite")
        if len(h.val):
            self.val.setData(h.val[:, 0], for_log_axis(h.val[:, 1]))
        if len(steps):
            self.range.update(steps[-1], loss, h.val[:, 1])
        self.update_legend()

    def value_at(self, plot, x, y):
        h = self.snapshot.history
        steps = h.column("step")
        i = self.nearest(steps, x)
        if i is None:
            return None
        text = self.tr("step {step}: train {train} (smoothed {smoothed})").format(
            step=int(steps[i]), train=f"{h.column('train_loss')[i]:.5g}",
            smoothed=f"{h.smoothed[i]:.5g}")  # fmt: skip
        j = self.nearest(h.val[:, 0], x)
        if j is not None:
            text += self.tr(", val {val} (step {step})").format(
                val=f"{h.val[j, 1]:.5g}", step=int(h.val[j, 0]))  # fmt: skip
        return text

    def table(self):
        h = self.snapshot.history
        val = dict(zip(h.val[:, 0].tolist(), h.val[:, 1].tolist(), strict=True))

        def num(v):
            return "" if not math.isfinite(v) else float(v)

        rows = [[int(s), num(v), num(sm), val.get(s, "")] for s, v, sm in
                zip(h.column("step"), h.column("train_loss"), h.smoothed, strict=True)]  # fmt: skip
        return ["step", "train_loss", "train_loss_smoothed", "val_loss"], rows
