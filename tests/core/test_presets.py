"""Preset files, callout conditions, and (slow) each bundled preset's lesson for seeds 0-2,
checked against independent computations."""

import json
import math
import re
from types import MappingProxyType, SimpleNamespace

import numpy as np
import pytest

from rnnviz.core.comparison import Comparison, ComparisonSnapshot
from rnnviz.core.config import Config
from rnnviz.core.data import SeriesData, TextData, load_data
from rnnviz.core.export import series_errors
from rnnviz.core.presets import (
    PANELS,
    PRESET_DIR,
    Callouts,
    Condition,
    PresetError,
    baselines,
    bundled,
    load_file,
    load_preset,
)
from rnnviz.core.probelog import ProbeLogView
from rnnviz.core.trainer import History, Snapshot, Trainer

NAMES = [
    "vanishing",
    "clipping-rescue",
    "forget-bias",
    "temperature",
    "overfitting",
    "memory",
    "attention",
]


def fake_snapshot(step, losses, vals=(), grad_norms=None, tau=2.0, diverged=None, taus=None):
    """A Snapshot over a hand-made history: losses per step, vals {step: val_loss}, and a
    probe log whose last-layer memory lengths are `taus` (ending with `tau`)."""
    h = History()
    grad_norms = np.ones(len(losses)) if grad_norms is None else grad_norms
    vals = dict(vals)
    for i, (loss, g) in enumerate(zip(losses, grad_norms, strict=True)):
        h.append(i + 1, loss, g, g, 0.01)
        if i + 1 in vals:
            h.set_val(vals[i + 1])
    last_val = vals[max(vals)] if vals else math.nan
    probe = SimpleNamespace(memory_length=np.array([9.0, tau]))
    taus = np.array([*(taus or []), tau])
    track = np.stack([np.full_like(taus, 9.0), taus], axis=1)  # (K, L)
    log = ProbeLogView(np.arange(len(taus)), MappingProxyType({"memory_length": track}), ())
    return Snapshot(step, float(losses[-1]), last_val, 1.0, 0.01, "off", 1.0, 1.0, diverged,
                    h.view(), probe, log)  # fmt: skip


def holds(when, snap, bases=None):
    return Condition.parse(when).holds(snap, bases or {})


# ------------------------------------------------------------------------------ metrics


def test_metrics_read_the_snapshot_as_numpy_would():
    rng = np.random.default_rng(0)
    losses = rng.uniform(0.5, 2, 60)
    g = rng.uniform(0.1, 1, 60)
    g[17] = 300.0
    vals = {10: 1.5, 20: 0.7, 30: 0.9}
    taus = list(rng.uniform(1, 20, 14))
    s = fake_snapshot(60, losses, vals, g, tau=4.5, taus=taus)
    train = losses[-25:].mean()
    at_min = losses[20 - 25 : 20].mean() if 20 >= 25 else losses[:20].mean()
    checks = {
        "train_loss": train, "val_loss": 0.9, "val_loss_min": 0.7,
        "train_loss_at_val_min": at_min, "grad_norm": g[-1], "grad_norm_max": 300.0,
        "grad_norm_median": np.median(g), "memory_length": 4.5, "step": 60, "diverged": 0,
        "memory_length_median": np.median([*taus, 4.5][-10:]),
    }  # fmt: skip
    for metric, want in checks.items():
        assert holds({"value": metric, "below": want * 1.0001 + 1e-12}, s), metric
        assert not holds({"value": metric, "below": want * 0.9999 - 1e-12}, s), metric


def test_comparisons_with_unknown_values_are_false():
    s = fake_snapshot(5, np.ones(5))  # no validation yet: val_loss is nan
    assert not holds({"value": "val_loss", "below": 1e9}, s)
    assert not holds({"value": "val_loss", "above": -1e9}, s)


def test_after_step_all_and_any():
    s = fake_snapshot(100, np.ones(100), tau=3.0)
    assert holds({"after_step": 100}, s) and not holds({"after_step": 101}, s)
    big, small = {"value": "memory_length", "above": 2}, {"value": "memory_length", "below": 2}
    assert holds({"all": [big, {"after_step": 50}]}, s)
    assert not holds({"all": [big, small]}, s)
    assert holds({"any": [small, big]}, s) and not holds({"any": [small]}, s)
    assert not holds({"after_step": 200, **big}, s)  # every key must hold


