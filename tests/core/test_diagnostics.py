"""Warnings: the running median and spikes against numpy, each rule at its thresholds on
made-up snapshots, and each warning on a real run made to show it (none on a healthy one)."""

import json
import math
from types import MappingProxyType, SimpleNamespace

import numpy as np
import pytest
import torch

from rnnviz.cli import main
from rnnviz.core import diagnostics as dg
from rnnviz.core import probe
from rnnviz.core.config import Config
from rnnviz.core.diagnostics import Diagnostics, evaluate
from rnnviz.core.dynamics import SIGMOID_GATES
from rnnviz.core.probelog import ProbeLogView
from rnnviz.core.trainer import History, HistoryView, Trainer

# ------------------------------------------------------------------ running median, spikes


def test_running_median_and_spikes_match_numpy():
    rng = np.random.default_rng(0)
    norms = rng.lognormal(0.0, 0.5, 400)
    norms[[5, 50, 51, 300]] *= [1e4, 300, 5, 150]  # step 6 is too early to judge
    h = History()
    for i, g in enumerate(norms):
        h.append(i + 1, 1.0, float(g), float(g), 0.01)
    W = dg.GRAD_MEDIAN_WINDOW
    want_median = np.array([np.median(norms[max(0, i - W) : i]) if i >= dg.GRAD_MEDIAN_MIN_STEPS
                            else np.nan for i in range(len(norms))])  # fmt: skip
    v = h.view(max_points=10_000)
    np.testing.assert_allclose(v.grad_median, want_median)
    spikes = [i + 1 for i in range(len(norms)) if norms[i] > dg.GRAD_SPIKE_RATIO * want_median[i]]
    assert spikes == [51, 301]
    assert v.spikes[:, 0].tolist() == spikes
    np.testing.assert_allclose(v.spikes[:, 1], norms[[50, 300]])
    np.testing.assert_allclose(v.spikes[:, 2], [want_median[50], want_median[300]])
    nan_inf = norms.copy()
    nan_inf[[120, 130]] = [np.nan, np.inf]  # a diverged step's norms: as np.median reads them
    h2 = History()
    for i, g in enumerate(nan_inf):
        h2.append(i + 1, 1.0, float(g), float(g), 0.01)
    want = [np.median(nan_inf[max(0, i - W) : i]) if i >= dg.GRAD_MEDIAN_MIN_STEPS else np.nan
            for i in range(len(nan_inf))]  # fmt: skip
    np.testing.assert_allclose(h2.view(max_points=10_000).grad_median, want)
    small = h.view(max_points=50)  # decimated rows keep their medians; spikes are all kept
    rows = small.rows[:, 0].astype(int) - 1
    np.testing.assert_allclose(small.grad_median, want_median[rows])
    assert small.spikes[:, 0].tolist() == spikes and not small.spikes.flags.writeable


# -------------------------------------------------------- the rules on made-up snapshots

L = 2
T = 10


def health_tracks(k, ratio=0.5, tau=8.0, jac=0.9, sat=0.1, dead=0.0):
    """k probes' tracks of a healthy 2-layer LSTM, one value changed per call."""

    def rows(v, shape):
        return np.broadcast_to(np.asarray(v, dtype=np.float64), (k, *shape)).copy()

    return {"gradient_ratio": rows(ratio, (L,)), "memory_length": rows(tau, (L,)),
            "jacobian_norm_max": rows(jac, (L,)), "gate_saturated": rows(sat, (L, 3)),
            "dead_fraction": rows(dead, (L,))}  # fmt: skip


def snap(step, tracks=None, val=(), rows=None, divergences=(), diverged=None, vocab=0,
         cell="lstm", from_zero=False):  # fmt: skip
    """A Snapshot with only what the diagnostics read; its K probes are evenly spread over
    steps 1..step (from step 0 with `from_zero`)."""
    tracks = tracks or health_tracks(1)
    K = len(tracks["gradient_ratio"])
    steps = np.linspace(0 if from_zero else step / K, step, K).astype(np.int64)
    if rows is None:
        rows = np.array([[s, 1.0, np.nan, 1.0, 1.0, 0.01] for s in range(1, step + 1)])
    rows = rows.reshape(-1, 6)
    history = HistoryView(rows, np.array(val, dtype=float).reshape(-1, 2),
                          np.full(len(rows), np.nan), 0.9,
                          divergences=np.array(divergences, dtype=np.int64))  # fmt: skip
    probe = SimpleNamespace(cell=cell, tokens=("a",) if vocab else None,
                            output_T=np.zeros(vocab or 1), grad_norm=np.ones((L, T)))  # fmt: skip
    probes = ProbeLogView(steps, MappingProxyType(tracks), ())
    return SimpleNamespace(step=step, history=history, probes=probes, probe=probe,
                           diverged=diverged)  # fmt: skip


