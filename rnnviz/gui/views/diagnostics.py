"""The Diagnostics view: training health at a glance, and warnings a learner can act on.

Everything drawn is computed in core (rnnviz.core.dynamics in every probe, the tracks of
Snapshot.probes, rnnviz.core.diagnostics for the warnings); the panels only draw it.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QComboBox, QPushButton, QTextBrowser

from rnnviz.core.diagnostics import (
    EXPLODING_JACOBIAN,
    MESSAGES,
    SIGMOID_GATE_NAMES,
    Diagnostics,
    tau_track,
)
from rnnviz.core.probelog import DYNAMICS_TRACKS
from rnnviz.gui.dashboard import Dashboard
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import (
    LAYER_COLORS,
    TRAIN,
    Legend,
    Panel,
    StickyRange,
    for_log_axis,
    log_y,
)
from rnnviz.gui.plots.gradients import row_names as layer_row_names
from rnnviz.gui.plots.heatmaps import AttentionPanel

GATE_COLOR = "#1f77b4"
# Dynamics: a colour per quantity, a line style per layer (and direction).
QUANTITY_COLORS = ("#1f77b4", "#17becf", "#9467bd")
ROW_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
              Qt.PenStyle.DashDotLine)  # fmt: skip


def row_names(rows: int, directions: int, shown: bool = True) -> list[str]:
    """A name for every row of a per-layer probe array (L*D rows, torch's order), as the
    gradient panel names them; `shown`: in the installed language, else English (CSV)."""
    return layer_row_names(rows // directions, directions, shown)


# The warnings' codes as the window shows them (the codes themselves stay English).
CODE_NAMES = {
    "vanishing-gradient": QT_TRANSLATE_NOOP("Diagnostics", "vanishing-gradient"),
    "exploding-gradient": QT_TRANSLATE_NOOP("Diagnostics", "exploding-gradient"),
    "saturated-gates": QT_TRANSLATE_NOOP("Diagnostics", "saturated-gates"),
    "dead-units": QT_TRANSLATE_NOOP("Diagnostics", "dead-units"),
    "overfitting": QT_TRANSLATE_NOOP("Diagnostics", "overfitting"),
    "diverged": QT_TRANSLATE_NOOP("Diagnostics", "diverged"),
    "rising-loss": QT_TRANSLATE_NOOP("Diagnostics", "rising-loss"),
    "extrapolation": QT_TRANSLATE_NOOP("Diagnostics", "extrapolation"),
}


def code_name(code: str) -> str:
    return translate("Diagnostics", CODE_NAMES.get(code, code))


def warning_text(w) -> tuple[str, str]:
    """(message, advice) of a HealthWarning in the installed language: core's template and
    advice translated, filled with the same formatted numbers."""
    if not w.template:
        return w.message, w.advice
    values = dict(w.values)
    if "gate" in values:
        values["gate"] = translate("Diagnostics", values["gate"])
    message = translate("Diagnostics", MESSAGES[w.template]).format(**values)
    return message, translate("Diagnostics", w.advice)


def _fmt_tau(t: float) -> str:
    return "∞" if math.isinf(t) else "–" if math.isnan(t) else f"{t:.3g}"


class RowChoice:
    """A panel's layer choice that lists the probe's rows (both directions when there are
    two), refilled only when their number changes."""

    def __init__(self, panel: Panel) -> None:
        self.combo = panel.add_layer_choice()
        # "layer 2 reverse" in full: the panel's title is the one that gives way (elided).
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.key = None

    def sync(self, rows: int, directions: int) -> int:
        if self.key != (rows, directions):
            self.key = (rows, directions)
            self.combo.clear()
            self.combo.addItems(row_names(rows, directions))
            self.combo.setCurrentIndex(rows - 1)
            self.combo.setVisible(rows > 1)
        return max(self.combo.currentIndex(), 0)

    def reset(self) -> None:
        self.key = None
        self.combo.clear()
        self.combo.hide()


class SaturationPanel(Panel):
    slug = "saturation"
    title = QT_TRANSLATE_NOOP("Panel", "Gate saturation")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "One plot per sigmoid gate (LSTM: input, forget, output; GRU: reset, update) and a dot "
        "per unit, over the probe batch (the first 64 validation windows, every step): "
        "x = share of the gate's values below 0.1 (shut), y = share above 0.9 (wide open), as "
        "in Karpathy, Johnson & Fei-Fei (2015). Dots near the origin are gates that still "
        "weigh their inputs; dots near the right or top edge are saturated, and a saturated "
        "sigmoid passes almost no gradient. A vanilla RNN has no gates: its plot shows each "
        "unit's share of |h| > 0.9 (tanh's flat tails) against its spread. Hover a dot to "
        "name the unit.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows = RowChoice(self)
        self.plots: list[pg.PlotItem] = []
        self.scatters: list[pg.ScatterPlotItem] = []
        self.cell = ""  # the cell the plots were made for (its gates)
        self.names: tuple[str, ...] = ()

    def reset(self, info) -> None:
        super().reset(info)
        self.rows.reset()
        if self.plots and info.cell == self.cell:  # the same plots serve: only emptied
            for scatter in self.scatters:
                scatter.clear()
            self.set_caption("")
            return
        self.cell = info.cell
        for plot in self.plots:
            self.canvas.ci.removeItem(plot)
        self.names = SIGMOID_GATE_NAMES[info.cell] or ("tanh",)  # English (CSV)
        self.shown_names = [translate("Diagnostics", n) for n in self.names]
        self.plots, self.scatters = [], []
        for col in range(len(self.names)):
            plot = self.add_plot(row=1, col=col)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            scatter = pg.ScatterPlotItem(size=7, pen=None, brush=pg.mkBrush(GATE_COLOR + "aa"))
            plot.addItem(scatter)
            if info.cell == "rnn":
                plot.setTitle(self.tr("units"), size="9pt")
                plot.setLabel("bottom", self.tr("share of |h| > 0.9"))
                plot.setLabel("left", self.tr("std of h"))
                plot.setXRange(0, 1, padding=0.04)
                plot.enableAutoRange(y=True)
            else:
                plot.setTitle(self.tr("{gate} gate").format(gate=self.shown_names[col]),
                              size="9pt")  # fmt: skip
                # The label is HTML.
                plot.setLabel("bottom", html.escape(self.tr("share < 0.1 (shut)")))
                plot.setLabel("left", html.escape(self.tr("share > 0.9 (open)")) if col == 0
                              else "")  # fmt: skip
                plot.setRange(xRange=(0, 1), yRange=(0, 1), padding=0.04)
                shares = [[(0.0, "0"), (0.5, "0.5"), (1.0, "1")]]  # legible in a narrow plot
                plot.getAxis("bottom").setTicks(shares)
                plot.getAxis("left").setTicks(shares)
                # The saturated corner: more than half of the values at 0 or 1 (x + y > 0.5).
                edge = pg.PlotCurveItem([0.5, 0], [0, 0.5], pen=pg.mkPen("#c0392b", width=1,
                                        style=Qt.PenStyle.DashLine))  # fmt: skip
                plot.addItem(edge)
            self.plots.append(plot)
            self.scatters.append(scatter)
        self.set_caption("")

    def _points(self, snap=None) -> list[tuple[np.ndarray, np.ndarray]]:
        """(x, y) per plot for the chosen row, one value per unit."""
        p = (snap or self.snapshot).probe
        if p.gate_saturation is None:
            return []
        row = self.rows.sync(len(p.hidden), p.directions)
        if self.info.cell == "rnn":
            return [(p.hidden_saturation[row], p.hidden_std[row])]
        sat = p.gate_saturation[row]  # (G_sig, H, 2)
        return [(sat[g, :, 0], sat[g, :, 1]) for g in range(sat.shape[0])]

    def draw(self, snap) -> None:
        super().draw(snap)
        points = self._points()
        for scatter, (x, y) in zip(self.scatters, points, strict=False):
            scatter.setData(x, y)
        if points and self.info.cell != "rnn":
            shares = [float(np.mean(x + y)) for x, y in points]
            self.set_caption(
                self.tr("step {step}, saturated (below 0.1 or above 0.9): ").format(
                    step=snap.probe.step)
                + ", ".join(f"{n} {s:.0%}" for n, s in zip(self.shown_names, shares, strict=True))
            )  # fmt: skip
        elif points:
            self.set_caption(self.tr("step {step}: |h| > 0.9 in {share} of the values").format(
                step=snap.probe.step, share=f"{float(np.mean(points[0][0])):.0%}"))  # fmt: skip

    def value_at(self, plot, x, y):
        if plot not in self.plots:
            return None
        i = self.plots.index(plot)
        points = self._points()
        if i >= len(points):
            return None
        xs, ys = points[i]
        vb = plot.vb.viewRange()
        sx, sy = (vb[0][1] - vb[0][0]) or 1, (vb[1][1] - vb[1][0]) or 1
        d = ((xs - x) / sx) ** 2 + ((ys - y) / sy) ** 2
        u = int(np.argmin(d))
        if d[u] > 0.03**2:
            return None
        if self.info.cell == "rnn":
            return self.tr("unit {u}: |h| > 0.9 in {share} of the values, std {std}").format(
                u=u, share=f"{xs[u]:.1%}", std=f"{ys[u]:.3g}")  # fmt: skip
        return self.tr("unit {u}, {gate} gate: below 0.1 {below}, above 0.9 {above}").format(
            u=u, gate=self.shown_names[i], below=f"{xs[u]:.1%}", above=f"{ys[u]:.1%}")  # fmt: skip

    def table(self):
        p = self.snapshot.probe
        names = row_names(len(p.hidden), p.directions, shown=False)
        if self.info.cell == "rnn":
            return ["row", "unit", "share_abs_h_above_0.9", "std_h"], [
                [names[r], u, float(p.hidden_saturation[r, u]), float(p.hidden_std[r, u])]
                for r in range(len(names)) for u in range(p.hidden_std.shape[1])]  # fmt: skip
        sat = p.gate_saturation
        return ["row", "gate", "unit", "share_below_0.1", "share_above_0.9"], [
            [names[r], self.names[g], u, float(sat[r, g, u, 0]), float(sat[r, g, u, 1])]
            for r in range(sat.shape[0]) for g in range(sat.shape[1])
            for u in range(sat.shape[2])]  # fmt: skip


class TrackPanel(Panel):
    """Curves over training on a log axis, one point per probe, from Snapshot.probes."""

    ylabel = ""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.legend = Legend(self.canvas)
        self.plot = self.add_plot()
        log_y(self.plot)
        self.plot.setLabel("bottom", translate("Panel", "step"))
        self.plot.setLabel("left", translate("Panel", self.ylabel))
        self.range = StickyRange(self.plot)
        self.curves: dict[str, pg.PlotDataItem] = {}

    def curve(self, key: str, name: str, pen) -> pg.PlotDataItem:
        if key not in self.curves:
            c = self.plot.plot(pen=pen, symbol="o", symbolSize=4, symbolPen=None,
                               symbolBrush=pen.color())  # fmt: skip
            c.legend_name = name
            self.curves[key] = c
        return self.curves[key]

    def reset(self, info) -> None:
        super().reset(info)
        for c in self.curves.values():
            self.plot.removeItem(c)
        self.curves = {}
        self.range.reset()
        self.legend.set_entries([])

    def draw(self, snap) -> None:
        """Only a new view of the log redraws the curves (a draw costs O(K): 11 ms at 600
        probes, 65 at 4,000): most probes are not logged, their dynamics carried over."""
        old = self.snapshot
        super().draw(snap)
        if old is None or snap is old or snap.probes is not old.probes:
            self.draw_tracks(snap)

    def draw_tracks(self, snap) -> None:
        raise NotImplementedError

    def tracks(self, *names: str):
        """(steps, arrays) of the named tracks, or None while there are none; without the
        probes that did not measure them (NaN throughout: dynamics carried over)."""
        v = self.snapshot.probes
        if any(n not in v.tracks for n in names) or not len(v.steps):
            return None
        arrays = [v.track(n) for n in names]
        kept = np.ones(len(v.steps), dtype=bool)
        for n, a in zip(names, arrays, strict=True):
            if n in DYNAMICS_TRACKS:  # (other tracks' NaN are values: a zero gradient's tau)
                kept &= ~np.isnan(a.reshape(len(a), -1)).all(axis=1)
        if not kept.any():
            return None
        return v.steps[kept], [a[kept] for a in arrays]

    def row_label(self, r: int, rows: int) -> str:
        return "" if rows == 1 else " " + row_names(rows, self.snapshot.probe.directions)[r]


class DynamicsPanel(TrackPanel):
    slug = "dynamics"
    title = QT_TRANSLATE_NOOP("Panel", "Recurrent dynamics over training")
    ylabel = QT_TRANSLATE_NOOP("Panel", "‖J‖, ρ")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "How strongly one step's state depends on the previous one (Pascanu et al. 2013), at "
        "every probe: the largest singular value of the step Jacobian ∂s_t/∂s_(t-1) "
        "(s = h, or [h; c] for an LSTM), the most over the probe window's steps (blue) and its "
        "mean over them (cyan); purple: the largest spectral radius of the recurrent weight "
        "blocks (one block per gate); a line style per layer. Above the line at 1 a step "
        "amplifies, so gradients can explode; below it a step shrinks, so they vanish; near 1 "
        "is the edge where long memory is possible.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        one = math.log10(EXPLODING_JACOBIAN)  # the log axis plots log10
        self.plot.addItem(pg.InfiniteLine(pos=one, angle=0, pen=pg.mkPen("#555", width=1,
                                          style=Qt.PenStyle.DashLine)))  # fmt: skip
        self.keys: dict[int, pg.PlotDataItem] = {}
        self.labels = []
        for text, anchor in ((self.tr("amplifying ↑"), (1, 0)), (self.tr("edge"), (1, 1)),
                             (self.tr("shrinking ↓"), (1, 1))):  # fmt: skip
            label = pg.TextItem(text, color="#777", anchor=anchor)
            self.plot.addItem(label, ignoreBounds=True)
            self.labels.append(label)

    def draw_tracks(self, snap) -> None:
        got = self.tracks("jacobian_norm_max", "jacobian_norm_mean", "spectral_radius")
        if got is None:
            return
        steps, (jmax, jmean, radius) = got  # (K, R), (K, R), (K, R, G)
        rows = jmax.shape[1]
        radius_max = radius.max(axis=2)  # (K, R): the largest gate block's radius
        for r in range(rows):
            style = ROW_STYLES[r % len(ROW_STYLES)]
            for key, name, values, color in (
                ("max", self.tr("max ‖J‖"), jmax, QUANTITY_COLORS[0]),
                ("mean", self.tr("mean ‖J‖"), jmean, QUANTITY_COLORS[1]),
                ("radius", self.tr("spectral radius ρ"), radius_max, QUANTITY_COLORS[2]),
            ):
                pen = pg.mkPen(color, width=2, style=style)
                curve = self.curve(f"{key}{r}", name, pen)
                curve.setData(steps, for_log_axis(values[:, r]))
        # The legend names the quantities (colours) and, with several rows, the line styles.
        entries = [
            (self.curves[f"{k}0"], n)
            for k, n in (
                ("max", self.tr("max ‖J‖")),
                ("mean", self.tr("mean ‖J‖")),
                ("radius", self.tr("spectral radius ρ")),
            )
        ]
        if rows > 1:
            entries += [(self.style_key(r), row_names(rows, snap.probe.directions)[r])
                        for r in range(rows)]  # fmt: skip
        self.legend.set_entries(entries)
        self.range.update(float(steps[-1]), jmax.ravel(), jmean.ravel(), radius_max.ravel(),
                          np.array([0.5, 2.0]))  # fmt: skip
        (_, x1), (y_lo, y_hi) = self.plot.vb.viewRange()
        for label, y in zip(self.labels, (y_hi, 0.0, y_lo), strict=True):
            label.setPos(x1, y)  # the right edge: the newest probe is left of it
        self.set_caption(
            self.tr("step {step}: max ‖J‖ {max}, mean {mean}, spectral radius {radius}").format(
                step=int(steps[-1]),
                max=f"{jmax[-1].max():.3g}",
                mean=f"{jmean[-1].mean():.3g}",
                radius=f"{radius_max[-1].max():.3g}",
            )
        )

    def style_key(self, r: int) -> pg.PlotDataItem:
        """A grey sample of row r's line style, for the legend (never added to the plot)."""
        if r not in self.keys:
            pen = pg.mkPen("#555", width=2, style=ROW_STYLES[r % len(ROW_STYLES)])
            self.keys[r] = pg.PlotDataItem(pen=pen)
        return self.keys[r]

    def value_at(self, plot, x, y):
        got = self.tracks("jacobian_norm_max", "jacobian_norm_mean", "spectral_radius")
        if got is None:
            return None
        steps, (jmax, jmean, radius) = got
        i = int(np.clip(np.searchsorted(steps, x), 0, len(steps) - 1))

        def numbers(a) -> str:
            return ", ".join(f"{v:.4g}" for v in a)

        return self.tr("step {step}: max ‖J‖ {max}; mean {mean}; radius {radius}").format(
            step=int(steps[i]), max=numbers(jmax[i]), mean=numbers(jmean[i]),
            radius=numbers(radius[i].max(axis=1)))  # fmt: skip

    def table(self):
        got = self.tracks("jacobian_norm_max", "jacobian_norm_mean", "spectral_radius")
        if got is None:
            return [], []
        steps, (jmax, jmean, radius) = got
        names = row_names(jmax.shape[1], self.snapshot.probe.directions, shown=False)
        gates = radius.shape[2]
        return (["step", "row", "jacobian_norm_max", "jacobian_norm_mean",
                 *[f"spectral_radius_{g}" for g in range(gates)]],
                [[int(s), names[r], float(jmax[k, r]), float(jmean[k, r]),
                  *[float(v) for v in radius[k, r]]]
                 for k, s in enumerate(steps) for r in range(jmax.shape[1])])  # fmt: skip


class MemoryPanel(TrackPanel):
    slug = "memory_over_training"
    title = QT_TRANSLATE_NOOP("Panel", "Memory length τ over training")
    ylabel = QT_TRANSLATE_NOOP("Panel", "τ (steps)")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "The vanishing gradient as one number per layer, at every probe: τ is how many steps "
        "back the gradient reaches before it shrinks by a factor e (a least-squares line "
        "through ln ‖dL_T/dh_t‖ against T − t has slope b; τ = −1/b; where that line is flat "
        "but the gradient at t = 1 is still smaller than at t = T, τ = (T − 1) / ln of their "
        "ratio). A long τ lets the model learn from far back; a short one means early steps "
        "barely learn. A gradient that does not shrink toward t = 1 has no finite τ: the curve "
        "marks it with a triangle at the top edge and the caption says ∞.",
    )

    def taus(self):
        """(steps, [tau]) of every probe, tau (K, rows) by decay_length (inf only where the
        gradient does not shrink toward t = 1), or None while there are none."""
        got = self.tracks("memory_length")
        if got is None:
            return None
        return got[0], [tau_track(self.snapshot.probes, self.snapshot.probe.grad_norm.shape[-1])]

    def draw_tracks(self, snap) -> None:
        got = self.taus()
        if got is None:
            return
        steps, (tau,) = got  # (K, R)
        rows = tau.shape[1]
        shown = np.where(np.isfinite(tau), tau, np.nan)
        for r in range(rows):
            pen = pg.mkPen(LAYER_COLORS[r % len(LAYER_COLORS)], width=2)
            name = self.row_label(r, rows).strip() or "τ"
            self.curve(f"tau{r}", name, pen).setData(steps, shown[:, r], connect="finite")
        self.legend.set_entries([(c, c.legend_name) for c in self.curves.values()])
        self.range.update(float(steps[-1]), shown.ravel())
        self.set_caption(self.tr("step {step}: τ = {taus} (steps)").format(
            step=int(steps[-1]), taus=", ".join(_fmt_tau(t) for t in tau[-1])))  # fmt: skip

    def value_at(self, plot, x, y):
        got = self.taus()
        if got is None:
            return None
        steps, (tau,) = got
        i = int(np.clip(np.searchsorted(steps, x), 0, len(steps) - 1))
        return self.tr("step {step}: τ = {taus}").format(
            step=int(steps[i]), taus=", ".join(_fmt_tau(t) for t in tau[i]))  # fmt: skip

    def table(self):
        got = self.taus()
        if got is None:
            return [], []
        steps, (tau,) = got
        names = row_names(tau.shape[1], self.snapshot.probe.directions, shown=False)
        return ["step", *[f"tau {n}" for n in names]], [
            [int(s), *[float(t) if np.isfinite(t) else str(t) for t in tau[k]]]
            for k, s in enumerate(steps)]  # fmt: skip