def test_refs_scale_and_name_variants():
    rnn, lstm = fake_snapshot(9, np.ones(9), tau=1.9), fake_snapshot(9, np.ones(9), tau=10.0)
    comp = ComparisonSnapshot(9, "cell", ("cell-rnn", "cell-lstm"), ("rnn", "lstm"),
                              (rnn, lstm), (None, None), 1.0)  # fmt: skip
    bases = {"cell-rnn": {}, "cell-lstm": {}}
    when = {"value": "memory_length@cell-rnn", "below": "0.2 * memory_length@cell-lstm"}
    assert holds(when, comp, bases)
    assert not holds({**when, "below": "0.18 * memory_length@cell-lstm"}, comp, bases)
    assert holds({"after_step": 9, "value": "step", "above": 8}, comp, bases)


def test_baselines_are_the_trivial_forecasts_losses(small_text):
    data = load_data(Config(length=300, seq_len=7))
    assert isinstance(data, SeriesData)
    naive_rmse = series_errors(data, np.zeros(data.n_windows))["naive_val_rmse"]
    assert baselines(data)["naive_val_loss"] == pytest.approx((naive_rmse / data.std) ** 2)
    text = load_data(Config(data=str(small_text), seq_len=7))
    assert isinstance(text, TextData)
    assert baselines(text) == {"uniform_loss": pytest.approx(math.log(len(set(text.text))))}


def test_a_naive_val_loss_condition_uses_the_runs_baseline():
    s = fake_snapshot(30, np.ones(30), {30: 0.4})
    assert holds({"value": "val_loss", "below": "naive_val_loss"}, s, {"naive_val_loss": 0.5})
    assert not holds({"value": "val_loss", "below": "0.5 * naive_val_loss"}, s,
                     {"naive_val_loss": 0.5})  # fmt: skip


# ----------------------------------------------------------------------------- callouts