def codes(ws):
    return [w.code for w in ws]


H = dg.HEALTH_PROBES
SHORT = 0.1 * T  # tau below a tenth of the window: short


def test_vanishing_needs_the_ratio_and_the_decay_in_three_probes_after_step_0():
    assert H == 3 and dg.VANISHING_RATIO == 1e-3
    low = dict(ratio=[0.5, 0.99e-3], tau=[8.0, 0.99 * SHORT])
    d = evaluate(snap(30, health_tracks(H, **low)))
    (w,) = d.raised()
    assert (w.code, w.step) == ("vanishing-gradient", 30) and "layer 2" in w.message
    assert w.message.endswith(".") and w.advice and codes(d.active()) == ["vanishing-gradient"]
    assert "in 3 probes in a row" in w.message and f"{0.99 * SHORT:.2g} steps" in w.message
    assert evaluate(snap(30, health_tracks(H - 1, **low))).raised() == ()  # too few probes
    # The first of three probes before the first step: the weights were only initialised.
    assert evaluate(snap(30, health_tracks(H, **low), from_zero=True)).raised() == ()
    for other in (dict(ratio=[0.5, 1.01e-3]), dict(tau=[8.0, 1.01 * SHORT])):
        assert evaluate(snap(30, health_tracks(H, **{**low, **other}))).raised() == ()
    tr = health_tracks(H + 1, **low)
    tr["gradient_ratio"][1] = 0.5  # the second probe breaks the run: only probes 3..4 hold
    assert evaluate(snap(40, tr)).raised() == ()


def test_decay_length_is_infinite_only_where_nothing_decays():
    # A sharp drop at t = T, then a plateau rising gently toward t = 1: the least-squares
    # line (numpy's polyfit in float64) rises, yet dL/dh_1 is 3.7e-6 of dL/dh_T.
    T50 = 50
    g = np.append(np.geomspace(3.7e-7, 1e-10, T50 - 1), 0.1)  # t = 1..T
    ratio = g[0] / g[-1]
    slope = np.polyfit(np.arange(T50 - 1, -1, -1.0), np.log(g), 1)[0]  # ln g vs T - t
    assert slope > 0 and ratio == pytest.approx(3.7e-6)
    expected = (T50 - 1) / np.log(1 / 3.7e-6)
    tau = dg.decay_length([np.inf], [ratio], T50)  # the line's tau is inf: no decay on it
    assert tau[0] == pytest.approx(expected) and tau[0] < 4
    # the probe reports the same (memory_length in probe.npz, metrics.json and the CLI)
    assert probe.memory_length(g[None])[0] == pytest.approx(expected)
    both = dg.decay_length([np.inf, 5.0, np.inf, np.nan], [1.2, 0.01, 0.0, 0.5], 10)
    assert np.isinf(both[0]) and both[1] == 5.0 and both[2] == 0.0 and np.isnan(both[3])


def test_vanishing_advice_fits_the_cell():
    low = health_tracks(H, ratio=1e-6, tau=0.5)
    advice = {c: evaluate(snap(30, low, cell=c)).raised()[0].advice for c in ("rnn", "lstm", "gru")}
    assert "LSTM or GRU" in advice["rnn"]
    assert "Try an LSTM" not in advice["lstm"] and "forget-gate bias" in advice["lstm"]
    assert "LSTM" not in advice["gru"] and "forget" not in advice["gru"]
    assert advice["rnn"] == dg.ADVICE["vanishing-gradient"] == dg.advice_for("vanishing-gradient",
                                                                             "rnn")  # fmt: skip
    assert dg.advice_for("vanishing-gradient", "lstm") == advice["lstm"]


