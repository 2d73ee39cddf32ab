import csv
import math
import time
import xml.etree.ElementTree as ET
from functools import partial

import numpy as np
import pytest
import torch
from PySide6.QtGui import QImage
from torch import nn

from rnnviz.core.data import read_table
from rnnviz.core.export import save_checkpoint
from tests.gui.conftest import answer, exported, opened

TIMEOUT = 30_000


def steps(window):
    return window.run.trainer.step_count


def train_a_little(qtbot, window, n=5):
    window.toggle_running()
    qtbot.waitUntil(lambda: steps(window) >= n, timeout=TIMEOUT)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)


def test_start_pause_step_reset(qtbot, window):
    c = window.controls
    assert steps(window) == 0 and c.start_button.text().endswith("Start")
    c.start_button.click()
    assert window.run.running and c.start_button.text().endswith("Pause")
    assert not c.step_button.isEnabled()
    qtbot.waitUntil(lambda: steps(window) >= 10, timeout=TIMEOUT)
    c.start_button.click()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    assert c.start_button.text().endswith("Start") and c.step_button.isEnabled()
    paused_at = steps(window)
    qtbot.wait(50)
    assert steps(window) == paused_at  # really paused
    c.step_button.click()
    qtbot.waitUntil(lambda: steps(window) == paused_at + 1, timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: window._drawn is not None and window._drawn.step == paused_at + 1, timeout=TIMEOUT
    )
    assert f"step {paused_at + 1}" in window.stats.text()
    old = window.run
    c.reset_button.click()
    qtbot.waitUntil(lambda: window.run is not old, timeout=TIMEOUT)  # built on its thread
    assert steps(window) == 0
    assert not old.thread.isRunning()


def test_live_lr_and_clip_changes_reach_the_trainer(qtbot, window):
    c = window.controls
    window.toggle_running()
    qtbot.waitUntil(lambda: steps(window) >= 3, timeout=TIMEOUT)
    c.lr.set_value(0.003)
    c.clip.setCurrentIndex(1)
    c.clip.activated.emit(1)
    c.clip_value.setValue(0.05)
    t = window.run.trainer
    qtbot.waitUntil(lambda: t.lr == 0.003 and t.clip == "norm" and t.clip_value == 0.05,
                    timeout=TIMEOUT)  # fmt: skip
    at = steps(window)
    qtbot.waitUntil(lambda: steps(window) >= at + 3, timeout=TIMEOUT)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    rows = t.history.rows
    after = rows[rows[:, 0] > at + 1]
    assert (after[:, 5] == 0.003).all()
    assert (after[:, 4] <= 0.05 * (1 + 1e-4)).all()
    assert rows[0, 5] == 0.01
    assert steps(window) > at  # no reset happened


def test_lr_slider_is_logarithmic(window):
    c = window.controls
    c.lr.slider.setValue(-30)  # 10 ** (-30 / 10)
    assert c.lr.value() == pytest.approx(1e-3)
    c.lr.slider.setValue(-15)
    assert c.lr.value() == pytest.approx(10**-1.5, rel=0.05)


def test_cell_change_asks_and_resets(qtbot, window):
    train_a_little(qtbot, window)
    c = window.controls
    window.confirm = lambda question: False
    c.cell.setCurrentIndex(2)
    c.cell.activated.emit(2)
    assert window.config.cell == "lstm" and steps(window) > 0
    assert c.cell.currentIndex() == 1  # the control went back
    asked = []
    window.confirm = lambda question: asked.append(question) or True
    c.cell.setCurrentIndex(2)
    c.cell.activated.emit(2)
    assert asked and "step" in asked[0]
    qtbot.waitUntil(lambda: window.config.cell == "gru", timeout=TIMEOUT)
    assert window.config.cell == "gru" and window.run.trainer.config.cell == "gru"
    assert steps(window) == 0
    assert tuple(window.run.trainer.snapshot().probe.gates) == ("r", "z", "n")


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_open_csv_picks_the_column_and_plots_its_values(qtbot, window, tmp_path):
    values = [100 + 10 * math.sin(i / 5) for i in range(120)]
    path = write_csv(tmp_path / "s.csv", [["day", "a", "b"]] + [
        [f"2020-01-{i}", i, v] for i, v in enumerate(values)
    ])  # fmt: skip
    offered = []
    window.choose_column = lambda table: offered.append(table.columns) or 1
    assert opened(qtbot, window, path)
    assert offered == [("day", "a", "b")]
    assert window.run.info.kind == "series" and window.run.info.name == "s.csv:a"
    window.choose_column = lambda table: table.default_column()
    assert opened(qtbot, window, path)
    panel = window.panels[0]
    x, y = panel.data_curve.getData()
    np.testing.assert_allclose(y, values)
    assert "s.csv" in window.controls.data_label.text()
    window.step_once()
    qtbot.waitUntil(lambda: window._drawn is not None and window._drawn.step == 1, timeout=TIMEOUT)
    window.draw_now()
    px, py = panel.val_curve.getData()
    assert px[0] == window.run.info.seq_len + window.run.info.n_train
    assert np.isfinite(py).all()


