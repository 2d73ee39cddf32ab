"""The Compare view's panels: one curve (or heatmap) per variant of a comparison, one colour
per variant, legends naming the variants.

Each panel draws a ComparisonSnapshot (core/comparison.py): `snap.snapshots[i]` is variant i's
ordinary Snapshot. `reset(info)` takes the view's ComparisonInfo (names, values, a RunInfo per
variant). `target` is the panel name a preset's callout uses for it (core/presets.PANELS).
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox

from rnnviz.core.diagnostics import probe_tau, tau_track
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import (
    DIVERGING,
    SEQUENTIAL,
    Legend,
    Panel,
    RunsHistoryPanel,
    StickyRange,
    TimeTicks,
    for_log_axis,
    heatmap,
    heatmap_readout,
    legend_names,
    log_y,
    set_heatmap,
    variant_color,
)
from rnnviz.gui.plots.gradients import GlobalGradPanel, fmt_tau
from rnnviz.gui.plots.heatmaps import GATE_INFO, PREACT, SIGMOID, TANH, gate_title
from rnnviz.gui.plots.loss import LossPanel

SIDE_BY_SIDE_PX = 28  # between heatmaps side by side: the last time label (T) overhangs


def _apart(canvas) -> None:
    """Room between heatmaps side by side, so that one's last time-step label and the next
    one's first do not run together ("45 501 5")."""
    canvas.ci.layout.setHorizontalSpacing(SIDE_BY_SIDE_PX)


def last_tau(snap) -> float:
    """The last layer's memory length in a variant's newest probe."""
    if snap.probe.memory_length is None or not len(snap.probe.memory_length):
        return math.nan
    return float(probe_tau(snap.probe)[-1])


def taus_text(names, snap) -> str:
    """'cell-rnn 2.1 · cell-lstm 14 · cell-gru ∞': every variant's newest τ."""
    return " · ".join(f"{n} {fmt_tau(last_tau(s))}"
                      for n, s in zip(names, snap.snapshots, strict=True))  # fmt: skip


class CompareGradTimePanel(Panel):
    slug = "compare_grad_over_time"
    target = "grad_over_time"
    title = QT_TRANSLATE_NOOP("Panel", "Gradient over time steps")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "||dL_T / dh_t|| for t = 1..T in each variant's newest probe (its last layer), log "
        "scale: how strongly the final prediction's loss reaches back to the state at step t. "
        "A steep fall to the left is a vanishing gradient; the slope gives the memory length "
        "tau (the gradient shrinks by e every tau steps back), listed in the caption.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.legend = Legend(self.canvas)
        self.plot = self.add_plot()
        log_y(self.plot)
        self.plot.setLabel("bottom", translate("Panel", "time step t"))
        self.plot.setLabel("left", "||dL_T/dh_t||")
        self.ticks = TimeTicks(self.plot)
        self.range = StickyRange(self.plot, x=False)
        self.curves: list[pg.PlotDataItem] = []

    def reset(self, info) -> None:
        super().reset(info)
        for c in self.curves:
            self.plot.removeItem(c)
        self.curves = []
        for i in range(len(info.names)):
            c = variant_color(i)
            curve = pg.PlotDataItem(pen=pg.mkPen(c, width=2), antialias=True, symbol="o",
                                    symbolSize=4, symbolBrush=c, symbolPen=None)  # fmt: skip
            self.plot.addItem(curve)
            self.curves.append(curve)
        self.legend.set_entries(list(zip(self.curves, legend_names(info), strict=True)))
        T = max(i.seq_len for i in info.infos)
        self.ticks.set(T)
        self.plot.setXRange(0.5, T + 0.5, padding=0.02)
        self.range.reset()
        self.set_caption("")

    def draw(self, snap) -> None:
        super().draw(snap)
        gs = []
        for curve, s in zip(self.curves, snap.snapshots, strict=True):
            g = for_log_axis(s.probe.grad_norm[-1])
            curve.setData(np.arange(1, len(g) + 1), g)
            gs.append(g)
        self.range.update_y(*gs)
        taus = taus_text(self.info.names, snap)
        self.set_title(self.tr("Gradient over t · step {step}").format(step=snap.step))
        self.set_caption(f"τ: {taus}")
        self.legend.set_entries(list(zip(self.curves, legend_names(self.info, snap),
                                         strict=True)))  # fmt: skip

    def value_at(self, plot, x, y):
        t = int(round(x))
        parts = [f"{n} {s.probe.grad_norm[-1, t - 1]:.4g}"
                 for n, s in zip(self.info.names, self.snapshot.snapshots, strict=True)
                 if 1 <= t <= s.probe.grad_norm.shape[1]]  # fmt: skip
        return f"t = {t}: " + ", ".join(parts) if parts else None

    def table(self):
        rows = []
        for name, s in zip(self.info.names, self.snapshot.snapshots, strict=True):
            g = s.probe.grad_norm[-1]
            rows += [[name, s.probe.step, t + 1, float(v)] for t, v in enumerate(g)]
        return ["variant", "probe_step", "t", "grad_norm_last_layer"], rows


