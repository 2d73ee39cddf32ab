"""Input saliency (every probe's ||dL_T/dx_t||, and its retargeting to an earlier step) against
autograd through torch's fused multi-layer modules in float64, independent of the unrolled
cells rnnviz computes it with."""

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core.saliency import retarget_saliency
from tests.core.test_probe import fused_copy, make_trainer


def fused_saliency(trainer, inputs, target, step, of="loss"):
    """||d(quantity at `step`)/dx_t|| by autograd through nn.RNN/LSTM/GRU + nn.Linear, float64.

    of="loss": the step's loss (text: cross-entropy vs target[step]; series: squared error vs
    target, only used at the last step); of="output": the head's output itself."""
    rnn = fused_copy(trainer, trainer.config.layers)
    head = nn.Linear(rnn.hidden_size, trainer.model.head.out_features).double()
    head.load_state_dict(trainer.model.head.state_dict())
    x = torch.tensor(np.array(inputs), dtype=torch.float64)[None].requires_grad_()  # (1, T, I)
    out, _ = rnn(x)
    pred = head(out[:, step])  # (1, O)
    if of == "output":
        value = pred.sum()
    elif trainer.data.kind == "text":
        value = nn.functional.cross_entropy(pred, torch.tensor([int(target[step])]))
    else:
        value = ((pred[0] - torch.tensor(np.array(target), dtype=torch.float64)) ** 2).mean()
    (dx,) = torch.autograd.grad(value, [x])
    return dx[0].norm(dim=-1).numpy()  # (T,)


@pytest.mark.parametrize("kind", ["series", "text"])
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_input_saliency_matches_autograd_through_torch(cell, layers, kind, small_text):
    trainer = make_trainer(cell, layers, kind, small_text)
    p = trainer.probe()
    T = trainer.config.seq_len
    ref = fused_saliency(trainer, p.inputs, p.target, T - 1)
    assert p.input_saliency.shape == (T,) and p.input_saliency.dtype == np.float32
    assert np.all(ref > 0)  # a real signal at every step, not a trivially equal zero
    np.testing.assert_allclose(p.input_saliency, ref, rtol=1e-4)

    # Retargeted to an earlier step and to the last one.
    of = "loss" if kind == "text" else "output"
    for step in (0, T // 2, T - 1):
        got = retarget_saliency(trainer.model, kind, p.inputs, p.target, step)
        want = fused_saliency(trainer, p.inputs, p.target, step, of=of)
        assert got.shape == (T,)
        np.testing.assert_allclose(got[: step + 1], want[: step + 1], rtol=1e-4)
        assert np.all(got[step + 1 :] == 0) and np.all(want[step + 1 :] == 0)


def test_retarget_at_the_last_step_relates_to_the_probe(small_text):
    text = make_trainer("lstm", 1, "text", small_text)
    p = text.probe()
    T = text.config.seq_len
    got = retarget_saliency(text.model, "text", p.inputs, p.target, T - 1)
    np.testing.assert_allclose(got, p.input_saliency, rtol=1e-5)

    series = make_trainer("gru", 2, "series", small_text)
    p = series.probe()
    T = series.config.seq_len
    got = retarget_saliency(series.model, "series", p.inputs, p.target, T - 1)
    # d(yhat - y)^2/dx = 2 (yhat - y) dyhat/dx
    scale = 2 * abs(float(p.output_T[0]) - float(p.target[0]))
    np.testing.assert_allclose(got * scale, p.input_saliency, rtol=1e-4)


def test_retarget_leaves_the_model_alone():
    from rnnviz.core.config import Config
    from rnnviz.core.trainer import Trainer

    t = Trainer(Config(hidden=6, length=80))
    t.step()
    before = [q.grad.clone() for q in t.model.parameters()]
    p = t.probe()
    retarget_saliency(t.model, "series", p.inputs, p.target, 3)
    assert t.model.training
    for b, q in zip(before, t.model.parameters(), strict=True):
        assert torch.equal(b, q.grad)
    with pytest.raises(IndexError):
        retarget_saliency(t.model, "series", p.inputs, p.target, len(p.inputs))
