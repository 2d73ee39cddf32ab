"""The memory tasks (--task adding): the generator against numpy, its baseline, fresh
batches per seed, the config's checks, metrics.json's baseline_loss and the command line."""

import json
import math

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.cli import main
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import ADDING_VAL, AddingData, CopyData, adding_batch, copy_batch, load_data
from rnnviz.core.presets import baselines
from rnnviz.core.trainer import RunInfo, Trainer


def numpy_adding(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From the inputs alone: each sequence's marked positions (n, 2) and the sum of the
    values there, in float64."""
    values, markers = x[..., 0].astype(np.float64), x[..., 1]
    pos = np.stack([np.flatnonzero(m) for m in markers])  # fails unless exactly 2 per row
    return pos, values, values[np.arange(len(x))[:, None], pos].sum(axis=1)


@pytest.mark.parametrize("T", [2, 3, 7, 50])
def test_adding_batch_has_two_markers_one_per_half_and_sums_them(T):
    x, y = adding_batch(500, T, torch.Generator().manual_seed(3))
    assert x.shape == (500, T, 2) and y.shape == (500, 1)
    assert x.dtype == torch.float32 and y.dtype == torch.float32
    pos, values, sums = numpy_adding(x.numpy())
    assert pos.shape == (500, 2)
    assert (pos[:, 0] < T // 2).all() and (pos[:, 1] >= T // 2).all() and (pos[:, 1] < T).all()
    assert set(np.unique(x[..., 1].numpy())) <= {0.0, 1.0}
    assert ((values >= 0) & (values < 1)).all()
    np.testing.assert_allclose(y[:, 0].numpy(), sums, rtol=1e-6)


def test_adding_positions_cover_each_half():
    T = 10
    pos, _, _ = numpy_adding(adding_batch(4000, T, torch.Generator().manual_seed(0))[0].numpy())
    assert set(pos[:, 0]) == set(range(T // 2)) and set(pos[:, 1]) == set(range(T // 2, T))


def test_the_memoryless_baseline_is_one_sixth_by_monte_carlo():
    x, y = adding_batch(200_000, 20, torch.Generator().manual_seed(1))
    _, _, sums = numpy_adding(x.numpy())
    mse_of_one = np.mean((sums - 1.0) ** 2)  # always predict 1, the mean of the sum
    best_constant = np.mean((sums - sums.mean()) ** 2)
    assert abs(mse_of_one - 1 / 6) < 0.003 and abs(best_constant - 1 / 6) < 0.003
    data = AddingData(20)
    assert data.baseline_loss == 1 / 6
    assert baselines(data) == {"baseline_loss": 1 / 6}
    # and on the fixed validation set itself
    _, _, val_sums = numpy_adding(data.val_batch(torch.device("cpu"))[0].numpy())
    assert abs(np.mean((val_sums - 1.0) ** 2) - 1 / 6) < 0.02


def test_same_seed_same_batches_and_a_fixed_validation_set():
    c = Config(task="adding", seq_len=12, hidden=4, steps=3, batch_size=8)
    a, b, other = Trainer(c), Trainer(c), Trainer(c.replace(seed=1))
    batches = []
    for t in (a, b, other):
        batches.append(t.data.fresh_batch(8, t._batch_gen, t.device))
    assert all(torch.equal(u, v) for u, v in zip(batches[0], batches[1], strict=True))
    assert not torch.equal(batches[0][0], batches[2][0])
    # consecutive batches of one run are fresh sequences
    nxt = a.data.fresh_batch(8, a._batch_gen, a.device)
    assert not torch.equal(nxt[0], batches[0][0])
    # the validation set does not depend on the run's seed, and is drawn once
    va, vo = a.data.val_batch(a.device), other.data.val_batch(other.device)
    assert va[0].shape == (ADDING_VAL, 12, 2)
    assert torch.equal(va[0], vo[0]) and torch.equal(va[1], vo[1])
    assert a.data.val_batch(a.device)[0] is va[0]


def test_training_is_deterministic_per_seed_and_reads_the_last_step():
    c = Config(task="adding", seq_len=10, hidden=6, batch_size=16, lr=0.01, val_every=5)
    runs = []
    for _ in range(2):
        t = Trainer(c)
        t.run(10)
        runs.append(t.history.rows[:, 1].copy())
    np.testing.assert_array_equal(runs[0], runs[1])
    assert t.batch_size == 16
    assert t.data.input_size == 2 and t.data.output_size == 1
    # the validation loss is the MSE of the last step's output, as torch.nn computes it
    x, y = t.data.val_batch(t.device)
    rnn = nn.LSTM(2, 6, batch_first=True).double()
    rnn.load_state_dict(t.model.rnn.state_dict())
    head = nn.Linear(6, 1).double()
    head.load_state_dict(t.model.head.state_dict())
    with torch.no_grad():
        pred = head(rnn(x.double())[0][:, -1]).numpy()[:, 0]
    want = np.mean((pred - y.numpy()[:, 0].astype(np.float64)) ** 2)
    assert t.validate() == pytest.approx(want, rel=1e-4)


def test_automatic_batch_is_64_and_run_info_carries_the_baseline():
    t = Trainer(Config(task="adding", seq_len=8, hidden=4))
    assert t.batch_size == 64
    info = RunInfo.from_trainer(t)
    assert info.kind == "adding" and info.baseline_loss == 1 / 6
    assert RunInfo.from_trainer(Trainer(Config(hidden=4))).baseline_loss is None


def test_the_probe_reads_the_first_validation_sequence():
    t = Trainer(Config(task="adding", seq_len=9, hidden=5, cell="gru"))
    p = t.probe()
    x, y = t.data.val_batch(t.device)
    np.testing.assert_array_equal(p.inputs, x[0].numpy())
    assert float(p.target[0]) == pytest.approx(float(y[0, 0]))
    pos, _, _ = numpy_adding(x[:1].numpy())
    assert "".join(p.tokens) == "".join("+" if i in pos[0] else "·" for i in range(9))
    rnn = nn.GRU(2, 5, batch_first=True).double()
    rnn.load_state_dict(t.model.rnn.state_dict())
    head = nn.Linear(5, 1).double()
    head.load_state_dict(t.model.head.state_dict())
    with torch.no_grad():
        want = float(head(rnn(x[:1].double())[0][:, -1])[0, 0])
    assert float(p.output_T[0]) == pytest.approx(want, rel=1e-5, abs=1e-7)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seq_len": 1}, "seq-len must be >= 2"),
        ({"data": "x.txt"}, "reads no data file"),
        ({"task": "copying"}, "task must be one of sine, adding, copy"),
    ],
)
def test_bad_task_configs(changes, message):
    with pytest.raises(ConfigError, match=message):
        Config(**({"task": "adding"} | changes))


def test_load_data_makes_the_task():
    d = load_data(Config(task="adding", seq_len=30))
    assert isinstance(d, AddingData) and d.seq_len == 30


def test_cli_writes_baseline_loss_to_metrics(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["train", "--task", "adding", "--steps", "5", "--hidden", "4", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    m = json.loads((out / "metrics.json").read_text())
    assert m["baseline_loss"] == 1 / 6 and m["steps"] == 5
    assert math.isfinite(m["final_val_loss"])
    config = json.loads((out / "config.json").read_text())
    assert config["task"] == "adding" and config["data_source"]["kind"] == "adding"
    sine = tmp_path / "sine"
    assert main(["train", "--steps", "2", "--hidden", "4", "--out", str(sine)]) == 0
    # a series' baseline is its naive forecast's (checked against numpy in test_probe)
    m = json.loads((sine / "metrics.json").read_text())
    assert math.isfinite(m["baseline_loss"]) and m["baseline_loss"] > 0


def test_compare_writes_baseline_loss_for_every_variant(tmp_path, capsys):
    out = tmp_path / "cmp"
    code = main(["compare", "--task", "adding", "--seq-len", "10", "--steps", "3", "--hidden",
                 "4", "--vary", "cell=rnn,gru", "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    for name in ("cell-rnn", "cell-gru"):
        assert json.loads((out / name / "metrics.json").read_text())["baseline_loss"] == 1 / 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "adding", "--seq-len", "1"], "seq-len must be >= 2"),
        (["--task", "adding", "--data", "TEXT"], "reads no data file"),
        (["--task", "copying"], "invalid choice"),
    ],
)
def test_bad_task_options_exit_2_with_one_line(args, message, capsys, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("hello world " * 20)
    args = [str(text) if a == "TEXT" else a for a in args]
    with pytest.raises(SystemExit) as e:  # argparse's own errors exit too
        raise SystemExit(main(["train", "--steps", "1", *args]))
    assert e.value.code == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], err
    assert "Traceback" not in err


# ------------------------------------------------------------------------------ copy


def numpy_copy(x: np.ndarray, y: np.ndarray, T: int):
    """From the one-hot inputs alone: the 10 symbols read, and the targets numpy expects."""
    ids = x.argmax(axis=-1)
    assert np.array_equal(x.sum(axis=-1), np.ones(ids.shape))  # exactly one-hot
    symbols = ids[:, :10]
    want = np.zeros((len(x), T), np.int64)
    want[:, T - 10 :] = symbols
    return ids, symbols, want


@pytest.mark.parametrize("T", [21, 30, 60])
def test_copy_batch_layout_and_targets(T):
    x, y = copy_batch(400, T, torch.Generator().manual_seed(2))
    assert x.shape == (400, T, 10) and y.shape == (400, T) and y.dtype == torch.int64
    ids, symbols, want = numpy_copy(x.numpy(), y.numpy(), T)
    assert ((symbols >= 1) & (symbols <= 8)).all()
    assert (ids[:, 10 : T - 11] == 0).all() and (ids[:, T - 11] == 9).all()
    assert (ids[:, T - 10 :] == 0).all()
    np.testing.assert_array_equal(y.numpy(), want)


def test_the_copy_baseline_is_10_ln8_over_T_by_monte_carlo():
    T = 40
    _, y = copy_batch(50_000, T, torch.Generator().manual_seed(5))
    y = y.numpy()
    # the best memoryless predictor knows only the step: each step's empirical distribution
    entropy = 0.0
    for t in range(T):
        p = np.bincount(y[:, t], minlength=10) / len(y)
        p = p[p > 0]
        entropy -= (p * np.log(p)).sum()
    assert entropy / T == pytest.approx(10 * np.log(8) / T, rel=2e-3)
    d = CopyData(T)
    assert d.baseline_loss == pytest.approx(10 * math.log(8) / T, rel=1e-15)
    assert baselines(d) == {"baseline_loss": d.baseline_loss}


def test_copy_trains_on_every_step_with_cross_entropy():
    c = Config(task="copy", seq_len=24, hidden=6, batch_size=8, cell="gru")
    t = Trainer(c)
    assert t.batch_size == 8 and not t._last_only
    t.run(2)
    x, y = t.data.val_batch(t.device)
    rnn = nn.GRU(10, 6, batch_first=True).double()
    rnn.load_state_dict(t.model.rnn.state_dict())
    head = nn.Linear(6, 10).double()
    head.load_state_dict(t.model.head.state_dict())
    with torch.no_grad():
        logits = head(rnn(x.double())[0]).numpy()  # (N, T, 10)
    logp = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    want = -np.take_along_axis(logp, y.numpy()[..., None], -1).mean()
    assert t.validate() == pytest.approx(want, rel=1e-4)
    p = t.probe()
    assert "".join(p.tokens) == "".join(CopyData(24).decode(x[0].argmax(-1)))
    assert "".join(p.tokens)[13] == "|"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "copy", "--seq-len", "20"], "seq-len must be >= 21"),
        (["--task", "copy", "--seq-len", "30", "--bidirectional"], "drop --bidirectional"),
    ],
)
def test_bad_copy_options_exit_2(args, message, capsys):
    assert main(["train", "--steps", "1", *args]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_cli_copy_writes_its_baseline(tmp_path, capsys):
    out = tmp_path / "copy"
    code = main(["train", "--task", "copy", "--seq-len", "25", "--steps", "3", "--hidden", "4",
                 "--out", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    m = json.loads((out / "metrics.json").read_text())
    assert m["baseline_loss"] == pytest.approx(10 * math.log(8) / 25)


@pytest.mark.parametrize("task", ["adding", "copy"])
def test_inspect_says_in_one_line_that_a_task_has_no_windows_to_scan(task, tmp_path, capsys):
    out = tmp_path / task
    assert main(["train", "--task", task, "--seq-len", "21", "--steps", "1", "--hidden", "4",
                 "--out", str(out)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["inspect", str(out), "--unit", "0:1"]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"the {task} task has separate sequences" in lines[0], err