class CompareMemoryPanel(RunsHistoryPanel):
    slug = "memory_length"  # compare_memory_length: made for comparisons only
    target = "compare"
    title = QT_TRANSLATE_NOOP("Panel", "Memory length τ")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "Each variant's memory length tau (its last layer) at every probe so far, log scale: "
        "the e-folding distance of ||dL_T/dh_t||, fitted as a straight line on the log scale "
        "(where that line is flat but the gradient at t = 1 is still smaller, (T - 1) / ln of "
        "the ratio). "
        "A short tau means the gradient vanishes within a few steps back, so the model cannot "
        "learn from what came earlier. tau = ∞ (the gradient does not shrink toward t = 1) "
        "is marked by a triangle at the top edge; the caption shows it.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent, compare=True)
        self.plot.setLabel("left", self.tr("τ (steps)"))

    def make_curves(self, i):
        c = variant_color(i)
        return [self.add_curve("", pg.mkPen(c, width=2), long=False, symbol="o", symbolSize=4,
                               symbolBrush=c, symbolPen=None)]  # fmt: skip

    @staticmethod
    def track(s) -> tuple[np.ndarray, np.ndarray]:
        """(probe steps, last layer's tau) of a variant's probes; inf kept."""
        tau = tau_track(s.probes, s.probe.grad_norm.shape[-1]) if s.probe is not None else ()
        if np.ndim(tau) < 2 or not len(tau):
            return np.zeros(0), np.zeros(0)
        return s.probes.steps.astype(float), tau[:, -1]  # (K,)

    def draw(self, snap) -> None:
        Panel.draw(self, snap)
        ys, x_max = [], 0
        for (curve,), s in zip(self.run_curves, snap.snapshots, strict=True):
            steps, tau = self.track(s)
            shown = np.where(np.isfinite(tau), tau, np.nan)
            curve.setData(steps, shown, connect="finite")
            if len(steps):
                x_max = max(x_max, steps[-1])
                ys.append(shown)
        if x_max:
            self.range.update(x_max, *ys)
        self.name_runs(snap)
        taus = taus_text(self.info.names, snap)
        self.set_caption(self.tr("τ now: {taus}").format(taus=taus))

    def value_at(self, plot, x, y):
        parts = []
        for name, s in zip(self.info.names, self.snapshot.snapshots, strict=True):
            steps, tau = self.track(s)
            i = self.nearest(steps, x)
            if i is not None:
                parts.append(self.tr("{name} {tau} (step {step})").format(
                    name=name, tau=fmt_tau(tau[i]), step=int(steps[i])))  # fmt: skip
        return "τ: " + ", ".join(parts) if parts else None

    def table(self):
        rows = []
        for name, s in zip(self.info.names, self.snapshot.snapshots, strict=True):
            steps, tau = self.track(s)
            rows += [[name, int(st), float(t) if math.isfinite(t) else "inf"]
                     for st, t in zip(steps, tau, strict=True)]  # fmt: skip
        return ["variant", "probe_step", "memory_length_last_layer"], rows


def _small_title(plot: pg.PlotItem, text: str, color: str | None = None) -> None:
    plot.setTitle(text)
    plot.titleLabel.setText(text, size="8pt", color=color)


def _bar(levels, cmap, img=None) -> pg.ColorBarItem:
    """A colour bar with small labels that fit beside several heatmaps."""
    bar = pg.ColorBarItem(values=levels, colorMap=cmap, interactive=False, width=12)
    if img is not None:
        bar.setImageItem(img)
    small = QFont()
    small.setPointSize(7)
    bar.axis.setStyle(tickFont=small)
    bar.axis.setWidth(28)
    return bar


