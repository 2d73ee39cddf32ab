"""Panel 2: training and validation loss over steps, log scale, raw and smoothed."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from rnnviz.gui.plots.base import TRAIN, VAL, Panel, StickyRange, for_log_axis, legend, log_y

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


class LossPanel(Panel):
    slug = "loss"
    follows = "history"
    title = "Loss"
    help = (
        "Training loss at every step (light blue: raw, blue: smoothed) and validation loss on "
        "held-out data (orange), log scale. MSE in normalized units for a series, "
        "cross-entropy in nats for text. Validation rising while training falls = overfitting."
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plot = self.add_plot()
        log_y(self.plot)
        self.plot.setLabel("bottom", "step")
        legend(self.plot, (-5, 5))
        self.raw = self.plot.plot(pen=pg.mkPen(TRAIN + "55", width=1), name="train")
        self.smooth = self.plot.plot(pen=pg.mkPen(TRAIN, width=2), name="train (smoothed)")
        self.val = self.plot.plot(pen=pg.mkPen(VAL, width=2), symbol="o", symbolSize=4,
                                  symbolBrush=VAL, symbolPen=None, name="validation")  # fmt: skip
        for c in (self.raw, self.smooth):
            c.setClipToView(True)
            c.setDownsampling(auto=True, method="peak")
        self.range = StickyRange(self.plot)

    def reset(self, info) -> None:
        super().reset(info)
        for c in (self.raw, self.smooth, self.val):
            c.setData([], [])
        self.range.reset()

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
        if not len(steps):
            return None
        i = int(np.clip(np.searchsorted(steps, x), 0, len(steps) - 1))
        text = f"step {int(steps[i])}: train {h.column('train_loss')[i]:.5g}"
        if len(h.val):
            j = int(np.clip(np.searchsorted(h.val[:, 0], x), 0, len(h.val) - 1))
            text += f", val {h.val[j, 1]:.5g} (step {int(h.val[j, 0])})"
        return text

    def table(self):
        h = self.snapshot.history
        val = dict(zip(h.val[:, 0].tolist(), h.val[:, 1].tolist(), strict=True))
        rows = [[int(s), float(v), val.get(s, "")] for s, v in
                zip(h.column("step"), h.column("train_loss"), strict=True)]  # fmt: skip
        return ["step", "train_loss", "val_loss"], rows
