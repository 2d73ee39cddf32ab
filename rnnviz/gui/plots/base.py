"""What every dashboard panel shares: an elided title with help, a pyqtgraph canvas with its
legend above the plots (never over the data), a hover readout, enlarge-on-double-click, and
export of its picture (PNG, SVG: titled, at a fixed aspect) and data (CSV).

A panel knows nothing of the trainer: `reset(info)` when a run starts, `draw(snapshot)` per
frame. Plot items are created once and updated with setData/setImage.
"""

from __future__ import annotations

import csv
import math
import unicodedata
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPicture
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.snapshot import RunInfo, Snapshot
from rnnviz.gui.i18n import translate

TRAIN = "#1f77b4"
VAL = "#ff7f0e"
DATA = "#9a9a9a"
REPLAY = "#9467bd"  # the replayed moment, on every panel
LAYER_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2")
DIVERGING = pg.colormap.get("CET-D1")  # blue - white - red, for values in [-1, 1]
SEQUENTIAL = pg.colormap.get("viridis")  # for gates in [0, 1]
# Exported pictures: this size in layout pixels, rendered at 2x (3200 x 2000 PNG): the same
# aspect and legible text whatever shape the panel has on screen. Another size (Export all's
# dialog, --export-size) is the same figure scaled: laid out at EXPORT_SIZE's area with the
# chosen aspect, drawn larger or smaller (figure_layout), so pens and fonts grow with it.
EXPORT_SIZE = (1600, 1000)
EXPORT_SCALE = 2
EXPORT_TITLE_H = 48
# A figure is drawn for a slide: at a quarter of its size its curves are still solid lines
# and its labels legible. Curves are FIGURE_PEN times as wide as on screen, and at least
# FIGURE_MIN_PEN (layout pixels, so twice that in the 2x PNG); text is set in these layout
# pixels (doubled at 2x). 20 px DejaVu Sans has capitals 14.6 px tall: 7.3 px in a quarter of
# the 3200 x 2000 PNG.
FIGURE_PEN = 2.5
FIGURE_MIN_PEN = 4.0  # layout px: a screen's hairline is 2 px wide in a quarter-size PNG
FIGURE_TICK_PX = 20
FIGURE_LABEL_PX = 22
FIGURE_LEGEND_PX = 20
FIGURE_CAPTION_PX = 20
FIGURE_TITLE_PX = 26
FIGURE_MARGIN = 12
FIGURE_SAMPLE = 1.6  # a legend's sample line, this many times its screen length (20 px)
# Presentation mode (View > Presentation): the window's plots for a projector, live.
PRESENT_PEN = 2.0
PRESENT_TICK_PX = 15
PRESENT_LABEL_PX = 16
PRESENT_LEGEND_PX = 15
PX_PER_TICK = 34  # the time-step rule: at most one label per this many pixels


class ElidedLabel(QLabel):
    """One line of text that ends in '…' when it does not fit; the full text is the tooltip.
    It never asks for more width than it gets, so a long title cannot widen a grid column."""

    def __init__(self, text: str = "", bold: bool = False, parent=None) -> None:
        super().__init__(parent)
        if bold:
            f = self.font()
            f.setBold(True)
            self.setFont(f)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.tip = ""  # shown under the full text in the tooltip
        self.set_text(text)

    def full_text(self) -> str:
        return self._full

    def set_text(self, text: str) -> None:
        self._full = text
        self.setToolTip("\n\n".join(t for t in (text, self.tip) if t))
        self._elide()

    def is_elided(self) -> bool:
        return self.text() != self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.width(), 1))  # fmt: skip
        if shown != self.text():
            super().setText(shown)


def layer_name(i: int) -> str:
    """'layer 1' for 0-based layer i, in the installed language."""
    return translate("Panel", "layer {n}").format(n=i + 1)


def status_line(text: str, most: int = 90) -> str:
    """A status-bar message short enough to leave the run's numbers beside it readable:
    at most `most` columns, a Chinese character counting two (it is about twice as wide)."""
    widths = [2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text]
    if sum(widths) <= most:
        return text
    end = int(np.searchsorted(np.cumsum(widths), most - 1, side="right"))
    return text[:end].rstrip() + "…"


