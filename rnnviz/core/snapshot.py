"""What a run reports to whoever watches it: a probe's result, the history of every step, a
snapshot (one frame's data) and the facts of a run that do not change while it trains.
Immutable and numpy only, safe across threads and processes; no torch, so the window's process
draws them without importing it (start-up: torch's import is half of it).
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from rnnviz.core.config import ConfigError
from rnnviz.core.diagnostics import GRAD_MEDIAN_MIN_STEPS, GRAD_MEDIAN_WINDOW, GRAD_SPIKE_RATIO

if TYPE_CHECKING:
    from rnnviz.core.probelog import ProbeLogView
    from rnnviz.core.trainer import Trainer

# ---------------------------------------------------------------------------------- a probe


# Temperatures at or below this decode greedily (argmax). softmax(logits / 0.05) already puts
# all but ~e^-20 of the mass on the top character unless a rival's logit is within ~1 of it;
# on such near ties the draw would be decided by chance, so near 0 we take the argmax outright:
# at --temperature 0.01 every character is the most probable one, reproducibly.
GREEDY_TEMPERATURE = 0.05


@dataclass(frozen=True)
class ProbeResult:
    """What one probe saw. Arrays are read-only numpy; shapes (L, T, H) unless noted, where L
    counts layers x directions (L·D rows, torch's order) for a bidirectional model."""

    step: int
    cell: str
    inputs: np.ndarray  # (T, I), exactly as fed to the model
    target: np.ndarray  # series: (K,) next K values, normalized; text: (T,) next-char ids
    hidden: np.ndarray
    cell_state: np.ndarray | None  # LSTM only
    gates: MappingProxyType  # name -> (L, T, H), torch's gate order
    preact: np.ndarray | None  # vanilla RNN: W_ih x + b_ih + W_hh h + b_hh before tanh
    grad_norm: np.ndarray  # (L, T) float64: below FLOAT32_TINY it is still the true value
    loss_T: float  # loss of the final step's prediction
    output_T: np.ndarray  # (O,) final step's prediction (normalized value or logits)
    predictions: np.ndarray | None  # series: (K,) one-step predictions, file units, at:
    sample: str | None  # text: prime + generated characters
    tokens: tuple[str, ...] | None  # text: the probe window's input characters
    seconds: float  # what the probe cost
    temperature: float | None = None  # text: the temperature the sample was drawn at
    input_saliency: np.ndarray | None = None  # (T,) ||dL_T/dx_t||, t = 1..T
    directions: int = 1  # D: 2 for a bidirectional model (rows = layer * D + direction)
    # Memory length: the e-folding distance of grad_norm per layer, see memory_length.
    memory_length: np.ndarray | None = None  # (L,), +inf where the gradient does not decay
    # Text (the temperature lesson): (temperature, prime + generated) per Config.samples.
    samples: tuple[tuple[float, str], ...] | None = None
    # Training health (rnnviz/core/dynamics.py). G_sig counts the sigmoid gates only (LSTM
    # i, f, o; GRU r, z; none for the RNN, whose gate_saturation is (L, 0, H, 2)).
    batch_inputs: np.ndarray | None = None  # (B, T, I) the probe batch (first val windows)
    jacobian_norm: np.ndarray | None = None  # (L*D, T) sigma_max of ds_t/ds_{t-1}
    spectral_radius: np.ndarray | None = None  # (L*D, G) max |eigenvalue| of W_hh's gate blocks
    gate_saturation: np.ndarray | None = None  # (L*D, G_sig, H, 2) share below 0.1, above 0.9
    hidden_saturation: np.ndarray | None = None  # (L*D, H) share of |h| above 0.9
    hidden_std: np.ndarray | None = None  # (L*D, H) std of h over the batch's B x T values
    forget_bias: np.ndarray | None = None  # LSTM (L*D, H): b_ih + b_hh of the forget slice
    # Attention (a model with one): alpha over the probe window's steps, and over the batch's.
    attention: np.ndarray | None = None  # (T,) alpha_t, t = 1..T, sums to 1
    batch_attention: np.ndarray | None = None  # (B, T) alpha for each window of batch_inputs

    # series: (K,) int64, increasing: the index in the series' values of the value each
    # prediction is for (window w predicts values[w + T]). K = all windows up to
    # PREDICT_POINTS, else PREDICT_POINTS evenly spaced ones (first and last included).
    prediction_index: np.ndarray | None = None
    # series with a horizon K > 1: (K,) float64, the K values after the series' end predicted
    # from its last window, in its own units (the fan); None otherwise.
    fan: np.ndarray | None = None
    # ... and (K,) the RMSE of each step ahead over the validation windows (val_batch's), own
    # units, of the model and of the naive forecast (the window's last value).
    fan_rmse: np.ndarray | None = None
    fan_naive_rmse: np.ndarray | None = None
    # A light probe computes the picture (states, gates, gradient over time, saliency) only
    # and carries the outputs (predictions, samples) and the dynamics (jacobian_norm to
    # forget_bias) of an earlier probe: the steps they were computed at.
    outputs_step: int = -1
    dynamics_step: int = -1
    # What each part cost this time (0 for a part carried over).
    outputs_seconds: float = 0.0
    dynamics_seconds: float = 0.0

    @property
    def whole(self) -> bool:
        """Whether every part was computed at this probe's step."""
        return self.outputs_step == self.dynamics_step == self.step


# ------------------------------------------------------------------------------ the history


COLUMNS = ("step", "train_loss", "val_loss", "grad_norm", "grad_norm_clipped", "lr")

SMOOTHING = 0.9  # default weight of the smoothed training loss (TensorBoard's 0.6..0.99 range)


def ema(
    values: np.ndarray, weight: float, start: tuple[float, int] = (0.0, 0)
) -> tuple[np.ndarray, tuple[float, int]]:
    """Causal, bias-corrected exponential moving average (Adam's correction, as TensorBoard
    smooths): s_k = w s_(k-1) + (1 - w) x_k from s_0 = 0, shown as s_k / (1 - w^k). The first
    smoothed value equals the first raw value; appending values never changes earlier ones.

    `start` = (s, k): the raw state after k earlier values, to continue a series. Returns the
    smoothed values and the state after them.
    """
    s, k = start
    out = np.empty(len(values))
    for i, x in enumerate(values):  # ~1 us a value; runs per appended step, or on a change
        s = weight * s + (1 - weight) * x
        k += 1
        out[i] = s / (1 - weight**k) if weight > 0 else x
    return out, (s, k)


class History:
    """One row per step in growable numpy columns (64 bytes a step; 20k steps ~ 1.3 MB), and the
    smoothed training loss beside them.

    For the diagnostics it also keeps the running median of the global gradient norm (of the
    previous GRAD_MEDIAN_WINDOW steps), every step whose norm exceeded GRAD_SPIKE_RATIO times it
    (a spike), and every step that diverged and was rolled back.
    """

    def __init__(self, smoothing: float = SMOOTHING) -> None:
        self._a = np.full((1024, len(COLUMNS)), np.nan)
        self._s = np.full(1024, np.nan)  # train loss, smoothed
        self.n = 0
        self.smoothing = smoothing
        self._ema = (0.0, 0)  # raw EMA state over the finite losses so far
        self._median = np.full(1024, np.nan)  # running median before each step's norm
        self._spikes: list[tuple[int, float, float]] = []  # (step, norm, running median)
        self._divergences: list[int] = []
        self._events: tuple[np.ndarray, np.ndarray] | None = None  # read-only copies of both
        # The last GRAD_MEDIAN_WINDOW norms in order, and the finite ones sorted: a median
        # per step in ~2 us (np.median of 100 values cost ~200 us, 3% of a sine step).
        self._recent: deque[float] = deque()
        self._sorted: list[float] = []
        self._nans = 0

    def append(self, step: int, loss: float, gn: float, gn_clipped: float, lr: float) -> None:
        if self.n == len(self._a):
            self._a = np.concatenate([self._a, np.full_like(self._a, np.nan)])
            self._s = np.concatenate([self._s, np.full_like(self._s, np.nan)])
            self._median = np.concatenate([self._median, np.full_like(self._median, np.nan)])
        median = self.running_median()
        if gn > GRAD_SPIKE_RATIO * median:  # False while the median is NaN
            self._spikes.append((step, gn, median))
            self._events = None
        self._median[self.n] = median
        self._push_norm(gn)
        self._a[self.n] = (step, loss, np.nan, gn, gn_clipped, lr)
        if math.isfinite(loss):
            self._s[self.n] = self._smooth(np.array([loss]))[0]
        self.n += 1

    def _smooth(self, losses: np.ndarray) -> np.ndarray:
        out, self._ema = ema(losses, self.smoothing, self._ema)
        return out

    def set_smoothing(self, weight: float) -> None:
        """Recompute the smoothed losses with a new weight (0 = none, < 1)."""
        if not (isinstance(weight, (int, float)) and 0 <= weight < 1):
            raise ConfigError(f"smoothing must be in [0, 1), got {weight!r}")
        self.smoothing, self._ema = float(weight), (0.0, 0)
        loss = self._a[: self.n, 1]
        ok = np.isfinite(loss)
        self._s[: self.n] = np.nan
        self._s[: self.n][ok] = self._smooth(loss[ok])

    def running_median(self) -> float:
        """Median global gradient norm of the last GRAD_MEDIAN_WINDOW steps (NaN before
        GRAD_MEDIAN_MIN_STEPS steps, and while a NaN norm is among them, as np.median)."""
        if self.n < GRAD_MEDIAN_MIN_STEPS or self._nans:
            return math.nan
        s, m = self._sorted, len(self._sorted)
        return s[m // 2] if m % 2 else (s[m // 2 - 1] + s[m // 2]) / 2

    def _push_norm(self, gn: float) -> None:
        gn = float(gn)
        self._recent.append(gn)
        if math.isnan(gn):
            self._nans += 1
        else:
            bisect.insort(self._sorted, gn)
        if len(self._recent) > GRAD_MEDIAN_WINDOW:
            old = self._recent.popleft()
            if math.isnan(old):
                self._nans -= 1
            else:
                del self._sorted[bisect.bisect_left(self._sorted, old)]

    def add_divergence(self, step: int) -> None:
        """A step that gave a non-finite loss or gradient and was rolled back."""
        self._divergences.append(step)
        self._events = None

    def _event_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if self._events is None:
            spikes = np.array(self._spikes, dtype=np.float64).reshape(-1, 3)  # (k, 3)
            div = np.array(self._divergences, dtype=np.int64)  # (k,)
            for arr in (spikes, div):
                arr.setflags(write=False)
            self._events = (spikes, div)
        return self._events

    def set_val(self, val_loss: float) -> None:
        if self.n:
            self._a[self.n - 1, 2] = val_loss

    @property
    def rows(self) -> np.ndarray:
        """(n, 6) view of every row so far, columns COLUMNS."""
        return self._a[: self.n]

    @property
    def smoothed(self) -> np.ndarray:
        """(n,) the smoothed training loss of every row (NaN where the loss was not finite)."""
        return self._s[: self.n]

    def view(self, max_points: int = 4000) -> HistoryView:
        """A read-only copy, decimated by stride to at most max_points per curve."""
        a = self.rows
        stride = max(1, math.ceil(len(a) / max_points))
        keep = np.arange(0, len(a), stride)
        if len(a) and keep[-1] != len(a) - 1:
            keep = np.append(keep, len(a) - 1)  # always end on the latest step
        d, smooth, median = a[keep], self.smoothed[keep], self._median[keep]
        val = a[~np.isnan(a[:, 2])][:, [0, 2]]
        val = val[:: max(1, math.ceil(len(val) / max_points))].copy()
        for arr in (d, smooth, val, median):
            arr.setflags(write=False)
        spikes, divergences = self._event_arrays()
        return HistoryView(d, val, smooth, self.smoothing, median, spikes, divergences)


def _empty(shape: tuple, dtype=np.float64) -> np.ndarray:
    a = np.zeros(shape, dtype=dtype)
    a.setflags(write=False)
    return a


# --------------------------------------------------------------------------- a frame, a run


@dataclass(frozen=True)
class FreeRunning:
    """A rollout as the window gets it: the step of the weights and the (N,) predictions for
    the validation targets values[n_train + T + j] (read-only)."""

    step: int
    values: np.ndarray


@dataclass(frozen=True)
class HistoryView:
    rows: np.ndarray  # (n, 6), columns COLUMNS, decimated
    val: np.ndarray  # (m, 2): step, val_loss
    smoothed: np.ndarray  # (n,) train loss, causal bias-corrected EMA, aligned with rows
    smoothing: float  # its weight
    # For the diagnostics (rnnviz/core/diagnostics.py): the running median of grad_norm at
    # the steps of `rows`; every gradient spike and every rolled-back step, never decimated.
    grad_median: np.ndarray = field(default_factory=lambda: _empty((0,)))  # (n,)
    spikes: np.ndarray = field(default_factory=lambda: _empty((0, 3)))  # (k, 3) step, norm, median
    divergences: np.ndarray = field(default_factory=lambda: _empty((0,), np.int64))  # (k,)

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
    # The newest free-running rollout, if the trainer makes them.
    free_running: FreeRunning | None = None
    threads: int = 0  # intra-op threads the training uses now (chosen, or --threads)
    stopped_early: str | None = None  # the early stop's message, once the run stopped early
    # Warnings about the data itself (diagnostics.data_warnings: extrapolation), from step 0.
    data_warnings: tuple = ()
    schedule: str = "constant"  # the learning-rate schedule now (steps 0: constant)


@dataclass(frozen=True)
class RunInfo:
    """What a view needs to know about a run that does not change while it trains."""

    kind: str  # "series" or "text"
    cell: str
    layers: int
    hidden: int
    seq_len: int
    name: str
    values: np.ndarray | None  # series, in its own units
    n_train: int  # training windows; the first validation target is values[seq_len + n_train]
    missing_filled: int = 0  # series: gaps filled by interpolation
    text: str | None = None  # text: the corpus
    # Model sizes for the parameter counts, and D for the probe rows.
    input_size: int = 1
    output_size: int = 1
    directions: int = 1
    # A memory task's memoryless loss (adding: 1/6, copy: 10 ln 8 / T), drawn as a line; else None.
    baseline_loss: float | None = None
    control_removed: int = 0  # text: control characters removed before training
    schedule: str = "constant"  # the learning-rate schedule (config.schedule)
    # Series: the date/time of each of `values` (datetime64[s]) or None; the file row of
    # values[0] (1 after a transform by changes); the values each window predicts (K); the
    # input columns' names (empty: the target alone) and the transform.
    times: np.ndarray | None = None
    origin: int = 0
    horizon: int = 1
    input_names: tuple[str, ...] = ()
    transform: str = "none"
    time_name: str | None = None
    attention: bool = False  # the model has attention (its Diagnostics panel is shown)
    cuda: bool = False  # torch sees a CUDA GPU where the run trains (the window offers it)

    @classmethod
    def from_trainer(cls, trainer: Trainer) -> RunInfo:
        import torch  # the run's side, which has it

        from rnnviz.core.data import SeriesData

        c, d = trainer.config, trainer.data
        values = times = None
        if isinstance(d, SeriesData):
            values = d.values.copy()
            values.setflags(write=False)
            if d.times is not None:
                times = d.times.copy()
                times.setflags(write=False)
        series = {
            "times": times,
            "origin": getattr(d, "origin", 0),
            "horizon": getattr(d, "horizon", 1),
            "input_names": tuple(getattr(d, "input_names", ())),
            "transform": getattr(d, "transform", "none"),
            "time_name": getattr(d, "time_name", None) if times is not None else None,
        }
        return cls(d.kind, c.cell, c.layers, c.hidden, c.seq_len, d.name, values, d.n_train,
                   getattr(d, "missing_filled", 0), getattr(d, "text", None),
                   input_size=d.input_size, output_size=d.output_size,
                   directions=2 if c.bidirectional else 1,
                   baseline_loss=getattr(d, "baseline_loss", None),
                   control_removed=getattr(d, "control_removed", 0),
                   schedule=c.schedule if c.steps > 0 else "constant",
                   attention=c.attention, cuda=torch.cuda.is_available(),
                   **series)  # fmt: skip


# ---------------------------------------------------------------------- a unit's analysis


@dataclass(frozen=True)
class TopWindow:
    rank: int  # 1 = the highest score
    window: int  # 0-based index among the validation windows
    start: int  # index, in the whole series or text, of the window's first input
    score: float  # max over the window's steps of h_t[K], run from a zero state
    activations: np.ndarray  # (T,) h_t[K] over the window

    def as_json(self) -> dict:
        return {"rank": self.rank, "window": self.window, "start": self.start,
                "score": self.score}  # fmt: skip


@dataclass(frozen=True)
class Correlated:
    layer: int
    unit: int
    r: float  # Pearson correlation with the inspected unit over the validation part


@dataclass(frozen=True)
class UnitReport:
    """Everything the Unit view and `rnnviz inspect` show about one unit."""

    layer: int
    unit: int
    cell: str
    kind: str  # "series" or "text"
    name: str  # the data's name
    seq_len: int
    start: int  # index in the whole data of the validation part's first element
    activations: np.ndarray  # (N,) h_t[K] over the validation part, one continuous pass
    text: str | None  # text: the validation part's N characters
    values: np.ndarray | None  # series: the validation part's N values, in the file's units
    n_windows: int  # validation windows scored
    windows: tuple[TopWindow, ...]  # the top ones, rank order
    correlated: tuple[Correlated, ...]  # by |r|, largest first
    gates: MappingProxyType | None  # from a probe: gate name -> (T,) over the probe window
    grad_norm: np.ndarray | None  # from a probe: (T,) the layer's ||dL_T/dh_t||


def frozen_copy(a, dtype=np.float32) -> np.ndarray:
    """A read-only copy as `dtype`."""
    out = np.array(a, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


def probe_unit(
    gates: Mapping[str, np.ndarray], grad_norm: np.ndarray, layer: int, unit: int
) -> tuple[MappingProxyType, np.ndarray]:
    """A unit's gates over the probe window, name -> (T,), and its layer's ||dL_T/dh_t||
    (T,), from a probe's arrays (ProbeResult.gates/grad_norm, or probe.npz's)."""
    own = {g: frozen_copy(np.asarray(v)[layer, :, unit]) for g, v in gates.items()}
    return MappingProxyType(own), frozen_copy(np.asarray(grad_norm)[layer], np.float64)
