"""Panels 5 and 6: hidden-state heatmap and gate activations (units x time steps)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox

from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import (
    DIVERGING,
    SEQUENTIAL,
    Panel,
    TimeTicks,
    heatmap,
    heatmap_readout,
    set_heatmap,
)

TANH = (-1.0, 1.0)
SIGMOID = (0.0, 1.0)
STRIP_PX = 70  # height of the attribution bars under the hidden-state heatmap
SALIENCY = "#2ca02c"
ATTENTION = "#ff7f0e"
PREACT = (-3.0, 3.0)  # |a| > 2: tanh'(a) < 0.07, saturated
GATE_INFO = {  # title over each heatmap (short: four share a panel), range
    "i": (QT_TRANSLATE_NOOP("Panel", "i input"), SIGMOID),
    "f": (QT_TRANSLATE_NOOP("Panel", "f forget"), SIGMOID),
    "g": (QT_TRANSLATE_NOOP("Panel", "g cand. ±1"), TANH),
    "o": (QT_TRANSLATE_NOOP("Panel", "o output"), SIGMOID),
    "r": (QT_TRANSLATE_NOOP("Panel", "r reset"), SIGMOID),
    "z": (QT_TRANSLATE_NOOP("Panel", "z update"), SIGMOID),
    "n": (QT_TRANSLATE_NOOP("Panel", "n cand. ±1"), TANH),
}  # fmt: skip
PREACT_TITLE = QT_TRANSLATE_NOOP("Panel", "pre-activation a")
CELL_TITLE = QT_TRANSLATE_NOOP("Panel", "Cell state c_t")

DIRECTIONS = ("forward", "reverse")  # CSV headers; shown translated (direction_name)


def gate_title(g: str) -> str:
    """The title of gate `g` (a: an RNN's pre-activation) in the installed language."""
    return translate("Panel", GATE_INFO[g][0] if g in GATE_INFO else PREACT_TITLE)


def direction_name(d: int) -> str:
    return translate("Panel", DIRECTIONS[d])


def probe_row(info, layer: int, direction: int = 0) -> int:
    """The probe row of a layer and direction: torch's order, layer·D + direction."""
    return layer * info.directions + direction


def set_levels(bar: pg.ColorBarItem, levels: tuple[float, float]) -> None:
    """A colour bar's levels, set only when they change (a change rebuilds its axis)."""
    if tuple(bar.levels()) != tuple(levels):
        bar.setLevels(levels)


def keep_top(plot, top: float) -> None:
    """A strip's y range 0..top (padded), changed only when `top` leaves the upper half of
    the range shown: a new range rebuilds its axes and repaints the panel, at every probe."""
    top = max(top, 1e-12)
    shown = plot.vb.viewRange()[1][1]
    if not 0.5 * shown <= top <= shown:
        plot.setYRange(0, top, padding=0.05)


class HiddenPanel(Panel):
    slug = "hidden"
    title = QT_TRANSLATE_NOOP("Panel", "Hidden state h_t")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "The hidden state of every unit (rows) at every time step (columns) of the probe "
        "sequence (the first validation window), for the chosen layer. tanh keeps it in "
        "[-1, 1]: blue negative, red positive, white zero. Units that stay at ±1 are saturated. "
        "Click a row to inspect that unit in the Unit view.\n"
        "The bars under it are the input attribution ||dL_T/dx_t||: how much each input of "
        "the window mattered to the loss of the final step's prediction (Distill, "
        "'Visualizing memorization in RNNs'). Click a step to ask the same of the prediction "
        "made at that step (zero after it: the model cannot look ahead); click the last step "
        "to go back. Text: hover a step to see the model's next-character odds after it.\n"
        "With attention, the orange row under the bars is the attention weight α_t of every "
        "step: the share of the context c = Σ α_t h_t, which the head reads beside h_T, that "
        "comes from h_t (α_t = softmax over t of h_Tᵀ W_a h_t, so the row sums to 1).\n"
        "An LSTM: the box beside the layer shows h (the output) or c, the cell state (the "
        "memory the forget gate keeps); c is not bounded by tanh, so its colour scale runs to "
        "±max |c| (at least ±1).\n"
        "A bidirectional layer shows its two directions side by side, both in forward time: "
        "the reverse direction reads the window from t = T back to t = 1, so its column t has "
        "seen x_t..x_T.",
    )
    unit_clicked = Signal(int, int)  # layer, unit
    step_clicked = Signal(int)  # 0-based step of the window whose prediction to attribute
    step_hovered = Signal(int)  # 0-based step under the cursor (text: the odds after it)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.layer = self.add_layer_choice()
        self.state = QComboBox()  # an LSTM's h or c
        self.state.addItem(self.tr("h: output"), "h")
        self.state.addItem(self.tr("c: cell state (memory)"), "c")
        self.state.setToolTip(self.tr(
            "An LSTM: show the hidden state h_t (the layer's output, o ⊙ tanh(c_t)) or the cell "
            "state c_t, the memory the forget gate keeps from step to step"))  # fmt: skip
        self.state.activated.connect(lambda _: self.snapshot and self.draw(self.snapshot))
        self.state.hide()
        self.header.insertWidget(2, self.state)
        self.plots: list[pg.PlotItem] = []
        self.images: list[pg.ImageItem] = []
        self.tick_sets: list[TimeTicks] = []
        for d in range(2):  # the reverse plot is in the layout only for a bidirectional run
            plot = self.add_plot(col=d)
            plot.setMinimumWidth(0)
            self.images.append(heatmap(plot, DIVERGING, TANH))
            self.tick_sets.append(TimeTicks(plot))
            self.plots.append(plot)
        self.plot, self.img, self.ticks = self.plots[0], self.images[0], self.tick_sets[0]
        self.plot.setLabel("left", self.tr("unit"))
        self.bar = pg.ColorBarItem(values=TANH, colorMap=DIVERGING, interactive=False, width=12)
        self.bar.setImageItem(self.images)
        self.canvas.addItem(self.bar, row=1, col=2)
        self.shown = 2
        self.plot.getAxis("bottom").setStyle(showValues=False)  # the strip under it has them
        self.plot.setLabel("bottom", None)
        self.strip = self.add_plot(row=2)
        self.strip.setMouseEnabled(x=False, y=False)
        self.strip.setXLink(self.plot)
        self.strip.setLabel("left", self.tr("attr."))
        self.strip.setMaximumHeight(STRIP_PX)
        self.strip.getAxis("left").setStyle(showValues=False)
        self.strip.setLabel("bottom", translate("Panel", "time step t"))
        # Whatever sits right of the heatmap (colour bar, reverse direction) takes width: the
        # strip's blank right axis takes the same, so both time axes line up.
        self.strip.showAxis("right")
        self.strip.getAxis("right").setStyle(showValues=False)
        self.strip.getAxis("right").setWidth(50)
        self.plot.getAxis("left").setWidth(40)
        self.strip.getAxis("left").setWidth(40)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush=SALIENCY, pen=None)
        self.strip.addItem(self.bars)
        self.target_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#d62728", width=1.5))
        self.strip.addItem(self.target_line)
        self.ticks = TimeTicks(self.strip)
        # Attention alpha_t (a model with attention only): a row of its own under the bars,
        # in the layout only while the probe has one.
        self.alpha_strip = self.add_plot(row=3)
        self.alpha_strip.setMouseEnabled(x=False, y=False)
        self.alpha_strip.setXLink(self.plot)
        self.alpha_strip.setLabel("left", "α")
        self.alpha_strip.setMaximumHeight(STRIP_PX)
        self.alpha_strip.getAxis("left").setWidth(40)
        self.alpha_strip.showAxis("right")
        self.alpha_strip.getAxis("right").setStyle(showValues=False)
        self.alpha_curve = pg.PlotDataItem(
            [],
            [],
            pen=pg.mkPen(ATTENTION, width=2),
            symbol="o",
            symbolSize=4,
            symbolBrush=ATTENTION,
            symbolPen=None,
        )
        self.alpha_strip.addItem(self.alpha_curve)
        self.alpha_strip.setToolTip(self.tr(
            "Attention α_t: how much of the context the head reads comes from step t "
            "(softmax of h_Tᵀ W_a h_t over the window; sums to 1)"))  # fmt: skip
        self.alpha_ticks = TimeTicks(self.alpha_strip)
        self.canvas.ci.removeItem(self.alpha_strip)
        self.alpha_shown = False
        for vb in (self.plot.vb, self.strip.vb):
            vb.sigResized.connect(self._align_strip)
        self.retarget: tuple[object, int, np.ndarray] | None = None  # (probe, step, (T,))

    def _align_strip(self, _=None) -> None:
        """Widen the strip's (blank) right axis until its time axis lines up with the
        heatmap's."""
        axis = self.strip.getAxis("right")
        gap = self.strip.vb.sceneBoundingRect().right() - self.plot.vb.sceneBoundingRect().right()
        if abs(gap) >= 1:
            axis.setWidth(max(0, round(axis.width() + gap)))
        self.alpha_strip.getAxis("right").setWidth(axis.width())

    def _show_alpha(self, shown: bool) -> None:
        """Put the attention row in the layout (under the bars, as wide) or take it out."""
        if shown == self.alpha_shown:
            return
        ci = self.canvas.ci
        if shown:
            ci.addItem(self.alpha_strip, row=3, col=0, colspan=self.shown + 1)
        else:
            ci.removeItem(self.alpha_strip)
        self.alpha_shown = shown

    def reset(self, info) -> None:
        super().reset(info)
        self.retarget = None
        self.fill_layers(self.layer, info.layers)
        self.state.setVisible(info.cell == "lstm")
        if info.cell != "lstm":
            self.state.setCurrentIndex(0)
        D = info.directions
        if self.shown != D:  # only the items shown take space in the grid
            ci = self.canvas.ci
            ci.removeItem(self.bar)
            if D == 1:
                ci.removeItem(self.plots[1])
            else:
                ci.addItem(self.plots[1], row=1, col=1)
            ci.addItem(self.bar, row=1, col=D)
            # The strip spans every column, its blank right axis as wide as what stands
            # right of the forward heatmap: in column 0 alone, widening that axis widened
            # the column, which moved the gap it closes, and an export's large layout left
            # the heatmap stretched for good.
            ci.removeItem(self.strip)
            ci.addItem(self.strip, row=2, col=0, colspan=D + 1)
            self.shown = D
        self._show_alpha(False)
        for d, plot in enumerate(self.plots):
            plot.setTitle(direction_name(d) if D == 2 else None, size="9pt")
        for ticks in self.tick_sets:
            ticks.set(info.seq_len)
        self.ticks.set(info.seq_len)
        self.alpha_ticks.set(info.seq_len)
        self.bars.setOpts(x=[], height=[])
        self.alpha_curve.setData([], [])
        self.set_caption("")

    def showing_cell(self) -> bool:
        """Whether the heatmap shows an LSTM's cell state c (else the hidden state h)."""
        p = None if self.snapshot is None else self.snapshot.probe
        return self.state.currentData() == "c" and p is not None and p.cell_state is not None

    def _array(self, direction: int = 0):
        row = probe_row(self.info, self.layer.currentIndex(), direction)
        p = self.snapshot.probe
        return (p.cell_state if self.showing_cell() else p.hidden)[row]  # (T, H)

    def levels(self) -> tuple[float, float]:
        """The colour scale: tanh's [-1, 1] for h; for c, ±max |c| of what is shown (>= 1)."""
        if not self.showing_cell():
            return TANH
        shown = [
            np.abs(np.asarray(self._array(d), np.float64)) for d in range(self.info.directions)
        ]
        m = max([1.0, *(float(np.nanmax(np.where(np.isfinite(a), a, 0))) for a in shown)])
        return (-m, m)

    def saliency(self) -> tuple[np.ndarray | None, int]:
        """The attribution shown and the 0-based step it is taken for: a retargeted one while
        the panel shows the probe it was computed on, else the probe's own (the final step)."""
        p = self.snapshot.probe
        if self.retarget is not None and self.retarget[0] is p:
            return self.retarget[2], self.retarget[1]
        return p.input_saliency, len(p.inputs) - 1

    def set_retarget(self, probe, step: int, values: np.ndarray | None) -> None:
        """Show `values` (T,) as the attribution of step `step` of `probe` (None: the final)."""
        self.retarget = None if values is None else (probe, step, values)
        if self.snapshot is not None:
            self._draw_strip()

    def draw(self, snap) -> None:
        super().draw(snap)
        levels = self.levels()
        set_levels(self.bar, levels)
        self.set_title(translate("Panel", CELL_TITLE) if self.showing_cell() else self.title)
        for d in range(self.info.directions):
            set_heatmap(self.images[d], self.plots[d], self._array(d), levels)
            self.tick_sets[d].set(self.info.seq_len, snap.probe.tokens)
        self.ticks.set(self.info.seq_len, snap.probe.tokens)
        self._draw_strip()
        self._draw_alpha()

    def attention(self) -> np.ndarray | None:
        """The attention weights alpha_t (T,) of the probe shown, None without attention."""
        return None if self.snapshot is None else self.snapshot.probe.attention

    def _draw_alpha(self) -> None:
        a = self.attention()
        self._show_alpha(a is not None)
        if a is None:
            return
        a = np.asarray(a, np.float64)
        self.alpha_curve.setData(np.arange(1, len(a) + 1), a)
        keep_top(self.alpha_strip, float(np.nanmax(a)))
        self.alpha_ticks.set(self.info.seq_len, self.snapshot.probe.tokens)

    def _draw_strip(self) -> None:
        s, step = self.saliency()
        T = self.info.seq_len
        if s is None:
            return
        s = np.nan_to_num(np.asarray(s, np.float64), nan=0.0, posinf=0.0)
        self.bars.setOpts(x=np.arange(1, T + 1), height=s, width=0.8)
        keep_top(self.strip, float(s.max()))
        self.target_line.setValue(step + 1)
        final = step == T - 1
        caption = (self.tr("bars: ‖∂L/∂x_t‖, the prediction at t = {t}") if self.info.kind == "text"
                   else self.tr("bars: ‖∂L/∂x_t‖, the forecast at t = {t}"))  # fmt: skip
        a = self.attention()
        peak = "" if a is None else self.tr(" · α: most at t = {t} ({share})").format(
            t=int(np.argmax(a)) + 1, share=f"{float(np.max(a)):.0%}")  # fmt: skip
        self.set_caption(
            caption.format(t=step + 1)
            + ("" if final else self.tr(" · click t = {T}: back").format(T=T))
            + peak
        )

    def value_at(self, plot, x, y):
        if plot is self.alpha_strip:
            t, a = int(round(x)), self.attention()
            if a is not None and 1 <= t <= len(a):
                return self.tr("attention α at t = {t}: {value}").format(
                    t=t, value=f"{a[t - 1]:.4g}")  # fmt: skip
            return None
        if plot is self.strip:
            t = int(round(x))
            s, step = self.saliency()
            if s is not None and 1 <= t <= len(s):
                return self.tr(
                    "attribution of t = {t} to the prediction at t = {at}: {value}"
                ).format(t=t, at=step + 1, value=f"{s[t - 1]:.4g}")
            return None
        d = self.plots.index(plot) if plot in self.plots else 0
        state = "c" if self.showing_cell() else "h"
        what = f"{state} {direction_name(d)}" if self.info.directions == 2 else state
        return heatmap_readout(self._array(d), x, y, what)

    def _on_mouse_moved(self, pos) -> None:
        super()._on_mouse_moved(pos)
        if self.snapshot is None:
            return
        for plot in (self.plot, self.strip):
            if plot.vb.sceneBoundingRect().contains(pos):
                t = int(round(plot.vb.mapSceneToView(pos).x()))
                if 1 <= t <= self.info.seq_len:
                    self.step_hovered.emit(t - 1)
                return

    def _on_mouse_clicked(self, event) -> None:
        super()._on_mouse_clicked(event)
        if event.double() or self.snapshot is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.scenePos()
        for plot in (self.plot, self.strip):
            if plot.vb.sceneBoundingRect().contains(pos):
                p = plot.vb.mapSceneToView(pos)
                t, u = int(round(p.x())), int(round(p.y()))
                if plot is self.plot and 0 <= u < self.info.hidden:
                    self.unit_clicked.emit(self.layer.currentIndex(), u)
                elif plot is self.strip and 1 <= t <= self.info.seq_len:
                    self.step_clicked.emit(t - 1)
                return

    def table(self):
        D = self.info.directions
        arrays = [self._array(d) for d in range(D)]
        H = arrays[0].shape[1]
        c = "c_" if self.showing_cell() else ""  # an LSTM's cell state: c_unit_0, ...
        names = [f"{c}{DIRECTIONS[d]}_unit_{u}" if D == 2 else f"{c}unit_{u}"
                 for d in range(D) for u in range(H)]  # fmt: skip
        values = np.concatenate([np.asarray(a, np.float64) for a in arrays], axis=1)  # (T, D*H)
        if self.attention() is not None:  # alpha_t beside the states it weighs
            names.append("attention")
            values = np.hstack([values, np.asarray(self.attention(), np.float64)[:, None]])
        t = np.arange(1, len(values) + 1)[:, None]
        rows = [[int(r[0]), *r[1:]] for r in np.hstack([t, values]).tolist()]
        return ["t", *names], rows

    def _export_geometry(self, w: int, h: int):
        """As Panel's, with the strips under the heatmap twice as tall: a figure's larger
        axis text left the attribution bars a sliver."""
        strips = (self.strip, self.alpha_strip)
        for s in strips:
            s.setMaximumHeight(2 * STRIP_PX)
        undo_layout = super()._export_geometry(w, h)

        def undo() -> None:
            for s in strips:
                s.setMaximumHeight(STRIP_PX)
            undo_layout()

        return undo


