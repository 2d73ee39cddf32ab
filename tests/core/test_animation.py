import numpy as np
import pytest
from PIL import Image, ImageSequence

from rnnviz.core.animation import write_gif
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
