"""The Sweep view: a sweep folder's runs as a map (`rnnviz sweep`, rnnviz.core.sweep).

Two grid fields are the axes, a metric is the colour (the median over seeds, and over any
grid field not on the map), a third field makes small multiples side by side. The view reads
sweep.csv again whenever it changes, so a sweep still running fills the map in. Hovering a
cell shows its runs' numbers; clicking it opens its median run in the Training view.
"""

from __future__ import annotations

import math
import os
import signal
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, QProcess, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.sweep import METRICS, MapData, SweepTable, describe_cell, read_sweep, sweep_map
from rnnviz.core.variants import format_value
from rnnviz.core.writing import ExportError
from rnnviz.gui.i18n import translate

NONE = "—"  # the facet choice "no third field"
CMAP = "viridis"
MISSING = (225, 225, 225, 255)  # a cell with no finite value yet (or none at all)
POLL_MS = 1000  # how often a sweep still running is read again


def default_axes(axes: dict[str, list]) -> tuple[str, str, str | None]:
    """x, y and facet fields for a sweep's axes (its grid fields, then "seed"): a text field
    (the cell) makes the facets when there are three grid fields or more; numbers go on the
    axes; one grid field is drawn against the seeds."""
    names = [n for n in axes if n != "seed"]
    if len(names) == 1:
        return names[0], "seed", None
    text = [n for n in names if any(isinstance(v, str) for v in axes[n])]
    facet = text[0] if len(names) >= 3 and text else (names[2] if len(names) >= 3 else None)
    rest = [n for n in names if n != facet]
    return rest[0], rest[1], facet


def cell_text(v: float) -> str:
    """A cell's value, short enough for a small cell: 2 significant digits, no exponent
    below 10,000."""
    return f"{v:.0f}" if 100 <= abs(v) < 10_000 else f"{v:.2g}"


