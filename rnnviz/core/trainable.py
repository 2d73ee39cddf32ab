"""What a window's worker drives: a Trainer (one run) or a Comparison (variants in lockstep).

Both implement this protocol, so the worker that runs them on their own thread is one thin
adapter with no branch on the kind of run, and "step, validate, probe, snapshot" is written
once per kind, here in the core, where plain tests reach it.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Trainable(Protocol):
    """A run the window's worker can drive. Everything is called on the worker's thread,
    except the live setters (set_live), which only leave a value for the next step."""

    step_count: int

    def run(self, steps, stop, on_snapshot, every_s: float) -> int:
        """Train until `steps` more (None: no end), `stop.is_set()` or divergence; report
        snapshots at most every `every_s` s and once at the end. Returns the steps taken."""

    def step_once(self):
        """One step (a lockstep round), validation and a probe; returns the new snapshot."""

    def refresh(self):
        """Apply the pending live settings and probe again; returns the new snapshot."""

    def snapshot(self):
        """The current state as an immutable snapshot."""

    def set_live(self, name: str, value) -> bool:
        """A live setting (one whose table entry says live) for the next step; False if it
        does not act here (a comparison's varied setting). Raises ConfigError if invalid."""

    def use_threads(self, n: int) -> None:
        """Train with n intra-op threads from now on (0: chosen by measurement)."""