def test_saturated_gates_and_dead_units_thresholds_in_three_probes():
    assert codes(evaluate(snap(30, health_tracks(H, sat=0.9, dead=0.24))).raised()) == []
    sat = np.array([[0.1, 0.1, 0.1], [0.1, 0.91, 0.1]])
    d = evaluate(snap(30, health_tracks(H, sat=sat, dead=[0.0, 0.25])))
    assert codes(d.raised()) == ["saturated-gates", "dead-units"]
    assert "forget gate" in d.raised()[0].message and "layer 2" in d.raised()[0].message
    assert dg.SIGMOID_GATE_NAMES["lstm"][1] == "forget" and len(SIGMOID_GATES["gru"]) == 2
    tr = health_tracks(H, sat=sat, dead=[0.0, 0.25])
    tr["gate_saturated"][0] = 0.1  # one probe in three below: no warning
    tr["dead_fraction"][1] = 0.0
    assert evaluate(snap(30, tr)).raised() == ()


def test_exploding_jacobian_needs_a_10x_growth_toward_t1_in_three_probes():
    tr = health_tracks(H + 1, jac=2.87, ratio=1.23)  # the default LSTM's false alarm
    assert evaluate(snap(40, tr)).raised() == ()
    tr["gradient_ratio"][:] = 10.0
    tr["jacobian_norm_max"][1] = 0.99  # the second probe breaks the run of three
    assert evaluate(snap(40, tr)).raised() == ()
    tr["jacobian_norm_max"][1] = 1.2
    tr["gradient_ratio"][0, 1] = 9.9  # layer 2 never held, layer 1 did at probes 1..3
    (w,) = evaluate(snap(40, tr)).raised()
    assert w.code == "exploding-gradient" and w.step == 30 and "layer 1" in w.message


def norm_rows(g):
    return np.array([[s + 1, 1.0, np.nan, v, v, 0.01] for s, v in enumerate(g)])


def test_a_single_spike_or_a_rebound_from_a_low_is_not_an_explosion():
    rng = np.random.default_rng(0)
    g = np.concatenate([rng.lognormal(0, 0.2, 100), np.geomspace(1, 0.0021, 300),
                        0.0021 * rng.lognormal(0, 0.1, 300)])  # fmt: skip
    g[550] = 0.213  # the teacher's "spike": 100x the running median
    g[600:] = np.geomspace(0.0021, 0.2, 100)  # Adam near a minimum: back up 100x its low
    assert evaluate(snap(len(g), rows=norm_rows(g))).raised() == ()


def test_sustained_growth_is_an_explosion():
    W, R = dg.GROWTH_WINDOW, dg.GROWTH_RATIO
    g = np.concatenate([np.ones(40), np.geomspace(1, 1e7, 40)])
    base = np.median(g[:W])
    want = next(i for i in range(2 * W - 1, len(g)) if np.median(g[i - W + 1 : i + 1]) >= R * base)
    d = evaluate(snap(len(g), rows=norm_rows(g)))
    (w,) = d.raised()
    assert (w.code, w.step) == ("exploding-gradient", want + 1)
    assert f"{np.median(g[want - W + 1 : want + 1]):.3g}" in w.message
    assert codes(d.active()) == ["exploding-gradient"]  # still growing at the end
    fed = Diagnostics()
    for n in range(5, len(g) + 1, 7):  # fed in pieces: the same first step
        fed.update(snap(n, rows=norm_rows(g[:n])))
    fed.update(snap(len(g), rows=norm_rows(g)))
    assert fed.raised() == d.raised()
    calm = g.copy()
    calm[want:] = 1.0  # grew to just below 10x, then fell back: nothing
    calm[want - W + 1 : want] = 9.0
    assert evaluate(snap(len(g), rows=norm_rows(calm))).raised() == ()


def falling_rows(n=2000):
    return np.array([[s, 2.0 - s / n, np.nan, 1.0, 1.0, 0.01] for s in range(1, n + 1)])


def test_overfitting_needs_the_median_of_five_validations_risen_50_percent():
    rows = falling_rows()
    losses = [1.0, 0.9, 0.92, 0.88, 0.91, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3, 1.35, 1.4, 1.45, 1.5]
    val = [(25 * (i + 1), v) for i, v in enumerate(losses)]
    want = first_overfitting(SimpleNamespace(rows=rows, val=np.array(val)), 0)
    assert want == 350  # levels: median of 1.2, 1.3, 1.35, 1.4, 1.45 = 1.35 >= 1.5 x 0.9
    d = evaluate(snap(400, rows=rows, val=val))
    (w,) = d.raised()
    assert (w.code, w.step) == ("overfitting", want) and "1.35" in w.message and "50%" in w.message
    assert evaluate(snap(325, rows=rows, val=val[:13])).raised() == ()  # level 1.3: not yet
    flat = rows.copy()
    flat[:, 1] = 1.0  # the training loss did not fall: no warning
    assert evaluate(snap(400, rows=flat, val=val)).raised() == ()


