"""--attention: the model's forward, the probe's alpha, the checkpoint and the command line,
each against the formula e_t = h_T^T W_a h_t, alpha = softmax(e), c = sum_t alpha_t h_t,
prediction = head([c; h_T]) computed here in numpy float64."""

import numpy as np
import pytest
import torch

from rnnviz.cli import main
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.export import apply_checkpoint, checkpoint_dict, load_checkpoint, save_checkpoint
from rnnviz.core.models import RecurrentModel
from rnnviz.core.params import model_parameter_counts
from rnnviz.core.probe import probe
from rnnviz.core.saliency import retarget_saliency
from rnnviz.core.trainer import Trainer


def numpy_attention(states: np.ndarray, w_a: np.ndarray, head_w, head_b):
    """states (B, T, H) -> alpha (B, T) and the prediction (B, O), from the formula, float64."""
    s = np.asarray(states, np.float64)
    h_T = s[:, -1]  # (B, H)
    e = np.einsum("bh,hk,btk->bt", h_T, np.asarray(w_a, np.float64), s)  # h_T^T W_a h_t
    e -= e.max(axis=1, keepdims=True)
    alpha = np.exp(e) / np.exp(e).sum(axis=1, keepdims=True)
    c = (alpha[:, :, None] * s).sum(axis=1)  # (B, H)
    pred = np.concatenate([c, h_T], axis=1) @ np.asarray(head_w, np.float64).T + head_b
    return alpha, pred


def model_parts(model):
    return (model.attention.weight.detach().double().numpy(),
            model.head.weight.detach().double().numpy(),
            model.head.bias.detach().double().numpy())  # fmt: skip


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("layers", [1, 2])
def test_forward_matches_the_formula(cell, layers):
    torch.manual_seed(0)
    model = RecurrentModel(cell, 2, 5, layers, 1, attention=True)
    model.initialize(torch.Generator().manual_seed(3))
    x = torch.randn(4, 9, 2)
    out, _ = model(x, last_only=True)
    assert out.shape == (4, 1, 1)
    states, _ = model.rnn(x)  # the top layer's h_1..h_T
    _, want = numpy_attention(states.detach().numpy(), *model_parts(model))
    np.testing.assert_allclose(out[:, 0].detach().numpy(), want, rtol=1e-5, atol=1e-6)
    assert torch.equal(model(x)[0], out)  # one output per window either way
    assert model.head.in_features == 10 and model.attention.weight.shape == (5, 5)


def test_initialization_keeps_every_other_weight():
    plain = RecurrentModel("rnn", 2, 6, 1, 1)
    attn = RecurrentModel("rnn", 2, 6, 1, 1, attention=True)
    for m in (plain, attn):
        m.initialize(torch.Generator().manual_seed(7))
    for k, v in plain.rnn.state_dict().items():
        assert torch.equal(v, attn.rnn.state_dict()[k])
    assert attn.attention.weight.abs().max() <= 1 / 6**0.5
    counts = model_parameter_counts(attn)
    assert counts.total == sum(p.numel() for p in attn.parameters())
    assert counts.head_formula == "head: 1·12 + 1 + 6·6 = 49"


