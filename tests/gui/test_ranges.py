"""History plots' ranges cover what happened: a 10⁷ gradient spike is on the plot, solo and in
a comparison whose exploding variant stopped; values that are not finite are marked at the
edge; and a new run's range owes nothing to the previous run's."""

from types import SimpleNamespace

import numpy as np
import pytest

from rnnviz.core.trainer import History
from rnnviz.gui.plots.gradients import GlobalGradPanel
from rnnviz.gui.plots.loss import LossPanel


def history(norms, losses=None):
    """A History view with these global gradient norms (and training losses), one a step."""
    h = History()
    losses = np.full(len(norms), 0.5) if losses is None else losses
    for i, (g, loss) in enumerate(zip(norms, losses, strict=True)):
        h.append(i + 1, float(loss), float(g), float(min(g, 1.0)), 0.5)
    return h.view(max_points=10**9)


def run(norms, clip="off", losses=None):
    return SimpleNamespace(history=history(norms, losses), clip=clip, clip_value=0.1)


def exploding_norms(n=200, peak=1.3e7):
    """A gradient norm around 1 that grows to `peak` at the last step (the clipping lesson's
    unclipped run, which then stops)."""
    rng = np.random.default_rng(0)
    g = rng.lognormal(0.0, 0.3, n)
    g[-20:] = np.geomspace(2.0, peak, 20)
    return g


def shown(panel):
    """The y range the plot shows, in data units (the axis is log10 inside)."""
    lo, hi = panel.plot.vb.viewRange()[1]
    return 10.0**lo, 10.0**hi


def info(names=("clip-off", "clip-norm")):
    return SimpleNamespace(names=names, infos=tuple(SimpleNamespace(baseline_loss=None)
                                                    for _ in names))  # fmt: skip


def covers(panel, *values):
    lo, hi = shown(panel)
    v = np.concatenate([np.ravel(x) for x in values])
    v = v[np.isfinite(v) & (v > 0)]
    return lo <= v.min() and v.max() <= hi


@pytest.fixture
def solo(qtbot):
    p = GlobalGradPanel()
    qtbot.addWidget(p)
    p.reset(SimpleNamespace(names=("run",)))
    return p


@pytest.fixture
def compared(qtbot):
    p = GlobalGradPanel(compare=True)
    qtbot.addWidget(p)
    p.reset(info())
    return p


def test_a_1e7_spike_is_on_the_solo_plot(solo):
    g = exploding_norms()
    solo.draw(run(g))
    assert g.max() > 1e7 and covers(solo, g)
    assert shown(solo)[1] >= g.max()


def test_a_stopped_variants_1e7_spike_is_on_the_comparison(compared):
    exploded, clipped = exploding_norms(), np.random.default_rng(1).lognormal(0.0, 0.3, 200)
    snap = SimpleNamespace(snapshots=(run(exploded), run(clipped, "norm")),
                           stopped=("diverged at step 201", None))  # fmt: skip
    compared.draw(snap)
    assert shown(compared)[1] >= exploded.max() > 1e7
    assert covers(compared, exploded, clipped)
    assert "(stopped)" in compared.legend.item.items[0][1].text


def test_values_that_are_not_finite_are_marked_at_the_edges(solo):
    g = exploding_norms()
    g[[150, 199]] = [np.inf, np.nan]
    g[100] = 0.0  # underflowed
    solo.draw(run(g))
    top, bottom = solo.range.marked()
    assert top.tolist() == [151.0, 200.0] and bottom.tolist() == [101.0]
    finite = g[np.isfinite(g) & (g > 0)]
    assert covers(solo, finite) and shown(solo)[1] < 1e9  # not stretched to the cap (1e30)


def test_a_new_run_starts_with_a_fresh_range(solo, qtbot):
    solo.draw(run(exploding_norms()))
    assert shown(solo)[1] > 1e7
    solo.reset(SimpleNamespace(names=("run",), baseline_loss=None))
    assert shown(solo)[1] < 1e7  # before the new run's first step too
    calm = np.random.default_rng(2).lognormal(-2.0, 0.2, 50)
    solo.draw(run(calm))
    lo, hi = shown(solo)
    assert covers(solo, calm) and hi < 10 * calm.max() and lo > calm.min() / 10
    assert solo.plot.vb.viewRange()[0][1] < 200  # x too: 50 steps, not the old 200


def test_the_loss_panel_range_covers_every_variant_and_resets(qtbot):
    p = LossPanel(compare=True)
    qtbot.addWidget(p)
    p.reset(info())
    big = np.geomspace(0.5, 3e6, 120)  # the unclipped variant's loss blowing up
    small = np.geomspace(0.5, 0.01, 120)
    snap = SimpleNamespace(snapshots=(run(np.ones(120), losses=big),
                                      run(np.ones(120), "norm", small)),
                           stopped=("diverged", None))  # fmt: skip
    p.draw(snap)
    assert covers(p, big, small)
    p.reset(info())
    snap = SimpleNamespace(snapshots=(run(np.ones(30), losses=small[:30]),
                                      run(np.ones(30), "norm", small[:30])),
                           stopped=(None, None))  # fmt: skip
    p.draw(snap)
    assert covers(p, small[:30]) and shown(p)[1] < 10


def test_the_clipping_lessons_explosion_is_on_the_plot_its_callout_points_at(qtbot):
    """The clipping-rescue preset, trained: when the callout on the gradient-norm panel says
    the gradient exploded, the unclipped run's largest norm (stopped by then) is on that
    panel's plot, and so is every value of the clipped one."""
    from rnnviz.core.comparison import ComparisonInfo
    from rnnviz.core.presets import Callouts, load_preset

    preset = load_preset("clipping-rescue")
    comparison = preset.build()
    callouts = Callouts.for_run(preset.callouts, comparison)
    fired = []
    comparison.run(preset.steps, on_snapshot=lambda s: fired.extend(callouts.update(s)),
                   every_s=0)  # fmt: skip
    exploded = [f for f in fired if f.panel == "grad_norm" and f.callout.index == 1]
    assert exploded, "the 'gradient just exploded' callout did not fire"
    snap = comparison.snapshot(max_points=10**9)
    assert snap.stopped[0] and not snap.stopped[1]  # clip-off diverged and stopped
    panel = GlobalGradPanel(compare=True)
    qtbot.addWidget(panel)
    panel.reset(ComparisonInfo.from_comparison(comparison))
    panel.draw(snap)
    off = snap["clip-off"].history.column("grad_norm")
    on = snap["clip-norm"].history.column("grad_norm")
    assert np.nanmax(off) > 1e6 * np.median(on)  # the explosion the lesson shows
    assert covers(panel, off, on) and shown(panel)[1] >= np.nanmax(off)


def test_a_time_axis_keeps_its_1_to_T_range_after_reset(qtbot):
    from rnnviz.gui.plots.gradients import GradTimePanel

    p = GradTimePanel()
    qtbot.addWidget(p)
    p.reset(SimpleNamespace(layers=1, directions=1, seq_len=40))
    lo, hi = p.plot.vb.viewRange()[0]
    assert lo < 1 < 40 < hi < 42  # 0.5..40.5 with a little padding, not the steps' 0..10
