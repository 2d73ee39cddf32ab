"""Plots a learner can trust at any window size."""

import csv
import math
import re

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QGraphicsItem

from rnnviz.gui.fonts import missing_glyphs_message
from rnnviz.gui.plots.base import FIGURE_TICK_PX, log_label, step_ticks
from tests.gui.conftest import exported, opened

TIMEOUT = 120_000


def train(qtbot, window, n):
    at = window._latest.step
    window.start_training(n)
    qtbot.waitUntil(lambda: not window.run.running and window._latest.step >= at + n,
                    timeout=TIMEOUT)  # fmt: skip
    window.draw_now()


def parse_label(text):
    """Read a log_label back: '2·10⁻⁵' -> 2e-5, '10³' -> 1000, '0.01' -> 0.01."""
    digits = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    if "10" in text and any(c in text for c in "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"):
        mant, _, power = text.rpartition("10")
        return float(mant.rstrip("·") or 1) * 10 ** int(power.translate(digits))
    return float(text)


def test_log_labels_are_true_values():
    assert [log_label(x) for x in (1e-3, 0.01, 0.5, 1, 20, 1000)] == [
        "0.001", "0.01", "0.5", "1", "20", "1000"]  # fmt: skip
    assert log_label(1e-5) == "10⁻⁵" and log_label(2e-57) == "2·10⁻⁵⁷"
    assert log_label(3.2e-5, 2) == "3.2·10⁻⁵" and log_label(0.21, 2) == "0.21"
    assert log_label(1e27) == "10²⁷"
    for x in (3e-7, 1e-5, 0.002, 1, 700, 5e12):
        assert parse_label(log_label(x)) == pytest.approx(x, rel=0.3)


@pytest.mark.parametrize("T", [10, 50, 200])
def test_one_tick_rule_for_time_steps(T):
    for width_ticks in (3, 6, 10, 20):
        ticks = step_ticks(T, width_ticks)
        assert ticks[0] == 1 and ticks[-1] == T and len(ticks) <= width_ticks + 2
        gaps = np.diff(ticks)
        assert gaps.min() >= 0.5 * gaps.max() or len(ticks) <= 3  # nothing crowds


def test_legends_never_cover_the_data(qtbot, window):
    train(qtbot, window, 10)
    for panel in window.panels:
        legend = getattr(panel, "legend", None)
        if legend is None or not legend.item.isVisible():
            continue
        box = legend.item.sceneBoundingRect()
        for plot in panel._plots():
            assert not box.intersects(plot.vb.sceneBoundingRect()), panel.slug


def test_legend_hides_curves_that_are_off(qtbot, window):
    train(qtbot, window, 3)
    panel = window.training.grad_norm
    names = [label.text for _, label in panel.legend.item.items]
    assert names == ["gradient norm"]  # clipping off: no "after clipping", no threshold
    window.controls.clip.setCurrentIndex(1)
    window.controls.clip.activated.emit(1)
    train(qtbot, window, 2)
    names = [label.text for _, label in panel.legend.item.items]
    assert names == ["before clipping", "after clipping", "clip threshold (by norm)"]


def test_long_titles_elide_and_never_widen_a_column(qtbot, window, tmp_path):
    window.resize(1366, 768)
    path = tmp_path / ("a_rather_long_file_name_of_daily_sensor_readings_" * 2 + ".csv")
    path.write_text("v\n" + "".join(f"{math.sin(i / 4):.4f}\n" for i in range(200)))
    assert opened(qtbot, window, path)
    window.draw_now()
    qtbot.wait(50)
    panel = window.training.predictions
    assert panel.title_label.is_elided()
    assert path.name in panel.title_label.toolTip() and path.name in panel.full_title()
    widths = [p.width() for p in window.training.panels[:3]]
    assert max(widths) - min(widths) <= 2
    grad = window.training.grad_over_time
    assert "|dL/dh_1| / |dL/dh_T| = " in grad.caption.full_text()


def test_log_axes_show_real_values_without_a_multiplier(qtbot, window):
    train(qtbot, window, 20)
    plot = window.training.grad_over_time.plot
    axis = plot.getAxis("left")
    assert "(x" not in axis.labelString()
    lo, hi = plot.vb.viewRange()[1]
    levels = axis.tickValues(lo, hi, 300)
    shown = [s for _, values in levels for s in axis.tickStrings(values, 1.0, 1.0) if s]
    assert shown and len(shown) == len(set(shown))  # each value once
    g = window._drawn.probe.grad_norm
    g = window._drawn.probe.grad_norm
    values = [parse_label(s) for s in shown]
    assert all(v > 0 for v in values)
    assert min(values) <= g.max() and max(values) >= g.min() / 10  # the labels span the data


def test_space_and_s_work_while_a_spin_box_has_focus(qtbot, window):
    spin = window.controls.hidden
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=TIMEOUT)
    qtbot.keyClick(spin, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window._latest.step == 1, timeout=TIMEOUT)
    assert spin.value() == window.config.hidden  # the key did not edit the spin box
    qtbot.keyClick(spin, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.run.running, timeout=TIMEOUT)
    qtbot.keyClick(spin, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)


def test_reset_asks_only_when_there_is_progress(qtbot, window):
    asked = []
    window.confirm = lambda q: asked.append(q) or False
    window.reset_run()
    assert asked == []  # step 0: nothing to lose, nothing asked
    train(qtbot, window, 3)
    old = window.run
    window.reset_run()
    assert len(asked) == 1 and "step 3" in asked[0] and window.run is old


def test_a_bad_file_is_reported_before_anything_is_asked(qtbot, window, tmp_path):
    train(qtbot, window, 2)
    asked = []
    window.confirm = lambda q: asked.append(q) or True
    bad = tmp_path / "short.txt"
    bad.write_text("ab", encoding="utf-8")
    old = window.run
    assert not opened(qtbot, window, bad)
    assert asked == [] and "characters" in window.last_error and window.run is old


