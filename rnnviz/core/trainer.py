"""Training on the fused fast path, with probes on a wall-clock budget.

`Trainer.step()` is one optimizer step; `Trainer.run(steps, stop, on_snapshot, every_s)` is the
loop the command line and the window's worker both use. Learning rate, clipping and the sampling
temperature can be set from another thread at any time; they take effect at the next step.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

import numpy as np
import torch
from torch.nn.utils import clip_grad_value_, clip_grads_with_norm_, get_total_norm

from rnnviz.core.config import (
    ATTENTION_TEXT,
    CLIP_MODES,
    SERIES_ONLY,
    Config,
    ConfigError,
    check_forget_bias,
    setting,
)
from rnnviz.core.data import TASK_DATA, AddingData, Dataset, SeriesData, load_data
from rnnviz.core.diagnostics import (
    data_warnings,
)
from rnnviz.core.forecast import FreeRunning, free_running
from rnnviz.core.models import RecurrentModel
from rnnviz.core.probe import probe
from rnnviz.core.probelog import ProbeLog, StepGrid
from rnnviz.core.snapshot import (  # noqa: F401 (read from here by the CLI and the tests)
    COLUMNS,
    SMOOTHING,
    History,
    HistoryView,
    ProbeResult,
    RunInfo,
    Snapshot,
    ema,
)
from rnnviz.core.threads import ThreadChooser, default_candidates, training_thread

TORCH_THREADS = torch.get_num_threads()  # torch's own count, before any run changes it
TEXT_BATCH = 64  # automatic batch size for text
SERIES_FULL_BATCH_MAX = 4096  # a series trains full-batch up to this many windows


def resolve_device(name: str) -> torch.device:
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError("device cuda: torch sees no CUDA GPU here; use --device cpu")
    return torch.device(name)


# A step's weights count as healthy while its loss stays within this factor of the best loss so
# far: after a divergence training resumes from the newest healthy weights, not from the last
# finite ones (which, at a huge lr, already gave a loss of 1e26).
HEALTHY_FACTOR = 4.0


STEP_DECAY = ((0.5, 0.1), (0.75, 0.1))  # --schedule step: x0.1 at 50% and again at 75%


def scheduled_lr(base: float, schedule: str, k: int, total: int) -> float:
    """The learning rate of step k (0-based; the step that makes step_count k + 1) under
    `schedule` over `total` steps, from the base rate: constant; "step": x0.1 from step
    floor(0.5 total) and again from floor(0.75 total); "cosine": base (1 + cos(pi k / total))
    / 2, 0 from step `total` on. total 0 (no end): constant."""
    if schedule == "constant" or total <= 0:
        return base
    if schedule == "step":
        for at, factor in STEP_DECAY:
            base *= factor if k >= math.floor(at * total) else 1.0
        return base
    return base * 0.5 * (1.0 + math.cos(math.pi * min(k, total) / total))


def _check_fits(config: Config, data: Dataset) -> None:
    """Model options that the data rules out."""
    if config.bidirectional and data.kind == "text":
        raise ConfigError(
            "bidirectional layers are for series only: on text the reverse direction would "
            "read the very characters the model must predict"
        )
    if config.attention and data.kind == "text":
        raise ConfigError(ATTENTION_TEXT)
    if data.kind == "text":
        for name, default in SERIES_ONLY.items():
            if getattr(config, name) != default:
                raise ConfigError(f"--{name} is for a series (CSV/TSV or the sine), not "
                                  f"the text {data.name}; drop --{name}")  # fmt: skip


COST_WINDOW = 5  # the probe clock judges by the median cost of this many recent probes


class ProbeClock:
    """When to probe: every N steps, or on a wall-clock budget (at most `hz` per second and at
    most `share` of the loop's time, judged by the last probe's cost)."""

    def __init__(self, every_steps: int, hz: float, share: float) -> None:
        self.every, self.hz, self.share = every_steps, hz, share
        self.last = -math.inf
        self.cost = 0.0
        self.recorded = 0
        self._costs: deque[float] = deque(maxlen=COST_WINDOW)

    def due(self, step: int, now: float) -> bool:
        if self.every:
            return step % self.every == 0
        return now - self.last >= max(1.0 / self.hz, self.cost / self.share)

    def record(self, start: float, end: float) -> None:
        self.record_cost(end - start, end)

    def record_cost(self, seconds: float, now: float) -> None:
        # A run's first probe pays one-off costs (lazy imports, kernel warm-up: 1.7 s against
        # 0.04 s on the CSV) that would otherwise hold the next probe back for a minute; and
        # the cost is the median of the last few, so one probe slowed by a busy moment does
        # not leave a short run with two probes.
        self.last = now
        self.recorded += 1
        if self.recorded > 1:
            self._costs.append(seconds)
            self.cost = float(np.median(self._costs))


# A probe's parts and their clocks. The picture (states, gates, gradient over time, saliency)
# is probed often; the outputs (predictions, samples) and the dynamics (Jacobians, spectral
# radii, saturation) at rates of their own. Each part's clock spends its share of
# Config.probe_share of the loop's time, so all of them together stay within it.
PROBE_PARTS = {"picture": (None, 0.5), "outputs": (4.0, 0.25), "dynamics": (1.0, 0.25)}


def probe_clocks(config: Config) -> dict[str, ProbeClock]:
    """One clock per part (the picture's at config.probe_hz), each with its share."""
    return {part: ProbeClock(config.probe_every, hz or config.probe_hz, config.probe_share * share)
            for part, (hz, share) in PROBE_PARTS.items()}  # fmt: skip


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
        _check_fits(config, d)
        model = RecurrentModel(config.cell, d.input_size, config.hidden, config.layers,
                               d.output_size, config.dropout, config.bidirectional,
                               config.attention)  # fmt: skip
        model.initialize(self._init_gen, config.init, config.init_scale, config.forget_bias)
        self.model = model.to(self.device)
        # Dropout masks from the trainer's own generator too (on the model's device).
        model.dropout_generator = torch.Generator(self.device).manual_seed(config.seed + 2)
        self._params = list(self.model.parameters())
        self.lr, self.clip, self.clip_value = config.lr, config.clip, config.clip_value
        self.temperature = config.temperature
        self.early_stop = config.early_stop  # live: the window's Early stop box
        self.schedule = config.schedule  # live: the window's Schedule box
        self.data_warnings = data_warnings(d)  # extrapolation: a property of the data
        opt = torch.optim.Adam if config.optimizer == "adam" else torch.optim.SGD
        self.optimizer = opt(self._params, lr=self.lr)
        self.history = History()
        self.step_count = 0
        self.diverged: str | None = None  # message of the latest divergence, until a good step
        self.divergences = 0
        self.last_probe: ProbeResult | None = None
        self.probe_log = ProbeLog()
        # A watched run (the window) sets a StepGrid: whole probes by steps as well, so even
        # a short run keeps enough of them to be told in frames.
        self.step_grid: StepGrid | None = None
        # Points a curve of a snapshot's history keeps (decimated by stride beyond): a watched
        # run (the window) sets fewer, so a frame's cost stops growing early in the run.
        self.snapshot_points = 2000
        self.last_val = math.nan
        self.loop_seconds = 0.0  # time inside run(), probes and validation included
        self.loop_steps = 0
        self._run_start: float | None = None  # perf_counter() of the run() in progress
        self._run_steps = 0
        self._batch_gen = torch.Generator().manual_seed(config.seed)
        self._sample_gen = torch.Generator().manual_seed(config.seed + 1)
        # The newest weights whose loss stayed within HEALTHY_FACTOR of the best loss so far.
        self._healthy = [p.detach().clone() for p in self._params]
        self.healthy_step = 0
        self.best_loss = math.inf
        self._pending: dict = {}
        self._lock = threading.Lock()
        self._reset_best()
        self.clocks = probe_clocks(config)
        self._new_span = False  # the prediction span changed: the next probe predicts
        # Free-running rollouts: off unless a caller sets a clock (the window does).
        self.rollout_clock: ProbeClock | None = None
        self.last_rollout: FreeRunning | None = None
        n_train = d.n_train
        auto = n_train if isinstance(d, SeriesData) and n_train <= SERIES_FULL_BATCH_MAX else 0
        # A memory task draws fresh sequences each step: 64 of them, as text's windows.
        batch = config.batch_size or auto or (TEXT_BATCH if d.kind != "series" else 256)
        self.batch_size = min(batch, n_train)
        self._full_batch = self.batch_size == n_train and isinstance(d, SeriesData)
        # A series' and the adding problem's loss read the last step only.
        self._last_only = isinstance(d, SeriesData | AddingData)

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

    def set_smoothing(self, weight: float) -> None:
        """The EMA weight of the smoothed training loss, in [0, 1)."""
        if not (isinstance(weight, (int, float)) and 0 <= weight < 1):
            raise ConfigError(f"smoothing must be in [0, 1), got {weight!r}")
        with self._lock:
            self._pending["smoothing"] = float(weight)

    def set_forget_bias(self, value: float) -> None:
        """LSTM: make b_ih + b_hh of every layer's forget slice equal `value` at the next step
        (b_ih's slice becomes `value`, b_hh's zero). Safe from any thread."""
        if self.model.cell != "lstm":
            raise ConfigError(f"the forget-gate bias is an LSTM's; this run's cell is "
                              f"{self.model.cell}")  # fmt: skip
        check_forget_bias(value)
        with self._lock:
            self._pending["forget_bias"] = float(value)

    @torch.no_grad()
    def _set_forget_bias(self, value: float) -> None:
        H = self.model.rnn.hidden_size
        for name, p in self.model.rnn.named_parameters():  # every layer (and direction)
            if name.startswith(("bias_ih_l", "bias_hh_l")):
                p[H : 2 * H] = value if name.startswith("bias_ih") else 0.0

    def set_live(self, name: str, value) -> bool:
        """A live setting by its option or field name (lr, clip, clip-value, temperature,
        probe-every, early-stop, schedule) at the next step; validated (ConfigError). Always
        True here."""
        field = setting(name).field
        if field == "lr":
            self.set_lr(value)
        elif field in ("clip", "clip_value"):
            mode, threshold = self.clip_setting()
            self.set_clip(value if field == "clip" else mode,
                          value if field == "clip_value" else threshold)  # fmt: skip
        elif field == "temperature":
            self.set_temperature(value)
        elif field == "probe_every":
            self.set_probe_every(value)
        elif field == "early_stop":
            Config(early_stop=value)
            with self._lock:
                self._pending["early_stop"] = int(value)
        elif field == "schedule":
            Config(schedule=value)
            with self._lock:
                self._pending["schedule"] = value
        else:
            raise ConfigError(f"{name} is not a live setting: it needs new weights")
        return True

    def clip_setting(self) -> tuple[str, float]:
        """The clipping mode and threshold of the next step (a pending change included)."""
        with self._lock:
            return self._pending.get("clip", (self.clip, self.clip_value))

    def step_once(self) -> Snapshot:
        """One step, validation and a probe (the window's Step); the new snapshot."""
        if self.step():
            self.validate()
        self.probe()
        return self.snapshot()

    def refresh(self) -> Snapshot:
        """Apply the pending live settings, probe, and return the new snapshot."""
        self.probe()
        return self.snapshot()

    def use_threads(self, n: int) -> None:
        """From the next step on, train with n intra-op threads (0: chosen by measurement).
        Call on the thread that trains (the window: a job on its worker)."""
        candidates = default_candidates(TORCH_THREADS) if n == 0 else None
        self.thread_chooser = ThreadChooser(n, candidates)
        torch.set_num_threads(self.thread_chooser.current)

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
        if "schedule" in p:
            self.schedule = p["schedule"]
        if "early_stop" in p:
            self.early_stop = p["early_stop"]
            if self.early_stop and self._best is None:  # no best weights kept so far:
                self.best_val = math.inf  # the best is judged from the next validation on
        if "probe_every" in p:
            for clock in self.clocks.values():
                clock.every = p["probe_every"]
        if "smoothing" in p:
            self.history.set_smoothing(p["smoothing"])
        if "forget_bias" in p:
            self._set_forget_bias(p["forget_bias"])
        if "span" in p:
            self.prediction_span = p["span"]
            self._new_span = True

    # ------------------------------------------------------------------------ training

    def step(self) -> bool:
        """One optimizer step. False if the loss or gradient was not finite: the run is then
        marked diverged, the last weights that gave a finite loss are restored and the
        optimizer's moments (which led there) are reset."""
        self._apply_pending()
        lr = self._schedule_lr()
        if isinstance(self.data, TASK_DATA):  # fresh sequences from the run's own generator
            x, y = self.data.fresh_batch(self.batch_size, self._batch_gen, self.device)
        else:
            idx = None
            if not self._full_batch:
                idx = torch.randint(self.data.n_train, (self.batch_size,),
                                    generator=self._batch_gen)  # fmt: skip
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
        if not (math.isfinite(loss_v) and math.isfinite(norm_v)):
            what = "loss" if not math.isfinite(loss_v) else "gradient norm"
            bad = loss_v if not math.isfinite(loss_v) else norm_v
            with torch.no_grad():
                torch._foreach_copy_(self._params, self._healthy)
            return self._diverge(f"{what} became {bad} at step {self.step_count + 1}")
        if loss_v <= HEALTHY_FACTOR * self.best_loss:
            with torch.no_grad():  # these weights gave this loss: keep them as healthy
                torch._foreach_copy_(self._healthy, self._params)  # one launch, not one a tensor
            self.healthy_step = self.step_count
        self.best_loss = min(self.best_loss, loss_v)
        self.optimizer.step()
        self.step_count += 1
        self.diverged = None
        self.history.append(self.step_count, loss_v, norm_v, clipped_v, lr)
        return True

    def _schedule_lr(self) -> float:
        """Set the optimizer's lr for the step about to be taken (the schedule of
        config.schedule over config.steps, from the live base rate self.lr); return it."""
        c = self.config
        lr = scheduled_lr(self.lr, self.schedule, self.step_count, c.steps)
        for group in self.optimizer.param_groups:
            group["lr"] = lr
        return lr

    def _diverge(self, message: str) -> bool:
        self.history.add_divergence(self.step_count + 1)
        self.optimizer.state.clear()
        self.diverged = (
            f"diverged: {message}; went back to the healthy weights of step {self.healthy_step} "
            "(lower the learning rate)"
        )
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
        torch._foreach_copy_(self._healthy, self._params)
        self.healthy_step, self.best_loss = self.step_count, math.inf
        self._reset_best()
        self.optimizer.state.clear()
        self.last_probe = None
        self.probe_log.clear()
        if self.step_grid is not None:
            self.step_grid = StepGrid(self.step_grid.frames)

    @torch.no_grad()
    def _val_loss(self) -> float:
        self.model.eval()
        try:
            x, y = self.data.val_batch(self.device)
            return float(self.data.loss(self.model(x, last_only=self._last_only)[0], y))
        finally:
            self.model.train()

    def validate(self) -> float:
        self.last_val = self._val_loss()
        self.history.set_val(self.last_val)
        self._track_best(self.last_val)
        return self.last_val

    # ------------------------------------------------ early stop (config.early_stop)

    def _reset_best(self) -> None:
        self.best_val = math.inf
        self.best_step: int | None = None  # the step of the lowest validation loss so far
        self._best: list[torch.Tensor] | None = None  # its weights, when early_stop is on
        self._validated_at: int | None = None
        self.bad_validations = 0  # validations in a row without a lower loss
        self.stopped_early: str | None = None

    def _track_best(self, val: float) -> None:
        """Note a validation: a lower loss is the new best (its weights kept when early stop
        is on); otherwise one more validation without improvement. A second validation of
        the same step (run()'s last) counts once."""
        if self._validated_at == self.step_count:
            return
        self._validated_at = self.step_count
        if val < self.best_val:  # False for NaN
            self.best_val, self.best_step, self.bad_validations = val, self.step_count, 0
            if self.early_stop:
                with torch.no_grad():
                    if self._best is None:
                        self._best = [p.detach().clone() for p in self._params]
                    else:
                        torch._foreach_copy_(self._best, self._params)
            return
        self.bad_validations += 1
        n = self.early_stop
        if n and self.bad_validations >= n and self.stopped_early is None:
            self.stopped_early = (
                f"stopped early at step {self.step_count}: {n} validations without a lower "
                f"loss; kept the best weights, of step {self.best_step} "
                f"(validation loss {self.best_val:.5g})"
            )

    @torch.no_grad()
    def _restore_best(self) -> None:
        """Load the best validation weights (early stop on, and a best exists)."""
        if self._best is None or self.best_step == self.step_count:  # already the best
            return
        torch._foreach_copy_(self._params, self._best)
        torch._foreach_copy_(self._healthy, self._params)
        self.optimizer.state.clear()  # the moments belong to the weights left behind
        self.last_val = self._val_loss()

    def probe(self, whole: bool = True) -> ProbeResult:
        """Probe the model now. `whole=False` (the training loop's probes) computes the
        outputs and the dynamics only when their clocks say so and carries them over from the
        last probe otherwise. Whole probes go into the probe log (replay, the tracks over
        training, the warnings, probes.npz), and so do the step grid's (a watched run's
        frames for an animation), whose dynamics may be carried over from an earlier step."""
        self._apply_pending()
        c, clocks = self.config, self.clocks
        start = time.perf_counter()
        # A step of the animation's grid: the picture and the outputs now, the dynamics (the
        # costly part: ~180 ms for the large LSTM) when their own clock says, and logged.
        framed = self.step_grid is not None and self.step_grid.due(self.step_count)
        due = {part: whole or clock.due(self.step_count, start) for part, clock in clocks.items()}
        due["outputs"] = due["outputs"] or due["dynamics"] or self._new_span or framed
        self._new_span = False
        p = probe(
            self.model, self.data, self.step_count, self.device,
            sample_len=c.sample_len if self.data.kind == "text" else 0,
            temperature=self.temperature, prime=c.prime, generator=self._sample_gen,
            temperatures=c.samples, span=self.prediction_span, previous=self.last_probe,
            outputs=due["outputs"], dynamics=due["dynamics"],
        )  # fmt: skip
        self.last_probe = p
        end = time.perf_counter()
        picture = p.seconds - p.outputs_seconds - p.dynamics_seconds
        clocks["picture"].record_cost(picture, end)
        for part, seconds in (("outputs", p.outputs_seconds), ("dynamics", p.dynamics_seconds)):
            if getattr(p, f"{part}_step") == p.step:
                clocks[part].record_cost(seconds, end)
        if p.whole or framed:
            self.probe_log.add(p)
        self._roll_out(force=self._run_start is None)
        return p

    def probe_due(self) -> bool:
        """Whether the training loop probes now (the picture's clock)."""
        grid = self.step_grid
        return (grid is not None and grid.due(self.step_count)) or self.clocks["picture"].due(
            self.step_count, time.perf_counter()
        )

    def set_probe_budget(self, hz: float | None = None, share: float | None = None) -> None:
        """Rates for a watched run (the window): the picture at up to `hz` a second, and every
        part's clock with its part of `share` of the loop's time."""
        for part, (part_hz, part_share) in PROBE_PARTS.items():
            clock = self.clocks[part]
            if hz is not None and part_hz is None:
                clock.hz = hz
            if share is not None:
                clock.share = share * part_share

    def _roll_out(self, force: bool) -> None:
        """The free-running rollout of the probed weights, when a rollout clock is set: always
        outside run() (a step, a refresh, the probe that ends a run), else when it is due."""
        clock = self.rollout_clock
        if clock is None or self.data.kind != "series":
            return
        start = time.perf_counter()
        if not (force or clock.due(self.step_count, start)):
            return
        values = free_running(self.model, self.data, self.device)
        if values is None:  # the model does not read its target: nothing to feed back
            return
        values.setflags(write=False)
        self.last_rollout = FreeRunning(self.step_count, values)
        clock.record(start, time.perf_counter())

    @property
    def steps_per_second(self) -> float:
        """Throughput of run() so far (probes and validation included, pauses not)."""
        return loop_rate(self)

    @property
    def train_loss(self) -> float:
        return float(self.history.rows[-1, 1]) if self.history.n else math.nan

    def snapshot(self, max_points: int | None = None) -> Snapshot:
        """The current state as an immutable Snapshot (probing first if none exists yet),
        its history decimated to `max_points` a curve (default: snapshot_points)."""
        max_points = max_points or self.snapshot_points
        p = self.last_probe if self.last_probe is not None else self.probe()
        return Snapshot(
            step=self.step_count, train_loss=self.train_loss, val_loss=self.last_val,
            steps_per_second=self.steps_per_second, lr=self.lr, clip=self.clip,
            clip_value=self.clip_value, temperature=self.temperature, diverged=self.diverged,
            history=self.history.view(max_points), probe=p, probes=self.probe_log.view(),
            free_running=self.last_rollout,
            threads=self.thread_chooser.current, stopped_early=self.stopped_early,
            data_warnings=self.data_warnings,
            schedule=self.schedule if self.config.steps > 0 else "constant",
        )  # fmt: skip

    def advance(self, chooser: ThreadChooser | None = None) -> bool:
        """One step of run()'s loop: a step, then validation every val_every steps and a probe
        when the ProbeClock says so. False if the step diverged (nothing else is done then).
        A comparison steps its variants with this, so they train exactly as run() would.
        `chooser` is fed the step's duration (probes and validation left out) and sets the
        thread count it answers."""
        start = time.perf_counter()
        if not self.step():
            return False
        if chooser is not None:
            chooser.feed(time.perf_counter() - start)
        if self.step_count % self.config.val_every == 0:
            self.validate()
        if self.probe_due():
            self.probe(whole=False)
        return True

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
        if self.stopped_early:  # started again after an early stop: N more validations
            self.stopped_early, self.bad_validations = None, 0
        with training_thread(chooser.current, team=max(chooser.candidates)):
            done = self._loop(steps, stop, on_snapshot, every_s)
            self.validate()
            if not (stop and stop.is_set()):  # ended, not paused: keep the best weights
                self._restore_best()
            self.probe()
            if on_snapshot is not None:
                on_snapshot(self.snapshot())
        return done

    def _loop(self, steps, stop, on_snapshot, every_s: float) -> int:
        # An early stop ends the loop here, not in advance(): a comparison's variants
        # (which call advance()) take no early stop.
        return timed_loop(self, lambda: self.advance(self.thread_chooser)
                          and self.stopped_early is None, steps, stop, on_snapshot,
                          every_s)  # fmt: skip


def loop_rate(owner) -> float:
    """Steps per second of owner's timed_loop runs so far, the one in progress included."""
    seconds, steps = owner.loop_seconds, owner.loop_steps
    if owner._run_start is not None:
        seconds += time.perf_counter() - owner._run_start
        steps += owner._run_steps
    return steps / seconds if seconds > 0 else 0.0


def timed_loop(owner, advance, steps, stop, on_snapshot, every_s: float) -> int:
    """The loop of Trainer.run and Comparison.run: `advance()` until `steps` more (None: no
    end), `stop` is set or it returns False; owner.snapshot() to on_snapshot at most every
    `every_s` s. Keeps owner's loop clock (loop_seconds, loop_steps, and _run_start/_run_steps
    while running, which steps_per_second reads). Returns the steps taken."""
    end = None if steps is None else owner.step_count + steps
    last_emit = -math.inf
    owner._run_start, owner._run_steps = time.perf_counter(), 0
    try:
        while (end is None or owner.step_count < end) and not (stop and stop.is_set()):
            if not advance():
                break
            owner._run_steps += 1
            if on_snapshot is not None and time.perf_counter() - last_emit >= every_s:
                on_snapshot(owner.snapshot())
                last_emit = time.perf_counter()
    finally:
        done = owner._run_steps
        owner.loop_seconds += time.perf_counter() - owner._run_start
        owner.loop_steps += done
        owner._run_start, owner._run_steps = None, 0
    return done
