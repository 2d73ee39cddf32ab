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
# --task: the built-in data. "sine" (or a --data file); "adding" and "copy" make their own
# sequences (rnnviz.core.data.AddingData, CopyData), each a long-range dependency.
TASKS = ("sine", "adding", "copy")
# --schedule: the learning rate over --steps (rnnviz.core.trainer.scheduled_lr).
SCHEDULES = ("constant", "step", "cosine")
# --transform: what a series' model trains on (rnnviz.core.table.transformed): the values, their
# changes (diff), their logarithm (log, positive values only) or the changes of the logarithm
# (logdiff: about the relative change). Predictions are turned back into the data's own units.
TRANSFORMS = ("none", "diff", "log", "logdiff")
HORIZON_MAX = 1000  # --horizon: the head's outputs; beyond this a window-based forecast is moot
COPY_SYMBOLS, COPY_ALPHABET = 10, 8  # the copy task: 10 symbols from an alphabet of 8
# How the copy task's ids are shown: 0 blank "·", the symbols "1".."8", the delimiter "|".
COPY_CHARS = "·" + "".join(str(i) for i in range(1, COPY_ALPHABET + 1)) + "|"
BOOLEANS = {"true": True, "false": False, "on": True, "off": False, "1": True, "0": False}
OPTIONAL = ("kind", "column", "inputs", "target", "time")  # None: guessed from the data


class ConfigError(ValueError):
    """An option value that cannot work; the message says what to change."""


def check_forget_bias(value) -> None:
    """ConfigError unless `value` can be an LSTM's forget-gate bias (a finite number)."""
    if not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise ConfigError(f"forget bias must be a finite number, got {value!r}")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the marker's name)
    """Marks `text` for the window's translation (pyside6-lupdate reads the call by name);
    the window translates it where it shows it. No Qt here: the core stays Qt-free."""
    return text


@dataclass(frozen=True)
class Setting:
    """One setting a user chooses, declared once: the command line's options, the window's
    controls, `--vary` keys and preset validation are all built from these.

    field : the Config field (seq_len); flag : its option name (seq-len, as --seq-len).
    label, help : the control's label and the tooltip/--help text (marked for translation in
        the context "ControlPanel"); an empty label means the window shows no control for it.
    kind : int, float, str or bool. low, high : the inclusive range of a number (None: open).
    positive : a float must be > 0 (with low None). choices : the allowed strings.
    live : True if a running trainer takes it at its next step; False if it needs new weights.
    special : what the control shows for the value `low` (e.g. "auto" for 0).
    """

    field: str
    flag: str
    help: str
    kind: type
    label: str = ""
    unit: str = ""
    low: float | None = None
    high: float | None = None
    positive: bool = False
    choices: tuple[str, ...] = ()
    live: bool = False
    special: str = ""

    def check(self, value) -> None:
        """Raise ConfigError (one line, naming the option) if `value` cannot work."""
        name = self.flag
        if value is None and self.field in OPTIONAL or self.kind is tuple:
            return  # None: chosen from the data; samples: checked by _temperatures
        if self.choices:
            if value not in self.choices:
                raise ConfigError(f"{name} must be one of {', '.join(self.choices)}; got {value!r}")
            return
        if self.kind is bool:
            if not isinstance(value, bool):
                raise ConfigError(f"{name} must be true or false, got {value!r}")
            return
        if self.kind is str:
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{name} must be text, got {value!r}")
            return
        if self.kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            ok = ok and math.isfinite(value) and (value > 0 or not self.positive)
        ok = ok and (self.low is None or value >= self.low)
        ok = ok and (self.high is None or value <= self.high)
        if not ok:
            raise ConfigError(f"{name} must be {self.describe()}, got {value!r}")

    def coerce(self, value, where: str):
        """`value` (text, or a number) as this setting's type; a ConfigError naming `where`
        (e.g. "--vary cell") if it is not one. Ranges and choices are Config's to check."""
        if self.kind is str:
            return str(value).strip()
        text = str(value).strip()
        if self.kind is bool:  # attention=off,on (or false,true)
            if isinstance(value, bool) or text.lower() in BOOLEANS:
                return value if isinstance(value, bool) else BOOLEANS[text.lower()]
            raise ConfigError(f"{where}: {text!r} is not on or off")
        try:
            if self.kind is int:
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError
                return int(value) if isinstance(value, (int, float)) else int(text)
            return float(value) if isinstance(value, (int, float)) else float(text)
        except (ValueError, OverflowError):
            what = "a whole number" if self.kind is int else "a number"
            raise ConfigError(f"{where}: {text!r} is not {what}") from None

    def describe(self) -> str:
        """The allowed values in words: 'an integer from 1 to 4096', 'a finite number > 0'."""
        what = "an integer" if self.kind is int else "a finite number"
        shown = str if self.kind is int else "{:g}".format
        lo, hi = (shown(v) if v is not None else None for v in (self.low, self.high))
        if lo is not None and hi is not None:
            return f"{what} from {lo} to {hi}"
        if lo is not None:
            return f"{what} >= {lo}"
        if self.positive:
            return f"{what} > 0" + (f" and <= {hi}" if hi is not None else "")
        return what + (f" <= {hi}" if hi is not None else "")