def test_open_text_samples_live(qtbot, window, tmp_path):
    path = tmp_path / "poem.txt"
    path.write_text("roses are red, violets are blue. " * 30, encoding="utf-8")
    assert opened(qtbot, window, path)
    assert window.run.info.kind == "text"
    assert window.controls.temperature.isEnabled()
    window.controls.temperature.setValue(0.5)
    window.step_once()
    qtbot.waitUntil(lambda: window._drawn is not None and window._drawn.step == 1, timeout=TIMEOUT)
    window.draw_now()
    sample = window.panels[0].text.toPlainText()
    assert sample.startswith("r") and len(sample) == 1 + window.config.sample_len
    assert set(sample) <= set("roses are red, violets are blue. ")
    assert "temperature 0.5" in window.panels[0].full_title()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("bin.csv", b"\x00\x01\x02" * 100, "binary"), ("empty.csv", b"", "empty"),
     ("words.csv", b"a,b\nx,y\nz,w\n", "numeric"), ("short.csv", b"v\n1\n2\n", "at least"),
     ("latin.txt", b"caf\xe9 " * 40, "UTF-8"), ("missing.csv", None, "no such file")],
)  # fmt: skip
def test_bad_file_leaves_the_session_unchanged(qtbot, window, tmp_path, name, content, message):
    train_a_little(qtbot, window)
    run, config, at = window.run, window.config, steps(window)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert not opened(qtbot, window, path)
    assert window.run is run and window.config == config and steps(window) == at
    assert message in window.last_error
    assert window.run.thread.isRunning()
    box = window.findChild(object, "error_box")
    assert box is not None and message in box.text()
    box.close()


def non_blank(png) -> bool:
    img = QImage(str(png))
    assert not img.isNull() and img.width() > 100
    colors = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    return len(colors) > 5


def test_export_all(qtbot, window, tmp_path):
    train_a_little(qtbot, window, 12)
    assert exported(qtbot, window, tmp_path / "out")
    out = tmp_path / "out"
    for name in ("config.json", "metrics.json", "history.csv", "probe.npz", "checkpoint.pt",
                 "predictions.csv"):  # fmt: skip
        assert (out / name).is_file(), name
    for panel in window.training.panels:  # Export all exports the view shown
        assert non_blank(out / f"{panel.slug}.png"), panel.slug
        root = ET.parse(out / f"{panel.slug}.svg").getroot()
        assert root.tag.endswith("svg") and len(list(root.iter())) > 10
        rows = (out / f"{panel.slug}.csv").read_text().splitlines()
        assert len(rows) > 1, panel.slug
    hidden = np.loadtxt(out / "hidden.csv", delimiter=",", skiprows=1)
    np.testing.assert_allclose(hidden[:, 1:], window._drawn.probe.hidden[-1], atol=1e-6)


def test_heatmap_shows_what_torch_computes(qtbot, window):
    train_a_little(qtbot, window, 5)
    window.draw_now()
    panel = next(p for p in window.panels if p.slug == "hidden")
    shown = panel.img.image  # (H, T): units x time
    trainer = window.run.trainer
    probe = window._drawn.probe
    lstm = nn.LSTM(1, 8, batch_first=True)
    lstm.load_state_dict(trainer.model.rnn.state_dict())
    with torch.no_grad():
        out, _ = lstm(torch.from_numpy(np.array(probe.inputs))[None])
    np.testing.assert_allclose(shown, out[0].numpy().T, atol=1e-5)
    gates = next(p for p in window.panels if p.slug == "gates")
    assert set(gates.images) == set("ifgo")
    assert gates.images["f"].levels.tolist() == [0.0, 1.0]


def test_hover_readout_reports_the_value_under_the_cursor(qtbot, window):
    window.step_once()
    qtbot.waitUntil(lambda: window._drawn is not None and window._drawn.step == 1, timeout=TIMEOUT)
    window.draw_now()
    panel = next(p for p in window.panels if p.slug == "hidden")
    a = window._drawn.probe.hidden[-1]
    scene_pos = panel.plot.vb.mapViewToScene(pg_point(4, 3))  # t = 4, unit 3
    panel._on_mouse_moved(scene_pos)
    assert panel.readout.text() == f"h: unit 3, t = 4: {a[3, 3]:+.5f}"