def rgba(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """(Y, X) values as (X, Y, 4) uint8 colours (pyqtgraph's image axis order): viridis from
    lo to hi, MISSING where not finite."""
    cmap = pg.colormap.get(CMAP)
    t = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
    finite = np.isfinite(values)
    out = cmap.map(np.clip(np.where(finite, t, 0), 0, 1).ravel(), mode="byte")
    out = out.reshape(*values.shape, 4)
    out[~finite] = MISSING
    return np.ascontiguousarray(out.transpose(1, 0, 2))


class SweepView(QWidget):
    """File ▸ Open sweep…: the map of a sweep folder."""

    title = QT_TRANSLATE_NOOP("MainWindow", "Sweep")
    open_run = Signal(str)  # a run folder to open in the Training view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = translate("MainWindow", self.title)
        self.table: SweepTable | None = None
        self.map: MapData | None = None
        self._stamp = None
        bar = QHBoxLayout()
        self.folder_label = QLabel()
        self.metric_box = QComboBox()
        for key, (label, _) in METRICS.items():
            self.metric_box.addItem(label, key)
        self.metric_box.setToolTip(self.tr("What the colour shows: the median over seeds"))
        self.x_box, self.y_box, self.facet = QComboBox(), QComboBox(), QComboBox()
        for name, box in ((self.tr("colour"), self.metric_box), (self.tr("x"), self.x_box),
                          (self.tr("y"), self.y_box), (self.tr("panels"), self.facet)):  # fmt: skip
            bar.addWidget(QLabel(name))
            bar.addWidget(box)
            box.currentIndexChanged.connect(self.redraw)
        bar.addStretch(1)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setToolTip("")
        self.hover = QLabel(self.tr("Hover a cell for its runs; click it to open its median "
                                    "run in the Training view."))  # fmt: skip
        self.hover.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addLayout(bar)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.hover)
        self.items: list[tuple[pg.PlotItem, int]] = []
        self.texts: list[pg.TextItem] = []
        scene = self.plots.scene()
        scene.sigMouseMoved.connect(self._moved)
        scene.sigMouseClicked.connect(self._clicked)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self._poll)

    # ------------------------------------------------------------------------ loading

    def load(self, folder: str | Path) -> None:
        """Read a sweep folder (an ExportError, one line, if it is none) and draw its map."""
        table = read_sweep(folder)
        self._take(table, self._mtime(table.folder))
        x, y, facet = default_axes(table.axes)
        for box, chosen, allow_none in ((self.x_box, x, False), (self.y_box, y, False),
                                        (self.facet, facet, True)):  # fmt: skip
            box.blockSignals(True)
            box.clear()
            if allow_none:
                box.addItem(NONE, None)
            for name in table.axes:
                box.addItem(name, name)
            box.setCurrentIndex(box.findData(chosen))
            box.blockSignals(False)
        self.redraw()
        self.timer.start()

    @staticmethod
    def _mtime(folder: Path):
        try:
            return (folder / "sweep.csv").stat().st_mtime_ns
        except OSError:
            return None

    def _poll(self) -> None:
        """Read the sweep again when sweep.csv changed (runs finished), keeping the choices."""
        if self.table is None or not self.isVisible():
            return
        stamp = self._mtime(self.table.folder)
        if stamp == self._stamp:
            return
        try:
            table = read_sweep(self.table.folder)
        except ExportError:
            return  # rewritten just now: the next poll reads it
        self._take(table, stamp)
        self.redraw()

    def _take(self, table: SweepTable, stamp) -> None:
        """The sweep as read now (its sweep.csv's mtime `stamp`), and how far it has got."""
        self.table, self._stamp = table, stamp
        self.folder_label.setText(
            self.tr("{folder}: {done} of {total} runs").format(
                folder=table.folder, done=len(table.rows), total=table.info.get("runs", "?")
            )
        )

    # ------------------------------------------------------------------------ drawing

    def choices(self) -> tuple[str, str, str, str | None]:
        return (self.metric_box.currentData(), self.x_box.currentData(), self.y_box.currentData(),
                self.facet.currentData())  # fmt: skip

    def redraw(self) -> None:
        if self.table is None:
            return
        metric, x, y, facet = self.choices()
        if x is None or y is None:
            return
        if facet in (x, y):
            facet = None
        m = self.map = sweep_map(self.table, metric, x, y, facet)
        self.plots.clear()
        self.items, self.texts = [], []
        finite = m.value[np.isfinite(m.value)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        label = METRICS[metric][0]
        for f in range(m.value.shape[0]):
            plot = self.plots.addPlot(row=0, col=f)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(False, False)
            if m.facet:
                plot.setTitle(f"{m.facet} = {format_value(m.facets[f])}")
            image = pg.ImageItem(rgba(m.value[f], lo, hi))
            image.setRect(-0.5, -0.5, len(m.xs), len(m.ys))
            plot.addItem(image)
            for j, k in np.ndindex(m.value[f].shape):
                v = m.value[f, j, k]
                if math.isfinite(v):
                    dark = (v - lo) / (hi - lo) < 0.6 if hi > lo else True
                    t = pg.TextItem(cell_text(v), color="w" if dark else "k", anchor=(0.5, 0.5))
                    t.setPos(k, j)
                    plot.addItem(t)
                    self.texts.append(t)
            plot.getAxis("bottom").setTicks([[(i, format_value(v)) for i, v in enumerate(m.xs)]])
            plot.getAxis("left").setTicks([[(i, format_value(v)) for i, v in enumerate(m.ys)]])
            plot.setLabel("bottom", x)
            plot.setLabel("left", y if f == 0 else "")
            plot.setXRange(-0.5, len(m.xs) - 0.5, padding=0)
            plot.setYRange(-0.5, len(m.ys) - 0.5, padding=0)
            self.items.append((plot, f))
        bar = pg.ColorBarItem(values=(lo, hi), colorMap=pg.colormap.get(CMAP),
                              interactive=False, label=label)  # fmt: skip
        self.plots.addItem(bar, row=0, col=m.value.shape[0])
        QTimer.singleShot(0, self._fit_texts)  # once the plots have their size

    def _fit_texts(self) -> None:
        """The values written in the cells only where a cell is wide enough to hold them."""
        if not self.items or self.map is None:
            return
        width = self.items[0][0].vb.width() / max(len(self.map.xs), 1)
        needed = max((t.boundingRect().width() for t in self.texts), default=0) + 4
        for t in self.texts:
            t.setVisible(width >= needed)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_texts()

    # ------------------------------------------------------------------------ pointing

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int, int] | None:
        """(facet, y index, x index) of the map cell under a scene position, or None."""
        m = self.map
        if m is None:
            return None
        for plot, f in self.items:
            if plot.vb.sceneBoundingRect().contains(scene_pos):
                p = plot.vb.mapSceneToView(scene_pos)
                k, j = round(p.x()), round(p.y())
                if 0 <= k < len(m.xs) and 0 <= j < len(m.ys):
                    return f, j, k
        return None

    def _moved(self, pos: QPointF) -> None:
        cell = self.cell_at(pos)
        if cell is None or self.table is None:
            return
        text = describe_cell(self.table, self.map, self.metric_box.currentData(), *cell)
        self.hover.setText(text.replace("\n", " · "))
        QToolTip.showText(QCursor.pos(), text, self.plots)

    def median_run(self, f: int, j: int, k: int) -> str | None:
        """The run folder of a cell nearest its median (the first run if none is finite)."""
        m, of = self.map, METRICS[self.metric_box.currentData()][1]
        runs = [self.table.rows[i] for i in m.runs[f][j][k]]
        runs = [r for r in runs if r.get("status") != "failed"]
        if not runs:
            return None
        target = m.value[f, j, k]
        if math.isfinite(target):
            runs.sort(key=lambda r: abs((of(r) if of(r) is not None else math.inf) - target))
        return str(self.table.folder / runs[0]["run"])

    def _clicked(self, event) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is not None:
            folder = self.median_run(*cell)
            if folder is not None:
                self.open_run.emit(folder)


