"""The thread chooser (fed fake step durations: no timing) and the floating-point mode of the
threads that train."""

import threading

import numpy as np
import pytest
import torch

from rnnviz.core.config import Config, ConfigError
from rnnviz.core.threads import (
    ThreadChooser,
    default_candidates,
    flush_denormals,
    flushing,
    training_thread,
)
from rnnviz.core.trainer import Trainer


def feed(chooser, rates, seconds):
    """Steps at rates[threads in use] steps/s for `seconds` of step time; the counts used."""
    used, t = [], 0.0
    while t < seconds:
        dt = 1.0 / rates[chooser.current]
        used.append(chooser.current)
        chooser.record(dt)
        t += dt
    return used


IDLE = {1: 170.0, 2: 230.0}  # the sine's LSTM on 2 cores (ENVIRONMENT.md)
BUSY = {1: 177.0, 2: 63.0}  # one busy process beside it


def test_candidates():
    assert default_candidates(1) == (1,)
    assert default_candidates(2) == (1, 2)
    assert default_candidates(4) == (1, 2, 3, 4)
    assert default_candidates(16) == (1, 8, 15, 16)


def test_keeps_the_fastest_count():
    c = ThreadChooser(candidates=(1, 2))
    assert not c.settled and c.current == 2  # the most threads first
    feed(c, IDLE, 2.0)
    assert c.settled and c.current == 2 and c.trials == 1
    assert c.rates == pytest.approx(IDLE)
    c = ThreadChooser(candidates=(1, 2))
    feed(c, BUSY, 2.0)
    assert c.settled and c.current == 1


def test_a_busy_process_beside_it_is_noticed_and_the_count_changes():
    c = ThreadChooser(candidates=(1, 2), window_s=1.0, drop=0.6, recheck_s=1000)
    feed(c, IDLE, 2.0)
    assert c.current == 2
    used = feed(c, BUSY, 5.0)  # two slow windows, then a trial
    assert c.current == 1 and c.trials == 2
    assert used.count(2) < 4 * 63  # within ~3 s of 2 threads' slow steps, not the whole time


def test_rechecks_after_recheck_s_when_the_machine_is_free_again():
    c = ThreadChooser(candidates=(1, 2), recheck_s=10.0)
    feed(c, BUSY, 2.0)
    assert c.current == 1
    feed(c, IDLE, 5.0)  # no drop at 1 thread: it stays until the recheck
    assert c.current == 1
    feed(c, IDLE, 8.0)
    assert c.current == 2 and c.trials == 2


def test_a_small_wobble_does_not_trigger_a_trial():
    c = ThreadChooser(candidates=(1, 2), recheck_s=1000)
    feed(c, IDLE, 2.0)
    feed(c, {1: 170.0, 2: 190.0}, 20.0)  # 0.83x: noise, not a busy machine
    assert c.trials == 1 and c.current == 2


def test_the_first_step_after_a_change_is_warm_up_and_not_counted():
    c = ThreadChooser(candidates=(1, 2), min_steps=3)
    c.record(5.0)  # a slow first step (allocations, starting the team)
    feed(c, IDLE, 2.0)
    assert c.current == 2 and c.rates[2] == pytest.approx(230.0)


def test_a_fixed_count_is_never_changed():
    c = ThreadChooser(fixed=1)
    assert c.settled and c.current == 1 and c.candidates == (1,)
    feed(c, IDLE, 100.0)
    assert c.current == 1 and c.trials == 0


def test_config_threads_validated_and_fixed():
    with pytest.raises(ConfigError, match="threads"):
        Config(threads=-1)
    t = Trainer(Config(hidden=4, length=60, threads=1))
    assert t.thread_chooser.fixed == 1


class Scripted(ThreadChooser):
    """Answers a scripted count after each step."""

    def __init__(self, script):
        super().__init__(candidates=(1, 2))
        self.script = list(script)

    def record(self, seconds, steps=1):
        self.current = self.script.pop(0) if self.script else self.current
        return self.current


def test_trainer_trains_with_the_count_the_chooser_answers():
    before = torch.get_num_threads()
    t = Trainer(Config(hidden=4, length=80), chooser=Scripted([1, 2, 1, 1, 2]))
    seen = []
    t.run(5, on_snapshot=lambda s: seen.append((s.threads, torch.get_num_threads())),
          every_s=0)  # fmt: skip
    assert seen[:5] == [(1, 1), (2, 2), (1, 1), (1, 1), (2, 2)]
    assert torch.get_num_threads() == before  # restored after run()


def team_flushes() -> bool:
    """A multiply split over the thread's OpenMP team: 1e-40 is subnormal in float32."""
    x = torch.full((1 << 20,), 1e-20)
    return bool(((x * 1e-20) == 0).all())


def team_keeps_subnormals() -> bool:
    x = torch.full((1 << 20,), 1e-20)
    return bool(((x * 1e-20) != 0).all())


@pytest.mark.parametrize("on_new_thread", [False, True])
def test_training_flushes_subnormals_on_its_thread_and_team_and_restores(on_new_thread):
    if not torch.set_flush_denormal(False):
        pytest.skip("this CPU has no flush-to-zero mode")
    seen = []

    def train():
        torch.set_num_threads(2)
        team_keeps_subnormals()  # the team exists before run(): flags set later must reach it
        t = Trainer(Config(hidden=4, length=80))
        t.run(3, on_snapshot=lambda s: seen.append((flushing(), team_flushes())), every_s=0)
        seen.append((flushing(), team_keeps_subnormals()))

    if on_new_thread:  # as the window's worker trains
        worker = threading.Thread(target=train)
        worker.start()
        worker.join()
    else:
        train()
    assert seen[:-1] and all(s == (True, True) for s in seen[:-1])
    assert seen[-1] == (False, True)  # restored: a caller's own torch code is unchanged


def test_flush_denormals_reaches_the_team_and_back():
    if not flush_denormals(True, 2):
        pytest.skip("this CPU has no flush-to-zero mode")
    try:
        torch.set_num_threads(2)
        assert flushing() and team_flushes()
    finally:
        flush_denormals(False, 2)
    assert not flushing() and team_keeps_subnormals()
    with training_thread(1):
        assert flushing() and torch.get_num_threads() == 1
    assert not flushing() and torch.get_num_threads() == 2
    assert float(np.float32(1e-30) * np.float32(1e-10)) > 0


def test_cli_threads_option(capsys):
    from rnnviz.cli import main

    assert main(["train", "--steps", "2", "--hidden", "4", "--threads", "1"]) == 0
    assert "1 thread" in capsys.readouterr().err.splitlines()[-1]
    with pytest.raises(SystemExit) as e:
        raise SystemExit(main(["train", "--steps", "1", "--threads", "-1"]))
    assert e.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: threads must be")