def write_preset(tmp_path, text, name="mine.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


SOLO = """
lesson = "Loss goes down."
steps = 30
[config]
hidden = 4
length = 120
seq-len = 6
val-every = 5
[[callouts]]
panel = "loss"
text = "first"
when = { after_step = 1 }
[[callouts]]
panel = "loss"
text = "later"
when = { after_step = 20 }
[[callouts]]
panel = "grad_norm"
text = "never"
when = { value = "val_loss", below = 0 }
"""


def test_callouts_fire_once_in_order_at_the_first_snapshot_that_holds(tmp_path):
    preset = load_file(write_preset(tmp_path, SOLO))
    assert preset.name == "mine" and preset.steps == 30 and preset.config.seq_len == 6
    run = preset.build()
    callouts = preset.callouts_for(run)
    fired = []
    run.run(preset.steps, on_snapshot=lambda s: fired.extend(callouts.update(s)), every_s=0)
    assert [(f.text, f.panel, f.step) for f in fired] == [("first", "loss", 1),
                                                          ("later", "loss", 20)]  # fmt: skip
    assert [c.text for c in callouts.pending] == ["never"] and not callouts.skipped
    assert callouts.update(run.snapshot()) == []


def test_callouts_naming_variants_a_run_lacks_are_skipped():
    preset = load_preset("vanishing").override(steps=2, hidden=4, seq_len=5, batch_size=8)
    from rnnviz.core.comparison import Vary

    comp = Comparison(preset.config, Vary.parse("cell=rnn,gru"))
    callouts = preset.callouts_for(comp)
    assert callouts.skipped and all("cell-lstm" in c.variants() for c in callouts.skipped)
    solo = Callouts.for_run(preset.callouts, Trainer(preset.config.replace(cell="rnn")))
    assert all(c.variants() for c in solo.skipped) and solo.pending  # after_step ones stay


# ------------------------------------------------------------------------------ loading


def test_the_bundled_presets_load_and_list_in_order():
    presets = bundled()
    assert [p.name for p in presets] == NAMES
    for p in presets:
        assert p.lesson.endswith(".") and "\n" not in p.lesson and p.callouts
        assert all(c.panel in PANELS for c in p.callouts)
        assert p.source.parent == PRESET_DIR
    assert load_preset("vanishing").vary.names == ("cell-rnn", "cell-lstm", "cell-gru")
    attention = load_preset("attention")
    assert attention.vary.names == ("attention-off", "attention-on")
    assert [c.attention for c in attention.vary.configs(attention.config)] == [False, True]


def test_temperature_is_a_solo_run_with_samples_side_by_side():
    p = load_preset("temperature")
    assert not p.is_comparison and p.config.samples == (0.3, 1.0, 1.5)
    assert p.config.data.endswith("nursery_rhymes.txt")


def test_samples_at_several_temperatures_in_probes_and_the_run_folder(small_text, tmp_path):
    import torch

    from rnnviz.core.export import write_run
    from rnnviz.core.probe import sample_text

    config = Config(data=str(small_text), hidden=4, seq_len=6, sample_len=15,
                    samples=[0.5, 2.0], prime="the")  # fmt: skip
    assert config.samples == (0.5, 2.0)
    t = Trainer(config)
    t.run(2)
    assert [temp for temp, _ in t.last_probe.samples] == [0.5, 2.0]
    assert all(len(text) == 3 + 15 for _, text in t.last_probe.samples)
    write_run(t, tmp_path)
    got = json.loads((tmp_path / "samples.json").read_text())
    want = [sample_text(t.model, t.data, 15, temp, "the", torch.Generator().manual_seed(0))
            for temp in (0.5, 2.0)]  # fmt: skip
    assert got == [{"temperature": 0.5, "text": want[0]}, {"temperature": 2.0, "text": want[1]}]
    assert Config.from_dict(json.loads((tmp_path / "config.json").read_text())).samples == (
        0.5,
        2.0,
    )


def test_a_json_preset_and_relative_data_paths(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "s.csv").write_text("v\n" + "\n".join(str(i % 7) for i in range(80)))
    doc = {"lesson": "x.", "steps": 3, "vary": "hidden=2,3", "config": {"data": "d/s.csv"},
           "callouts": [{"panel": "compare", "text": "t",
                         "when": {"value": "val_loss@hidden-2", "above": 0}}]}  # fmt: skip
    p = load_file(write_preset(tmp_path, json.dumps(doc), "p.json"))
    assert p.config.data == str(tmp_path / "d" / "s.csv") and p.vary.key == "hidden"


def test_override_replaces_the_files_settings():
    p = load_preset("forget-bias").override(steps=7, hidden=5)
    assert (p.steps, p.config.hidden, p.config.seq_len) == (7, 5, 50)
    with pytest.raises(PresetError, match="forget-bias: hidden must be"):
        p.override(hidden=0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("steps = 3", "`lesson`"),
        ('lesson = "x."', "`steps` must be"),
        ('lesson = "x."\nsteps = 0', "`steps` must be"),
        ('lesson = "x."\nsteps = 3\ncolour = 1', "unknown keys ['colour']"),
        ('lesson = "x."\nsteps = 3\n[config]\nwings = 2', "unknown setting 'wings'"),
        ('lesson = "x."\nsteps = 3\n[config]\nsteps = 2', "steps goes at the top level"),
        ('lesson = "x."\nsteps = 3\n[config]\nhidden = -1', "hidden must be"),
        ('lesson = "x."\nsteps = 3\nvary = "cell=rnn"', "give 2 to 4 values"),
        ('lesson = "x."\nsteps = 3\nvary = "cell=rnn,gru"\n[config]\ncell = "gru"',
         "sets cell, which `vary` varies"),
        ('lesson = "x."\nsteps = 3\n[[callouts]]\ntext = "t"\npanel = "radar"\n'
         "when = { after_step = 1 }", "panel 'radar' is not one of"),
        ('lesson = "x."\nsteps = 3\n[[callouts]]\ntext = "t"\npanel = "loss"',
         "`when` must be a table"),
        ('lesson = "x."\nsteps = 3\n[[callouts]]\ntext = "t"\npanel = "loss"\n'
         'when = { value = "speed", below = 1 }', "unknown metric 'speed'"),
        ('lesson = "x."\nsteps = 3\n[[callouts]]\ntext = "t"\npanel = "loss"\n'
         'when = { value = "val_loss" }', "`value` goes with `below` or `above`"),
        ('lesson = "x."\nsteps = 3\n[[callouts]]\ntext = "t"\npanel = "loss"\n'
         'when = { value = "val_loss@cell-rnn", below = 1 }', "names variant cell-rnn"),
        ('lesson = "x."\nsteps = 3\nvary = "cell=rnn,gru"\n[[callouts]]\ntext = "t"\n'
         'panel = "loss"\nwhen = { value = "val_loss", below = 1 }', "say whose metric"),
        ('lesson = "x."\nsteps = 3\n[[callouts]]\ntext = "t"\npanel = "loss"\n'
         'when = { after_step = "soon" }', "after_step must be a whole number"),
        ("lesson = ", "is not valid toml"),
    ],
)  # fmt: skip
def test_bad_preset_files_say_what_is_wrong_in_one_line(text, message, tmp_path):
    with pytest.raises(PresetError, match="mine.toml") as e:
        load_file(write_preset(tmp_path, text))
    assert message in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [("nope", "no preset 'nope'; choose one of"), ("missing.toml", "no such preset file")],
)
def test_unknown_presets(name, message):
    with pytest.raises(PresetError, match=message):
        load_preset(name)


