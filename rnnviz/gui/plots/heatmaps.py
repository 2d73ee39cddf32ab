"""Panels 5 and 6: hidden-state heatmap and gate activations (units x time steps)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont

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
PREACT = (-3.0, 3.0)  # |a| > 2: tanh'(a) < 0.07, saturated
GATE_INFO = {  # title over each heatmap (short: four share a panel), range
    "i": ("i input", SIGMOID), "f": ("f forget", SIGMOID),
    "g": ("g cand. ±1", TANH), "o": ("o output", SIGMOID),
    "r": ("r reset", SIGMOID), "z": ("z update", SIGMOID),
    "n": ("n cand. ±1", TANH),
}  # fmt: skip


class HiddenPanel(Panel):
    slug = "hidden"
    title = "Hidden state h_t"
    help = (
        "The hidden state of every unit (rows) at every time step (columns) of the probe "
        "sequence (the first validation window), for the chosen layer. tanh keeps it in "
        "[-1, 1]: blue negative, red positive, white zero. Units that stay at ±1 are saturated."
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.layer = self.add_layer_choice()
        self.plot = self.add_plot()
        self.plot.setLabel("left", "unit")
        self.img = heatmap(self.plot, DIVERGING, TANH)
        self.bar = pg.ColorBarItem(values=TANH, colorMap=DIVERGING, interactive=False, width=12)
        self.bar.setImageItem(self.img, insert_in=self.plot)
        self.ticks = TimeTicks(self.plot)

    def reset(self, info) -> None:
        super().reset(info)
        self.fill_layers(self.layer, info.layers)
        self.ticks.set(info.seq_len)

    def _array(self):
        return self.snapshot.probe.hidden[self.layer.currentIndex()]  # (T, H)

    def draw(self, snap) -> None:
        super().draw(snap)
        set_heatmap(self.img, self.plot, self._array(), TANH)
        self.ticks.set(self.info.seq_len, snap.probe.tokens)

    def value_at(self, plot, x, y):
        return heatmap_readout(self._array(), x, y, "h")

    def table(self):
        a = self._array()
        return ["t", *[f"unit_{u}" for u in range(a.shape[1])]], [
            [t + 1, *map(float, row)] for t, row in enumerate(a)
        ]


class GatesPanel(Panel):
    slug = "gates"
    title = "Gate activations"
    help = (
        "LSTM: input i, forget f, output o gates (sigmoid, 0 = closed, 1 = open) and the "
        "candidate g (tanh, -1..1). GRU: reset r and update z gates (0..1) and the candidate n "
        "(-1..1). Rows are units, columns time steps, for the chosen layer. "
        "A vanilla RNN has no gates: its tanh pre-activation is shown instead; |a| > 2 means "
        "the unit is saturated and passes almost no gradient."
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.layer = self.add_layer_choice()
        self.ticks: list[TimeTicks] = []
        self.plots: dict[str, pg.PlotItem] = {}
        self.images: dict[str, pg.ImageItem] = {}
        self.levels: dict[str, tuple[float, float]] = {}
        self.bar: pg.ColorBarItem | None = None

    def reset(self, info) -> None:
        super().reset(info)
        self.fill_layers(self.layer, info.layers)
        self.canvas.clear()
        self.plots.clear()
        self.images.clear()
        self.ticks.clear()
        self.columns = 0
        names = {"lstm": "ifgo", "gru": "rzn", "rnn": "a"}[info.cell]
        for g in names:
            title, levels = GATE_INFO.get(g, ("pre-activation a", PREACT))
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
            self.set_title("RNN pre-activation (no gates)")
            self.set_caption("a = W_ih x + W_hh h + b before tanh; |a| > 2: saturated, "
                             "passes almost no gradient")  # fmt: skip
        else:
            self.set_title(f"Gate activations — {info.cell.upper()}")
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
            plot.setLabel("left", "unit" if col == 0 else "")  # (setLabel shows the axis)
            plot.showAxis("left", col == 0)
        rows = (n + columns - 1) // columns
        ci.addItem(self.bar, row=1, col=columns, rowspan=rows)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.plots:
            self._arrange()

    def _arrays(self) -> dict:
        p, layer = self.snapshot.probe, self.layer.currentIndex()
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
                return heatmap_readout(self._arrays()[g], x, y, GATE_INFO.get(g, ("a",))[0])
        return None

    def table(self):
        rows = []
        for g, a in self._arrays().items():
            rows += [[g, t + 1, u, float(a[t, u])] for t in range(a.shape[0])
                     for u in range(a.shape[1])]  # fmt: skip
        return ["gate", "t", "unit", "value"], rows