class ForgetBiasPanel(Panel):
    slug = "forget_bias"
    title = QT_TRANSLATE_NOOP("Panel", "Forget-gate bias")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "LSTM: a histogram of every unit's forget-gate bias b_ih + b_hh (the forget slice) in "
        "the chosen layer. With a bias near 0 the forget gate starts half shut (σ(0) = 0.5), "
        "so the cell state halves every step and the gradient vanishes; a bias of 1 starts it "
        "mostly open (σ(1) = 0.73), which Jozefowicz et al. (2015) found lengthens memory. "
        "The button sets every layer's forget bias to 1 at the next step (it asks first).",
    )
    set_requested = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows = RowChoice(self)
        self.button = QPushButton(self.tr("Set forget bias to 1"))
        self.button.setObjectName("forget_bias_button")
        self.button.setToolTip(self.tr("Every layer: b_ih's forget slice = 1 and b_hh's = 0, so "
                                       "b_ih + b_hh = 1, from the next step on"))  # fmt: skip
        self.button.clicked.connect(lambda: self.set_requested.emit(1.0))
        self.header.insertWidget(2, self.button)
        self.plot = self.add_plot()
        self.plot.setLabel("bottom", self.tr("b_ih + b_hh (forget slice)"))
        self.plot.setLabel("left", self.tr("units"))
        self.plot.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x=[0.0], height=[0], width=0.1, brush=TRAIN)
        self.plot.addItem(self.bars)

    def reset(self, info) -> None:
        super().reset(info)
        self.rows.reset()
        lstm = info.cell == "lstm"
        self.button.setEnabled(lstm)
        self.bars.setOpts(x=[0.0], height=[0])
        self.set_caption(
            ""
            if lstm
            else self.tr("only an LSTM has a forget gate (this is a {cell})").format(
                cell=info.cell.upper()
            )
        )

    def values(self) -> np.ndarray | None:
        p = self.snapshot.probe
        if p.forget_bias is None:
            return None
        return p.forget_bias[self.rows.sync(len(p.forget_bias), p.directions)]

    def draw(self, snap) -> None:
        super().draw(snap)
        b = self.values()
        if b is None:
            return
        lo, hi = float(min(b.min(), -1.0)), float(max(b.max(), 2.0))
        counts, edges = np.histogram(b, bins=24, range=(lo, hi))
        width = edges[1] - edges[0]
        self.bars.setOpts(x=edges[:-1] + width / 2, height=counts, width=width * 0.9)
        self.plot.setXRange(lo, hi, padding=0.02)
        self.plot.setYRange(0, max(int(counts.max()), 1), padding=0.05)
        self.set_caption(self.tr("step {step}: mean {mean}, from {low} to {high}").format(
            step=snap.probe.step, mean=f"{b.mean():+.3f}", low=f"{b.min():+.3f}",
            high=f"{b.max():+.3f}"))  # fmt: skip

    def value_at(self, plot, x, y):
        b = self.values()
        if b is None:
            return None
        near = np.argsort(np.abs(b - x))[:3]
        return self.tr("nearest units: ") + ", ".join(f"{int(u)}: {b[u]:+.3f}" for u in near)

    def table(self):
        p = self.snapshot.probe
        if p.forget_bias is None:
            return ["row", "unit", "forget_bias"], []
        names = row_names(len(p.forget_bias), p.directions, shown=False)
        return ["row", "unit", "forget_bias"], [
            [names[r], u, float(p.forget_bias[r, u])] for r in range(len(names))
            for u in range(p.forget_bias.shape[1])]  # fmt: skip