def _s(field, help, kind, **kw) -> Setting:
    return Setting(field, field.replace("_", "-"), help, kind, **kw)


# Every setting a user chooses, in the order the command line lists them. The window's
# controls take their ranges from here, so a valid preset is always shown as it is.
SETTINGS: tuple[Setting, ...] = (
    _s("kind", "series or text (default: .csv/.tsv is a series, else text)", str, choices=KINDS),
    _s(
        "column",
        "CSV column, by name or 0-based index (default: the rightmost numeric column)",
        str,
    ),
    _s(
        "inputs",
        "series: comma-separated CSV columns the model reads, by name or 0-based index "
        "(default: the target alone); the input size is their number",
        str,
    ),
    _s(
        "target",
        "series: the CSV column the model predicts (the next value of it), by name or 0-based "
        "index (default: --column, else the rightmost numeric column that is not a row number)",
        str,
    ),
    _s(
        "time",
        "series: a date/time column for the predictions' x axis (default: the first column "
        "whose cells parse as ISO dates, e.g. 2020-01-31 or 2020-01-31 10:00, or a column "
        "named year of increasing whole years); none = no time axis",
        str,
    ),
    _s(
        "transform",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "What a series' model trains on, fitted on the training part only: the values "
            "(none), their changes (diff), their logarithm (log, positive values) or the "
            "changes of the logarithm (logdiff); predictions are turned back into the data's "
            "own units",
        ),
        str,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Transform"),
        choices=TRANSFORMS,
    ),
    _s(
        "horizon",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Series: predict the next K values at once (K outputs of the head, trained on "
            "all K); drawn as a fan after the last window",
        ),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Horizon"),
        low=1,
        high=HORIZON_MAX,
    ),
    _s(
        "task",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Built-in data: the noisy sine (or a data file); the adding problem: "
            "the sum of two marked values, one in each half of the sequence; or the copy "
            "task: repeat 10 symbols after a delimiter at the end of the sequence",
        ),
        str,
        choices=TASKS,
    ),
    _s(
        "cell",
        QT_TRANSLATE_NOOP(
            "ControlPanel", "Vanilla RNN (tanh), LSTM (gates i, f, g, o) or GRU (gates r, z, n)"
        ),
        str,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Cell"),
        choices=CELLS,
    ),
    _s(
        "hidden",
        QT_TRANSLATE_NOOP("ControlPanel", "Hidden units per layer (H)"),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Hidden"),
        low=1,
        high=4096,
    ),
    _s(
        "layers",
        QT_TRANSLATE_NOOP("ControlPanel", "Stacked recurrent layers (L)"),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Layers"),
        low=1,
        high=16,
    ),
    _s(
        "seq_len",
        QT_TRANSLATE_NOOP("ControlPanel", "Time steps per window (T): how far back the model sees"),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Seq len"),
        low=1,
        high=10_000,
        unit="steps",
    ),
    _s(
        "batch_size",
        QT_TRANSLATE_NOOP(
            "ControlPanel", "Windows per step; auto = full batch for a series, 64 for text"
        ),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Batch"),
        low=0,
        high=1_000_000,
        special=QT_TRANSLATE_NOOP("ControlPanel", "auto"),
    ),
    _s(
        "lr",
        QT_TRANSLATE_NOOP(
            "ControlPanel", "Learning rate, log scale; takes effect at the next step"
        ),
        float,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Learning rate"),
        low=1e-6,
        high=1e9,
        live=True,
    ),
    _s(
        "optimizer",
        QT_TRANSLATE_NOOP("ControlPanel", "Adam or plain SGD; a change needs new weights"),
        str,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Optimizer"),
        choices=OPTIMIZERS,
    ),
    _s(
        "clip",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Gradient clipping: rescale the whole gradient to at most "
            "the threshold (norm), or cut each component (value); "
            "live",
        ),
        str,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Clipping"),
        choices=CLIP_MODES,
        live=True,
    ),
    _s(
        "clip_value",
        QT_TRANSLATE_NOOP("ControlPanel", "Clipping threshold"),
        float,
        low=1e-4,
        high=1e4,
        live=True,
    ),
    _s(
        "steps",
        QT_TRANSLATE_NOOP(
            "ControlPanel", "Training steps; in the window Start stops there (0 = no end)"
        ),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Steps"),
        low=0,
        high=100_000_000,
        special=QT_TRANSLATE_NOOP("ControlPanel", "no end"),
    ),
    _s(
        "probe_every",
        QT_TRANSLATE_NOOP(
            "ControlPanel", "Probe every N steps; auto = a few times a second within 3% of the time"
        ),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Probe"),
        low=0,
        high=100_000,
        live=True,
        special=QT_TRANSLATE_NOOP("ControlPanel", "auto"),
    ),
    _s("val_every", "validation loss every N steps", int, low=1),
    _s(
        "seed",
        QT_TRANSLATE_NOOP("ControlPanel", "Random seed of the initial weights and the batches"),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Seed"),
        low=0,
        high=2**31 - 1,
    ),
    _s(
        "device",
        QT_TRANSLATE_NOOP("ControlPanel", "Where training runs; probes always run on the CPU"),
        str,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Device"),
    ),
    _s(
        "temperature",
        QT_TRANSLATE_NOOP(
            "ControlPanel", "Text sampling temperature: low = safe, high = surprising"
        ),
        float,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Temperature"),
        low=0.05,
        high=5.0,
        live=True,
    ),
    _s("prime", "text to start samples with (default: the first character)", str),
    _s("sample_len", "text: characters of each live sample", int, low=0, high=100_000),
    _s("noise", "noise std of the built-in sine", float, low=0),
    _s("length", "points of the built-in sine (t = 0, 0.1, ...)", int, low=3, high=10_000_000),
    _s("val_fraction", "last fraction of the data for validation", float, positive=True, high=0.99),
    _s(
        "init",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Initial weights. Default: torch's own U(-1/√H, 1/√H). "
            "Xavier: Xavier-uniform per gate block, biases zero. "
            "Orthogonal: each gate's H×H recurrent block orthogonal, "
            "input weights Xavier, biases zero",
        ),
        str,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Init"),
        choices=INITS,
    ),
    _s(
        "init_scale",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Multiplies every recurrent (hidden-to-hidden) "
            "weight after initialisation. From an orthogonal "
            "start 1.5 makes an exploding RNN and 0.5 a "
            "vanishing one (see the gradient over time steps)",
        ),
        float,
        low=0.05,
        high=5.0,
    ),
    _s(
        "dropout",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Dropout P between stacked layers, in training only "
            "(probes and predictions run without it); needs 2 or "
            "more layers",
        ),
        float,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Dropout"),
        low=0.0,
        high=0.95,
    ),
    _s(
        "bidirectional",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "A second direction reads each window backwards; "
            "the head reads both final states. Series only",
        ),
        bool,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Bidirectional"),
    ),
    _s(
        "attention",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Attention over the top layer's states: weights α_t = softmax(h_Tᵀ W_a h_t) "
            "over the window, and the head reads the context Σ α_t h_t beside h_T. "
            "For one output per window (series, adding); not with bidirectional layers",
        ),
        bool,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Attention"),
    ),
    _s(
        "forget_bias",
        "LSTM: forget gate bias (b_ih + b_hh of its slice) at initialisation; "
        "0 = torch's random init",
        float,
    ),
    _s(
        "samples",
        "text: comma-separated temperatures of samples drawn side by side (e.g. 0.3,1,1.5)",
        tuple,
    ),
    _s(
        "threads",
        "intra-op threads that train; 0 = chosen by measuring (tries the candidates, "
        "keeps the fastest, checks again now and then)",
        int,
        low=0,
        high=1024,
    ),
    _s(
        "keep_control",
        "text: keep control characters (ANSI colour codes such as ESC[32m, and every other "
        "C0/C1 control but newline and tab); by default they are removed before training",
        bool,
    ),
    _s(
        "early_stop",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Stop after N validations in a row without a lower validation loss, and keep "
            "the weights of the best one; 0 = never stop early",
        ),
        int,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Early stop"),
        low=0,
        high=100_000,
        live=True,
        special=QT_TRANSLATE_NOOP("ControlPanel", "off"),
    ),
    _s(
        "schedule",
        QT_TRANSLATE_NOOP(
            "ControlPanel",
            "Learning rate over the steps: constant; step = ×0.1 at 50% and again at 75% of "
            "the steps; cosine = lr (1 + cos(π k / steps)) / 2 at step k, down to 0 at the "
            "end (with steps 0, constant); live",
        ),
        str,
        label=QT_TRANSLATE_NOOP("ControlPanel", "Schedule"),
        choices=SCHEDULES,
        live=True,
    ),
)
SETTING: dict[str, Setting] = {s.field: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """A setting by its option name or field name: 'seq-len' and 'seq_len' are the same."""
    field = str(name).strip().lstrip("-").replace("-", "_")
    if field not in SETTING:
        raise ConfigError(f"no setting {name!r}; the settings are "
                          f"{', '.join(s.flag for s in SETTINGS)}")  # fmt: skip
    return SETTING[field]


@dataclass(frozen=True)
class Config:
    """Everything that determines a run. Same config and seed give the same losses.

    Data
    ----
    data : path of a CSV/TSV series or a UTF-8 text file; None is the embedded noisy sine.
    kind : "series" or "text"; None guesses from the suffix (.csv/.tsv is a series).
    column : CSV column by name or 0-based index; None is the rightmost numeric column.
    inputs : comma-separated columns the model reads; None is the target alone.
    target : the column predicted; None is `column` (or its default).
    time : a date/time column for the x axis; None detects one, "none" has none.
    """

    data: str | None = None
    kind: str | None = None
    column: str | None = None
    inputs: str | None = None
    target: str | None = None
    time: str | None = None
    # A series' model trains on the transformed values (normalised with the training part's
    # statistics); its predictions are turned back into the data's units (see TRANSFORMS).
    transform: str = "none"
    # Values predicted at once from each window (the head's outputs): 1 is the one-step forecast.
    horizon: int = 1
    # "sine": the embedded sine, or `data`; "adding": the adding problem (needs no data file;
    # seq_len is the whole sequence, one marker in each half, so at least 2); "copy": the
    # copy task (seq_len is the whole sequence: 10 symbols, blanks, a delimiter, 10 blanks,
    # so at least 21).
    task: str = "sine"
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
    # Attention over the top layer's states (rnnviz.core.models.attend), for one output per
    # window: a series or the adding task; not text or copy (an output at every step) and not
    # with bidirectional layers (the scores read one direction's final state h_T).
    attention: bool = False
    # Comparison and presets.
    # LSTM forget gate: b_ih + b_hh of the forget slice set to this at initialisation, every
    # layer (b_ih gets it, b_hh's slice is zeroed). 0 keeps torch's own random init.
    forget_bias: float = 0.0
    # Text: temperatures of extra samples drawn side by side in every probe (and samples.json).
    samples: tuple[float, ...] = ()
    # Threads: intra-op threads of the thread that trains. 0 = chosen by measurement
    # (rnnviz.core.threads.ThreadChooser): idle, 2 threads train 1.3-1.5x faster than 1 on 2
    # cores, but with one busy process beside them they fall to a quarter while 1 thread
    # barely notices.
    threads: int = 0
    # Text: control characters are removed before training unless this is set (a terminal
    # log's colour codes would otherwise be learnt as text; rnnviz.core.table.strip_control).
    keep_control: bool = False
    # A run's budget: stop after this many validations without improvement (0 = never) and
    # restore the best weights; the learning-rate schedule over `steps`.
    early_stop: int = 0
    schedule: str = "constant"

    def __post_init__(self) -> None:
        if not (isinstance(self.dropout, (int, float)) and 0 <= self.dropout < 1):
            raise ConfigError(f"dropout must be a number with 0 <= P < 1, got {self.dropout!r}")
        for s in SETTINGS:  # types, choices and ranges, from the one table
            s.check(getattr(self, s.field))
        if self.device != "cpu" and not self.device.startswith("cuda"):
            raise ConfigError(f"device must be 'cpu' or 'cuda', got {self.device!r}")
        if self.dropout > 0 and self.layers == 1:
            raise ConfigError(
                "dropout acts between stacked layers and one layer has none; "
                "use --layers 2 or more, or --dropout 0"
            )
        _check_forget_bias(self.cell, self.forget_bias)
        if self.attention and self.bidirectional:
            raise ConfigError(
                "attention scores the states against one direction's final state h_T; "
                "drop --bidirectional or --attention"
            )
        if self.attention and self.kind == "text":
            raise ConfigError(ATTENTION_TEXT)
        _check_task(self)
        _check_series_options(self)
        object.__setattr__(self, "samples", _temperatures(self.samples))

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


ATTENTION_TEXT = (
    "attention gives one output per window (series, adding) and text needs one at every "
    "step; drop --attention"
)


def _check_forget_bias(cell: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise ConfigError(f"forget-bias must be a finite number, got {value!r}")
    if value != 0 and cell != "lstm":
        raise ConfigError(
            f"forget-bias sets an LSTM's forget gate; the {cell} has none (use --cell lstm "
            "or drop --forget-bias)"
        )


def _check_task(c: Config) -> None:
    if c.task == "sine":
        return
    if c.data is not None:
        raise ConfigError(
            f"--task {c.task} makes its own sequences and reads no data file; "
            f"drop {c.data!r} (or use --task sine)"
        )
    if c.task == "adding" and c.seq_len < 2:
        raise ConfigError(
            f"--task {c.task} puts one marker in each half of the sequence, so seq-len must be "
            f">= 2, got {c.seq_len}"
        )
    need = 2 * COPY_SYMBOLS + 1
    if c.task == "copy" and c.seq_len < need:
        raise ConfigError(
            f"--task copy reads {COPY_SYMBOLS} symbols, a delimiter and {COPY_SYMBOLS} blanks, "
            f"so seq-len must be >= {need}, got {c.seq_len}"
        )
    if c.task == "copy" and c.attention:
        raise ConfigError(
            "--task copy needs an output at every step and attention gives one per window "
            "(series, adding); drop --attention"
        )
    if c.task == "copy" and c.bidirectional:
        raise ConfigError(
            "--task copy needs an output at every step and a bidirectional model gives one "
            "at the end only; drop --bidirectional"
        )


SERIES_ONLY = {"inputs": None, "target": None, "time": None, "transform": "none", "horizon": 1}


def _check_series_options(c: Config) -> None:
    """The series options (inputs, target, time, transform, horizon) on data that is no series."""
    if c.target is not None and c.column is not None and str(c.target) != str(c.column):
        raise ConfigError(
            f"--target {c.target} and --column {c.column} name different columns; give one"
        )
    if c.inputs is not None and not [n for n in c.inputs.split(",") if n.strip()]:
        raise ConfigError("--inputs names no column; give COL[,COL...] or leave it out")
    text = c.kind == "text" or c.task != "sine"
    for name, default in SERIES_ONLY.items():
        if text and getattr(c, name) != default:
            what = f"--task {c.task}" if c.task != "sine" else "a text"
            raise ConfigError(
                f"--{name} is for a series (CSV/TSV or the sine), not {what}; drop --{name}"
            )


def _temperatures(values) -> tuple[float, ...]:
    """Sample temperatures as a tuple (config.json gives a list), each a finite number > 0."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ConfigError(f"samples must be a list of temperatures, got {values!r}")
    values = tuple(values)
    for v in values:
        if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
            raise ConfigError(f"samples must be finite numbers > 0, got {v!r}")
    if len(values) > 8:
        raise ConfigError(f"samples: at most 8 temperatures, got {len(values)}")
    return tuple(float(v) for v in values)
