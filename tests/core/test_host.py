"""A run in a process of its own (core.host): the commands it is sent, what it reports, and the
channel that sends each probe once."""

import multiprocessing
import operator
import pickle
import threading
from dataclasses import replace
from functools import partial

import numpy as np
import pytest

from rnnviz.core import jobs
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.host import (
    Build,
    Channel,
    Job,
    Pause,
    Quit,
    Set,
    Train,
    run_context,
    send_command,
    serve,
)
from rnnviz.core.probelog import ProbeLog
from rnnviz.core.trainer import RunInfo, Trainer

SMALL = Config(hidden=4, length=120, seed=3)


def _run_with_probes(steps: int = 40) -> Trainer:
    trainer = Trainer(SMALL)
    trainer.set_probe_every(5)
    trainer.run(steps, threading.Event(), lambda s: None, 1.0)
    return trainer


def test_a_channel_sends_each_probe_once_and_forgets_what_no_snapshot_holds():
    trainer = _run_with_probes()
    here, there = multiprocessing.Pipe()
    out, back = Channel(here), Channel(there)
    first = trainer.snapshot()
    kept = first.probes.probes
    assert len(kept) >= 5

    out.send(("snapshot", first))
    got = back.recv()[1]
    size_first = len(pickle.dumps(first))
    # every kept probe arrives whole, equal to what was sent
    for a, b in zip(kept, got.probes.probes, strict=True):
        assert a.step == b.step
        np.testing.assert_array_equal(a.hidden, b.hidden)
    np.testing.assert_array_equal(got.history.rows, first.history.rows)

    # the same snapshot again: its probes go by number, and arrive as the same objects
    counted = []
    real = here.send_bytes
    here.send_bytes = lambda data: (counted.append(len(data)), real(data))
    out.send(("snapshot", first))
    again = back.recv()[1]
    assert counted[0] < size_first / 4
    assert all(a is b for a, b in zip(again.probes.probes, got.probes.probes, strict=True))
    assert again.probes is got.probes  # the log's view too: its tracks grow with the run

    # one more probe: a new view of the log, holding the probes already sent and one new one;
    # only the new probe and the view's tracks cross
    trainer.step()
    trainer.probe()
    one_more = trainer.snapshot()
    assert one_more.probes is not first.probes
    counted.clear()
    out.send(("snapshot", one_more))
    received = back.recv()[1]
    assert counted[0] < len(pickle.dumps(one_more)) / 3
    assert [p.step for p in received.probes.probes] == [p.step for p in one_more.probes.probes]

    # more steps: a snapshot that no longer holds some probes; both ends forget them
    trainer.run(200, threading.Event(), lambda s: None, 1.0)
    later = trainer.snapshot()
    out.send(("snapshot", later))
    received = back.recv()[1]
    assert [p.step for p in received.probes.probes] == [p.step for p in later.probes.probes]
    held = {id(p) for p in later.probes.probes} | {id(later.probe), id(later.probes)}
    assert len(back.got) == len(out.sent) == len(held)
    assert set(out.sent) == held


def _same_view(a, b) -> None:
    np.testing.assert_array_equal(a.steps, b.steps)
    assert set(a.tracks) == set(b.tracks)
    for name in a.tracks:
        np.testing.assert_array_equal(a.track(name), b.track(name))
        assert a.track(name).dtype == b.track(name).dtype
        assert not b.track(name).flags.writeable
    assert [p.step for p in a.probes] == [p.step for p in b.probes]


def test_a_new_view_of_the_log_crosses_as_the_rows_the_other_end_lacks():
    """The log's tracks grow with the run: a new probe sends its own row, not all of them."""
    probe = _run_with_probes(10).last_probe
    log = ProbeLog(keep=8)
    here, there = multiprocessing.Pipe()
    out, back = Channel(here), Channel(there)
    counted = []
    real = here.send_bytes
    here.send_bytes = lambda data: (counted.append(len(data)), real(data))

    def grow(to: int) -> None:
        while log.count < to:
            k = log.count + 1
            log.add(replace(probe, step=k, outputs_step=k, dynamics_step=k))

    def cross():
        sending = threading.Thread(target=out.send, args=(("snapshot", log.view()),))
        sending.start()  # a long message fills the pipe before it is read
        got = back.recv()[1]
        sending.join()
        _same_view(log.view(), got)
        return got

    sizes = []
    for k in (20, 2000):
        grow(k)
        early = cross()
        early_steps = early.steps.copy()
        grow(k + 1)  # one more probe: its row and the probe itself cross
        cross()
        sizes.append(counted[-1])
        np.testing.assert_array_equal(early.steps, early_steps)  # appended to, not changed
    assert sizes[1] <= sizes[0] + 100  # a key's number grows a byte or two

    # a replaced newest probe and a cleared log cross whole, once
    log.add(replace(probe, step=log.count, loss_T=-1.0))
    assert cross().track("loss_T")[-1, 0] == -1.0
    log.clear()
    grow(3)
    assert len(cross().steps) == 3
    assert len(back.rows) == len(out.logs) == 1  # both ends forgot the earlier logs


