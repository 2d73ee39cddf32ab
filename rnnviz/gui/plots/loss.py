"""The loss over steps, log scale, raw and smoothed: one run's, or each variant's."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox

from rnnviz.core.snapshot import SMOOTHING
from rnnviz.gui.plots.base import (
    TRAIN,
    VAL,
    Panel,
    RunsHistoryPanel,
    for_log_axis,
    runs_of,
    thinned,
)

# Validation dots drawn at most. A run validates every 25 steps: by step 20,000 its 800 dots,
# all set again with every frame, cost the loss panel 7.0 ms a paint against 3.7 in the first
# 2,000 steps (rnnviz bench --long 20000, default LSTM).
VAL_DOTS = 200


def val_dots(val: np.ndarray) -> np.ndarray:
    """The validations (m, 2) to draw (base.thinned): the dots stay put as the run goes on."""
    return val[thinned(len(val), VAL_DOTS)]


class LossPanel(RunsHistoryPanel):
    slug = "loss"
    title = QT_TRANSLATE_NOOP("Panel", "Loss")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "Training loss at every step (light blue: raw, blue: smoothed) and validation loss on "
        "held-out data (orange), log scale. MSE in normalized units for a series, "
        "cross-entropy in nats for text. Validation rising while training falls = overfitting. "
        "The smoothed curve is a causal exponential moving average with bias correction "
        "(as TensorBoard's): it starts at the first raw value and never changes what it has "
        "already drawn; the 'smooth' box sets its weight (0 = none, 0.99 = very smooth). "
        "On a memory task the dashed grey line is the loss of a model with no memory "
        "(adding problem: always predict 1, MSE 1/6); only a model that remembers the "
        "marked values gets below it.",
    )
    compare_help = QT_TRANSLATE_NOOP(
        "Panel",
        "Each variant's training loss (solid: smoothed, faint: every step) and validation "
        "loss (dots), log scale, one colour per variant. All variants see the same batches "
        "in the same order, so the curves differ only by the varied setting.",
    )
    smoothing_changed = Signal(float)

    def __init__(self, parent=None, compare: bool = False) -> None:
        super().__init__(parent, compare)
        self.val_drawn: dict[int, np.ndarray] = {}  # run -> the validation dots it shows
        # A memory task's memoryless loss; the y axis is log10, so the line sits at log10(b).
        self.baseline: float | None = None
        self.baseline_line = pg.InfiniteLine(
            angle=0, movable=False, pen=pg.mkPen("#777", width=1.5, style=Qt.PenStyle.DashLine),
            label="", labelOpts={"position": 0.02, "anchors": [(0, 1), (0, 1)], "color": "#555"},
        )  # fmt: skip
        self.baseline_line.setVisible(False)
        self.plot.addItem(self.baseline_line, ignoreBounds=True)
        if compare:
            self.set_caption(
                self.tr("solid: train (smoothed) · faint: each step · dots: validation")
            )
            return
        self.smoothing = QDoubleSpinBox(decimals=2, minimum=0.0, maximum=0.99, singleStep=0.05)
        self.smoothing.setValue(SMOOTHING)
        self.smoothing.setPrefix(self.tr("smooth "))
        self.smoothing.setToolTip(
            self.tr("Weight of the smoothed training curve (0 = no smoothing)")
        )
        self.smoothing.setKeyboardTracking(False)
        self.smoothing.valueChanged.connect(self.smoothing_changed)
        self.header.insertWidget(1, self.smoothing)

    def reset(self, info) -> None:
        super().reset(info)
        self.val_drawn = {}
        infos = info.infos if self.compare else (info,)
        found = {i.baseline_loss for i in infos if i.baseline_loss is not None}
        # One line for one baseline (a comparison that varies the task has none to share).
        self.baseline = found.pop() if len(found) == 1 else None
        if self.baseline is not None:
            self.baseline_line.setValue(math.log10(self.baseline))
            self.baseline_line.label.setFormat(
                self.tr("no memory: {loss}").format(loss=f"{self.baseline:.4g}")
            )
        self.baseline_line.setVisible(self.baseline is not None)
        if not self.compare:
            self.set_caption("")  # a schedule's caption comes with the first draw

    def make_curves(self, i):
        """(smoothed, raw, validation) of run i."""
        raw = self.add_curve(self.tr("train"), pg.mkPen(self.color(i, TRAIN, 0.33), width=1))
        smooth = self.add_curve(self.tr("smoothed"), pg.mkPen(self.color(i, TRAIN), width=2))
        c = self.color(i, VAL)
        val = self.add_curve(self.tr("validation"), pg.mkPen(c, width=2) if not self.compare
                             else None, long=False, symbol="o", symbolSize=5, symbolBrush=c,
                             symbolPen=None)  # fmt: skip
        return [smooth, raw, val]

    def draw(self, snap) -> None:
        Panel.draw(self, snap)
        ys, x_max = [], 0
        for i, ((smooth, raw, val), s) in enumerate(zip(self.run_curves, runs_of(snap),
                                                        strict=True)):  # fmt: skip
            h = s.history
            steps, loss = h.column("step"), h.column("train_loss")
            if len(steps):
                raw.setData(steps, for_log_axis(loss))
                smooth.setData(steps, for_log_axis(h.smoothed), connect="finite")
                x_max = max(x_max, steps[-1])
                ys += [loss, h.val[:, 1]]  # every run, a stopped one too: its spike is the lesson
            dots = val_dots(h.val)
            if not np.array_equal(dots, self.val_drawn.get(i), equal_nan=True):  # a new one
                val.setData(dots[:, 0], for_log_axis(dots[:, 1]))
                self.val_drawn[i] = dots
        if not self.compare:
            self._show_schedule(snap)
        if x_max:
            if self.baseline is not None:  # keep the line in view
                ys.append(np.array([self.baseline]))
            self.range.update(x_max, *ys)
        self.name_runs(snap)

    def _show_schedule(self, snap) -> None:
        """The caption names a learning-rate schedule (the Schedule box's, live) and the rate
        of the latest step."""
        schedule = getattr(snap, "schedule", getattr(self.info, "schedule", "constant"))
        lr = snap.history.column("lr")
        text = ""
        if schedule != "constant" and len(lr):
            names = {"step": self.tr("step (×0.1 at 50% and 75%)"), "cosine": self.tr("cosine")}
            text = self.tr("lr schedule: {schedule} · lr now {lr}").format(
                schedule=names.get(schedule, schedule), lr=f"{lr[-1]:.3g}")  # fmt: skip
        if text != self.caption.full_text():
            self.set_caption(text)

    def value_at(self, plot, x, y):
        if self.compare:
            return self.compared_at(x, lambda s, i: s.history.column("train_loss")[i])
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
        def rows(s):
            h = s.history
            val = dict(zip(h.val[:, 0].tolist(), h.val[:, 1].tolist(), strict=True))
            return [[int(st), num(v), num(sm), val.get(st, "")] for st, v, sm in
                    zip(h.column("step"), h.column("train_loss"), h.smoothed,
                        strict=True)]  # fmt: skip

        header = ["step", "train_loss", "train_loss_smoothed", "val_loss"]
        return (["variant"] if self.compare else []) + header, self.run_rows(rows)


def num(v) -> float | str:
    """A value for a CSV cell: empty where it is not finite."""
    return "" if not math.isfinite(v) else float(v)
