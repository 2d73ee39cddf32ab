"""A run folder read back into a Trainer (rnnviz.core.restore): the weights, history and probe
against the folder's own files, read with torch and numpy."""

import math

import numpy as np
import pytest
import torch

from rnnviz.core.data import DataError
from rnnviz.core.export import ExportError
from rnnviz.core.restore import restore_trainer, restored_snapshot
from tests.core.test_report import copy_run


@pytest.mark.parametrize("name", ["series", "text", "cmp/cell-gru"])
def test_a_restored_run_has_the_folders_weights_history_and_probe(run_folders, name):
    folder = run_folders / name
    t = restore_trainer(folder)
    ckpt = torch.load(folder / "checkpoint.pt", weights_only=True)
    for k, v in ckpt["rnn_state_dict"].items():
        torch.testing.assert_close(t.model.rnn.state_dict()[k], v, rtol=0, atol=0)
    rows = np.genfromtxt(folder / "history.csv", delimiter=",", skip_header=1)  # (n, 6)
    np.testing.assert_array_equal(t.history.rows, rows.reshape(t.history.rows.shape))
    assert t.step_count == int(rows[-1, 0])
    last_val = rows[~np.isnan(rows[:, 2]), 2][-1]
    assert t.last_val == last_val
    saved = np.load(folder / "probe.npz")
    np.testing.assert_allclose(t.last_probe.hidden, saved["hidden"], atol=1e-6)
    np.testing.assert_allclose(t.last_probe.grad_norm, saved["grad_norm"], rtol=1e-4, atol=1e-9)
    snap = restored_snapshot(t, folder)
    kept = np.load(folder / "probes.npz")
    assert list(snap.probes.steps) == list(kept["step"])  # the last is the probe taken now
    tau = snap.probes.track("memory_length")
    np.testing.assert_allclose(tau[:-1], kept["memory_length"][:-1], rtol=1e-6)
    np.testing.assert_allclose(tau[-1], t.last_probe.memory_length, rtol=1e-6)
    assert len(snap.history.rows) == len(rows)  # every row, none decimated away
    assert math.isfinite(snap.train_loss)
    if (folder / "predictions.csv").is_file():  # the folder's own rollout, drawn again
        csv = np.genfromtxt(folder / "predictions.csv", delimiter=",", skip_header=1,
                            usecols=4)  # fmt: skip
        saved_free = csv[~np.isnan(csv)]
        np.testing.assert_allclose(snap.free_running.values, saved_free, rtol=1e-5, atol=1e-6)


def test_a_run_whose_text_changed_is_refused_in_one_line(run_folders, tmp_path):
    import json

    out = copy_run(run_folders / "text", tmp_path / "run")
    config = json.loads((out / "config.json").read_text())
    other = tmp_path / "other.txt"
    other.write_text("xyz " * 100, encoding="utf-8")
    config["data"] = str(other)
    (out / "config.json").write_text(json.dumps(config))
    with pytest.raises(ExportError, match="another text") as e:  # a CheckpointError
        restore_trainer(out)
    assert "\n" not in str(e.value)
    other.unlink()
    with pytest.raises(DataError):
        restore_trainer(out)
