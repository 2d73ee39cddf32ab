"""The run configuration: one frozen dataclass, validated on creation."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

CELLS = ("rnn", "lstm", "gru")
OPTIMIZERS = ("adam", "sgd")
CLIP_MODES = ("off", "norm", "value")
KINDS = ("series", "text")
INITS = ("default", "xavier", "orthogonal")  # --init; "default" is torch's own rule


class ConfigError(ValueError):
    """An option value that cannot work; the message says what to change."""


@dataclass(frozen=True)
class Config:
    """Everything that determines a run. Same config and seed give the same losses.

    Data
    ----
    data : path of a CSV/TSV series or a UTF-8 text file; None is the embedded noisy sine.
    kind : "series" or "text"; None guesses from the suffix (.csv/.tsv is a series).
    column : CSV column by name or 0-based index; None is the rightmost numeric column.
    """

    data: str | None = None
    kind: str | None = None
    column: str | None = None
    # The tutorial's sine: t = 0, 0.1, ..., 99.9 (1000 points), noise N(0, 0.1^2).
    noise: float = 0.1
    length: int = 1000
    # The noise has its own seed, so changing the model seed keeps the data the same.
    noise_seed: int = 0
    val_fraction: float = 0.2  # chronological split: the last 20% is validation

    cell: str = "lstm"
    hidden: int = 32
    layers: int = 1
    seq_len: int = 10
    # 0 = automatic: a series trains full-batch on all its training windows (a few hundred in
    # the tutorials); text samples 64 random windows per step (a corpus has too many).
    batch_size: int = 0
    lr: float = 0.01
    optimizer: str = "adam"
    clip: str = "off"
    clip_value: float = 1.0
    steps: int = 400

    # Probes run on a wall-clock budget: at most probe_hz per second and at most probe_share of
    # the loop's time (on a GPU one probe costs as much as 20+ training steps).
    # probe_every > 0 forces a probe every N steps instead.
    probe_every: int = 0
    probe_hz: float = 4.0
    probe_share: float = 0.03
    val_every: int = 25
    seed: int = 0
    device: str = "cpu"

    # Text sampling: live samples in probes, and --generate at the end.
    temperature: float = 1.0
    prime: str = ""
    sample_len: int = 200

    # Initialisation, dropout and bidirectional layers (the tutorials' other lessons).
    # init: the scheme for the recurrent weights (rnnviz.core.init); the head keeps torch's.
    init: str = "default"
    # Multiplies every weight_hh after the scheme (the matrix a gradient meets T times).
    # Measured, RNN, T 50: orthogonal or xavier at 1.5 explodes (spectral radius ~1.5), at 0.5
    # vanishes; torch's default starts at radius ~0.6, so it needs ~2 to explode.
    init_scale: float = 1.0
    dropout: float = 0.0  # between stacked layers, training only (torch's `dropout` argument)
    bidirectional: bool = False  # series only: on text it would read the characters it predicts
    # Comparison and presets (issue 8).
    # LSTM forget gate: b_ih + b_hh of the forget slice set to this at initialisation, every
    # layer (b_ih gets it, b_hh's slice is zeroed). 0 keeps torch's own random init.
    forget_bias: float = 0.0
    # Text: temperatures of extra samples drawn side by side in every probe (and samples.json).
    samples: tuple[float, ...] = ()
    # Threads (issue 11): intra-op threads of the thread that trains. 0 = chosen by measurement
    # (rnnviz.core.threads.ThreadChooser): idle, 2 threads train 1.3-1.5x faster than 1 on 2
    # cores, but with one busy process beside them they fall to a quarter while 1 thread
    # barely notices.
    threads: int = 0

    def __post_init__(self) -> None:
        _choice("cell", self.cell, CELLS)
        _choice("optimizer", self.optimizer, OPTIMIZERS)
        _choice("clip", self.clip, CLIP_MODES)
        if self.kind is not None:
            _choice("kind", self.kind, KINDS)
        _at_least("hidden", self.hidden, 1)
        _at_least("layers", self.layers, 1)
        _at_least("seq-len", self.seq_len, 1)
        _at_least("batch-size", self.batch_size, 0)
        _at_least("steps", self.steps, 0)
        _at_least("probe-every", self.probe_every, 0)
        _at_least("val-every", self.val_every, 1)
        _at_least("length", self.length, 3)
        _at_least("sample-len", self.sample_len, 0)
        _positive("lr", self.lr)
        _positive("clip-value", self.clip_value)
        _positive("temperature", self.temperature)
        _positive("probe-hz", self.probe_hz)
        _positive("probe-share", self.probe_share)
        if not (math.isfinite(self.noise) and self.noise >= 0):
            raise ConfigError(f"noise must be a finite number >= 0, got {self.noise}")
        if not 0 < self.val_fraction < 1:
            raise ConfigError(f"val-fraction must be between 0 and 1, got {self.val_fraction}")
        if self.device != "cpu" and not self.device.startswith("cuda"):
            raise ConfigError(f"device must be 'cpu' or 'cuda', got {self.device!r}")
        if self.hidden > 4096 or self.layers > 16 or self.seq_len > 10_000:
            raise ConfigError("hidden <= 4096, layers <= 16 and seq-len <= 10000, please")
        # Initialisation, dropout and bidirectional layers.
        _choice("init", self.init, INITS)
        _positive("init-scale", self.init_scale)
        if not (isinstance(self.dropout, (int, float)) and 0 <= self.dropout < 1):
            raise ConfigError(f"dropout must be a number with 0 <= P < 1, got {self.dropout!r}")
        if self.dropout > 0 and self.layers == 1:
            raise ConfigError(
                "dropout acts between stacked layers and one layer has none; "
                "use --layers 2 or more, or --dropout 0"
            )
        if not isinstance(self.bidirectional, bool):
            raise ConfigError(f"bidirectional must be true or false, got {self.bidirectional!r}")
        _check_forget_bias(self.cell, self.forget_bias)
        object.__setattr__(self, "samples", _temperatures(self.samples))
        _at_least("threads", self.threads, 0)
        if self.threads > 1024:
            raise ConfigError(f"threads must be at most 1024, got {self.threads}")

    def replace(self, **changes) -> Config:
        """A copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        """Build from a dict such as config.json, ignoring keys this version does not know."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def _choice(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


def _at_least(name: str, value: int, low: int) -> None:
    if not isinstance(value, int) or value < low:
        raise ConfigError(f"{name} must be an integer >= {low}, got {value!r}")


def _positive(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise ConfigError(f"{name} must be a finite number > 0, got {value!r}")


def _check_forget_bias(cell: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise ConfigError(f"forget-bias must be a finite number, got {value!r}")
    if value != 0 and cell != "lstm":
        raise ConfigError(
            f"forget-bias sets an LSTM's forget gate; the {cell} has none (use --cell lstm "
            "or drop --forget-bias)"
        )


def _temperatures(values) -> tuple[float, ...]:
    """Sample temperatures as a tuple (config.json gives a list), each a finite number > 0."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ConfigError(f"samples must be a list of temperatures, got {values!r}")
    values = tuple(values)
    for v in values:
        _positive("samples", v)
    if len(values) > 8:
        raise ConfigError(f"samples: at most 8 temperatures, got {len(values)}")
    return tuple(float(v) for v in values)
