"""The lab report's pictures: the window's panels rendered to PNG, for the report the core
lays out (rnnviz.core.report).

- From the window (File ▸ Lab report…): every panel of every view that has data, as shown, and
  the facts of a run folder written for the occasion (and of a comparison folder when the
  Compare view holds one).
- From a folder (`rnnviz report RUN_DIR`): the run is restored from its files
  (rnnviz.core.restore) and drawn by the window's own panels offscreen, without a window.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # PySide6 before pyqtgraph, always

from PySide6.QtCore import (  # noqa: E402
    QBuffer,
    QCoreApplication,
    QEvent,
    QIODevice,
    qVersion,
)
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from rnnviz.core.config import ConfigError  # noqa: E402
from rnnviz.core.report import (  # noqa: E402
    ComparisonFacts,
    Figure,
    RunFacts,
    read_comparison,
    read_folder,
    read_run,
    report_html,
)
from rnnviz.core.restore import restore_trainer, restored_snapshot  # noqa: E402
from rnnviz.core.snapshot import RunInfo  # noqa: E402
from rnnviz.core.table import DataError  # noqa: E402
from rnnviz.core.variants import ComparisonInfo, ComparisonSnapshot  # noqa: E402
from rnnviz.core.writing import ExportError, write_text  # noqa: E402
from rnnviz.gui.i18n import translate  # noqa: E402
from rnnviz.gui.plots.base import figure_image, figure_picture  # noqa: E402

if TYPE_CHECKING:
    from rnnviz.core.trainer import Trainer

# Each plot is drawn by the figure export (Export all's PNG: 1600 x 1000 layout px at 2x, the
# lines and text made for a slide), so it prints sharp at any page size. The warnings are
# written out as text (the Warnings panel's picture would be a screenshot).
NOT_FIGURES = ("warnings",)
# A comparison's variants each add these panels of their own (the Compare view overlays the
# rest): the forecast or sample, and the two heatmaps at full width.
VARIANT_PANELS = ("predictions", "hidden", "gates")
FROM_FOLDER = (
    "Drawn again from the run folder by the window's panels: the history from history.csv, "
    "the probe panels and the free-running forecast from the saved weights (checkpoint.pt), "
    "memory length τ over training from the probes kept in probes.npz (Diagnostics)."
)
# The Diagnostics panels a run folder can draw again (the other tracks over training are not
# kept in the folder).
FOLDER_DIAGNOSTICS = ("saturation", "memory_over_training", "forget_bias")
FROM_WINDOW = "The window's panels as they were shown when this report was made."


def qt_version() -> str:
    import PySide6

    return f"{qVersion()} (PySide6 {PySide6.__version__})"


def panel_image(panel) -> QImage:
    """The panel drawn for the report: its figure, as Export all draws it."""
    return figure_image(panel)


def png_bytes(image: QImage, what: str) -> bytes:
    """`image` as PNG bytes (any thread: a QImage is not a widget)."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buf, "PNG"):
        raise ExportError(f"could not draw {what} as PNG")
    return bytes(buf.data())


def panel_png(panel) -> bytes:
    """The panel drawn for the report, as PNG bytes."""
    return png_bytes(panel_image(panel), panel.full_title())


def figures_of(section: str, panels, slugs: tuple[str, ...] | None = None) -> list[Figure]:
    """A Figure for each panel that has data (and whose slug is in `slugs`, if given)."""
    return [Figure(section, panel.full_title(), panel_png(panel)) for panel in panels
            if panel.snapshot is not None and (slugs is None or panel.slug in slugs)
            and panel.slug not in NOT_FIGURES]  # fmt: skip


def _with_qt(facts: RunFacts) -> RunFacts:
    """The Qt the window really runs on (the core only knows the installed version)."""
    if not facts.recorded_environment:
        return facts
    return dataclasses.replace(facts, environment=facts.environment | {"qt": qt_version()})


