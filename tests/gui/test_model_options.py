"""Model options in the window: parameter counts, init/scale/dropout/bidirectional controls, both
directions in the probe panels, and the free-running forecast in the predictions panel."""

import re

import numpy as np
import torch
from torch import nn

from rnnviz.core.forecast import free_running
from tests.gui.conftest import SMALL, opened, settle, started

TIMEOUT = 30_000


def steps(window):
    return window.run.trainer.step_count


def one_step(qtbot, window):
    settle(qtbot, window)
    at = steps(window)
    window.step_once()
    qtbot.waitUntil(lambda: window._drawn is not None and window._drawn.step == at + 1,
                    timeout=TIMEOUT)  # fmt: skip
    window.draw_now()


def torch_modules(cell, hidden, layers, bidirectional):
    """torch.nn's own modules for the model the controls describe (sine: 1 in, 1 out)."""
    rnn = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell](
        1, hidden, layers, batch_first=True, bidirectional=bidirectional
    )
    return rnn, nn.Linear(hidden * (2 if bidirectional else 1), 1)


def shown_total(controls) -> int:
    text = controls.params_button.text()
    assert text.startswith("Parameters: ")
    return int(text.removeprefix("Parameters: ").replace(",", ""))


def formula_totals(controls) -> list[int]:
    """The '= N' of every formula line in the expanded details (not the grey tensor lines)."""
    lines = controls.params_details.text().split("<br>")
    formulas = [re.sub("<.*?>", "", ln) for ln in lines if "color:#666" not in ln]
    return [int(line.rsplit("= ", 1)[1].replace(",", "")) for line in formulas]


def test_parameter_counts_follow_the_controls_before_the_reset(qtbot, window):
    c = window.controls
    rnn, head = torch_modules("lstm", 8, 1, False)
    numel = sum(p.numel() for p in [*rnn.parameters(), *head.parameters()])
    assert shown_total(c) == numel
    assert shown_total(c) == window.run.call(
        lambda: sum(p.numel() for p in window.run.trainer.model.parameters())
    )
    one_step(qtbot, window)
    seen = []
    window.confirm = lambda question: seen.append(shown_total(c)) or False
    c.bidirectional.click()  # asked while the counts already show the new model
    rnn, head = torch_modules("lstm", 8, 1, True)
    assert seen == [sum(p.numel() for p in [*rnn.parameters(), *head.parameters()])]
    assert not c.bidirectional.isChecked() and shown_total(c) == numel  # went back
    assert steps(window) == 1

    window.confirm = lambda question: True
    c.cell.setCurrentIndex(2)
    c.cell.activated.emit(2)  # GRU
    c.layers.setValue(2)
    c.bidirectional.click()
    settle(qtbot, window)
    assert window.config.bidirectional and window.config.layers == 2
    rnn, head = torch_modules("gru", 8, 2, True)
    sd = rnn.state_dict()
    per_row = [sum(sd[f"{w}_l{layer}{sfx}"].numel()
                   for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))
               for layer in range(2) for sfx in ("", "_reverse")]  # fmt: skip
    head_n = sum(p.numel() for p in head.parameters())
    total = sum(per_row) + head_n
    assert shown_total(c) == total
    c.params_button.click()
    assert c.params_details.isVisible()
    assert formula_totals(c) == [*per_row, head_n, total]
    details = c.params_details.text()
    assert "GRU layer 2 reverse: 3 × (8·16 + 8·8 + 2·8) = 624" in details
    assert "weight_ih_l1_reverse 24×16" in details and "head.weight 1×16" in details
    assert c.params_button.toolTip() == details
    assert shown_total(c) == window.run.call(
        lambda: sum(p.numel() for p in window.run.trainer.model.parameters())
    )


def test_controls_build_the_config_and_ask_before_resetting(qtbot, window):
    c = window.controls
    one_step(qtbot, window)
    asked = []
    window.confirm = lambda question: asked.append(question) or True
    c.init.setCurrentIndex(2)
    c.init.activated.emit(2)
    assert len(asked) == 1 and "step 1 is lost" in asked[0]
    settle(qtbot, window)
    assert window.config.init == "orthogonal" and steps(window) == 0
    one_step(qtbot, window)
    c.init_scale.setValue(1.5)
    c.layers.setValue(2)
    c.dropout.setValue(0.25)
    assert len(asked) == 2  # only the first change after a step asks (the others are at step 0)
    settle(qtbot, window)
    cfg = window.run.trainer.config
    assert (cfg.init, cfg.init_scale, cfg.layers, cfg.dropout, cfg.bidirectional) == (
        "orthogonal",
        1.5,
        2,
        0.25,
        False,
    )
    assert window.config == cfg
    # The weights are what the controls asked for: every gate's recurrent block is 1.5 × an
    # orthogonal matrix (numpy, float64), and the model drops out between its layers.
    state = window.run.call(lambda: window.run.trainer.model.rnn.state_dict())
    weights = {k: v.numpy().astype(np.float64) for k, v in state.items()}
    H = 8
    for name in ("weight_hh_l0", "weight_hh_l1"):
        for g in range(4):
            block = weights[name][g * H : (g + 1) * H]  # (H, H)
            np.testing.assert_allclose(block @ block.T, 2.25 * np.eye(H), atol=1e-5)
    assert window.run.call(lambda: window.run.trainer.model.rnn.dropout) == 0.25


