"""rnnviz sweep: the grid, its checks, the runs on Ray (a local Ray shared by the module), the
rows against the run folders and against `rnnviz train`, resume and failure."""

import csv
import json
import sys
import threading

import numpy as np
import pytest

from rnnviz.cli import main
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.sweep import (
    COLUMNS,
    INSTALL,
    Plan,
    parse_axis,
    read_sweep,
    run_sweep,
    sweep_map,
)

SMALL = ["--task", "adding", "--seq-len", "12", "--hidden", "8", "--steps", "40"]
GRID = ["--grid", "cell=rnn,gru"]


def test_grid_values_lists_and_ranges():
    assert parse_axis("cell=rnn,lstm,gru").values == ("rnn", "lstm", "gru")
    assert parse_axis("seq-len=10:50:5").values == (10, 20, 30, 40, 50)
    assert parse_axis("attention=off,on").values == (False, True)
    a = parse_axis("init_scale=0.25:4:5")  # a scale: log-spaced; field names work too
    assert a.flag == "init-scale" and a.field == "init_scale"
    np.testing.assert_allclose(a.values, [0.25, 0.5, 1, 2, 4], rtol=1e-6)
    np.testing.assert_allclose(parse_axis("lr=0.001:0.1:3").values, [0.001, 0.01, 0.1])
    np.testing.assert_allclose(parse_axis("dropout=0:0.5:3").values, [0, 0.25, 0.5])  # linear


def test_plan_runs_every_point_and_seed_in_order():
    plan = Plan(Config(task="adding"), (parse_axis("cell=rnn,gru"), parse_axis("hidden=8,16")), 2)
    specs = plan.runs()
    assert plan.count == len(specs) == 8
    assert [s.name for s in specs[:3]] == [
        "cell-rnn_hidden-8_seed-0", "cell-rnn_hidden-8_seed-1", "cell-rnn_hidden-16_seed-0",
    ]  # fmt: skip
    assert {(s.config.cell, s.config.hidden, s.config.seed) for s in specs} == {
        (c, h, s) for c in ("rnn", "gru") for h in (8, 16) for s in (0, 1)
    }
    with pytest.raises(ConfigError, match="given twice"):
        Plan(Config(), (parse_axis("cell=rnn"), parse_axis("cell=gru")), 1)