def test_a_validation_loss_bouncing_about_its_floor_is_not_overfitting():
    """The sine's validation loss at batch 16: +-25 % about 0.02. The old rule (one point 20 %
    above the minimum while the training loss fell) fired on it; the level does not."""
    rng = np.random.default_rng(0)
    val = [(25 * (i + 1), 0.02 * rng.lognormal(0, 0.12)) for i in range(80)]
    v = np.array(val)[:, 1]
    assert any(v[j] >= 1.2 * v[:j].min() for j in range(1, len(v)))  # the old false alarm
    assert evaluate(snap(2000, rows=falling_rows(), val=val)).raised() == ()


def test_overfitting_text_above_uniform_after_below():
    V = 8
    ln = math.log(V)
    high = [(25 * (i + 1), ln + 0.5) for i in range(12)]
    assert evaluate(snap(300, val=high, vocab=V)).raised() == ()  # never below ln V
    vals = [ln - 0.1] * 5 + [ln + 0.1, ln - 0.2, ln + 0.2, ln + 0.1] + [ln + 0.05]
    val = [(25 * (i + 1), v) for i, v in enumerate(vals)]
    d = evaluate(snap(250, val=val, vocab=V))
    # levels: the median of 5; the one at step 250 (ln + 0.1) is the first above ln V
    assert [(w.code, w.step) for w in d.raised()] == [("overfitting", 250)]
    assert "ln V" in d.raised()[0].message
    assert evaluate(snap(225, val=val[:-1], vocab=V)).raised() == ()


def test_divergence_is_diverged_and_exploding_and_active_until_a_good_step():
    d = Diagnostics()
    raised = d.update(snap(7, divergences=[8], diverged="diverged: ..."))
    assert sorted(codes(raised)) == ["diverged", "exploding-gradient"]
    assert {w.step for w in d.raised()} == {8} and "diverged" in codes(d.active())
    assert d.update(snap(9, divergences=[8])) == [] and "diverged" not in codes(d.active())
    d.update(snap(9 + dg.EVENT_ACTIVE_STEPS, divergences=[8]))
    assert d.active() == ()


def test_incremental_feeding_starts_over_on_a_new_run():
    d = Diagnostics()
    d.update(snap(30, health_tracks(H, ratio=1e-5, tau=0.5)))
    assert codes(d.active()) == ["vanishing-gradient"]
    d.update(snap(40, health_tracks(H + 1, ratio=[[1e-5, 1e-5]] * H + [[0.5, 0.5]], tau=0.5)))
    assert d.active() == () and codes(d.raised()) == ["vanishing-gradient"]
    d.update(snap(3))  # step went back: a new run
    assert d.raised() == ()


# ------------------------------------------------------------------------- real runs


def run(config, steps, scale_w_hh=1.0):
    """Train with a Diagnostics fed every snapshot; return (trainer, diagnostics)."""
    t = Trainer(config)
    if scale_w_hh != 1.0:
        with torch.no_grad():
            t.model.rnn.weight_hh_l0.mul_(scale_w_hh)
    d = Diagnostics()
    t.run(steps, on_snapshot=d.update, every_s=0)
    final = evaluate(t.snapshot(max_points=10**9))
    # Fed in pieces or at once: the same warnings (two raised at one step may swap places).
    assert sorted(final.raised(), key=repr) == sorted(d.raised(), key=repr)
    return t, d


def test_vanishing_gradient_on_an_rnn_with_a_long_window():
    T40 = 40
    t, d = run(Config(cell="rnn", seq_len=T40, hidden=16, length=300, probe_every=1), 4)
    assert codes(d.raised()) == ["vanishing-gradient"]
    probes = [p for p in t.probe_log.view().probes if p.step >= 1][: dg.HEALTH_PROBES]
    for p in probes:  # the rule, from each probe's gradient curve in float64
        g = p.grad_norm[0].astype(np.float64)
        slope = np.polyfit(np.arange(T40 - 1, -1, -1.0), np.log(g), 1)[0]
        assert g[0] / g[-1] < 1e-3 and -1 / slope < 0.1 * T40
    w = d.raised()[0]
    assert w.step == probes[-1].step == 3 and "LSTM or GRU" in w.advice
    assert f"{probes[-1].grad_norm[0, 0] / probes[-1].grad_norm[0, -1]:.1e}" in w.message


