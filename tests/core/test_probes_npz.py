"""probes.npz: the run's kept probes stacked, steps increasing, the last one equal to probe.npz."""

import numpy as np
import pytest

from rnnviz.core.config import Config
from rnnviz.core.export import write_run
from rnnviz.core.probe import memory_length
from rnnviz.core.probelog import ProbeLog
from rnnviz.core.trainer import Trainer


def lstsq_tau(row):
    """Independent fit: tau = -1/b, b the slope of ln g against T - t by numpy lstsq."""
    lag = np.arange(len(row), 0, -1) - 1.0
    A = np.stack([lag, np.ones_like(lag)], axis=1)
    b = np.linalg.lstsq(A, np.log(row.astype(np.float64)), rcond=None)[0][0]
    return -1 / b if b < 0 else np.inf


@pytest.mark.parametrize(("cell", "layers", "kind"), [("lstm", 2, "series"), ("gru", 1, "text")])
def test_probes_npz_shapes_order_and_last_equals_probe(cell, layers, kind, small_text, tmp_path):
    data = str(small_text) if kind == "text" else None
    config = Config(cell=cell, layers=layers, hidden=6, seq_len=7, length=120, data=data,
                    probe_every=2, sample_len=0)  # fmt: skip
    t = Trainer(config)
    t.probe_log = ProbeLog(keep=6)  # small, so the run is thinned several times
    t.run(41)
    write_run(t, tmp_path)
    kept = t.probe_log.view().probes
    a = np.load(tmp_path / "probes.npz")
    K, L, T, H = len(kept), layers, 7, 6
    gates = {"lstm": "ifgo", "gru": "rzn"}[cell]
    assert set(a.files) == {"step", "hidden", "grad_norm", "memory_length", "input_saliency"} | {
        f"gate_{g}" for g in gates
    }
    assert 2 <= K <= 6
    assert a["step"].shape == (K,) and a["hidden"].shape == (K, L, T, H)
    assert a["grad_norm"].shape == (K, L, T) and a["memory_length"].shape == (K, L)
    assert a["input_saliency"].shape == (K, T)
    for g in gates:
        assert a[f"gate_{g}"].shape == (K, L, T, H)
    steps = a["step"]
    assert np.all(np.diff(steps) > 0) and steps[0] == 2 and steps[-1] == t.step_count == 41
    for k, p in enumerate(kept):
        assert steps[k] == p.step
        np.testing.assert_array_equal(a["hidden"][k], p.hidden)
        for j in range(L):
            want = lstsq_tau(p.grad_norm[j])
            assert a["memory_length"][k, j] == pytest.approx(want, rel=1e-4)

    last = np.load(tmp_path / "probe.npz")
    for key in ("hidden", "grad_norm", "input_saliency", *(f"gate_{g}" for g in gates)):
        np.testing.assert_array_equal(a[key][-1], last[key])


def test_memory_length_fit():
    T = 20
    lag = np.arange(T)[::-1]
    decaying = np.exp(-lag / 5.0)  # e-folds every 5 steps back
    growing = np.exp(lag / 5.0)
    tau = memory_length(np.stack([decaying, growing, np.zeros(T)]))
    assert tau[0] == pytest.approx(5.0, rel=1e-9)
    assert tau[1] == np.inf and np.isnan(tau[2])
