"""An export lays a panel out at its own size and must leave the panel on screen as it was:
the hidden-state heatmap's attribution strip once widened its column at the export's size, and
the heatmap stayed stretched, its colour bar pushed out, after every Export all."""

from pathlib import Path

from rnnviz.core.config import Config
from rnnviz.core.trainer import RunInfo, Trainer


def geometry(panel):
    return [(type(it).__name__, round(it.geometry().x()), round(it.geometry().width()))
            for it in panel.canvas.ci.items]  # fmt: skip


def test_exports_leave_the_panels_laid_out_as_they_were(qtbot, tmp_path):
    from rnnviz.gui.app import configure_pyqtgraph
    from rnnviz.gui.views.training import TrainingView

    configure_pyqtgraph()
    trainer = Trainer(Config(hidden=8, length=300))
    trainer.step()
    view = TrainingView()
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.reset(RunInfo.from_trainer(trainer))
    view.show_snapshot(trainer.snapshot())
    view.draw_now()
    before = {p.slug: geometry(p) for p in view.panels}
    assert max(w for _, _, w in before["hidden"]) < 600  # on screen: a third of the width
    for p in view.panels:
        p.export_png(Path(tmp_path / f"{p.slug}.png"))
        p.export_svg(Path(tmp_path / f"{p.slug}.svg"))
    qtbot.wait(10)
    assert {p.slug: geometry(p) for p in view.panels} == before
    view.timer.stop()
