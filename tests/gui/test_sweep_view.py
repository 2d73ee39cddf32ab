"""The Sweep view: a real sweep folder (runs trained here, one after another, and recorded as
rnnviz sweep records them) drawn as a map; hover, click, filling in, a folder that is none."""

import csv
import json

import numpy as np
import pyqtgraph as pg
import pytest
import torch
from PySide6.QtCore import Qt

from rnnviz.core.config import Config
from rnnviz.core.sweep import Plan, parse_axis, rows_folder, run_one, save_row
from rnnviz.gui.views.sweep import rgba


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory):
    """cell x hidden x 2 seeds on the adding task, all but the last run finished."""
    out = tmp_path_factory.mktemp("sweep") / "s"
    base = Config(task="adding", seq_len=10, steps=30, threads=1)
    plan = Plan(base, (parse_axis("cell=rnn,gru"), parse_axis("hidden=4,8")), 2)
    specs = plan.runs()
    rows_folder(out).mkdir(parents=True)
    (out / "sweep.json").write_text(json.dumps({"command": "test", **plan.to_dict(),
                                                "runs": len(specs)}))  # fmt: skip
    rows = {}
    for spec in specs[:-1]:
        save_row(out, plan, specs, rows, spec, run_one(spec, out))
    return out, plan, specs


def _csv(out):
    with open(out / "sweep.csv", newline="") as f:
        return list(csv.DictReader(f))


def _center(view, f, j, k):
    plot = view.items[f][0]
    return plot.vb.mapViewToScene(pg.Point(k, j))


def test_the_map_draws_the_median_over_seeds(window, sweep_folder):
    out, plan, specs = sweep_folder
    assert window.open_sweep(out)
    view = window.sweep_view
    assert window.current_view() is view
    assert view.choices()[1:] == ("cell", "hidden", None)  # two fields: x and y, no panels
    rows = _csv(out)
    expected = np.full((2, 2), np.nan)  # (hidden, cell)
    for j, h in enumerate(("4", "8")):
        for k, c in enumerate(("rnn", "gru")):
            vals = [np.log10(float(r["final_val_loss"]) / float(r["baseline_loss"]))
                    for r in rows if r["cell"] == c and r["hidden"] == h]  # fmt: skip
            expected[j, k] = np.median(vals)
    np.testing.assert_allclose(view.map.value[0], expected, rtol=1e-12)
    # the colours drawn: viridis over the map's own range, the cell (j, k) at image [k, j]
    image = next(i for i in view.items[0][0].items if isinstance(i, pg.ImageItem)).image
    lo, hi = np.nanmin(expected), np.nanmax(expected)
    cmap = pg.colormap.get("viridis")
    for j, k in np.ndindex(2, 2):
        want = cmap.map(np.array([(expected[j, k] - lo) / (hi - lo)]), mode="byte")[0]
        np.testing.assert_array_equal(image[k, j], want)


def test_hover_shows_each_run_of_a_cell(window, sweep_folder, qtbot):
    out, _, _ = sweep_folder
    window.open_sweep(out)
    view = window.sweep_view
    view._moved(_center(view, 0, 0, 0))  # hidden 4, rnn
    text = view.hover.text()
    rnn4 = [r for r in _csv(out) if r["cell"] == "rnn" and r["hidden"] == "4"]
    assert "cell = rnn" in text and "hidden = 4" in text
    for r in rnn4:
        assert f"seed {r['seed']}: ok, val {float(r['final_val_loss']):.3g}" in text


