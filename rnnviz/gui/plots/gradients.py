"""Panels 3 and 4: the gradient norm over time steps (vanishing/exploding gradients), and the
global gradient norm per step before and after clipping."""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor

from rnnviz.core.diagnostics import probe_tau
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import (
    LAYER_COLORS,
    TRAIN,
    VAL,
    Legend,
    Panel,
    RunsHistoryPanel,
    StickyRange,
    TimeTicks,
    for_log_axis,
    layer_name,
    log_label,
    log_y,
    runs_of,
)


def fmt_tau(tau: float) -> str:
    """τ as a learner reads it: 3.2, 41, ∞ (no decay), – (not known)."""
    if math.isnan(tau):
        return "–"
    return "∞" if math.isinf(tau) else f"{tau:.3g}"


FADE = 5  # the latest probe and the 4 before it, fading


def row_names(layers: int, directions: int, shown: bool = True) -> list[str]:
    """Names of the probe rows in torch's order (layer·D + direction); `shown`: in the
    installed language, else English (CSV headers)."""
    if not shown:
        ways = ("forward", "reverse") if directions == 2 else ("",)
        return [f"layer {i + 1} {d}".strip() for i in range(layers) for d in ways]
    if directions == 1:
        return [layer_name(i) for i in range(layers)]
    ways = (translate("Panel", "forward"), translate("Panel", "reverse"))
    return [f"{layer_name(i)} {d}" for i in range(layers) for d in ways]


