"""A run's budget: early stop on the validation loss, best_step, learning-rate schedules."""

import csv
import json

import numpy as np
import pytest
import torch

from rnnviz.cli import main
from rnnviz.core.config import Config
from rnnviz.core.threads import training_thread
from rnnviz.core.trainer import Trainer

# One thread: the same config gives the same losses bit for bit (a chosen thread count
# changes the order of float sums).
BASE = Config(hidden=8, length=300, lr=0.1, steps=300, val_every=5, threads=1)


def recorded_curve(config: Config):
    """Train without early stop, step by step as run()'s loop does, and keep every
    validation's (step, loss, weights)."""
    t = Trainer(config.replace(early_stop=0))
    curve = []
    with training_thread(1, team=1):  # as run(): one thread, subnormals flushed
        for _ in range(config.steps):
            assert t.advance()
            if t.step_count % config.val_every == 0:
                weights = [p.detach().clone() for p in t._params]
                curve.append((t.step_count, t.last_val, weights))
    return curve


def independent_early_stop(curve, n: int):
    """(best step, its loss, the step it stops at) by a plain loop over the curve."""
    best, best_step, bad = np.inf, None, 0
    for step, loss, _ in curve:
        if loss < best:
            best, best_step, bad = loss, step, 0
        else:
            bad += 1
            if bad == n:
                return best_step, best, step
    return best_step, best, None


@pytest.mark.parametrize("n", [2, 3])
def test_early_stop_matches_an_independent_loop_and_restores_the_best(n):
    config = BASE.replace(early_stop=n)
    curve = recorded_curve(config)
    best_step, best, stop_step = independent_early_stop(curve, n)
    assert stop_step is not None and stop_step < config.steps  # the test stops early
    t = Trainer(config)
    t.run(config.steps)
    assert t.step_count == stop_step
    assert t.best_step == best_step and t.best_val == best
    weights = dict((s, w) for s, _, w in curve)[best_step]
    for got, want in zip(t._params, weights, strict=True):
        assert torch.equal(got, want)
    assert t.last_val == best  # the restored weights give the best loss again
    assert f"kept the best weights, of step {best_step}" in t.stopped_early


def test_without_early_stop_the_run_goes_on_and_keeps_its_last_weights():
    t = Trainer(BASE.replace(steps=60))
    t.run(60)
    assert t.step_count == 60 and t.stopped_early is None
    vals = t.history.rows[:, 2]
    assert t.best_step == int(t.history.rows[np.nanargmin(vals), 0])


def lr_formula(schedule: str, base: float, total: int) -> np.ndarray:
    k = np.arange(total, dtype=np.float64)
    if schedule == "constant":
        return np.full(total, base)
    if schedule == "step":
        drops = (k >= np.floor(0.5 * total)).astype(int) + (k >= np.floor(0.75 * total))
        return base * 0.1**drops
    return base * 0.5 * (1 + np.cos(np.pi * k / total))


@pytest.mark.parametrize("schedule", ["constant", "step", "cosine"])
@pytest.mark.parametrize("total", [20, 37])
def test_each_schedule_per_step_against_numpy(schedule, total):
    config = Config(hidden=4, length=200, lr=0.02, steps=total, schedule=schedule,
                    optimizer="sgd")  # fmt: skip
    t = Trainer(config)
    used = []
    for _ in range(total):
        before = [p.detach().clone() for p in t._params]
        assert t.step()
        used.append(t.optimizer.param_groups[0]["lr"])
        # plain SGD: the update is -lr * grad, so the rate the weights moved by is the one logged
        p, g = t._params[0], t._params[0].grad
        big = g.abs() > 1e-2  # float32: a small gradient's step is mostly rounding
        if big.any():
            moved = (before[0] - p.detach())[big] / g[big]
            np.testing.assert_allclose(moved.numpy(), used[-1], rtol=2e-2)
    want = lr_formula(schedule, 0.02, total)
    np.testing.assert_allclose(t.history.rows[:, 5], want, rtol=1e-12)
    np.testing.assert_allclose(used, want, rtol=1e-12)


def test_metrics_and_history_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--steps", "30", "--hidden", "4", "--val-every", "3",
                 "--schedule", "cosine", "--out", str(out)]) == 0  # fmt: skip
    rows = list(csv.DictReader((out / "history.csv").read_text().splitlines()))
    lr = np.array([float(r["lr"]) for r in rows])
    np.testing.assert_allclose(lr, lr_formula("cosine", 0.01, 30), rtol=1e-12)
    val = np.array([float(r["val_loss"]) if r["val_loss"] else np.nan for r in rows])
    m = json.loads((out / "metrics.json").read_text())
    assert m["best_step"] == int(rows[int(np.nanargmin(val))]["step"])
    assert m["stopped_early"] is None


def test_early_stop_from_the_command_line(tmp_path, capsys):
    config = BASE.replace(early_stop=3)
    best_step, best, stop_step = independent_early_stop(recorded_curve(config), 3)
    out = tmp_path / "run"
    assert main(["train", "--hidden", "8", "--length", "300", "--lr", "0.1", "--steps", "300",
                 "--val-every", "5", "--threads", "1", "--early-stop", "3",
                 "--out", str(out)]) == 0  # fmt: skip
    m = json.loads((out / "metrics.json").read_text())
    assert (m["steps"], m["best_step"]) == (stop_step, best_step)
    assert m["final_val_loss"] == pytest.approx(best, rel=1e-6)
    assert f"note: stopped early at step {stop_step}" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [(["--schedule", "linear"], "--schedule"), (["--early-stop", "-1"], "early-stop")],
)
def test_bad_budget_options_exit_2_with_one_line(args, message, capsys):
    try:
        code = main(["train", "--steps", "1", *args])
    except SystemExit as e:  # argparse's own refusal
        code = e.code
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "Traceback" not in err[0]
