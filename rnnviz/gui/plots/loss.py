"""Panel 2: training and validation loss over steps, log scale, raw and smoothed."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from rnnviz.gui.plots.base import TRAIN, VAL, HistoryPanel, for_log_axis

SMOOTHING = 0.9  # exponential moving average weight of the smoothed training curve


def ema(values: np.ndarray, weight: float = SMOOTHING, length: int = 64) -> np.ndarray:
    """Exponential moving average, vectorized as a causal convolution with a truncated,
    renormalized kernel (weight**64 < 0.2% for 0.9)."""
    if not len(values):
        return values
    kernel = (1 - weight) * weight ** np.arange(length)
    num = np.convolve(values, kernel)[: len(values)]
    den = np.convolve(np.ones_like(values), kernel)[: len(values)]  # short prefix: renormalize
    return num / den


class LossPanel(HistoryPanel):
    slug = "loss"
    title = "Loss"
    help = (
        "Training loss at every step (light blue: raw, blue: smoothed) and validation loss on "
        "held-out data (orange), log scale. MSE in normalized units for a series, "
        "cross-entropy in nats for text. Validation rising while training falls = overfitting."
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.raw = self.add_curve("train", pg.mkPen(TRAIN + "55", width=1))
        self.smooth = self.add_curve("train (smoothed)", pg.mkPen(TRAIN, width=2))
        self.val = self.add_curve("validation", pg.mkPen(VAL, width=2), long=False, symbol="o",
                                  symbolSize=4, symbolBrush=VAL, symbolPen=None)  # fmt: skip

    def draw(self, snap) -> None:
        super().draw(snap)
        h = snap.history
        steps, loss = h.column("step"), h.column("train_loss")
        if len(steps):
            floor = for_log_axis(loss)
            self.raw.setData(steps, floor)
            self.smooth.setData(steps, ema(floor))
        if len(h.val):
            self.val.setData(h.val[:, 0], for_log_axis(h.val[:, 1]))
        if len(steps):
            self.range.update(steps[-1], loss, h.val[:, 1])

    def value_at(self, plot, x, y):
        h = self.snapshot.history
        steps = h.column("step")
        i = self.nearest(steps, x)
        if i is None:
            return None
        text = f"step {int(steps[i])}: train {h.column('train_loss')[i]:.5g}"
        j = self.nearest(h.val[:, 0], x)
        if j is not None:
            text += f", val {h.val[j, 1]:.5g} (step {int(h.val[j, 0])})"
        return text

    def table(self):
        h = self.snapshot.history
        val = dict(zip(h.val[:, 0].tolist(), h.val[:, 1].tolist(), strict=True))
        rows = [[int(s), float(v), val.get(s, "")] for s, v in
                zip(h.column("step"), h.column("train_loss"), strict=True)]  # fmt: skip
        return ["step", "train_loss", "val_loss"], rows
