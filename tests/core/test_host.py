"""A run in a process of its own (core.host): the commands it is sent, what it reports, and the
channel that sends each probe once."""

import multiprocessing
import operator
import pickle
import threading
from functools import partial

import numpy as np
import pytest

from rnnviz.core import jobs
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.host import Build, Channel, Job, Quit, Set, Train, serve
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

    # more steps: a snapshot that no longer holds some probes; both ends forget them
    trainer.run(200, threading.Event(), lambda s: None, 1.0)
    later = trainer.snapshot()
    out.send(("snapshot", later))
    received = back.recv()[1]
    assert [p.step for p in received.probes.probes] == [p.step for p in later.probes.probes]
    held = {id(p) for p in later.probes.probes} | {id(later.probe), id(later.probes)}
    assert len(back.got) == len(out.sent) == len(held)
    assert set(out.sent) == held


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
    ctx = multiprocessing.get_context("forkserver")
    here, there = ctx.Pipe()
    stop, quitting = ctx.Event(), ctx.Event()
    p = ctx.Process(target=serve, args=(there, stop, quitting), daemon=True)
    p.start()
    there.close()
    reports = Channel(here)

    def until(kind: str, timeout: float = 60.0):
        seen = []
        while True:
            assert here.poll(timeout), f"no {kind} within {timeout} s; saw {seen}"
            message = reports.recv()
            seen.append(message[0])
            if message[0] == kind:
                return message[1:]

    yield here, until, stop, p
    quitting.set()
    here.send(Quit())
    p.join(30)
    assert p.exitcode == 0


def test_a_run_in_its_own_process_builds_trains_and_answers_jobs(process, tmp_path):
    conn, until, _, p = process
    conn.send(Build(partial(jobs.watched_trainer, SMALL), None, jobs.describe))
    info, extra, first = until("built")
    twin = Trainer(SMALL)  # the same run, built here: what the window is told must match it
    expected = RunInfo.from_trainer(twin)
    assert (info.cell, info.hidden, info.seq_len, info.n_train) == (
        expected.cell, expected.hidden, expected.seq_len, expected.n_train)  # fmt: skip
    np.testing.assert_array_equal(info.values, expected.values)
    assert extra is None and first.step == 0

    conn.send(Train(12))
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
    conn.send(Job(7, partial(jobs.save, str(path))))
    token, result, error = until("job_done")
    assert (token, result, error) == (7, None, None)
    import torch

    saved = torch.load(path, weights_only=False)
    assert saved["step"] == 12

    conn.send(Set("set_smoothing", (2.0,)))  # refused: said, and the run goes on
    (error,) = until("set_failed")
    assert isinstance(error, ConfigError) and "smoothing" in str(error)
    conn.send(Job(8, partial(jobs.inspect, 0, 1)))
    token, (report, step), error = until("job_done")
    assert error is None and step == 12 and report.unit == 1


def test_a_job_whose_result_cannot_cross_says_so(process):
    conn, until, _, _ = process
    conn.send(Build(partial(Trainer, SMALL)))
    until("built")
    conn.send(Job(3, operator.attrgetter("_lock")))  # a lock: it cannot be pickled
    token, result, error = until("job_done")
    assert token == 3 and result is None
    assert isinstance(error, RuntimeError) and "cannot send" in str(error)
    conn.send(Job(4, jobs.describe))  # the process goes on: the next answer crosses
    assert isinstance(until("job_done")[1], RunInfo)