def warnings_html(active, earlier) -> str:
    """The warnings list: each active one with what it means and what to try; the ones that
    held earlier, greyed."""

    parts = []
    for w in active:
        message, advice = map(html.escape, warning_text(w))
        since = html.escape(translate("WarningsPanel", "(since step {step})").format(step=w.step))
        head = (f"<b style='color:#8a1c1c'>⚠ {html.escape(code_name(w.code))}</b> "
                f"<span style='color:#666'>{since}</span>")  # fmt: skip
        try_ = html.escape(translate("WarningsPanel", "Try:"))
        parts.append(f"<p>{head}<br>{message}<br><i>{try_}</i> {advice}</p>")
    if not active:
        none = html.escape(translate("WarningsPanel", "No warning holds now."))
        parts.append(f"<p style='color:#2a7a2a'>✓ {none}</p>")
    for w in earlier:
        line = translate("WarningsPanel", "{code} (step {step}; no longer holds): {message}")
        line = line.format(code=code_name(w.code), step=w.step, message=warning_text(w)[0])
        parts.append(f"<p style='color:#888'>{html.escape(line)}</p>")
    return "".join(parts)


class WarningsPanel(Panel):
    slug = "warnings"
    title = QT_TRANSLATE_NOOP("Panel", "Warnings")
    follows = "history"
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "What the numbers say, in plain words: every warning that holds now, with what it "
        "means and what to try; ones that held earlier are greyed below. The rules and their "
        "thresholds are in the README (and 'rnnviz train --help'): vanishing-gradient, "
        "exploding-gradient, saturated-gates, dead-units, overfitting, diverged, extrapolation.",
    )

    def __init__(self, health: Diagnostics, parent=None) -> None:
        super().__init__(parent)
        self.health = health
        self.text = QTextBrowser()
        self.text.setObjectName("warnings_text")
        self.text.setOpenLinks(False)
        self.layout().replaceWidget(self.canvas, self.text)
        self.canvas.hide()
        self._shown = None

    def reset(self, info) -> None:
        super().reset(info)
        self._shown = None
        self.text.setHtml("")
        self.set_title(self.title)

    def draw(self, snap) -> None:
        super().draw(snap)
        active = self.health.active()
        codes = {w.code for w in active}
        earlier = tuple(w for w in self.health.raised() if w.code not in codes)
        if (active, earlier) == self._shown:
            return
        self._shown = (active, earlier)
        self.text.setHtml(warnings_html(active, earlier))
        self.set_title(self.tr("Warnings: {n} active").format(n=len(active)) if active
                       else self.tr("Warnings: none"))  # fmt: skip

    def table(self):
        active = set(self.health.active())
        return ["code", "step", "message", "advice", "active"], [
            [w.code, w.step, w.message, w.advice, w in active] for w in self.health.raised()
        ]

    def render_image(self) -> QImage:
        """The list as it reads, under the panel's title (the canvas is not used)."""
        return self.grab().toImage()


