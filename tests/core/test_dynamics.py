"""The probe's training-health numbers against independent computations.

References: torch.nn's own cells (nn.RNNCell/LSTMCell/GRUCell loaded with each layer's
weights, float64) give the states; exact step Jacobians come from
torch.autograd.functional.jacobian through those cells and their largest singular values from
numpy's SVD; spectral radii from numpy's eigenvalues; gates from the cells' parameters by
torch's documented equations (checked against the cells' own outputs), and saturation and
spread are counted in float64.
"""

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core import dynamics
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import PROBE_BATCH
from rnnviz.core.diagnostics import DEAD_UNIT_STD
from rnnviz.core.export import write_run
from rnnviz.core.trainer import Trainer
from tests.core.test_probe import make_trainer

CELLS = {"rnn": nn.RNNCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}
GATE_ORDER = {"rnn": (), "lstm": ("i", "f", "o"), "gru": ("r", "z")}
f64 = torch.float64


def torch_cells(trainer, reverse=False):
    """One torch.nn cell per layer (and direction) holding that layer's weights, in float64."""
    rnn, cell = trainer.model.rnn, trainer.config.cell
    D = 2 if rnn.bidirectional else 1
    cells = []
    for layer in range(rnn.num_layers):
        size = rnn.input_size if layer == 0 else D * rnn.hidden_size
        c = CELLS[cell](size, rnn.hidden_size).to(f64)
        suffix = "_reverse" if reverse else ""
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(c, name).data.copy_(getattr(rnn, f"{name}_l{layer}{suffix}").data)
        cells.append(c)
    return cells


def step(c, cell, x_t, state):
    """One step of a torch.nn cell; returns the new state as (h, c) or (h,)."""
    with torch.no_grad():
        return c(x_t, state) if cell == "lstm" else (c(x_t, state[0]),)


def equations(c, cell, x_t, h_prev, c_prev):
    """Sigmoid gates and the next h from torch's documented equations with the cell's own
    parameters (so the gates can be checked: their h must equal the cell's)."""
    gi = x_t @ c.weight_ih.T + c.bias_ih
    gh = h_prev @ c.weight_hh.T + c.bias_hh
    if cell == "rnn":
        return {}, torch.tanh(gi + gh)
    if cell == "lstm":
        i, f, g, o = (gi + gh).chunk(4, dim=1)
        i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
        return {"i": i, "f": f, "o": o}, o * torch.tanh(f * c_prev + i * g)
    (xr, xz, xn), (hr, hz, hn) = gi.chunk(3, dim=1), gh.chunk(3, dim=1)
    r, z = (xr + hr).sigmoid(), (xz + hz).sigmoid()
    n = torch.tanh(xn + r * hn)
    return {"r": r, "z": z}, (1 - z) * n + z * h_prev


def run_cell(c, cell, x):
    """One layer (one direction) of torch.nn cell c over x (B, T, I) from zero states: its
    inputs, states before each step [(B, n)] * T, h (B, T, H) and sigmoid gates
    {name: (B, T, H)}, in float64."""
    B, T, H = x.shape[0], x.shape[1], c.hidden_size
    state = (torch.zeros(B, H, dtype=f64),) * (2 if cell == "lstm" else 1)
    before, hs, gates = [], [], {g: [] for g in GATE_ORDER[cell]}
    for t in range(T):
        before.append(state)
        c_prev = state[1] if cell == "lstm" else None
        with torch.no_grad():
            g, h_eq = equations(c, cell, x[:, t], state[0], c_prev)
        state = step(c, cell, x[:, t], state)
        torch.testing.assert_close(h_eq, state[0], rtol=0, atol=1e-12)  # the transcription
        hs.append(state[0])
        for k, v in g.items():
            gates[k].append(v)
    return {"x": x, "before": before, "h": torch.stack(hs, dim=1),
            "gates": {k: torch.stack(v, dim=1) for k, v in gates.items()}}  # fmt: skip


def reference(trainer, x):
    """run_cell for every layer of a one-directional model."""
    out = []
    for c in torch_cells(trainer):
        out.append(run_cell(c, trainer.config.cell, x))
        x = out[-1]["h"]
    return out


