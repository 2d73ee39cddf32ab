"""The probes of a run as it trains: a few numbers of every probe (tracks, for curves over
training) and up to `keep` whole probes, thinned evenly (for replay and probes.npz).

Thinning: the log keeps every `stride`-th probe (counted from the first) plus the newest. When
more than `keep` are kept, the stride doubles and every other kept probe goes. So the stored
probes always cover the whole run at an even spacing, and memory stays bounded however long
it trains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from rnnviz.core.diagnostics import DEAD_UNIT_STD, grad_ratio
from rnnviz.core.snapshot import ProbeResult

KEEP = 240  # whole probes kept for replay (a T=100, H=128, 2-layer probe is ~0.3 MB)


FRAMES = 32  # a StepGrid keeps at least this many probes of a run of as many steps or more


class StepGrid:
    """Steps at which a watched run takes a whole probe whatever its clocks say, so that its
    story can be told in frames (File > Export animation): every `every`-th step, `every`
    doubling whenever more than 2 x `frames` of its multiples have passed. A run of N >=
    `frames` steps so has `frames` to 2 x `frames` grid probes, evenly spread over it; a
    short run, whose clocks (a few probes a second) left it two or three whole probes, has
    one a step. Over a long run the grid adds about `frames` probes per doubling of N."""

    def __init__(self, frames: int = FRAMES) -> None:
        self.frames = max(1, frames)
        self.every = 1

    def due(self, step: int) -> bool:
        while step // self.every > 2 * self.frames:
            self.every *= 2
        return step > 0 and step % self.every == 0


def tracks_of(p: ProbeResult) -> dict[str, np.ndarray]:
    """The numbers of one probe that are followed over training, each a small float array.

    Add an entry here for a new curve over training; every probe must give the same shape.
    """
    tracks = {
        "loss_T": np.array([p.loss_T]),
        "memory_length": p.memory_length,  # (L,) tau per layer; +inf where nothing decays
    }
    if getattr(p, "jacobian_norm", None) is not None:
        tracks.update(health_tracks(p))
    return tracks


def health_tracks(p: ProbeResult) -> dict[str, np.ndarray]:
    """The training-health numbers of a probe that the Diagnostics view plots over training
    and rnnviz.core.diagnostics reads (every probe, so the warnings miss none)."""
    ratio = grad_ratio(p.grad_norm)  # (L,); a zero gradient: inf or NaN
    sat = p.gate_saturation.astype(np.float64)  # (L, G_sig, H, 2)
    tracks = {
        "jacobian_norm_max": p.jacobian_norm.max(axis=1),  # (L,)
        "jacobian_norm_mean": p.jacobian_norm.mean(axis=1),  # (L,)
        "spectral_radius": p.spectral_radius,  # (L, G)
        "gradient_ratio": ratio,  # (L,) ||dL_T/dh_1|| / ||dL_T/dh_T||
        "gate_saturated": sat.sum(axis=3).mean(axis=2),  # (L, G_sig) below 0.1 or above 0.9
        "gate_low": sat[..., 0].mean(axis=2),  # (L, G_sig) below 0.1
        "gate_high": sat[..., 1].mean(axis=2),  # (L, G_sig) above 0.9
        "hidden_saturated": p.hidden_saturation.mean(axis=1),  # (L,) share of |h| > 0.9
        "dead_fraction": (p.hidden_std < DEAD_UNIT_STD).mean(axis=1),  # (L,)
    }
    if p.dynamics_step != p.step:  # carried over from an earlier probe: not measured here
        for name in DYNAMICS_TRACKS:  # (a new user saw flat lines of one old measurement)
            tracks[name] = np.full_like(tracks[name], np.nan)
    return tracks


# The tracks from a probe's dynamics part (probe.DYNAMICS_FIELDS), which a probe between two
# of its clock's ticks carries over: NaN in the log there, and left out of the curves.
DYNAMICS_TRACKS = ("jacobian_norm_max", "jacobian_norm_mean", "spectral_radius",
                   "gate_saturated", "gate_low", "gate_high", "hidden_saturated",
                   "dead_fraction")  # fmt: skip


class Rows:
    """The log's steps and tracks in arrays that grow by doubling: a row once written is never
    written again, so a view ([:n], read-only) never changes under its reader. A new track
    (or one a probe lacks) is NaN in the rows without it."""

    def __init__(self) -> None:
        self.n = 0
        self.steps = np.zeros(0, dtype=np.int64)
        self.tracks: dict[str, np.ndarray] = {}

    def append(self, steps: np.ndarray, tracks: dict[str, np.ndarray]) -> None:
        """Rows n.. (steps (m,), tracks name -> (m, ...))."""
        lo, hi = self.n, self.n + len(steps)
        if hi > len(self.steps):
            size = max(64, 2 * len(self.steps), hi)
            self.steps = _grown(self.steps, size, 0)
            self.tracks = {k: _grown(a, size, np.nan) for k, a in self.tracks.items()}
        self.steps[lo:hi] = steps
        for name, rows in tracks.items():
            if name not in self.tracks:
                self.tracks[name] = np.full((len(self.steps), *rows.shape[1:]), np.nan)
            self.tracks[name][lo:hi] = rows
        self.n = hi

    def copy(self, n: int) -> Rows:
        """The first n rows, in arrays of their own."""
        new = Rows()
        new.append(self.steps[:n], {k: a[:n] for k, a in self.tracks.items()})
        return new

    def view(self, n: int, probes: tuple[ProbeResult, ...]) -> ProbeLogView:
        """The first n rows, read-only, with these kept probes."""
        steps, tracks = _frozen(self.steps[:n]), {k: _frozen(a[:n]) for k, a in self.tracks.items()}
        return ProbeLogView(steps, MappingProxyType(tracks), probes, self)


def _grown(a: np.ndarray, size: int, fill) -> np.ndarray:
    new = np.full((size, *a.shape[1:]), fill, dtype=a.dtype)
    new[: len(a)] = a
    return new


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class ProbeLogView:
    """An immutable view of the log, safe to hand to another thread."""

    steps: np.ndarray  # (K,) step of every probe so far, increasing
    tracks: MappingProxyType  # name -> (K, ...) array, one row per probe
    probes: tuple[ProbeResult, ...]  # the kept whole probes, steps increasing
    # The rows its arrays are slices of (None: arrays of its own). Rows [:K] of a source never
    # change: a Channel sends a newer view of the same source as the rows it adds.
    source: Rows | None = field(default=None, repr=False, compare=False)

    def __reduce__(self):  # pickled as its own arrays, without the rows beyond them
        return ProbeLogView, (self.steps, self.tracks, self.probes)

    def track(self, name: str) -> np.ndarray:
        return self.tracks[name]

    def at(self, step: int) -> ProbeResult | None:
        """The newest kept probe taken at or before `step` (the first if none is)."""
        if not self.probes:
            return None
        kept = np.array([p.step for p in self.probes])
        i = int(np.searchsorted(kept, step, side="right")) - 1
        return self.probes[max(i, 0)]


class ProbeLog:
    """Append-only, bounded. Not thread-safe: the trainer's thread adds, views cross over."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = max(2, keep)
        self.stride = 1
        self.count = 0  # probes ever added
        self._kept: list[tuple[int, ProbeResult]] = []  # (index among all probes, probe)
        self._rows = Rows()
        self._view: ProbeLogView | None = None

    def add(self, p: ProbeResult) -> None:
        if self.count and p.step == self._rows.steps[self.count - 1]:
            self._replace_last(p)
            return
        i = self.count
        self.count += 1
        self._rows.append(np.array([p.step]), _row(p))
        # The previous newest stays only if it is on the stride.
        if self._kept and self._kept[-1][0] % self.stride:
            self._kept.pop()
        self._kept.append((i, p))
        while len(self._kept) > self.keep:
            self.stride *= 2
            self._kept = [(j, q) for j, q in self._kept if j % self.stride == 0 or j == i]
        self._view = None

    def _replace_last(self, p: ProbeResult) -> None:
        """A second probe at the same step (the end of a run probes again): it replaces the
        first, so each step appears once. In a copy of the rows: views already taken show the
        first."""
        self._rows = self._rows.copy(self.count - 1)
        self._rows.append(np.array([p.step]), _row(p))
        j, _ = self._kept[-1]
        self._kept[-1] = (j, p)
        self._view = None

    def clear(self) -> None:
        self.__init__(self.keep)

    def view(self) -> ProbeLogView:
        """Cached until the next add: snapshots are taken far more often than probes."""
        if self._view is None:
            self._view = self._rows.view(self.count, tuple(p for _, p in self._kept))
        return self._view


def _row(p: ProbeResult) -> dict[str, np.ndarray]:
    return {k: np.asarray(v, dtype=np.float64)[None] for k, v in tracks_of(p).items()}
