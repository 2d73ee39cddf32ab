"""A long series in the window: it draws the indexed predictions core made (checked
against torch.nn's own module), zooming predicts what is in view, the status bar names the
thread count, the Threads menu fixes it, and reading a file can be cancelled."""

import numpy as np
import torch
from torch import nn

from rnnviz.core.probe import PREDICT_POINTS
from tests.gui.conftest import opened

from .test_unit import TIMEOUT, train


def write_series(path, n):
    t = np.arange(n) * 0.05
    values = np.sin(t) + 0.1 * np.cos(7 * t)
    path.write_text("t,value\n" + "".join(f"{i},{float(v)!r}\n" for i, v in enumerate(values)))
    return values


def torch_forecast(trainer, values, index):
    """One-step forecasts of values[index] by torch.nn's own LSTM and Linear with the weights."""
    rnn, d = trainer.model.rnn, trainer.data
    lstm = nn.LSTM(rnn.input_size, rnn.hidden_size, rnn.num_layers, batch_first=True).double()
    lstm.load_state_dict({k: v.double() for k, v in rnn.state_dict().items()})
    head = nn.Linear(rnn.hidden_size, 1).double()
    head.load_state_dict({k: v.double() for k, v in trainer.model.head.state_dict().items()})
    T = trainer.config.seq_len
    z = (values - d.mean) / d.std
    x = torch.tensor(np.stack([z[i - T : i] for i in index]))[..., None]  # (K, T, 1)
    with torch.no_grad():
        out = head(lstm(x)[0][:, -1])[:, 0].numpy()
    return out * d.std + d.mean


def test_long_series_draws_indexed_predictions_and_zoom_refines_them(qtbot, window, tmp_path):
    path = tmp_path / "long.csv"
    values = write_series(path, 12_000)
    assert opened(qtbot, window, path, column="value", ask=False), window.last_error
    train(qtbot, window, 2)
    panel = window.training.predictions
    p = window._latest.probe
    assert len(p.prediction_index) == PREDICT_POINTS < len(values)
    xs = np.concatenate([panel.train_curve.xData, panel.val_curve.xData])
    np.testing.assert_array_equal(xs, p.prediction_index)
    want = torch_forecast(window.run.trainer, values, p.prediction_index[:50])
    np.testing.assert_allclose(p.predictions[:50], want, rtol=1e-4, atol=1e-4)
    i = int(p.prediction_index[7])
    assert f"predicted {p.predictions[7]:.5g}" in panel.value_at(panel.plot, i, 0)

    panel.plot.setXRange(5000, 5400, padding=0)  # zoom in: the next probe predicts the view
    qtbot.waitUntil(lambda: window._latest.probe.prediction_index[0] >= 4990, timeout=TIMEOUT)
    idx = window._latest.probe.prediction_index
    assert idx[-1] <= 5410 and np.all(np.diff(idx) == 1)  # every window in view


def test_status_bar_names_the_threads_and_the_menu_fixes_them(qtbot, window):
    train(qtbot, window, 3)
    snap = window._latest
    threads = f"{snap.threads} thread" + ("s" if snap.threads != 1 else "")
    assert snap.threads >= 1 and threads in window.stats.text()
    window.set_threads(1)  # on the worker, between steps
    qtbot.waitUntil(lambda: window.run.trainer.thread_chooser.fixed == 1, timeout=TIMEOUT)
    train(qtbot, window, 6)
    assert window._latest.threads == 1 and "1 thread " in window.stats.text()
    window.set_threads(0)
    qtbot.waitUntil(lambda: window.run.trainer.thread_chooser.fixed == 0, timeout=TIMEOUT)


def test_reading_a_file_can_be_cancelled_and_asks_nothing(qtbot, window, tmp_path):
    path = tmp_path / "big.csv"
    write_series(path, 200_000)
    run, asked = window.run, []
    window.confirm = lambda question: asked.append(question) or True
    window.choose_column = lambda table: asked.append("column") or table.default_column()
    answers = []
    assert window.open_path(path, then=answers.append)  # reading goes on off the GUI thread
    window.cancel_reading()
    qtbot.waitUntil(lambda: bool(answers), timeout=TIMEOUT)
    assert answers == [False] and "cancelled" in window.last_error and not asked
    assert window.run is run and window._reading is None
    dialog = window.findChild(object, "reading_progress")
    assert dialog is None or not dialog.isVisible()  # gone before anything else shows
