"""Parameter counts and their formulas against numel() of torch's own modules."""

import pytest
from torch import nn

from rnnviz.core.config import Config
from rnnviz.core.export import metrics
from rnnviz.core.models import RecurrentModel
from rnnviz.core.params import model_parameter_counts, parameter_counts
from rnnviz.core.trainer import Trainer

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("layers", [1, 2, 3])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_counts_match_numel_of_torchs_modules(cell, layers, bidirectional):
    n_in, H, n_out = 5, 7, 3
    counts = parameter_counts(cell, n_in, H, layers, n_out, bidirectional)
    rnn = FUSED[cell](n_in, H, layers, bidirectional=bidirectional)
    head = nn.Linear((2 if bidirectional else 1) * H, n_out)
    numel = {k: v.numel() for k, v in rnn.state_dict().items()}
    per_tensor = {k: v for c in counts.layers for k, v in c.tensors.items()}
    assert per_tensor == numel  # every tensor, by torch's name
    assert [(c.layer, c.direction) for c in counts.layers] == [
        (layer, d) for layer in range(layers) for d in range(2 if bidirectional else 1)
    ]
    for c in counts.layers:
        assert c.total == sum(c.tensors.values())
    assert counts.head == {k: v.numel() for k, v in head.state_dict().items()}
    assert counts.recurrent == sum(numel.values())
    total = sum(p.numel() for m in (rnn, head) for p in m.parameters() if p.requires_grad)
    assert counts.total == total
    model = RecurrentModel(cell, n_in, H, layers, n_out, bidirectional=bidirectional)
    assert model_parameter_counts(model) == counts
    assert counts.total == sum(p.numel() for p in model.parameters())


def test_formulas_in_the_tutorials_style():
    c = parameter_counts("lstm", 1, 32, 2, 1)
    assert c.lines() == [
        "LSTM layer 1: 4 × (32·1 + 32·32 + 2·32) = 4,480",
        "LSTM layer 2: 4 × (32·32 + 32·32 + 2·32) = 8,448",
        "head: 1·32 + 1 = 33",
        "total: 4,480 + 8,448 + 33 = 12,961",
    ]
    rnn = parameter_counts("rnn", 1, 32, 1, 1).lines()[0]
    assert rnn == "RNN layer 1: 32·1 + 32·32 + 2·32 = 1,120"
    bi = parameter_counts("gru", 1, 16, 2, 1, bidirectional=True).lines()
    assert bi[:4] == [
        "GRU layer 1 forward: 3 × (16·1 + 16·16 + 2·16) = 912",
        "GRU layer 1 reverse: 3 × (16·1 + 16·16 + 2·16) = 912",
        "GRU layer 2 forward: 3 × (16·32 + 16·16 + 2·16) = 2,400",
        "GRU layer 2 reverse: 3 × (16·32 + 16·16 + 2·16) = 2,400",
    ]
    assert bi[4] == "head: 1·32 + 1 = 33"


@pytest.mark.parametrize("extra", [{}, {"bidirectional": True, "layers": 2}])
def test_metrics_parameters_is_every_trainable_value(extra):
    t = Trainer(Config(cell="gru", hidden=6, length=80, **extra))
    m = metrics(t, t.probe())
    assert m["parameters"] == sum(p.numel() for p in t.model.parameters() if p.requires_grad)
    assert m["parameters"] == sum(
        v.numel() for v in [*t.model.rnn.state_dict().values(), *t.model.head.state_dict().values()]
    )
    assert isinstance(m["parameters"], int)
