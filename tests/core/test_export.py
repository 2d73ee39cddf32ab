import csv
import json
import os
import pickle

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core.config import Config
from rnnviz.core.export import (
    CheckpointError,
    ExportError,
    apply_checkpoint,
    load_checkpoint,
    save_checkpoint,
    write_run,
)
from rnnviz.core.trainer import Trainer


@pytest.fixture(scope="module")
def series_run(tmp_path_factory):
    t = Trainer(Config(cell="gru", hidden=8, layers=2, length=150))
    t.run(30)
    out = tmp_path_factory.mktemp("run")
    write_run(t, out)
    return t, out


def test_run_folder_contents(series_run):
    t, out = series_run
    names = {p.name for p in out.iterdir()}
    assert names == {"config.json", "metrics.json", "history.csv", "probe.npz", "checkpoint.pt",
                     "predictions.csv", "probes.npz", "environment.json"}  # fmt: skip
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["cell"] == "gru" and cfg["layers"] == 2 and cfg["batch_size"] == t.batch_size
    assert cfg["data_source"]["name"] == "sine"
    m = json.loads((out / "metrics.json").read_text())
    assert m["steps"] == 30 and m["diverged"] is False and m["missing_values_filled"] == 0
    assert m["final_train_loss"] == pytest.approx(t.train_loss)
    assert m["steps_per_second"] > 0
    rows = list(csv.DictReader((out / "history.csv").read_text().splitlines()))
    assert len(rows) == 30 and list(rows[0]) == ["step", "train_loss", "val_loss", "grad_norm",
                                                 "grad_norm_clipped", "lr"]  # fmt: skip
    assert float(rows[-1]["train_loss"]) == pytest.approx(t.train_loss)


def test_probe_npz_was_taken_with_the_checkpoint_weights(series_run):
    t, out = series_run
    probe = np.load(out / "probe.npz")
    ckpt = torch.load(out / "checkpoint.pt", weights_only=True)
    cfg = ckpt["config"]
    rnn = nn.GRU(ckpt["input_size"], cfg["hidden"], cfg["layers"], batch_first=True)
    rnn.load_state_dict(ckpt["rnn_state_dict"])
    head = nn.Linear(cfg["hidden"], ckpt["output_size"])
    head.load_state_dict(ckpt["head_state_dict"])
    x = torch.from_numpy(probe["inputs"])[None]  # (1, T, 1)
    with torch.no_grad():
        out_seq, h_n = rnn(x)
    assert probe["hidden"].shape == (2, t.config.seq_len, 8)
    np.testing.assert_allclose(probe["hidden"][-1], out_seq[0].numpy(), atol=1e-5)
    np.testing.assert_allclose(probe["hidden"][:, -1], h_n[:, 0].numpy(), atol=1e-5)
    assert set(probe.files) >= {"target", "grad_norm", "gate_r", "gate_z", "gate_n"}
    assert probe["grad_norm"].shape == (2, t.config.seq_len)
    norm = ckpt["normalization"]
    pred = float(head(out_seq[0, -1]).detach()) * norm["std"] + norm["mean"]
    rows = list(csv.DictReader((out / "predictions.csv").read_text().splitlines()))
    first_val = next(r for r in rows if r["split"] == "val")
    assert float(first_val["predicted"]) == pytest.approx(pred, rel=1e-4, abs=1e-5)
    assert int(first_val["index"]) == t.data.n_train + t.config.seq_len


def test_predictions_csv_is_in_the_files_units(tmp_path):
    p = tmp_path / "big.csv"
    values = 1000 + 50 * np.sin(np.arange(120) * 0.3)
    p.write_text("v\n" + "\n".join(map(str, values)))
    t = Trainer(Config(data=str(p), hidden=4, seq_len=5))
    t.run(3)
    write_run(t, tmp_path / "out")
    rows = list(csv.DictReader((tmp_path / "out" / "predictions.csv").read_text().splitlines()))
    assert len(rows) == 115
    assert float(rows[0]["actual"]) == pytest.approx(values[5])
    assert {r["split"] for r in rows} == {"train", "val"}


def test_text_run_writes_sample(small_text, tmp_path):
    t = Trainer(Config(data=str(small_text), hidden=8, seq_len=6, prime="the"))
    t.run(5)
    write_run(t, tmp_path, generate=40)
    sample = (tmp_path / "sample.txt").read_text()
    assert sample.startswith("the") and len(sample) == 43
    assert json.loads((tmp_path / "metrics.json").read_text())["vocab_size"] == len(t.data.vocab)
    assert torch.load(tmp_path / "checkpoint.pt", weights_only=True)["vocab"] == t.data.vocab


def test_checkpoint_round_trip_and_shape_mismatch(tmp_path):
    a = Trainer(Config(hidden=8, length=100))
    a.run(5)
    path = save_checkpoint(a, tmp_path / "a.pt")
    b = Trainer(Config(hidden=8, length=100, seed=3))
    apply_checkpoint(b, load_checkpoint(path))
    for pa, pb in zip(a.model.parameters(), b.model.parameters(), strict=True):
        assert torch.equal(pa, pb)
    c = Trainer(Config(hidden=16, length=100))
    before = [p.clone() for p in c.model.parameters()]
    with pytest.raises(CheckpointError, match="does not fit"):
        apply_checkpoint(c, load_checkpoint(path))
    for p, q in zip(before, c.model.parameters(), strict=True):
        assert torch.equal(p, q)  # nothing half-loaded


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/rnnviz-pwned",))


def test_malicious_pickle_is_refused_not_run(tmp_path):
    path = tmp_path / "evil.pt"
    with open(path, "wb") as f:
        pickle.dump({"config": Evil()}, f)
    with pytest.raises(CheckpointError, match="refused"):
        load_checkpoint(path)
    assert not os.path.exists("/tmp/rnnviz-pwned")


@pytest.mark.parametrize("content", [b"", b"not a checkpoint at all", b"PK\x03\x04garbage"])
def test_garbage_checkpoints(tmp_path, content):
    path = tmp_path / "x.pt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError):
        load_checkpoint(path)
    torch.save({"hello": 1}, path)
    with pytest.raises(CheckpointError, match="not an rnnviz checkpoint"):
        load_checkpoint(path)


def test_export_into_an_unwritable_place_is_a_clean_error(tmp_path, monkeypatch):
    t = Trainer(Config(hidden=4, length=60))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        write_run(t, blocker)
    with pytest.raises(ExportError, match="cannot write"):
        write_run(t, blocker / "sub")


def test_full_disk_leaves_previous_files_intact(tmp_path, monkeypatch):
    t = Trainer(Config(hidden=4, length=60))
    write_run(t, tmp_path)
    before = (tmp_path / "metrics.json").read_bytes()
    t.run(3)
    real = os.replace

    def no_space(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(ExportError, match="No space left"):
        write_run(t, tmp_path)
    monkeypatch.setattr(os, "replace", real)
    assert (tmp_path / "metrics.json").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp litter
