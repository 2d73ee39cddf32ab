"""The Unit view: one hidden unit read closely (Karpathy, Johnson & Fei-Fei 2015; LSTMVis).

The window asks core's `inspect_unit` on the worker thread (it runs the model) and hands the
UnitReport here; this view only draws it:

- the validation part coloured by the unit's activation, one continuous pass from a zero state
  (text: characters on a blue (-1) / white / red (+1) background; series: the curve's points
  coloured the same way);
- the top validation windows by score (the max of h_t[K] over the window, each window run from
  a zero state as in training), each listed with its position and shown in place on click;
- its gates and its layer's row of ||dL_T/dh_t|| over the probe window, following the live (or
  replayed) probe;
- the units whose activation correlates most with it (click one to open it).
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.inspect_html import activation_color
from rnnviz.core.snapshot import RunInfo, Snapshot, UnitReport, probe_unit
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import (
    DATA,
    LAYER_COLORS,
    Legend,
    Panel,
    TimeTicks,
    for_log_axis,
    layer_name,
    log_y,
)

MAX_CHARS = 20_000  # characters of the validation part drawn (a QTextBrowser slows beyond)
MAX_POINTS = 5_000  # points of a series' validation part drawn
GATE_COLORS = {"i": "#2ca02c", "f": "#1f77b4", "g": "#7f7f7f", "o": "#d62728",
               "r": "#1f77b4", "z": "#d62728", "n": "#7f7f7f"}  # fmt: skip
GATE_NAMES = {
    "i": QT_TRANSLATE_NOOP("Panel", "input i"), "f": QT_TRANSLATE_NOOP("Panel", "forget f"),
    "g": QT_TRANSLATE_NOOP("Panel", "candidate g"), "o": QT_TRANSLATE_NOOP("Panel", "output o"),
    "r": QT_TRANSLATE_NOOP("Panel", "reset r"), "z": QT_TRANSLATE_NOOP("Panel", "update z"),
    "n": QT_TRANSLATE_NOOP("Panel", "candidate n"), "h": QT_TRANSLATE_NOOP("Panel", "hidden h"),
}  # fmt: skip


def colored_chars(
    text: str, acts: np.ndarray, anchors: dict[int, str] | None = None, breaks: bool = True
) -> str:
    """Rich text: one span per character on its activation's colour (a newline shows as ↵,
    then breaks unless `breaks` is False); `anchors` puts <a name> marks before the given
    character indices."""
    anchors = anchors or {}
    out = []
    for i, (ch, v) in enumerate(zip(text, acts, strict=True)):
        if i in anchors:
            out.append(f'<a name="{anchors[i]}"></a>')
        shown = "↵" if ch == "\n" else ("&nbsp;" if ch == " " else html.escape(ch))
        out.append(f'<span style="background-color:{activation_color(v)}">{shown}</span>'
                   + ("<br>" if ch == "\n" and breaks else ""))  # fmt: skip
    return "".join(out)


class UnitProbePanel(Panel):
    """The unit's gates and its layer's ||dL_T/dh_t|| over the probe window."""

    slug = "unit_probe"
    title = QT_TRANSLATE_NOOP("Panel", "Unit over the probe window")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "The inspected unit over the probe window (t = 1..T): its gates (LSTM i, f, o and GRU "
        "r, z in 0..1; the candidates g and n in -1..1; a vanilla RNN has none, its hidden "
        "state is shown) and, below, its layer's ||dL_T/dh_t|| (log scale): how strongly the "
        "final step's loss reaches back to that layer at step t. Follows the live probe, or "
        "the replayed one.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.legend = Legend(self.canvas)
        self.plot = self.add_plot(row=1)
        self.plot.setYRange(-1.05, 1.05, padding=0)
        self.plot.setLabel("left", self.tr("gate"))
        self.grad = self.add_plot(row=2)
        log_y(self.grad)
        self.grad.setLabel("left", "||dL_T/dh_t||")
        self.grad.setLabel("bottom", translate("Panel", "time step t"))
        self.grad.setXLink(self.plot)
        self.grad_curve = self.grad.plot(pen=pg.mkPen(LAYER_COLORS[0], width=2), symbol="o",
                                         symbolSize=4, symbolPen=None,
                                         symbolBrush=LAYER_COLORS[0])  # fmt: skip
        self.ticks = [TimeTicks(self.plot), TimeTicks(self.grad)]
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.layer = self.unit = None

    def reset(self, info: RunInfo) -> None:
        super().reset(info)
        for c in self.curves.values():
            self.plot.removeItem(c)
        names = {"lstm": "ifgo", "gru": "rzn", "rnn": "h"}[info.cell]
        self.curves = {g: self.plot.plot(pen=pg.mkPen(GATE_COLORS.get(g, "#222"), width=2))
                       for g in names}  # fmt: skip
        self.legend.set_entries([(c, translate("Panel", GATE_NAMES[g])) for g, c in
                                 self.curves.items()])  # fmt: skip
        self.grad_curve.setData([], [])
        for t in self.ticks:
            t.set(info.seq_len)
        self.plot.setXRange(0.5, info.seq_len + 0.5, padding=0.02)
        self.layer = self.unit = None

    def set_unit(self, layer: int, unit: int) -> None:
        self.layer, self.unit = layer, unit
        if self.snapshot is not None:
            self.draw(self.snapshot)

    def arrays(self) -> tuple[dict, np.ndarray] | None:
        """The unit's rows from the drawn probe: name -> (T,), and the grad row (T,)."""
        if self.snapshot is None or self.layer is None:
            return None
        p = self.snapshot.probe
        gates = dict(p.gates) if p.gates else {"h": p.hidden}
        own, grad = probe_unit(gates, p.grad_norm, self.layer, self.unit)
        return dict(own), grad

    def draw(self, snap: Snapshot) -> None:
        super().draw(snap)
        got = self.arrays()
        if got is None:
            return
        own, grad = got
        t = np.arange(1, len(grad) + 1)
        for g, curve in self.curves.items():
            curve.setData(t, own[g])
        self.grad_curve.setData(t, for_log_axis(grad))
        self.grad.enableAutoRange(axis="y")
        for ticks in self.ticks:
            ticks.set(self.info.seq_len, snap.probe.tokens)
        self.set_title(self.tr("Layer {layer}, unit {unit} over the probe window · step "
                               "{step}").format(layer=self.layer + 1, unit=self.unit,
                                                step=snap.probe.step))  # fmt: skip

    def value_at(self, plot, x, y):
        got, t = self.arrays(), int(round(x))
        if got is None or not 1 <= t <= self.info.seq_len:
            return None
        own, grad = got
        gates = ", ".join(f"{g} {v[t - 1]:+.4f}" for g, v in own.items())
        return f"t = {t}: {gates}; ||dL_T/dh_t|| {grad[t - 1]:.4g}"

    def table(self):
        got = self.arrays()
        if got is None:
            return [], []
        own, grad = got
        names = list(own)
        rows = [[t + 1, *(float(own[g][t]) for g in names), float(grad[t])]
                for t in range(len(grad))]  # fmt: skip
        return ["t", *names, "grad_norm"], rows


