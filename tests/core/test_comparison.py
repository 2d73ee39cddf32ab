"""A comparison trains its variants in lockstep exactly as their solo runs would."""

import dataclasses
import json
import threading

import numpy as np
import pytest

from rnnviz.core.comparison import (
    Comparison,
    ComparisonSnapshot,
    Throughput,
    Vary,
    format_value,
    summary,
    throughput,
    write_comparison,
)
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.trainer import Trainer

SERIES = {"hidden": 8, "length": 150, "seq_len": 8, "val_every": 4}


def text_base(path):
    return {"hidden": 8, "seq_len": 8, "data": str(path), "batch_size": 16, "val_every": 4,
            "sample_len": 10}  # fmt: skip


def assert_same_run(a: Trainer, b: Trainer):
    """Histories (every column) and the final probe agree to float tolerance."""
    assert a.step_count == b.step_count
    np.testing.assert_allclose(a.history.rows, b.history.rows, rtol=1e-6, equal_nan=True)
    np.testing.assert_allclose(a.last_probe.grad_norm, b.last_probe.grad_norm, rtol=1e-5)
    np.testing.assert_allclose(a.last_probe.memory_length, b.last_probe.memory_length, rtol=1e-4)


@pytest.mark.parametrize(
    ("kind", "vary"),
    [
        ("series", "cell=rnn,lstm"),
        ("series", "lr=0.003,0.01,0.05"),
        ("series", "seq-len=5,9"),
        ("text", "hidden=4,8"),
        ("text", "cell=rnn,lstm,gru"),
    ],
)
def test_each_variant_trains_exactly_as_its_solo_run(kind, vary, small_text):
    base = Config(**(SERIES if kind == "series" else text_base(small_text)))
    v = Vary.parse(vary)
    comp = Comparison(base, v)
    assert comp.run(12) == 12 and comp.step_count == 12
    for config, trainer in zip(v.configs(base), comp.trainers, strict=True):
        solo = Trainer(config)
        solo.run(12)
        assert_same_run(trainer, solo)
    if v.key != "seq-len":  # one dataset, and the same draws of batches in every variant
        assert all(t.data is comp.trainers[0].data for t in comp.trainers)
        states = [t._batch_gen.get_state() for t in comp.trainers]
        assert all(bool((s == states[0]).all()) for s in states)


def test_a_diverging_variant_stops_alone_and_says_so():
    base = Config(**SERIES, optimizer="sgd")
    comp = Comparison(base, Vary("lr", (0.01, 1e6)))
    snaps = []
    comp.run(20, on_snapshot=snaps.append, every_s=0)
    name = "lr-1000000"
    assert list(comp.stopped) == [name] and "diverged" in comp.stopped[name]
    assert comp.step_count == 20 and comp["lr-0.01"].step_count == 20
    stopped_at = comp[name].step_count
    assert stopped_at < 20
    last = snaps[-1]
    assert last.stopped == (None, comp.stopped[name])
    assert last[name].diverged and last["lr-0.01"].diverged is None
    solo = Trainer(base.replace(lr=1e6))
    solo.run(20)  # a solo run stops at its divergence too
    assert_same_run(comp[name], solo)
    assert summary(comp)["variants"][1]["diverged"] is True


def test_all_variants_diverging_ends_the_run():
    comp = Comparison(Config(**SERIES, optimizer="sgd"), Vary("lr", (1e6, 1e7)))
    assert comp.run(50) < 50 and set(comp.stopped) == set(comp.names)


