"""Exports from the window: each panel as PNG, SVG and CSV, and 'Export all' (panels plus the
core's run folder)."""

from __future__ import annotations

from pathlib import Path

from rnnviz.core.export import ExportError, write_run
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import Panel
from rnnviz.gui.worker import Run

FORMATS = {".png": Panel.export_png, ".svg": Panel.export_svg, ".csv": Panel.export_csv}


def export_panel(panel: Panel, path: str | Path) -> Path:
    """Export one panel; the format follows the suffix (.png, .svg, .csv)."""
    path = Path(path)
    write = FORMATS.get(path.suffix.lower())
    if write is None:
        raise ExportError(f"{path.name}: choose a .png, .svg or .csv file name")
    if panel.snapshot is None:
        raise ExportError(translate("Export", "nothing to export yet: train a step first"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write(panel, path)
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None
    except Exception as e:  # pyqtgraph exporters raise assorted errors on odd paths
        raise ExportError(f"exporting {panel.title} to {path.name} failed: {e}") from None


def export_all(run: Run, panels: list[Panel], folder: str | Path) -> list[Path]:
    """The core's run folder (config, metrics, history, probe, checkpoint, predictions or
    sample) plus every panel as PNG, SVG and CSV. Training pauses while the model is saved."""
    folder = Path(folder)
    written = run.while_paused(lambda trainer: write_run(trainer, folder, generate=500))
    for panel in panels:
        for suffix in FORMATS:
            written.append(export_panel(panel, folder / f"{panel.slug}{suffix}"))
    return written
