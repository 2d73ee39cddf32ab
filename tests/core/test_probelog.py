import threading

import numpy as np
import torch

from rnnviz.core.config import Config
from rnnviz.core.probelog import ProbeLog
from rnnviz.core.trainer import Trainer


class FakeProbe:
    """Only what the log reads: a step, the final-step loss and the memory length."""

    def __init__(self, step):
        self.step, self.loss_T = step, float(step)
        self.memory_length = np.array([float(step), np.inf])


def test_log_keeps_an_even_bounded_thinning_and_the_newest():
    log = ProbeLog(keep=8)
    for step in range(1, 101):
        log.add(FakeProbe(step))
        kept = [p.step for p in log.view().probes]
        assert len(kept) <= 8 and kept[-1] == step and kept == sorted(kept)
    v = log.view()
    assert v.steps.tolist() == list(range(1, 101))
    np.testing.assert_array_equal(v.track("loss_T")[:, 0], np.arange(1, 101))
    kept = [p.step for p in v.probes]
    gaps = np.diff(kept[:-1])
    assert len(set(gaps.tolist())) == 1  # evenly spaced, plus the newest
    assert kept[0] == 1
    assert v.at(50).step <= 50 and v.at(0).step == 1


def test_a_second_probe_at_the_same_step_replaces_the_first():
    log = ProbeLog(keep=4)
    log.add(FakeProbe(1))
    again = FakeProbe(1)
    again.loss_T = 7.0
    log.add(again)
    v = log.view()
    assert v.steps.tolist() == [1] and v.track("loss_T")[0, 0] == 7.0
    assert v.probes == (again,)


def test_trainers_built_on_two_threads_match_a_solo_trainer():
    """The trainer's init and batches come from its own generators, not global state."""
    config = Config(hidden=8, length=200, batch_size=32)
    solo = Trainer(config)
    solo.run(5)
    built = {}

    def build(name):
        torch.manual_seed(1234 + len(name))  # global state must not matter
        t = Trainer(config)
        t.run(5)
        built[name] = t

    threads = [threading.Thread(target=build, args=(n,)) for n in ("a", "bb")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for t in built.values():
        np.testing.assert_array_equal(t.history.rows[:, 1], solo.history.rows[:, 1])
    assert len(solo.probe_log.view().steps) >= 1


def test_a_view_never_changes_after_more_probes_and_a_replace():
    """Views cross to the window's thread: the log's later rows, its growth and a replaced
    newest probe leave a view taken earlier as it was."""
    log = ProbeLog(keep=4)
    for step in range(1, 4):
        log.add(FakeProbe(step))
    early = log.view()
    steps, loss = early.steps.copy(), early.track("loss_T").copy()
    assert not early.steps.flags.writeable and not early.track("loss_T").flags.writeable
    for step in range(4, 300):  # past the first arrays' room: they grow
        log.add(FakeProbe(step))
    before = log.view()
    again = FakeProbe(299)
    again.loss_T = -1.0
    log.add(again)  # replaces the newest
    np.testing.assert_array_equal(early.steps, steps)
    np.testing.assert_array_equal(early.track("loss_T"), loss)
    assert before.track("loss_T")[-1, 0] == 299.0
    after = log.view()
    assert after.track("loss_T")[-1, 0] == -1.0 and len(after.steps) == len(before.steps)
    np.testing.assert_array_equal(after.track("loss_T")[:-1], before.track("loss_T")[:-1])


def test_a_new_view_shares_the_rows_of_the_last_one():
    """A probe costs the log one row, not a copy of every row so far."""
    log = ProbeLog()
    for step in range(1, 11):
        log.add(FakeProbe(step))
    a = log.view()
    log.add(FakeProbe(11))
    b = log.view()
    assert len(b.steps) == len(a.steps) + 1
    for name in ("loss_T", "memory_length"):
        assert np.shares_memory(a.track(name), b.track(name))
    np.testing.assert_array_equal(b.track("memory_length")[:10], a.track("memory_length"))
