"""The Compare view and the Experiments menu: curves against solo runs of the same variants,
legends, live settings, a diverging variant, presets and their callouts, scripted mode."""

import json
import math

import numpy as np
import pytest

from rnnviz.core.comparison import Vary
from rnnviz.core.presets import load_file
from rnnviz.core.trainer import SMOOTHING, Trainer
from tests.gui.conftest import SMALL, built, settle
from tests.gui.test_scripted import run_main

TIMEOUT = 60_000
N = 12  # lockstep steps: enough for every curve to have points, quick on 2 cores

TINY_PRESET = """
lesson = "Three cells side by side (a test preset)."
steps = {steps}
vary = "cell=rnn,gru"

[config]
hidden = 6
seq-len = 8
length = 300

[[callouts]]
panel = "grad_over_time"
text = "Look at the slopes."
when = {{ after_step = 2 }}

[[callouts]]
panel = "diagnostics"
text = "A note for the view as a whole."
when = {{ after_step = 3 }}
"""


def compare_for(qtbot, window, key, values, steps=N, base=SMALL):
    """Build and train a comparison in the window's Compare view until it stops."""
    view = window.compare
    window.show_view(view)
    assert built(qtbot, window, base, Vary(key, values))
    assert window.comparison.start(steps)
    qtbot.waitUntil(lambda: not window.comparison.running, timeout=TIMEOUT)
    view.draw_now()
    return view


def legend_labels(panel):
    return [label.text for _, label in panel.legend.item.items]


def ema(values, w):
    """Bias-corrected EMA in float64, written out (TensorBoard's smoothing)."""
    s, out = 0.0, []
    for k, x in enumerate(values, 1):
        s = w * s + (1 - w) * x
        out.append(s / (1 - w**k))
    return np.array(out)


def tau_fit(g):
    """Memory length from ||dL_T/dh_t||, t = 1..T: -1 / slope of ln g against T - t; where
    that slope is >= 0 but g_1 < g_T, (T - 1) / ln(g_T / g_1); inf only without decay."""
    g = np.asarray(g, dtype=np.float64)
    d = len(g) - np.arange(1, len(g) + 1)
    ok = np.isfinite(g) & (g > 0)
    b = np.polyfit(d[ok], np.log(g[ok]), 1)[0]
    if b < 0:
        return -1 / b
    # A flat or rising line while g_1 < g_T is still decay: the end-to-end e-folding distance.
    return (len(g) - 1) / math.log(g[-1] / g[0]) if g[0] < g[-1] else math.inf


def test_curves_equal_solo_runs_and_legends_name_the_variants(qtbot, window):
    view = compare_for(qtbot, window, "cell", "rnn,lstm")
    loss, grad, gtime, memory, hidden, gates = view.panels
    # the loss and gradient-norm panels are the Training view's own, drawing N runs
    assert type(loss) is type(window.training.loss) and loss.slug == "compare_loss"
    assert type(grad) is type(window.training.grad_norm) and grad.slug == "compare_grad_norm"
    names = ["cell-rnn", "cell-lstm"]
    assert view.latest.step == N and list(view.latest.names) == names
    for panel in (loss, grad, gtime, memory):
        assert legend_labels(panel) == names
    for i, cell in enumerate(("rnn", "lstm")):
        solo = Trainer(SMALL.replace(cell=cell))  # an independent solo run of the variant
        solo.run(N)
        rows = solo.history.rows
        smooth, raw, val = loss.run_curves[i]
        np.testing.assert_array_equal(raw.xData, rows[:, 0])
        np.testing.assert_allclose(raw.yData, rows[:, 1], rtol=1e-6)
        np.testing.assert_allclose(smooth.yData, ema(rows[:, 1], SMOOTHING), rtol=1e-6)
        np.testing.assert_allclose(val.yData, [solo.last_val], rtol=1e-6)
        np.testing.assert_allclose(grad.run_curves[i][0].yData, rows[:, 3], rtol=1e-5)
        g = solo.last_probe.grad_norm[-1]  # the probe at the end, step N, in both runs
        np.testing.assert_allclose(gtime.curves[i].yData, g, rtol=1e-4)
        tau = memory.run_curves[i][0].yData[-1]
        assert tau == pytest.approx(tau_fit(g), rel=1e-3)
        assert f"{names[i]} {tau:.3g}" in gtime.caption.full_text()
        np.testing.assert_allclose(hidden.images[i].image, solo.last_probe.hidden[-1].T,
                                   atol=1e-5)  # fmt: skip
    # The gates panel shows each cell's memory gate on one colour scale per gate.
    assert gates.gate_of(0) == "a" and gates.gate_of(1) == "f"
    np.testing.assert_allclose(
        gates.images[1].image, view.latest.snapshots[1].probe.gates["f"][-1].T
    )
    assert "compare · step 12" in window.stats.text()


