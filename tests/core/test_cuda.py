"""Training and probes on a GPU (skipped without one): the model trains on CUDA, the probe
runs on a CPU copy of exactly those weights, and agrees with a CPU model given them."""

import numpy as np
import pytest
import torch

from rnnviz.core.config import Config
from rnnviz.core.export import checkpoint_dict, write_run
from rnnviz.core.trainer import Trainer

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU")


@cuda
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_cuda_training_and_probe_match_cpu(cell, small_text, tmp_path):
    for extra in ({}, {"data": str(small_text), "seq_len": 8}):
        gpu = Trainer(Config(cell=cell, hidden=16, layers=2, device="cuda", **extra))
        gpu.run(20)
        assert all(p.is_cuda for p in gpu.model.parameters())
        assert np.isfinite(gpu.history.rows[:, 1]).all()
        cpu = Trainer(Config(cell=cell, hidden=16, layers=2, **extra))
        ckpt = checkpoint_dict(gpu)
        cpu.load_state(ckpt["rnn_state_dict"], ckpt["head_state_dict"])
        a, b = gpu.probe(), cpu.probe()
        np.testing.assert_allclose(a.hidden, b.hidden, atol=1e-6)
        np.testing.assert_allclose(a.grad_norm, b.grad_norm, rtol=1e-5)
        for g in a.gates:
            np.testing.assert_allclose(a.gates[g], b.gates[g], atol=1e-6)
        if a.predictions is not None:  # the fused forward on the GPU vs on the CPU
            np.testing.assert_allclose(a.predictions, b.predictions, rtol=1e-3, atol=1e-4)
        write_run(gpu, tmp_path / cell, generate=20)
        saved = torch.load(tmp_path / cell / "checkpoint.pt", weights_only=True)
        assert all(not v.is_cuda for v in saved["rnn_state_dict"].values())
