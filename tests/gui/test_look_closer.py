"""Replay, attribution, next-character odds and animation export in the window, each number
checked against torch.nn / autograd / numpy computed independently."""

from pathlib import Path

import numpy as np
import torch
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from torch import nn

from tests.gui.conftest import answer, started

from .conftest import SMALL
from .test_unit import RHYMES, TIMEOUT, click, torch_lstm, train


def every_step(qtbot, window, **more):
    assert started(qtbot, window, SMALL.replace(probe_every=1, **more))


def test_scrubber_pins_every_probe_panel_and_returns_to_live(qtbot, window):
    every_step(qtbot, window)
    train(qtbot, window, 8)
    replay, view = window.replay, window.training
    stored = window._latest.probes.probes
    assert len(stored) >= 8 and replay.slider.maximum() == len(stored) - 1
    replay.slider.setValue(2)  # as a drag or a key would
    view.draw_now()
    old = stored[2]
    assert view.current.probe is old and replay.probe is old
    np.testing.assert_array_equal(view.hidden.img.image, old.hidden[-1].T)
    np.testing.assert_array_equal(view.gates.images["f"].image, old.gates["f"][-1].T)
    np.testing.assert_allclose(view.grad_over_time.curves[0][0].yData, old.grad_norm[0])
    bars = view.hidden.bars.opts["height"]
    np.testing.assert_allclose(bars, old.input_saliency, rtol=1e-6)
    assert view.loss.marker.isVisible() and view.loss.marker.value() == old.step
    assert view.current.history is window._latest.history  # the loss curves stay whole
    assert f"step {old.step}" in replay.label.text()
    replay.slider.sliderReleased.emit()  # letting go
    view.draw_now()
    latest = window._latest.probe
    assert replay.probe is None and view.current.probe is latest
    np.testing.assert_array_equal(view.hidden.img.image, latest.hidden[-1].T)
    assert not view.loss.marker.isVisible()


def test_play_walks_the_stored_probes_and_live_button_returns(qtbot, window):
    every_step(qtbot, window)
    train(qtbot, window, 4)
    replay = window.replay
    n = len(window._latest.probes.probes)
    replay.play_button.click()
    assert replay.probe is window._latest.probes.probes[0]
    qtbot.waitUntil(lambda: not replay.timer.isActive(), timeout=30_000)
    assert replay.slider.value() == n - 1
    replay.live_button.click()
    assert replay.probe is None and window.training.current.probe is window._latest.probe


def autograd_saliency(trainer, probe, step, kind):
    """||d(quantity at step)/dx_t|| through torch.nn's LSTM and Linear, independently."""
    lstm = torch_lstm(trainer)
    head = nn.Linear(trainer.model.head.in_features, trainer.model.head.out_features)
    head.load_state_dict(trainer.model.head.state_dict())
    x = torch.tensor(np.array(probe.inputs))[None].requires_grad_()
    out = head(lstm(x)[0][0, step])  # (O,)
    if kind == "text":
        y = torch.tensor([int(probe.target[step])])
        quantity = nn.functional.cross_entropy(out[None], y)
    else:
        quantity = out.sum()
    (dx,) = torch.autograd.grad(quantity, [x])
    return dx[0].norm(dim=-1).numpy()


def test_clicking_a_step_retargets_the_attribution(qtbot, window):
    train(qtbot, window, 5)
    hidden = window.training.hidden
    probe = hidden.snapshot.probe
    click(qtbot, hidden, hidden.strip, 7, 0.5 * hidden.strip.vb.viewRange()[1][1])
    qtbot.waitUntil(lambda: hidden.saliency()[1] == 6, timeout=TIMEOUT)  # from the worker
    shown, step = hidden.saliency()
    assert step == 6
    expected = autograd_saliency(window.run.trainer, probe, 6, "series")
    np.testing.assert_allclose(shown, expected, rtol=1e-4, atol=1e-7)
    assert (shown[7:] == 0).all()
    np.testing.assert_allclose(hidden.bars.opts["height"], expected, rtol=1e-4, atol=1e-7)
    assert "t = 7" in hidden.caption.full_text()
    T = len(probe.inputs)
    assert window.retarget(hidden, T - 1)  # the last step: the probe's own again
    shown, step = hidden.saliency()
    assert step == T - 1 and shown is probe.input_saliency


def test_text_retarget_uses_that_steps_loss(qtbot, window):
    assert started(qtbot, window, SMALL.replace(data=str(RHYMES), kind="text", seq_len=12))
    train(qtbot, window, 3)
    hidden = window.training.hidden
    probe = hidden.snapshot.probe
    assert window.retarget(hidden, 4)
    qtbot.waitUntil(lambda: hidden.saliency()[1] == 4, timeout=TIMEOUT)  # from the worker
    expected = autograd_saliency(window.run.trainer, probe, 4, "text")
    np.testing.assert_allclose(hidden.saliency()[0], expected, rtol=1e-4, atol=1e-7)