def test_live_lr_reaches_every_variant_but_a_varied_lr(qtbot, window):
    view = window.compare
    window.show_view(view)
    assert built(qtbot, window, SMALL, Vary("clip", "off,norm"))
    window.controls.lr.set_value(0.003)  # the left column acts on the view shown
    window.comparison.step()
    trainers = window.comparison.run.trainable.trainers
    qtbot.waitUntil(lambda: all(t.lr == 0.003 for t in trainers), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: view.latest.step == 1, timeout=TIMEOUT)
    assert [s.lr for s in view.latest.snapshots] == [0.003, 0.003]
    assert window.run.trainer.lr == SMALL.lr  # the solo run is not touched
    assert built(qtbot, window, SMALL, Vary("lr", "0.001,0.02"))
    assert not window.controls.lr.isEnabled()  # the varied setting is each variant's own
    window.controls.lr.set_value(0.5)
    window.comparison.step()
    qtbot.waitUntil(lambda: view.latest.step == 1, timeout=TIMEOUT)
    assert [s.lr for s in view.latest.snapshots] == [0.001, 0.02]
    assert "varied" in view.message.full_text()


def test_a_diverging_variant_stops_alone_and_the_view_says_so(qtbot, window):
    view = compare_for(qtbot, window, "lr", "0.01,10000", steps=15,
                       base=SMALL.replace(optimizer="sgd"))  # fmt: skip
    assert window.comparison.stopped_variants() == ["lr-10000"]
    assert view.latest.step == 15 and view.latest["lr-0.01"].step == 15
    assert view.latest["lr-10000"].step < 15
    assert view.stopped_banner.isVisible()
    assert "lr-10000 stopped" in view.stopped_banner.text()
    assert "lr-0.01" not in view.stopped_banner.text()
    assert legend_labels(view.panels[0]) == ["lr-0.01", "lr-10000 (stopped)"]


def test_the_solo_run_and_the_comparison_never_train_at_once(qtbot, window):
    view = window.compare
    window.show_view(view)
    assert built(qtbot, window, SMALL, Vary("hidden", "4,8"))
    window.show_view(window.training)
    window.toggle_running()  # the solo run trains
    assert window.run.running
    window.show_view(view)
    window.toggle_running()  # Space in the Compare view: the comparison starts...
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)  # ...the solo run pauses
    assert window.comparison.running
    window.show_view(window.training)
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.comparison.running, timeout=TIMEOUT)
    assert window.run.running
    window.toggle_running()
    qtbot.waitUntil(lambda: not window.run.running, timeout=TIMEOUT)


def test_bad_values_are_one_red_line(window):
    view = window.compare
    view.key.setCurrentText("hidden")
    view.values.setText("8")
    view.values.textEdited.emit("8")
    assert "give 2 to 4 values" in view.message.full_text()
    assert "b00020" in view.message.styleSheet()
    view.values.setText("8,x")
    view.values.textEdited.emit("8,x")
    assert "'x' is not a whole number" in view.message.full_text()


