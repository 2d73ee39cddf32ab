import math
import threading

import numpy as np
import pytest
import torch

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.export import series_errors
from rnnviz.core.trainer import History, ProbeClock, Trainer

SMALL = {"hidden": 8, "length": 200}


def params(trainer):
    return [p.detach().clone() for p in trainer.model.parameters()]


def test_same_seed_same_losses_other_seed_differs(small_text):
    for extra in ({}, {"data": str(small_text), "batch_size": 16}):
        a, b = (Trainer(Config(**SMALL, **extra)) for _ in range(2))
        a.run(15)
        b.run(15)
        np.testing.assert_array_equal(a.history.rows[:, 1], b.history.rows[:, 1])
        c = Trainer(Config(**SMALL, **extra, seed=1))
        c.run(15)
        assert not np.allclose(a.history.rows[:, 1], c.history.rows[:, 1])


def sgd_step_delta(trainer):
    before = params(trainer)
    assert trainer.step()
    return torch.cat([(a - b).flatten() for a, b in zip(params(trainer), before, strict=True)])


def test_clip_by_norm_bounds_the_update():
    t = Trainer(Config(**SMALL, optimizer="sgd", lr=0.1, clip="norm", clip_value=1e-3))
    delta = sgd_step_delta(t)
    _, _, _, norm, clipped, lr = t.history.rows[-1]
    assert norm > 1e-3
    assert clipped == pytest.approx(1e-3, rel=1e-3)
    assert float(delta.norm()) == pytest.approx(lr * clipped, rel=1e-3)


def test_clip_by_value_bounds_every_component():
    t = Trainer(Config(**SMALL, optimizer="sgd", lr=0.1, clip="value", clip_value=1e-4))
    delta = sgd_step_delta(t)
    grads = torch.cat([p.grad.flatten() for p in t.model.parameters()])  # as clipped
    assert float(grads.abs().max()) == pytest.approx(1e-4, rel=1e-6)
    assert float(delta.abs().max()) == pytest.approx(0.1 * 1e-4, rel=1e-2)  # float32 update
    _, _, _, norm, clipped, _ = t.history.rows[-1]
    assert clipped == pytest.approx(float(grads.norm()), rel=1e-5)
    assert clipped < norm


def test_clipping_off_records_the_same_norm_twice():
    t = Trainer(Config(**SMALL))
    t.run(3)
    np.testing.assert_array_equal(t.history.rows[:, 3], t.history.rows[:, 4])


def test_live_lr_and_clip_changes_take_effect_at_the_next_step():
    t = Trainer(Config(**SMALL, optimizer="sgd", lr=0.1))
    grad_free = sgd_step_delta(t)
    assert float(grad_free.norm()) == pytest.approx(0.1 * t.history.rows[-1, 3], rel=1e-3)
    t.set_lr(0.02)
    t.set_clip("norm", 1e-3)
    assert t.lr == 0.1  # pending until the next step
    delta = sgd_step_delta(t)
    assert t.lr == 0.02 and t.history.rows[-1, 5] == 0.02
    assert float(delta.norm()) == pytest.approx(0.02 * 1e-3, rel=1e-3)
    assert t.optimizer.param_groups[0]["lr"] == 0.02


def test_live_changes_from_another_thread_during_run():
    t = Trainer(Config(**SMALL, lr=0.01))
    stop = threading.Event()
    seen = []

    def on_snapshot(snap):
        seen.append(snap.step)
        if snap.step >= 20 and t.lr == 0.01:
            threading.Thread(target=t.set_lr, args=(0.005,)).start()
        if snap.step >= 60:
            stop.set()

    worker = threading.Thread(target=t.run, kwargs={"stop": stop, "on_snapshot": on_snapshot,
                                                    "every_s": 0})  # fmt: skip
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    lrs = t.history.rows[:, 5]
    assert lrs[0] == 0.01 and lrs[-1] == 0.005
    assert np.all(np.diff(lrs) <= 0)  # changed once, between two steps


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf])
def test_live_settings_are_validated(bad):
    t = Trainer(Config(**SMALL))
    with pytest.raises(ConfigError):
        t.set_lr(bad)
    with pytest.raises(ConfigError):
        t.set_clip("norm", bad)
    with pytest.raises(ConfigError):
        t.set_clip("sideways", 1.0)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_divergence_stops_cleanly_keeps_good_weights_and_can_resume(cell):
    t = Trainer(Config(**SMALL, cell=cell, optimizer="sgd", lr=10.0))
    done = t.run(200)
    assert done < 200 and t.diverged and "diverged" in t.diverged
    assert np.isfinite(t.history.rows[:, 1]).all()  # no non-finite row recorded
    for p in t.model.parameters():
        assert torch.isfinite(p).all()
    x, y = t.data.train_batch(None, t.device)
    with torch.no_grad():
        assert math.isfinite(float(t.data.loss(t.model(x)[0], y)))  # the kept weights are good
    t.set_lr(1e-4)
    step = t.step_count
    assert t.run(5) == 5 and t.step_count == step + 5
    assert t.diverged is None and t.divergences == 1