@pytest.mark.parametrize(
    "grid, says",
    [
        ("size=1,2", "no setting 'size'"),
        ("cell=rnn,tree", "cell must be one of"),
        ("hidden=0,8", "hidden must be"),
        ("hidden=8,eight", "'eight' is not a whole number"),
        ("seed=1,2", "--seeds"),
        ("init-scale=0:1:3", "log-spaced"),
        ("cell", "FIELD=v1,v2"),
        ("attention=off,on", "attention"),  # the copy task (below) takes no attention
    ],
)
def test_a_bad_grid_exits_2_with_one_line_before_anything_runs(tmp_path, capsys, grid, says):
    out = tmp_path / "sweep"
    rc = main(["sweep", "--task", "copy", "--seq-len", "30", "--grid", grid, "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and err.startswith("error: ") and says in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_a_run_whose_data_does_not_fit_exits_2_before_anything_runs(tmp_path, capsys):
    data = tmp_path / "short.csv"
    data.write_text("value\n" + "\n".join(str(i % 7) for i in range(40)) + "\n")
    out = tmp_path / "sweep"
    rc = main(["sweep", "--data", str(data), "--grid", "seq-len=5,100", "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2 and "run seq-len-100_seed-0" in err and err.count("\n") == 1
    assert not out.exists()


def test_without_ray_it_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    rc = main(["sweep", *SMALL, *GRID, "--out", str(tmp_path / "s")])
    assert rc == 2
    assert capsys.readouterr().err == f"error: {INSTALL}\n"


# ----------------------------------------------------------------------- on a local Ray


@pytest.fixture(scope="module")
def ray_local():
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def swept(ray_local, tmp_path_factory):
    """A sweep of 4 runs (RNN and GRU, seeds 0 and 1) through the command line."""
    out = tmp_path_factory.mktemp("sw") / "sweep"
    assert main(["sweep", *SMALL, *GRID, "--seeds", "2", "--out", str(out)]) == 0
    return out


def _rows(out):
    with open(out / "sweep.csv", newline="") as f:
        return list(csv.DictReader(f))


def test_a_sweep_writes_a_run_folder_and_a_row_per_run(swept):
    rows = _rows(swept)
    assert list(rows[0]) == ["cell", *COLUMNS]
    assert [(r["cell"], r["seed"]) for r in rows] == [
        ("rnn", "0"), ("rnn", "1"), ("gru", "0"), ("gru", "1"),
    ]  # fmt: skip
    info = json.loads((swept / "sweep.json").read_text())
    assert info["grid"] == {"cell": ["rnn", "gru"]} and info["seeds"] == 2
    assert info["command"].startswith("rnnviz sweep ") and info["ran_on"]["cpus"] == 2
    for r in rows:
        folder = swept / r["run"]
        assert r["status"] == "ok" and r["message"] == ""
        assert {p.name for p in folder.iterdir()} >= {
            "config.json", "metrics.json", "history.csv", "checkpoint.pt", "probes.npz",
        }  # fmt: skip
        m = json.loads((folder / "metrics.json").read_text())
        config = json.loads((folder / "config.json").read_text())
        assert config["cell"] == r["cell"] and config["seed"] == int(r["seed"])
        # the row's numbers are its folder's metrics.json's (the top layer of per-layer lists)
        for key in ("final_train_loss", "final_val_loss", "baseline_loss", "steps_per_second"):
            assert float(r[key]) == m[key]
        for key in ("memory_length", "spectral_radius", "grad_ratio"):
            assert (float(r[key]) if r[key] else None) == m[key][-1]
        assert float(r["baseline_loss"]) == pytest.approx(1 / 6)
        assert float(r["seconds"]) > 0


def test_a_run_in_a_sweep_trains_as_rnnviz_train_does(swept, tmp_path):
    row = _rows(swept)[3]  # gru, seed 1
    alone = tmp_path / "alone"
    argv = ["train", *SMALL, "--cell", "gru", "--seed", "1", "--threads", "1", "--out", str(alone)]
    assert main(argv) == 0
    a = np.genfromtxt(alone / "history.csv", delimiter=",", names=True)
    b = np.genfromtxt(swept / row["run"] / "history.csv", delimiter=",", names=True)
    np.testing.assert_array_equal(a["train_loss"], b["train_loss"])
    np.testing.assert_array_equal(a["val_loss"], b["val_loss"])


def test_an_interrupted_sweep_finishes_only_what_is_missing(swept):
    rows = _rows(swept)
    lost = rows[1]["run"]  # killed before its row was saved: folder and row gone
    import shutil

    shutil.rmtree(swept / lost)
    (swept / ".runs" / f"{lost}.json").unlink()
    (swept / f"{rows[2]['run']}.partial").mkdir()  # a run killed while writing, kept
    kept = {r["run"]: (swept / r["run"] / "metrics.json").stat().st_mtime_ns
            for r in rows if r["run"] != lost}  # fmt: skip
    assert main(["sweep", *SMALL, *GRID, "--seeds", "2", "--out", str(swept)]) == 0
    after = _rows(swept)
    assert [r["run"] for r in after] == [r["run"] for r in rows]
    for run, mtime in kept.items():  # never redone
        assert (swept / run / "metrics.json").stat().st_mtime_ns == mtime
    assert (swept / lost / "metrics.json").exists()
    assert after[1]["final_train_loss"] == rows[1]["final_train_loss"]  # same seed, same run


def test_another_sweep_in_the_same_folder_is_refused(swept, capsys):
    rc = main(["sweep", *SMALL, "--grid", "cell=rnn,lstm", "--out", str(swept)])
    assert rc == 2 and "holds another sweep" in capsys.readouterr().err


def test_a_run_that_fails_or_diverges_is_a_row_and_the_sweep_goes_on(ray_local, tmp_path):
    base = Config(hidden=8, steps=100, optimizer="sgd", threads=1)
    plan = Plan(base, (parse_axis("lr=0.01,10"),), 2)
    out = tmp_path / "sweep"
    stop = threading.Event()
    stop.set()  # stopped before any run: the folder is set up, nothing ran
    info = run_sweep(plan, out, "test", stop=stop)
    assert not info["finished"] and _rows(out) == []
    blocked = plan.runs()[1].name
    (out / f"{blocked}.partial").write_text("a file where the run's folder goes")
    info = run_sweep(plan, out, "test")
    rows = {r["run"]: r for r in _rows(out)}
    assert info["finished"] and len(rows) == 4
    assert rows[blocked]["status"] == "failed" and "not a folder" in rows[blocked]["message"]
    assert not (out / blocked).exists()
    assert rows[plan.runs()[0].name]["status"] == "ok"
    for spec in plan.runs()[2:]:  # SGD at lr 10: the loss goes non-finite
        assert rows[spec.name]["status"] == "diverged" and rows[spec.name]["message"]
    # finished runs, failed ones included, are not done again
    again = run_sweep(plan, out, "test")
    assert again["finished"] and {r["run"]: r for r in _rows(out)} == rows


def test_the_map_is_the_median_over_seeds(swept):
    table = read_sweep(swept)
    assert table.axes["seed"] == [0, 1]  # seeds as an axis: each run alone in its cell
    m = sweep_map(table, "log_val_over_baseline", "cell", "seed")
    rows = _rows(swept)
    for r in rows:
        expected = np.log10(float(r["final_val_loss"]) / float(r["baseline_loss"]))
        j, k = int(r["seed"]), ["rnn", "gru"].index(r["cell"])
        assert m.value[0, j, k] == pytest.approx(expected, rel=1e-12)
    table.axes["one"] = [None]
    for r in table.rows:
        r["one"] = None
    m = sweep_map(table, "log_val_loss", "cell", "one")
    for k, cell in enumerate(["rnn", "gru"]):
        vals = [np.log10(float(r["final_val_loss"])) for r in rows if r["cell"] == cell]
        assert m.value[0, 0, k] == pytest.approx(np.median(vals), rel=1e-12)
        assert (m.low[0, 0, k], m.high[0, 0, k]) == pytest.approx((min(vals), max(vals)))