def test_a_comparison_preset_loads_runs_and_shows_its_callouts(qtbot, window, tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(TINY_PRESET.format(steps=5))
    assert window.experiments.load(load_file(path))
    settle(qtbot, window)
    view = window.compare
    assert window.current_view() is view and view.lesson.isVisible()
    assert "Three cells" in view.lesson.text()
    window.toggle_running()  # Start runs the preset to its steps
    qtbot.waitUntil(
        lambda: view.latest.step == 5 and not window.comparison.running, timeout=TIMEOUT
    )
    gtime = view.panel_for("grad_over_time")
    # Shown with the first snapshot at or after step 2 (snapshots come at most 30 a second).
    step, _, text = gtime.note.text().partition(": ")
    assert gtime.note.isVisible() and text == "Look at the slopes." and int(step[5:]) >= 2
    assert view.note.isVisible() and "as a whole" in view.note.text()
    gtime.note.dismiss()
    assert not gtime.note.isVisible()


def test_a_solo_preset_with_sample_temperatures_shows_them_side_by_side(
    qtbot, window, tmp_path, small_text
):
    path = tmp_path / "temps.toml"
    path.write_text(f'lesson = "Temperatures."\nsteps = 3\n[config]\ndata = "{small_text}"\n'
                    "hidden = 8\nsamples = [0.3, 1, 1.5]\nsample-len = 40\n"
                    '[[callouts]]\npanel = "predictions"\ntext = "Compare the columns."\n'
                    "when = { after_step = 1 }\n")  # fmt: skip
    assert window.experiments.load(load_file(path))
    settle(qtbot, window)
    assert window.current_view() is window.training and window.lesson.isVisible()
    window.toggle_running()
    qtbot.waitUntil(lambda: window._latest.step == 3 and not window.run.running, timeout=TIMEOUT)
    window.draw_now()
    panel = window.training.predictions
    shown = [(label.text(), text.toPlainText()) for label, text in panel.column_texts]
    samples = window._latest.probe.samples
    assert shown == [(f"temperature {t:g}", s) for t, s in samples]
    assert [t for t, _ in samples] == [0.3, 1.0, 1.5]
    assert panel.note.isVisible() and "Compare the columns." in panel.note.text()


def test_scripted_preset_exports_the_compare_view(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(TINY_PRESET.format(steps=50))
    out = tmp_path / "out"
    r = run_main("--preset", str(path), "--steps", "6", "--autostart", "--export", str(out),
                 "--quit")  # fmt: skip
    assert r.returncode == 0, r.stderr
    slugs = ("compare_loss", "compare_grad_norm", "compare_grad_over_time",
             "compare_memory_length", "compare_hidden", "compare_gates")  # fmt: skip
    for slug in slugs:
        for suffix in (".png", ".svg", ".csv"):
            assert (out / f"{slug}{suffix}").stat().st_size > 0
    summary = json.loads((out / "comparison.json").read_text())
    assert summary["vary"] == "cell" and summary["steps"] == 6
    assert [v["name"] for v in summary["variants"]] == ["cell-rnn", "cell-gru"]
    header = (out / "compare_loss.csv").read_text().splitlines()[0]
    assert header == "variant,step,train_loss,train_loss_smoothed,val_loss"


def test_scripted_bad_preset_is_one_line_and_exit_2(tmp_path):
    r = run_main("--preset", "no-such-preset", "--autostart", "--quit")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "no preset 'no-such-preset'" in lines[0]
    bad = tmp_path / "bad.toml"
    bad.write_text('lesson = "x"\nsteps = 5\nvary = "cell=rnn"\n')
    r = run_main("--preset", str(bad), "--quit")
    assert r.returncode == 2 and r.stderr.startswith("error: ") and "Traceback" not in r.stderr


def test_the_experiments_menu_lists_the_bundled_presets(window):
    from rnnviz.core.presets import bundled

    assert list(window.experiments.actions) == [p.name for p in bundled()]
    assert window.experiments.menu.title() == "E&xperiments"
    texts = [a.text() for a in window.experiments.menu.actions() if not a.isSeparator()]
    assert texts[-1] == "Open a preset file…"
    assert all(t.startswith(p.name) for t, p in zip(texts, bundled(), strict=False))


def test_the_training_views_gradient_panel_shows_the_current_tau(qtbot, window):
    window.start_training(5)
    qtbot.waitUntil(lambda: not window.run.running and window._latest.step == 5, timeout=TIMEOUT)
    window.draw_now()
    panel = window.training.grad_over_time
    g = panel.snapshot.probe.grad_norm[-1]  # the curve drawn
    np.testing.assert_allclose(panel.curves[0][0].yData, g)
    tau = tau_fit(g)
    assert panel.caption.full_text().startswith(f"τ = {'∞' if math.isinf(tau) else f'{tau:.3g}'} ")


def test_the_left_column_shows_and_edits_the_comparisons_shared_settings(qtbot, window):
    view, c = window.compare, window.controls
    window.show_view(view)
    assert built(qtbot, window, SMALL.replace(hidden=5), Vary("cell", "rnn,gru"))
    assert c.hidden.value() == 5 and not c.cell.isEnabled() and c.lr.isEnabled()
    solo = window.run
    c.hidden.setValue(6)  # a structural change here: new variants, the solo run untouched
    settle(qtbot, window)
    assert view.info.base.hidden == 6 and [i.hidden for i in view.info.infos] == [6, 6]
    assert window.run is solo
    window.show_view(window.training)
    assert c.hidden.value() == SMALL.hidden and c.cell.isEnabled()


def test_the_gates_panel_has_a_colour_bar_for_each_scale_it_shows(qtbot, window, tmp_path):
    from rnnviz.gui.plots.heatmaps import PREACT, SIGMOID

    path = tmp_path / "tiny.toml"
    path.write_text(TINY_PRESET.format(steps=2))  # an RNN beside a GRU
    assert window.experiments.load(load_file(path))
    settle(qtbot, window)
    gates = window.compare.panel_for("gates")
    assert gates.choice.currentData() == "memory"  # the RNN's a (-3...3), the GRU's z (0...1)
    shown = [b for b in gates.bars if b.isVisible()]
    assert [tuple(b.levels()) for b in shown] == [PREACT, SIGMOID]
    gates.choice.setCurrentIndex(gates.choice.findData("z"))  # the GRU's alone
    gates.choice.activated.emit(gates.choice.currentIndex())
    shown = [b for b in gates.bars if b.isVisible()]
    assert [tuple(b.levels()) for b in shown] == [SIGMOID]