class SweepDialog(QDialog):
    """Run ▸ Sweep…: the grid (one field a line), the seeds and the folder of a sweep of the
    current settings."""

    def __init__(self, parent: QWidget | None, folder: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Run a sweep"))
        self.grid_edit = QPlainTextEdit("cell=rnn,lstm,gru\ninit-scale=0.25:4:5")
        self.grid_edit.setToolTip(
            self.tr(
                "One setting a line, by its option name: FIELD=v1,v2,... or FIELD=start:stop:count "
                "(log-spaced for lr and init-scale). Every other setting is the window's."
            )
        )
        self.seeds = QSpinBox(minimum=1, maximum=100, value=2)
        self.folder = QLineEdit(folder)
        self.count = QLabel()
        form = QFormLayout(self)
        form.addRow(self.tr("Vary"), self.grid_edit)
        form.addRow(self.tr("Seeds"), self.seeds)
        form.addRow(self.tr("Folder"), self.folder)
        form.addRow(self.count)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.grid_edit.textChanged.connect(self.check)
        self.seeds.valueChanged.connect(self.check)
        self.check()

    def grid(self) -> list[str]:
        return [line.strip() for line in self.grid_edit.toPlainText().splitlines()
                if line.strip()]  # fmt: skip

    def check(self) -> bool:
        """The runs the grid makes, or why it cannot run (OK is off then)."""
        from rnnviz.core.config import ConfigError
        from rnnviz.core.sweep import parse_axis

        try:
            axes = [parse_axis(g) for g in self.grid()]
            if not axes:
                raise ConfigError(self.tr("give at least one setting to vary"))
        except ConfigError as e:
            self.count.setText(str(e))
            ok = False
        else:
            n = math.prod(len(a.values) for a in axes) * self.seeds.value()
            self.count.setText(self.tr("{n} runs").format(n=n))
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok


class SweepVerbs:
    """Mixed into the window: File ▸ Open sweep…, Run ▸ Sweep… (`rnnviz sweep` in a process
    of its own, its map filling in) and a map cell's run opened for training."""

    sweep_view: SweepView | None = None
    sweep_process: QProcess | None = None

    def on_run_sweep(self) -> None:
        from rnnviz.gui import settings

        dialog = SweepDialog(self, str(Path(settings.last_folder()) / "sweep"))
        if dialog.exec():
            self.run_sweep(dialog.grid(), dialog.seeds.value(), dialog.folder.text())

    def run_sweep(self, grid: list[str], seeds: int, folder: str) -> QProcess | None:
        """Start `rnnviz sweep` over the window's settings; the Sweep view opens on the
        folder once the sweep has written it and fills in as runs finish."""
        from rnnviz.core.options import config_args

        if self.sweep_process is not None:
            self.report_error(translate("MainWindow", "A sweep is running already"))
            return None
        args = ["-m", "rnnviz", "sweep", *config_args(self.solo.config), "--seeds", str(seeds),
                "--out", folder]  # fmt: skip
        for g in grid:
            args += ["--grid", g]
        proc = self.sweep_process = QProcess(self)
        proc.setProgram(sys.executable)
        proc.setArguments(args)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        said = []

        def progress() -> None:
            lines = bytes(proc.readAllStandardError()).decode("utf-8", "replace").splitlines()
            said.extend(lines)
            if lines:
                self.statusBar().showMessage(lines[-1].strip("\r").strip(), 10_000)

        def appeared() -> None:
            if (Path(folder) / "sweep.csv").exists():
                waiting.stop()
                self.open_sweep(folder)

        def finished(code: int, _status) -> None:
            progress()
            waiting.stop()
            self.sweep_process = None
            errors = [line[len("error: ") :] for line in said if line.startswith("error: ")]
            if code != 0:
                self.report_error(
                    errors[0]
                    if errors
                    else translate("MainWindow", "the sweep stopped (exit status {code})").format(
                        code=code
                    )
                )
            elif Path(folder, "sweep.csv").exists():
                self.open_sweep(folder)

        waiting = QTimer(self, interval=500)
        waiting.timeout.connect(appeared)
        proc.readyReadStandardError.connect(progress)
        proc.finished.connect(finished)
        proc.start()
        waiting.start()
        return proc

    def stop_sweep(self) -> None:
        """On closing: Ctrl-C to a running sweep (it keeps what finished; the same command
        finishes it later). Not waited for."""
        proc = self.sweep_process
        if proc is not None and proc.processId():
            os.kill(proc.processId(), signal.SIGINT)

    def open_sweep(self, folder: str | Path) -> bool:
        """Show a sweep folder in the Sweep view (a tab made on first use)."""
        view = self.sweep_view
        if view is None:
            view = self.sweep_view = SweepView()
            view.open_run.connect(self.open_sweep_run)
            self.add_tab(view)
        try:
            view.load(folder)
        except ExportError as e:
            self.report_error(str(e))
            return False
        self.tabs.setCurrentWidget(self._areas[view])
        return True

    def on_open_sweep(self) -> None:
        from rnnviz.gui import settings

        folder = QFileDialog.getExistingDirectory(
            self, translate("MainWindow", "Open sweep (a folder written by rnnviz sweep)"),
            settings.last_folder(),
        )  # fmt: skip
        if folder:
            self.open_sweep(folder)

    def open_sweep_run(self, folder: str) -> None:
        """A run of the sweep in the Training view: its config and weights (checkpoint.pt)."""
        self.open_checkpoint(Path(folder) / "checkpoint.pt",
                             then=lambda ok: ok and self.show_view(self.training))  # fmt: skip


def sweep_report(folder: str | Path, out: str | Path | None = None) -> Path:
    """`rnnviz report DIR` on a sweep folder: its maps and rows in one HTML file (default
    DIR/report.html)."""
    from rnnviz.core.report import Figure
    from rnnviz.core.sweep import REPORT_METRICS, report_html
    from rnnviz.core.writing import write_text
    from rnnviz.gui.report import ensure_app, png_bytes

    app = ensure_app()
    view = SweepView()
    view.resize(1600, 700)
    view.load(folder)
    view.timer.stop()
    figures = []
    for metric, caption in REPORT_METRICS.items():
        view.metric_box.setCurrentIndex(view.metric_box.findData(metric))
        app.processEvents()
        image = view.plots.grab().toImage()
        figures.append(Figure("Maps", METRICS[metric][0], png_bytes(image, metric), caption))
    out = Path(folder) / "report.html" if out is None else Path(out)
    html = report_html(view.table, figures)
    view.deleteLater()  # now, not at exit: pyqtgraph's scene must go before the application
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return write_text(out, html)