def pg_point(x, y):
    from PySide6.QtCore import QPointF

    return QPointF(x, y)


def test_rnn_says_it_has_no_gates(qtbot, window):
    c = window.controls
    c.cell.setCurrentIndex(0)
    c.cell.activated.emit(0)
    qtbot.waitUntil(lambda: window.info.cell == "rnn", timeout=TIMEOUT)  # built on its thread
    gates = next(p for p in window.panels if p.slug == "gates")
    assert "no gates" in gates.full_title() and "|a| > 2" in gates.caption.full_text()
    assert set(gates.images) == {"a"}


def test_divergence_is_shown_and_survivable(qtbot, window):
    c = window.controls
    c.optimizer.setCurrentIndex(1)
    c.optimizer.activated.emit(1)
    c.lr.set_value(10.0)  # while the new run is being built: it takes the value too
    qtbot.waitUntil(lambda: window.config.optimizer == "sgd", timeout=TIMEOUT)
    assert window.run.trainer.clip_setting() and window.config.lr == 10.0
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    window.draw_now()
    assert window.run.trainer.diverged and window.banner.isVisible()
    assert "diverged" in window.banner.text()
    for p in window.run.trainer.model.parameters():
        assert torch.isfinite(p).all()
    at = steps(window)
    c.lr.set_value(1e-4)
    train_a_little(qtbot, window, at + 5)
    assert not window.run.trainer.diverged


def test_checkpoint_round_trip_and_bad_checkpoint(qtbot, window, tmp_path):
    train_a_little(qtbot, window)
    assert answer(qtbot, lambda cb: window.save_checkpoint(tmp_path / "a.pt", cb))
    saved = [p.detach().clone() for p in window.run.trainer.model.parameters()]
    window.reset_run()
    assert answer(qtbot, lambda cb: window.open_checkpoint(tmp_path / "a.pt", cb))
    for a, b in zip(saved, window.run.trainer.model.parameters(), strict=True):
        assert torch.equal(a, b)
    run = window.run
    (tmp_path / "bad.pt").write_bytes(b"garbage")
    assert not answer(qtbot, lambda cb: window.open_checkpoint(tmp_path / "bad.pt", cb))
    assert window.run is run and "checkpoint" in window.last_error
    other = window.run.trainer
    from rnnviz.core.config import Config
    from rnnviz.core.trainer import Trainer

    wide = Trainer(Config(hidden=16, length=300, data=None))
    save_checkpoint(wide, tmp_path / "wide.pt")
    assert answer(
        qtbot, lambda cb: window.open_checkpoint(tmp_path / "wide.pt", cb)
    )  # the checkpoint's shape wins
    assert window.run.trainer.config.hidden == 16 and window.run.trainer is not other


def test_close_mid_training_stops_the_thread(qtbot, window, threads):
    window.toggle_running()
    qtbot.waitUntil(lambda: steps(window) >= 3, timeout=TIMEOUT)
    run = window.run
    window.close()
    assert not run.thread.isRunning()


def test_keyboard_shortcuts_are_wired(window):
    shortcuts = {a.shortcut().toString() for a in window.findChildren(type(window.start_action))}
    for key in ("Space", "S", "Ctrl+R", "Ctrl+O", "Ctrl+E", "Ctrl+S", "F1", "Ctrl+Q"):
        assert key in shortcuts


def test_every_panel_explains_itself(window):
    for panel in window.panels:
        assert len(panel.help) > 80 and panel.help_icon.toolTip() == panel.help
        assert panel.title_label.tip == panel.help
        assert getattr(panel, "canvas", panel).toolTip() == panel.toolTip() == ""  # readable


def test_every_probe_panel_keeps_up_while_training(qtbot, window):
    """Probe panels redraw round-robin; none may starve when probes come quickly."""
    window.controls.probe_every.setValue(1)  # a probe every step: faster than the ticks
    window.toggle_running()
    qtbot.waitUntil(lambda: steps(window) >= 60, timeout=TIMEOUT)
    for panel in window.training.panels:
        if panel.follows == "probe":
            qtbot.waitUntil(lambda p=panel: p.snapshot is not None and p.snapshot.step >= 40,
                            timeout=TIMEOUT)  # fmt: skip
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)


def _sleep(trainer) -> None:
    time.sleep(0.2)


