"""Animated GIFs of a panel or a view across the stored probes (the window renders the frames;
this only writes the file).

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

from rnnviz.core.export import ExportError, write_atomic

MAX_FRAMES = 2000  # the ProbeLog keeps at most a few hundred probes; a GIF of more is a mistake


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
