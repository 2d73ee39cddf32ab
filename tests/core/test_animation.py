import numpy as np
import pytest
from PIL import Image, ImageSequence

from rnnviz.core.animation import frame_steps, history_until, video_writer, write_gif, write_mp4
from rnnviz.core.export import ExportError


def frames(n, h=24, w=40):
    """n distinct frames: a red bar that moves, on white."""
    out = []
    for i in range(n):
        f = np.full((h, w, 3), 255, np.uint8)
        f[:, i % w] = (200, 30, 30)
        f[h // 2, : i + 1] = (20, 40, 220)
        out.append(f)
    return out


def decoded(path):
    with Image.open(path) as im:
        return [(np.array(fr.convert("RGB")), fr.info.get("duration")) for fr in
                ImageSequence.Iterator(im)], im.info.get("loop")  # fmt: skip


def test_gif_has_every_frame_in_order(tmp_path):
    given = frames(7)
    path = write_gif(tmp_path / "a.gif", given, fps=5)
    got, loop = decoded(path)
    assert len(got) == 7 and loop == 0
    for (img, duration), f in zip(got, given, strict=True):
        assert duration == 200
        np.testing.assert_array_equal(img, f)  # few colours: the palette keeps them exactly


def test_repeated_frames_merge_but_keep_the_timing(tmp_path):
    a, b = frames(2)
    path = write_gif(tmp_path / "b.gif", [a, a, a, b], fps=10, loop=False)
    got, loop = decoded(path)
    assert [d for _, d in got] == [300, 100] and loop is None


@pytest.mark.parametrize(
    "bad",
    [[], [np.zeros((4, 4), np.uint8)], [np.zeros((4, 4, 3))],
     [np.zeros((4, 4, 3), np.uint8), np.zeros((5, 4, 3), np.uint8)]],
)  # fmt: skip
def test_bad_frames_are_refused_with_one_line(tmp_path, bad):
    with pytest.raises(ExportError) as e:
        write_gif(tmp_path / "c.gif", bad)
    assert "\n" not in str(e.value)
    assert not (tmp_path / "c.gif").exists()


def test_frames_are_spread_evenly_over_the_run():
    steps = list(range(0, 40)) + list(range(40, 4000, 7))  # dense early, as probes are
    picked = frame_steps(steps, 30)
    assert 28 <= len(picked) <= 30 and picked[0] == 0 and picked[-1] == len(steps) - 1
    gaps = np.diff([steps[i] for i in picked])
    assert gaps.max() <= 1.5 * gaps.mean()  # by step, not by probe
    assert frame_steps([3, 5, 9], 30) == [0, 1, 2]


def test_a_watched_short_run_keeps_a_probe_a_step_and_a_long_one_enough():
    from rnnviz.core.config import Config
    from rnnviz.core.probelog import FRAMES, StepGrid
    from rnnviz.core.trainer import Trainer

    t = Trainer(Config(hidden=8, length=300))
    t.step_grid = StepGrid()
    t.run(35)
    steps = t.probe_log.view().steps.tolist()
    assert set(range(1, 36)) <= set(steps)  # every step of a short run
    grid = StepGrid()
    due = [s for s in range(1, 5001) if grid.due(s)]
    on = [s for s in due if s % grid.every == 0]
    assert FRAMES <= len(on) <= 2 * FRAMES + 1 and np.ptp(np.diff(on)) == 0


def test_history_until_cuts_every_column_at_the_step():
    from rnnviz.core.config import Config
    from rnnviz.core.trainer import Trainer

    t = Trainer(Config(hidden=8, length=300, val_every=5))
    t.run(20)
    h = history_until(t.history.view(), 12)
    assert h.column("step").max() == 12 and len(h.smoothed) == len(h.rows)
    assert h.val[:, 0].max() <= 12


def test_an_mp4_has_every_frame(tmp_path):
    av = pytest.importorskip("av")  # the optional video extra
    given = frames(12, h=31, w=41)  # odd sizes: padded to even
    path = write_mp4(tmp_path / "a.mp4", given, fps=6)
    with av.open(str(path)) as box:
        decoded = [f.to_ndarray(format="rgb24") for f in box.decode(video=0)]
    assert len(decoded) == 12 and decoded[0].shape == (32, 42, 3)
    assert video_writer().startswith("PyAV")


def test_an_mp4_without_pyav_is_refused_with_one_line(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__
    monkeypatch.setattr(builtins, "__import__", lambda name, *a, **k: (_ for _ in ()).throw(
        ImportError(name)) if name == "av" else real(name, *a, **k))  # fmt: skip
    with pytest.raises(ExportError) as e:
        write_mp4(tmp_path / "b.mp4", frames(3))
    assert "PyAV" in str(e.value) and not (tmp_path / "b.mp4").exists()
    assert video_writer() is None


def test_the_grids_probes_leave_the_dynamics_to_their_clock():
    """A frame a step at a run's start, but the costly dynamics (Jacobians, saturation) only
    as their own clock allows: the grid must not hold the first steps back."""
    from rnnviz.core.config import Config
    from rnnviz.core.probelog import StepGrid
    from rnnviz.core.trainer import Trainer

    t = Trainer(Config(hidden=8, length=300))
    t.step_grid = StepGrid()
    t.clocks["dynamics"].hz = 1e-9  # the dynamics' clock: hardly ever
    t.run(40)
    probes = t.probe_log.view().probes
    steps = [p.step for p in probes]
    assert set(range(1, 41)) <= set(steps)
    fresh = [p.step for p in probes if p.dynamics_step == p.step]
    assert len(fresh) <= 3  # the first probe and the run's last, not one a step
    assert all(p.outputs_step == p.step for p in probes)


def test_a_grid_probe_carrying_old_dynamics_logs_them_as_not_measured():
    """Between two ticks of the dynamics clock a grid probe carries the last Jacobians over:
    the tracks over training must not repeat that old measurement as a new one."""
    from rnnviz.core.config import Config
    from rnnviz.core.probelog import DYNAMICS_TRACKS, StepGrid
    from rnnviz.core.trainer import Trainer

    t = Trainer(Config(hidden=8, length=300))
    t.step_grid = StepGrid()
    t.clocks["dynamics"].hz = 1e-9  # never due by the clock: whatever the machine's speed
    t.run(40)
    view = t.probe_log.view()
    carried = np.array([p.dynamics_step != p.step for p in view.probes])
    assert carried.any() and not carried.all()
    for name in DYNAMICS_TRACKS:
        rows = view.track(name).reshape(len(carried), -1)
        assert np.isnan(rows[carried]).all() and not np.isnan(rows[~carried]).any(), name
    measured = [p for p in view.probes if p.dynamics_step == p.step]
    jmax = np.array([p.jacobian_norm.astype(np.float64).max(axis=1) for p in measured])
    assert np.allclose(view.track("jacobian_norm_max")[~carried], jmax)
