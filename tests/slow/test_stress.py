"""Hundreds of random control changes while training, a 20,000-step live run, and failures
around files: no crash, no deadlock, no dangling thread, flat memory, nothing lost."""

import os
import pickle
import random
import resource

import pytest
import torch

from rnnviz.core.config import Config
from rnnviz.core.trainer import Trainer
from tests.gui.conftest import answer, exported, settle

TIMEOUT = 60_000


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def test_random_control_changes_while_training(qtbot, window, threads):
    rng = random.Random(1234)
    c = window.controls

    def pick(combo):
        i = rng.randrange(combo.count())
        combo.setCurrentIndex(i)
        combo.activated.emit(i)

    actions = [
        window.toggle_running,
        window.step_once,
        window.reset_run,
        lambda: c.lr.set_value(10 ** rng.uniform(-4, 0.5)),
        lambda: c.lr.slider.setValue(rng.randrange(-50, 1)),
        lambda: pick(c.clip),
        lambda: c.clip_value.setValue(10 ** rng.uniform(-3, 1)),
        lambda: c.probe_every.setValue(rng.choice([0, 1, 5])),
        lambda: pick(c.cell),
        lambda: pick(c.optimizer),
        lambda: c.hidden.setValue(rng.choice([4, 8, 12])),
        lambda: c.layers.setValue(rng.choice([1, 2])),
        lambda: c.seq_len.setValue(rng.choice([5, 10, 20])),
    ]
    for i in range(300):
        rng.choice(actions)()
        if i % 10 == 0:
            qtbot.wait(rng.choice([0, 5, 20]))
    settle(qtbot, window)  # the last change's run is in place
    window.toggle_running() if not window.run.running else None
    qtbot.waitUntil(lambda: window.run.trainer.step_count > 0, timeout=TIMEOUT)
    assert window.last_error is None or "diverged" in window.last_error
    started = len(threads)
    assert started > 5  # the resets really replaced runs
    assert sum(r.thread.isRunning() for r in threads) == 1  # only the current one
    run = window.run
    window.close()  # mid-run
    assert not run.thread.isRunning()


def test_long_live_run_keeps_memory_flat(qtbot, window):
    """20,000 steps in the window: history is numpy columns, snapshots are decimated, panels
    keep a bounded number of probes."""
    c = window.controls
    c.cell.setCurrentIndex(0)  # a small, fast model: this test is about memory, not learning
    c.cell.activated.emit(0)
    c.hidden.setValue(4)
    c.batch.setValue(32)
    window.toggle_running()
    qtbot.waitUntil(lambda: window.run.trainer.step_count >= 2_000, timeout=TIMEOUT)
    before = rss_mb()
    qtbot.waitUntil(lambda: window.run.trainer.step_count >= 20_000, timeout=300_000)
    after = rss_mb()
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    print(f"RSS after 2,000 steps {before:.1f} MB, after 20,000 steps {after:.1f} MB")
    assert after - before < 30, (before, after)
    window.draw_now()
    assert len(window._drawn.history.rows) <= 2_001
    assert window.run.trainer.history.rows.nbytes <= 20_100 * 6 * 8


def test_export_failures_lose_nothing(qtbot, window, tmp_path, monkeypatch):
    window.step_once()
    qtbot.waitUntil(lambda: window.run.trainer.step_count == 1, timeout=TIMEOUT)
    run = window.run
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not exported(qtbot, window, blocker / "inside")  # a folder that cannot be made
    assert "cannot write" in window.last_error or "not a folder" in window.last_error

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert not exported(qtbot, window, tmp_path / "out")
    assert "No space left on device" in window.last_error
    assert not answer(qtbot, lambda cb: window.save_checkpoint(tmp_path / "c.pt", cb))
    monkeypatch.undo()
    assert window.run is run and run.trainer.step_count == 1
    window.toggle_running()  # still trains afterwards
    qtbot.waitUntil(lambda: run.trainer.step_count >= 5, timeout=TIMEOUT)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    assert exported(qtbot, window, tmp_path / "ok")


class Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/rnnviz-window-pwned",))


def test_checkpoints_from_elsewhere_are_refused_cleanly(qtbot, window, tmp_path, small_text):
    run = window.run
    evil = tmp_path / "evil.pt"
    evil.write_bytes(pickle.dumps({"config": Evil(), "rnn_state_dict": {}}))
    assert not answer(qtbot, lambda cb: window.open_checkpoint(evil, cb))
    assert "refused" in window.last_error and not os.path.exists("/tmp/rnnviz-window-pwned")
    text = Trainer(Config(data=str(small_text), hidden=8))
    from rnnviz.core.export import save_checkpoint

    save_checkpoint(text, tmp_path / "text.pt")
    assert not answer(
        qtbot, lambda cb: window.open_checkpoint(tmp_path / "text.pt", cb)
    )  # trained on a text, sine open
    assert "vocabulary" in window.last_error or "input/output" in window.last_error
    assert window.run is run


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_lr_10_without_clipping_diverges_visibly_then_resumes(qtbot, window, cell):
    c = window.controls
    c.cell.setCurrentIndex(["rnn", "lstm", "gru"].index(cell))
    c.cell.activated.emit(c.cell.currentIndex())
    c.optimizer.setCurrentIndex(1)  # SGD: Adam's steps are bounded by lr and stay finite
    c.optimizer.activated.emit(1)
    c.lr.set_value(10.0)
    settle(qtbot, window)  # the run with the new cell and optimizer, at lr 10
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    window.draw_now()
    t = window.run.trainer
    assert t.diverged and window.banner.isVisible()
    assert all(torch.isfinite(p).all() for p in t.model.parameters())
    at = t.step_count
    c.lr.set_value(1e-3)
    window.toggle_running()
    qtbot.waitUntil(lambda: t.step_count >= at + 20, timeout=TIMEOUT)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)
    assert t.diverged is None