def test_shutdown_wins_over_a_start_queued_before_it(qtbot, threads):
    """A 'run' posted just before shutdown must not clear the stop and train on forever."""
    from rnnviz.core.config import Config
    from rnnviz.core.trainer import Trainer
    from rnnviz.gui.worker import Build, Run

    run = Run(Build(partial(Trainer, Config(hidden=4, length=100))))
    run.submit(_sleep)
    run.start()  # queued behind the busy job
    assert run.shutdown(timeout_ms=10_000)
    assert not run.thread.isRunning()


def test_drop_a_file_onto_the_window_opens_it(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "dropped.txt"
    path.write_text("abcabcabd " * 30, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.run.info.kind == "text", timeout=TIMEOUT)
    assert window.run.info.name == "dropped.txt"


def test_open_dialog_offers_inputs_target_and_time_and_the_panel_draws_dates_and_a_fan(
    qtbot, window, tmp_path
):
    from rnnviz.gui.dialogs import ColumnDialog
    from tests.core.test_series_options import file_columns, stock_csv

    path = stock_csv(tmp_path / "indices.csv", rows=160)
    table = read_table(path)
    dialog = ColumnDialog(table, window)
    qtbot.addWidget(dialog)
    # neither the row number nor the date is offered; the target is the rightmost index
    assert [dialog.combo.itemText(i) for i in range(dialog.combo.count())] == [
        "dax", "cac", "ftse", "smi"]  # fmt: skip
    assert dialog.combo.currentText() == "smi" and dialog.input_indices() == [5]
    assert dialog.time.currentText() == "date"
    dialog.inputs[2].setChecked(True)
    assert dialog.choice() == {"column": "smi", "inputs": "dax,smi", "time": "date"}
    window.controls.horizon.setValue(5)
    window.choose_column = lambda t: dialog.choice()
    assert opened(qtbot, window, path)
    info = window.run.info
    assert info.input_size == 2 and info.output_size == 5 and info.horizon == 5
    panel = window.panels[0]
    cols, days = file_columns(path)
    labels = panel.axis.tickStrings([0, 10], 1, 10)
    assert labels == [days[0], days[10]]  # dates, a day apart row by row
    assert panel.axis.labelText == "date"
    window.step_once()
    qtbot.waitUntil(lambda: window._drawn is not None and window._drawn.step == 1, timeout=TIMEOUT)
    window.draw_now()
    p = window._drawn.probe
    x, y = panel.fan_curve.getData()
    np.testing.assert_array_equal(x, np.arange(159, 165))  # the last row, then 5 beyond it
    np.testing.assert_allclose(y, [cols["smi"][-1], *p.fan])
    assert f"{p.fan_rmse[0]:.4g}" in panel.caption.full_text()
    assert panel.axis.tickStrings([161], 1, 10) == [str(np.datetime64(days[-1]) + 2)]


def test_schedule_box_is_live(qtbot, window):
    box = window.controls.schedule
    assert box.count() == 3 and window.controls.structure(window.solo.config).schedule == "constant"
    box.setCurrentIndex(2)
    box.activated.emit(2)
    qtbot.waitUntil(lambda: window.solo.config.schedule == "cosine", timeout=TIMEOUT)
    window.step_once()
    qtbot.waitUntil(lambda: window._drawn is not None and window._drawn.step >= 1, timeout=TIMEOUT)
    assert window.solo.config.steps == 400 and window._drawn.schedule == "cosine"
    lr = window._drawn.history.column("lr")[-1]  # cosine over 400 steps, at step 0
    assert lr == pytest.approx(window.solo.config.lr)
    assert "cosine" in window.training.loss.caption.full_text()


def test_a_wheel_over_the_settings_scrolls_past_them(qtbot, window):
    """A setting changes by the wheel only once clicked into (focused)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    box = window.controls.hidden
    before = box.value()

    def wheel() -> None:
        at = QPointF(box.rect().center())
        event = QWheelEvent(at, QPointF(box.mapToGlobal(at.toPoint())), QPoint(0, 0),
                            QPoint(0, 120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)  # fmt: skip
        QApplication.sendEvent(box, event)

    window.activateWindow()
    window.setFocus()
    wheel()
    assert box.value() == before and not box.hasFocus()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    wheel()
    assert box.value() == before + 1


def test_the_status_says_when_the_run_reached_its_steps(qtbot, window):
    """At the Steps box's step the run is done, not paused: Space would train on."""
    from tests.gui.test_readability import TIMEOUT

    window.controls.steps.setValue(3)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running and window._latest.step == 3,
                    timeout=TIMEOUT)  # fmt: skip
    window.draw_now()
    assert "done: 3 steps" in window.stats.text()
    window.controls.steps.setValue(10)
    window.draw_now()
    assert "paused" in window.stats.text() and "done" not in window.stats.text()
