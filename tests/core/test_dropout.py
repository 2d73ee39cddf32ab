"""Dropout between stacked layers: torch's semantics, the trainer's own generator, and never
in probes, validation or predictions."""

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.models import RecurrentModel
from rnnviz.core.trainer import Trainer

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def one_layer_modules(model):
    """torch's own one-layer modules holding each layer's weights of model.rnn."""
    rnn, D = model.rnn, model.directions
    mods = []
    for layer in range(rnn.num_layers):
        size = rnn.input_size if layer == 0 else D * rnn.hidden_size
        m = FUSED[model.cell](size, rnn.hidden_size, 1, batch_first=True, bidirectional=D == 2)
        m.load_state_dict({k.replace(f"_l{layer}", "_l0"): v for k, v in rnn.state_dict().items()
                           if f"_l{layer}" in k})  # fmt: skip
        mods.append(m)
    return mods


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_training_forward_is_torchs_stack_with_inverted_dropout_between_layers(cell, bidirectional):
    p = 0.4
    model = RecurrentModel(cell, 2, 6, 3, 1, dropout=p, bidirectional=bidirectional)
    model.initialize(torch.Generator().manual_seed(0))
    model.dropout_generator = torch.Generator().manual_seed(7)
    x = torch.randn(5, 8, 2, generator=torch.Generator().manual_seed(1))
    out, state = model(x, last_only=True)

    # Reference: torch's one-layer modules; after every layer but the last, keep each value
    # with probability 1 - p and scale it by 1 / (1 - p) (the masks drawn in the same order).
    g = torch.Generator().manual_seed(7)
    h, hs = x, []
    mods = one_layer_modules(model)
    for i, m in enumerate(mods):
        h, s = m(h)
        hs.append(s[0] if cell == "lstm" else s)
        if i < len(mods) - 1:
            h = h * torch.empty_like(h).bernoulli_(1 - p, generator=g) / (1 - p)
    h_n = torch.cat(hs)  # (L*D, B, H)
    last = h_n[-2:].transpose(0, 1).flatten(1) if bidirectional else h[:, -1]  # (B, D*H)
    ref = model.head(last)
    torch.testing.assert_close(out[:, -1], ref, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(state[0] if cell == "lstm" else state, h_n, rtol=1e-5, atol=1e-6)
    # The masks really drop something: without them the output differs.
    model.eval()
    assert not torch.allclose(model(x, last_only=True)[0], out)


def test_eval_mode_is_torchs_fused_module_without_dropout():
    model = RecurrentModel("lstm", 1, 8, 2, 1, dropout=0.5)
    model.initialize(torch.Generator().manual_seed(0))
    model.dropout_generator = torch.Generator().manual_seed(0)
    model.eval()
    ref = nn.LSTM(1, 8, 2, batch_first=True)
    ref.load_state_dict(model.rnn.state_dict())
    x = torch.randn(3, 7, 1)
    torch.testing.assert_close(model(x)[0], model.head(ref(x)[0]))


def trained(dropout, steps=6, **extra):
    t = Trainer(Config(cell="gru", hidden=8, layers=2, length=120, dropout=dropout, **extra))
    t.run(steps)
    return t


def test_training_loss_differs_from_no_dropout_and_is_seeded():
    torch.manual_seed(0)
    a = trained(0.5)
    torch.manual_seed(1)  # the masks come from the trainer's generator, not the global state
    b = trained(0.5)
    np.testing.assert_array_equal(a.history.rows[:, 1], b.history.rows[:, 1])
    none = trained(0.0)
    assert a.history.rows[0, 1] != none.history.rows[0, 1]  # dropout changes the first loss
    other = trained(0.5, seed=1)
    assert not np.array_equal(a.history.rows[:, 1], other.history.rows[:, 1])


def test_probes_validation_and_predictions_see_no_dropout():
    t = trained(0.5)
    assert t.model.training
    p1, p2 = t.probe(), t.probe()
    assert t.model.training  # the probe restores the mode
    for name in ("hidden", "grad_norm", "predictions", "output_T"):
        np.testing.assert_array_equal(getattr(p1, name), getattr(p2, name))
    for g in p1.gates:
        np.testing.assert_array_equal(p1.gates[g], p2.gates[g])
    v1, v2 = t.validate(), t.validate()
    assert v1 == v2

    # The same weights without dropout give the same probe and validation loss.
    plain = Trainer(Config(cell="gru", hidden=8, layers=2, length=120))
    plain.load_state(t.model.rnn.state_dict(), t.model.head.state_dict())
    q = plain.probe()
    np.testing.assert_array_equal(p1.hidden, q.hidden)
    np.testing.assert_array_equal(p1.predictions, q.predictions)
    assert plain.validate() == v1


def test_text_samples_see_no_dropout(small_text):
    from rnnviz.core.probe import sample_text

    t = Trainer(Config(data=str(small_text), hidden=8, layers=2, seq_len=6, dropout=0.9))
    t.run(2)
    assert t.model.training
    samples = {sample_text(t.model, t.data, 30, 1.0, "the", torch.Generator().manual_seed(3))
               for _ in range(3)}  # fmt: skip
    assert len(samples) == 1 and t.model.training


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"dropout": 0.3}, "dropout acts between stacked layers"),
     ({"dropout": 1.0, "layers": 2}, "0 <= P < 1"), ({"dropout": -0.1, "layers": 2}, "0 <= P < 1"),
     ({"dropout": float("nan"), "layers": 2}, "0 <= P < 1")],
)  # fmt: skip
def test_bad_dropout(changes, message):
    with pytest.raises(ConfigError, match=message):
        Config(**changes)
