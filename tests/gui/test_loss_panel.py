"""The loss panel's validation dots: however long the run, a frame draws a bounded number of
them, and only a new validation sets them again."""

from types import SimpleNamespace

import numpy as np
import pytest

from rnnviz.core.trainer import History
from rnnviz.gui.plots.loss import VAL_DOTS, LossPanel, val_dots


def run(steps: int, val_every: int = 25, shift: float = 0.0):
    """A solo run's snapshot of `steps` steps, validated every `val_every`."""
    h = History()
    for i in range(1, steps + 1):
        h.append(i, 1.0 / i + shift, 1.0, 1.0, 1e-3)
        if i % val_every == 0:
            h.set_val(2.0 / i)
    return SimpleNamespace(history=h.view(1000), schedule="constant")


@pytest.fixture
def panel(qtbot):
    p = LossPanel()
    qtbot.addWidget(p)
    p.reset(SimpleNamespace(names=("run",), baseline_loss=None))
    return p


def test_the_dots_stay_few_and_put_as_the_run_goes_on():
    val = np.column_stack([np.arange(1, 2001) * 25.0, np.linspace(1, 0.1, 2000)])
    np.testing.assert_array_equal(val_dots(val[:80]), val[:80])  # a short run: every one
    for m in (801, 1600, 2000):
        dots = val_dots(val[:m])
        assert len(dots) <= VAL_DOTS + 1
        assert dots[0, 0] == val[0, 0] and dots[-1, 0] == val[m - 1, 0]  # the newest drawn
    # one more validation moves none of the dots already drawn (but the newest)
    a, b = val_dots(val[:1500]), val_dots(val[:1501])
    np.testing.assert_array_equal(a[:-1], b[: len(a) - 1])


def test_a_long_runs_frame_draws_a_bounded_number_of_dots(panel):
    snap = run(20_000)
    assert len(snap.history.val) == 800
    panel.draw(snap)
    x, _ = panel.run_curves[0][2].getData()
    assert len(x) <= VAL_DOTS + 1 and x[-1] == 20_000


def test_only_a_new_validation_sets_the_dots_again(panel):
    val = panel.run_curves[0][2]
    calls = []
    real = val.setData
    val.setData = lambda *a, **k: (calls.append(len(a[0])), real(*a, **k))
    panel.draw(run(1010))
    panel.draw(run(1010, shift=0.1))  # the training curve moved, no new validation
    assert calls == [40]
    panel.draw(run(1025))
    assert calls == [40, 41]
    panel.reset(SimpleNamespace(names=("run",), baseline_loss=None))  # clears them
    calls.clear()
    panel.draw(run(1025))  # a new run: drawn again
    assert calls == [41]
