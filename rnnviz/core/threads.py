"""The threads that train: how many intra-op threads torch uses, chosen by measurement, and their
floating-point mode (subnormal numbers flushed to zero).

Both are per-thread settings. torch.set_num_threads sets the count of the calling thread (its
own OpenMP team); torch.set_flush_denormal sets the CPU's FTZ/DAZ flags of the calling thread
only, and OpenMP worker threads keep the flags they were created with (measured: with the team
already started, a flag set afterwards flushes half of a 2-thread multiply). So everything here
acts on the thread that trains, and `flush_denormals` also sets the flags on that thread's
OpenMP team. Never train from two threads at once: a second OpenMP team in the process costs
about 40%.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import torch

_FENV_BYTES = 256  # larger than any fenv_t (glibc x86-64: 32 bytes)


@functools.cache
def _openmp_team_call():
    """(GOMP_parallel, fegetenv, fesetenv) of the running process, or None.

    GOMP_parallel(fn, data, n, 0) runs fn(data) on n threads of the calling thread's OpenMP
    team: with fn = fesetenv and data = this thread's floating-point environment, the team gets
    the same flags. libgomp (torch's Linux wheels) and LLVM's libomp export it; elsewhere only
    the calling thread is set.
    """
    try:
        libc = ctypes.CDLL(None)
        parallel, get, put = libc.GOMP_parallel, libc.fegetenv, libc.fesetenv
    except (OSError, AttributeError, TypeError):
        return None
    parallel.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint, ctypes.c_uint]
    parallel.restype = None
    return parallel, get, ctypes.cast(put, ctypes.c_void_p)


def flushing() -> bool:
    """Whether the calling thread flushes subnormal floats to zero (FTZ/DAZ set)."""
    with np.errstate(under="ignore"):
        return float(np.float32(1e-30) * np.float32(1e-10)) == 0.0  # 1e-40 is subnormal


def flush_denormals(on: bool = True, team: int | None = None) -> bool:
    """Flush subnormal floats to zero (on=True) or not, on the calling thread and on up to
    `team` threads of its OpenMP team (default: torch's thread count on this thread).

    Subnormals (below 1.2e-38 in float32) are what a vanishing gradient looks like in the
    backward pass of a vanilla RNN over a long window; each operation on one costs the CPU a
    slow microcode path (the vanilla RNN at H128, T100: 3-4x slower steps). Returns False
    where the CPU has no such mode (then nothing changes).
    """
    if not torch.set_flush_denormal(on):
        return False
    call = _openmp_team_call()
    if call is not None:
        parallel, get, put = call
        env = ctypes.create_string_buffer(_FENV_BYTES)
        if get(env) == 0:
            parallel(put, ctypes.addressof(env), team or torch.get_num_threads(), 0)
    return True


@contextmanager
def training_thread(threads: int, flush: bool = True, team: int | None = None) -> Iterator[None]:
    """The calling thread trains with `threads` intra-op threads and, if `flush`, subnormals
    flushed to zero (on its OpenMP team too, up to `team` threads: the most it will use);
    both are restored on exit, so a caller's own torch code is unchanged afterwards."""
    before_threads, before_flush = torch.get_num_threads(), flushing()
    team = max(team or 0, threads, before_threads)
    if flush and not before_flush:
        flush_denormals(True, team)
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before_threads)
        if flush and not before_flush:
            flush_denormals(False, team)


def default_candidates(most: int) -> tuple[int, ...]:
    """Thread counts worth trying with `most` cores: all of them, one less (one busy process
    beside), half, and one (which barely notices a busy machine)."""
    return tuple(sorted({n for n in (1, most // 2, most - 1, most) if n >= 1}))


class ThreadChooser:
    """Chooses the intra-op thread count from the throughput it measures.

    It tries each candidate for `trial_s` seconds of steps (and at least `min_steps` steps; the
    first step after a change warms the team up and is not counted), keeps the fastest, and tries
    them all again after `recheck_s` seconds of steps, or as soon as two windows of `window_s` in
    a row run below `drop` times what the chosen count gave in its trial (a busy process started
    beside it). A fixed count (`fixed` > 0) is never changed.

    It has no clock: feed it each step's duration with `record`, which answers with the count
    to use for the next step. Measured on 2 cores (the sine's LSTM, batch 792): 2 threads
    212-237 steps/s idle but 63 with one busy process beside, 1 thread 159-173 idle and 177
    beside it; neither count is right all the time.
    """

    def __init__(
        self,
        fixed: int = 0,
        candidates: tuple[int, ...] | None = None,
        trial_s: float = 0.4,
        min_steps: int = 3,
        recheck_s: float = 30.0,
        window_s: float = 1.0,
        drop: float = 0.6,
    ) -> None:
        most = torch.get_num_threads()
        self.fixed = fixed
        self.candidates = (fixed,) if fixed else (candidates or default_candidates(most))
        self.trial_s, self.min_steps, self.recheck_s = trial_s, min_steps, recheck_s
        self.window_s, self.drop = window_s, drop
        self.rates: dict[int, float] = {}  # steps/s of each candidate in the latest trial
        self.trials = 0  # trials completed
        self.current = fixed or max(self.candidates)
        self._start_trial()

    @property
    def settled(self) -> bool:
        """True once a count has been chosen (always, for a fixed count)."""
        return bool(self.fixed) or not self._queue and self._trying is None

    def _start_trial(self) -> None:
        # The current count first: it needs no switch, and its measurement is the freshest.
        self._queue = [] if self.fixed else sorted(self.candidates, key=lambda n: n != self.current)
        self._trying = None
        self.rates = {}
        self._next_candidate()

    def _next_candidate(self) -> None:
        self._reset_window()
        if self._queue:
            self._trying = self._queue.pop(0)
            self._warm = self._trying != self.current or self.trials == 0
            self.current = self._trying
        else:
            self._trying = None
            if self.rates:
                self.current = max(self.rates, key=self.rates.get)
                self.trials += 1
            self._since_check, self._low = 0.0, 0

    def _reset_window(self) -> None:
        self._t, self._n = 0.0, 0

    def feed(self, seconds: float) -> None:
        """`record` one step of the calling thread, which trains, and switch its thread count
        when the answer changes."""
        before = self.current
        if self.record(seconds) != before:
            torch.set_num_threads(self.current)

    def record(self, seconds: float, steps: int = 1) -> int:
        """Account `steps` steps that took `seconds`; return the thread count for the next."""
        if self.fixed:
            return self.fixed
        if self._trying is not None:
            if self._warm:
                self._warm = False
                return self.current
            self._t += seconds
            self._n += steps
            if self._t >= self.trial_s and self._n >= self.min_steps:
                self.rates[self._trying] = self._n / self._t
                self._next_candidate()
            return self.current
        self._t += seconds
        self._n += steps
        self._since_check += seconds
        if self._t >= self.window_s:
            slow = self._n / self._t < self.drop * self.rates[self.current]
            self._low = self._low + 1 if slow else 0
            self._reset_window()
            if self._low >= 2 or self._since_check >= self.recheck_s:
                self._start_trial()
        return self.current
