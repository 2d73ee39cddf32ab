"""Bidirectional models (series): the probe's L·D rows against torch's bidirectional modules,
a float64 numpy transcription and autograd; the head on h_n; the checkpoint in plain torch.

Row r of a per-layer probe array is (layer r // 2, direction r % 2), torch's order; both
directions are indexed by forward time t (the reverse state at t has read x_T ... x_t).
"""

import csv

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.cli import main
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.export import write_run
from rnnviz.core.trainer import Trainer
from tests.reference import KEYS, run_cell

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
SIGMOID = {"lstm": "ifo", "gru": "rz"}


def make_trainer(cell, layers, **extra):
    config = Config(cell=cell, layers=layers, hidden=7, seq_len=9, length=150,
                    bidirectional=True, **extra)  # fmt: skip
    trainer = Trainer(config)
    trainer.run(5)  # move the weights away from their initial values
    return trainer


def direction_weights(rnn, layer, d):
    suffix = "_reverse" if d else ""
    names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    return {f"{n}_l0": getattr(rnn, f"{n}_l{layer}{suffix}").detach() for n in names}


def fused_layers(trainer, x):
    """Every layer's output from torch's fused one-layer bidirectional modules, float64:
    a list of L tensors (1, T, 2H), forward half then reverse half."""
    rnn = trainer.model.rnn
    outs, inp = [], x
    for layer in range(rnn.num_layers):
        m = FUSED[trainer.config.cell](inp.shape[-1], rnn.hidden_size, 1, batch_first=True,
                                       bidirectional=True).double()  # fmt: skip
        sd = direction_weights(rnn, layer, 0)
        sd |= {k + "_reverse": v for k, v in direction_weights(rnn, layer, 1).items()}
        m.load_state_dict(sd)
        with torch.no_grad():
            inp, _ = m(inp)
        outs.append(inp)
    return outs


def rows(per_layer_pairs):
    """[(fwd (T, H), rev (T, H)) per layer] -> (L*D, T, H) in torch's order."""
    return np.stack([a for pair in per_layer_pairs for a in pair])


def numpy_reference(trainer, x):
    """States, cell states and gates of every layer and direction from torch's documented
    equations in float64 numpy; the reverse direction reads the window backwards."""
    cell, rnn = trainer.config.cell, trainer.model.rnn
    inp = x[0].numpy()  # (T, I)
    out = {k: [] for k in KEYS}
    for layer in range(rnn.num_layers):
        per_dir = []
        for d in (0, 1):
            w = [v.double().numpy() for v in direction_weights(rnn, layer, d).values()]
            seq = run_cell(cell, inp[::-1] if d else inp, w)
            if d:
                seq = {k: v[::-1] for k, v in seq.items()}
            per_dir.append(seq)
            for k in out:
                if len(seq[k]):
                    out[k].append(np.array(seq[k]))
        inp = np.concatenate([per_dir[0]["h"], per_dir[1]["h"]], axis=1)  # (T, 2H)
    return {k: np.stack(v) for k, v in out.items() if v}  # (L*D, T, H)


def autograd_norms(trainer, x, target):
    """||dL_T/dh_t|| of every layer and direction by autograd through torch's fused one-layer
    modules run one step at a time (each h_t a graph node), float64. The head reads the last
    layer's forward state at T and reverse state at 1, as h_n gives them."""
    cell, rnn = trainer.config.cell, trainer.model.rnn
    H = rnn.hidden_size
    steps = list(x.double().unbind(1))  # T x (1, I)
    nodes = []
    for layer in range(rnn.num_layers):
        pair = []
        for d in (0, 1):
            m = FUSED[cell](steps[0].shape[-1], H, 1).double()
            m.load_state_dict(direction_weights(rnn, layer, d))
            zero = torch.zeros(1, 1, H, dtype=torch.float64)
            state = (zero, zero) if cell == "lstm" else zero
            hs = [None] * len(steps)
            order = range(len(steps) - 1, -1, -1) if d else range(len(steps))
            for t in order:
                out, new = m(steps[t][None], state)  # (1, 1, H)
                # The next step takes `out` itself (equal to h_n): each h_t is one node.
                state = (out, new[1]) if cell == "lstm" else out
                hs[t] = out
            pair.append(hs)
        nodes += pair
        steps = [torch.cat([f[0], r[0]], dim=-1) for f, r in zip(*pair, strict=True)]  # (1, 2H)
    head = nn.Linear(2 * H, 1).double()
    head.load_state_dict(trainer.model.head.state_dict())
    pred = head(torch.cat([nodes[-2][-1][0], nodes[-1][0][0]], dim=-1))  # (1, 1)
    loss = ((pred[0] - torch.tensor(np.array(target), dtype=torch.float64)) ** 2).mean()
    grads = torch.autograd.grad(loss, [h for hs in nodes for h in hs])
    T = x.shape[1]
    return torch.stack([g.norm() for g in grads]).reshape(-1, T).numpy(), loss.item()


