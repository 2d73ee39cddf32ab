"""The Unit view: clicking a row of the hidden-state heatmap opens that unit, and what it shows
agrees with torch.nn run independently."""

import numpy as np
import torch
from PySide6.QtCore import QPointF, Qt
from torch import nn

from rnnviz import resources
from rnnviz.core.inspect_html import activation_color
from tests.gui.conftest import started

from .conftest import SMALL

TIMEOUT = 30_000
RHYMES = resources.path("samples", "nursery_rhymes.txt")


def train(qtbot, window, n):
    window.start_training(n)
    qtbot.waitUntil(lambda: window.run.trainer.step_count >= n and not window.run.running,
                    timeout=TIMEOUT)  # fmt: skip
    qtbot.waitUntil(lambda: window._latest.step >= n, timeout=TIMEOUT)
    window.draw_now()


def click(qtbot, panel, plot, x, y):
    """A real left click on `plot` of `panel` at data coordinates (x, y)."""
    scene = plot.vb.mapViewToScene(QPointF(x, y))
    pos = panel.canvas.mapFromScene(scene)
    qtbot.mouseClick(panel.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def torch_lstm(trainer):
    """torch.nn's own LSTM with the trained weights (the model's fused rnn, copied)."""
    rnn = trainer.model.rnn
    lstm = nn.LSTM(rnn.input_size, rnn.hidden_size, rnn.num_layers, batch_first=True)
    lstm.load_state_dict(rnn.state_dict())
    return lstm.eval()


def test_clicking_a_heatmap_row_opens_the_unit(qtbot, window):
    train(qtbot, window, 6)
    window.start_training()  # the inspector pauses a running training and resumes it
    hidden = window.training.hidden
    click(qtbot, hidden, hidden.plot, 4, 3)  # t = 4, unit 3
    qtbot.waitUntil(lambda: window.unit_view.report is not None, timeout=TIMEOUT)
    view, r = window.unit_view, window.unit_view.report
    assert window.current_view() is view
    qtbot.waitUntil(lambda: window.run.trainer.step_count > view.report_step, timeout=TIMEOUT)
    assert window.run.running and window.controls.start_button.text().endswith("Pause")
    window.toggle_running()  # it went on training; pause, and check against its weights then
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    assert window.inspect_unit(0, 3)
    qtbot.waitUntil(lambda: window.unit_view.report is not r, timeout=TIMEOUT)
    r = view.report
    assert (r.layer, r.unit) == (0, 3) and view.unit_box.value() == 3
    trainer = window.run.trainer
    data, lstm = trainer.data, torch_lstm(trainer)
    n0 = data.n_train
    with torch.no_grad():  # one continuous pass over the validation part
        x = torch.as_tensor(data.normalized[n0:], dtype=torch.float32)[None, :, None]
        out = lstm(x)[0][0].numpy()  # (N, H)
    np.testing.assert_allclose(r.activations, out[:, 3], atol=1e-5)
    # The curve's points are coloured by those activations.
    shown = [b.color().name() for b in view.data_dots.data["brush"]]
    assert shown == [activation_color(v) for v in out[:, 3]]
    # Every validation window from a zero state; the scores are their maxima.
    T = data.seq_len
    windows = [data.normalized[n0 + w : n0 + w + T] for w in range(data.n_windows - n0)]
    with torch.no_grad():
        xs = torch.as_tensor(np.stack(windows), dtype=torch.float32)[..., None]  # (W, T, 1)
        scores = lstm(xs)[0][..., 3].amax(dim=1).numpy()
    # Compared by scores, not by indices: two windows may score alike to float32's last bit.
    chosen = np.array([w.window for w in r.windows])
    top = -np.sort(-scores)[: len(r.windows)]
    np.testing.assert_allclose([w.score for w in r.windows], top, atol=1e-5)
    np.testing.assert_allclose(scores[chosen], top, atol=1e-5)
    assert [w.start for w in r.windows] == (n0 + chosen).tolist()
    # The most correlated unit, by numpy's Pearson r in float64 (again by its |r|).
    rs = np.corrcoef(out.astype(np.float64).T)[3]
    rs[3] = 0
    best = r.correlated[0]
    assert best.layer == 0 and best.unit != 3
    assert abs(abs(rs[best.unit]) - np.nanmax(np.abs(rs))) < 1e-4
    assert abs(best.r - rs[best.unit]) < 1e-4
    # Its gates and gradient row over the probe window follow the drawn probe.
    probe = view.probe_panel.snapshot.probe
    for g, curve in view.probe_panel.curves.items():
        np.testing.assert_array_equal(curve.yData, probe.gates[g][0, :, 3])
    np.testing.assert_allclose(view.probe_panel.grad_curve.yData, probe.grad_norm[0], rtol=1e-6)
    assert view.probe_panel in window.panels  # exportable once open


def test_text_unit_colours_each_character(qtbot, window):
    config = SMALL.replace(data=str(RHYMES), kind="text", seq_len=12)
    assert started(qtbot, window, config)
    train(qtbot, window, 3)
    assert window.inspect_unit(0, 5)
    qtbot.waitUntil(lambda: window.unit_view.report is not None, timeout=TIMEOUT)
    r, trainer = window.unit_view.report, window.run.trainer
    data = trainer.data
    ids = torch.as_tensor(data.ids[data.n_train :])
    with torch.no_grad():
        out = torch_lstm(trainer)(nn.functional.one_hot(ids, len(data.vocab)).float()[None])[0]
    np.testing.assert_allclose(r.activations, out[0, :, 5].numpy(), atol=1e-5)
    assert r.text == data.decode(data.ids[data.n_train :])
    page = window.unit_view.data_text.toHtml()
    for v in r.activations[:50]:
        assert activation_color(v) in page
    # A correlated unit opens on click.
    item = window.unit_view.correlated.item(0)
    window.unit_view.correlated.itemClicked.emit(item)
    c = r.correlated[0]
    qtbot.waitUntil(lambda: window.unit_view.report is not r, timeout=TIMEOUT)
    assert (window.unit_view.report.layer, window.unit_view.report.unit) == (c.layer, c.unit)


def test_unit_out_of_range_is_one_line(qtbot, window):
    window.inspect_unit(0, 99)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=TIMEOUT)
    assert "out of range" in window.last_error and window.unit_view.report is None
    window.findChild(object, "error_box").close()