def exact_jacobian_norms(trainer, layers_ref, cells=None):
    """sigma_max of ds_t/ds_{t-1} by autograd through the torch.nn cells, float64 SVD."""
    cell = trainer.config.cell
    H = trainer.config.hidden
    norms = []
    for c, ref in zip(cells or torch_cells(trainer), layers_ref, strict=True):
        row = []
        for t, state in enumerate(ref["before"]):
            x_t = ref["x"][:1, t]
            s_prev = torch.cat([s[:1] for s in state], dim=1)[0]  # (n,)

            def f(s, x_t=x_t, c=c):
                parts = (s[None, :H], s[None, H:]) if cell == "lstm" else (s[None],)
                out = c(x_t, parts if cell == "lstm" else parts[0])
                return torch.cat(out, dim=1)[0] if cell == "lstm" else out[0]

            J = torch.autograd.functional.jacobian(f, s_prev, vectorize=True).numpy()  # (n, n)
            row.append(np.linalg.svd(J, compute_uv=False)[0])
        norms.append(row)
    return np.array(norms)  # (L, T)


def expected_batch(trainer):
    """The first min(64, #validation windows) validation windows, from the raw data."""
    d, T = trainer.data, trainer.config.seq_len
    B = min(PROBE_BATCH, d.n_windows - d.n_train)
    starts = range(d.n_train, d.n_train + B)
    if d.kind == "series":
        z = (d.values - d.mean) / d.std
        return np.array([z[w : w + T] for w in starts])[..., None]  # (B, T, 1)
    vocab = sorted(set(d.text))
    ids = np.array([[vocab.index(ch) for ch in d.text[w : w + T]] for w in starts])
    return np.eye(len(vocab))[ids]  # (B, T, V)


def assert_shares_equal(got, want, count):
    """Shares of `count` values: equal, up to one value on the other side of a threshold
    (float32 in the probe vs float64 here)."""
    np.testing.assert_array_less(np.abs(np.asarray(got, np.float64) - want), 1.0001 / count)
    assert np.mean(np.abs(got - want) > 1e-6) < 0.1  # and almost all exactly equal