def softmax_all(logits, temperature):
    z = np.asarray(logits, np.float64) / temperature
    p = np.exp(z - z.max())
    return p / p.sum()


def softmax_top(logits, vocab, temperature, k=5):
    p = softmax_all(logits, temperature)
    order = np.argsort(-p, kind="stable")[:k]
    return [vocab[i] for i in order], p[order], float(-(p * np.log2(p)).sum())


def hover(widget, pos):
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(pos),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_hovering_the_sample_shows_the_odds_at_the_temperature(qtbot, window):
    assert started(qtbot, window, SMALL.replace(data=str(RHYMES), kind="text", seq_len=12))
    train(qtbot, window, 3)
    panel = window.training.predictions
    sample = panel.text.toPlainText()
    i = 7
    cursor = panel.text.textCursor()
    cursor.setPosition(i)
    rect = panel.text.cursorRect(cursor)
    hover(panel.text.viewport(), QPointF(rect.right() + 3, rect.center().y()))
    box = panel.odds
    qtbot.waitUntil(lambda: box.odds is not None, timeout=TIMEOUT)  # computed on the worker
    assert box.context == sample[: i + 1]
    trainer = window.run.trainer
    data = trainer.data
    ids = torch.as_tensor(data.encode(sample[: i + 1]))
    with torch.no_grad():  # torch.nn, independently: the logits after the context
        h = torch_lstm(trainer)(nn.functional.one_hot(ids, len(data.vocab)).float()[None])[0]
        head = nn.Linear(h.shape[-1], len(data.vocab))
        head.load_state_dict(trainer.model.head.state_dict())
        logits = head(h[0, -1]).numpy()
    for temperature in (1.0, 0.5, 2.0):
        window.controls.temperature.setValue(temperature)  # the bars follow the control
        chars, probs, entropy = softmax_top(logits, data.vocab, temperature)
        assert box.odds.temperature == temperature
        # by probability, not by order: two characters may be equally likely
        np.testing.assert_allclose(box.odds.probs, probs, rtol=1e-5)
        p_of = dict(zip(data.vocab, softmax_all(logits, temperature), strict=True))
        np.testing.assert_allclose([p_of[c] for c in box.odds.chars], probs, rtol=1e-5)
        assert abs(box.odds.entropy_bits - entropy) < 1e-5
        assert f"{entropy:.3f} bits" in box.text() and f"{probs[0]:.3f}" in box.text()


def test_hovering_the_probe_window_shows_the_odds_after_that_step(qtbot, window):
    assert started(qtbot, window, SMALL.replace(data=str(RHYMES), kind="text", seq_len=12))
    train(qtbot, window, 2)
    hidden = window.training.hidden
    tokens = hidden.snapshot.probe.tokens
    scene = hidden.strip.vb.mapViewToScene(QPointF(5, 0))
    hidden._on_mouse_moved(scene)
    odds = window.training.predictions.odds
    qtbot.waitUntil(lambda: odds.context == "".join(tokens[:5]), timeout=TIMEOUT)


def test_animation_has_one_frame_per_stored_probe(qtbot, window, tmp_path):
    every_step(qtbot, window)
    train(qtbot, window, 6)
    stored = window._latest.probes.probes
    path = tmp_path / "training.gif"
    assert answer(qtbot, lambda cb: window.export_animation(path, done=cb)) == len(stored)
    with Image.open(path) as gif:
        assert gif.n_frames == len(stored) and gif.width >= 1200  # panels drawn for a slide
    assert window.replay.probe is None  # live again
    assert window.training.current.probe is window._latest.probe
    panel_gif = tmp_path / "hidden.gif"
    assert answer(
        qtbot, lambda cb: window.export_animation(panel_gif, window.training.hidden, done=cb)
    ) == len(stored)
    assert Path(panel_gif).stat().st_size > 0


def test_a_texts_training_view_fits_a_1366x768_window(qtbot, window):
    """The odds box under the sample wraps its hint but has no height-for-width: with it,
    the scroll area sized the whole view for the narrowest wrap and cut the bottom row."""
    window.resize(1366, 768)
    assert started(qtbot, window, SMALL.replace(data=str(RHYMES), kind="text", seq_len=12))
    train(qtbot, window, 2)
    QApplication.processEvents()
    area = window._areas[window.training]
    assert area.verticalScrollBar().maximum() == 0
    assert window.training.height() <= area.viewport().height()
