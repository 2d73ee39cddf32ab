"""The probe's internals must equal what torch's own modules compute for the same weights.

The reference here is independent of rnnviz's unrolled cells: hidden and cell states come from
torch's fused nn.RNN/LSTM/GRU run on every prefix of the probe window; gates from a float64
numpy transcription of torch's documented equations (itself checked against the fused module);
gradient norms from autograd through a chain of torch's fused single-layer modules.
"""

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core.config import Config
from rnnviz.core.trainer import Trainer
from tests.reference import KEYS, run_cell

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def make_trainer(cell, layers, kind, small_text):
    if kind == "series":
        config = Config(cell=cell, layers=layers, hidden=12, seq_len=9, length=200)
    else:
        config = Config(
            cell=cell, layers=layers, hidden=12, seq_len=8, data=str(small_text), sample_len=0
        )
    trainer = Trainer(config)
    trainer.run(5)  # move the weights away from their initial values
    return trainer


def fused_copy(trainer, layers, dtype=torch.float64):
    """torch's own module with the trainer's weights, in float64."""
    rnn = trainer.model.rnn
    ref = FUSED[trainer.config.cell](rnn.input_size, rnn.hidden_size, layers, batch_first=True)
    ref.load_state_dict(rnn.state_dict())
    return ref.to(dtype)


def fused_states(trainer, x):
    """h_t (and c_t) of every layer at every step, from the fused module run on prefixes."""
    L = trainer.config.layers
    ref = fused_copy(trainer, L)
    hs, cs = [], []
    with torch.no_grad():
        for t in range(1, x.shape[1] + 1):
            _, state = ref(x[:, :t])
            h, c = state if isinstance(state, tuple) else (state, None)
            hs.append(h[:, 0].numpy())  # (L, H)
            cs.append(None if c is None else c[:, 0].numpy())
    hidden = np.stack(hs, axis=1)  # (L, T, H)
    cell = None if cs[0] is None else np.stack(cs, axis=1)
    return hidden, cell