class _WrappedLabel(QLabel):
    """A word-wrapped label that does not tell the layouts it has a height for its width: a
    grid with such an item stopped sharing its rows by their stretch (the plots under a note
    took the whole height; measured). The Note sets its own height instead."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def _cjk(text: str) -> bool:
    """Whether `text` is mostly written without spaces between words (Chinese)."""
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) > len(text) // 4


class Note(QFrame):
    """A short explanation attached to a panel (a preset's callout): a tinted box between the
    title and the plot, so it never covers data; × dismisses it. Hidden until shown. At most
    MAX_LINES lines, so the plot keeps most of the panel; a longer text ends in '…' and a
    click shows it whole (click again: short)."""

    MAX_LINES = 4
    dismissed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("note")
        self.setStyleSheet("#note { background:#fff8d6; border:1px solid #e0c65c; "
                           "border-radius:3px; } QLabel { color:#4a3b00; }")  # fmt: skip
        self.label = _WrappedLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        f = self.label.font()
        f.setPointSizeF(max(7.0, f.pointSizeF() - 1))
        self.label.setFont(f)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.close_button = close = QToolButton(text="×", autoRaise=True)
        close.setToolTip(self.tr("Dismiss this note"))
        close.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 2, 2)
        row.setSpacing(2)
        row.addWidget(self.label, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._text, self.expanded = "", False
        self.hide()

    def text(self) -> str:
        return self._text

    def show_text(self, text: str) -> None:
        self._text, self.expanded = text, False
        self.label.setToolTip(text)
        self.show()
        self._fit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.expanded = not self.expanded
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _short(self, width: int) -> str:
        """The longest start of the text, cut at a word, that fits MAX_LINES lines."""
        fm = self.label.fontMetrics()
        most = self.MAX_LINES * fm.lineSpacing() + 2

        def height(text: str) -> int:
            flags = Qt.TextFlag.TextWordWrap
            return fm.boundingRect(0, 0, width, 100_000, flags, text).height()

        if height(self._text) <= most:
            return self._text
        more = self.tr(" … (click for more)")
        # Cut at words; a text without spaces (Chinese) is cut at characters.
        sep = " " if " " in self._text.strip() and not _cjk(self._text) else ""
        words = self._text.split(" ") if sep else list(self._text)
        lo, hi = 1, len(words)
        while lo < hi:  # binary search on the number of words kept
            mid = (lo + hi + 1) // 2
            if height(sep.join(words[:mid]) + more) <= most:
                lo = mid
            else:
                hi = mid - 1
        return sep.join(words[:lo]) + more

    def _fit(self) -> None:
        """As tall as the wrapped text at the width it has."""
        # The label's laid-out width (the layout resizes it before this resizeEvent).
        width = max(40, self.label.width())
        self.label.setText(self._text if self.expanded else self._short(width))
        text_height = QLabel.heightForWidth(self.label, width)  # -1 while there is no text
        if text_height >= 0 and text_height != self.label.minimumHeight():
            self.label.setMinimumHeight(text_height)
            self.setFixedHeight(text_height + 8)

    def dismiss(self) -> None:
        self._text = ""
        self.label.setText("")
        self.hide()
        self.dismissed.emit()


class Legend:
    """A legend in its own row of the canvas, above the plots: it can never cover data. Only
    the entries of curves that are shown are listed."""

    TEXT_SIZE = "8pt"

    def __init__(self, canvas: pg.GraphicsLayoutWidget, row: int = 0, colspan: int = 1) -> None:
        self.item = pg.LegendItem(labelTextSize=self.TEXT_SIZE, verSpacing=-8, horSpacing=14)
        canvas.addItem(self.item, row=row, col=0, colspan=colspan)
        self.canvas = canvas
        self.item.layout.setContentsMargins(0, 0, 0, 0)
        self._entries: list = []

    def fit(self, width: float, rect: QRectF | None = None) -> None:
        """As many entries a line as fit in `width` pixels (all on one line if they can);
        `rect`: the canvas's layout rectangle (default: the canvas on screen)."""
        n = len(self._entries)
        # Never wider than the canvas: pyqtgraph sizes a legend by its labels' current widths,
        # which the canvas had stretched, so a stale width could push the plot off the panel.
        self.item.setMaximumWidth(max(width, 1.0))
        for columns in range(max(n, 1), 0, -1):
            if self.item.columnCount != columns:
                self.item.setColumnCount(columns)
            # The layout's own width: boundingRect() is what the canvas gave it, which stays
            # wide after a wider layout (a 4-entry legend clipped its panel's plot).
            if self.item.layout.preferredWidth() <= width or columns == 1:
                break
        # The canvas clamped its layout to the old, wider legend: give it the view's size again,
        # laid out anew (the same geometry set again is a no-op, and left a new legend row
        # over the plot in a panel filled while its view was hidden).
        self.canvas.ci.layout.invalidate()
        self.canvas.ci.setGeometry(self.canvas.range if rect is None else rect)
        self.canvas.ci.layout.activate()

    def set_entries(self, entries: list[tuple[object, str]]) -> None:
        """(item, name) pairs, in order; rebuilt only when they change."""
        if entries == self._entries:
            return
        self._entries = list(entries)
        self.item.clear()
        self.item.setColumnCount(max(1, len(entries)))
        for item, name in entries:
            self.item.addItem(item, name)
        self.item.setVisible(bool(entries))
        self.fit(self.canvas.width() - 8)


class Panel(QFrame):
    """A titled plot panel. Subclasses build items in __init__ and fill them in draw()."""

    slug = "panel"
    title = "Panel"
    help = ""
    # "probe": drawn from snapshot.probe, so only redrawn when a new probe arrives (a few
    # times a second); "history": drawn from the per-step history, redrawn every frame.
    follows = "probe"
    enlarge_requested = Signal()  # double-click or the ⤢ button: fill the view, or restore

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Titles and help are marked QT_TRANSLATE_NOOP("Panel", ...) where they are defined
        # (before the application exists); this panel's are in the installed language.
        self.title = translate("Panel", self.title)
        self.help = translate("Panel", self.help)
        self.setObjectName(self.slug)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The help shows on the title and the "?", not over the plot: there it covered the
        # very values a user hovers to read (a new user's trial).
        self.title_label = ElidedLabel(bold=True)
        self.title_label.tip = self.help
        self.title_label.set_text(self.title)
        self.header = QHBoxLayout()
        self.header.setContentsMargins(4, 2, 2, 0)
        self.header.setSpacing(4)
        self.header.addWidget(self.title_label, 1)
        self.enlarge_button = QToolButton(text="⤢", autoRaise=True)
        self.enlarge_button.setToolTip(self.tr("Enlarge this panel to fill the view, or restore "
                                               "it (or double-click the plot)"))  # fmt: skip
        self.enlarge_button.clicked.connect(self.enlarge_requested)
        help_icon = self.help_icon = QLabel("<b>?</b>")
        help_icon.setStyleSheet("color:#1f77b4; padding:0 4px;")
        help_icon.setToolTip(self.help)
        self.header.addWidget(self.enlarge_button)
        self.header.addWidget(help_icon)
        # One line under the title for a figure or a short explanation; elided, never wrapped.
        self.caption = ElidedLabel()
        self.caption.setObjectName("caption")
        self.caption.setStyleSheet("color:#555; padding:0 4px;")
        self.caption.hide()
        self.note = Note()
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setMinimumSize(160, 110)
        self.canvas.ci.setContentsMargins(2, 2, 4, 2)
        self.readout = ElidedLabel(" ")
        self.readout.setObjectName("readout")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addLayout(self.header)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.readout)
        self.info: RunInfo | None = None
        self.snapshot: Snapshot | None = None
        self.canvas.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.canvas.scene().sigMouseClicked.connect(self._on_mouse_clicked)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        legend = getattr(self, "legend", None)
        if isinstance(legend, Legend):
            legend.fit(self.canvas.width() - 8)

    def set_title(self, text: str) -> None:
        self.title_label.set_text(text)

    def set_caption(self, text: str) -> None:
        self.caption.set_text(text)
        self.caption.setVisible(bool(text))

    def add_plot(self, row: int = 1, col: int = 0, **kwargs) -> pg.PlotItem:
        """A plot in the canvas; row 0 is kept for the legend."""
        plot = self.canvas.addPlot(row=row, col=col, **kwargs)
        if self.follows == "probe":  # a grid costs ~1 ms a paint: not on every-frame plots
            plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setMenuEnabled(True)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.enableAutoSIPrefix(False)  # true values, never "(x0.001)"
            # Replaying an axis' text costs ~1.7 ms a paint; cached, an unchanged axis is a
            # pixmap blit when the curves beside it redraw.
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        return plot

    def add_layer_choice(self) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip(self.tr("Which layer to show"))
        combo.activated.connect(lambda _: self.snapshot and self.draw(self.snapshot))
        self.header.insertWidget(1, combo)
        return combo

    @staticmethod
    def fill_layers(combo: QComboBox, layers: int) -> None:
        combo.clear()
        combo.addItems([layer_name(i) for i in range(layers)])
        combo.setCurrentIndex(layers - 1)
        combo.setVisible(layers > 1)

    # --------------------------------------------------------------------- subclass hooks

    def reset(self, info: RunInfo) -> None:
        self.info = info
        self.snapshot = None
        self.readout.set_text(" ")

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
                    self.readout.set_text(text)
                return

    def _on_mouse_clicked(self, event) -> None:
        if event.double():
            self.enlarge_requested.emit()

    def full_title(self) -> str:
        return self.title_label.full_text()

    # -------------------------------------------------------------------------- exports

    def _export_geometry(self, w: int, h: int):
        """Lay the canvas out at w x h, its items uncached (a cached axis would be pasted into
        the export as a screen-resolution bitmap); returns the call that restores it."""
        ci = self.canvas.ci
        old = ci.geometry()
        cached = [i for i in self.canvas.scene().items()
                  if i.cacheMode() != QGraphicsItem.CacheMode.NoCache]  # fmt: skip
        modes = [i.cacheMode() for i in cached]
        for item in cached:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        # no auto-range "A" button on a figure
        plots = [i for i in self.canvas.scene().items() if isinstance(i, pg.PlotItem)]
        shown = [p for p in plots if not p.buttonsHidden]
        for p in shown:
            p.hideButtons()
        legend = getattr(self, "legend", None)
        legend = legend if isinstance(legend, Legend) else None
        if legend is not None:  # as many entries a line as the figure's width holds
            legend.item.setMaximumWidth(w - 8)
        ci.setGeometry(QRectF(0, 0, w, h))
        ci.layout.activate()
        if legend is not None:
            legend.fit(w - 8, QRectF(0, 0, w, h))
        settle_axes(plots)
        ci.layout.activate()
        for p in plots:  # a plot whose own geometry did not change keeps its old layout
            p.layout.invalidate()
            p.layout.activate()

        def undo() -> None:
            if legend is not None:
                legend.item.setMaximumWidth(max(self.canvas.width() - 8, 1))
            ci.setGeometry(old)
            ci.layout.activate()
            for item, mode in zip(cached, modes, strict=True):
                item.setCacheMode(mode)
            for p in shown:
                p.showButtons()
            if legend is not None:
                legend.fit(self.canvas.width() - 8)

        return undo

    def present(self, on: bool) -> bool:
        """Presentation mode: the plots' lines and text larger for a projector (on), or as
        they were (off). Returns whether it was on."""
        was = getattr(self, "_unpresent", None) is not None
        if on and not was:
            legend = getattr(self, "legend", None)
            self._unpresent = figure_style(self.canvas.scene(), 1.0, PRESENT_PEN, PRESENT_TICK_PX,
                                           PRESENT_LABEL_PX, PRESENT_LEGEND_PX, 1.3,
                                           painted=False, least=PRESENT_PEN)  # fmt: skip
            if isinstance(legend, Legend):  # entries added later (a curve shown) match
                legend.item.opts["labelTextSize"] = f"{PRESENT_LEGEND_PX}px"
        elif not on and was:
            undo, self._unpresent = self._unpresent, None
            undo()
            legend = getattr(self, "legend", None)
            if isinstance(legend, Legend):
                legend.item.opts["labelTextSize"] = Legend.TEXT_SIZE
        return was

    def figure_caption(self) -> str:
        """The text under a figure's title: the caption shown under the panel's, if any."""
        return self.caption.full_text() if self.caption.isVisibleTo(self) else ""

    def render_image(self) -> QImage:
        """The panel's picture under its title, EXPORT_SIZE in all, at EXPORT_SCALE."""
        return canvas_figure(self, EXPORT_SIZE, EXPORT_SCALE)

    def export_png(self, path: Path) -> Path:
        if not self.render_image().save(str(path)):
            raise OSError(f"cannot write {path}")
        return path

    def export_svg(self, path: Path) -> Path:
        """The same drawing as the PNG (the scene painted by Qt), as vector graphics."""
        return canvas_svg(self, path, EXPORT_SIZE)

    def export_csv(self, path: Path) -> Path:
        header, rows = self.table()
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        return path


