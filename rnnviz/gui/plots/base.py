"""What every dashboard panel shares: a title with help, a pyqtgraph canvas, a hover readout,
and export of its picture (PNG, SVG) and data (CSV).

A panel knows nothing of the trainer: `reset(info)` when a run starts, `draw(snapshot)` per
frame. Plot items are created once and updated with setData/setImage.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.trainer import Snapshot
from rnnviz.gui.worker import RunInfo

TRAIN = "#1f77b4"
VAL = "#ff7f0e"
DATA = "#9a9a9a"
LAYER_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")
DIVERGING = pg.colormap.get("CET-D1")  # blue - white - red, for values in [-1, 1]
SEQUENTIAL = pg.colormap.get("viridis")  # for gates in [0, 1]


class Panel(QFrame):
    """A titled plot panel. Subclasses build items in __init__ and fill them in draw()."""

    slug = "panel"
    title = "Panel"
    help = ""
    # "probe": drawn from snapshot.probe, so only redrawn when a new probe arrives (a few
    # times a second); "history": drawn from the per-step history, redrawn every frame.
    follows = "probe"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.slug)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(self.help)
        self.title_label = QLabel(f"<b>{self.title}</b>")
        self.title_label.setToolTip(self.help)
        # A long title (with live figures) must not widen its grid column.
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(4, 2, 4, 0)
        self.header.addWidget(self.title_label, 1)
        help_icon = QLabel("<b>?</b>")
        help_icon.setStyleSheet("color:#1f77b4; padding:0 4px;")
        help_icon.setToolTip(self.help)
        self.header.addWidget(help_icon)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setMinimumSize(220, 150)
        self.readout = QLabel(" ")
        self.readout.setObjectName("readout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addLayout(self.header)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.readout)
        self.info: RunInfo | None = None
        self.snapshot: Snapshot | None = None
        self.canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def add_plot(self, row: int = 0, col: int = 0, **kwargs) -> pg.PlotItem:
        plot = self.canvas.addPlot(row=row, col=col, **kwargs)
        if self.follows == "probe":  # a grid costs ~1 ms a paint: not on every-frame plots
            plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setMenuEnabled(True)
        for name in ("left", "bottom"):
            # Replaying an axis' text costs ~1.7 ms a paint; cached, an unchanged axis is a
            # pixmap blit when the curves beside it redraw.
            plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        return plot

    def add_layer_choice(self) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip("Which layer to show")
        combo.activated.connect(lambda _: self.snapshot and self.draw(self.snapshot))
        self.header.insertWidget(1, combo)
        return combo

    @staticmethod
    def fill_layers(combo: QComboBox, layers: int) -> None:
        combo.clear()
        combo.addItems([f"layer {i + 1}" for i in range(layers)])
        combo.setCurrentIndex(layers - 1)
        combo.setVisible(layers > 1)

    # --------------------------------------------------------------------- subclass hooks

    def reset(self, info: RunInfo) -> None:
        self.info = info
        self.snapshot = None
        self.readout.setText(" ")

    def draw(self, snap: Snapshot) -> None:
        self.snapshot = snap

    def value_at(self, plot: pg.PlotItem, x: float, y: float) -> str | None:
        """Text for the readout under the cursor (data coordinates of `plot`)."""
        return None

    def table(self) -> tuple[list[str], list[list]]:
        """The panel's data as a header and rows, for CSV export."""
        return [], []

    # ------------------------------------------------------------------------ behaviour

    def _plots(self) -> list[pg.PlotItem]:
        return [i for i in self.canvas.ci.items if isinstance(i, pg.PlotItem)]

    def _on_mouse_moved(self, pos: QPointF) -> None:
        if self.snapshot is None:
            return
        for plot in self._plots():
            if plot.isVisible() and plot.vb.sceneBoundingRect().contains(pos):
                p = plot.vb.mapSceneToView(pos)
                x, y = p.x(), p.y()
                if plot.ctrl.logYCheck.isChecked():
                    y = 10**y
                text = self.value_at(plot, x, y)
                if text:
                    self.readout.setText(text)
                return

    def export_png(self, path: Path) -> Path:
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(self.canvas.ci)
        exporter.parameters()["width"] = max(800, int(self.canvas.width() * 2))
        exporter.export(str(path))
        return path

    def export_svg(self, path: Path) -> Path:
        from pyqtgraph.exporters import SVGExporter

        SVGExporter(self.canvas.ci).export(str(path))
        return path

    def export_csv(self, path: Path) -> Path:
        header, rows = self.table()
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        return path


class HistoryPanel(Panel):
    """A log-scale plot of the per-step history: long curves over steps, sticky ranges."""

    follows = "history"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = self.add_plot()
        log_y(self.plot)
        self.plot.setLabel("bottom", "step")
        legend(self.plot, (-5, 5))
        self.range = StickyRange(self.plot)
        self.curves: list[pg.PlotDataItem] = []

    def add_curve(self, name: str, pen, long: bool = True, **style) -> pg.PlotDataItem:
        """A curve; `long` ones (one point a step) are clipped to the view and peak-decimated."""
        curve = self.plot.plot(pen=pen, name=name, **style)
        if long:
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
        self.curves.append(curve)
        return curve

    def reset(self, info: RunInfo) -> None:
        super().reset(info)
        for curve in self.curves:
            curve.setData([], [])
        self.range.reset()

    def nearest(self, steps: np.ndarray, x: float) -> int | None:
        """Index of the step nearest to x (steps ascending), None if there are none."""
        if not len(steps):
            return None
        return int(np.clip(np.searchsorted(steps, x), 0, len(steps) - 1))