def test_a_message_that_cannot_be_pickled_is_not_half_sent():
    trainer = _run_with_probes()
    here, there = multiprocessing.Pipe()
    out, back = Channel(here), Channel(there)
    snap = trainer.snapshot()
    with pytest.raises((pickle.PicklingError, AttributeError)):
        out.send(("job_done", 0, (snap, lambda: None), None))  # a lambda: not picklable
    assert out.sent == {}  # nothing counts as sent
    out.send(("snapshot", snap))
    assert back.recv()[1].step == snap.step


@pytest.fixture
def process():
    """serve() in a process of its own, as the window starts it; its end of the pipe."""
    ctx = run_context()
    here, there = ctx.Pipe()
    p = ctx.Process(target=serve, args=(there,), daemon=True)
    p.start()
    there.close()
    reports = Channel(here)

    def send(command) -> None:
        send_command(here, command)

    def until(kind: str, timeout: float = 60.0):
        seen = []
        while True:
            assert here.poll(timeout), f"no {kind} within {timeout} s; saw {seen}"
            message = reports.recv()
            seen.append(message[0])
            if message[0] == kind:
                return message[1:]

    yield send, until, p
    send(Quit())
    p.join(30)
    assert p.exitcode == 0


def test_a_run_in_its_own_process_builds_trains_and_answers_jobs(process, tmp_path):
    send, until, p = process
    send(Build(partial(jobs.watched_trainer, SMALL), None, jobs.describe))
    info, extra, first = until("built")
    twin = Trainer(SMALL)  # the same run, built here: what the window is told must match it
    expected = RunInfo.from_trainer(twin)
    assert (info.cell, info.hidden, info.seq_len, info.n_train) == (
        expected.cell, expected.hidden, expected.seq_len, expected.n_train)  # fmt: skip
    np.testing.assert_array_equal(info.values, expected.values)
    assert extra is None and first.step == 0

    send(Train(12))
    while True:
        snap = until("snapshot")[0]
        if snap.step == 12:
            break
    assert until("stopped") == ("train",)
    for _ in range(12):  # the twin's own steps: the process reported the run's losses
        twin.step()
    expected_loss = twin.history.view().column("train_loss")
    np.testing.assert_allclose(snap.history.column("train_loss"), expected_loss, rtol=1e-4)

    path = tmp_path / "ckpt.pt"
    send(Job(7, partial(jobs.save, str(path))))
    token, result, error = until("job_done")
    assert (token, result, error) == (7, None, None)
    import torch

    saved = torch.load(path, weights_only=False)
    assert saved["step"] == 12

    send(Set("set_smoothing", (2.0,)))  # refused: said, and the run goes on
    (error,) = until("set_failed")
    assert isinstance(error, ConfigError) and "smoothing" in str(error)
    send(Job(8, partial(jobs.inspect, 0, 1)))
    token, (report, step), error = until("job_done")
    assert error is None and step == 12 and report.unit == 1

    send(Train(None))  # no end: until paused
    until("snapshot")
    send(Pause())  # reaches the process while it trains
    assert until("stopped") == ("train",)
    send(Train(None))
    send(Pause())  # right after the start (Space twice): the Train is not undone later
    assert until("stopped") == ("train",)


def test_a_job_whose_result_cannot_cross_says_so(process):
    send, until, _ = process
    send(Build(partial(Trainer, SMALL)))
    until("built")
    send(Job(3, operator.attrgetter("_lock")))  # a lock: it cannot be pickled
    token, result, error = until("job_done")
    assert token == 3 and result is None
    assert isinstance(error, RuntimeError) and "cannot send" in str(error)
    send(Job(4, jobs.describe))  # the process goes on: the next answer crosses
    assert isinstance(until("job_done")[1], RunInfo)
