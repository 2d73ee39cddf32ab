"""Attention in the window: the check box, the alpha row under the hidden-state heatmap and the
probe batch's heatmap in the Diagnostics view, each against alpha computed here from the
model's weights (numpy float64, the formula alpha = softmax_t(h_T^T W_a h_t))."""

import numpy as np
import torch

from tests.gui.conftest import SMALL, exported, opened, settle, started

TIMEOUT = 30_000
ADDING = SMALL.replace(task="adding", seq_len=12, cell="rnn", attention=True, batch_size=16)


def one_step(qtbot, window):
    settle(qtbot, window)
    at = window.run.trainer.step_count
    window.step_once()
    qtbot.waitUntil(lambda: window._drawn is not None and window._drawn.step == at + 1,
                    timeout=TIMEOUT)  # fmt: skip
    window.draw_now()


def numpy_alpha(window, inputs: np.ndarray) -> np.ndarray:
    """alpha (B, T) of windows `inputs` (B, T, I) from the run's weights, float64."""
    state = window.run.call(lambda: {
        k: v.detach().double().clone() for k, v in window.run.trainer.model.state_dict().items()
    })  # fmt: skip
    w_ih, w_hh = state["rnn.weight_ih_l0"].numpy(), state["rnn.weight_hh_l0"].numpy()
    b = (state["rnn.bias_ih_l0"] + state["rnn.bias_hh_l0"]).numpy()
    x = np.asarray(inputs, np.float64)
    h = np.zeros((len(x), w_hh.shape[0]))
    hs = []
    for t in range(x.shape[1]):  # h_t = tanh(W_ih x_t + W_hh h_(t-1) + b)
        h = np.tanh(x[:, t] @ w_ih.T + h @ w_hh.T + b)
        hs.append(h)
    s = np.stack(hs, axis=1)  # (B, T, H)
    e = np.einsum("bh,btk,hk->bt", s[:, -1], s, state["attention.weight"].numpy())
    e = np.exp(e - e.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_drawn_alpha_is_the_probes_and_the_models(qtbot, window):
    assert started(qtbot, window, ADDING)
    assert window.controls.attention.isChecked()
    one_step(qtbot, window)
    probe = window._drawn.probe
    hidden = next(p for p in window.panels if p.slug == "hidden")
    assert hidden.alpha_shown and hidden.alpha_strip in hidden.canvas.ci.items
    x, y = hidden.alpha_curve.getData()
    np.testing.assert_array_equal(x, np.arange(1, 13))
    np.testing.assert_array_equal(y, probe.attention)
    np.testing.assert_allclose(y, numpy_alpha(window, probe.inputs[None])[0], rtol=1e-5)
    peak = int(np.argmax(probe.attention)) + 1
    assert f"α: most at t = {peak}" in hidden.caption.full_text()
    header, rows = hidden.table()
    assert header[-1] == "attention"
    np.testing.assert_allclose([r[-1] for r in rows], probe.attention, rtol=1e-6)
    assert hidden.value_at(hidden.alpha_strip, 3.1, 0) == (
        f"attention α at t = 3: {probe.attention[2]:.4g}")  # fmt: skip

    view = window.diagnostics
    window.show_view(view)
    view.draw_now()
    panel = view.attention
    assert panel.isVisibleTo(view)
    assert view.grid.getItemPosition(view.grid.indexOf(view.warnings)) == (0, 2, 1, 1)
    want = numpy_alpha(window, probe.batch_inputs)
    np.testing.assert_array_equal(panel.img.image, np.asarray(probe.batch_attention, np.float64))
    np.testing.assert_allclose(panel.img.image, want, rtol=1e-4, atol=1e-7)
    header, rows = panel.table()
    assert header[:2] == ["window", "t_1"] and len(rows) == len(want)
    np.testing.assert_allclose(np.array(rows)[:, 1:], want, rtol=1e-4, atol=1e-7)
    assert (
        panel.value_at(panel.plot, 2, 1)
        == f"window 1, t = 2: α = {probe.batch_attention[1, 1]:.4g}"
    )


def test_without_attention_nothing_is_drawn(qtbot, window):
    one_step(qtbot, window)
    hidden = next(p for p in window.panels if p.slug == "hidden")
    assert not hidden.alpha_shown and hidden.alpha_strip not in hidden.canvas.ci.items
    assert hidden.table()[0][-1] != "attention"
    view = window.diagnostics
    window.show_view(view)
    view.draw_now()
    # No attention, no panel: the warnings take its room, also after an enlarged panel.
    assert not view.attention.isVisibleTo(view)
    assert view.grid.getItemPosition(view.grid.indexOf(view.warnings)) == (0, 2, 1, 2)
    view.toggle_enlarged(view.warnings)
    view.toggle_enlarged(view.warnings)
    assert view.warnings.isVisibleTo(view) and not view.attention.isVisibleTo(view)


def test_check_box_resets_with_attention_and_counts_w_a(qtbot, window):
    c = window.controls
    one_step(qtbot, window)
    window.confirm = lambda question: True
    c.attention.click()
    settle(qtbot, window)
    assert window.config.attention and window.run.trainer.model.attention is not None
    total = window.run.call(lambda: sum(p.numel() for p in window.run.trainer.model.parameters()))
    assert c.params_button.text() == f"Parameters: {total:,}"
    assert "attention.weight 8×8" in c.params_details.text()
    c.bidirectional.click()  # both: refused in one line, the run stays
    settle(qtbot, window)
    assert window.config.attention and not window.config.bidirectional
    assert "bidirectional" in window.last_error and "\n" not in window.last_error
    with torch.no_grad():
        assert window.run.trainer.model.head.in_features == 16


def test_choosing_c_draws_the_lstms_cell_state(qtbot, window, tmp_path):
    """The default run is an LSTM: 'c' draws probe.cell_state, which equals torch's own c_T
    at the last step (nn.LSTM's c_n), on a scale of ±max |c|."""
    one_step(qtbot, window)
    hidden = next(p for p in window.panels if p.slug == "hidden")
    assert hidden.state.isVisibleTo(hidden)
    probe = window._drawn.probe
    np.testing.assert_array_equal(hidden.images[0].image, probe.hidden[0].T)
    hidden.state.setCurrentIndex(1)
    hidden.state.activated.emit(1)
    c = np.asarray(probe.cell_state[0], np.float64)  # (T, H)
    m = max(1.0, float(np.abs(c).max()))
    np.testing.assert_array_equal(hidden.images[0].image, np.clip(c.T, -m, m))
    assert hidden.levels() == (-m, m) and tuple(hidden.bar.levels()) == (-m, m)
    assert hidden.full_title() == "Cell state c_t"
    lstm = torch.nn.LSTM(1, 8, batch_first=True)
    lstm.load_state_dict(window.run.call(lambda: window.run.trainer.model.rnn.state_dict()))
    with torch.no_grad():
        _, (_, c_n) = lstm(torch.from_numpy(np.array(probe.inputs))[None])
    np.testing.assert_allclose(c[-1], c_n[0, 0].numpy(), rtol=1e-5, atol=1e-6)
    header, rows = hidden.table()
    assert header[:2] == ["t", "c_unit_0"]
    np.testing.assert_allclose(np.array(rows)[:, 1:], c, rtol=1e-6)
    assert hidden.value_at(hidden.plot, 2, 3) == f"c: unit 3, t = 2: {c[1, 3]:+.5f}"
    assert exported(qtbot, window, tmp_path / "out")  # the export draws what the panel shows
    (csv,) = (tmp_path / "out").rglob("hidden.csv")
    lines = csv.read_text().splitlines()
    assert lines[0].startswith("t,c_unit_0,")
    np.testing.assert_allclose([float(v) for v in lines[1].split(",")[1:]], c[0], rtol=1e-6)
    hidden.state.setCurrentIndex(0)
    hidden.state.activated.emit(0)
    np.testing.assert_array_equal(hidden.images[0].image, probe.hidden[0].T)
    assert hidden.full_title() == "Hidden state h_t" and hidden.table()[0][1] == "unit_0"


def test_the_cell_state_choice_is_for_an_lstm_only(qtbot, window):
    assert started(qtbot, window, SMALL.replace(cell="gru"))
    one_step(qtbot, window)
    hidden = next(p for p in window.panels if p.slug == "hidden")
    assert not hidden.state.isVisibleTo(hidden) and not hidden.showing_cell()


def test_opening_a_text_drops_attention_and_greys_the_box(qtbot, window, tmp_path):
    assert started(qtbot, window, SMALL.replace(attention=True))
    text = tmp_path / "t.txt"
    text.write_text("the cat sat on the mat. " * 40, encoding="utf-8")
    assert opened(qtbot, window, text)
    assert window.config.kind == "text" and not window.config.attention
    assert not window.controls.attention.isEnabled() and not window.controls.attention.isChecked()


def test_the_attention_preset_builds_both_variants_in_the_window(qtbot, window):
    from rnnviz.core.presets import load_preset

    preset = load_preset("attention").override(steps=2, hidden=4, seq_len=6)
    assert window.experiments.load(preset)
    settle(qtbot, window)
    comp = window.comparison.run.trainable
    assert comp.names == ("attention-off", "attention-on")
    assert [t.model.attention is not None for t in comp.trainers] == [False, True]
    assert "attention" in window.compare.lesson.text()