def test_snapshots_are_immutable_and_name_each_variant():
    comp = Comparison(Config(**SERIES), Vary.parse("cell=rnn,gru"))
    comp.run(5)
    s = comp.snapshot()
    assert isinstance(s, ComparisonSnapshot)
    assert (s.step, s.key, s.names, s.values) == (
        5,
        "cell",
        ("cell-rnn", "cell-gru"),
        ("rnn", "gru"),
    )
    assert s["cell-gru"].probe.cell == "gru" and s.stopped == (None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.step = 3
    tau = s["cell-rnn"].probes.track("memory_length")  # (K, L): tau over training
    assert tau.shape[1] == 1 and not tau.flags.writeable


def test_run_stops_on_the_event_and_runs_on_the_calling_thread():
    comp = Comparison(Config(**SERIES), Vary.parse("hidden=4,8"))
    stop = threading.Event()
    seen = []

    def on_snapshot(snap):
        seen.append(threading.get_ident())
        if snap.step >= 3:
            stop.set()

    comp.run(None, stop, on_snapshot, every_s=0)
    assert 3 <= comp.step_count < 10 and set(seen) == {threading.get_ident()}


# --------------------------------------------------------------------------- live settings


def test_live_settings_act_on_every_variant_except_the_varied_one():
    comp = Comparison(Config(**SERIES, optimizer="sgd"), Vary.parse("lr=0.01,0.1"))
    assert not comp.is_live("lr") and comp.is_live("clip")
    assert comp.set_lr(0.5) is False
    assert comp.set_clip("norm", 0.25) and comp.set_temperature(0.5)
    comp.run(1)
    assert [t.lr for t in comp.trainers] == [0.01, 0.1]
    assert [(t.clip, t.clip_value, t.temperature) for t in comp.trainers] == [
        ("norm", 0.25, 0.5)
    ] * 2


def test_varying_the_clip_mode_keeps_each_mode_and_shares_the_threshold():
    comp = Comparison(Config(**SERIES), Vary.parse("clip=off,norm"))
    assert comp.set_clip("value", 0.5) is False
    assert comp.set_lr(0.02)
    comp.run(1)
    assert [(t.clip, t.clip_value, t.lr) for t in comp.trainers] == [
        ("off", 0.5, 0.02),
        ("norm", 0.5, 0.02),
    ]


def test_live_settings_are_validated():
    comp = Comparison(Config(**SERIES), Vary.parse("hidden=4,8"))
    with pytest.raises(ConfigError):
        comp.set_lr(-1)


# ----------------------------------------------------------------------------- --vary


@pytest.mark.parametrize(
    ("text", "key", "values", "names"),
    [
        ("cell=rnn,lstm,gru", "cell", ("rnn", "lstm", "gru"),
         ("cell-rnn", "cell-lstm", "cell-gru")),
        ("clip=off,norm", "clip", ("off", "norm"), ("clip-off", "clip-norm")),
        ("lr=0.01,1e-3,1", "lr", (0.01, 0.001, 1.0), ("lr-0.01", "lr-0.001", "lr-1")),
        ("seq_len=10,50", "seq-len", (10, 50), ("seq-len-10", "seq-len-50")),
        ("forget-bias=0,1,2,3", "forget-bias", (0.0, 1.0, 2.0, 3.0),
         ("forget-bias-0", "forget-bias-1", "forget-bias-2", "forget-bias-3")),
        ("hidden= 8, 16", "hidden", (8, 16), ("hidden-8", "hidden-16")),
        ("attention=off,on", "attention", (False, True), ("attention-off", "attention-on")),
        ("attention=True,false", "attention", (True, False), ("attention-on", "attention-off")),
    ],
)  # fmt: skip
def test_vary_parses_typed_values_and_names_the_variants(text, key, values, names):
    v = Vary.parse(text)
    assert (v.key, v.values, v.names) == (key, values, names)
    assert all(type(a) is type(b) for a, b in zip(v.values, values, strict=True))
    assert Vary.parse(v.text) == v


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cell", "takes KEY=V1,V2"),
        ("=rnn,lstm", "takes KEY=V1,V2"),
        ("colour=red,blue", "cannot vary 'colour'"),
        ("lr=0.1", "give 2 to 4 values"),
        ("lr=1,2,3,4,5", "give 2 to 4 values"),
        ("lr=0.01,1e-2", "must differ, got 0.01 twice"),
        ("cell=rnn,,lstm", "must differ, got an empty value"),
        ("lr=fast,slow", "'fast' is not a number"),
        ("hidden=8,8.5", "'8.5' is not a whole number"),
        ("cell=rnn,transformer", "variant cell-transformer: cell must be one of"),
        ("lr=0.1,-1", "variant lr--1: lr must be"),
        ("hidden=8,0", "variant hidden-0: hidden must be"),
        ("attention=off,maybe", "'maybe' is not on or off"),
        ("attention=off,on,true", "must differ, got on twice"),
    ],
)
def test_bad_vary_says_what_is_wrong(text, message):
    with pytest.raises(ConfigError, match=message) as e:
        Vary.parse(text).configs(Config())
    assert "\n" not in str(e.value)