def test_dropout_with_one_layer_is_refused_and_the_run_stays(qtbot, window):
    c = window.controls
    one_step(qtbot, window)
    run, config = window.run, window.config
    c.dropout.setValue(0.3)
    assert window.run is run and window.config == config and steps(window) == 1
    assert "dropout" in window.last_error and "\n" not in window.last_error
    assert c.dropout.value() == 0.0  # the control shows the run again
    box = window.findChild(object, "error_box")
    assert box is not None
    box.close()


def test_bidirectional_is_off_for_text_and_says_why(qtbot, window, tmp_path):
    c = window.controls
    c.bidirectional.click()
    settle(qtbot, window)
    assert window.config.bidirectional
    path = tmp_path / "poem.txt"
    path.write_text("roses are red, violets are blue. " * 30, encoding="utf-8")
    assert opened(qtbot, window, path)
    assert window.info.kind == "text" and not window.config.bidirectional
    assert not c.bidirectional.isEnabled() and not c.bidirectional.isChecked()
    assert "the very characters the model must predict" in c.bidirectional.toolTip()
    V = window.info.input_size
    assert len(set("roses are red, violets are blue. ")) == V
    assert shown_total(c) == 4 * (8 * V + 8 * 8 + 2 * 8) + V * 8 + V


def test_bidirectional_panels_show_both_directions(qtbot, window):
    config = SMALL.replace(cell="lstm", layers=2, bidirectional=True)
    assert started(qtbot, window, config)
    one_step(qtbot, window)
    probe = window._drawn.probe
    assert probe.directions == 2 and probe.hidden.shape[0] == 4
    hidden = next(p for p in window.panels if p.slug == "hidden")
    assert [hidden.layer.itemText(i) for i in range(hidden.layer.count())] == [
        "layer 1", "layer 2"
    ]  # fmt: skip
    assert hidden.layer.currentIndex() == 1
    # torch's own bidirectional module: the last layer's output is [forward | reverse], both
    # in forward time, which is what the two heatmaps must show.
    lstm = nn.LSTM(1, 8, 2, batch_first=True, bidirectional=True)
    lstm.load_state_dict(window.run.call(lambda: window.run.trainer.model.rnn.state_dict()))
    with torch.no_grad():
        out, _ = lstm(torch.from_numpy(np.array(probe.inputs))[None])
    np.testing.assert_allclose(hidden.images[0].image, out[0, :, :8].numpy().T, atol=1e-5)
    np.testing.assert_allclose(hidden.images[1].image, out[0, :, 8:].numpy().T, atol=1e-5)
    assert [p.titleLabel.text for p in hidden.plots] == ["forward", "reverse"]
    for layer in range(2):
        hidden.layer.setCurrentIndex(layer)
        hidden.layer.activated.emit(layer)
        for d in range(2):
            np.testing.assert_array_equal(hidden.images[d].image,
                                          probe.hidden[2 * layer + d].T)  # fmt: skip
    gates = next(p for p in window.panels if p.slug == "gates")
    assert gates.direction.isVisibleTo(gates)
    for layer in range(2):
        for d in range(2):
            gates.layer.setCurrentIndex(layer)
            gates.direction.setCurrentIndex(d)
            gates.draw(window._drawn)
            for g in "ifgo":
                np.testing.assert_array_equal(gates.images[g].image,
                                              probe.gates[g][2 * layer + d].T)  # fmt: skip
    grad = next(p for p in window.panels if p.slug == "grad_over_time")
    assert len(grad.curves) == 4
    for row, curves in enumerate(grad.curves):
        np.testing.assert_allclose(curves[0].yData, probe.grad_norm[row])
    names = [name for _, name in grad.legend._entries]
    assert names == ["layer 1 forward", "layer 1 reverse", "layer 2 forward", "layer 2 reverse"]
    assert grad.curves[1][0].opts["pen"].style() != grad.curves[0][0].opts["pen"].style()


def test_free_running_curve_is_the_models_rollout(qtbot, window):
    window.toggle_running()
    qtbot.waitUntil(lambda: steps(window) >= 5, timeout=TIMEOUT)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window._latest.step == steps(window), timeout=TIMEOUT)
    window.draw_now()
    snap = window._drawn
    assert snap.free_running is not None and snap.free_running.step == snap.step
    trainer = window.run.trainer
    expected = window.run.call(lambda: free_running(trainer.model, trainer.data))
    panel = window.training.predictions
    x, y = panel.free_curve.xData, panel.free_curve.yData
    info = window.info
    np.testing.assert_array_equal(y, expected)
    np.testing.assert_array_equal(x, info.seq_len + info.n_train + np.arange(len(expected)))
    assert len(expected) == len(snap.probe.predictions) - info.n_train  # every validation row
    # Its first value reads only true values: the one-step prediction of that row.
    np.testing.assert_allclose(y[0], snap.probe.predictions[info.n_train], rtol=1e-5)
    assert "free-running" in [name for _, name in panel.legend._entries]
    header, rows = panel.table()
    assert header[-1] == "free_running"
    assert rows[info.n_train][-1] == expected[0] and rows[0][-1] == ""
    assert "teacher forcing" in panel.help and "own earlier predictions" in panel.help
