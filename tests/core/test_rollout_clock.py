"""The trainer's free-running rollouts for the window: off by default, always for
the probed weights outside run(), on their own clock inside it."""

import numpy as np

from rnnviz.core.config import Config
from rnnviz.core.forecast import free_running
from rnnviz.core.trainer import ProbeClock, RunInfo, Trainer


def test_no_clock_no_rollout():
    t = Trainer(Config(hidden=4, seq_len=5, length=100))
    t.run(3)
    assert t.last_rollout is None and t.snapshot().free_running is None


def test_rollout_is_of_the_probed_weights():
    t = Trainer(Config(hidden=4, seq_len=5, length=100))
    t.rollout_clock = ProbeClock(0, 1e-9, 1e-9)  # never due inside run()
    first = t.snapshot()  # the first snapshot probes, and so rolls out
    assert first.free_running.step == 0
    t.run(7)  # the probe that ends a run always rolls out
    snap = t.snapshot()
    assert snap.free_running.step == snap.probe.step == 7
    np.testing.assert_array_equal(snap.free_running.values, free_running(t.model, t.data))
    assert not snap.free_running.values.flags.writeable
    t.step()
    t.probe()  # a probe outside run(): the window's Step and refresh
    assert t.last_rollout.step == 8


def test_inside_run_the_clock_decides():
    t = Trainer(Config(hidden=4, seq_len=5, length=100, probe_every=1))
    t.rollout_clock = ProbeClock(1, 1.0, 0.03)  # every step: always due
    seen = []
    t.run(4, on_snapshot=lambda s: seen.append((s.probe.step, s.free_running.step)), every_s=0)
    assert all(p == r for p, r in seen)  # every probe rolled out, for its own weights
    assert [p for p, _ in seen] == [1, 2, 3, 4, 4]


def test_text_has_no_rollout_and_run_info_has_sizes(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("abcab " * 60, encoding="utf-8")
    t = Trainer(Config(data=str(p), kind="text", hidden=4, seq_len=5))
    t.rollout_clock = ProbeClock(0, 1.0, 0.03)
    assert t.snapshot().free_running is None
    info = RunInfo.from_trainer(t)
    assert (info.input_size, info.output_size, info.directions) == (4, 4, 1)
    bi = RunInfo.from_trainer(Trainer(Config(hidden=4, seq_len=5, length=100, bidirectional=True)))
    assert (bi.input_size, bi.output_size, bi.directions) == (1, 1, 2)