def test_probe_every_n_steps():
    t = Trainer(Config(**SMALL, probe_every=7))
    steps = []
    real = t.probe
    t.probe = lambda whole=True: steps.append(t.step_count) or real(whole)
    t.run(30)
    assert steps[:-1] == [7, 14, 21, 28] and steps[-1] == 30  # and always at the end
    # every N steps, every probe is whole: all of them are logged
    assert t.probe_log.view().steps.tolist() == [7, 14, 21, 28, 30]
    assert all(p.whole for p in t.probe_log.view().probes)


def test_probe_clock_wall_clock_budget():
    clock = ProbeClock(0, hz=4, share=0.05)
    assert clock.due(1, 0.0)
    clock.record(-1.0, -0.5)  # the first probe's cost is not counted
    clock.record(0.0, 0.002)  # a cheap probe: limited by hz
    assert not clock.due(2, 0.2) and clock.due(3, 0.26)
    clock.record(1.0, 1.1)  # a 100 ms probe: at most 5% of the time -> every 2 s
    assert not clock.due(4, 2.0) and clock.due(5, 3.2)


def test_probe_clock_does_not_judge_by_the_first_probe():
    """The first probe pays one-off costs: the next one comes by hz, then cost rules."""
    clock = ProbeClock(0, hz=4, share=0.05)
    clock.record(0.0, 1.7)  # the first probe of a run: lazy imports, warm-up
    assert clock.due(2, 1.96)  # 0.26 s later, not 34 s
    clock.record(2.0, 2.1)
    assert not clock.due(3, 3.9) and clock.due(4, 4.2)
    clock.record(4.2, 4.3)
    clock.record(4.4, 6.4)  # one probe slowed by a busy moment: the median holds
    assert abs(clock.cost - 0.1) < 1e-9 and clock.due(5, 8.5)


def test_validation_cadence_and_history_columns():
    t = Trainer(Config(**SMALL, val_every=10))
    t.run(25)
    rows = t.history.rows
    assert rows.shape == (25, 6) and rows[:, 0].tolist() == list(range(1, 26))
    val_steps = rows[~np.isnan(rows[:, 2]), 0].tolist()
    assert val_steps == [10, 20, 25]


def test_history_grows_and_decimates():
    h = History()
    for i in range(5000):
        h.append(i + 1, 1.0 / (i + 1), 1.0, 1.0, 0.01)
        if (i + 1) % 50 == 0:
            h.set_val(0.5)
    v = h.view(max_points=1000)
    assert len(v.rows) <= 1001 and v.rows[-1, 0] == 5000
    assert len(v.val) == 100 and v.val[-1, 0] == 5000
    assert h.rows.nbytes < 5000 * 6 * 8 + 1  # numpy columns, not Python objects


def test_snapshot_is_immutable_and_carries_the_latest_state():
    t = Trainer(Config(**SMALL))
    snaps = []
    t.run(10, on_snapshot=snaps.append, every_s=0)
    s = snaps[-1]
    assert s.step == 10 and s.probe.step == 10 and s.train_loss == t.train_loss
    with pytest.raises(AttributeError):
        s.step = 3
    assert not s.history.rows.flags.writeable


def test_lstm_beats_naive_forecast_on_the_default_task():
    t = Trainer(Config(cell="lstm", hidden=32))
    t.run(400)
    errors = series_errors(t.data, t.probe().predictions)
    assert errors["val_rmse"] < 0.85 * errors["naive_val_rmse"]