def adding_trainer(cell="rnn", **kw):
    c = Config(task="adding", seq_len=12, cell=cell, hidden=6, attention=True, steps=3,
               batch_size=8, **kw)  # fmt: skip
    return Trainer(c)


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_probe_attention_is_the_models_alpha(cell):
    t = adding_trainer(cell, layers=2)
    for _ in range(3):
        t.step()
    p = probe(t.model, t.data, 3, torch.device("cpu"))
    x, y = t.data.probe_window()
    states, _ = t.model.rnn(torch.from_numpy(x)[None].float())
    alpha, pred = numpy_attention(states.detach().numpy(), *model_parts(t.model))
    assert p.attention.shape == (12,)
    np.testing.assert_allclose(p.attention, alpha[0], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(p.output_T, pred[0], rtol=1e-5, atol=1e-6)  # the model's head
    np.testing.assert_allclose(p.loss_T, float((pred[0, 0] - y[0]) ** 2), rtol=1e-5)
    # The probe batch: every window's alpha through the fused module.
    batch = np.asarray(p.batch_inputs)
    states, _ = t.model.rnn(torch.from_numpy(np.array(batch)).float())
    want, _ = numpy_attention(states.detach().numpy(), *model_parts(t.model))
    assert p.batch_attention.shape == batch.shape[:2]
    np.testing.assert_allclose(p.batch_attention, want, rtol=1e-4, atol=1e-6)
    # A light probe carries the batch's alpha and computes its own window's.
    light = probe(t.model, t.data, 4, torch.device("cpu"), previous=p, dynamics=False)
    assert light.batch_attention is p.batch_attention
    np.testing.assert_allclose(light.attention, p.attention)


def test_gradient_over_time_includes_the_attention_path():
    """grad_norm[t] = ||dL_T/dh_t||, against autograd through the formula written here in
    plain tensor ops: the loss reaches h_t through the recurrence and through the attention."""
    t = adding_trainer("rnn")
    p = probe(t.model, t.data, 0, torch.device("cpu"))
    x, y = t.data.probe_window()
    m = t.model.double()
    w_ih, w_hh, b_ih, b_hh = (getattr(m.rnn, f"{n}_l0") for n in
                              ("weight_ih", "weight_hh", "bias_ih", "bias_hh"))  # fmt: skip
    xs = torch.from_numpy(x).double()
    chained, h = [], torch.zeros(6, dtype=torch.float64, requires_grad=True)
    for x_t in xs:  # plain tensor ops: h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh)
        h = torch.tanh(w_ih @ x_t + b_ih + w_hh @ h + b_hh)
        chained.append(h)
    s = torch.stack(chained)  # (T, H)
    e = (s @ m.attention.weight.T) @ s[-1]  # e_t = h_T . (W_a h_t)
    a = torch.softmax(e, 0)
    pred = m.head(torch.cat([a @ s, s[-1]]))
    loss = (pred[0] - float(y[0])) ** 2
    grads = torch.autograd.grad(loss, chained)
    want = np.array([float(g.norm()) for g in grads])
    np.testing.assert_allclose(p.grad_norm[0], want, rtol=1e-6)


def test_checkpoint_round_trips_w_a(tmp_path):
    t = adding_trainer()
    t.step()
    w = t.model.attention.weight.detach().clone()
    path = save_checkpoint(t, tmp_path / "c.pt")
    ckpt = load_checkpoint(path)
    assert set(ckpt["attention_state_dict"]) == {"weight"}
    assert torch.equal(ckpt["attention_state_dict"]["weight"], w)
    other = adding_trainer(seed=5)
    assert not torch.equal(other.model.attention.weight, w)
    apply_checkpoint(other, ckpt)
    assert torch.equal(other.model.attention.weight.detach(), w)
    x = torch.from_numpy(t.data.probe_window()[0])[None]
    assert torch.equal(other.model(x)[0], t.model(x)[0])
    plain = Trainer(Config(task="adding", seq_len=12, hidden=6, cell="rnn"))
    with pytest.raises(Exception, match="attention"):
        apply_checkpoint(plain, ckpt)
    assert "attention_state_dict" not in checkpoint_dict(plain)


def test_retargeted_saliency_reads_the_models_head():
    t = adding_trainer()
    x, y = t.data.probe_window()
    p = probe(t.model, t.data, 0, torch.device("cpu"))
    last = retarget_saliency(t.model, "adding", x, y, len(x) - 1)
    # At t~ = T: the probe's ||dL_T/dx_t|| / (2 |yhat_T - y|), the squared error's derivative.
    scale = 2 * abs(float(p.output_T[0]) - float(y[0]))
    np.testing.assert_allclose(last, p.input_saliency / scale, rtol=1e-4, atol=1e-7)


def test_cli_writes_attention_arrays(tmp_path):
    out = tmp_path / "run"
    code = main(["train", "--task", "adding", "--attention", "--steps", "5", "--seq-len", "20",
                 "--hidden", "8", "--out", str(out)])  # fmt: skip
    assert code == 0
    z = np.load(out / "probe.npz")
    assert z["attention"].shape == (20,)
    B = z["batch_inputs"].shape[0]
    assert z["batch_attention"].shape == (B, 20)
    np.testing.assert_allclose(z["attention"].sum(), 1, rtol=1e-5)
    np.testing.assert_allclose(z["batch_attention"].sum(axis=1), 1, rtol=1e-5)
    sd = torch.load(out / "checkpoint.pt", weights_only=True)
    assert sd["attention_state_dict"]["weight"].shape == (8, 8)
    assert sd["config"]["attention"] is True
    from rnnviz.core.restore import restore_trainer

    restored = restore_trainer(out)  # the run folder reopens with its W_a
    assert torch.equal(
        restored.model.attention.weight.detach(), sd["attention_state_dict"]["weight"]
    )
    np.testing.assert_allclose(restored.last_probe.attention, z["attention"], rtol=1e-6)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--task", "copy", "--seq-len", "30"], "--task copy needs an output at every step"),
     (["--bidirectional"], "drop --bidirectional or --attention"),
     (["--kind", "text"], "text needs one at every step")],
)  # fmt: skip
def test_where_attention_does_not_apply_one_line(args, message, tmp_path, capsys):
    code = main(["train", "--attention", "--steps", "1", *args, "--out", str(tmp_path / "r")])
    assert code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def test_text_data_refused_by_the_trainer(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("hello world " * 40)
    with pytest.raises(ConfigError, match="text needs one at every step"):
        Trainer(Config(data=str(f), attention=True))
