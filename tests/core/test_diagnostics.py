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


def health_tracks(k, ratio=0.5, jac=0.9, sat=0.1, dead=0.0):
    """k probes' tracks of a healthy 2-layer LSTM, one value changed per call."""

    def rows(v, shape):
        return np.broadcast_to(np.asarray(v, dtype=np.float64), (k, *shape)).copy()

    return {"gradient_ratio": rows(ratio, (L,)), "jacobian_norm_max": rows(jac, (L,)),
            "gate_saturated": rows(sat, (L, 3)), "dead_fraction": rows(dead, (L,))}  # fmt: skip


def snap(step, tracks=None, val=(), rows=None, spikes=(), divergences=(), diverged=None,
         vocab=0):  # fmt: skip
    """A Snapshot with only what the diagnostics read."""
    tracks = tracks or health_tracks(1)
    K = len(tracks["gradient_ratio"])
    steps = np.linspace(0, step, K).astype(np.int64) if K > 1 else np.array([step])
    if rows is None:
        rows = np.array([[s, 1.0, np.nan, 1.0, 1.0, 0.01] for s in range(1, step + 1)])
    rows = rows.reshape(-1, 6)
    history = HistoryView(rows, np.array(val, dtype=float).reshape(-1, 2),
                          np.full(len(rows), np.nan), 0.9,
                          spikes=np.array(spikes, dtype=float).reshape(-1, 3),
                          divergences=np.array(divergences, dtype=np.int64))  # fmt: skip
    probe = SimpleNamespace(cell="lstm", tokens=("a",) if vocab else None,
                            output_T=np.zeros(vocab or 1))  # fmt: skip
    probes = ProbeLogView(steps, MappingProxyType(tracks), ())
    return SimpleNamespace(step=step, history=history, probes=probes, probe=probe,
                           diverged=diverged)  # fmt: skip


def codes(ws):
    return [w.code for w in ws]


def test_vanishing_gradient_threshold():
    assert codes(evaluate(snap(10, health_tracks(1, ratio=[0.5, 1.01e-3]))).raised()) == []
    d = evaluate(snap(10, health_tracks(1, ratio=[0.5, 0.99e-3])))
    (w,) = d.raised()
    assert (w.code, w.step) == ("vanishing-gradient", 10) and "layer 2" in w.message
    assert w.message.endswith(".") and w.advice and codes(d.active()) == ["vanishing-gradient"]


def test_saturated_gates_and_dead_units_thresholds():
    assert codes(evaluate(snap(5, health_tracks(1, sat=0.5, dead=0.24))).raised()) == []
    sat = np.array([[0.1, 0.1, 0.1], [0.1, 0.51, 0.1]])
    d = evaluate(snap(5, health_tracks(1, sat=sat, dead=[0.0, 0.25])))
    assert codes(d.raised()) == ["saturated-gates", "dead-units"]
    assert "forget gate" in d.raised()[0].message and "layer 2" in d.raised()[0].message
    assert dg.SIGMOID_GATE_NAMES["lstm"][1] == "forget" and len(SIGMOID_GATES["gru"]) == 2


def test_exploding_needs_the_jacobian_above_one_in_three_probes_in_a_row():
    tr = health_tracks(4, jac=1.5, ratio=2.0)
    tr["jacobian_norm_max"][1] = 0.99  # the second probe breaks the run of three
    assert codes(evaluate(snap(40, tr)).raised()) == []
    tr["gradient_ratio"][1] = tr["jacobian_norm_max"][1] = 1.2
    tr["gradient_ratio"][0, 1] = 0.9  # layer 2 never held, layer 1 did at probes 1..3
    (w,) = evaluate(snap(40, tr)).raised()
    assert w.code == "exploding-gradient" and w.step == 26 and "layer 1" in w.message


def test_gradient_spike_is_active_for_a_while():
    d = Diagnostics()
    spike = [(30, 50.0, 0.1)]
    assert codes(d.update(snap(40, spikes=spike))) == ["exploding-gradient"]
    assert d.raised()[0].step == 30 and "500x" in d.raised()[0].message
    assert codes(d.active()) == ["exploding-gradient"]
    assert d.update(snap(30 + dg.EVENT_ACTIVE_STEPS + 1, spikes=spike)) == []
    assert d.active() == () and codes(d.raised()) == ["exploding-gradient"]


def test_overfitting_rise_needs_the_training_loss_to_fall():
    rows = np.array([[s, 2.0 - s / 100, np.nan, 1.0, 1.0, 0.01] for s in range(1, 101)])
    val = [(25, 1.0), (50, 0.9), (75, 1.079), (100, 1.081)]  # 1.08 = 0.9 * 1.2
    d = evaluate(snap(100, rows=rows, val=val))
    (w,) = d.raised()
    assert (w.code, w.step) == ("overfitting", 100) and "step 50" in w.message
    flat = rows.copy()
    flat[:, 1] = 1.0  # the training loss did not fall: no warning
    assert evaluate(snap(100, rows=flat, val=val)).raised() == ()


def test_overfitting_text_above_uniform_after_below():
    V = 8
    ln = math.log(V)
    assert evaluate(snap(50, val=[(25, ln + 0.5), (50, ln + 0.4)], vocab=V)).raised() == ()
    d = evaluate(snap(75, val=[(25, ln + 0.1), (50, ln - 0.01), (75, ln + 0.01)], vocab=V))
    assert [(w.code, w.step) for w in d.raised()] == [("overfitting", 75)]
    assert "ln V" in d.raised()[0].message