def test_exploding_jacobian_on_an_rnn_with_large_recurrent_weights():
    # W_hh x 4 (spectral radius ~2.3): what --init-scale makes from a config.
    config = Config(cell="rnn", seq_len=20, hidden=16, length=200, probe_every=1,
                    optimizer="sgd", lr=1e-3)  # fmt: skip
    t, d = run(config, 4, scale_w_hh=4.0)
    assert codes(d.raised()) == ["exploding-gradient"] and d.raised()[0].step == 3
    for p in t.probe_log.view().probes[:3]:
        assert p.jacobian_norm[0].max() > 1 and p.grad_norm[0, 0] >= 10 * p.grad_norm[0, -1]


def test_an_rnn_with_a_large_lr_and_init_scale_explodes_then_diverges():
    """The clipping lesson's unclipped run, at a larger init scale: the norm grows ~10^12-fold
    in 20 steps; the warning comes at the growth, before the overflow."""
    config = Config(cell="rnn", hidden=16, length=300, seq_len=30, optimizer="sgd", lr=0.5,
                    init_scale=3.0, probe_every=5)  # fmt: skip
    t, d = run(config, 100)
    raised = {w.code: w for w in d.raised()}
    assert {"exploding-gradient", "diverged"} <= set(raised)
    g = t.history.rows[:, 3]
    W, R = dg.GROWTH_WINDOW, dg.GROWTH_RATIO
    first = next(i for i in range(2 * W - 1, len(g))
                 if np.median(g[i - W + 1 : i + 1]) >= R * np.median(g[:W]))  # fmt: skip
    assert raised["exploding-gradient"].step == first + 1 < raised["diverged"].step
    assert raised["diverged"].step == t.step_count + 1 and t.diverged
    assert "diverged" in codes(d.active()) and "exploding-gradient" in codes(d.active())


def test_sgd_at_a_huge_lr_diverges_and_that_is_an_explosion_too():
    config = Config(cell="rnn", hidden=16, length=300, optimizer="sgd", lr=1.0, probe_every=5)
    t, d = run(config, 100)
    raised = {w.code: w for w in d.raised()}
    assert raised["diverged"].step == t.step_count + 1 and t.diverged
    assert raised["exploding-gradient"].step <= raised["diverged"].step


def test_saturated_gates_and_dead_units_at_a_huge_adam_lr():
    t, d = run(Config(hidden=16, length=300, lr=0.5, probe_every=4), 40)
    assert {"saturated-gates", "dead-units"} <= set(codes(d.raised()))
    p = t.last_probe
    assert (p.gate_saturation.sum(axis=3).mean(axis=2) > dg.SATURATED_SHARE).any()
    assert (p.hidden_std < dg.DEAD_UNIT_STD).mean() >= dg.DEAD_UNIT_SHARE


@pytest.fixture
def tiny_text(tmp_path):
    """300 random characters with skewed frequencies: a model learns the frequencies (the
    validation loss falls below ln V), then a large one memorises the training part."""
    rng = np.random.default_rng(0)
    p = [0.4, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]
    path = tmp_path / "tiny.txt"
    path.write_text("".join(rng.choice(list("etaoins "), 300, p=p)), encoding="utf-8")
    return path


def first_overfitting(history, V):
    """The rule, transcribed: levels are medians of 5 validations in a row; the first
    validation whose level is 50 % above the lowest level of the windows that end before its
    own starts, while the training loss (mean of 25 steps) fell; or whose level is at least
    5x that training loss and at least 0.05; or, with V > 0, whose level is above ln V after
    such an earlier level below."""
    rows, val = history.rows, history.val
    train = {s: rows[(rows[:, 0] > s - 25) & (rows[:, 0] <= s), 1].mean() for s in val[:, 0]}
    n = 5
    level = {j: np.median(val[j - n + 1 : j + 1, 1]) for j in range(n - 1, len(val))}
    for j in range(2 * n - 1, len(val)):
        i = min(range(n - 1, j - n + 1), key=lambda k: level[k])
        if level[j] >= 1.5 * level[i] and train[val[j, 0]] < train[val[i, 0]]:
            return int(val[j, 0])
        if level[j] >= 5 * train[val[j, 0]] and level[j] >= 0.05:
            return int(val[j, 0])
        if V and level[j] > math.log(V) and level[i] < math.log(V):
            return int(val[j, 0])
    return None