@pytest.mark.parametrize("kind", ["series", "text"])
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_health_numbers_match_torch(cell, layers, kind, small_text, monkeypatch):
    trainer = make_trainer(cell, layers, kind, small_text)
    p = trainer.probe()
    T, H = trainer.config.seq_len, trainer.config.hidden

    batch = expected_batch(trainer)
    B = len(batch)
    assert p.batch_inputs.shape == batch.shape and p.batch_inputs.dtype == np.float32
    np.testing.assert_allclose(p.batch_inputs, batch, atol=1e-6)
    np.testing.assert_array_equal(p.batch_inputs[0], p.inputs)  # the probe window comes first

    ref = reference(trainer, torch.from_numpy(batch))
    exact = exact_jacobian_norms(trainer, ref)
    assert p.jacobian_norm.shape == (layers, T) and p.jacobian_norm.dtype == np.float32
    np.testing.assert_allclose(p.jacobian_norm, exact, rtol=1e-4)
    monkeypatch.setattr(dynamics, "DENSE_MAX", 0)  # the matrix-free Lanczos path
    np.testing.assert_allclose(trainer.probe().jacobian_norm, exact, rtol=1e-4)

    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    radii = [[np.abs(np.linalg.eigvals(w[g * H : (g + 1) * H])).max() for g in range(G)]
             for w in (getattr(trainer.model.rnn, f"weight_hh_l{k}").detach().double().numpy()
                       for k in range(layers))]  # fmt: skip
    assert p.spectral_radius.shape == (layers, G)
    np.testing.assert_allclose(p.spectral_radius, radii, rtol=1e-6)

    gates = GATE_ORDER[cell]
    assert p.gate_saturation.shape == (layers, len(gates), H, 2)
    for layer, r in enumerate(ref):
        h = r["h"].numpy()
        for gi, g in enumerate(gates):
            v = r["gates"][g].numpy()  # (B, T, H)
            want = np.stack([(v < 0.1).mean(axis=(0, 1)), (v > 0.9).mean(axis=(0, 1))], axis=1)
            assert_shares_equal(p.gate_saturation[layer, gi], want, B * T)
        assert_shares_equal(p.hidden_saturation[layer], (np.abs(h) > 0.9).mean(axis=(0, 1)), B * T)
        np.testing.assert_allclose(p.hidden_std[layer], h.std(axis=(0, 1)), rtol=1e-4, atol=1e-6)
    for name in ("gate_saturation", "hidden_saturation", "hidden_std", "spectral_radius"):
        assert getattr(p, name).dtype == np.float32

    if cell == "lstm":
        fb = [(getattr(trainer.model.rnn, f"bias_ih_l{k}") + getattr(trainer.model.rnn,
               f"bias_hh_l{k}"))[H : 2 * H].detach().numpy() for k in range(layers)]  # fmt: skip
        np.testing.assert_allclose(p.forget_bias, fb, rtol=1e-6)
    else:
        assert p.forget_bias is None


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_bidirectional_rows_match_torch_cells(cell):
    """Rows in torch's order (layer 0 fwd, layer 0 rev, layer 1 fwd, ...); the reverse cell
    reads the window from t = T down, its Jacobian at t is that of the step reading x_t."""
    trainer = Trainer(Config(cell=cell, layers=2, hidden=6, seq_len=7, length=200,
                             bidirectional=True))  # fmt: skip
    trainer.run(3)
    p = trainer.probe()
    T, H = 7, 6
    x = torch.from_numpy(np.array(p.batch_inputs)).to(f64)
    B = len(x)
    fwd, rev = torch_cells(trainer), torch_cells(trainer, reverse=True)
    rows = []
    for layer in range(2):
        runs = [run_cell(fwd[layer], cell, x), run_cell(rev[layer], cell, x.flip(1))]
        for d, r in enumerate(runs):
            jac = exact_jacobian_norms(trainer, [r], [(fwd, rev)[d][layer]])[0]
            rows.append((jac[::-1] if d else jac, r))
        x = torch.cat([runs[0]["h"], runs[1]["h"].flip(1)], dim=-1)
    assert p.jacobian_norm.shape == (4, T) and p.gate_saturation.shape[:1] == (4,)
    for k, (jac, r) in enumerate(rows):
        np.testing.assert_allclose(p.jacobian_norm[k], jac, rtol=1e-4)
        h = r["h"].numpy()
        np.testing.assert_allclose(p.hidden_std[k], h.std(axis=(0, 1)), rtol=1e-4, atol=1e-6)
        for gi, g in enumerate(GATE_ORDER[cell]):
            v = r["gates"][g].numpy()
            want = np.stack([(v < 0.1).mean(axis=(0, 1)), (v > 0.9).mean(axis=(0, 1))], axis=1)
            assert_shares_equal(p.gate_saturation[k, gi], want, B * T)
    weights = [getattr(trainer.model.rnn, f"weight_hh_l{k // 2}{'_reverse' * (k % 2)}")
               for k in range(4)]  # fmt: skip
    G = {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    radii = [[np.abs(np.linalg.eigvals(w.detach().double().numpy()[g * H : (g + 1) * H])).max()
              for g in range(G)] for w in weights]  # fmt: skip
    np.testing.assert_allclose(p.spectral_radius, radii, rtol=1e-6)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_lanczos_on_larger_states_matches_the_exact_norm(cell, monkeypatch):
    """States larger than the Lanczos steps taken (2H = 96 for the LSTM), weights trained."""
    trainer = Trainer(Config(cell=cell, hidden=48, seq_len=12, length=200))
    trainer.run(8)
    monkeypatch.setattr(dynamics, "DENSE_MAX", 0)
    p = trainer.probe()
    x = torch.tensor(p.inputs, dtype=f64)[None]  # (1, T, 1)
    exact = exact_jacobian_norms(trainer, reference(trainer, x))
    np.testing.assert_allclose(p.jacobian_norm, exact, rtol=1e-4)


def test_probe_batch_is_shared_read_only_and_exported(tmp_path, small_text):
    trainer = make_trainer("lstm", 2, "series", small_text)
    p1, p2 = trainer.probe(), trainer.probe()
    assert p1.batch_inputs is p2.batch_inputs  # kept probes share one copy
    with pytest.raises(ValueError):
        p1.batch_inputs[0, 0, 0] = 1.0
    write_run(trainer, tmp_path)
    z = np.load(tmp_path / "probe.npz")
    L, T, H = 2, trainer.config.seq_len, trainer.config.hidden
    B = len(p1.batch_inputs)
    shapes = {"batch_inputs": (B, T, 1), "jacobian_norm": (L, T), "spectral_radius": (L, 4),
              "gate_saturation": (L, 3, H, 2), "hidden_saturation": (L, H),
              "hidden_std": (L, H), "forget_bias": (L, H)}  # fmt: skip
    for name, shape in shapes.items():
        assert z[name].shape == shape and z[name].dtype == np.float32, name
    np.testing.assert_array_equal(z["hidden_std"], trainer.last_probe.hidden_std)


def test_rnn_text_probe_has_an_empty_gate_dimension(tmp_path, small_text):
    trainer = make_trainer("rnn", 1, "text", small_text)
    write_run(trainer, tmp_path)
    z = np.load(tmp_path / "probe.npz")
    assert z["gate_saturation"].shape == (1, 0, trainer.config.hidden, 2)
    assert z["batch_inputs"].shape[2] == len(trainer.data.vocab)
    assert "forget_bias" not in z


def test_tracks_follow_every_probe(small_text):
    trainer = make_trainer("gru", 2, "series", small_text)
    probes = [trainer.probe() for _ in range(2)]
    trainer.run(3)
    probes.append(trainer.probe())
    view = trainer.probe_log.view()
    p = probes[-1]
    tr = {k: v[-1] for k, v in view.tracks.items()}
    np.testing.assert_allclose(tr["jacobian_norm_max"], p.jacobian_norm.max(axis=1))
    np.testing.assert_allclose(tr["jacobian_norm_mean"], p.jacobian_norm.mean(axis=1), rtol=1e-6)
    np.testing.assert_allclose(tr["spectral_radius"], p.spectral_radius)
    g = p.grad_norm.astype(np.float64)
    np.testing.assert_allclose(tr["gradient_ratio"], g[:, 0] / g[:, -1])
    s = p.gate_saturation.astype(np.float64)
    np.testing.assert_allclose(tr["gate_low"], s[..., 0].mean(axis=2))
    np.testing.assert_allclose(tr["gate_high"], s[..., 1].mean(axis=2))
    np.testing.assert_allclose(tr["gate_saturated"], (s[..., 0] + s[..., 1]).mean(axis=2))
    np.testing.assert_allclose(tr["hidden_saturated"], p.hidden_saturation.mean(axis=1))
    np.testing.assert_allclose(tr["dead_fraction"], (p.hidden_std < DEAD_UNIT_STD).mean(axis=1))
    assert view.track("spectral_radius").shape == (len(view.steps), 2, 3)


# ------------------------------------------------------------------- forget-bias setter


def forget_slices(trainer):
    H = trainer.config.hidden
    rnn = trainer.model.rnn
    return [(getattr(rnn, f"bias_ih_l{k}")[H : 2 * H].detach().clone(),
             getattr(rnn, f"bias_hh_l{k}")[H : 2 * H].detach().clone())
            for k in range(rnn.num_layers)]  # fmt: skip


def test_set_forget_bias_applies_at_the_next_step():
    trainer = make_trainer("lstm", 2, "series", None)
    H = trainer.config.hidden
    before = forget_slices(trainer)
    others = trainer.model.rnn.bias_ih_l1.detach().clone()
    trainer.set_forget_bias(1.0)
    for (bi, bh), (bi0, bh0) in zip(forget_slices(trainer), before, strict=True):
        assert torch.equal(bi, bi0) and torch.equal(bh, bh0)  # pending until the next step
    seen = []
    hook = trainer.model.register_forward_pre_hook(lambda m, a: seen.append(forget_slices(trainer)))
    trainer.step()
    hook.remove()
    for bi, bh in seen[0]:  # what the step's forward pass used
        assert torch.equal(bi, torch.ones(H)) and torch.equal(bh, torch.zeros(H))
    kept = others.clone()
    kept[H : 2 * H] = 1.0
    torch.testing.assert_close(trainer.model.rnn.bias_ih_l1.detach(), kept, atol=0.05, rtol=0)
    trainer.set_forget_bias(-0.5)
    p = trainer.probe()  # a probe also takes pending settings first
    np.testing.assert_array_equal(p.forget_bias, np.full((2, H), -0.5, np.float32))


@pytest.mark.parametrize(("cell", "value"), [("gru", 1.0), ("rnn", 1.0), ("lstm", float("nan"))])
def test_set_forget_bias_refuses_what_cannot_work(cell, value):
    trainer = make_trainer(cell, 1, "series", None)
    with pytest.raises(ConfigError):
        trainer.set_forget_bias(value)