class DiagnosticsView(Dashboard):
    """Saturation, attention, dynamics, memory and forget bias of the solo run, and its
    warnings.

    `health` reads every snapshot handed to the view, shown or not, so the status bar's
    summary is current while another view is open.
    """

    title = QT_TRANSLATE_NOOP("View", "Diagnostics")

    def __init__(self, parent=None) -> None:
        self.health = Diagnostics()
        self.saturation, self.warnings = SaturationPanel(), WarningsPanel(self.health)
        self.dynamics, self.memory, self.forget_bias = (
            DynamicsPanel(), MemoryPanel(), ForgetBiasPanel())  # fmt: skip
        self.attention = AttentionPanel()
        panels = [self.saturation, self.warnings, self.attention, self.dynamics, self.memory,
                  self.forget_bias]  # fmt: skip
        places = [(0, 0, 1, 2), (0, 2, 1, 1), (0, 3, 1, 1), (1, 0, 1, 2), (1, 2, 1, 1),
                  (1, 3, 1, 1)]  # fmt: skip
        super().__init__(panels, 4, parent, places)

    def reset(self, info) -> None:
        self.health.reset()
        super().reset(info)
        # A model without attention has no attention to show: its panel gives the warnings
        # its room (a new user saw empty axes and a cut caption).
        self.absent = set() if info.attention else {self.attention}
        if self.enlarged is None:
            self.attention.setVisible(info.attention)
        self.place(self.warnings, 0, 2, 1, 1 if info.attention else 2)

    def show_snapshot(self, snap) -> None:
        self.health.update(snap)
        super().show_snapshot(snap)

    def active_warnings(self):
        return self.health.active()
