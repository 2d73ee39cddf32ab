"""Memory length tau (against numpy's own least-squares fit) and the LSTM forget-gate bias
(against torch's parameters)."""

import json

import numpy as np
import pytest
import torch

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.export import write_run
from rnnviz.core.probe import memory_length
from rnnviz.core.trainer import Trainer


def polyfit_tau(g):
    """tau from np.polyfit of ln g against T - t in float64: the independent reference."""
    g = np.asarray(g, dtype=np.float64)
    dist = (len(g) - np.arange(1, len(g) + 1)).astype(np.float64)
    ok = np.isfinite(g) & (g > 0)
    if ok.sum() < 2:
        return np.nan
    slope = np.polyfit(dist[ok], np.log(g[ok]), 1)[0]
    return -1 / slope if slope < 0 else np.inf


def test_an_exact_exponential_decay_gives_its_e_folding_distance():
    T = 30
    dist = np.arange(T - 1, -1, -1)  # T - t for t = 1..T
    g = np.stack([3.0 * np.exp(-dist / 4.0), 0.5 * np.exp(-dist / 12.5)])  # (L, T)
    np.testing.assert_allclose(memory_length(g), [4.0, 12.5], rtol=1e-12)


def test_growing_or_flat_gradients_have_infinite_memory():
    dist = np.arange(9, -1, -1)
    g = np.stack([np.exp(dist / 3.0), np.full(10, 0.2)])  # grows toward t = 1; flat
    assert memory_length(g).tolist() == [np.inf, np.inf]


@pytest.mark.parametrize("seed", range(5))
def test_noisy_profiles_match_numpy_polyfit(seed):
    rng = np.random.default_rng(seed)
    g = np.exp(rng.normal(size=(3, 17)) - np.linspace(6, 0, 17) * rng.uniform(0.1, 2, (3, 1)))
    np.testing.assert_allclose(memory_length(g), [polyfit_tau(row) for row in g], rtol=1e-9)


def test_zero_and_non_finite_norms_are_left_out_and_too_few_points_give_nan():
    dist = np.arange(11, -1, -1).astype(float)
    g = np.exp(-dist / 2.0)
    g[:3] = [0.0, np.nan, np.inf]  # the oldest steps: underflowed / broken
    tau = memory_length(g[None])[0]
    assert tau == pytest.approx(2.0, rel=1e-12) and tau == pytest.approx(polyfit_tau(g))
    assert np.isnan(memory_length(np.array([[0.0, 0.0, 1.0]]))[0])  # one usable point
    assert np.isnan(memory_length(np.array([[0.7]]))[0])  # T = 1: no slope


@pytest.mark.parametrize(("cell", "layers"), [("rnn", 1), ("lstm", 2), ("gru", 1)])
def test_every_probe_carries_tau_and_the_run_folder_exports_it(cell, layers, tmp_path):
    t = Trainer(Config(cell=cell, layers=layers, hidden=8, seq_len=12, length=150))
    t.run(10)
    write_run(t, tmp_path)
    p = t.last_probe
    assert p.memory_length.shape == (layers,)
    want = [polyfit_tau(row) for row in p.grad_norm]
    np.testing.assert_allclose(p.memory_length, want, rtol=1e-5)  # stored as float32
    npz = np.load(tmp_path / "probe.npz")
    np.testing.assert_array_equal(npz["memory_length"], p.memory_length)
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["memory_length"] == [
        None if not np.isfinite(v) else pytest.approx(float(v)) for v in p.memory_length
    ]
    track = t.probe_log.view().track("memory_length")  # (K, L), one row per probe
    assert track.shape == (len(t.probe_log.view().steps), layers)
    np.testing.assert_array_equal(track[-1], p.memory_length)


def test_metrics_json_writes_null_for_infinite_memory(tmp_path, monkeypatch):
    t = Trainer(Config(hidden=4, length=60, seq_len=5))
    t.run(2)
    monkeypatch.setattr("rnnviz.core.probe.memory_length", lambda g: np.full(len(g), np.inf))
    write_run(t, tmp_path)
    assert json.loads((tmp_path / "metrics.json").read_text())["memory_length"] == [None]
    assert np.isinf(np.load(tmp_path / "probe.npz")["memory_length"]).all()


# ------------------------------------------------------------------------------ forget bias


def forget_slices(trainer):
    rnn, H = trainer.model.rnn, trainer.config.hidden
    return [
        (getattr(rnn, f"bias_ih_l{k}")[H : 2 * H], getattr(rnn, f"bias_hh_l{k}")[H : 2 * H])
        for k in range(rnn.num_layers)
    ]


def test_forget_bias_sets_the_sum_of_both_biases_and_nothing_else():
    base = Config(hidden=6, layers=2, length=80)
    plain, biased = Trainer(base), Trainer(base.replace(forget_bias=1.5))
    for b_ih, b_hh in forget_slices(biased):
        torch.testing.assert_close(b_ih + b_hh, torch.full((6,), 1.5))
        assert torch.all(b_hh == 0)
    # every other number is torch's default draw, the same as without the option
    sd0, sd1 = plain.model.state_dict(), biased.model.state_dict()
    for k in sd0:
        if "bias" in k and "rnn" in k:
            mask = torch.ones(24, dtype=torch.bool)
            mask[6:12] = False
            torch.testing.assert_close(sd0[k][mask], sd1[k][mask])
        else:
            torch.testing.assert_close(sd0[k], sd1[k])


def test_forget_bias_zero_keeps_torchs_random_init():
    t = Trainer(Config(hidden=6, length=80))
    ((b_ih, b_hh),) = forget_slices(t)
    assert torch.all(b_hh != 0) and torch.all(b_ih.abs() <= 1 / 6**0.5)


def test_forget_bias_opens_the_forget_gate_in_the_probe():
    t = Trainer(Config(hidden=16, length=80, forget_bias=3.0))
    f = t.probe().gates["f"]
    plain = Trainer(Config(hidden=16, length=80)).probe().gates["f"]
    assert f.mean() > 0.85 > plain.mean()


@pytest.mark.parametrize("cell", ["rnn", "gru"])
def test_forget_bias_is_an_error_for_cells_without_a_forget_gate(cell):
    with pytest.raises(ConfigError, match="forget gate"):
        Config(cell=cell, forget_bias=1.0)
    Config(cell=cell, forget_bias=0.0)  # the default is fine everywhere


def test_forget_bias_must_be_finite():
    with pytest.raises(ConfigError, match="finite"):
        Config(forget_bias=float("nan"))