class GatesPanel(Panel):
    slug = "gates"
    title = QT_TRANSLATE_NOOP("Panel", "Gate activations")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "LSTM: input i, forget f, output o gates (sigmoid, 0 = closed, 1 = open) and the "
        "candidate g (tanh, -1..1). GRU: reset r and update z gates (0..1) and the candidate n "
        "(-1..1). Rows are units, columns time steps, for the chosen layer. "
        "A vanilla RNN has no gates: its tanh pre-activation is shown instead; |a| > 2 means "
        "the unit is saturated and passes almost no gradient. A bidirectional layer: choose "
        "the direction next to the layer (both in forward time).",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.layer = self.add_layer_choice()
        self.direction = QComboBox()
        self.direction.addItems([direction_name(d) for d in range(2)])
        self.direction.setToolTip(self.tr("Which direction of the bidirectional layer to show"))
        self.direction.activated.connect(lambda _: self.snapshot and self.draw(self.snapshot))
        self.header.insertWidget(2, self.direction)
        self.direction.hide()
        self.ticks: list[TimeTicks] = []
        self.plots: dict[str, pg.PlotItem] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self.levels: dict[str, tuple[float, float]] = {}
        self.bar: pg.ColorBarItem | None = None
        self.cell = ""  # the cell the heatmaps were made for (its gates)

    def reset(self, info) -> None:
        super().reset(info)
        self.fill_layers(self.layer, info.layers)
        self.direction.setCurrentIndex(0)
        self.direction.setVisible(info.directions == 2)
        if info.cell == self.cell:  # the same heatmaps serve (making them took ~100 ms)
            for g, ticks in zip(self.plots, self.ticks, strict=True):
                ticks.set(info.seq_len)
                self.images[g].clear()
            return
        self.cell = info.cell
        self.canvas.clear()
        # Room between the heatmaps: each draws its last time-step label (T) at its right
        # edge, which would run into the next one's "1".
        self.canvas.ci.layout.setHorizontalSpacing(14)
        self.plots.clear()
        self.images.clear()
        self.ticks.clear()
        self.columns = 0
        names = {"lstm": "ifgo", "gru": "rzn", "rnn": "a"}[info.cell]
        for g in names:
            title, levels = gate_title(g), GATE_INFO.get(g, ("", PREACT))[1]
            plot = self.add_plot(row=1, col=len(self.plots), title=title)
            plot.titleLabel.setText(title, size="9pt")
            plot.setMinimumWidth(0)
            self.ticks.append(TimeTicks(plot))
            self.ticks[-1].set(info.seq_len)
            cmap = SEQUENTIAL if levels == SIGMOID else DIVERGING
            self.images[g] = heatmap(plot, cmap, levels)
            plot.setLabel("bottom", "")
            self.plots[g], self.levels[g] = plot, levels
        last = names[-1] if info.cell == "rnn" else ("o" if info.cell == "lstm" else "z")
        bar_levels = self.levels[last]
        cmap = SEQUENTIAL if bar_levels == SIGMOID else DIVERGING
        self.bar = pg.ColorBarItem(values=bar_levels, colorMap=cmap, interactive=False, width=12)
        self.bar.setImageItem(self.images[last])
        self.canvas.addItem(self.bar, row=1, col=len(names))  # its own column: labels fit
        small = QFont()
        small.setPointSize(7)
        self.bar.axis.setStyle(tickFont=small)
        self.bar.axis.setWidth(28)  # beside four gates the default 45 px is clipped
        self._arrange()
        if info.cell == "rnn":
            self.set_title(self.tr("RNN pre-activation (no gates)"))
            self.set_caption(self.tr("a = W_ih x + W_hh h + b before tanh; |a| > 2: saturated, "
                                     "passes almost no gradient"))  # fmt: skip
        else:
            self.set_title(self.tr("Gate activations — {cell}").format(cell=info.cell.upper()))
            self.set_caption("")

    GATE_PX = 110  # below this width per gate the gates go two to a row

    def _arrange(self) -> None:
        """All gates in one row when they fit, else two to a row (never squeezed to slivers),
        the colour bar on the right; labels only where they are not repeated."""
        n = len(self.plots)
        columns = n if n < 3 or self.canvas.width() >= n * self.GATE_PX + 60 else 2
        if columns == self.columns:
            return
        self.columns = columns
        ci = self.canvas.ci
        for item in (*self.plots.values(), self.bar):
            ci.removeItem(item)
        for i, plot in enumerate(self.plots.values()):
            row, col = 1 + i // columns, i % columns
            ci.addItem(plot, row=row, col=col)
            plot.setLabel("left", self.tr("unit") if col == 0 else "")  # (setLabel shows the axis)
            plot.showAxis("left", col == 0)
        rows = (n + columns - 1) // columns
        ci.addItem(self.bar, row=1, col=columns, rowspan=rows)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.plots:
            self._arrange()

    def _arrays(self) -> dict:
        p = self.snapshot.probe
        layer = probe_row(self.info, self.layer.currentIndex(), self.direction.currentIndex())
        if self.info.cell == "rnn":
            return {"a": p.preact[layer]}
        return {g: v[layer] for g, v in p.gates.items()}  # (T, H) each

    def draw(self, snap) -> None:
        super().draw(snap)
        for g, a in self._arrays().items():
            set_heatmap(self.images[g], self.plots[g], a, self.levels[g])

    def value_at(self, plot, x, y):
        for g, p in self.plots.items():
            if p is plot:
                return heatmap_readout(self._arrays()[g], x, y, gate_title(g))
        return None

    def table(self):
        rows = []
        for g, a in self._arrays().items():
            T, H = a.shape
            t, u = np.divmod(np.arange(T * H), H)  # row-major: every unit of step 1, then 2...
            values = np.asarray(a, np.float64).ravel().tolist()
            rows += [[g, ti + 1, ui, v] for ti, ui, v in zip(t.tolist(), u.tolist(), values,
                                                              strict=True)]  # fmt: skip
        return ["gate", "t", "unit", "value"], rows