def test_cuda_request_without_a_gpu_is_a_clean_error():
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    with pytest.raises(ConfigError, match="no CUDA"):
        Trainer(Config(device="cuda"))


def test_smoothed_loss_is_a_causal_bias_corrected_ema():
    from rnnviz.core.trainer import ema

    rng = np.random.default_rng(0)
    x = rng.uniform(0.1, 2.0, 300)
    for w in (0.0, 0.6, 0.9, 0.99):
        full, _ = ema(x, w)
        # independent: the normalized weighted average of the values so far
        k = np.arange(1, len(x) + 1)
        ref = [np.sum((1 - w) * w ** (n - 1 - np.arange(n)) * x[:n]) / (1 - w**n) if w else x[n - 1]
               for n in k]  # fmt: skip
        np.testing.assert_allclose(full, ref, rtol=1e-12)
        assert full[0] == pytest.approx(x[0])
        prefix, state = ema(x[:120], w)
        np.testing.assert_array_equal(prefix, full[:120])  # appending changes nothing before
        rest, _ = ema(x[120:], w, state)
        np.testing.assert_allclose(rest, full[120:], rtol=1e-12)


def test_history_smoothing_follows_appends_and_a_new_weight():
    from rnnviz.core.trainer import ema

    t = Trainer(Config(**SMALL))
    t.run(40)
    loss = t.history.rows[:, 1]
    np.testing.assert_allclose(t.history.smoothed, ema(loss, t.history.smoothing)[0])
    t.set_smoothing(0.5)
    t.run(1)
    loss = t.history.rows[:, 1]
    np.testing.assert_allclose(t.history.smoothed, ema(loss, 0.5)[0])
    assert t.snapshot().history.smoothing == 0.5
    with pytest.raises(ConfigError):
        t.set_smoothing(1.0)


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_divergence_goes_back_to_healthy_weights(cell):
    from rnnviz.core.trainer import HEALTHY_FACTOR

    t = Trainer(Config(**SMALL, cell=cell, optimizer="sgd", lr=10.0))
    t.run(200)
    assert t.diverged and "healthy weights of step" in t.diverged
    x, y = t.data.train_batch(None, t.device)
    with torch.no_grad():
        now = float(t.data.loss(t.model(x, last_only=True)[0], y))
    finite = t.history.rows[:, 1]
    assert now <= HEALTHY_FACTOR * finite.min() * 1.0001  # not the blown-up last finite step
    assert finite.max() > now  # the run did blow up before it diverged


def test_light_probes_carry_the_outputs_and_dynamics_of_the_last_whole_probe():
    """In the training loop the picture is probed often; the outputs and the dynamics only
    when their own clocks allow (here: once), carried over in between. Only whole probes are
    logged."""
    from rnnviz.core.probe import probe

    t = Trainer(Config(**SMALL))
    t.clocks["picture"] = ProbeClock(1, 1.0, 1.0)  # every step
    for part in ("outputs", "dynamics"):
        t.clocks[part] = ProbeClock(0, 1e-9, 1e-9)  # due once, never again
    seen = []
    real = t.probe

    def spy(whole=True):
        p = real(whole)
        if not whole:
            # the picture of this very step, as a whole probe computes it
            fresh = probe(t.model, t.data, t.step_count, t.device)
            np.testing.assert_array_equal(p.hidden, fresh.hidden)
            np.testing.assert_array_equal(p.grad_norm, fresh.grad_norm)
            np.testing.assert_array_equal(p.input_saliency, fresh.input_saliency)
            seen.append(p)
        return p

    t.probe = spy
    t.run(6)
    assert [p.step for p in seen] == [1, 2, 3, 4, 5, 6]
    first = seen[0]
    assert first.whole  # nothing to carry yet: computed whole
    for p in seen[1:]:
        assert not p.whole and p.outputs_step == p.dynamics_step == 1
        assert p.jacobian_norm is first.jacobian_norm and p.predictions is first.predictions
        assert p.outputs_seconds == p.dynamics_seconds == 0.0
    # logged: the first (whole) probe and the whole one that ends the run
    assert t.probe_log.view().steps.tolist() == [1, 6]
    assert t.last_probe.whole and t.last_probe.step == 6