# ---------------------------------------------------------------- each preset's lesson (slow)

SEEDS = (0, 1, 2)


def run_preset(name, seed):
    """Run a bundled preset as the window would, feeding every snapshot to its callouts."""
    preset = load_preset(name).override(seed=seed)
    run = preset.build()
    callouts = preset.callouts_for(run)
    run.run(preset.steps, on_snapshot=callouts.update, every_s=0.25)
    assert not callouts.skipped
    return preset, run, callouts


def fired(callouts, index):
    return any(f.callout.index == index for f in callouts.fired)


def polyfit_tau(g):
    dist = np.arange(len(g) - 1, -1, -1, dtype=np.float64)  # T - t
    slope = np.polyfit(dist, np.log(np.asarray(g, dtype=np.float64)), 1)[0]
    return -1 / slope if slope < 0 else np.inf


def recent_tau(trainer, k=10):
    """Median over the newest k probes of the last layer's tau, refitted with np.polyfit."""
    probes = trainer.probe_log.view().probes[-k:]
    assert len(probes) == k and probes[-1].step == trainer.step_count
    return float(np.median([polyfit_tau(p.grad_norm[-1]) for p in probes]))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_vanishing_the_rnn_memory_ends_well_below_both_gated_cells(seed):
    preset, comp, callouts = run_preset("vanishing", seed)
    tau = {n: recent_tau(t) for n, t in zip(comp.names, comp.trainers, strict=True)}
    assert tau["cell-rnn"] < 0.5 * min(tau["cell-lstm"], tau["cell-gru"]), tau
    assert fired(callouts, len(preset.callouts) - 1)


def nn_val_rmse(trainer):
    """Validation RMSE of the one-step forecast by torch.nn's own RNN and Linear in float64,
    and of the naive last-value forecast, in the series' units (numpy)."""
    import torch
    from torch import nn

    d, rnn = trainer.data, trainer.model.rnn
    ref = nn.RNN(1, rnn.hidden_size, rnn.num_layers, batch_first=True).double()
    ref.load_state_dict(rnn.state_dict())
    head = nn.Linear(rnn.hidden_size, 1).double()
    head.load_state_dict(trainer.model.head.state_dict())
    z = (d.values - d.mean) / d.std
    T, n = d.seq_len, d.n_train
    starts = np.arange(n, d.n_windows)
    x = torch.from_numpy(np.stack([z[s : s + T] for s in starts])[..., None])  # (N, T, 1)
    with torch.no_grad():
        pred = head(ref(x)[0][:, -1])[:, 0].numpy() * d.std + d.mean
    actual = d.values[starts + T]
    naive = d.values[starts + T - 1]
    return np.sqrt(np.mean((pred - actual) ** 2)), np.sqrt(np.mean((naive - actual) ** 2))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_clipping_rescue_off_explodes_and_norm_beats_the_naive_forecast(seed):
    _, comp, callouts = run_preset("clipping-rescue", seed)
    off, norm = comp["clip-off"], comp["clip-norm"]
    g = off.history.rows[:, 3]
    assert "clip-off" in comp.stopped or np.max(g) >= 100 * np.median(g)
    assert "clip-norm" not in comp.stopped and norm.step_count == comp.step_count
    rmse, naive = nn_val_rmse(norm)
    assert rmse < naive, (rmse, naive)
    assert fired(callouts, 1) and fired(callouts, 2)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_forget_bias_one_gives_the_longer_memory(seed):
    preset, comp, callouts = run_preset("forget-bias", seed)
    tau0, tau1 = (recent_tau(comp[n]) for n in ("forget-bias-0", "forget-bias-1"))
    assert tau1 > 1.5 * tau0, (tau0, tau1)
    assert fired(callouts, len(preset.callouts) - 1)


def words(text):
    return re.findall(r"[a-z']+", text.lower())


