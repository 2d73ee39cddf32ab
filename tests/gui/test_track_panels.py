"""The Diagnostics view's curves over training hold every logged probe (a draw costs O(K)):
they redraw for a new view of the log, not for every probe."""

from dataclasses import replace

import pytest

from rnnviz.core.config import Config
from rnnviz.core.trainer import RunInfo, Trainer
from rnnviz.gui.views.diagnostics import DynamicsPanel, MemoryPanel


@pytest.fixture(scope="module")
def run():
    trainer = Trainer(Config(hidden=4, length=120, seed=3))
    trainer.set_probe_every(5)
    trainer.run(20)
    return trainer


@pytest.mark.parametrize("kind", [DynamicsPanel, MemoryPanel])
def test_a_probe_that_is_not_logged_leaves_the_curves_alone(qtbot, run, kind):
    panel = kind()
    qtbot.addWidget(panel)
    panel.reset(RunInfo.from_trainer(run))
    snap = run.snapshot()
    panel.draw(snap)
    curve = next(iter(panel.curves.values()))
    calls = []
    real = curve.setData
    curve.setData = lambda *a, **k: (calls.append(len(a[0])), real(*a, **k))
    light = replace(snap.probe, step=snap.step + 1)  # a probe the log did not keep
    panel.draw(replace(snap, step=light.step, probe=light))  # the same view of the log
    assert calls == []
    panel.draw(panel.snapshot)  # a redraw asked for (a layer chosen): drawn
    run.run(5)
    later = run.snapshot()  # its final probe is logged: a new view
    panel.draw(later)
    assert calls and calls[-1] == len(later.probes.steps)