def test_text_export_all_is_current(qtbot, window, tmp_path):
    path = tmp_path / "poem.txt"
    path.write_text("roses are red, violets are blue. " * 30, encoding="utf-8")
    assert opened(qtbot, window, path)
    window.controls.temperature.setValue(0.3)
    train(qtbot, window, 12)
    out = tmp_path / "out"
    assert exported(qtbot, window, out)
    with open(out / "predictions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert int(rows[0]["step"]) == 12 and float(rows[0]["temperature"]) == 0.3
    assert "temperature 0.3" in window.training.predictions.full_title()
    img = QImage(str(out / "predictions.png"))
    assert img.width() / img.height() == pytest.approx(1600 / 1000, rel=0.01)
    with open(out / "loss.csv", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        body = list(reader)
    assert header == ["step", "train_loss", "train_loss_smoothed", "val_loss"]
    assert [int(r[0]) for r in body] == list(range(1, 13))
    with open(out / "grad_norm.csv", newline="") as f:
        assert all(r[0].isdigit() for r in list(csv.reader(f))[1:])
    svg = (out / "loss.svg").read_text(encoding="utf-8")
    assert ">Loss</text>" in svg


def test_an_svg_export_is_vector_graphics(qtbot, window, tmp_path):
    """The axes are cached as bitmaps on screen; an SVG must carry them as lines and text."""
    train(qtbot, window, 12)
    path = window.training.loss.export_svg(tmp_path / "loss.svg")
    svg = path.read_text(encoding="utf-8")
    images = [float(w) for w in re.findall(r'<image[^>]*\bwidth="([\d.]+)"', svg)]
    assert all(w <= 16 for w in images), images  # a marker's sprite at most, never an axis
    assert "<text" in svg and ">Loss</text>" in svg
    assert window.training.loss.plot.getAxis("left").cacheMode() != QGraphicsItem.CacheMode.NoCache
    # tick labels keep the size they have on screen (replayed at another resolution, they
    # came out at 72/96 of it, beside curves at full size)
    font_px = FIGURE_TICK_PX  # a figure's tick labels, at the SVG's own scale
    sizes = re.findall(r'font-size="([\d.]+)"[^>]*>\s*>?\s*(\d+)</text>', svg)
    assert sizes and {float(px) for px, _ in sizes} == {font_px}


def test_no_glyph_is_named_with_its_fix():
    message = missing_glyphs_message("ok " + "\U00010000\U00010001")  # Linear B: no font here
    assert message and "fonts-wqy-microhei" in message and "2 characters" in message
    assert missing_glyphs_message("plain ascii, é, ü") is None


def test_panel_enlarges_and_restores(qtbot, window):
    panel = window.training.hidden
    panel.enlarge_button.click()
    assert all(not p.isVisible() for p in window.training.panels if p is not panel)
    qtbot.waitUntil(lambda: panel.width() > 0.9 * window.training.width(), timeout=TIMEOUT)
    panel.enlarge_button.click()
    assert all(p.isVisible() for p in window.training.panels)
    qtbot.waitUntil(lambda: panel.width() < 0.5 * window.training.width(), timeout=TIMEOUT)


def test_gates_are_never_squeezed_to_slivers(qtbot, window):
    gates = window.training.gates
    for size, columns in (((1024, 640), 2), ((1920, 1080), 4)):
        window.resize(*size)
        qtbot.waitUntil(lambda c=columns: gates.columns == c, timeout=TIMEOUT)
        qtbot.wait(20)
        widths = [p.vb.width() for p in gates.plots.values()]
        assert min(widths) >= 45, widths


def test_a_figure_has_no_room_for_coming_steps_and_no_auto_range_button(qtbot, window):
    train(qtbot, window, 12)
    loss = window.training.loss
    live_x = loss.plot.vb.viewRange()[0]
    assert live_x[1] > 15  # the live view keeps room for the coming steps
    loss.plot.mouseHovering = True  # the pointer over the plot shows pyqtgraph's "A" button
    loss.plot.updateButtons()
    assert loss.plot.autoBtn.isVisible()
    undo = loss._export_geometry(1600, 956)
    try:
        lo, hi = loss.plot.vb.viewRange()[0]
        assert lo <= 0 and 12 <= hi <= 12 * 1.05
        assert not loss.plot.autoBtn.isVisible()
    finally:
        undo()
    assert loss.plot.vb.viewRange()[0] == pytest.approx(live_x)


def test_an_exported_curve_stays_a_solid_line_at_a_quarter_of_its_size(qtbot, window):
    """Drawn for a slide: the one-step prediction curve is at least 4 pixels thick in the
    3200 x 2000 PNG (a pixel at a quarter size), not the screen's 1.5-pixel hairline."""
    train(qtbot, window, 12)
    panel = window.training.predictions
    image = panel.render_image().convertToFormat(QImage.Format.Format_RGB888)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    rgb = np.frombuffer(image.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    rgb = rgb[:, : w * 3].reshape(h, w, 3).astype(int)
    blue = np.abs(rgb - [0x1F, 0x77, 0xB4]).max(axis=2) < 40  # TRAIN, the training part
    thickness = []
    for x in range(w // 10, w // 2, 7):  # columns through the training part
        col = np.r_[0, blue[:, x].astype(int), 0]
        edges = np.flatnonzero(np.diff(col))
        thickness += list(edges[1::2] - edges[::2])
    assert thickness and np.median(thickness) >= 4
    # and the window's own curve is as thin as before
    assert panel.train_curve.opts["pen"].widthF() == pytest.approx(1.5)