class StickyRange:
    """Axis ranges that change in jumps, not every frame: x grows by 1.5x when the data
    reaches its end, log-y snaps to half decades. An unchanged axis is a cached pixmap, while
    regenerating an axis' ticks and text costs milliseconds per frame."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        plot.disableAutoRange()
        self.reset()

    def reset(self) -> None:
        self.x_hi = 0.0
        self.y = (math.inf, -math.inf)  # log10 range shown

    def update(self, x_max: float, *ys: np.ndarray) -> None:
        self.update_x(x_max)
        self.update_y(*ys)

    def update_x(self, x_max: float) -> None:
        if x_max > self.x_hi or self.x_hi == 0:
            self.x_hi = max(10.0, x_max * 1.5)
            self.plot.setXRange(0, self.x_hi, padding=0.02)

    def update_y(self, *ys: np.ndarray) -> None:
        values = np.concatenate([y[np.isfinite(y) & (y > 0)] for y in ys]) if ys else []
        if not len(values):
            return
        lo, hi = np.log10(values.min()), np.log10(values.max())
        shown_lo, shown_hi = self.y
        if lo < shown_lo or hi > shown_hi or (shown_hi - shown_lo) > (hi - lo) + 2:
            self.y = (math.floor(lo * 2) / 2, math.ceil(hi * 2) / 2 + 1e-9)
            self.plot.setYRange(*self.y, padding=0.03)


LOG_FLOOR, LOG_CAP = 1e-30, 1e30


def for_log_axis(y: np.ndarray) -> np.ndarray:
    """Values a log axis can draw: overflowed (inf/NaN, an exploded gradient) shown at the
    cap, zero at the floor."""
    return np.clip(np.nan_to_num(y, nan=LOG_CAP, posinf=LOG_CAP, neginf=LOG_FLOOR),
                   LOG_FLOOR, LOG_CAP)  # fmt: skip


def heatmap(plot: pg.PlotItem, cmap, levels: tuple[float, float]) -> pg.ImageItem:
    """An ImageItem in `plot`, rows = units, columns = time steps, with fixed levels."""
    img = pg.ImageItem(axisOrder="row-major")
    img.setColorMap(cmap)
    img.setLevels(levels)
    plot.addItem(img)
    plot.setLabel("bottom", "time step t")
    plot.invertY(True)  # unit 0 at the top, like a matrix
    plot.setMouseEnabled(x=False, y=False)
    return img


def set_heatmap(img: pg.ImageItem, plot: pg.PlotItem, a: np.ndarray, levels) -> None:
    """Show a (T, H) array as units x time, pixel (t, u) centred on (t + 1, u)."""
    lo, hi = levels
    # Saturated beyond the fixed levels anyway; NaN (an overflowed unit) shown at the top.
    rows = np.ascontiguousarray(np.clip(np.nan_to_num(a.T, nan=hi, posinf=hi, neginf=lo), lo, hi))
    img.setImage(rows, autoLevels=False, levels=levels)
    H, T = rows.shape
    img.setRect(0.5, -0.5, T, H)
    plot.setXRange(0.5, T + 0.5, padding=0)
    plot.setYRange(-0.5, H - 0.5, padding=0)


def heatmap_readout(a: np.ndarray | None, x: float, y: float, what: str) -> str | None:
    """'unit u, t = k: value' for a (T, H) array under data coordinates (x, y)."""
    if a is None:
        return None
    t, u = int(round(x)), int(round(y))
    T, H = a.shape
    if 1 <= t <= T and 0 <= u < H:
        return f"{what}: unit {u}, t = {t}: {a[t - 1, u]:+.5f}"
    return None


class LogAxis(pg.AxisItem):
    """A log axis that labels only 1, 2 and 5 times a power of ten: all nine minor labels of
    a decade crowd a small plot."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        strings = super().logTickStrings(values, scale, spacing)
        keep = [round(10 ** (v % 1), 6) in (1.0, 2.0, 5.0) for v in values]
        return [s if k else "" for s, k in zip(strings, keep, strict=True)]


def log_y(plot: pg.PlotItem) -> None:
    """Log-scale y axis with uncrowded labels."""
    axis = LogAxis("left")
    axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plot.setAxisItems({"left": axis})
    plot.setLogMode(y=True)


def legend(plot: pg.PlotItem, offset=(5, 5)) -> pg.LegendItem:
    """A small legend on a translucent white card, so the data under it stays visible."""
    return plot.addLegend(offset=offset, labelTextSize="8pt", brush=(255, 255, 255, 190),
                          pen=(200, 200, 200), verSpacing=-6)  # fmt: skip


def char_label(ch: str) -> str:
    return {" ": "␣", "\n": "↵", "\t": "⇥"}.get(ch, ch)


def time_ticks(plot: pg.PlotItem, T: int, tokens: tuple[str, ...] | None, most: int = 10) -> None:
    """Label the time axis with the input characters (text) or step numbers. Only touches the
    axis when the labels change: new ticks make it regenerate its text (milliseconds)."""
    axis = plot.getAxis("bottom")
    if tokens:
        ticks = [(t + 1, char_label(c)) for t, c in enumerate(tokens)]
    else:
        step = max(1, math.ceil(T / most))
        ticks = [(t, str(t)) for t in range(1, T + 1, step)]
    if getattr(axis, "_rnnviz_ticks", None) != ticks:
        axis._rnnviz_ticks = ticks
        axis.setTicks([ticks])
