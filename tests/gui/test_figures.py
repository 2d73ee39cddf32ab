"""Figures drawn for a slide: at a quarter of their size the lines are solid and the text
legible; a chosen size scales the same drawing; presentation mode enlarges the window's plots
and gives them back as they were."""

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from rnnviz.gui.app import build_parser
from rnnviz.gui.figure_dialog import FigureDialog
from rnnviz.gui.plots.base import EXPORT_TITLE_H, figure_image
from tests.gui.conftest import exported

from .test_readability import TIMEOUT, train


def quarter(image: QImage) -> np.ndarray:
    """The image at a quarter of its size (smoothly scaled, as a slide viewer would), RGB."""
    small = image.scaled(image.width() // 4, image.height() // 4,
                         Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)  # fmt: skip
    small = small.convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = small.height(), small.width(), small.bytesPerLine()
    rows = np.frombuffer(small.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : w * 3].reshape(h, w, 3).astype(int)  # (H, W, 3)


def bands(mask_rows: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) of each run of True rows."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask_rows.astype(int), 0]))
    return [(a, b - 1) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def test_a_quarter_size_figure_has_solid_lines_and_legible_text(qtbot, window):
    train(qtbot, window, 12)
    loss = window.training.loss
    raw, smooth, val = loss.curves[:3]
    smooth.hide(), val.hide()  # the thinnest curve alone: the raw loss, a 1 px hairline
    loss.update_legend()
    try:
        rgb = quarter(figure_image(loss))
    finally:
        smooth.show(), val.show()
        loss.update_legend()
    h, w, _ = rgb.shape
    # the curve: bluish pixels; its vertical runs, column by column, over the plot's middle
    curve = (rgb[..., 2] - rgb[..., 0] > 12) & (rgb.sum(axis=2) < 3 * 245)
    runs = []
    for x in range(w // 5, 4 * w // 5, 5):
        runs += [b - a + 1 for a, b in bands(curve[h // 6 :, x])]
    assert runs and np.median(runs) >= 2, runs
    # text: grey ink. The first band under the title is the legend; the last two bands of
    # the figure are the step numbers and the axis title under them.
    ink = (rgb.max(axis=2) < 140) & (np.ptp(rgb, axis=2) < 30)
    top = EXPORT_TITLE_H * 2 // 4
    text_rows = bands(ink[top:, w // 8 :].any(axis=1))
    legend = text_rows[0]
    assert legend[1] - legend[0] + 1 >= 7, text_rows  # "train", cap height at a quarter
    digits = bands(ink[:, w // 8 :].any(axis=1))[-2]
    assert digits[1] - digits[0] + 1 >= 7, digits  # the step numbers' cap height


def test_the_gradient_figure_carries_its_caption_in_png_and_svg(qtbot, window, tmp_path):
    train(qtbot, window, 12)
    panel = window.training.grad_over_time
    caption = panel.figure_caption()
    for part in ("τ = ", "|dL/dh_1| / |dL/dh_T| = ", "faded: steps ", "no unit", "time steps"):
        assert part in caption
    out = tmp_path / "out"
    assert exported(qtbot, window, out)
    svg = (out / "grad_over_time.svg").read_text(encoding="utf-8")
    text = " ".join(re.findall(r">([^<>]+)</text>", svg))
    for part in ("|dL/dh_1| / |dL/dh_T|", "faded: steps", "no unit"):
        assert part in text
    image = QImage(str(out / "grad_over_time.png"))
    rgb = quarter(image)
    ink = (rgb.max(axis=2) < 140).any(axis=1)
    below_title = bands(ink[EXPORT_TITLE_H * 2 // 4 :])
    assert len(below_title) >= 2  # the caption's lines before the plot


def test_a_chosen_size_scales_the_same_figure(qtbot, window, tmp_path):
    train(qtbot, window, 6)
    assert exported(qtbot, window, tmp_path / "default")
    window.figure_size = (1920, 1080)
    assert exported(qtbot, window, tmp_path / "wide")
    image = QImage(str(tmp_path / "wide" / "loss.png"))
    assert (image.width(), image.height()) == (3840, 2160)
    assert QImage(str(tmp_path / "default" / "loss.png")).width() == 3200
    svg = (tmp_path / "wide" / "loss.svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 1920 1080"' in svg
    args = build_parser().parse_args(["--export", "x", "--export-size", "1280x720"])
    assert args.export_size == (1280, 720)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--export-size", "12x7"])


def test_the_export_dialog_offers_sizes(qtbot, tmp_path):
    dialog = FigureDialog(str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.figure_size() == (1600, 1000) and dialog.folder() == str(tmp_path)
    dialog.sizes.setCurrentIndex(dialog.sizes.findData("1920x1080"))
    assert dialog.figure_size() == (1920, 1080) and not dialog.width_box.isEnabled()
    dialog.sizes.setCurrentIndex(dialog.sizes.count() - 1)  # other: the boxes
    dialog.width_box.setValue(1000)
    assert dialog.figure_size() == (1000, 1080)


def test_presentation_mode_enlarges_the_plots_and_restores_them(qtbot, window):
    train(qtbot, window, 6)
    loss = window.training.loss
    axis = loss.plot.getAxis("bottom")
    pens = [c.opts["pen"].widthF() for c in loss.curves]
    font = window.font().pointSizeF()
    assert window.controls_area.isVisibleTo(window)
    window.set_presentation(True)
    assert window.presentation_action.isChecked()
    assert not window.controls_area.isVisibleTo(window)  # the plots get the room
    assert all(c.opts["pen"].widthF() > w for c, w in zip(loss.curves, pens, strict=True))
    assert axis.style["tickFont"].pixelSize() >= 15 and window.font().pointSizeF() > font
    train(qtbot, window, 2)  # drawing goes on in the larger style
    assert loss.curves[0].opts["pen"].widthF() > pens[0]
    window.set_presentation(False)
    assert [c.opts["pen"].widthF() for c in loss.curves] == pytest.approx(pens)
    assert window.font().pointSizeF() == font and not window.presentation_action.isChecked()
    assert window.controls_area.isVisibleTo(window) and window.settings_action.isChecked()
    window.show_settings(False)  # F6: the column hidden by hand stays hidden after a talk
    window.set_presentation(True)
    window.set_presentation(False)
    assert not window.controls_area.isVisibleTo(window)


def test_an_animation_tells_the_run_in_frames_of_its_panels(qtbot, window, tmp_path):
    from types import SimpleNamespace

    from PIL import Image, ImageSequence

    from rnnviz.core.animation import FRAMES, frame_steps
    from rnnviz.gui.export import ANIMATION_WIDTH, FrameLayout, _paint_header, rgb_frame

    train(qtbot, window, 36)
    window.resize(1366, 768)
    kept = [p.step for p in window._latest.probes.probes]
    steps = [kept[i] for i in frame_steps(kept, FRAMES)]
    assert len(steps) >= 30 and steps[-1] == 36
    assert np.diff(steps).max() <= 2 * max(1, 36 // 30)  # evenly spread over the run
    note = SimpleNamespace(panel="loss", step=20, text="a callout from step 20")
    window.experiments.callouts = SimpleNamespace(fired=[note])
    box = []
    path = tmp_path / "run.gif"
    try:
        assert window.export_animation(path, done=box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=TIMEOUT)
    finally:
        window.experiments.callouts = None
    assert box == [len(steps)]
    with Image.open(path) as im:
        frames = [np.array(f.convert("RGB")).astype(int) for f in ImageSequence.Iterator(im)]
    assert len(frames) == len(steps) and frames[0].shape[1] == ANIMATION_WIDTH >= 1200
    # the panels alone: no window chrome (a frame is the layout's size, white around tiles)
    layout = FrameLayout(window.training, window.training)
    assert frames[0].shape[:2] == (layout.size[1], layout.size[0])
    # the step at the top of each frame: the header as drawn for that step, not another's
    h = FrameLayout.HEADER
    for i in (0, len(steps) // 2, -1):
        want = QImage(ANIMATION_WIDTH, layout.size[1], QImage.Format.Format_RGB32)
        want.fill(Qt.GlobalColor.white)
        _paint_header(want, window.info.name, steps[i], [])
        ref = rgb_frame(want).astype(int)[:h, :300]
        got = frames[i][:h, :300]
        assert np.abs(got - ref).mean() < 4
        want.fill(Qt.GlobalColor.white)
        _paint_header(want, window.info.name, steps[i] + 7, [])
        assert np.abs(got - rgb_frame(want).astype(int)[:h, :300]).mean() > np.abs(got - ref).mean()
    # the callout: on the loss panel from step 20 on, never before
    rect = layout.rects[window.training.loss]
    tile = (slice(int(rect.top()), int(rect.bottom())), slice(int(rect.left()), int(rect.right())))
    yellow = [(np.abs(f[tile] - [255, 248, 214]).max(axis=2) < 8).sum() for f in frames]
    for step, n in zip(steps, yellow, strict=True):
        assert (n > 500) == (step >= 20), (step, n)
