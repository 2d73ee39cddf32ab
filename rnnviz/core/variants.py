"""What a comparison varies (`Vary`, the `--vary KEY=V1,V2` syntax) and what it reports
(`ComparisonSnapshot`, `ComparisonInfo`): no torch, so the window's process reads them without
importing it. The comparison itself is rnnviz.core.comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnnviz.core.config import SETTING, SETTINGS, Config, ConfigError
from rnnviz.core.snapshot import RunInfo, Snapshot

if TYPE_CHECKING:
    from rnnviz.core.comparison import Comparison

# The settings a comparison can vary (a lesson each); their option names are the --vary keys.
COMPARABLE = ("cell", "clip", "lr", "optimizer", "hidden", "layers", "seq_len", "forget_bias",
              "init", "init_scale", "attention")  # fmt: skip
# --vary KEY -> (Config field, value type), from the settings table.
VARY_KEYS: dict[str, tuple[str, type]] = {SETTING[f].flag: (f, SETTING[f].kind) for f in COMPARABLE}
DATA_KEYS = {"seq-len"}  # varying these changes the windows: each variant loads its own data
MIN_VARIANTS, MAX_VARIANTS = 2, 4
LIVE_SETTINGS = tuple(s.flag for s in SETTINGS if s.live)  # what the window sets live
VARY_SYNTAX = "KEY=V1,V2[,V3,V4]"


def format_value(value) -> str:
    """How a value reads in a variant's name: 0.01, 1e-05, 1 (not 1.0), rnn, 32, on/off."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        text = repr(value)  # the shortest text that reads back as the same float
        return text[:-2] if text.endswith(".0") else text
    return str(value)


def _coerce(key: str, value):
    """A value of --vary KEY as its Config type, from text or from a number."""
    return SETTING[VARY_KEYS[key][0]].coerce(value, f"--vary {key}")


@dataclass(frozen=True)
class Vary:
    """The setting a comparison varies and its 2-4 distinct values, typed as in Config.

    `key` is the command-line name ("seq-len"), `field` the Config field ("seq_len"). Values
    may be given as text ("0.01") or typed; they are stored typed.
    """

    key: str
    values: tuple

    def __post_init__(self) -> None:
        key = str(self.key).strip().replace("_", "-")
        if key not in VARY_KEYS:
            raise ConfigError(
                f"--vary: cannot vary {self.key!r}; choose one of {', '.join(VARY_KEYS)}"
            )
        raw = self.values.split(",") if isinstance(self.values, str) else self.values
        values = tuple(_coerce(key, v) for v in raw)
        if not MIN_VARIANTS <= len(values) <= MAX_VARIANTS:
            raise ConfigError(
                f"--vary {key}: give {MIN_VARIANTS} to {MAX_VARIANTS} values separated by "
                f"commas, got {len(values)}"
            )
        for i, v in enumerate(values):
            if v == "" or v in values[:i]:
                what = "an empty value" if v == "" else f"{format_value(v)} twice"
                raise ConfigError(f"--vary {key}: the values must differ, got {what}")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", values)

    @classmethod
    def parse(cls, text: str) -> Vary:
        """From the command line's `KEY=V1,V2[,V3,V4]`, e.g. `cell=rnn,lstm,gru`."""
        key, sep, values = str(text).partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--vary takes {VARY_SYNTAX} (e.g. cell=rnn,lstm,gru), got {text!r}")
        return cls(key, tuple(values.split(",")))

    @property
    def field(self) -> str:
        return VARY_KEYS[self.key][0]

    @property
    def names(self) -> tuple[str, ...]:
        """`<KEY>-<VALUE>` per variant: cell-rnn, clip-norm, lr-0.01, seq-len-50."""
        return tuple(f"{self.key}-{format_value(v)}" for v in self.values)

    @property
    def text(self) -> str:
        return f"{self.key}={','.join(format_value(v) for v in self.values)}"

    def configs(self, base: Config) -> tuple[Config, ...]:
        """base with the varied field set to each value (validated; errors name the variant)."""
        out = []
        for name, v in zip(self.names, self.values, strict=True):
            try:
                out.append(base.replace(**{self.field: v}))
            except ConfigError as e:
                raise ConfigError(f"--vary {self.key}: variant {name}: {e}") from None
        return tuple(out)


@dataclass(frozen=True)
class ComparisonSnapshot:
    """One frame of a comparison: a Snapshot per variant, in the order of `names`."""

    step: int  # lockstep rounds so far
    key: str  # the varied setting, as on the command line ("cell", "seq-len")
    names: tuple[str, ...]  # "cell-rnn", ...
    values: tuple  # typed values, same order
    snapshots: tuple[Snapshot, ...]
    stopped: tuple[str | None, ...]  # why a variant stopped (its divergence); None if training
    steps_per_second: float  # lockstep rounds per second of the comparison's loop

    def __getitem__(self, name: str) -> Snapshot:
        return self.snapshots[self.names.index(name)]


@dataclass(frozen=True)
class ComparisonInfo:
    """What does not change while a comparison trains: the varied setting, the variants'
    names and values, each variant's RunInfo, and the shared settings."""

    key: str
    names: tuple[str, ...]
    values: tuple
    infos: tuple[RunInfo, ...]
    base: Config

    @classmethod
    def from_comparison(cls, c: Comparison) -> ComparisonInfo:
        infos = tuple(RunInfo.from_trainer(t) for t in c.trainers)
        return cls(c.vary.key, c.names, c.vary.values, infos, c.base)
