"""The free-running forecast against a rollout written with torch.nn's modules and numpy."""

import csv
import json

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core import forecast
from rnnviz.core.config import Config
from rnnviz.core.export import write_run
from rnnviz.core.forecast import free_running
from rnnviz.core.trainer import Trainer

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def torch_rollout(trainer, steps):
    """The rollout in float64 with plain torch.nn modules: a Python list of values, each new
    window the last T of them; the head on the last step (or on h_n when bidirectional)."""
    c, d = trainer.config, trainer.data
    rnn = FUSED[c.cell](1, c.hidden, c.layers, batch_first=True, bidirectional=c.bidirectional)
    rnn.load_state_dict(trainer.model.rnn.state_dict())
    head = nn.Linear(trainer.model.head.in_features, 1)
    head.load_state_dict(trainer.model.head.state_dict())
    rnn, head = rnn.double(), head.double()
    z = list((d.values[d.n_train : d.n_train + d.seq_len] - d.mean) / d.std)
    preds = []
    with torch.no_grad():
        for _ in range(steps):
            x = torch.tensor(z[-d.seq_len :], dtype=torch.float64)[None, :, None]  # (1, T, 1)
            out, state = rnn(x)
            h_n = state[0] if isinstance(state, tuple) else state  # (L*D, 1, H)
            last = torch.cat([h_n[-2], h_n[-1]], -1) if c.bidirectional else out[:, -1]
            pred = float(head(last)[0, 0])
            preds.append(pred)
            z.append(pred)
    return np.array(preds) * d.std + d.mean


@pytest.mark.parametrize(
    "extra",
    [{"cell": "rnn"}, {"cell": "lstm", "layers": 2, "dropout": 0.3}, {"cell": "gru"},
     {"cell": "lstm", "bidirectional": True}],
)  # fmt: skip
def test_rollout_matches_a_torch_nn_rollout(extra):
    t = Trainer(Config(hidden=8, seq_len=6, length=120, **extra))
    t.run(20)
    got = free_running(t.model, t.data, t.device)
    n_val = t.data.n_windows - t.data.n_train
    assert got.shape == (n_val,)
    assert t.model.training  # eval for the rollout only
    expected = torch_rollout(t, n_val)
    # float32 against float64 over a feedback loop of ~20 steps: errors compound a little
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4 * t.data.std)
    # The first prediction reads only true values: it is that row's one-step prediction.
    one_step = t.probe().predictions[t.data.n_train]
    assert got[0] == pytest.approx(one_step, rel=1e-5, abs=1e-6)
    assert not np.allclose(got[5:], t.probe().predictions[t.data.n_train + 5 :])


def test_rollout_length_is_capped(monkeypatch):
    t = Trainer(Config(hidden=4, seq_len=5, length=100))
    assert len(free_running(t.model, t.data, steps=7)) == 7
    monkeypatch.setattr(forecast, "FREE_RUNNING_MAX", 3)
    np.testing.assert_array_equal(free_running(t.model, t.data), free_running(t.model, t.data)[:3])
    assert len(free_running(t.model, t.data)) == 3


def test_predictions_csv_and_metrics_carry_the_rollout(tmp_path):
    p = tmp_path / "series.csv"
    values = 20 + 5 * np.sin(np.arange(150) * 0.25)
    p.write_text("day,temp\n" + "".join(f"{i},{v}\n" for i, v in enumerate(values)))
    t = Trainer(Config(data=str(p), hidden=8, seq_len=8))
    t.run(30)
    write_run(t, tmp_path / "run")
    rows = list(csv.DictReader((tmp_path / "run" / "predictions.csv").read_text().splitlines()))
    assert list(rows[0]) == ["index", "actual", "predicted", "split", "free_running"]
    assert all(r["free_running"] == "" for r in rows if r["split"] == "train")
    val = [r for r in rows if r["split"] == "val"]
    free = np.array([float(r["free_running"]) for r in val])
    np.testing.assert_allclose(free, torch_rollout(t, len(val)), rtol=1e-4, atol=1e-3)
    assert float(val[0]["free_running"]) == pytest.approx(float(val[0]["predicted"]), rel=1e-6)
    actual = np.array([float(r["actual"]) for r in val])
    m = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert m["free_running_val_rmse"] == pytest.approx(np.sqrt(np.mean((free - actual) ** 2)))
    assert m["free_running_val_rmse"] > 0