def test_forget_bias_variants_need_an_lstm():
    with pytest.raises(ConfigError, match="forget gate"):
        Vary.parse("forget-bias=0,1").configs(Config(cell="gru"))
    with pytest.raises(ConfigError, match="variant cell-rnn"):
        Vary.parse("cell=rnn,lstm").configs(Config(forget_bias=1.0))


def test_format_value_round_trips():
    for v in (0.01, 1e-5, 3.0, 0.1 + 0.2, 123456.789):
        assert float(format_value(v)) == v


# ---------------------------------------------------------------------------- exports


def test_write_comparison_writes_a_run_folder_per_variant(tmp_path):
    base = Config(**SERIES)
    comp = Comparison(base, Vary.parse("cell=rnn,lstm,gru"))
    comp.run(6)
    written = write_comparison(comp, tmp_path)
    data = json.loads((tmp_path / "comparison.json").read_text())
    assert data["vary"] == "cell" and data["steps"] == 6
    assert [v["name"] for v in data["variants"]] == ["cell-rnn", "cell-lstm", "cell-gru"]
    for v in data["variants"]:
        folder = tmp_path / v["name"]
        assert {p.name for p in folder.iterdir()} == {
            "config.json", "metrics.json", "history.csv", "probe.npz", "probes.npz",
            "checkpoint.pt", "environment.json",
            "predictions.csv"}  # fmt: skip
        m = json.loads((folder / "metrics.json").read_text())
        cfg = json.loads((folder / "config.json").read_text())
        assert cfg["cell"] == v["value"] and m["steps"] == 6
        assert set(v) == {"name", "value", "final_train_loss", "final_val_loss",
                          "memory_length", "steps_per_second", "diverged"}  # fmt: skip
        assert v["final_train_loss"] == pytest.approx(m["final_train_loss"])
        assert v["final_val_loss"] == pytest.approx(m["final_val_loss"])
        assert v["memory_length"] == m["memory_length"][-1]
        tau = float(np.load(folder / "probe.npz")["memory_length"][-1])
        assert v["memory_length"] == (pytest.approx(tau) if np.isfinite(tau) else None)
        assert v["steps_per_second"] > 0 and v["diverged"] is False
    assert len(written) == 3 * 8 + 1


def test_the_variant_folders_equal_solo_run_folders(tmp_path):
    from rnnviz.core.export import write_run

    base = Config(**SERIES)
    comp = Comparison(base, Vary.parse("hidden=4,8"))
    comp.run(5)
    write_comparison(comp, tmp_path / "cmp")
    solo = Trainer(base.replace(hidden=8))
    solo.run(5)
    write_run(solo, tmp_path / "solo")
    a, b = (np.load(p / "probe.npz") for p in (tmp_path / "cmp" / "hidden-8", tmp_path / "solo"))
    assert set(a) == set(b)
    for k in a:
        np.testing.assert_allclose(a[k], b[k], rtol=1e-5)
    assert (tmp_path / "cmp/hidden-8/history.csv").read_text() == (
        tmp_path / "solo/history.csv"
    ).read_text()


def test_throughput_reports_both_speeds():
    r = throughput(Config(**SERIES), Vary.parse("hidden=4,8"), 5)
    assert r.names == ("hidden-4", "hidden-8") and len(r.solo) == 2
    assert r.comparison > 0 and all(s > 0 for s in r.solo)
    assert r.back_to_back == pytest.approx(1 / (1 / r.solo[0] + 1 / r.solo[1]))
    assert r.ratio == pytest.approx(r.comparison / r.back_to_back)
    assert Throughput(1.0, (0.0, 2.0), ("a", "b")).back_to_back == 0.0


def test_each_variant_gets_a_share_of_the_probe_budget():
    comp = Comparison(Config(**SERIES, probe_share=0.06), Vary.parse("cell=rnn,lstm,gru"))
    for t in comp.trainers:  # each part's clock within its share of the variant's 0.02
        assert sum(c.share for c in t.clocks.values()) == pytest.approx(0.02)


def test_vary_init_compares_initialisation_schemes():
    base = Config(cell="rnn", hidden=6, length=120, seq_len=5)
    cmp = Comparison(base, Vary.parse("init=default,orthogonal"))
    cmp.run(3)
    for trainer, scheme in zip(cmp.trainers, ("default", "orthogonal"), strict=True):
        solo = Trainer(base.replace(init=scheme))
        solo.run(3)
        np.testing.assert_allclose(trainer.history.rows[:, 1], solo.history.rows[:, 1])