def test_overfitting_on_a_tiny_text_with_a_large_model(tiny_text):
    config = Config(data=str(tiny_text), hidden=128, seq_len=20, lr=0.02, val_every=5,
                    sample_len=0, probe_every=1000)  # fmt: skip
    t, d = run(config, 80)
    (w,) = [w for w in d.raised() if w.code == "overfitting"]
    history = t.history.view(max_points=10**9)
    assert w.step == first_overfitting(history, len(t.data.vocab))
    val = history.val[:, 1]
    assert np.median(val[-5:]) >= 1.5 * val.min()  # by step 80 the rise shows plainly


def test_cli_prints_each_warning_once_and_writes_them(tmp_path, capsys):
    code = main(["train", "--cell", "rnn", "--seq-len", "40", "--hidden", "8", "--steps", "3",
                 "--probe-every", "1", "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    lines = [x for x in err if x.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("warning: vanishing-gradient at step 3: ")
    m = json.loads((tmp_path / "metrics.json").read_text())
    assert m["warnings"] == [{"code": "vanishing-gradient", "step": 3,
                              "message": m["warnings"][0]["message"]}]  # fmt: skip
    assert m["warnings"][0]["message"] in lines[0]


@pytest.mark.slow
def test_the_healthy_default_raises_nothing(tmp_path, capsys):
    """The default LSTM on the sine, 400 steps: no warning on the CLI or in metrics.json."""
    assert main(["train", "--out", str(tmp_path)]) == 0
    assert "warning:" not in capsys.readouterr().err
    assert json.loads((tmp_path / "metrics.json").read_text())["warnings"] == []


def test_tau_track_corrects_every_probe_of_the_log():
    """What the Diagnostics view's and the Compare view's memory panels plot."""
    T50 = 50
    drop = np.append(np.geomspace(3.7e-7, 1e-10, T50 - 1), 0.1)  # fitted: inf; ratio 3.7e-6
    rising = np.geomspace(0.1, 0.01, T50)  # grows toward t = 1: no decay
    falling = np.geomspace(1e-4, 1.0, T50)
    g = np.stack([drop, rising, falling])[:, None]  # (K, L=1, T)
    fit = np.stack([probe.memory_length(x) for x in g])  # (K, 1)
    ratio = g[:, :, 0] / g[:, :, -1]
    view = ProbeLogView(
        np.array([10, 20, 30]),
        MappingProxyType({"memory_length": fit, "gradient_ratio": ratio}),
        (),
    )
    tau = dg.tau_track(view, T50)[:, 0]
    slope = np.polyfit(np.arange(T50 - 1, -1, -1.0), np.log(falling), 1)[0]
    expected = (T50 - 1) / np.log(1 / 3.7e-6)
    assert fit[0, 0] == pytest.approx(expected) and tau[0] == pytest.approx(expected)
    assert np.isinf(tau[1]) and tau[2] == pytest.approx(-1 / slope)


def test_a_model_that_memorises_noise_from_the_start_is_overfitting(tmp_path):
    """White noise has nothing to learn: a large model fits the training part's noise while
    the validation loss stays at its variance, a gap that grows with no rise to see."""
    path = tmp_path / "noise.csv"
    rng = np.random.default_rng(0)
    path.write_text("x\n" + "\n".join(f"{v:.6f}" for v in rng.normal(size=150)) + "\n")
    config = Config(data=str(path), hidden=64, seq_len=10, lr=0.01, val_every=5,
                    probe_every=1000)  # fmt: skip
    t, d = run(config, 300)
    (w,) = [w for w in d.raised() if w.code == "overfitting"]
    history = t.history.view(max_points=10**9)
    assert w.template == "gap" and w.step == first_overfitting(history, 0)
    level = float(w.values["loss"])
    assert level >= 5 * float(w.values["train"])


def test_adam_at_an_absurd_lr_raises_a_rising_loss_without_diverging():
    t, d = run(Config(lr=1e6, length=300, probe_every=1000), 30)
    loss = t.history.view(max_points=10**9).rows[:, 1].astype(np.float64)
    first = next(i for i in range(dg.GROWTH_WINDOW, len(loss))
                 if np.median(loss[i - dg.GROWTH_WINDOW + 1 : i + 1]) >= 10 * loss[0])  # fmt: skip
    raised = {w.code: w for w in d.raised()}
    assert raised["rising-loss"].step == first + 1 and not t.diverged
    assert "rising-loss" in codes(d.active())
    healthy = run(Config(length=300, probe_every=1000), 60)[1]
    assert "rising-loss" not in codes(healthy.raised())