class CompareHiddenPanel(Panel):
    slug = "compare_hidden"
    target = "hidden"
    title = QT_TRANSLATE_NOOP("Panel", "Hidden state h_t")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "Each variant's hidden state in its newest probe (last layer; units in rows, time "
        "steps in columns), side by side on one colour scale: blue -1, white 0, red +1.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plots: list[pg.PlotItem] = []
        self.images: list[pg.ImageItem] = []
        self.ticks: list[TimeTicks] = []
        self.set_caption(self.tr("last layer · one colour scale: −1 blue … +1 red"))

    def reset(self, info) -> None:
        super().reset(info)
        self.canvas.clear()
        _apart(self.canvas)
        self.plots, self.images, self.ticks = [], [], []
        for i, (name, ri) in enumerate(zip(info.names, info.infos, strict=True)):
            plot = self.add_plot(row=1, col=i)
            _small_title(plot, name, variant_color(i).name())
            plot.setMinimumWidth(0)
            self.images.append(heatmap(plot, DIVERGING, TANH))
            plot.setLabel("bottom", "t")
            if i:
                plot.hideAxis("left")
            else:
                plot.setLabel("left", translate("Panel", "unit"))
            self.ticks.append(TimeTicks(plot))
            self.ticks[-1].set(ri.seq_len)
            self.plots.append(plot)
        self.canvas.addItem(_bar(TANH, DIVERGING, self.images[-1]), row=1, col=len(info.names))

    def draw(self, snap) -> None:
        super().draw(snap)
        for img, plot, s in zip(self.images, self.plots, snap.snapshots, strict=True):
            set_heatmap(img, plot, s.probe.hidden[-1], TANH)  # (T, H)

    def value_at(self, plot, x, y):
        if plot in self.plots:
            i = self.plots.index(plot)
            a = self.snapshot.snapshots[i].probe.hidden[-1]
            return heatmap_readout(a, x, y, f"{self.info.names[i]} h")
        return None

    def table(self):
        rows = []
        for name, s in zip(self.info.names, self.snapshot.snapshots, strict=True):
            a = s.probe.hidden[-1]
            rows += [[name, t + 1, u, float(a[t, u])] for t in range(a.shape[0])
                     for u in range(a.shape[1])]  # fmt: skip
        return ["variant", "t", "unit", "h"], rows


def gate_arrays(snap, cell: str) -> dict[str, np.ndarray]:
    """A variant's gates in its newest probe, last layer, (T, H) each; an RNN's pre-activation."""
    p = snap.probe
    if cell == "rnn":
        return {"a": p.preact[-1]}
    return {g: v[-1] for g, v in p.gates.items()}


CELL_GATES = {"lstm": "ifgo", "gru": "rzn", "rnn": "a"}
# What keeps (or loses) the state in each cell: the first choice when the cells differ.
MEMORY_GATE = {"lstm": "f", "gru": "z", "rnn": "a"}


def gate_levels(g: str) -> tuple[float, float]:
    return GATE_INFO.get(g, ("a", PREACT))[1]