def numpy_gates(trainer, x):
    """Gates and states from torch's documented equations, float64 numpy."""
    cell, L = trainer.config.cell, trainer.config.layers
    sd = {k: v.double().numpy() for k, v in trainer.model.rnn.state_dict().items()}
    inp = x[0].numpy()  # (T, I)
    out = {k: [] for k in KEYS}
    for layer in range(L):
        weights = [sd[f"{n}_l{layer}"] for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        seq = run_cell(cell, inp, weights)
        for k in out:
            out[k].append(seq[k])
        inp = seq["h"]
    return {k: np.stack(v) for k, v in out.items() if len(v[0])}  # (L, T, H)


def fused_chain_grad_norms(trainer, x, target):
    """||dL_T/dh_t^(l)|| by autograd through torch's fused single-layer modules, one step at a
    time (so every h_t^(l) is a graph node), float64."""
    cell, L = trainer.config.cell, trainer.config.layers
    rnn = trainer.model.rnn
    mods = []
    for layer in range(L):
        m = FUSED[cell](rnn.input_size if layer == 0 else rnn.hidden_size, rnn.hidden_size, 1)
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(m, f"{name}_l0").data.copy_(getattr(rnn, f"{name}_l{layer}").data)
        mods.append(m.double())
    head = nn.Linear(rnn.hidden_size, trainer.model.head.out_features).double()
    head.load_state_dict(trainer.model.head.state_dict())
    H = rnn.hidden_size
    state = [
        (torch.zeros(1, 1, H, dtype=torch.float64),) * (2 if cell == "lstm" else 1)
        for _ in range(L)
    ]
    hs = [[] for _ in range(L)]
    for t in range(x.shape[1]):
        inp = x[:, t : t + 1].double().transpose(0, 1)  # (1, 1, I): seq-first
        for layer in range(L):
            s = state[layer] if cell == "lstm" else state[layer][0]
            out, new = mods[layer](inp, s)
            # The next step takes `out` itself (equal to h_n) so each h_t is one graph node.
            state[layer] = (out, new[1]) if cell == "lstm" else (out,)
            hs[layer].append(out)
            inp = out
    pred = head(hs[-1][-1][0])  # (1, O)
    if trainer.data.kind == "series":
        loss = ((pred[0] - torch.tensor(np.array(target), dtype=torch.float64)) ** 2).mean()
    else:
        loss = nn.functional.cross_entropy(pred, torch.tensor(np.array(target[-1:])))
    grads = torch.autograd.grad(loss, [h for layer in hs for h in layer])
    return torch.stack([g.norm() for g in grads]).reshape(L, -1).numpy(), loss.item()


@pytest.mark.parametrize("kind", ["series", "text"])
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_probe_matches_torch(cell, layers, kind, small_text):
    trainer = make_trainer(cell, layers, kind, small_text)
    p = trainer.probe()
    x = torch.from_numpy(np.array(p.inputs, dtype=np.float64))[None]  # (1, T, I)
    T, H = trainer.config.seq_len, trainer.config.hidden
    assert p.hidden.shape == (layers, T, H)

    hidden, cell_state = fused_states(trainer, x)
    np.testing.assert_allclose(p.hidden, hidden, atol=1e-5)
    if cell == "lstm":
        np.testing.assert_allclose(p.cell_state, cell_state, atol=1e-5)
    else:
        assert p.cell_state is None

    ref = numpy_gates(trainer, x)
    np.testing.assert_allclose(ref["h"], hidden, atol=1e-9)  # the transcription itself is right
    expected = {"rnn": (), "lstm": tuple("ifgo"), "gru": tuple("rzn")}[cell]
    assert tuple(p.gates) == expected
    for g in expected:
        assert p.gates[g].shape == (layers, T, H)
        np.testing.assert_allclose(p.gates[g], ref[g], atol=1e-5)
    if cell == "rnn":
        np.testing.assert_allclose(p.preact, ref["pre"], atol=1e-5)

    norms, loss = fused_chain_grad_norms(trainer, x, p.target)
    assert p.grad_norm.shape == (layers, T)
    np.testing.assert_allclose(p.grad_norm, norms, rtol=1e-4)
    assert p.loss_T == pytest.approx(loss, rel=1e-4)


def test_probe_leaves_parameter_gradients_alone():
    trainer = Trainer(Config(hidden=8, length=100))
    trainer.step()
    before = [p.grad.clone() for p in trainer.model.parameters()]
    trainer.probe()
    for b, p in zip(before, trainer.model.parameters(), strict=True):
        assert torch.equal(b, p.grad)


def test_series_predictions_are_the_fused_models_forecast():
    trainer = Trainer(Config(hidden=8, length=120))
    trainer.run(10)
    p = trainer.probe()
    d = trainer.data
    T = d.seq_len
    windows = (d.values - d.mean) / d.std
    expected = []
    with torch.no_grad():
        for k in range(d.n_windows):
            x = torch.tensor(windows[k : k + T], dtype=torch.float32)[None, :, None]
            out, _ = trainer.model.rnn(x)
            expected.append(float(trainer.model.head(out[0, -1])[0]) * d.std + d.mean)
    np.testing.assert_allclose(p.predictions, expected, rtol=1e-4, atol=1e-5)


def test_probe_arrays_are_read_only():
    p = Trainer(Config(hidden=4, length=60)).probe()
    with pytest.raises(ValueError):
        p.hidden[0, 0, 0] = 1.0


@pytest.mark.parametrize("kind", ["series", "text"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_metrics_spectral_radius_grad_ratio_and_baseline(cell, kind, small_text):
    """metrics.json's spectral_radius (numpy's eigenvalues of W_hh's gate blocks), grad_ratio
    (autograd through torch's fused modules) and, for a series, baseline_loss (the naive
    forecast in float64 numpy on the validation windows)."""
    from rnnviz.core.export import metrics

    trainer = make_trainer(cell, 2, kind, small_text)
    p = trainer.probe()
    m = metrics(trainer, p, warnings=[])
    state = trainer.model.rnn.state_dict()
    H, G = trainer.config.hidden, {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    for layer in range(2):
        w = state[f"weight_hh_l{layer}"].double().numpy().reshape(G, H, H)
        radius = max(np.abs(np.linalg.eigvals(block)).max() for block in w)
        assert m["spectral_radius"][layer] == pytest.approx(radius, rel=1e-5)
    x = torch.from_numpy(np.array(p.inputs, dtype=np.float64))[None]
    norms, _ = fused_chain_grad_norms(trainer, x, p.target)
    np.testing.assert_allclose(m["grad_ratio"], norms[:, 0] / norms[:, -1], rtol=1e-3)
    if kind == "series":
        data = trainer.data
        T, z = data.seq_len, data.normalized.numpy().astype(np.float64)
        val = data._val_idx.numpy()
        naive = np.mean((z[val + T - 1] - z[val + T]) ** 2)
        assert m["baseline_loss"] == pytest.approx(naive, rel=1e-6)
    else:
        assert "baseline_loss" not in m
