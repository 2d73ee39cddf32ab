"""Exports from the window that never hold the GUI thread for long.

A panel's picture must be drawn where its items live (the GUI thread), so an export is a
queue of short pieces, one panel and format per turn of the event loop; what does not need the
widgets (the run folder on the run's worker, PNG encoding, CSV writing, the GIF) runs off the
GUI thread. Each export answers with a callback when everything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QImage

from rnnviz.core.animation import write_gif
from rnnviz.core.export import ExportError
from rnnviz.gui.plots.base import EXPORT_SCALE, EXPORT_SIZE, Panel, figure_image, figure_svg
from rnnviz.gui.tasks import background

FORMATS = {".png": Panel.export_png, ".svg": Panel.export_svg, ".csv": Panel.export_csv}
ANIMATION_WIDTH = 640  # pixels: a GIF of a few hundred frames stays a few MB
ANIMATION_FPS = 8
# Between two pieces the event loop runs its timers and repaints: with 0 ms, pieces queued
# back to back ran in one stretch, two or three to a frame (measured with rnnviz.gui.stalls).
PAUSE_MS = 2


def _errors(path: Path, title: str, fn: Callable[[], Path]) -> Path:
    _folder(path)
    try:
        return fn()
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None
    except ExportError:
        raise
    except Exception as e:  # pyqtgraph exporters raise assorted errors on odd paths
        raise ExportError(f"exporting {title} to {path.name} failed: {e}") from None


def export_panel(panel: Panel, path: str | Path) -> Path:
    """Export one panel at once; the format follows the suffix (.png, .svg, .csv)."""
    path = Path(path)
    write = FORMATS.get(path.suffix.lower())
    if write is None:
        raise ExportError(f"{path.name}: choose a .png, .svg or .csv file name")
    return _errors(path, panel.title, lambda: write(panel, path))


class Pieces(QObject):
    """Runs `pieces` (callables) one per turn of the event loop, then done(results, error).
    A piece may return a callable taking a callback: it then finishes off the GUI thread."""

    def __init__(self, pieces: list[Callable], done: Callable[[list, Exception | None], None],
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.pieces, self.done, self.results = list(pieces), done, []
        self.waiting = 0
        self.error: Exception | None = None
        QTimer.singleShot(PAUSE_MS, self._next)

    def _next(self) -> None:
        if self.error is None and self.pieces:
            try:
                result = self.pieces.pop(0)()
            except Exception as e:
                self.error = e
            else:
                if callable(result):  # the rest runs elsewhere and answers later
                    self.waiting += 1
                    result(self._answer)
                elif result is not None:
                    self.results.extend(result if isinstance(result, list) else [result])
            QTimer.singleShot(PAUSE_MS, self._next)
            return
        self._finish()

    def _answer(self, result, error) -> None:
        self.waiting -= 1
        if error is not None and self.error is None:
            self.error = error
        elif result is not None:
            self.results.extend(result if isinstance(result, list) else [result])
        self._finish()

    def _finish(self) -> None:
        if self.waiting == 0 and (not self.pieces or self.error is not None):
            done, self.done = self.done, None
            if done is not None:
                done(self.results, self.error)
                self.deleteLater()


def _folder(path: Path) -> None:
    """The folder `path` goes in, made if missing; ExportError (one line) if it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror or e}") from None


def _png_piece(panel: Panel, path: Path, size: tuple[int, int] = EXPORT_SIZE) -> Callable:
    """Draw the picture here (the GUI thread), encode and write it on a pool thread."""

    def piece():
        _folder(path)
        image = figure_image(panel, size, EXPORT_SCALE)

        def save(answer) -> None:
            def write(_progress) -> Path:
                if not image.save(str(path)):
                    raise ExportError(f"cannot write {path}")
                return path

            background(write, answer)

        return save

    return piece


def _csv_piece(panel: Panel, path: Path) -> Callable:
    def piece():
        _folder(path)
        header, rows = panel.table()  # the data as shown, read here

        def save(answer) -> None:
            def write(_progress) -> Path:
                import csv

                with open(path, "w", newline="", encoding="utf-8") as f:
                    w = csv.writer(f)
                    w.writerow(header)
                    w.writerows(rows)
                return path

            background(write, answer)

        return save

    return piece


def panel_pieces(panels: list[Panel], folder: Path,
                 size: tuple[int, int] = EXPORT_SIZE) -> list[Callable]:  # fmt: skip
    """One piece per panel and format: PNG (`size` layout pixels at EXPORT_SCALE), SVG (the
    same drawing, `size` large) and CSV."""
    pieces = []
    for panel in panels:
        pieces.append(_png_piece(panel, folder / f"{panel.slug}.png", size))
        svg = folder / f"{panel.slug}.svg"
        pieces.append(lambda p=panel, s=svg: _errors(s, p.title, lambda: figure_svg(p, s, size)))
        pieces.append(_csv_piece(panel, folder / f"{panel.slug}.csv"))
    return pieces


def export_all(controller, board, folder: str | Path,
               done: Callable[[list, Exception | None], None], parent=None,
               size: tuple[int, int] = EXPORT_SIZE) -> None:  # fmt: skip
    """The run's folder (written on its worker: config, metrics, history, probe, checkpoint,
    predictions or sample) plus every panel of `board` (a Dashboard) drawn up to date and
    exported as PNG, SVG and CSV (figures of `size`), a piece at a time; done(paths, error)."""
    folder = Path(folder)
    pieces = [lambda: lambda answer: controller.write_folder(folder, answer)]
    pieces += board.draw_pieces() + panel_pieces(board.panels, folder, size)
    Pieces(pieces, done, parent)


def rgb_frame(image: QImage, max_width: int) -> np.ndarray:
    """A QImage as an RGB uint8 array (H, W, 3), scaled down to at most `max_width`."""
    if image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).copy()  # (H, W, 3)


def export_animation(window, view, target, path: str | Path,
                     done: Callable[[list, Exception | None], None]) -> None:  # fmt: skip
    """A GIF of `target` (a view or a panel) across the stored probes, one frame a turn of
    the event loop; encoded and written on a pool thread. done([frame count], error)."""
    latest = window.solo.latest
    probes, was = latest.probes.probes, window.replay.pinned_snapshot()
    frames: list[np.ndarray] = []

    def frame(p):
        def piece():
            window.pin_views(replace(latest, probe=p))
            view.draw_now()
            frames.append(rgb_frame(target.grab().toImage(), ANIMATION_WIDTH))

        return piece

    def restore():
        window.pin_views(was)
        view.draw_now()

        def encode(answer) -> None:
            background(lambda _: (write_gif(path, frames, fps=ANIMATION_FPS), len(frames))[1],
                       answer)  # fmt: skip

        return encode

    def finished(results, error) -> None:
        if error is not None:
            window.pin_views(was)
        done(results, error)

    Pieces([frame(p) for p in probes] + [restore], finished, window)