class AttentionPanel(Panel):
    slug = "attention"
    title = QT_TRANSLATE_NOOP("Panel", "Attention over the probe batch")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "Where the model looks: one row per window of the probe batch (the first validation "
        "windows), one column per time step, coloured by the attention weight α_t that the "
        "model gives the top layer's state h_t of that window (α_t = softmax over t of "
        "h_Tᵀ W_a h_t; each row sums to 1). The head reads the context Σ α_t h_t beside h_T. "
        "On the adding problem the two marked steps differ from window to window: compare "
        "each row's bright cells with them. Only a model trained with attention "
        "(--attention) has one.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plot = self.add_plot()
        self.img = heatmap(self.plot, SEQUENTIAL, SIGMOID)
        self.plot.setLabel("left", self.tr("window"))
        self.ticks = TimeTicks(self.plot)
        self.bar = pg.ColorBarItem(values=SIGMOID, colorMap=SEQUENTIAL, interactive=False,
                                   width=12)  # fmt: skip
        self.bar.setImageItem(self.img)
        self.canvas.addItem(self.bar, row=1, col=1)

    def reset(self, info) -> None:
        super().reset(info)
        self.img.clear()
        self.ticks.set(info.seq_len)
        self.set_caption("")

    def weights(self) -> np.ndarray | None:
        """The probe's batch_attention (B, T), None for a model without attention."""
        return None if self.snapshot is None else self.snapshot.probe.batch_attention

    def draw(self, snap) -> None:
        super().draw(snap)
        a = self.weights()
        if a is None:
            self.img.clear()
            self.set_caption(self.tr("this model has no attention (train with --attention)"))
            self.snapshot = None  # a panel without data: a lab report leaves it out
            return
        a = np.asarray(a, np.float64)
        hi = max(float(np.nanmax(a)), 1e-6)  # the largest weight: a colour scale that shows it
        set_heatmap(self.img, self.plot, a.T, (0.0, hi))  # rows = windows
        set_levels(self.bar, (0.0, hi))
        self.set_caption(
            self.tr(
                "step {step}, {n} windows: the largest weight {max}; the median window puts "
                "{share} on its top step"
            ).format(
                step=snap.probe.dynamics_step,
                n=len(a),
                max=f"{hi:.3g}",
                share=f"{float(np.median(a.max(axis=1))):.0%}",
            )
        )

    def value_at(self, plot, x, y):
        a = self.weights()
        if a is None:
            return None
        t, w = int(round(x)), int(round(y))
        B, T = a.shape
        if 1 <= t <= T and 0 <= w < B:
            return self.tr("window {w}, t = {t}: α = {value}").format(
                w=w, t=t, value=f"{a[w, t - 1]:.4g}")  # fmt: skip
        return None

    def table(self):
        a = self.weights()
        if a is None:
            return ["window"], []
        T = a.shape[1]
        return ["window", *[f"t_{t}" for t in range(1, T + 1)]], [
            [w, *np.asarray(row, np.float64).tolist()] for w, row in enumerate(a)]  # fmt: skip