# --------------------------------------------------------------------------- the window


def _figure_piece(into: list, section: str, panel):
    """Draw `panel` here (the GUI thread); encode its PNG on a pool thread into `into`, in
    the order the panels were drawn."""
    from rnnviz.gui.tasks import background

    play, title = figure_picture(panel), panel.full_title()  # recorded here, painted there
    slot = len(into)
    into.append(None)

    def encode(answer) -> None:
        def run(_progress):
            into[slot] = Figure(section, title, png_bytes(play(), title))

        background(run, answer)

    return encode


def shown_samples(facts: RunFacts, snap) -> RunFacts:
    """A text run's samples as the window shows them at the run's end (the probe's), not new
    ones drawn for the folder."""
    p = getattr(snap, "probe", None)
    if p is None or getattr(p, "sample", None) is None:
        return facts
    samples = [{"temperature": t, "text": text} for t, text in (p.samples or ())]
    return dataclasses.replace(facts, sample=p.sample, samples=samples,
                               config=facts.config | {"temperature": p.temperature})  # fmt: skip


def window_report(window, path: str | Path, done) -> None:
    """Write the window's lab report to `path` without holding the GUI thread: the run
    folder is written on the run's worker, each panel is drawn in a turn of its own, and the
    page is put together and written on a pool thread. done(path, error).

    The report is about what the window shows: the comparison while the Compare view is
    open (its table, its overlaid plots, each variant's), else the solo run alone."""
    from rnnviz.gui.export import Pieces
    from rnnviz.gui.tasks import background

    compare, comparison = window.compare, window.comparison
    about_comparison = window.comparing
    if (comparison if about_comparison else window.solo).run is None:
        done(
            None,
            ExportError(translate("LabReport", "nothing to report yet: the run is still starting")),
        )
        return
    tmp = tempfile.TemporaryDirectory(prefix="rnnviz-report-")
    folder = Path(tmp.name) / ("compare" if about_comparison else "run")
    ctrl = comparison if about_comparison else window.solo
    pieces = [lambda: lambda answer: ctrl.write_folder(folder, answer)]
    shown = [compare] if about_comparison else [v for v in window.views if v is not compare]
    for v in shown:  # every view up to date: a panel a piece (the Unit view whole)
        board = v.dashboard if v is compare else v
        pieces += board.draw_pieces() if hasattr(board, "draw_pieces") else [board.draw_now]
    figures = {}
    for v in shown:
        for panel in v.panels:  # those with data, once drawn; the warnings are text
            if panel.slug not in NOT_FIGURES:
                pieces.append(lambda v=v, p=panel: p.snapshot is not None and _figure_piece(
                    figures.setdefault(v, []), v.title, p) or None)  # fmt: skip
    snap = window.solo.latest
    title = None if about_comparison else (
        f"rnnviz lab report: {window.info.name}" if window.info else None)  # fmt: skip

    def write(_progress) -> Path:
        mine = [f for v in shown for f in figures.get(v, [])]
        if about_comparison:
            page = report_html(read_comparison(folder), mine, note=FROM_WINDOW)
        else:
            facts = shown_samples(_with_qt(read_run(folder)), snap)
            page = report_html(facts, mine, title, FROM_WINDOW)
        return write_text(Path(path), page)

    def finished(_, error) -> None:
        if error is not None:
            tmp.cleanup()
            done(None, error)
            return

        def written(result, error) -> None:
            tmp.cleanup()
            done(result, error)

        background(write, written)

    Pieces(pieces, finished, window)


# ---------------------------------------------------------------------------- a folder


def ensure_app() -> QApplication:
    """The QApplication, made offscreen-capable if none exists (pyqtgraph configured)."""
    from rnnviz.gui.theme import configure_pyqtgraph

    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["rnnviz-report"])
    configure_pyqtgraph()  # the window's colours (white background), whoever made the app
    return app