def test_a_click_opens_the_cells_median_run_for_training(window, sweep_folder, qtbot):
    out, _, _ = sweep_folder
    window.open_sweep(out)
    view = window.sweep_view
    folder = view.median_run(0, 1, 1)  # hidden 8, gru
    config = json.loads((out / folder.split("/")[-1] / "config.json").read_text())
    assert (config["cell"], config["hidden"]) == ("gru", 8)
    pos = view.plots.mapFromScene(_center(view, 0, 1, 1))
    with qtbot.waitSignal(view.open_run, timeout=5_000) as clicked:
        qtbot.mouseClick(view.plots.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert clicked.args == [folder]
    qtbot.waitUntil(lambda: window.config.cell == "gru" and window.config.hidden == 8,
                    timeout=30_000)  # fmt: skip
    qtbot.waitUntil(lambda: window.current_view() is window.training, timeout=30_000)
    saved = torch.load(f"{folder}/checkpoint.pt", weights_only=False)
    assert window.config.seed == config["seed"]
    state = saved["rnn_state_dict"]
    key = next(k for k in state if "weight_hh" in k)
    got = window.solo.run.trainer.model.rnn.state_dict()[key]
    torch.testing.assert_close(got, state[key], rtol=0, atol=0)


def test_the_map_fills_in_as_runs_finish(window, sweep_folder, qtbot):
    out, plan, specs = sweep_folder
    window.open_sweep(out)
    view = window.sweep_view
    assert np.isfinite(view.map.value).sum() == 4 and len(view.map.runs[0][1][1]) == 1
    rows = {r["run"]: json.loads((rows_folder(out) / f"{r['run']}.json").read_text())
            for r in _csv(out)}  # fmt: skip
    save_row(out, plan, specs, rows, specs[-1], run_one(specs[-1], out))
    qtbot.waitUntil(lambda: len(view.map.runs[0][1][1]) == 2, timeout=10_000)
    assert "4 of 8 runs" not in view.folder_label.text() and "8 of 8" in view.folder_label.text()


def test_a_folder_that_is_no_sweep_is_one_line(window, tmp_path):
    errors = []
    window.report_error = errors.append
    before = window.current_view()
    assert not window.open_sweep(tmp_path)
    assert len(errors) == 1 and "not a sweep folder" in errors[0] and "\n" not in errors[0]
    assert window.current_view() is before


def test_rgba_marks_missing_cells():
    v = np.array([[0.0, np.nan], [1.0, 0.5]])
    out = rgba(v, 0.0, 1.0)
    assert out.shape == (2, 2, 4) and out.dtype == np.uint8
    assert tuple(out[1, 0]) == (225, 225, 225, 255)  # (j=0, k=1) is NaN
    assert not np.array_equal(out[0, 0], out[0, 1])  # 0 and 1 differ


def test_rnnviz_report_on_a_sweep_draws_its_maps(qapp, sweep_folder, tmp_path, capsys):
    from rnnviz.cli import main
    from rnnviz.core.sweep import REPORT_METRICS

    out, _, _ = sweep_folder
    target = tmp_path / "sweep.html"
    assert main(["report", str(out), "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {target}"
    html = target.read_text()
    assert html.count('<img src="data:image/png;base64,') == len(REPORT_METRICS)
    for r in _csv(out):  # every run's row, its numbers as sweep.csv has them
        assert f"<td>{r['run']}</td>" in html and f"<td>{r['final_val_loss']}</td>" in html


def test_the_report_command_exits_cleanly(sweep_folder, tmp_path):
    """As a user runs it: its own process, which must also end without a crash."""
    import subprocess
    import sys

    out, _, _ = sweep_folder
    r = subprocess.run([sys.executable, "-m", "rnnviz", "report", str(out), "-o",
                        str(tmp_path / "r.html")], capture_output=True, text=True,
                       timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr[-1000:]
    assert (tmp_path / "r.html").stat().st_size > 10_000


def test_config_args_give_the_config_back():
    from rnnviz.cli import build_parser
    from rnnviz.core.options import config_args, config_from_args

    configs = (
        Config(),
        Config(task="adding", seq_len=50, cell="gru", lr=0.003, attention=True, init_scale=0.5,
               clip="norm"),
        Config(samples=(0.5, 1.0), bidirectional=True, layers=2, hidden=16),
    )  # fmt: skip
    for config in configs:
        args = build_parser().parse_args(["train", *config_args(config)])
        assert config_from_args(args) == config


def test_the_sweep_dialog_counts_runs_and_refuses_a_bad_grid(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from rnnviz.gui.views.sweep import SweepDialog

    d = SweepDialog(None, "/tmp/x")
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert d.count.text() == "30 runs" and ok.isEnabled()  # 3 cells x 5 scales x 2 seeds
    d.grid_edit.setPlainText("cell=rnn,tree")
    assert not ok.isEnabled() and "cell must be one of" in d.count.text()
    d.grid_edit.setPlainText("hidden=8,16\nlr=0.001:0.1:3")
    d.seeds.setValue(3)
    assert d.count.text() == "18 runs" and ok.isEnabled()
    d.deleteLater()


def test_a_sweep_the_window_starts_reports_a_refused_grid_in_one_line(window, qtbot, tmp_path):
    errors = []
    window.report_error = errors.append
    assert window.run_sweep(["hidden=0,8"], 1, str(tmp_path / "s")) is not None
    qtbot.waitUntil(lambda: bool(errors), timeout=120_000)
    assert len(errors) == 1 and errors[0].startswith("--grid: hidden must be")
    assert window.sweep_process is None and not (tmp_path / "s").exists()


@pytest.mark.slow
def test_a_sweep_the_window_starts_fills_its_map_in(window, qtbot, tmp_path):
    window.solo.config = window.solo.config.replace(task="adding", seq_len=10, hidden=4,
                                                    steps=20)  # fmt: skip
    folder = tmp_path / "s"
    assert window.run_sweep(["cell=rnn,gru"], 1, str(folder)) is not None
    qtbot.waitUntil(lambda: window.sweep_process is None, timeout=300_000)
    view = window.sweep_view
    assert window.current_view() is view and len(view.table.rows) == 2
    assert np.isfinite(view.map.value).all()
    info = json.loads((folder / "sweep.json").read_text())
    assert "--task adding" in info["command"] and "--hidden 4" in info["command"]
