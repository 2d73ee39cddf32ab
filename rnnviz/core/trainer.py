"""Training on the fused fast path, with probes on a wall-clock budget.

`Trainer.step()` is one optimizer step; `Trainer.run(steps, stop, on_snapshot, every_s)` is the
loop the command line and the window's worker both use. Learning rate, clipping and the sampling
temperature can be set from another thread at any time; they take effect at the next step.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn.utils import clip_grad_value_, clip_grads_with_norm_, get_total_norm

from rnnviz.core.config import CLIP_MODES, Config, ConfigError
from rnnviz.core.data import Dataset, SeriesData, load_data
from rnnviz.core.models import RecurrentModel
from rnnviz.core.probe import ProbeResult, probe
from rnnviz.core.probelog import ProbeLog, ProbeLogView
from rnnviz.core.threads import ThreadChooser, training_thread

COLUMNS = ("step", "train_loss", "val_loss", "grad_norm", "grad_norm_clipped", "lr")
TEXT_BATCH = 64  # automatic batch size for text
SERIES_FULL_BATCH_MAX = 4096  # a series trains full-batch up to this many windows


def resolve_device(name: str) -> torch.device:
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError("device cuda: torch sees no CUDA GPU here; use --device cpu")
    return torch.device(name)


class History:
    """One row per step in growable numpy columns (48 bytes a step; 20k steps ~ 1 MB)."""

    def __init__(self) -> None:
        self._a = np.full((1024, len(COLUMNS)), np.nan)
        self.n = 0

    def append(self, step: int, loss: float, gn: float, gn_clipped: float, lr: float) -> None:
        if self.n == len(self._a):
            self._a = np.concatenate([self._a, np.full_like(self._a, np.nan)])
        self._a[self.n] = (step, loss, np.nan, gn, gn_clipped, lr)
        self.n += 1

    def set_val(self, val_loss: float) -> None:
        if self.n:
            self._a[self.n - 1, 2] = val_loss

    @property
    def rows(self) -> np.ndarray:
        """(n, 6) view of every row so far, columns COLUMNS."""
        return self._a[: self.n]

    def view(self, max_points: int = 4000) -> HistoryView:
        """A read-only copy, decimated by stride to at most max_points per curve."""
        a = self.rows
        stride = max(1, math.ceil(len(a) / max_points))
        d = a[::stride].copy()
        if len(a) and d[-1, 0] != a[-1, 0]:
            d = np.vstack([d, a[-1:]])  # always end on the latest step
        val = a[~np.isnan(a[:, 2])][:, [0, 2]]
        val = val[:: max(1, math.ceil(len(val) / max_points))].copy()
        for arr in (d, val):
            arr.setflags(write=False)
        return HistoryView(d, val)


@dataclass(frozen=True)
class HistoryView:
    rows: np.ndarray  # (n, 6), columns COLUMNS, decimated
    val: np.ndarray  # (m, 2): step, val_loss

    def column(self, name: str) -> np.ndarray:
        return self.rows[:, COLUMNS.index(name)]


@dataclass(frozen=True)
class Snapshot:
    """Everything the window needs to draw one frame. Immutable; safe across threads."""

    step: int
    train_loss: float
    val_loss: float
    steps_per_second: float
    lr: float
    clip: str
    clip_value: float
    temperature: float
    diverged: str | None
    history: HistoryView
    probe: ProbeResult
    probes: ProbeLogView  # every probe's tracks, and the kept probes for replay
    threads: int = 0  # intra-op threads the training uses now (chosen, or --threads)


class ProbeClock:
    """When to probe: every N steps, or on a wall-clock budget (at most `hz` per second and at
    most `share` of the loop's time, judged by the last probe's cost)."""

    def __init__(self, every_steps: int, hz: float, share: float) -> None:
        self.every, self.hz, self.share = every_steps, hz, share
        self.last = -math.inf
        self.cost = 0.0

    def due(self, step: int, now: float) -> bool:
        if self.every:
            return step % self.every == 0
        return now - self.last >= max(1.0 / self.hz, self.cost / self.share)

    def record(self, start: float, end: float) -> None:
        self.last, self.cost = end, end - start


class Trainer:
    """Owns the model, optimizer, data and history of one run."""

    def __init__(
        self, config: Config, data: Dataset | None = None, chooser: ThreadChooser | None = None
    ) -> None:
        self.config = config
        # One chooser per training thread: a caller that builds trainer after trainer on one
        # thread (the window, a benchmark) can hand its chooser on, and skip the trials.
        self.thread_chooser = chooser or ThreadChooser(config.threads)
        self.prediction_span: tuple[int, int] | None = None  # values the live probe predicts
        self.device = resolve_device(config.device)
        self.data = data if data is not None else load_data(config)
        d = self.data
        # The trainer's own generators, never torch's global random state: two trainers built
        # on two threads (a comparison, the window) cannot race.
        self._init_gen = torch.Generator().manual_seed(config.seed)
        model = RecurrentModel(config.cell, d.input_size, config.hidden, config.layers,
                               d.output_size)  # fmt: skip
        model.initialize(self._init_gen)
        self.model = model.to(self.device)
        self._params = list(self.model.parameters())
        self.lr, self.clip, self.clip_value = config.lr, config.clip, config.clip_value
        self.temperature = config.temperature
        opt = torch.optim.Adam if config.optimizer == "adam" else torch.optim.SGD
        self.optimizer = opt(self._params, lr=self.lr)
        self.history = History()
        self.step_count = 0
        self.diverged: str | None = None  # message of the latest divergence, until a good step
        self.divergences = 0
        self.last_probe: ProbeResult | None = None
        self.probe_log = ProbeLog()
        self.last_val = math.nan
        self.loop_seconds = 0.0  # time inside run(), probes and validation included
        self.loop_steps = 0
        self._run_start: float | None = None  # perf_counter() of the run() in progress
        self._run_steps = 0
        self._batch_gen = torch.Generator().manual_seed(config.seed)
        self._sample_gen = torch.Generator().manual_seed(config.seed + 1)
        self._last_good = [p.detach().clone() for p in self._params]
        self._pending: dict = {}
        self._lock = threading.Lock()
        self._clock = ProbeClock(config.probe_every, config.probe_hz, config.probe_share)
        n_train = d.n_train
        auto = n_train if isinstance(d, SeriesData) and n_train <= SERIES_FULL_BATCH_MAX else 0
        batch = config.batch_size or auto or (TEXT_BATCH if d.kind == "text" else 256)
        self.batch_size = min(batch, n_train)
        self._full_batch = self.batch_size == n_train and isinstance(d, SeriesData)
        self._last_only = isinstance(d, SeriesData)  # a series' loss reads the last step only

    # ------------------------------------------------------------- live settings (any thread)

    def set_lr(self, lr: float) -> None:
        Config(lr=lr)  # validates
        with self._lock:
            self._pending["lr"] = float(lr)

    def set_clip(self, mode: str, value: float) -> None:
        if mode not in CLIP_MODES:
            raise ConfigError(f"clip must be one of {', '.join(CLIP_MODES)}; got {mode!r}")
        Config(clip_value=value)
        with self._lock:
            self._pending["clip"] = (mode, float(value))

    def set_temperature(self, temperature: float) -> None:
        Config(temperature=temperature)
        with self._lock:
            self._pending["temperature"] = float(temperature)

    def set_probe_every(self, every: int) -> None:
        """0 = wall-clock budget, N > 0 = every N steps."""
        Config(probe_every=every)
        with self._lock:
            self._pending["probe_every"] = int(every)

    def set_prediction_span(self, start: int | None, stop: int | None = None) -> None:
        """Live probes predict the values[start:stop] on view (None: the whole series), at
        most PREDICT_POINTS of them; the window calls this when the user zooms."""
        with self._lock:
            self._pending["span"] = None if start is None else (int(start), int(stop))

    def _apply_pending(self) -> None:
        if not self._pending:
            return
        with self._lock:
            p, self._pending = self._pending, {}
        if "lr" in p:
            self.lr = p["lr"]
            for group in self.optimizer.param_groups:
                group["lr"] = self.lr
        if "clip" in p:
            self.clip, self.clip_value = p["clip"]
        if "temperature" in p:
            self.temperature = p["temperature"]
        if "probe_every" in p:
            self._clock.every = p["probe_every"]
        if "span" in p:
            self.prediction_span = p["span"]

    # ------------------------------------------------------------------------ training

    def step(self) -> bool:
        """One optimizer step. False if the loss or gradient was not finite: the run is then
        marked diverged, the last weights that gave a finite loss are restored and the
        optimizer's moments (which led there) are reset."""
        self._apply_pending()
        idx = None
        if not self._full_batch:
            idx = torch.randint(self.data.n_train, (self.batch_size,), generator=self._batch_gen)
        x, y = self.data.train_batch(idx, self.device)
        out, _ = self.model(x, last_only=self._last_only)
        loss = self.data.loss(out, y)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        grads = [p.grad for p in self._params]
        norm = get_total_norm(grads)
        if self.clip == "norm":
            clip_grads_with_norm_(self._params, self.clip_value, norm)
            clipped = get_total_norm(grads)
        elif self.clip == "value":
            clip_grad_value_(self._params, self.clip_value)
            clipped = get_total_norm(grads)
        else:
            clipped = norm
        loss_v, norm_v, clipped_v = torch.stack([loss.detach(), norm, clipped]).tolist()  # 1 sync
        if not math.isfinite(loss_v):
            with torch.no_grad():
                for p, good in zip(self._params, self._last_good, strict=True):
                    p.copy_(good)
            return self._diverge(f"loss became {loss_v} at step {self.step_count + 1}")
        if not math.isfinite(norm_v):
            return self._diverge(f"gradient norm became {norm_v} at step {self.step_count + 1}")
        with torch.no_grad():
            torch._foreach_copy_(self._last_good, self._params)  # one launch, not one a tensor
        self.optimizer.step()
        self.step_count += 1
        self.diverged = None
        self.history.append(self.step_count, loss_v, norm_v, clipped_v, self.lr)
        return True

    def _diverge(self, message: str) -> bool:
        self.optimizer.state.clear()
        self.diverged = f"diverged: {message}; kept the last good weights (lower the lr)"
        self.divergences += 1
        return False

    @torch.no_grad()
    def load_state(self, rnn_state: dict, head_state: dict) -> None:
        """Load weights, checking every shape first so a mismatch changes nothing."""
        for module, state in ((self.model.rnn, rnn_state), (self.model.head, head_state)):
            own = module.state_dict()
            if set(own) != set(state):
                raise ValueError(f"expected tensors {sorted(own)}, got {sorted(state)}")
            for k, v in own.items():
                got, want = tuple(state[k].shape), tuple(v.shape)
                if got != want:
                    raise ValueError(f"{k} has shape {got}, expected {want}")
        self.model.rnn.load_state_dict(rnn_state)
        self.model.head.load_state_dict(head_state)
        for p, good in zip(self._params, self._last_good, strict=True):
            good.copy_(p)
        self.optimizer.state.clear()
        self.last_probe = None
        self.probe_log.clear()

    @torch.no_grad()
    def validate(self) -> float:
        self.model.eval()
        try:
            x, y = self.data.val_batch(self.device)
            self.last_val = float(self.data.loss(self.model(x, last_only=self._last_only)[0], y))
        finally:
            self.model.train()
        self.history.set_val(self.last_val)
        return self.last_val

    def probe(self) -> ProbeResult:
        self._apply_pending()
        c = self.config
        start = time.perf_counter()
        self.last_probe = probe(
            self.model, self.data, self.step_count, self.device,
            sample_len=c.sample_len if self.data.kind == "text" else 0,
            temperature=self.temperature, prime=c.prime, generator=self._sample_gen,
            span=self.prediction_span,
        )  # fmt: skip
        self.probe_log.add(self.last_probe)
        self._clock.record(start, time.perf_counter())
        return self.last_probe

    @property
    def steps_per_second(self) -> float:
        """Throughput of run() so far (probes and validation included, pauses not)."""
        seconds, steps = self.loop_seconds, self.loop_steps
        if self._run_start is not None:
            seconds += time.perf_counter() - self._run_start
            steps += self._run_steps
        return steps / seconds if seconds > 0 else 0.0

    @property
    def train_loss(self) -> float:
        return float(self.history.rows[-1, 1]) if self.history.n else math.nan

    def snapshot(self, max_points: int = 2000) -> Snapshot:
        """The current state as an immutable Snapshot (probing first if none exists yet)."""
        p = self.last_probe if self.last_probe is not None else self.probe()
        return Snapshot(
            step=self.step_count, train_loss=self.train_loss, val_loss=self.last_val,
            steps_per_second=self.steps_per_second, lr=self.lr, clip=self.clip,
            clip_value=self.clip_value, temperature=self.temperature, diverged=self.diverged,
            history=self.history.view(max_points), probe=p, probes=self.probe_log.view(),
            threads=self.thread_chooser.current,
        )  # fmt: skip

    def run(
        self,
        steps: int | None = None,
        stop: threading.Event | None = None,
        on_snapshot=None,
        every_s: float = 1 / 30,
    ) -> int:
        """Train `steps` more steps (None: until stopped), or until `stop` (an Event, or
        anything with is_set()) is set, or the run diverges. Validates every val_every steps,
        probes when the ProbeClock says so, calls on_snapshot(Snapshot) at most every
        `every_s` seconds, and always validates, probes and reports once at the end. Returns
        the number of steps taken.

        The calling thread trains with the thread count its ThreadChooser picks and with
        subnormal floats flushed to zero; both are restored when run() returns."""
        chooser = self.thread_chooser
        with training_thread(chooser.current, team=max(chooser.candidates)):
            done = self._loop(steps, stop, on_snapshot, every_s)
            self.validate()
            self.probe()
            if on_snapshot is not None:
                on_snapshot(self.snapshot())
        return done

    def _loop(self, steps, stop, on_snapshot, every_s: float) -> int:
        end = None if steps is None else self.step_count + steps
        last_emit = -math.inf
        threads = self.thread_chooser.current
        self._run_start, self._run_steps = time.perf_counter(), 0
        try:
            while (end is None or self.step_count < end) and not (stop and stop.is_set()):
                start = time.perf_counter()
                if not self.step():
                    break
                if self.thread_chooser.record(time.perf_counter() - start) != threads:
                    threads = self.thread_chooser.current
                    torch.set_num_threads(threads)
                self._run_steps += 1
                if self.step_count % self.config.val_every == 0:
                    self.validate()
                now = time.perf_counter()
                if self._clock.due(self.step_count, now):
                    self.probe()
                if on_snapshot is not None and now - last_emit >= every_s:
                    on_snapshot(self.snapshot())
                    last_emit = time.perf_counter()
        finally:
            done = self._run_steps
            self.loop_seconds += time.perf_counter() - self._run_start
            self.loop_steps += done
            self._run_start, self._run_steps = None, 0
        return done
