"""Export all lays every panel out at the export's size and must leave the window as it was:
the hidden-state heatmap's attribution strip, in the heatmap's column alone, once widened that
column at the export's size, and the heatmap stayed stretched, its colour bar pushed out."""

from tests.gui.conftest import exported


def geometry(window):
    return {p.slug: [(type(it).__name__, round(it.geometry().x()), round(it.geometry().width()))
                     for it in p.canvas.ci.items] for p in window.training.panels}  # fmt: skip


def test_export_all_leaves_the_panels_laid_out_as_they_were(qtbot, window, tmp_path):
    window.draw_now()
    qtbot.wait(100)  # the layout settles
    before = geometry(window)
    heatmap = before["hidden"][0]
    assert heatmap[0] == "PlotItem" and heatmap[2] < window.training.width() / 3  # a column
    assert exported(qtbot, window, tmp_path / "out")
    qtbot.wait(100)
    assert geometry(window) == before