class UnitView(QWidget):
    """The Unit tab. `open_unit(report, step)` shows a report computed by the window."""

    title = QT_TRANSLATE_NOOP("View", "Unit")
    unit_requested = Signal(int, int)  # layer, unit: compute and open this unit

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = translate("View", self.title)
        self.info: RunInfo | None = None
        self.report: UnitReport | None = None
        self.report_step = 0
        self.frames_drawn = 0
        self.timer = QTimer(self)  # the views' protocol; this view draws on demand
        self.probe_panel = UnitProbePanel()
        self._latest: Snapshot | None = None
        self._pinned: Snapshot | None = None
        self._build()

    def _build(self) -> None:
        self.layer_box = QComboBox()
        self.unit_box = QSpinBox(minimum=0)
        self.unit_box.setPrefix(self.tr("unit "))
        self.open_button = QPushButton(self.tr("Inspect"))
        self.open_button.setToolTip(self.tr("Compute and show this unit with the current weights"))
        self.open_button.clicked.connect(
            lambda: self.unit_requested.emit(self.layer_box.currentIndex(), self.unit_box.value())
        )
        self.heading = QLabel(
            "<i>" + self.tr("Click a row of the hidden-state heatmap to inspect a unit.") + "</i>"
        )
        self.heading.setObjectName("unit_heading")
        top = QHBoxLayout()
        for w in (self.layer_box, self.unit_box, self.open_button):
            top.addWidget(w)
        top.addWidget(self.heading, 1)
        self.data_text = QTextBrowser()
        self.data_text.setObjectName("unit_text")
        self.data_plot = pg.PlotWidget()
        self.data_plot.setLabel("bottom", self.tr("index"))
        self.data_line = self.data_plot.plot(pen=pg.mkPen(DATA, width=1))
        self.data_dots = pg.ScatterPlotItem(size=6, pen=None)
        self.data_plot.addItem(self.data_dots)
        self.regions: list[pg.LinearRegionItem] = []
        self.data_stack = QStackedWidget()
        self.data_stack.addWidget(self.data_text)
        self.data_stack.addWidget(self.data_plot)
        self.data_caption = QLabel()
        self.data_caption.setWordWrap(True)
        self.windows = QTextBrowser()
        self.windows.setObjectName("unit_windows")
        self.windows.setOpenLinks(False)
        self.windows.anchorClicked.connect(self._on_window_clicked)
        self.correlated = QListWidget()
        self.correlated.setObjectName("unit_correlated")
        self.correlated.itemClicked.connect(self._on_correlated_clicked)
        left = QSplitter()
        left.setOrientation(pg.QtCore.Qt.Orientation.Vertical)
        data_box = QWidget()
        dl = QVBoxLayout(data_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.data_caption)
        dl.addWidget(self.data_stack, 1)
        left.addWidget(data_box)
        left.addWidget(self.windows)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        right = QSplitter()
        right.setOrientation(pg.QtCore.Qt.Orientation.Vertical)
        right.addWidget(self.probe_panel)
        corr_box = QWidget()
        cl = QVBoxLayout(corr_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(QLabel(self.tr("<b>Most correlated units</b> (Pearson r over the validation "
                                    "part; click to open)")))  # fmt: skip
        cl.addWidget(self.correlated, 1)
        right.addWidget(corr_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        body = QSplitter()
        body.addWidget(left)
        body.addWidget(right)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(body, 1)

    # ------------------------------------------------------------------- the views' protocol

    @property
    def panels(self) -> list[Panel]:
        """Exportable panels: the probe panel once a unit is open."""
        return [self.probe_panel] if self.report is not None else []

    def reset(self, info: RunInfo) -> None:
        self.info, self.report = info, None
        self._latest = self._pinned = None
        self.probe_panel.reset(info)
        self.layer_box.clear()
        self.layer_box.addItems([layer_name(i) for i in range(info.layers)])
        self.layer_box.setCurrentIndex(info.layers - 1)
        self.unit_box.setMaximum(info.hidden - 1)
        self.heading.setText("<i>" + self.tr(
            "Click a row of the hidden-state heatmap (Training view) to inspect a unit, or "
            "choose one here and press Inspect.") + "</i>")  # fmt: skip
        self.data_text.clear()
        self.windows.clear()
        self.correlated.clear()
        self.data_caption.clear()
        self.data_stack.setCurrentWidget(self.data_text if info.kind == "text" else self.data_plot)
        self._clear_regions()

    def show_snapshot(self, snap: Snapshot) -> None:
        self._latest = snap
        if self.isVisible() and self._pinned is None:
            self._draw()

    def pin(self, snap: Snapshot | None) -> None:
        self._pinned = snap
        if self.isVisible():
            self._draw()

    def draw_now(self) -> None:
        self._draw()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._draw()

    def _draw(self) -> None:
        snap = self._pinned if self._pinned is not None else self._latest
        if snap is None or snap is self.probe_panel.snapshot:
            return
        self.probe_panel.draw(snap)
        self.frames_drawn += 1

    # ------------------------------------------------------------------------ a unit

    def open_unit(self, report: UnitReport, step: int) -> None:
        """Show `report`, computed with the weights of training step `step`."""
        self.report, self.report_step = report, step
        r = report
        self.layer_box.setCurrentIndex(r.layer)
        self.unit_box.setValue(r.unit)
        self.heading.setText(
            self.tr(
                "<b>Layer {layer}, unit {unit}</b> ({cell}) — {name}, weights of step "
                "{step}. Colours: h<sub>t</sub>[{unit}] "
            ).format(
                layer=r.layer + 1,
                unit=r.unit,
                cell=r.cell.upper(),
                name=html.escape(r.name),
                step=step,
            )
            + '<span style="background:#0000ff; color:white">&nbsp;−1&nbsp;</span>'
            '<span style="background:#ffffff">&nbsp;0&nbsp;</span>'
            '<span style="background:#ff0000; color:white">&nbsp;+1&nbsp;</span>'
        )
        n = len(r.activations)
        limit = MAX_CHARS if r.text is not None else MAX_POINTS
        note = "" if n <= limit else self.tr("; the first {limit} of {n} shown").format(
            limit=f"{limit:,}", n=f"{n:,}")  # fmt: skip
        self.data_caption.setText(
            self.tr("The validation part (positions {start}..{end}) read as one continuous pass "
                    "from a zero state, coloured by the unit's activation{note}.").format(
                start=f"{r.start:,}", end=f"{r.start + n - 1:,}", note=note)
        )  # fmt: skip
        if r.text is not None:
            self._show_text(r, limit)
        else:
            self._show_series(r, limit)
        self._show_windows(r)
        self.correlated.clear()
        for c in r.correlated:
            item = QListWidgetItem(self.tr("layer {layer}, unit {unit}    r = {r}").format(
                layer=c.layer + 1, unit=c.unit, r=f"{c.r:+.3f}"))  # fmt: skip
            item.setData(pg.QtCore.Qt.ItemDataRole.UserRole, (c.layer, c.unit))
            self.correlated.addItem(item)
        self.probe_panel.set_unit(r.layer, r.unit)
        self._draw()

    def _show_text(self, r: UnitReport, limit: int) -> None:
        anchors = {w.start - r.start: f"w{w.rank}" for w in r.windows}
        body = colored_chars(r.text[:limit], r.activations[:limit], anchors)
        self.data_text.setHtml(f'<div style="font-family:monospace; font-size:11pt">{body}</div>')

    def _clear_regions(self) -> None:
        for item in self.regions:
            self.data_plot.removeItem(item)
        self.regions = []

    def _show_series(self, r: UnitReport, limit: int) -> None:
        x = np.arange(r.start, r.start + min(len(r.values), limit))
        v, a = r.values[: len(x)], r.activations[: len(x)]
        self.data_line.setData(x, v)
        self.data_dots.setData(x, v, brush=[pg.mkBrush(activation_color(q)) for q in a])
        self._clear_regions()
        labelled: list[int] = []
        top = float(np.max(v)) if len(v) else 0.0
        for w in r.windows:  # overlapping windows shade deeper: where the top ones gather
            region = pg.LinearRegionItem((w.start - 0.5, w.start + r.seq_len - 0.5),
                                         movable=False, brush=(255, 190, 0, 22),
                                         pen=pg.mkPen(None))  # fmt: skip
            region.setZValue(-10)
            self.data_plot.addItem(region)
            self.regions.append(region)
            if all(abs(w.start - s) >= r.seq_len for s in labelled):  # one label a cluster
                labelled.append(w.start)
                label = pg.TextItem(f"#{w.rank}", color="#8a6d00", anchor=(0, 0))
                label.setPos(w.start, top)
                self.data_plot.addItem(label)
                self.regions.append(label)
        self.data_plot.enableAutoRange()

    def _show_windows(self, r: UnitReport) -> None:
        rows = []
        for w in r.windows:
            lo = w.start - r.start
            if r.text is not None:
                shown = colored_chars(r.text[lo : lo + r.seq_len], w.activations, breaks=False)
                shown = f'<span style="font-family:monospace">{shown}</span>'
            else:
                shown = self.tr("values {start}..{end}").format(
                    start=w.start, end=w.start + r.seq_len - 1
                )
            peak = int(np.argmax(w.activations))
            rows.append(
                f'<tr><td><a href="#w{w.rank}">#{w.rank}</a></td><td>{w.start:,}</td>'
                f"<td>{w.score:+.3f} (t = {peak + 1})</td><td>{shown}</td></tr>"
            )
        intro = self.tr(
            "<b>Top {k} of {n} validation windows</b> by score = max of h<sub>t</sub>[{unit}] "
            "over the window, each run from a zero state as in training (coloured by that run). "
            "Click a rank to show it in place.").format(k=len(r.windows), n=f"{r.n_windows:,}",
                                                         unit=r.unit)  # fmt: skip
        heads = "".join(
            f"<th>{h}</th>"
            for h in (self.tr("rank"), self.tr("start"), self.tr("score"), self.tr("window"))
        )
        self.windows.setHtml(
            f"{intro}<table cellpadding=2><tr>{heads}</tr>{''.join(rows)}</table>"
        )  # fmt: skip

    def _on_window_clicked(self, url: QUrl) -> None:
        rank = int(url.fragment()[1:])
        w = self.report.windows[rank - 1]
        if self.report.text is not None:
            self.data_text.scrollToAnchor(f"w{rank}")
        else:
            self.data_plot.setXRange(w.start - self.report.seq_len,
                                     w.start + 2 * self.report.seq_len)  # fmt: skip

    def _on_correlated_clicked(self, item: QListWidgetItem) -> None:
        layer, unit = item.data(pg.QtCore.Qt.ItemDataRole.UserRole)
        self.unit_requested.emit(layer, unit)