class CompareGatesPanel(Panel):
    slug = "compare_gates"
    target = "gates"
    title = QT_TRANSLATE_NOOP("Panel", "Gates")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "One gate of every variant in its newest probe (last layer; units in rows, time steps "
        "in columns), side by side on the same colour scale; the box chooses the gate. Sigmoid "
        "gates run from 0 (closed) to 1 (open); the candidates g, n from -1 to 1. 'memory "
        "gate' shows what keeps the state in each cell: the LSTM's forget gate f, the GRU's "
        "update gate z (1 = keep the old state), and, for a vanilla RNN, which has no gate, "
        "its tanh pre-activation a (-3..3; |a| > 2 is saturated and passes almost no gradient).",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        self.choice.setToolTip(self.tr("Which gate to show for every variant"))
        self.choice.activated.connect(lambda _: self._on_choice())
        self.header.insertWidget(1, self.choice)
        self.plots: list[pg.PlotItem] = []
        self.images: list[pg.ImageItem] = []
        self.ticks: list[TimeTicks] = []
        self.bars: list[pg.ColorBarItem] = []  # one per colour scale shown (at most 2)

    def reset(self, info) -> None:
        super().reset(info)
        cells = [ri.cell for ri in info.infos]
        options = [] if len(set(cells)) == 1 else ["memory"]
        for c in cells:
            options += [g for g in CELL_GATES[c] if g not in options]
        self.choice.clear()
        for g in options:
            self.choice.addItem(self.tr("memory gate") if g == "memory" else gate_title(g), g)
        first = "memory" if "memory" in options else MEMORY_GATE[cells[0]]
        self.choice.setCurrentIndex(options.index(first))
        self.canvas.clear()
        _apart(self.canvas)
        self.plots, self.images, self.ticks = [], [], []
        for i, ri in enumerate(info.infos):
            plot = self.add_plot(row=1, col=i)
            plot.setMinimumWidth(0)
            self.images.append(heatmap(plot, SEQUENTIAL, SIGMOID))
            plot.setLabel("bottom", "t")
            if i:
                plot.hideAxis("left")
            else:
                plot.setLabel("left", translate("Panel", "unit"))
            self.ticks.append(TimeTicks(plot))
            self.ticks[-1].set(ri.seq_len)
            self.plots.append(plot)
        # The memory gate of an RNN (pre-activation, -3...3) beside an LSTM's or GRU's (a
        # sigmoid, 0...1): two colour scales, a bar each (one bar misread the gated cells).
        self.bars = [_bar(SIGMOID, SEQUENTIAL), _bar(PREACT, DIVERGING)]
        for k, bar in enumerate(self.bars):
            self.canvas.addItem(bar, row=1, col=len(info.names) + k)
        self._on_choice()

    def gate_of(self, i: int) -> str | None:
        """The gate shown for variant i (None: its cell has no such gate)."""
        g = self.choice.currentData()
        cell = self.info.infos[i].cell
        if g == "memory":
            return MEMORY_GATE[cell]
        return g if g in CELL_GATES[cell] else None

    def _on_choice(self) -> None:
        """Titles, colour maps and the bar for the chosen gate; then redraw."""
        for i, (name, plot, img) in enumerate(zip(self.info.names, self.plots, self.images,
                                                  strict=True)):  # fmt: skip
            g = self.gate_of(i)
            what = self.tr("no such gate") if g is None else gate_title(g)
            _small_title(plot, f"{name}<br>{what}", variant_color(i).name())  # narrow: 2 lines
            if g is not None:
                lv = gate_levels(g)
                img.setColorMap(SEQUENTIAL if lv == SIGMOID else DIVERGING)
                img.setLevels(lv)
            else:
                img.clear()
        scales = list(dict.fromkeys(gate_levels(g) for i in range(len(self.plots))
                                    if (g := self.gate_of(i))))  # fmt: skip
        for k, bar in enumerate(self.bars):
            bar.setVisible(k < len(scales))
            if k < len(scales):
                bar.setLevels(scales[k])
                bar.setColorMap(SEQUENTIAL if scales[k] == SIGMOID else DIVERGING)
        mixed = set(scales)
        self.set_caption(self.tr("last layer · colour bar: 0 closed … 1 open")
                         if mixed == {SIGMOID} else
                         self.tr("last layer · gates 0…1 (viridis) · g, n −1…1 · RNN a −3…3 "
                                 "(blue–red)"))  # fmt: skip
        if self.snapshot is not None:
            self.draw(self.snapshot)

    def draw(self, snap) -> None:
        super().draw(snap)
        for i, (ri, s) in enumerate(zip(self.info.infos, snap.snapshots, strict=True)):
            g = self.gate_of(i)
            if g is not None:
                a = gate_arrays(s, ri.cell)[g]
                set_heatmap(self.images[i], self.plots[i], a, gate_levels(g))

    def value_at(self, plot, x, y):
        if plot in self.plots:
            i = self.plots.index(plot)
            g = self.gate_of(i)
            if g is not None:
                a = gate_arrays(self.snapshot.snapshots[i], self.info.infos[i].cell)[g]
                return heatmap_readout(a, x, y, f"{self.info.names[i]} {g}")
        return None

    def table(self):
        rows = []
        for name, ri, s in zip(self.info.names, self.info.infos, self.snapshot.snapshots,
                               strict=True):  # fmt: skip
            for g, a in gate_arrays(s, ri.cell).items():
                rows += [[name, g, t + 1, u, float(a[t, u])] for t in range(a.shape[0])
                         for u in range(a.shape[1])]  # fmt: skip
        return ["variant", "gate", "t", "unit", "value"], rows


# The Compare view's panels: the loss and the gradient norm are the Training view's own,
# drawing N runs.
PANEL_CLASSES = (partial(LossPanel, compare=True), partial(GlobalGradPanel, compare=True),
                 CompareGradTimePanel, CompareMemoryPanel, CompareHiddenPanel,
                 CompareGatesPanel)  # fmt: skip