def test_diverged_is_active_until_a_good_step():
    d = Diagnostics()
    assert codes(d.update(snap(7, divergences=[8], diverged="diverged: ..."))) == ["diverged"]
    assert d.raised()[0].step == 8 and codes(d.active()) == ["diverged"]
    assert d.update(snap(9, divergences=[8])) == [] and d.active() == ()


def test_incremental_feeding_starts_over_on_a_new_run():
    d = Diagnostics()
    d.update(snap(10, health_tracks(1, ratio=1e-5)))
    assert codes(d.active()) == ["vanishing-gradient"]
    d.update(snap(20, health_tracks(2)))  # the newest probe is healthy again
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
    assert final.raised() == d.raised()  # fed in pieces or at once: the same warnings
    return t, d


def test_vanishing_gradient_on_an_rnn_with_a_long_window():
    t, d = run(Config(cell="rnn", seq_len=40, hidden=16, length=300, probe_every=1), 2)
    assert codes(d.raised()) == ["vanishing-gradient"]
    first = t.probe_log.view().probes[0]
    assert first.grad_norm[0, 0] / first.grad_norm[0, -1] < dg.VANISHING_RATIO
    assert d.raised()[0].step == first.step


def test_exploding_jacobian_on_an_rnn_with_large_recurrent_weights():
    # W_hh x 3 (spectral radius ~1.7): what --init-scale makes from a config.
    config = Config(cell="rnn", seq_len=20, hidden=16, length=200, probe_every=1,
                    optimizer="sgd", lr=1e-3)  # fmt: skip
    t, d = run(config, 4, scale_w_hh=3.0)
    assert codes(d.raised()) == ["exploding-gradient"] and d.raised()[0].step == 3
    for p in t.probe_log.view().probes[:3]:
        assert p.jacobian_norm[0].max() > 1 and p.grad_norm[0, 0] > p.grad_norm[0, -1]


def test_sgd_at_a_huge_lr_spikes_then_diverges(tmp_path):
    config = Config(cell="rnn", hidden=16, length=300, optimizer="sgd", lr=1.0, probe_every=5)
    t, d = run(config, 100)
    raised = {w.code: w for w in d.raised()}
    assert {"exploding-gradient", "diverged"} <= set(raised)
    g = t.history.rows[:, 3]
    first = next(i for i in range(dg.GRAD_MEDIAN_MIN_STEPS, len(g))
                 if g[i] > dg.GRAD_SPIKE_RATIO * np.median(g[max(0, i - 100) : i]))  # fmt: skip
    assert raised["exploding-gradient"].step == first + 1
    assert raised["diverged"].step == t.step_count + 1 and t.diverged
    assert "diverged" in codes(d.active())


def test_saturated_gates_and_dead_units_at_a_huge_adam_lr():
    t, d = run(Config(hidden=16, length=300, lr=0.5, probe_every=4), 16)
    assert {"saturated-gates", "dead-units"} <= set(codes(d.raised()))
    p = t.last_probe
    assert (p.gate_saturation.sum(axis=3).mean(axis=2) > 0.5).any()
    assert (p.hidden_std < dg.DEAD_UNIT_STD).mean() >= 0.25


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
    """The rule, transcribed: the first validation that rose 20 % above the earlier minimum
    while the training loss (mean of 25 steps) fell, or rose above ln V after being below."""
    rows, val = history.rows, history.val
    train = {s: rows[(rows[:, 0] > s - 25) & (rows[:, 0] <= s), 1].mean() for s in val[:, 0]}
    for j in range(1, len(val)):
        i = int(np.argmin(val[:j, 1]))
        rise = val[j, 1] >= 1.2 * val[i, 1] and train[val[j, 0]] < train[val[i, 0]]
        if rise or (val[j, 1] > math.log(V) and (val[:j, 1] < math.log(V)).any()):
            return int(val[j, 0])
    return None


def test_overfitting_on_a_tiny_text_with_a_large_model(tiny_text):
    config = Config(data=str(tiny_text), hidden=128, seq_len=20, lr=0.02, val_every=5,
                    sample_len=0, probe_every=1000)  # fmt: skip
    t, d = run(config, 50)
    (w,) = [w for w in d.raised() if w.code == "overfitting"]
    history = t.history.view(max_points=10**9)
    assert w.step == first_overfitting(history, len(t.data.vocab))
    val = history.val[:, 1]
    assert val[-1] >= 1.2 * val.min()  # by step 50 the 20 % rise shows too


def test_cli_prints_each_warning_once_and_writes_them(tmp_path, capsys):
    code = main(["train", "--cell", "rnn", "--seq-len", "40", "--hidden", "8", "--steps", "3",
                 "--probe-every", "1", "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err.splitlines()
    lines = [x for x in err if x.startswith("warning: ")]
    assert len(lines) == 1 and lines[0].startswith("warning: vanishing-gradient at step 1: ")
    m = json.loads((tmp_path / "metrics.json").read_text())
    assert m["warnings"] == [{"code": "vanishing-gradient", "step": 1,
                              "message": m["warnings"][0]["message"]}]  # fmt: skip
    assert m["warnings"][0]["message"] in lines[0]


@pytest.mark.slow
def test_the_healthy_default_raises_nothing(tmp_path, capsys):
    """The default LSTM on the sine, 400 steps: no warning on the CLI or in metrics.json."""
    assert main(["train", "--out", str(tmp_path)]) == 0
    assert "warning:" not in capsys.readouterr().err
    assert json.loads((tmp_path / "metrics.json").read_text())["warnings"] == []
