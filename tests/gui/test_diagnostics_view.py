"""The Diagnostics view draws what core computed, recomputed here independently: saturation
from torch.nn's own LSTM gates in float64, the step-Jacobian curves from the probes' arrays,
the forget-gate bias from the parameters, and the warnings as core's evaluator gives them."""

import numpy as np
import torch
from torch import nn

from rnnviz.core.config import Config
from rnnviz.core.diagnostics import evaluate
from tests.gui.conftest import started

from .test_unit import TIMEOUT, train


def torch_gates(trainer, x):
    """Sigmoid gates (i, f, o) of every step of torch.nn's LSTM (one layer) with the trained
    weights, float64: from h_(t-1) that nn.LSTM itself computed."""
    rnn = trainer.model.rnn
    lstm = nn.LSTM(rnn.input_size, rnn.hidden_size, 1, batch_first=True).double()
    lstm.load_state_dict({k: v.double() for k, v in rnn.state_dict().items()})
    with torch.no_grad():
        h = lstm(x)[0]  # (B, T, H)
        h_prev = torch.cat([torch.zeros_like(h[:, :1]), h[:, :-1]], dim=1)
        pre = x @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + h_prev @ lstm.weight_hh_l0.T
        i, f, _, o = (pre + lstm.bias_hh_l0).chunk(4, dim=-1)
    return [g.sigmoid().numpy() for g in (i, f, o)]


def test_saturation_dynamics_and_forget_bias_match_independent_numbers(qtbot, window):
    train(qtbot, window, 12)
    view = window.diagnostics
    window.show_view(view)
    view.draw_now()
    snap, trainer = window._latest, window.run.trainer
    p = snap.probe
    x = torch.from_numpy(np.array(p.batch_inputs)).double()
    for scatter, g in zip(view.saturation.scatters, torch_gates(trainer, x), strict=True):
        xs, ys = scatter.getData()
        np.testing.assert_allclose(xs, (g < 0.1).mean(axis=(0, 1)), atol=1.01 / g[..., 0].size)
        np.testing.assert_allclose(ys, (g > 0.9).mean(axis=(0, 1)), atol=1.01 / g[..., 0].size)

    kept = {q.step: q for q in snap.probes.probes}
    # Only the probes that measured the dynamics (the others carried them over, unmeasured).
    measured = [q.step for q in snap.probes.probes if q.dynamics_step == q.step]
    assert measured
    xs, ys = view.dynamics.curves["max0"].getData()
    np.testing.assert_array_equal(xs, measured)
    for step, y in zip(xs, ys, strict=True):  # the log axis plots log10
        if step in kept:
            assert 10**y == np.float32(kept[step].jacobian_norm[0].max()) or np.isclose(
                10**y, kept[step].jacobian_norm[0].max(), rtol=1e-6
            )

    H = trainer.config.hidden
    with torch.no_grad():
        fb = (trainer.model.rnn.bias_ih_l0 + trainer.model.rnn.bias_hh_l0)[H : 2 * H].numpy()
    counts, _ = np.histogram(fb, bins=24, range=(min(fb.min(), -1), max(fb.max(), 2)))
    np.testing.assert_array_equal(view.forget_bias.bars.opts["height"], counts)


def test_forget_bias_action_asks_then_applies_at_the_next_step(qtbot, window):
    train(qtbot, window, 3)
    asked = []
    window.confirm = lambda q: asked.append(q) or False
    window.diagnostics.forget_bias.button.click()
    assert asked and window.run.trainer.model.rnn.bias_ih_l0.detach()[8:16].ne(1).any()
    window.confirm = lambda q: True
    window.diagnostics.forget_bias.button.click()

    def applied():
        fb = window._latest.probe.forget_bias
        return fb is not None and np.allclose(fb, 1.0)

    qtbot.waitUntil(applied, timeout=TIMEOUT)
    rnn = window.run.trainer.model.rnn
    with torch.no_grad():
        np.testing.assert_allclose((rnn.bias_ih_l0 + rnn.bias_hh_l0)[8:16].numpy(), 1.0)


def test_warnings_list_and_status_bar_follow_core(qtbot, window):
    """An RNN over a long window: the gradient vanishes. The list and the status bar show
    exactly the warnings core's evaluator gives for the run's snapshot."""
    config = Config(cell="rnn", hidden=8, seq_len=40, length=300, probe_every=1)
    started(qtbot, window, config)  # a probe a step: the rule needs 3 in a row
    train(qtbot, window, 5)
    view = window.diagnostics
    window.show_view(view)
    view.draw_now()
    trainer = window.run.trainer
    expected = window.run.call(
        lambda: evaluate(trainer.snapshot(max_points=trainer.history.n + 1))
    )  # fmt: skip
    codes = [w.code for w in expected.active()]
    assert "vanishing-gradient" in codes
    assert [w.code for w in view.active_warnings()] == codes
    text = view.warnings.text.toPlainText()
    for w in expected.raised():  # each as first raised (the list says since which step)
        assert f"{w.code} (since step {w.step})" in text
        assert w.message in text and w.advice in text
    assert window.health_label.property("codes") == "⚠ " + ", ".join(codes)
    window.show_view(window.training)
    window.health_label.linkActivated.emit("#")
    assert window.current_view() is view


def test_healthy_run_shows_no_warning(qtbot, window):
    train(qtbot, window, 20)
    window.diagnostics.draw_now()
    assert window.diagnostics.active_warnings() == ()
    assert window.health_label.text() == ""
    assert "No warning" in window.diagnostics.warnings.text.toPlainText()