class GradTimePanel(Panel):
    slug = "grad_over_time"
    title = QT_TRANSLATE_NOOP("Panel", "Gradient norm over time steps")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "||dL_T / dh_t|| for t = 1..T: how strongly the loss of the final step's prediction "
        "reaches back to the hidden state at step t, one curve per layer, log scale. "
        "A curve falling steeply to the left is a vanishing gradient (early steps barely "
        "learn); rising to the left is an exploding one. Faded curves are the four probes "
        "before the newest; the caption names their steps. The caption's ratio "
        "||dL_T/dh_1|| / ||dL_T/dh_T|| is how much of the gradient reaches the first step, "
        "and tau, the memory length, is the e-folding distance of the curve: a straight line "
        "fitted on this log scale, the gradient shrinks by e every tau steps back; where that "
        "line is flat but the gradient at t = 1 is still below the one at t = T, tau is "
        "(T - 1) / ln of their ratio. tau = ∞ only where the gradient does not shrink toward "
        "t = 1 at all. Red triangles at the top or bottom edge mark values beyond float's "
        "range (overflowed, or 0). A bidirectional layer has a dashed curve for its reverse "
        "direction, mirrored: the head reads the reverse state at t = 1, so that curve is "
        "largest at t = 1 and fades toward t = T.",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.legend = Legend(self.canvas)
        self.plot = self.add_plot()
        log_y(self.plot)
        self.plot.setLabel("bottom", self.tr("time step t"))
        self.plot.setLabel("left", "||dL_T/dh_t||")
        self.ticks = TimeTicks(self.plot)
        self.range = StickyRange(self.plot, x=False)  # y only: x is the fixed 1..T
        self.curves: list[list[pg.PlotDataItem]] = []
        self.recent: deque = deque(maxlen=FADE)

    def reset(self, info) -> None:
        super().reset(info)
        self.recent.clear()
        for layer in self.curves:
            for c in layer:
                self.plot.removeItem(c)
        self.curves = []
        D = info.directions
        names = row_names(info.layers, D)
        for row in range(info.layers * D):
            color = QColor(LAYER_COLORS[(row // D) % len(LAYER_COLORS)])
            style = Qt.PenStyle.DashLine if row % D else Qt.PenStyle.SolidLine
            layer_curves = []
            for age in range(FADE):  # age 0 = newest, drawn last (on top)
                c = QColor(color)
                c.setAlphaF(1.0 if age == 0 else 0.5 * (1 - age / FADE))
                pen = pg.mkPen(c, width=2 if age == 0 else 1, style=style)
                curve = pg.PlotDataItem(pen=pen, antialias=age == 0,
                                        symbol="o" if age == 0 else None, symbolSize=4,
                                        symbolBrush=c, symbolPen=None)  # fmt: skip
                curve.setZValue(-age)
                self.plot.addItem(curve)
                layer_curves.append(curve)
            self.curves.append(layer_curves)
        self.names = names
        self.legend.set_entries([(c[0], names[i]) for i, c in enumerate(self.curves)]
                                if len(self.curves) > 1 else [])  # fmt: skip
        self.ticks.set(info.seq_len)
        self.set_caption("")
        self.plot.setXRange(0.5, info.seq_len + 0.5, padding=0.02)
        self.range.reset()

    def draw(self, snap) -> None:
        super().draw(snap)
        p = snap.probe
        if not self.recent or self.recent[-1].step < p.step:
            self.recent.append(p)
        if p is self.recent[-1]:
            probes = list(reversed(self.recent))  # newest first
        else:  # replay: the stored probes before the replayed one fade behind it
            earlier = [q for q in snap.probes.probes if q.step < p.step][-(FADE - 1) :]
            probes = [p, *reversed(earlier)]
        t = np.arange(1, self.info.seq_len + 1)
        for layer, curves in enumerate(self.curves):
            for age, curve in enumerate(curves):
                if age < len(probes):
                    curve.setData(t, for_log_axis(probes[age].grad_norm[layer]))
                else:
                    curve.setData([], [])
        self.range.update_y(*(for_log_axis(q.grad_norm.ravel()) for q in probes))
        self.set_title(self.tr("Gradient over time steps · step {step}").format(step=p.step))
        self.set_caption(self.summary(probes))

    def figure_caption(self) -> str:
        """The caption, and what a figure's reader cannot hover to find out: the units and
        which curves are faded."""
        text = super().figure_caption()
        if not text:
            return ""
        return text + "  ·  " + self.tr(
            "y: gradient norm ||dL_T/dh_t|| (no unit), log scale; x: time step t of the probe "
            "window (1 = oldest input); τ in time steps; faded curves: earlier probes, lighter "
            "= older")  # fmt: skip

    @staticmethod
    def summary(probes) -> str:
        """'|dL/dh_1| / |dL/dh_T| = 3.2·10⁻⁵ (layer 2) · faded: steps 120, 140' for the newest
        probe (newest first in `probes`): the last layer's forward direction."""

        D = getattr(probes[0], "directions", 1)
        g = probes[0].grad_norm[-D]
        parts = []
        tau = probe_tau(probes[0]) if probes[0].memory_length is not None else ()
        if len(tau):  # the e-folding distance of the newest curve
            taus = ", ".join(fmt_tau(float(v)) for v in tau)
            parts.append(
                translate("GradTimePanel", "τ = {taus} steps").format(taus=taus)
                if len(tau) == 1
                else translate("GradTimePanel", "τ per layer = {taus}").format(taus=taus)
            )
            if np.isinf(tau).any():
                parts.append(translate("GradTimePanel", "∞: the gradient does not shrink toward "
                                       "t = 1"))  # fmt: skip
        if np.isfinite(g).all() and g[-1] > 0:
            L = len(probes[0].grad_norm) // D
            where = translate("GradTimePanel", " (layer {n})").format(n=L) if L > 1 else ""
            where = (
                translate("GradTimePanel", " (layer {n} forward)").format(n=L) if D == 2 else where
            )
            ratio = g[0] / g[-1]
            shown = (
                log_label(ratio, 2)
                if ratio > 0
                else translate("GradTimePanel", "0 (below float32's range)")
            )
            parts.append(f"|dL/dh_1| / |dL/dh_T| = {shown}{where}")
        if len(probes) > 1:
            parts.append(
                translate("GradTimePanel", "faded: steps ")
                + ", ".join(str(q.step) for q in probes[1:])
            )
        return "  ·  ".join(parts)

    def value_at(self, plot, x, y):
        t = int(round(x))
        g = self.snapshot.probe.grad_norm
        if 1 <= t <= g.shape[1]:
            values = ", ".join(f"{name}: {g[i, t - 1]:.4g}" for i, name in enumerate(self.names))
            return f"t = {t}: ||dL_T/dh_t|| {values}"
        return None

    def table(self):
        p = self.snapshot.probe
        L, T = p.grad_norm.shape
        english = row_names(self.info.layers, self.info.directions, shown=False)
        header = ["probe_step", "t"] + [n.replace(" ", "_") for n in english]
        rows = [[p.step, t + 1, *map(float, p.grad_norm[:, t])] for t in range(T)]
        return header, rows


class GlobalGradPanel(RunsHistoryPanel):
    slug = "grad_norm"
    title = QT_TRANSLATE_NOOP("Panel", "Global gradient norm per step")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "The norm of the whole gradient at each training step, before clipping (blue) and "
        "after (orange), log scale. With clipping by norm the dashed line is the threshold: "
        "spikes above it are cut down to it. Spikes without clipping are exploding gradients.",
    )
    compare_help = QT_TRANSLATE_NOOP(
        "Panel",
        "The norm of each variant's whole gradient at every step, before clipping, log scale. "
        "Spikes are exploding gradients; with clipping by norm a variant's steps are cut "
        "down to its threshold (the caption says which variants clip).",
    )

    def __init__(self, parent=None, compare: bool = False) -> None:
        super().__init__(parent, compare)
        dashed = pg.mkPen("#d62728", width=1, style=pg.QtCore.Qt.DashLine)
        self.threshold = pg.InfiniteLine(angle=0, pen=dashed)
        self.threshold.hide()
        self.plot.addItem(self.threshold)

    def make_curves(self, i):
        """(before clipping,) of a variant; solo also after clipping and the threshold's key."""
        before = self.add_curve(self.tr("gradient norm"), pg.mkPen(self.color(i, TRAIN), width=1))
        if self.compare:
            return [before]
        after = self.add_curve(self.tr("after clipping"), pg.mkPen(VAL, width=1))
        # Named in the legend, not labelled on the line (where the label clipped at the edge).
        key = self.add_curve(self.tr("clip threshold (by norm)"), self.threshold.pen, long=False)
        return [before, after, key]

    def draw(self, snap) -> None:
        Panel.draw(self, snap)
        ys, x_max = [], 0
        for curves, s in zip(self.run_curves, runs_of(snap), strict=True):
            steps, g = s.history.column("step"), s.history.column("grad_norm")
            if len(steps):
                curves[0].setData(steps, for_log_axis(g))
                x_max = max(x_max, steps[-1])
                ys.append(g)  # every run, a stopped one too: its explosion is the lesson
        if self.compare:
            if x_max:
                self.range.update(x_max, *ys)
            self.name_runs(snap)
            self.set_caption(clipping_caption(self.info.names, snap.snapshots))
            return
        before, after, key = self.run_curves[0]
        after_g = snap.history.column("grad_norm_clipped")
        after.setData(snap.history.column("step"), for_log_axis(after_g))
        if x_max:
            clip = np.array([snap.clip_value]) if snap.clip == "norm" else np.array([])
            self.range.update(x_max, *ys, after_g, clip)
        after.setVisible(snap.clip != "off")
        key.setVisible(snap.clip == "norm")
        before.legend_name = (self.tr("gradient norm") if snap.clip == "off"
                              else self.tr("before clipping"))  # fmt: skip
        self.name_runs(snap)
        if snap.clip == "norm":
            self.threshold.setValue(np.log10(snap.clip_value))  # the axis is log10 inside
        self.threshold.setVisible(snap.clip == "norm")

    def value_at(self, plot, x, y):
        if self.compare:
            return self.compared_at(x, lambda s, i: s.history.column("grad_norm")[i])
        h = self.snapshot.history
        steps = h.column("step")
        i = self.nearest(steps, x)
        if i is None:
            return None
        return self.tr("step {step}: before {before}, after {after}").format(
            step=int(steps[i]), before=f"{h.column('grad_norm')[i]:.4g}",
            after=f"{h.column('grad_norm_clipped')[i]:.4g}")  # fmt: skip

    def table(self):
        cols = ("step", "grad_norm", "grad_norm_clipped", "lr")

        def rows(s):
            return [[int(r[0]), *map(float, r[1:])]
                    for r in zip(*map(s.history.column, cols), strict=True)]  # fmt: skip

        return (["variant"] if self.compare else []) + list(cols), self.run_rows(rows)


def clipping_caption(names, snapshots) -> str:
    """'before clipping · clipping norm ≤ 1 (all)', or each variant's clipping."""
    modes = {"off": translate("Panel", "off"), "norm": translate("Panel", "norm"),
             "value": translate("Panel", "value")}  # fmt: skip
    clips = [(modes["off"] if s.clip == "off" else f"{modes[s.clip]} ≤ {s.clip_value:g}")
             for s in snapshots]  # fmt: skip
    if len(set(clips)) == 1:
        return translate("Panel", "before clipping · clipping {clip} (all)").format(clip=clips[0])
    return translate("Panel", "clipping ") + " · ".join(
        f"{n}: {c}" for n, c in zip(names, clips, strict=True)
    )