def settle_axes(plots) -> None:
    """Give every axis of `plots` the room its tick text needs now: pyqtgraph widens an axis
    for its text only while painting it, too late for a figure painted once (a bigger font's
    tick labels ran into the axis' title)."""
    probe = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(probe)
    try:
        for plot in plots:
            for name in ("left", "bottom", "right"):
                axis = plot.getAxis(name) if name in plot.axes else None
                fixed = axis is not None and (axis.fixedWidth if name != "bottom"
                                              else axis.fixedHeight) is not None  # fmt: skip
                if axis is not None and axis.isVisible() and axis.style["showValues"] and not fixed:
                    axis.textWidth, axis.textHeight = 30, 18  # measured anew, not only widened
                    axis.generateDrawSpecs(painter)  # measures the tick text: _updateMaxTextSize
                    if name != "bottom":  # pyqtgraph counts the axis title as 0.8 of its
                        axis.textWidth += 8  # height: with one-digit ticks the two touched
                    axis._adjustSize()  # the room for it (pyqtgraph does it only if told to)
                    axis.resizeEvent()  # the axis' title placed at the new edge
    finally:
        painter.end()


def figure_layout(size: tuple[int, int]) -> tuple[tuple[int, int], float]:
    """(layout size, how many times larger it is drawn) for a figure of `size` layout
    pixels: laid out at EXPORT_SIZE's area in `size`'s aspect, so every figure has the
    default's proportions of text and lines to plot, and a bigger one draws them bigger."""
    w, h = size
    k = math.sqrt(w * h / (EXPORT_SIZE[0] * EXPORT_SIZE[1]))
    return (max(1, round(w / k)), max(1, round(h / k))), k


