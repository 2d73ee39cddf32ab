"""Data ▸ Task: switching to the adding problem builds a run on it; the loss panel draws the
memoryless baseline; the predictions panel shows the probe sequence and its sum."""

import math

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core.comparison import Vary
from tests.gui.conftest import built, settle


def switched(qtbot, window, task) -> bool:
    ok = window.use_task(task)
    settle(qtbot, window)
    return ok


def test_task_menu_builds_an_adding_run_with_its_baseline(qtbot, window):
    actions = window.task_actions
    assert set(actions) == {"sine", "adding", "copy"} and actions["sine"].isChecked()
    actions["adding"].trigger()
    settle(qtbot, window)
    ctrl = window.solo
    assert ctrl.config.task == "adding" and ctrl.info.kind == "adding"
    assert actions["adding"].isChecked() and not actions["sine"].isChecked()
    loss = window.training.loss
    assert loss.baseline == 1 / 6
    assert loss.baseline_line.isVisible()
    assert loss.baseline_line.value() == pytest.approx(math.log10(1 / 6))  # log10 y axis
    assert "0.1667" in loss.baseline_line.label.format
    # one step, then draw: the predictions panel shows the probe sequence
    ctrl.step()
    qtbot.waitUntil(lambda: ctrl.latest is not None and ctrl.latest.step >= 1, timeout=60_000)
    window.draw_now()
    pred = window.training.predictions
    p = ctrl.latest.probe
    x = p.inputs
    marked = np.flatnonzero(x[:, 1])
    assert len(marked) == 2
    a, b = (float(v) for v in x[marked, 0])
    caption = pred.caption.full_text()
    assert f"{a:.3f} + {b:.3f} = {a + b:.3f}" in caption
    assert f"{float(p.output_T[0]):.3f}" in caption
    _, ys = pred.marked.getData()
    np.testing.assert_allclose(ys, x[marked, 0])
    header, rows = pred.table()
    assert header == ["t", "value", "marker", "target", "predicted"] and len(rows) == len(x)
    # the prediction the caption shows is torch.nn's own, on the same weights
    t = ctrl.run.trainable
    assert t.step_count == p.step == 1 and t.config.cell == "lstm"
    lstm = nn.LSTM(2, t.config.hidden, batch_first=True).double()
    lstm.load_state_dict(t.model.rnn.state_dict())
    head = nn.Linear(t.config.hidden, 1).double()
    head.load_state_dict(t.model.head.state_dict())
    with torch.no_grad():
        want = float(head(lstm(torch.tensor(x[None], dtype=torch.float64))[0][:, -1])[0, 0])
    assert float(p.output_T[0]) == pytest.approx(want, rel=1e-5, abs=1e-7)
    # and back to the sine: no baseline line
    assert switched(qtbot, window, "sine")
    assert ctrl.config.task == "sine" and not loss.baseline_line.isVisible()
    assert actions["sine"].isChecked()


def test_a_comparison_on_the_task_draws_one_baseline(qtbot, window):
    base = window.solo.config.replace(task="adding", seq_len=10, hidden=4)
    assert built(qtbot, window, base, Vary.parse("cell=rnn,gru"))
    panel = window.compare.panels[0]
    assert panel.slug == "compare_loss"
    assert panel.baseline == 1 / 6 and panel.baseline_line.isVisible()
    assert panel.baseline_line.value() == pytest.approx(math.log10(1 / 6))


def test_copy_task_from_the_menu(qtbot, window):
    window.task_actions["copy"].trigger()
    settle(qtbot, window)
    ctrl = window.solo
    assert ctrl.config.task == "copy" and ctrl.info.kind == "copy"
    assert ctrl.config.seq_len == 21  # the window's 10 steps were too few: the shortest
    want = 10 * math.log(8) / ctrl.config.seq_len
    loss = window.training.loss
    assert loss.baseline == pytest.approx(want)
    assert loss.baseline_line.value() == pytest.approx(math.log10(want))
    ctrl.step()
    qtbot.waitUntil(lambda: ctrl.latest is not None and ctrl.latest.step >= 1, timeout=60_000)
    window.draw_now()
    p = ctrl.latest.probe
    ids = p.inputs.argmax(axis=1)
    symbols = "".join(str(int(i)) for i in ids[:10])
    assert symbols == "".join(str(int(i)) for i in p.target[-10:])
    caption = window.training.predictions.caption.full_text()
    assert f"writes back {symbols}" in caption
    assert "·12345678|"[int(np.argmax(p.output_T))] in caption.split("model predicts ")[1][:1]
    header, rows = window.training.predictions.table()
    assert header == ["t", "input", "target"] and len(rows) == ctrl.config.seq_len


def test_the_memory_preset_loads_in_the_compare_view_with_its_baseline(qtbot, window):
    from rnnviz.core.presets import load_preset

    preset = load_preset("memory").override(steps=3, hidden=4)
    assert window.experiments.load(preset)
    settle(qtbot, window)
    view = window.compare
    assert window.current_view() is view and "adding problem" in view.lesson.text()
    assert window.comparison.info.base.task == "adding"
    panel = view.panels[0]
    assert panel.baseline == 1 / 6 and panel.baseline_line.isVisible()
    window.toggle_running()
    qtbot.waitUntil(lambda: view.latest is not None and view.latest.step == 3
                    and not window.comparison.running, timeout=60_000)  # fmt: skip
    fired = window.comparison.callouts.fired
    assert [f.callout.index for f in fired] == [0]  # the baseline's callout, not the lesson's
