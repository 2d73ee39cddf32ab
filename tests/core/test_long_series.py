"""Long series: live probes predict a bounded, self-describing set of windows; files get all."""

import csv
import json

import numpy as np
import pytest
import torch

from rnnviz.core.config import Config
from rnnviz.core.export import write_run
from rnnviz.core.probe import FLOAT32_TINY, PREDICT_POINTS, prediction_windows
from rnnviz.core.trainer import Trainer
from tests.core.test_probe import fused_chain_grad_norms


def test_prediction_windows_all_or_evenly_spaced():
    np.testing.assert_array_equal(prediction_windows(50, 10, points=100), np.arange(50))
    w = prediction_windows(10_000, 10, points=100)
    assert len(w) == 100 and w[0] == 0 and w[-1] == 9_999
    assert np.all(np.diff(w) > 0) and np.ptp(np.diff(w)) <= 1  # evenly spaced
    # span: the values on view, in value indices; window k predicts value k + T
    np.testing.assert_array_equal(prediction_windows(10_000, 10, 100, span=(510, 560)),
                                  np.arange(500, 550))  # fmt: skip
    w = prediction_windows(10_000, 10, 100, span=(1_000, 9_000))
    assert len(w) == 100 and w[0] == 990 and w[-1] == 8_989
    assert len(prediction_windows(10_000, 10, 100, span=(5, 5))) == 1  # never empty


def fused_forecast(trainer, windows):
    """The fused model's one-step forecasts of the given windows, from the raw values."""
    d, T = trainer.data, trainer.config.seq_len
    z = (d.values - d.mean) / d.std
    x = np.stack([z[w : w + T] for w in windows])[:, :, None]  # (K, T, 1)
    with torch.no_grad():
        out, _ = trainer.model.rnn(torch.tensor(x, dtype=torch.float32))
        pred = trainer.model.head(out[:, -1])[:, 0].double().numpy()  # (K,)
    return pred * d.std + d.mean


def test_a_long_series_probe_predicts_at_most_the_points_drawn():
    t = Trainer(Config(hidden=4, length=6_000, batch_size=64))
    t.run(3)
    p = t.last_probe
    T, n = t.config.seq_len, t.data.n_windows
    assert n > PREDICT_POINTS
    assert p.predictions.shape == p.prediction_index.shape == (PREDICT_POINTS,)
    assert p.prediction_index.dtype == np.int64 and not p.prediction_index.flags.writeable
    assert p.prediction_index[0] == T and p.prediction_index[-1] == n - 1 + T
    expected = fused_forecast(t, p.prediction_index - T)
    np.testing.assert_allclose(p.predictions, expected, rtol=1e-4, atol=1e-5)

    t.set_prediction_span(2_000, 2_300)  # the window zoomed in: full resolution there
    p = t.probe()
    np.testing.assert_array_equal(p.prediction_index, np.arange(2_000, 2_300))
    t.set_prediction_span(None)
    assert len(t.probe().prediction_index) == PREDICT_POINTS


def test_a_short_series_probe_predicts_every_window():
    t = Trainer(Config(hidden=4, length=300))
    p = t.probe()
    T = t.config.seq_len
    np.testing.assert_array_equal(p.prediction_index, np.arange(T, 300))


def test_run_folder_has_every_window_and_metrics_from_all(tmp_path):
    t = Trainer(Config(hidden=4, length=6_000, batch_size=64))
    t.run(3)
    write_run(t, tmp_path)
    rows = list(csv.DictReader((tmp_path / "predictions.csv").read_text().splitlines()))
    d, T = t.data, t.config.seq_len
    assert len(rows) == d.n_windows
    assert [int(r["index"]) for r in rows[:3]] == [T, T + 1, T + 2]
    pred = np.array([float(r["predicted"]) for r in rows])
    np.testing.assert_allclose(pred, fused_forecast(t, np.arange(d.n_windows)), rtol=1e-4,
                               atol=1e-5)  # fmt: skip
    actual = np.array([float(r["actual"]) for r in rows])
    np.testing.assert_array_equal(actual, d.values[T:])  # exact: shortest round-trip repr
    assert {r["split"] for r in rows[: d.n_train]} == {"train"}
    val = slice(d.n_train, None)
    rmse = float(np.sqrt(np.mean((pred[val] - actual[val]) ** 2)))
    m = json.loads((tmp_path / "metrics.json").read_text())
    assert m["val_rmse"] == pytest.approx(rmse, rel=1e-6)


def test_a_gradient_below_float32s_range_is_shown_as_it_is(tmp_path):
    """The vanilla RNN's dL_T/dh_t decays far below 1.2e-38 over 60 steps with a small W_hh;
    the training thread flushes float32 subnormals to zero, yet the probe (float64) shows the
    decay, equal to an independent float64 computation, and exports it."""
    t = Trainer(Config(cell="rnn", hidden=8, seq_len=60, length=300, lr=1e-6))
    with torch.no_grad():
        t.model.rnn.weight_hh_l0.mul_(0.05)
    t.run(1)  # its last probe is taken on the training thread, subnormals flushed
    p = t.last_probe
    norms = p.grad_norm[0]
    assert norms.dtype == np.float64
    assert (norms > 0).all() and norms.min() < 1e-60 < FLOAT32_TINY
    assert np.float32(norms.min()) == 0  # what a float32 probe would have shown
    x = torch.from_numpy(np.array(p.inputs, dtype=np.float64))[None]  # (1, T, 1)
    reference, _ = fused_chain_grad_norms(t, x, p.target)
    np.testing.assert_allclose(norms, reference[0], rtol=1e-6)
    assert np.all(np.diff(np.log10(norms)) > 0)  # a steady decay back in time
    write_run(t, tmp_path)
    saved = np.load(tmp_path / "probe.npz")["grad_norm"]
    assert saved.dtype == np.float64 and (saved > 0).all()
    np.testing.assert_array_equal(saved, p.grad_norm)
