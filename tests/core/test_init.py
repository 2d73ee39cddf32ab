"""Initialisation schemes: each block's defining property, checked in float64 numpy."""

import math

import numpy as np
import pytest
import torch

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.models import RecurrentModel
from rnnviz.core.trainer import Trainer

GATE_BLOCKS = {"rnn": 1, "lstm": 4, "gru": 3}


def build(cell, scheme, scale=1.0, seed=0, H=64, layers=2, bidirectional=False):
    model = RecurrentModel(cell, 3, H, layers, 1, bidirectional=bidirectional)
    model.initialize(torch.Generator().manual_seed(seed), scheme, scale)
    return model


def blocks(model, prefix):
    """(name, block) for every gate block, as float64 numpy, of the tensors named prefix*."""
    H = model.rnn.hidden_size
    G = GATE_BLOCKS[model.cell]
    out = []
    for name, p in model.rnn.named_parameters():
        if name.startswith(prefix):
            w = p.detach().double().numpy()
            assert w.shape[0] == G * H
            out += [(name, w[g * H : (g + 1) * H]) for g in range(G)]
    return out


def check_xavier(name, w):
    """U(-a, a), a = sqrt(6 / (fan_in + fan_out)): inside the bound, filling it, variance a²/3."""
    fan_out, fan_in = w.shape
    a = math.sqrt(6.0 / (fan_in + fan_out))
    assert np.abs(w).max() <= a * (1 + 1e-6), name
    assert np.abs(w).max() >= 0.9 * a, name  # not a narrower distribution
    if w.size >= 1000:  # enough values for the moments to say something
        assert w.var() == pytest.approx(a * a / 3, rel=0.1), name
        assert abs(w.mean()) < 0.1 * a, name


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_xavier_every_block_within_its_bounds_biases_zero(cell, bidirectional):
    model = build(cell, "xavier", bidirectional=bidirectional)
    for name, w in blocks(model, "weight"):
        check_xavier(name, w)
    for _, b in blocks(model, "bias"):
        assert not b.any()
    # layer 2 reads both directions: its input blocks are (H, D*H)
    assert model.rnn.weight_ih_l1.shape[1] == (2 if bidirectional else 1) * 64


@pytest.mark.parametrize("scale", [1.0, 0.5, 1.5])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_orthogonal_recurrent_blocks(cell, bidirectional, scale):
    model = build(cell, "orthogonal", scale, bidirectional=bidirectional)
    hh = blocks(model, "weight_hh")
    assert len(hh) == 2 * (2 if bidirectional else 1) * GATE_BLOCKS[cell]
    for name, w in hh:
        # W W^T = scale^2 I: every singular value equals the scale
        np.testing.assert_allclose(w @ w.T / scale**2, np.eye(64), atol=1e-5, err_msg=name)
        np.testing.assert_allclose(np.linalg.svd(w, compute_uv=False), scale, atol=1e-5)
    firsts = [w[0] for _, w in hh]
    assert len({tuple(np.round(f, 6)) for f in firsts}) == len(firsts)  # drawn independently
    for name, w in blocks(model, "weight_ih"):
        check_xavier(name, w)
    for _, b in blocks(model, "bias"):
        assert not b.any()


@pytest.mark.parametrize("scheme", ["default", "xavier", "orthogonal"])
def test_scale_multiplies_only_the_recurrent_weights(scheme):
    base = build("lstm", scheme, 1.0, layers=2, bidirectional=True)
    scaled = build("lstm", scheme, 1.5, layers=2, bidirectional=True)
    for (name, a), (_, b) in zip(base.named_parameters(), scaled.named_parameters(), strict=True):
        if "weight_hh" in name:
            torch.testing.assert_close(b, 1.5 * a, rtol=1e-6, atol=0)
        else:
            assert torch.equal(a, b), name


def test_default_is_torchs_rule_and_seeded_without_global_state():
    H = 16
    model = build("gru", "default", H=H)
    for p in model.rnn.parameters():
        assert p.abs().max() <= 1 / math.sqrt(H)
    for scheme in ("default", "xavier", "orthogonal"):
        torch.manual_seed(123)
        a = Trainer(Config(hidden=8, length=60, init=scheme, init_scale=0.7, seed=4))
        torch.manual_seed(999)  # the global state plays no part
        b = Trainer(Config(hidden=8, length=60, init=scheme, init_scale=0.7, seed=4))
        c = Trainer(Config(hidden=8, length=60, init=scheme, init_scale=0.7, seed=5))
        for pa, pb in zip(a.model.parameters(), b.model.parameters(), strict=True):
            assert torch.equal(pa, pb)
        assert not torch.equal(a.model.rnn.weight_hh_l0, c.model.rnn.weight_hh_l0)


def test_the_trainer_applies_the_config():
    t = Trainer(Config(cell="rnn", hidden=10, length=60, init="orthogonal", init_scale=1.5))
    w = t.model.rnn.weight_hh_l0.detach().double().numpy()
    np.testing.assert_allclose(w @ w.T, 2.25 * np.eye(10), atol=1e-5)
    assert not t.model.rnn.bias_hh_l0.any()


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"init": "he"}, "init must be one of default, xavier, orthogonal"),
     ({"init_scale": 0}, "init-scale must be"), ({"init_scale": math.nan}, "init-scale must be")],
)  # fmt: skip
def test_bad_init_options(changes, message):
    with pytest.raises(ConfigError, match=message):
        Config(**changes)
