"""Animations of a panel or a view across the stored probes (the window renders the frames;
this picks the probes and writes the file): an animated GIF always, an MP4 where PyAV is
installed (the optional `video` extra).

Pillow writes the GIF: each frame is reduced to its own 256-colour palette (plots have few
colours, so nothing visible is lost). Pillow merges a frame identical to the one before it into
that frame, adding up their durations, so the animation's timing is kept exactly even where the
file holds fewer frames than were given (a paused replay, a panel that did not change).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from rnnviz.core.writing import ExportError, write_atomic

MAX_FRAMES = 2000  # the ProbeLog keeps at most a few hundred probes; a GIF of more is a mistake
FRAMES = 90  # frames an animation tells a run in, at most (15 s at 6 per second)


def frame_steps(steps: Sequence[int], most: int = FRAMES) -> list[int]:
    """Indices into `steps` (the kept probes' steps, increasing) of the frames: all of them
    when there are at most `most`, else `most` whose steps are nearest to evenly spaced steps
    from the first to the last (each probe once; the first and the last always)."""
    steps = np.asarray(steps, dtype=np.int64)
    n = len(steps)
    if n <= most:
        return list(range(n))
    targets = np.linspace(steps[0], steps[-1], most)
    picked = np.clip(np.searchsorted(steps, targets), 0, n - 1)  # the first at or after
    before = np.clip(picked - 1, 0, n - 1)
    nearer = np.abs(steps[before] - targets) < np.abs(steps[picked] - targets)
    picked = np.where(nearer, before, picked)
    return sorted(set(picked.tolist()) | {0, n - 1})


def history_until(history, step: int):
    """A HistoryView cut at `step`: a frame of the run shows its curves up to that step."""
    from dataclasses import replace

    keep = history.column("step") <= step
    median = history.grad_median
    return replace(
        history, rows=history.rows[keep], smoothed=history.smoothed[keep],
        val=history.val[history.val[:, 0] <= step],
        grad_median=median[keep] if len(median) == len(keep) else median,
        spikes=history.spikes[history.spikes[:, 0] <= step],
        divergences=history.divergences[history.divergences <= step],
    )  # fmt: skip


def video_writer() -> str | None:
    """The MP4 writer installed ("PyAV x.y"), or None: MP4 needs the optional PyAV."""
    try:
        import av
    except ImportError:
        return None
    return f"PyAV {av.__version__}"


def write_mp4(path: str | Path, frames: Sequence[np.ndarray], fps: float = 10.0) -> Path:
    """Write RGB uint8 frames (H, W, 3), all of one size, as an H.264 MP4 (yuv420p, which
    every player reads; odd sizes are padded to even with white). Needs PyAV."""
    frames = _checked(frames)
    try:
        import av
    except ImportError:
        raise ExportError("an MP4 needs PyAV (pip install av, or rnnviz[video]); a GIF does "
                          "not") from None  # fmt: skip
    h, w, _ = frames[0].shape
    H, W = h + h % 2, w + w % 2

    def write(f) -> None:
        with av.open(f, mode="w", format="mp4") as box:
            stream = box.add_stream("libx264", rate=round(min(max(float(fps), 1.0), 60.0)))
            stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
            stream.options = {"crf": "20"}  # plots: sharp lines on white
            for a in frames:
                if (h, w) != (H, W):
                    a = np.pad(a, ((0, H - h), (0, W - w), (0, 0)), constant_values=255)
                for packet in stream.encode(av.VideoFrame.from_ndarray(a, format="rgb24")):
                    box.mux(packet)
            for packet in stream.encode():  # flush
                box.mux(packet)

    return write_atomic(Path(path), write)


def _checked(frames: Sequence[np.ndarray]) -> list[np.ndarray]:
    if not 0 < len(frames) <= MAX_FRAMES:
        raise ExportError(f"an animation needs 1 to {MAX_FRAMES} frames, got {len(frames)}")
    shape = np.shape(frames[0])
    for i, f in enumerate(frames):
        a = np.asarray(f)
        if a.dtype != np.uint8 or a.ndim != 3 or a.shape[2] != 3 or a.shape != shape:
            raise ExportError(
                f"frame {i} is {a.dtype} {a.shape}; every frame must be uint8 (H, W, 3) of one size"
            )
    return [np.ascontiguousarray(f) for f in frames]


def write_gif(
    path: str | Path, frames: Sequence[np.ndarray], fps: float = 10.0, loop: bool = True
) -> Path:
    """Write RGB uint8 frames (H, W, 3), all of one size, as an animated GIF.

    Parameters
    ----------
    path : the .gif file (written atomically: a failure leaves no partial file).
    frames : the frames in order.
    fps : frames per second. GIF delays count in hundredths of a second and browsers stretch
        delays under 0.02 s, so fps is clamped to 0.2..50.
    loop : repeat forever (else play once).
    """
    frames = _checked(frames)
    duration_ms = 10 * round(100 / min(max(float(fps), 0.2), 50.0))  # whole hundredths
    images = [Image.fromarray(f) for f in frames]
    options = {"save_all": True, "append_images": images[1:], "duration": duration_ms}
    if loop:
        options["loop"] = 0  # 0 = forever; leaving the key out plays once
    return write_atomic(Path(path), lambda f: images[0].save(f, format="GIF", **options))
