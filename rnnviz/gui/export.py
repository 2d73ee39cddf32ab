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
from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from rnnviz.core.animation import FRAMES, frame_steps, history_until, write_gif, write_mp4
from rnnviz.core.writing import ExportError
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import (
    EXPORT_SCALE,
    EXPORT_SIZE,
    Panel,
    figure_picture,
    figure_svg,
    paint_titled,
)
from rnnviz.gui.tasks import background

FORMATS = {".png": Panel.export_png, ".svg": Panel.export_svg, ".csv": Panel.export_csv}
ANIMATION_WIDTH = 1280  # pixels: a frame of a view is read on a slide, a GIF stays ~10 MB
ANIMATION_FPS = 6  # FRAMES frames tell a run in 15 s
TILE_LAYOUT = 2.0  # a frame's panel is laid out at twice its tile: figure text at half size
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
        play = figure_picture(panel, size, EXPORT_SCALE)  # recorded here, painted there

        def save(answer) -> None:
            def write(_progress) -> Path:
                if not play().save(str(path)):
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


def rgb_frame(image: QImage, max_width: int | None = None) -> np.ndarray:
    """A QImage as an RGB uint8 array (H, W, 3), scaled down to at most `max_width`."""
    if max_width is not None and image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).copy()  # (H, W, 3)


class FrameLayout:
    """Where each panel of an animation's frame goes: the view's grid (its panels' places)
    ANIMATION_WIDTH pixels wide under a header with the step, or one panel alone. A panel is
    painted as a figure laid out at TILE_LAYOUT times its tile (its text stays legible)."""

    HEADER = 56  # px: the run and the step
    ASPECT = 0.62  # a tile's height to its width

    def __init__(self, view, target) -> None:
        if target is view:
            places = dict(zip(view.panels, view.places, strict=True))
            self.panels = [p for p in view.panels if p.isVisibleTo(view)]
        else:
            places, self.panels = {target: (0, 0, 1, 1)}, [target]
        places = {p: places[p] for p in self.panels}
        cols = max(c + cs for _, c, _, cs in places.values())
        rows = max(r + rs for r, _, rs, _ in places.values())
        tile_w = ANIMATION_WIDTH / cols
        tile_h = round(tile_w * self.ASPECT) if cols > 1 else round(ANIMATION_WIDTH * self.ASPECT)
        self.size = (ANIMATION_WIDTH, self.HEADER + rows * tile_h)
        self.rects = {p: QRectF(c * tile_w, self.HEADER + r * tile_h, cs * tile_w, rs * tile_h)
                      for p, (r, c, rs, cs) in places.items()}  # fmt: skip


def _paint_header(image: QImage, title: str, step: int, notes: list[str]) -> None:
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        font = QFont()
        font.setPixelSize(30)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#222"))
        h = FrameLayout.HEADER
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(QRectF(14, 0, 300, h), flags, f"step {step}")
        font.setPixelSize(17)
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(QColor("#444"))
        painter.drawText(QRectF(240, 0, image.width() - 254, h), flags | Qt.TextFlag.TextWordWrap,
                         "  ·  ".join([title, *notes]))  # fmt: skip
    finally:
        painter.end()


def _paint_callout(painter: QPainter, rect: QRectF, text: str) -> None:
    """A callout's box at the foot of a panel's tile (the note the window shows above the
    plot), as tall as its text: over the axis, not over the data or a sample's text."""
    font = QFont()
    font.setPixelSize(13)
    painter.setFont(font)
    flags = Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    width = rect.width() - 16
    lines = painter.fontMetrics().lineSpacing()
    need = painter.fontMetrics().boundingRect(QRectF(0, 0, width - 12, 1000).toRect(),
                                              flags, text).height()  # fmt: skip
    h = min(need, 5 * lines) + 8
    box = QRectF(rect.left() + 8, rect.bottom() - h - 4, width, h)
    painter.setPen(QColor("#e0c65c"))
    painter.setBrush(QColor(255, 248, 214, 240))
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(QColor("#4a3b00"))
    painter.drawText(box.adjusted(6, 4, -6, -4), flags, text)


