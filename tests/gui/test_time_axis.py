"""The one time-step rule holds where it is drawn: every visible time axis of the Training
view draws the labels 1 and T (pyqtgraph drops a label that overhangs an axis with grid
lines: the T of every gate heatmap was lost that way)."""

from PySide6.QtGui import QImage, QPainter

from .test_unit import train


def drawn_labels(plot) -> list[str]:
    img = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(img)
    try:
        specs = plot.getAxis("bottom").generateDrawSpecs(painter)
    finally:
        painter.end()
    return [text for *_, text in specs[2]] if specs else []


def test_every_time_axis_draws_1_and_T(qtbot, window):
    window.resize(1366, 768)
    train(qtbot, window, 2)
    T = str(window.info.seq_len)
    checked = 0
    for panel in (window.training.gates, window.training.hidden, window.training.grad_over_time):
        for plot in panel._plots():
            axis = plot.getAxis("bottom")
            if plot.isVisible() and axis.isVisible() and axis.style["showValues"]:
                labels = drawn_labels(plot)
                assert labels[:1] == ["1"] and labels[-1:] == [T], (panel.slug, labels)
                checked += 1
    assert checked >= 6  # four gate heatmaps, the attribution strip, the gradient


def test_yearly_data_is_labelled_by_the_year(qapp):
    import numpy as np

    from rnnviz.gui.plots.predictions import RowAxis

    axis = RowAxis("bottom")
    years = np.array([f"{y}" for y in range(1700, 1800)], dtype="datetime64[Y]")
    axis.set_rows(years.astype("datetime64[s]"), 0)
    assert axis.tickStrings([0, 50, 120], 1.0, 50) == ["1700", "1750", "1820"]
    days = np.arange(np.datetime64("2020-01-01"), np.datetime64("2020-04-10"))
    axis.set_rows(days.astype("datetime64[s]"), 0)
    assert axis.tickStrings([0, 31], 1.0, 31) == ["2020-01-01", "2020-02-01"]
