"""The window's side of text hygiene and of a run's budget."""

import unicodedata

from tests.gui.conftest import SMALL, opened, started

LOG = "\x1b[32mok\x1b[0m passed\r\n\x07done\n"


def test_data_box_counts_removed_control_characters(qtbot, window, tmp_path):
    path = tmp_path / "log.txt"
    path.write_text(LOG * 50, encoding="utf-8")
    assert opened(qtbot, window, path)
    # Independent count: the two escape sequences whole, then the other Cc characters.
    rest = LOG.replace("\x1b[32m", "").replace("\x1b[0m", "")
    per_line = len("\x1b[32m\x1b[0m") + sum(
        unicodedata.category(c) == "Cc" and c not in "\n\t" for c in rest
    )
    text = window.controls.data_label.text()
    assert f"{per_line * 50:,} control characters removed" in text
    assert "distinct characters" not in text


def test_data_box_notes_a_large_vocabulary(qtbot, window, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("".join(chr(0x4E00 + i) for i in range(1100)) * 3, encoding="utf-8")
    assert opened(qtbot, window, path)
    text = window.controls.data_label.text()
    weights = window.solo.run.trainable.model.head.weight.numel()
    assert f"1,100 distinct characters: the output layer alone has {weights:,} weights" in text
    assert "control characters" not in text


def test_steps_box_stops_a_run_there(qtbot, window):
    assert started(qtbot, window, SMALL.replace(steps=0))
    window.controls.steps.setValue(7)  # as a user types it
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.solo.running and window.solo.latest is not None
                    and window.solo.latest.step == 7, timeout=60_000)  # fmt: skip
    assert window.solo.run.trainable.step_count == 7
    window.controls.steps.setValue(12)  # Start again goes on to the new end
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.solo.running and window.solo.latest.step == 12,
                    timeout=60_000)  # fmt: skip
    assert window.solo.run.trainable.step_count == 12


def test_loss_caption_names_the_schedule_and_the_lr_now(qtbot, window):
    config = SMALL.replace(steps=10, schedule="step", lr=0.02)
    assert started(qtbot, window, config)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.solo.running and window.solo.latest is not None
                    and window.solo.latest.step == 10, timeout=60_000)  # fmt: skip
    qtbot.waitUntil(lambda: window.training.loss.snapshot is not None
                    and window.training.loss.snapshot.step == 10, timeout=60_000)  # fmt: skip
    # the 10th step (k = 9) is past 75% of 10 steps: 0.02 x 0.1 x 0.1
    want = 0.02 * 0.1 * 0.1
    assert f"lr now {want:.3g}" in window.training.loss.caption.full_text()
    assert "step" in window.training.loss.caption.full_text()


def test_early_stop_box_stops_the_window_run_at_the_independent_step(qtbot, window):
    import torch

    from tests.core.test_budget import BASE, independent_early_stop, recorded_curve

    config = BASE.replace(length=300)
    curve = recorded_curve(config.replace(early_stop=3))
    best_step, _, stop_step = independent_early_stop(curve, 3)
    assert started(qtbot, window, config)
    window.controls.early_stop.setValue(3)  # live: the trainer takes it at the next step
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.solo.running and window.solo.latest is not None
                    and window.solo.latest.step == stop_step, timeout=60_000)  # fmt: skip
    t = window.solo.run.trainable
    assert (t.step_count, t.best_step) == (stop_step, best_step)
    weights = dict((s, w) for s, _, w in curve)[best_step]
    assert all(torch.equal(a, b) for a, b in zip(t._params, weights, strict=True))
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=60_000)
    assert f"stopped early at step {stop_step}" in window.banner.text()
    assert f"of step {best_step}" in window.banner.text()