def nn_log_likelihood(trainer, text):
    """Mean log-probability per character of `text` under the model at temperature 1, from
    torch.nn's own LSTM and Linear (float64)."""
    import torch
    from torch import nn

    d, rnn = trainer.data, trainer.model.rnn
    ref = nn.LSTM(len(d.vocab), rnn.hidden_size, rnn.num_layers, batch_first=True).double()
    ref.load_state_dict(rnn.state_dict())
    head = nn.Linear(rnn.hidden_size, len(d.vocab)).double()
    head.load_state_dict(trainer.model.head.state_dict())
    ids = torch.tensor([d.vocab.index(c) for c in text])
    x = torch.nn.functional.one_hot(ids[:-1], len(d.vocab)).double()[None]  # (1, n-1, V)
    with torch.no_grad():
        logp = torch.log_softmax(head(ref(x)[0])[0], dim=-1)  # (n-1, V)
    return float(logp[torch.arange(len(ids) - 1), ids[1:]].mean())


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_temperature_low_repeats_the_rhymes_and_high_invents(seed):
    from rnnviz.core.export import samples_json

    preset, trainer, callouts = run_preset("temperature", seed)
    samples = {s["temperature"]: s["text"] for s in json.loads(samples_json(trainer))}
    assert list(samples) == [0.3, 1.0, 1.5]
    assert all(len(t) == len(preset.config.prime) + 120 for t in samples.values())
    corpus = set(words(trainer.data.text))
    known = {t: np.mean([w in corpus for w in words(s)]) for t, s in samples.items()}
    assert known[0.3] >= known[1.5] + 0.2, known
    loglik = {t: nn_log_likelihood(trainer, s) for t, s in samples.items()}
    assert loglik[0.3] > loglik[1.0] > loglik[1.5], loglik
    assert len(trainer.last_probe.samples) == 3  # the live probe draws them too
    assert fired(callouts, 1)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_overfitting_validation_rises_while_training_falls(seed):
    preset, trainer, callouts = run_preset("overfitting", seed)
    rows = trainer.history.rows  # every step, not the snapshot's decimated view
    val = rows[~np.isnan(rows[:, 2])][:, [0, 2]]
    best = int(np.argmin(val[:, 1]))
    assert val[-1, 1] >= 1.2 * val[best, 1] and best < len(val) - 1
    at_best = int(val[best, 0])
    assert rows[-25:, 1].mean() < rows[max(0, at_best - 25) : at_best, 1].mean()
    assert fired(callouts, len(preset.callouts) - 1)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_memory_only_the_gated_cells_beat_the_memoryless_baseline(seed, tmp_path, capsys):
    """`rnnviz compare --preset memory` itself: each variant's metrics.json, its final
    validation loss against its baseline_loss (1/6, the MSE of always answering 1)."""
    import json

    from rnnviz.cli import main

    out = tmp_path / "memory"
    assert main(["compare", "--preset", "memory", "--seed", str(seed), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    ratio = {}
    for name in ("cell-rnn", "cell-lstm", "cell-gru"):
        m = json.loads((out / name / "metrics.json").read_text())
        assert m["baseline_loss"] == 1 / 6 and m["steps"] == load_preset("memory").steps
        ratio[name] = m["final_val_loss"] / m["baseline_loss"]
    assert ratio["cell-rnn"] >= 0.5, ratio
    assert ratio["cell-lstm"] < 0.1 and ratio["cell-gru"] < 0.1, ratio
    assert "callout [loss]" in err and "The gated cells have learnt to remember" in err


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_attention_lets_the_rnn_beat_the_memoryless_baseline(seed, tmp_path, capsys):
    """`rnnviz compare --preset attention` itself: the plain RNN's final validation loss at or
    above half its baseline_loss (1/6), the RNN with attention's below a tenth of it."""
    import json

    from rnnviz.cli import main

    out = tmp_path / "attention"
    assert main(["compare", "--preset", "attention", "--seed", str(seed), "--out", str(out)]) == 0
    capsys.readouterr()
    ratio = {}
    for name in ("attention-off", "attention-on"):
        m = json.loads((out / name / "metrics.json").read_text())
        config = json.loads((out / name / "config.json").read_text())
        assert config["attention"] == (name == "attention-on") and config["cell"] == "rnn"
        assert m["baseline_loss"] == 1 / 6 and m["steps"] == load_preset("attention").steps
        ratio[name] = m["final_val_loss"] / m["baseline_loss"]
    assert ratio["attention-off"] >= 0.5, ratio
    assert ratio["attention-on"] < 0.1, ratio