def export_animation(window, view, target, path: str | Path,
                     done: Callable[[list, Exception | None], None]) -> None:  # fmt: skip
    """A GIF (or an MP4, by the suffix) of `target` (a view or a panel) across the stored
    probes: at most FRAMES, their steps evenly spread over the run. A frame is the panels
    alone (no window, no buttons), drawn as figures, ANIMATION_WIDTH pixels wide, with the
    step at the top and a preset's callouts from the step each appeared. One panel of one
    frame a turn of the event loop; encoded and written on a pool thread. done([frame
    count], error)."""
    latest = window.solo.latest
    kept = latest.probes.probes
    probes = [kept[i] for i in frame_steps([p.step for p in kept], FRAMES)]
    was = window.replay.pinned_snapshot()
    layout = FrameLayout(view, target)
    callouts = window.experiments.callouts
    fired = list(callouts.fired) if callouts is not None else []
    title = window.info.name if window.info else ""
    frames: list[np.ndarray] = []
    current: list[QImage] = []

    def begin(p):
        def piece():
            history = history_until(latest.history, p.step)
            rollout = latest.free_running  # the newest: not in a frame before its step
            if rollout is not None and rollout.step > p.step:
                rollout = None
            snap = replace(latest, step=p.step, probe=p, history=history, free_running=rollout)
            window.pin_views(snap)
            view.draw_now()
            image = QImage(*layout.size, QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            notes = [translate("Experiments", "Step {step}: {text}").format(
                step=f.step, text=f.text) for f in fired
                if f.step <= p.step and f.panel not in {q.slug for q in layout.panels}]  # fmt: skip
            _paint_header(image, title, p.step, notes)
            current[:] = [image]

        return piece

    def tile(p, panel):
        def piece():
            rect = layout.rects[panel]
            painter = QPainter(current[0])
            try:
                if panel.canvas.isVisibleTo(panel):
                    painter.translate(rect.topLeft())
                    size = (round(rect.width() * TILE_LAYOUT), round(rect.height() * TILE_LAYOUT))
                    paint_titled(panel, painter, size, (1 / TILE_LAYOUT, 1 / TILE_LAYOUT))
                    painter.translate(-rect.topLeft())
                elif hasattr(panel, "_paint_text"):  # a text's samples, at the tile's size
                    painter.save()
                    painter.translate(rect.topLeft())
                    painter.scale(1 / TILE_LAYOUT, 1 / TILE_LAYOUT)
                    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
                    panel._paint_text(painter, round(rect.width() * TILE_LAYOUT),
                                      round(rect.height() * TILE_LAYOUT))  # fmt: skip
                    painter.restore()
                else:  # another panel that draws its own picture: scaled into the tile
                    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
                    image = panel.render_image()
                    fit = image.size().scaled(rect.size().toSize(),
                                              Qt.AspectRatioMode.KeepAspectRatio)  # fmt: skip
                    painter.drawImage(QRectF(rect.topLeft(), fit.toSizeF()), image)
                # the newest callout of this panel by this step (the window's note shows
                # one at a time: a later one replaces the earlier)
                mine = [f for f in fired if f.panel == panel.slug and f.step <= p.step]
                if mine:
                    f = max(mine, key=lambda f: f.step)
                    _paint_callout(painter, rect, translate("Experiments", "Step {step}: {text}")
                                   .format(step=f.step, text=f.text))  # fmt: skip
            finally:
                painter.end()

        return piece

    def end():
        frames.append(rgb_frame(current[0]))

    def restore():
        window.pin_views(was)
        view.draw_now()
        mp4 = Path(path).suffix.lower() == ".mp4"

        def encode(_progress) -> int:
            (write_mp4 if mp4 else write_gif)(path, frames, fps=ANIMATION_FPS)
            return len(frames)

        return lambda answer: background(encode, answer)

    def finished(results, error) -> None:
        if error is not None:
            window.pin_views(was)
        done(results, error)

    pieces: list[Callable] = []
    for p in probes:
        pieces += [begin(p), *(tile(p, panel) for panel in layout.panels), end]
    Pieces(pieces + [restore], finished, window)