def _training_figures(trainer: Trainer, snap, section: str, slugs=None) -> list[Figure]:
    from rnnviz.gui.views.training import TrainingView

    view = TrainingView()
    try:
        view.reset(RunInfo.from_trainer(trainer))
        view.show_snapshot(snap)
        view.draw_now()
        return figures_of(section, view.panels, slugs)
    finally:
        view.timer.stop()
        view.deleteLater()


def _diagnostics_figures(trainer: Trainer, snap) -> list[Figure]:
    from rnnviz.gui.views.diagnostics import DiagnosticsView

    view = DiagnosticsView()
    try:
        view.reset(RunInfo.from_trainer(trainer))
        view.show_snapshot(snap)
        view.draw_now()
        return figures_of("Diagnostics", view.panels, FOLDER_DIAGNOSTICS)
    finally:
        view.timer.stop()
        view.deleteLater()


def _comparison_figures(c: ComparisonFacts, trainers: list[Trainer], snaps) -> list[Figure]:
    from rnnviz.gui.views.compare import CompareDashboard

    s = c.summary
    names = tuple(r.folder.name for r in c.runs)
    values = tuple(v.get("value") for v in s["variants"])
    info = ComparisonInfo(s.get("vary", "?"), names, values,
                          tuple(RunInfo.from_trainer(t) for t in trainers),
                          trainers[0].config)  # fmt: skip
    snap = ComparisonSnapshot(
        step=int(s.get("steps", 0)), key=info.key, names=names, values=values,
        snapshots=tuple(snaps), stopped=tuple(t.diverged for t in trainers),
        steps_per_second=0.0,
    )  # fmt: skip
    board = CompareDashboard()
    try:
        board.reset(info)
        board.show_snapshot(snap)
        board.draw_now()
        figures = figures_of("Compare", board.panels)
    finally:
        board.timer.stop()
        board.deleteLater()
    for name, t, s in zip(names, trainers, snaps, strict=True):
        figures += _training_figures(t, s, name, VARIANT_PANELS)
    return figures


RESTORE_ERRORS = (ExportError, DataError, ConfigError)  # CheckpointError is an ExportError


def folder_figures(facts: RunFacts | ComparisonFacts) -> tuple[list[Figure], str]:
    """(figures, note) for a folder; when the run cannot be restored (its data file has gone,
    say) no figures and a note that says why."""
    ensure_app()
    folders = [r.folder for r in facts.runs] if isinstance(facts, ComparisonFacts) else [
        facts.folder]  # fmt: skip
    try:
        trainers = [restore_trainer(f) for f in folders]
    except RESTORE_ERRORS as e:
        return [], f"The plots could not be drawn again: {e}."
    snaps = [restored_snapshot(t, f) for t, f in zip(trainers, folders, strict=True)]
    try:
        with warnings.catch_warnings():
            # pyqtgraph's ScatterPlotItem takes np.nanmin of a curve that is all NaN (the
            # Compare view's memory length when every probe's tau is infinite): harmless.
            warnings.filterwarnings("ignore", "All-NaN slice", RuntimeWarning)
            if isinstance(facts, ComparisonFacts):
                return _comparison_figures(facts, trainers, snaps), FROM_FOLDER
            figures = _training_figures(trainers[0], snaps[0], "Training")
            return figures + _diagnostics_figures(trainers[0], snaps[0]), FROM_FOLDER
    finally:
        # The views were deleteLater()'d; without an event loop nothing deletes them, and
        # Qt tearing them down at interpreter exit, after the QApplication, crashes.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def folder_report(folder: str | Path, out: str | Path | None = None) -> Path:
    """`rnnviz report`: the lab report of a run or comparison folder (default
    FOLDER/report.html). Raises ExportError for a folder that is neither."""
    facts = read_folder(folder)
    figures, note = folder_figures(facts)
    out = Path(folder) / "report.html" if out is None else Path(out)
    return write_text(out, report_html(facts, figures, note=note))