def figure_image(panel: Panel, size: tuple[int, int] = EXPORT_SIZE,
                 ratio: float = EXPORT_SCALE) -> QImage:  # fmt: skip
    """`panel` drawn as a figure of `size` layout pixels at `ratio` device pixels each (a
    size x ratio PNG). A panel that shows something other than its canvas (a text sample,
    the warnings) draws its own picture, scaled to the size."""
    if panel.canvas.isVisibleTo(panel):
        return canvas_figure(panel, size, ratio)
    image = panel.render_image()
    target = QSize(round(size[0] * ratio), round(size[1] * ratio))
    if image.size() == target:
        return image
    return image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)  # fmt: skip


def figure_svg(panel: Panel, path: Path, size: tuple[int, int] = EXPORT_SIZE) -> Path:
    """The SVG of figure_image (the same drawing, as vector graphics)."""
    if panel.canvas.isVisibleTo(panel):
        return canvas_svg(panel, path, size)
    return panel.export_svg(path)


def canvas_figure(panel: Panel, size: tuple[int, int], ratio: float) -> QImage:
    """The panel's canvas as a figure: its title and caption above, `size` layout pixels in
    all, drawn at `ratio` device pixels a layout pixel."""
    layout, k = figure_layout(size)
    w, h = round(size[0] * ratio), round(size[1] * ratio)
    img = QImage(w, h, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    painter = QPainter(img)
    try:
        paint_titled(panel, painter, layout, (w / layout[0], h / layout[1]))
    finally:
        painter.end()
    return img


def figure_picture(panel: Panel, size: tuple[int, int] = EXPORT_SIZE,
                   ratio: float = EXPORT_SCALE):  # fmt: skip
    """figure_image's drawing recorded (cheap, on the GUI thread where the items live), and
    the call that plays it into the image (the costly part: any thread). A panel that draws
    its own picture draws it here and the call only hands it over."""
    if not panel.canvas.isVisibleTo(panel):
        image = figure_image(panel, size, ratio)
        return lambda: image
    layout, _ = figure_layout(size)
    w, h = round(size[0] * ratio), round(size[1] * ratio)
    picture = QPicture()
    painter = QPainter(picture)
    try:
        paint_titled(panel, painter, layout, (w / layout[0], h / layout[1]))
    finally:
        painter.end()

    def play() -> QImage:
        img = QImage(w, h, QImage.Format.Format_ARGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        try:
            p.drawPicture(0, 0, picture)
        finally:
            p.end()
        return img

    return play


def canvas_svg(panel: Panel, path: Path, size: tuple[int, int]) -> Path:
    layout, k = figure_layout(size)

    def paint(painter: QPainter) -> None:
        paint_titled(panel, painter, layout, (k, k))

    return write_svg(path, panel.full_title(), paint, size)


def write_svg(path: Path, title: str, paint, size: tuple[int, int] = EXPORT_SIZE) -> Path:
    """A `size` SVG at `path`, drawn by paint(painter)."""
    from PySide6.QtSvg import QSvgGenerator

    w, h = size
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(QSize(w, h))
    gen.setViewBox(QRectF(0, 0, w, h))
    gen.setTitle(title)
    # pyqtgraph's axes replay a QPicture recorded at its default resolution: the SVG must have
    # the same, or they come out shrunk (72 / 96) against the curves.
    gen.setResolution(QPicture().logicalDpiX())
    painter = QPainter(gen)
    try:
        paint(painter)
    finally:
        painter.end()
    if not Path(path).is_file():
        raise OSError(f"cannot write {path}")
    return Path(path)


def _text_font(base: QFont, px: int, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def caption_height(panel: Panel, text: str, width: float) -> float:
    """Layout pixels the figure's caption takes, wrapped at `width` (0 without one)."""
    if not text:
        return 0.0
    fm = QFontMetricsF(_text_font(panel.font(), FIGURE_CAPTION_PX))
    box = fm.boundingRect(QRectF(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
    return box.height() + 8


def paint_titled(panel: Panel, painter: QPainter, size: tuple[int, int],
                 scale: tuple[float, float]) -> None:  # fmt: skip
    """Paint the figure of `panel` laid out at `size` (its title, its caption wrapped under
    it, then the canvas) with `painter` (an image's or an SVG's), `scale` (x, y) device
    pixels a layout pixel; the canvas's own layout and style are restored after."""
    w, h = size
    m = FIGURE_MARGIN
    presented = panel.present(False)  # a figure is drawn from the screen's style
    painter.save()
    painter.scale(*scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setFont(_text_font(panel.font(), FIGURE_TITLE_PX, bold=True))
    painter.setPen(QColor("#222"))
    painter.drawText(QRectF(m, 0, w - 2 * m, EXPORT_TITLE_H),
                     Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     panel.full_title())  # fmt: skip
    text = panel.figure_caption()
    cap_h = caption_height(panel, text, w - 2 * m)
    if text:
        painter.setFont(_text_font(panel.font(), FIGURE_CAPTION_PX))
        painter.setPen(QColor("#444"))
        painter.drawText(QRectF(m, EXPORT_TITLE_H, w - 2 * m, cap_h),
                         Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, text)  # fmt: skip
    top = EXPORT_TITLE_H + cap_h
    plot_h = max(1.0, h - top)
    unstyle = figure_style(panel.canvas.scene(), scale[0])
    undo = panel._export_geometry(w, plot_h)
    _fit_axes(panel)
    try:
        panel.canvas.scene().render(painter, QRectF(0, top, w, plot_h), QRectF(0, 0, w, plot_h))
    finally:
        unstyle()  # the screen's fonts first: the screen's layout is then made for them
        undo()
        painter.restore()
        panel.present(presented)


def _fit_axes(panel: Panel) -> None:
    """pyqtgraph widens an axis for its tick text only when it paints it: too late for a
    figure painted once, from a panel never shown (the lab report's), whose large values
    (a GDP series, 2,700-13,000) then lost every tick label but 0. The axes measure here."""
    scene = panel.canvas.scene()
    scene.prepareForPaint()  # the views' auto ranges first: the ticks follow them
    picture = QPicture()
    painter = QPainter(picture)
    grew = False
    try:
        for item in scene.items():
            if isinstance(item, pg.AxisItem) and item.isVisible() and item.style["showValues"]:
                before = item.textWidth, item.textHeight
                item.generateDrawSpecs(painter)
                grew |= (item.textWidth, item.textHeight) != before
    finally:
        painter.end()
    if grew:  # each plot lays its axes out in a layout of its own: those first
        for item in scene.items():
            if isinstance(item, pg.PlotItem):
                item.layout.activate()
        panel.canvas.ci.layout.activate()


def figure_style(scene, scale: float, pen: float = FIGURE_PEN, tick_px: int = FIGURE_TICK_PX,
                 label_px: int = FIGURE_LABEL_PX, legend_px: int = FIGURE_LEGEND_PX,
                 sample: float = FIGURE_SAMPLE, painted: bool = True,
                 least: float = FIGURE_MIN_PEN):  # fmt: skip
    """Pens and fonts of `scene`'s plots made for a figure drawn `scale` times larger than
    its layout (see FIGURE_PEN); returns the call that puts the screen's back. The window's
    presentation mode uses it live, with its own sizes (`painted=False`: no figure is
    painted now, so nothing needs laying out at once)."""
    undo: list = []

    def wider(old) -> QPen:
        new = QPen(old)
        width = max(max(old.widthF(), 1.0) * pen, least)  # layout pixels
        new.setWidthF(width * (scale if old.isCosmetic() else 1))  # a cosmetic pen: device px
        return new

    for item in scene.items():
        if isinstance(item, pg.PlotDataItem):  # through its own API: it restyles its parts
            old, size = item.opts["pen"], item.opts["symbolSize"]
            if old is not None:
                item.setPen(wider(pg.mkPen(old)))
            item.setSymbolSize(size * pen)
            undo.append(lambda i=item, o=old, z=size: (i.setPen(o), i.setSymbolSize(z)))
        elif isinstance(item, pg.ScatterPlotItem) and item.opts["useCache"]:
            # symbols as paths, not pixmaps from the atlas: a figure recorded in a QPicture
            # is played back on a pool thread, where a pixmap must not be used
            item.opts["useCache"] = False
            undo.append(lambda i=item: i.opts.__setitem__("useCache", True))
        elif isinstance(item, pg.InfiniteLine):
            old = item.pen
            item.setPen(wider(old))
            undo.append(lambda i=item, o=old: i.setPen(o))
        elif isinstance(item, pg.AxisItem):
            undo.append(_axis_style(item, tick_px, label_px))
        elif isinstance(item, pg.LegendItem):
            undo.append(_legend_style(item, legend_px, sample, painted))
        elif isinstance(item, pg.LabelItem) and isinstance(item.parentItem(), pg.PlotItem):
            old_size = item.opts.get("size")  # a plot's title (a gate's name)
            item.setText(item.text, size=f"{label_px}px")
            undo.append(
                lambda i=item, z=old_size: (
                    i.setText(i.text, size=z)
                    if z is not None
                    else (i.opts.pop("size", None), i.setText(i.text))
                )
            )
    return lambda: [u() for u in reversed(undo)]


SCREEN_TICK_PX = 11  # about the screen's tick text: a fixed axis width is made for it


def _axis_style(axis: pg.AxisItem, tick_px: int, label_px: int):
    tick, label = axis.style.get("tickFont"), axis.label.font()
    text_space = (axis.textWidth, axis.textHeight)  # pyqtgraph only ever widens it
    fixed = axis.fixedWidth, axis.fixedHeight
    axis.setStyle(tickFont=_text_font(QFont(), tick_px))
    axis.label.setFont(_text_font(QFont(), label_px))
    # An axis given a fixed width (so that two plots' edges line up) grows with its text.
    grow = tick_px / SCREEN_TICK_PX
    if fixed[0] is not None:
        axis.setWidth(round(fixed[0] * grow))
    if fixed[1] is not None:
        axis.setHeight(round(fixed[1] * grow))
    axis.resizeEvent()  # the title placed for its new size

    def screen_axis() -> None:
        axis.setStyle(tickFont=tick)
        axis.label.setFont(label)
        axis.fixedWidth, axis.fixedHeight = fixed
        axis.textWidth, axis.textHeight = text_space
        axis._updateWidth() if axis.orientation in ("left", "right") else axis._updateHeight()
        axis.resizeEvent()

    return screen_axis


def _legend_style(legend: pg.LegendItem, px: int, sample: float, painted: bool):
    """Legend text at `px` and sample lines `sample` times as long. A LegendItem ignores the
    view's transformations (it keeps its screen size when a plot is zoomed): a figure painted
    at 2x must scale it too, or its text came out half the size of the tick labels."""
    sizes = [(lab, lab.opts.get("size")) for _, lab in legend.items]
    flags = legend.flags()
    legend.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False)
    for lab, _ in sizes:
        lab.setText(lab.text, size=f"{px}px")
    samples = [s for s, _ in legend.items]
    side = round(20 * sample)
    for s in samples:
        s.setScale(sample)
        s.setFixedWidth(side)
        s.setFixedHeight(side)
    if painted:
        legend.layout.activate()  # now: the figure is drawn before any event is served

    def relabel() -> None:
        legend.setFlags(flags)
        for lab, sz in sizes:
            lab.setText(lab.text, size=sz)
        for s in samples:
            s.setScale(1.0)
            s.setFixedWidth(20)
            s.setFixedHeight(20)
        legend.layout.activate()

    return relabel


class HistoryPanel(Panel):
    """A log-scale plot of the per-step history: long curves over steps, sticky ranges."""

    follows = "history"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.legend = Legend(self.canvas)
        self.plot = self.add_plot()
        log_y(self.plot)
        self.plot.setLabel("bottom", translate("Panel", "step"))
        self.range = StickyRange(self.plot)
        self.curves: list[pg.PlotDataItem] = []
        # Replay: the step of the probe the view is pinned to.
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen(REPLAY, width=2))
        self.marker.setZValue(10)
        self.marker.hide()
        self.plot.addItem(self.marker)

    def _export_geometry(self, w: int, h: int):
        """As Panel's, and the x range ends at the last step drawn: the live view's room for
        the coming steps is empty space on a figure."""
        undo_layout = super()._export_geometry(w, h)
        view = self.plot.vb.viewRange()[0]
        if self.range.x_max > 0:
            self.plot.setXRange(0, self.range.x_max, padding=0.02)

        def undo() -> None:
            self.plot.setXRange(*view, padding=0)
            undo_layout()

        return undo

    def mark(self, step: int | None) -> None:
        """Mark `step` with a vertical line (replay), or None: no mark (live)."""
        if step is not None:
            self.marker.setValue(step)
        self.marker.setVisible(step is not None)

    def add_curve(self, name: str, pen, long: bool = True, **style) -> pg.PlotDataItem:
        """A curve; `long` ones (one point a step) are clipped to the view and peak-decimated."""
        curve = self.plot.plot(pen=pen, **style)
        curve.legend_name = name
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
        self.update_legend()

    def update_legend(self) -> None:
        """List the curves that are shown, in the order they were added."""
        self.legend.set_entries([(c, c.legend_name) for c in self.curves if c.isVisible()])

    def nearest(self, steps: np.ndarray, x: float) -> int | None:
        """Index of the step nearest to x (steps ascending), None if there are none."""
        if not len(steps):
            return None
        return int(np.clip(np.searchsorted(steps, x), 0, len(steps) - 1))


def runs_of(snap) -> tuple:
    """The runs a snapshot holds: a comparison's variants, or the one solo run."""
    return tuple(getattr(snap, "snapshots", (snap,)))


class RunsHistoryPanel(HistoryPanel):
    """A history panel that draws one run or the N variants of a comparison with the same
    code. Solo, its curves have their own colours and names in the legend; in a comparison
    (`compare=True`, the Compare view's copy, with its own slug and help) each variant has
    one colour and the legend names the variants. Subclasses make one run's curves in
    make_curves(i) and draw every run's from runs_of(snap)."""

    target = ""  # the panel name a preset's callout uses (core/presets.PANELS)
    compare_help = ""

    def __init__(self, parent: QWidget | None = None, compare: bool = False) -> None:
        if compare:  # before Panel's __init__, which names the widget and sets its tooltip
            self.target = self.target or self.slug
            self.slug = "compare_" + self.slug
            self.help = self.compare_help or self.help
        super().__init__(parent)
        self.compare = compare
        self.run_curves: list[list[pg.PlotDataItem]] = []

    def reset(self, info) -> None:
        n = len(info.names) if self.compare else 1
        if len(self.run_curves) != n:  # the same number of runs: the curves are reused
            for curve in self.curves:
                self.plot.removeItem(curve)
            self.curves = []
            self.run_curves = [self.make_curves(i) for i in range(n)]
        super().reset(info)
        self.name_runs(None)

    def make_curves(self, i: int) -> list[pg.PlotDataItem]:
        raise NotImplementedError

    def color(self, i: int, solo: str, alpha: float = 1.0) -> QColor:
        """Run i's colour: a variant's in a comparison, `solo` for a solo run."""
        if self.compare:
            return variant_color(i, alpha)
        c = QColor(solo)
        c.setAlphaF(alpha)
        return c

    def name_runs(self, snap) -> None:
        """The legend: a solo run's shown curves, or the variants (a stopped one marked)."""
        if not self.compare:
            self.update_legend()
            return
        names = legend_names(self.info, snap)
        self.legend.set_entries([(c[0], n) for c, n in zip(self.run_curves, names,
                                                           strict=True)])  # fmt: skip

    def compared_at(self, x, value_of) -> str | None:
        """Hover text in a comparison: every variant's value_of(snapshot, i) nearest step x."""
        parts = []
        for name, s in zip(self.info.names, self.snapshot.snapshots, strict=True):
            i = self.nearest(s.history.column("step"), x)
            if i is not None:
                parts.append(f"{name} {value_of(s, i):.4g}")
        step = translate("Panel", "step {step}: ").format(step=int(round(x)))
        return step + ", ".join(parts) if parts else None

    def run_rows(self, rows_of) -> list[list]:
        """A table's rows: rows_of(snapshot) for the run, each prefixed by its variant's name
        in a comparison."""
        if not self.compare:
            return rows_of(self.snapshot)
        return [[name, *row] for name, s in zip(self.info.names, self.snapshot.snapshots,
                                                strict=True) for row in rows_of(s)]  # fmt: skip


# Red, blue, green, purple: cell-rnn, cell-lstm, cell-gru read as the usual order.
VARIANT_COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd")


def variant_color(i: int, alpha: float = 1.0) -> QColor:
    c = QColor(VARIANT_COLORS[i % len(VARIANT_COLORS)])
    c.setAlphaF(alpha)
    return c


def legend_names(info, snap=None) -> list[str]:
    """The variants' names, '(stopped)' after a variant that diverged and stopped."""
    stopped = snap.stopped if snap is not None else (None,) * len(info.names)
    mark = translate("Panel", " (stopped)")
    return [n + (mark if why else "") for n, why in zip(info.names, stopped, strict=True)]


class StickyRange:
    """Axis ranges that change in jumps, not every frame: x grows by 1.5x when the data
    reaches its end, log-y snaps to half decades. An unchanged axis is a cached pixmap, while
    regenerating an axis' ticks and text costs milliseconds per frame.

    The y range covers every finite positive value it is given. A value that is not finite
    (or was capped by for_log_axis) cannot be on a log axis: each such point of the plot's
    curves is marked by a red triangle at the range's top edge, at its x, so nothing is cut
    without a sign. reset() starts afresh: the next run's range owes nothing to this one's.
    """

    DEFAULT_X = 10.0  # an empty plot's x range, 0..10 steps ...
    DEFAULT_Y = (-2.0, 1.0)  # ... and its log10 y range, until the run's first values

    def __init__(self, plot: pg.PlotItem, x: bool = True) -> None:
        self.plot = plot
        self.x = x  # False: y only, the owner keeps x (a fixed 1..T time axis)
        plot.disableAutoRange()
        red = QColor("#d62728")
        self.overflow = pg.PlotDataItem(pen=None, symbol="t1", symbolSize=9, symbolBrush=red,
                                        symbolPen=None)  # fmt: skip
        self.overflow.setZValue(20)
        plot.addItem(self.overflow)
        self._marked: tuple | None = None
        self.reset()

    def reset(self) -> None:
        self.x_hi = 0.0
        self.x_max = 0.0  # the last step drawn
        self.y = (math.inf, -math.inf)  # log10 range shown
        if self.x:
            self.plot.setXRange(0, self.DEFAULT_X, padding=0.02)
        self.plot.setYRange(*self.DEFAULT_Y, padding=0.03)
        self._marked = None
        self.overflow.setData([], [])

    def update(self, x_max: float, *ys: np.ndarray) -> None:
        self.update_x(x_max)
        self.update_y(*ys)

    def update_x(self, x_max: float) -> None:
        self.x_max = x_max
        if x_max > self.x_hi or self.x_hi == 0:
            self.x_hi = max(self.DEFAULT_X, x_max * 1.5)
            self.plot.setXRange(0, self.x_hi, padding=0.02)

    def update_y(self, *ys: np.ndarray) -> None:
        values = np.concatenate([drawable(y) for y in ys]) if ys else np.array([])
        if len(values):
            lo, hi = np.log10(values.min()), np.log10(values.max())
            shown_lo, shown_hi = self.y
            if lo < shown_lo or hi > shown_hi or (shown_hi - shown_lo) > (hi - lo) + 2:
                self.y = (math.floor(lo * 2) / 2, math.ceil(hi * 2) / 2 + 1e-9)
                self.plot.setYRange(*self.y, padding=0.03)
        self.mark_overflow()

    def mark_overflow(self) -> None:
        """A triangle at the top edge over every point of the plot's curves that is not
        finite or sits at LOG_CAP (overflowed: for_log_axis capped it), and one pointing down
        at the bottom edge under every point at or below LOG_FLOOR (zero: underflowed)."""
        over, under = [], []
        for item in self.plot.listDataItems():
            if item is self.overflow or not item.isVisible() or item.yData is None:
                continue
            y = np.asarray(item.yData, dtype=np.float64)
            x = np.asarray(item.xData, dtype=np.float64)
            over.append(x[~np.isfinite(y) & ~(y < 0) | (y >= LOG_CAP)])  # NaN, +inf, cap
            under.append(x[(y <= LOG_FLOOR)])  # 0, -inf, the floor
        over = np.unique(np.concatenate(over)) if over else np.array([])
        under = np.unique(np.concatenate(under)) if under else np.array([])
        bottom, top = self.y if math.isfinite(self.y[1]) else self.DEFAULT_Y
        key = (over.tobytes(), under.tobytes(), top, bottom)
        if key == self._marked:
            return
        self._marked = key
        y = np.concatenate([np.full(len(over), 10.0**top), np.full(len(under), 10.0**bottom)])
        symbols = ["t1"] * len(over) + ["t"] * len(under)
        self.overflow.setData(np.concatenate([over, under]), y, symbol=symbols)

    def marked(self) -> tuple[np.ndarray, np.ndarray]:
        """The x of the points marked at the (top, bottom) edge."""
        x, y = self.overflow.getOriginalDataset()
        if x is None:
            return np.array([]), np.array([])
        top = y >= 10.0 ** (self.y[1] if math.isfinite(self.y[1]) else self.DEFAULT_Y[1])
        return x[top], x[~top]


LOG_FLOOR, LOG_CAP = 1e-30, 1e30


def thinned(n: int, most: int) -> np.ndarray:
    """Indices of n rows to draw: every 2^j-th, at most `most` of them, and the last. The
    stride only doubles, so the points drawn stay put as rows are added."""
    stride = 1
    while n > stride * most:
        stride *= 2
    keep = np.arange(0, n, stride)
    return keep if not n or keep[-1] == n - 1 else np.append(keep, n - 1)


def drawable(y: np.ndarray) -> np.ndarray:
    """The values of `y` a log axis can place: finite, above LOG_FLOOR, below LOG_CAP."""
    y = np.asarray(y, dtype=np.float64).ravel()
    return y[np.isfinite(y) & (y > LOG_FLOOR) & (y < LOG_CAP)]


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
    plot.setLabel("bottom", translate("Panel", "time step t"))
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
        return translate("Panel", "{what}: unit {u}, t = {t}: {value}").format(
            what=what, u=u, t=t, value=f"{a[t - 1, u]:+.5f}")  # fmt: skip
    return None


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def log_label(x: float, digits: int = 1) -> str:
    """A true value, no SI multiplier: 0.001 ... 1000 written out, beyond that 2·10⁻⁵;
    `digits` significant digits."""
    if not (math.isfinite(x) and x > 0):
        return ""
    e = math.floor(math.log10(x))
    m = round(x / 10**e, digits - 1)
    if m >= 10:
        m, e = m / 10, e + 1
    if -3 <= e <= 3:
        return f"{m * 10**e:.{max(0, digits - 1 - e)}f}"
    power = "10" + str(e).translate(SUPERSCRIPT)
    return power if m == 1 else f"{m:.{digits - 1}f}·{power}"


class LogAxis(pg.AxisItem):
    """A log axis with true values (no SI multiplier) that labels only 1, 2 and 5 times a
    power of ten: all nine minor labels of a decade crowd a small plot."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # noqa: N802, N803
        """pyqtgraph's levels, without the minor ticks that repeat a decade's major tick
        (they printed every power of ten twice)."""
        seen: set[float] = set()
        levels = []
        for spacing, values in super().logTickValues(minVal, maxVal, size, stdTicks):
            fresh = [v for v in values if round(v, 6) not in seen]
            seen.update(round(v, 6) for v in values)
            if spacing is None:
                # The minor ticks in three levels: the powers of ten, the labelled 2s and 5s,
                # the rest. pyqtgraph gives text to a level only while the text so far fills
                # little of the axis, counting the unlabelled ticks' empty strings too: in
                # one level, a span of a decade and a half lost its 0.5, 0.2, 0.1 labels.
                pairs = [(v, round(10 ** (v % 1), 6)) for v in fresh]
                for keep in ((1.0,), (2.0, 5.0)):
                    levels.append((spacing, [v for v, m in pairs if m in keep]))
                fresh = [v for v, m in pairs if m not in (1.0, 2.0, 5.0)]
            levels.append((spacing, fresh))
        return levels

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        out = []
        for v in values:
            keep = round(10 ** (v % 1), 6) in (1.0, 2.0, 5.0)
            out.append(log_label(10.0**v) if keep else "")
        return out


def log_y(plot: pg.PlotItem) -> None:
    """Log-scale y axis with uncrowded labels."""
    axis = LogAxis("left")
    axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plot.setAxisItems({"left": axis})
    plot.setLogMode(y=True)


def char_label(ch: str) -> str:
    return {" ": "␣", "\n": "↵", "\t": "⇥"}.get(ch, ch)


NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000)


def step_ticks(T: int, most: int) -> list[int]:
    """The one rule for time-step ticks on every panel: 1, T, and the multiples of the
    smallest nice step that gives at most `most` labels, none crowding 1 or T."""
    most = max(2, most)
    step = next((s for s in NICE_STEPS if T / s <= most), NICE_STEPS[-1])
    inner = [t for t in range(step, T, step) if t - 1 >= 0.5 * step and T - t >= 0.6 * step]
    return sorted({1, *inner, T})


class TimeTicks:
    """Time-step labels for a plot's bottom axis, by `step_ticks`, or the input characters
    for text (every k-th when they would crowd). Re-applied when the plot is resized; the
    axis is touched only when its labels change (new ticks cost milliseconds of text)."""

    CHAR_PX = 10  # at least this many pixels per character label

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        # The last label (T) sits at the plot's edge: let it overhang a little, not vanish.
        # pyqtgraph ignores that margin on an axis that draws grid lines (the label at T was
        # dropped from every heatmap), so time axes draw none.
        plot.showGrid(x=False)
        plot.getAxis("bottom").setStyle(hideOverlappingLabels=24)
        self.T, self.tokens = 0, None
        self._ticks = None
        plot.vb.sigResized.connect(lambda _=None: self._apply())

    def set(self, T: int, tokens: tuple[str, ...] | None = None) -> None:
        self.T, self.tokens = T, tokens
        self._apply()

    def _apply(self) -> None:
        if not self.T:
            return
        width = self.plot.vb.width() or 300
        if self.tokens:
            k = max(1, math.ceil(self.T / max(1, width // self.CHAR_PX)))
            ticks = [(t + 1, char_label(c)) for t, c in enumerate(self.tokens) if t % k == 0]
        else:
            ticks = [(t, str(t)) for t in step_ticks(self.T, int(width // PX_PER_TICK))]
        if ticks != self._ticks:
            self._ticks = ticks
            self.plot.getAxis("bottom").setTicks([ticks])