@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_bidirectional_probe_matches_torch(cell, layers):
    trainer = make_trainer(cell, layers)
    p = trainer.probe()
    x = torch.from_numpy(np.array(p.inputs, dtype=np.float64))[None]  # (1, T, 1)
    T, H = 9, 7
    assert p.directions == 2 and p.hidden.shape == (2 * layers, T, H)

    outs = fused_layers(trainer, x)
    fused = rows([(o[0, :, :H].numpy(), o[0, :, H:].numpy()) for o in outs])
    np.testing.assert_allclose(p.hidden, fused, atol=1e-5)

    ref = numpy_reference(trainer, x)
    np.testing.assert_allclose(ref["h"], fused, atol=1e-9)  # the transcription itself is right
    if cell == "lstm":
        np.testing.assert_allclose(p.cell_state, ref["c"], atol=1e-5)
    if cell == "rnn":
        np.testing.assert_allclose(p.preact, ref["pre"], atol=1e-5)
    for g in p.gates:
        assert p.gates[g].shape == (2 * layers, T, H)
        np.testing.assert_allclose(p.gates[g], ref[g], atol=1e-5)

    norms, loss = autograd_norms(trainer, x, p.target)
    assert p.grad_norm.shape == (2 * layers, T)
    np.testing.assert_allclose(p.grad_norm, norms, rtol=1e-4)
    assert p.loss_T == pytest.approx(loss, rel=1e-4)
    # The last layer's reverse direction feeds the head at t = 1: its gradient is largest there
    # and weakest at t = T, the mirror image of the forward direction.
    assert p.grad_norm[-1, 0] > p.grad_norm[-1, -1] and p.grad_norm[-2, -1] > p.grad_norm[-2, 0]


def test_head_reads_h_n_and_the_checkpoint_loads_into_plain_torch(tmp_path):
    t = make_trainer("lstm", 2)
    write_run(t, tmp_path)
    ckpt = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    cfg = ckpt["config"]
    assert cfg["bidirectional"] is True
    rnn = nn.LSTM(ckpt["input_size"], cfg["hidden"], cfg["layers"], batch_first=True,
                  bidirectional=True)  # fmt: skip
    rnn.load_state_dict(ckpt["rnn_state_dict"])
    head = nn.Linear(2 * cfg["hidden"], ckpt["output_size"])
    head.load_state_dict(ckpt["head_state_dict"])
    probe = np.load(tmp_path / "probe.npz")
    x = torch.from_numpy(probe["inputs"])[None]  # (1, T, 1)
    with torch.no_grad():
        out, (h_n, _) = rnn(x)
        pred = head(torch.cat([h_n[-2], h_n[-1]], dim=-1))  # (1, O): forward at T, reverse at 1
    H = cfg["hidden"]
    np.testing.assert_allclose(probe["hidden"][-2], out[0, :, :H].numpy(), atol=1e-5)
    np.testing.assert_allclose(probe["hidden"][-1], out[0, :, H:].numpy(), atol=1e-5)
    np.testing.assert_allclose(probe["hidden"][[0, 2], -1], h_n[[0, 2], 0].numpy(), atol=1e-5)
    np.testing.assert_allclose(probe["hidden"][[1, 3], 0], h_n[[1, 3], 0].numpy(), atol=1e-5)
    norm = ckpt["normalization"]
    rows_ = list(csv.DictReader((tmp_path / "predictions.csv").read_text().splitlines()))
    first_val = next(r for r in rows_ if r["split"] == "val")
    expected = float(pred[0, 0]) * norm["std"] + norm["mean"]
    assert float(first_val["predicted"]) == pytest.approx(expected, rel=1e-4, abs=1e-5)


def test_bidirectional_text_is_refused_with_the_reason(small_text, capsys):
    with pytest.raises(ConfigError, match="reverse direction would read the very characters"):
        Trainer(Config(data=str(small_text), bidirectional=True))
    code = main(["train", "--data", str(small_text), "--bidirectional", "--steps", "1"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: bidirectional")
