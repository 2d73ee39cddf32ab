"""The window with its runs in processes of their own, as the app runs them (the other window
tests run them on a thread, to read the trainer; see tests/conftest.py)."""

import os
from functools import partial

import numpy as np
import pytest
import torch

from rnnviz.core import jobs
from rnnviz.core.comparison import ComparisonSnapshot, Vary
from rnnviz.core.config import Config
from rnnviz.core.export import apply_checkpoint, checkpoint_config
from rnnviz.core.inspect import inspect_unit
from rnnviz.core.trainer import Trainer
from tests.gui.conftest import SMALL, answer, built

WAIT = 60_000


@pytest.fixture
def window(qtbot, threads, monkeypatch):
    monkeypatch.setenv("RNNVIZ_WORKER", "process")
    from rnnviz.gui.theme import configure_pyqtgraph
    from rnnviz.gui.window import MainWindow

    configure_pyqtgraph()
    w = MainWindow(SMALL)
    qtbot.addWidget(w)
    assert w.start_new_run(SMALL)
    qtbot.waitUntil(lambda: w.solo.run is not None, timeout=WAIT)
    w.confirm = lambda question: True
    w.show()
    yield w
    w.close()


def trained(qtbot, ctrl, steps: int) -> None:
    ctrl.start()
    qtbot.waitUntil(lambda: ctrl.latest is not None and ctrl.latest.step >= steps, timeout=WAIT)
    ctrl.pause()
    qtbot.waitUntil(lambda: not ctrl.running, timeout=WAIT)


def test_a_run_trains_in_its_own_process_and_ends_with_the_window(qtbot, window):
    run = window.solo.run
    process = run.worker.process
    assert process.is_alive() and process.pid != os.getpid()
    assert run.trainer is None  # nothing of it lives here
    trained(qtbot, window.solo, 30)
    shown = window.solo.latest
    assert shown.step >= 30 and np.isfinite(shown.train_loss)
    qtbot.waitUntil(lambda: window.training.drawn is not None, timeout=WAIT)
    assert window.training.drawn.step > 0  # the window drew what the process sent

    # a live setting reaches the run: the next refresh shows it
    assert window.solo.set_live("lr", 0.0042)
    qtbot.waitUntil(lambda: window.solo.latest.lr == pytest.approx(0.0042), timeout=WAIT)
    window.close()
    assert not process.is_alive() and process.exitcode == 0


def test_jobs_cross_and_answer_with_the_runs_own_weights(qtbot, window, tmp_path):
    trained(qtbot, window.solo, 20)
    step = window.solo.latest.step
    path = tmp_path / "ckpt.pt"
    assert answer(qtbot, lambda cb: window.solo.save_checkpoint(path, cb)) is True
    ckpt = torch.load(path, weights_only=False)
    assert ckpt["step"] == step

    # the unit inspector's analysis, made in the run's process, equals one made here from
    # the weights it saved
    report, at = answer(qtbot, lambda cb: window.solo.submit(partial(jobs.inspect, 0, 2),
                                                             lambda r, e: cb(r)))  # fmt: skip
    assert at == step
    here = Trainer(checkpoint_config(ckpt, SMALL))
    apply_checkpoint(here, ckpt)
    expected = inspect_unit(here.model, here.data, 0, 2)
    np.testing.assert_allclose(report.activations, expected.activations, rtol=1e-5, atol=1e-6)

    paths = answer(qtbot, lambda cb: window.solo.write_folder(tmp_path / "run", cb))
    assert (tmp_path / "run" / "checkpoint.pt") in paths


def test_a_refused_live_value_is_said_and_the_run_goes_on(qtbot, window):
    said = []
    window.solo.failed.connect(said.append)
    window.solo.run.set("set_smoothing", 2.0)  # the process refuses it
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    assert "smoothing" in said[0]
    trained(qtbot, window.solo, 5)


def test_a_crashed_run_is_reported_and_a_new_one_starts(qtbot, window):
    said, answers = [], []
    window.solo.failed.connect(said.append)
    window.solo.start()
    qtbot.waitUntil(lambda: window.solo.latest.step > 0, timeout=WAIT)
    run = window.solo.run
    run.worker.process.kill()  # as an OOM kill would
    window.solo.submit(partial(jobs.inspect, 0, 1), lambda r, e: answers.append(e))
    qtbot.waitUntil(lambda: not window.solo.running and bool(answers), timeout=WAIT)
    assert any("process ended" in s for s in said)
    assert "process ended" in str(answers[0])  # the job waiting is answered with why
    assert not window.solo.start()  # nothing more is sent to it
    assert not window.solo.running
    assert window.start_new_run(SMALL.replace(hidden=6))
    qtbot.waitUntil(lambda: window.solo.info is not None and window.solo.info.hidden == 6,
                    timeout=WAIT)  # fmt: skip
    trained(qtbot, window.solo, 3)


def test_a_file_that_cannot_be_read_keeps_the_run(qtbot, window, tmp_path):
    said = []
    window.solo.failed.connect(said.append)
    before = window.solo.run
    bad = tmp_path / "empty.csv"
    bad.write_text("value\n")
    assert window.start_new_run(SMALL.replace(data=str(bad)))
    qtbot.waitUntil(lambda: bool(said) and not window.solo.building, timeout=WAIT)
    assert window.solo.run is before and before.worker.process.is_alive()


def test_a_comparison_trains_in_its_own_process(qtbot, window):
    assert built(qtbot, window, Config(hidden=4, length=200), Vary("cell", ("rnn", "gru")))
    ctrl = window.comparison
    trained(qtbot, ctrl, 4)
    assert isinstance(ctrl.latest, ComparisonSnapshot)
    assert ctrl.latest.values == ("rnn", "gru")
    assert ctrl.run.worker.process.pid != window.solo.run.worker.process.pid
