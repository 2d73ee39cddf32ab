"""Guided experiments: preset files (TOML or JSON) -> a Config (solo run or comparison) and
callouts, short explanations tied to a panel that appear when their condition first holds.

A preset file::

    name = "vanishing"                      # optional: the file's stem
    lesson = "One sentence: what it shows."
    steps = 300
    vary = "cell=rnn,lstm,gru"              # optional: a comparison, as --vary takes it
    order = 1                               # optional: place in the list (then by name)

    [config]                                # Config fields, as on the command line
    seq-len = 50
    data = "../samples/nursery_rhymes.txt"  # relative to this file's folder

    [[callouts]]
    panel = "grad_over_time"
    text = "What to look at, now."
    when = { value = "memory_length@cell-rnn", below = "0.5 * memory_length@cell-lstm" }

    [zh_CN]                                 # optional: the window's text in a language
    lesson = "一句话：它展示了什么。"
    callouts = ["现在该看什么。"]            # one per callout, in their order

Conditions (`when`) are tables; every key given must hold:

- ``after_step = N``: the run (the comparison's lockstep count) is at step N or later.
- ``value = REF`` with ``below = X`` or ``above = X``: a metric compared with X, a number,
  a REF or ``"k * REF"``. REF is ``METRIC`` in a solo run and ``METRIC@VARIANT`` in a
  comparison (``step`` needs no variant). METRICS lists the metrics.
- ``all = [ {...}, ... ]`` / ``any = [ {...}, ... ]``: every / at least one holds.

A metric that is not known yet (no validation so far: nan) makes its comparison false.
Conditions read the Snapshot the window draws (its history is decimated to 2000 points on
long runs, so a one-step spike in a very long run can fall between points).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rnnviz import resources
from rnnviz.core.config import Config, ConfigError, setting
from rnnviz.core.snapshot import Snapshot
from rnnviz.core.variants import ComparisonSnapshot, Vary

if TYPE_CHECKING:
    from rnnviz.core.comparison import Comparison
    from rnnviz.core.trainer import Trainer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Shipped in the package (rnnviz/resources/presets), so an installed wheel has them; a real
# folder, since a preset's data path ("../samples/...") is relative to it.
PRESET_DIR = resources.path("presets")
SUFFIXES = (".toml", ".json")
# The window's panels a callout can point at (slugs); "compare" and "diagnostics" are views.
PANELS = ("predictions", "loss", "grad_norm", "hidden", "gates", "grad_over_time", "compare",
          "diagnostics")  # fmt: skip
SMOOTH = 25  # train_loss in a condition: the mean of the newest points of the loss curve
RECENT_PROBES = 10  # memory_length_median: over this many newest probes (one window is noisy)


class PresetError(ConfigError):
    """A preset that cannot be loaded; the message is one line and names the file."""


# ----------------------------------------------------------------------------- metrics


def _train_curve(s: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    return s.history.column("step"), s.history.column("train_loss")


def _smoothed(losses: np.ndarray, end: int) -> float:
    """Mean of the SMOOTH points up to index `end` (one batch's loss is noisy)."""
    part = losses[max(0, end + 1 - SMOOTH) : end + 1]
    return float(np.mean(part)) if len(part) else math.nan


def _train_loss(s: Snapshot) -> float:
    return _smoothed(_train_curve(s)[1], s.history.rows.shape[0] - 1)


def _val_loss_min(s: Snapshot) -> float:
    v = s.history.val[:, 1]
    v = v[np.isfinite(v)]
    return float(v.min()) if len(v) else math.nan


def _train_loss_at_val_min(s: Snapshot) -> float:
    """The (smoothed) training loss when the validation loss was lowest: a training loss
    below it now means training kept improving while validation got worse."""
    val = s.history.val
    ok = np.isfinite(val[:, 1])
    if not ok.any():
        return math.nan
    step_at_min = val[ok][np.argmin(val[ok, 1]), 0]
    steps, losses = _train_curve(s)
    return _smoothed(losses, int(np.searchsorted(steps, step_at_min, side="right")) - 1)


def _memory_length_median(s: Snapshot) -> float:
    taus = s.probes.track("memory_length")[-RECENT_PROBES:, -1]  # (K,) last layer
    return float(np.median(taus)) if len(taus) else math.nan


def _grad_norms(s: Snapshot) -> np.ndarray:
    return s.history.column("grad_norm")


def _stat(f: Callable[[np.ndarray], float]) -> Callable[[Snapshot], float]:
    def of(s: Snapshot) -> float:
        g = _grad_norms(s)
        g = g[np.isfinite(g)]
        return float(f(g)) if len(g) else math.nan

    return of


# name -> (function of a Snapshot, what it means). Baselines come from the data instead.
METRICS: dict[str, tuple[Callable[[Snapshot], float], str]] = {
    "step": (lambda s: float(s.step), "the step"),
    "train_loss": (_train_loss, f"training loss, mean of the newest {SMOOTH} points"),
    "val_loss": (lambda s: s.val_loss, "the latest validation loss"),
    "val_loss_min": (_val_loss_min, "the lowest validation loss so far"),
    "train_loss_at_val_min": (_train_loss_at_val_min, "train_loss when val_loss was lowest"),
    "grad_norm": (lambda s: float(_grad_norms(s)[-1]) if s.history.rows.size else math.nan,
                  "the latest global gradient norm (before clipping)"),
    "grad_norm_max": (_stat(np.max), "the largest global gradient norm so far"),
    "grad_norm_median": (_stat(np.median), "the median global gradient norm so far"),
    "memory_length": (lambda s: float(s.probe.memory_length[-1]),
                      "the last layer's memory length tau in the newest probe"),
    "memory_length_median": (_memory_length_median,
                             f"median of that tau over the newest {RECENT_PROBES} probes"),
    "diverged": (lambda s: 1.0 if s.diverged else 0.0, "1 once the run diverged, else 0"),
}  # fmt: skip
BASELINES = {
    "naive_val_loss": "series: the validation loss of the last-value forecast",
    "uniform_loss": "text: ln V, the loss of guessing every character equally",
    "baseline_loss": "memory task: the loss of a model with no memory (adding: 1/6, "
    "copy: 10 ln 8 / seq-len)",
}


def baselines(data) -> dict[str, float]:
    """Losses of the trivial forecasts, on exactly the windows validation uses (float64)."""
    import torch

    from rnnviz.core.data import TASK_DATA, SeriesData

    if isinstance(data, SeriesData):
        _, y = data.val_batch(torch.device("cpu"))  # (N, K) normalized targets
        naive = data.naive_z(data.val_windows) - y.double().numpy()  # (N, K)
        return {"naive_val_loss": float((naive**2).mean())}
    if isinstance(data, TASK_DATA):
        return {"baseline_loss": data.baseline_loss}
    return {"uniform_loss": math.log(len(data.vocab))}


# -------------------------------------------------------------------------- conditions

_REF = r"[a-z_]+(?:@[A-Za-z0-9._+-]+)?"
_EXPR = re.compile(rf"^\s*(?:(?P<k>[-+0-9.eE]+)\s*\*\s*)?(?P<ref>{_REF})\s*$")


@dataclass(frozen=True)
class Ref:
    """A metric of one run: `metric` of variant `variant` (None in a solo run), times k."""

    metric: str
    variant: str | None = None
    k: float = 1.0

    @classmethod
    def parse(cls, text) -> Ref:
        if isinstance(text, bool):
            raise ValueError(f"{text!r} is not a number or a metric")
        try:
            return cls("", None, float(text))  # a constant, 0.5 or "0.5"
        except (TypeError, ValueError):
            pass
        m = _EXPR.match(str(text))
        if not m:
            raise ValueError(f"{text!r} is not METRIC, METRIC@VARIANT, k * ... or a number")
        metric, _, variant = m["ref"].partition("@")
        if metric not in METRICS and metric not in BASELINES:
            raise ValueError(f"unknown metric {metric!r}; known: {', '.join(_all_metrics())}")
        return cls(metric, variant or None, float(m["k"]) if m["k"] else 1.0)

    def value(self, snap, bases: Mapping) -> float:
        if not self.metric:
            return self.k
        if isinstance(snap, ComparisonSnapshot):
            if self.metric == "step" and self.variant is None:
                return self.k * snap.step
            snap, bases = snap[self.variant], bases[self.variant]
        if self.metric in BASELINES:
            return self.k * bases.get(self.metric, math.nan)
        return self.k * METRICS[self.metric][0](snap)


def _all_metrics() -> list[str]:
    return [*METRICS, *BASELINES]


@dataclass(frozen=True)
class Condition:
    """A parsed `when` table. `holds(snap)` is False while something it reads is unknown."""

    after_step: int | None = None
    value: Ref | None = None
    below: Ref | None = None
    above: Ref | None = None
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()

    @classmethod
    def parse(cls, when) -> Condition:
        if not isinstance(when, Mapping) or not when:
            raise ValueError("`when` must be a table such as { after_step = 100 }")
        unknown = set(when) - {"after_step", "value", "below", "above", "all", "any"}
        if unknown:
            raise ValueError(f"`when` has unknown keys {sorted(unknown)}")
        if ("value" in when) != ("below" in when or "above" in when):
            raise ValueError("`value` goes with `below` or `above` (and they with it)")
        step = when.get("after_step")
        if step is not None and (not isinstance(step, int) or isinstance(step, bool)):
            raise ValueError(f"after_step must be a whole number, got {step!r}")
        refs = {k: Ref.parse(when[k]) for k in ("value", "below", "above") if k in when}
        groups = {}
        for k in ("all", "any"):
            if k in when:
                if not isinstance(when[k], list) or not when[k]:
                    raise ValueError(f"`{k}` must be a non-empty list of tables")
                groups[k] = tuple(cls.parse(c) for c in when[k])
        return cls(after_step=step, **refs, **groups)

    def refs(self):
        yield from (r for r in (self.value, self.below, self.above) if r is not None)
        for c in (*self.all, *self.any):
            yield from c.refs()

    def holds(self, snap, bases: Mapping) -> bool:
        if self.after_step is not None and snap.step < self.after_step:
            return False
        if self.value is not None:
            v = self.value.value(snap, bases)
            if self.below is not None and not v < self.below.value(snap, bases):
                return False
            if self.above is not None and not v > self.above.value(snap, bases):
                return False
        if not all(c.holds(snap, bases) for c in self.all):
            return False
        return not self.any or any(c.holds(snap, bases) for c in self.any)


@dataclass(frozen=True)
class Callout:
    """A short explanation for one panel, shown when `when` first holds."""

    panel: str
    text: str
    when: Condition
    index: int  # position in the preset file, from 0

    def variants(self) -> set[str]:
        return {r.variant for r in self.when.refs() if r.variant is not None}

    def needs_a_variant(self) -> bool:
        """True if it reads a run's metric without saying whose (fine in a solo run only)."""
        return any(r.variant is None and r.metric not in ("", "step") for r in self.when.refs())


@dataclass(frozen=True)
class Fired:
    """A callout whose condition held, and the step it first held at."""

    callout: Callout
    step: int

    @property
    def panel(self) -> str:
        return self.callout.panel

    @property
    def text(self) -> str:
        return self.callout.text


class Callouts:
    """Reports each callout once, the first time its condition holds on a snapshot.

    Build it with `for_run` next to the Trainer or Comparison it reads; call `update(snap)`
    with each Snapshot / ComparisonSnapshot (any thread, but one at a time). Callouts that
    name variants the run does not have (a preset's --vary overridden) are `skipped`.
    """

    def __init__(self, callouts: Sequence[Callout], bases: Mapping, names: Sequence[str] = ()):
        self.bases = bases
        self.pending: list[Callout] = []
        self.skipped: list[Callout] = []
        self.fired: list[Fired] = []
        for c in callouts:
            # A solo run has no variants; a comparison must be told whose metric to read.
            ok = c.variants() <= set(names) and not (names and c.needs_a_variant())
            (self.pending if ok else self.skipped).append(c)

    @classmethod
    def for_run(cls, callouts: Sequence[Callout], run: Trainer | Comparison) -> Callouts:
        from rnnviz.core.comparison import Comparison

        if isinstance(run, Comparison):
            bases = {n: baselines(t.data) for n, t in zip(run.names, run.trainers, strict=True)}
            return cls(callouts, bases, run.names)
        return cls(callouts, baselines(run.data))

    def update(self, snap: Snapshot | ComparisonSnapshot) -> list[Fired]:
        """The callouts that hold for the first time on this snapshot, in file order."""
        new = [Fired(c, snap.step) for c in self.pending if c.when.holds(snap, self.bases)]
        if new:
            done = {f.callout.index for f in new}
            self.pending = [c for c in self.pending if c.index not in done]
            self.fired += new
        return new


# ------------------------------------------------------------------------------ presets


@dataclass(frozen=True)
class Preset:
    """A guided experiment: a configuration (solo or comparison), its steps and callouts."""

    name: str
    lesson: str
    config: Config  # config.steps is the preset's number of steps
    vary: Vary | None
    callouts: tuple[Callout, ...]
    source: Path
    order: int = 100
    # Language code (zh_CN) -> {"lesson": str, "callouts": [str, ...]}: what the window shows
    # in that language (the command line stays English).
    translations: Mapping[str, dict] = field(default_factory=dict, compare=False)

    @property
    def steps(self) -> int:
        return self.config.steps

    @property
    def is_comparison(self) -> bool:
        return self.vary is not None

    def build(self) -> Trainer | Comparison:
        """The run this preset describes (loads data and builds models: do it on the thread
        that will train)."""
        from rnnviz.core.comparison import Comparison
        from rnnviz.core.trainer import Trainer

        if self.vary is not None:
            return Comparison(self.config, self.vary)
        return Trainer(self.config)

    def callouts_for(self, run: Trainer | Comparison) -> Callouts:
        return Callouts.for_run(self.callouts, run)

    def override(self, vary: Vary | None = None, **changes) -> Preset:
        """The preset with some Config fields (and the varied setting) replaced, as options
        given on the command line replace the file's."""
        try:
            config = self.config.replace(**changes)
        except ConfigError as e:
            raise PresetError(f"preset {self.name}: {e}") from None
        return Preset(self.name, self.lesson, config, vary or self.vary, self.callouts,
                      self.source, self.order, self.translations)  # fmt: skip

    def translated(self, language: str) -> Preset:
        """The preset with its lesson and callouts in `language` where the file has them
        (a `[zh_CN]` table), else unchanged."""
        t = self.translations.get(language)
        if not t:
            return self
        callouts = tuple(replace(c, text=text) for c, text in
                         zip(self.callouts, t["callouts"], strict=True))  # fmt: skip
        return replace(self, lesson=t["lesson"], callouts=callouts)


def bundled() -> list[Preset]:
    """The presets shipped in rnnviz/resources/presets, in their `order`, then by name."""
    paths = sorted(p for p in PRESET_DIR.glob("*") if p.suffix in SUFFIXES)
    return sorted((load_file(p) for p in paths), key=lambda p: (p.order, p.name))


def load_preset(name_or_path: str | Path) -> Preset:
    """A bundled preset by name (`vanishing`), or a preset file (.toml or .json)."""
    text = str(name_or_path)
    path = Path(text)
    if path.suffix in SUFFIXES or path.is_file() or "/" in text or "\\" in text:
        if not path.is_file():
            raise PresetError(f"{path}: no such preset file")
        return load_file(path)
    bundled_path = next((PRESET_DIR / f"{text}{s}" for s in SUFFIXES
                         if (PRESET_DIR / f"{text}{s}").is_file()), None)  # fmt: skip
    if bundled_path is None:
        names = ", ".join(p.stem for p in sorted(PRESET_DIR.glob("*")) if p.suffix in SUFFIXES)
        raise PresetError(f"no preset {text!r}; choose one of {names}, or give a .toml file")
    return load_file(bundled_path)


def load_file(path: str | Path) -> Preset:
    """Read and check one preset file; every problem is a one-line PresetError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        doc = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw.decode("utf-8"))
    except OSError as e:
        raise PresetError(f"cannot read preset {path.name}: {e.strerror or e}") from None
    except (ValueError, UnicodeDecodeError) as e:  # TOMLDecodeError and JSONDecodeError too
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise PresetError(f"preset {path.name} is not valid {path.suffix[1:]}: {first}") from None
    try:
        return _from_dict(doc, path)
    except (ValueError, TypeError) as e:  # ConfigError is a ValueError
        raise PresetError(f"preset {path.name}: {e}") from None


_TOP = {"name", "lesson", "steps", "vary", "order", "config", "callouts"}
_LANGUAGE = re.compile(r"^[a-z]{2}(_[A-Z]{2})?$")  # a translation table: [zh_CN]


def _from_dict(doc: dict, path: Path) -> Preset:
    if not isinstance(doc, dict):
        raise ValueError("the file must hold a table (an object)")
    unknown = {k for k in set(doc) - _TOP if not _LANGUAGE.match(k)}
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}; a preset has {sorted(_TOP)}")
    lesson = doc.get("lesson")
    if not isinstance(lesson, str) or not lesson.strip():
        raise ValueError("`lesson` (one sentence) is missing")
    steps = doc.get("steps")
    if not isinstance(steps, int) or isinstance(steps, bool) or steps < 1:
        raise ValueError(f"`steps` must be a whole number >= 1, got {steps!r}")
    table = doc.get("config", {})
    config = _config(table, path).replace(steps=steps)
    vary = Vary.parse(doc["vary"]) if "vary" in doc else None
    if vary is not None:
        if {vary.key, vary.field} & set(table):
            raise ValueError(f"[config] sets {vary.key}, which `vary` varies; drop one")
        vary.configs(config)  # every variant must be a valid configuration
    callouts = tuple(_callout(i, c, vary) for i, c in enumerate(doc.get("callouts", [])))
    order = doc.get("order", 100)
    if not isinstance(order, int):
        raise ValueError(f"`order` must be a whole number, got {order!r}")
    translations = {k: _translation(k, v, len(callouts)) for k, v in doc.items()
                    if _LANGUAGE.match(k)}  # fmt: skip
    return Preset(str(doc.get("name", path.stem)), lesson.strip(), config, vary, callouts,
                  path, order, translations)  # fmt: skip


def _translation(language: str, table, n_callouts: int) -> dict:
    """A [zh_CN] table: a lesson and one text per callout, all of them."""
    if not isinstance(table, dict) or not isinstance(table.get("lesson"), str):
        raise ValueError(f"[{language}] needs a `lesson`")
    texts = table.get("callouts", [])
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise ValueError(f"[{language}] `callouts` must be a list of texts")
    if len(texts) != n_callouts:
        raise ValueError(f"[{language}] has {len(texts)} callout texts for {n_callouts} callouts")
    extra = set(table) - {"lesson", "callouts"}
    if extra:
        raise ValueError(f"[{language}] has unknown keys {sorted(extra)}")
    return {"lesson": table["lesson"].strip(), "callouts": [t.strip() for t in texts]}


def _config(table: dict, path: Path) -> Config:
    if not isinstance(table, dict):
        raise ValueError("[config] must be a table")
    values = {}
    for key, v in table.items():
        name = key.replace("-", "_")
        if name == "steps":
            raise ValueError(f"[config] has unknown setting {key!r} (steps goes at the top level)")
        if name != "data":
            try:
                name = setting(key).field  # the settings the command line takes, no others
            except ConfigError:
                raise ValueError(f"[config] has unknown setting {key!r}") from None
        values[name] = v
    if isinstance(values.get("data"), str):  # relative to the preset's own folder
        values["data"] = str((path.parent / values["data"]).resolve())
    return Config(**values)


def _callout(i: int, c, vary: Vary | None) -> Callout:
    where = f"callout {i + 1}"
    if not isinstance(c, dict) or not isinstance(c.get("text"), str):
        raise ValueError(f"{where} needs a `text`")
    if c.get("panel") not in PANELS:
        raise ValueError(f"{where}: panel {c.get('panel')!r} is not one of {', '.join(PANELS)}")
    try:
        callout = Callout(c["panel"], c["text"].strip(), Condition.parse(c.get("when")), i)
    except ValueError as e:
        raise ValueError(f"{where}: {e}") from None
    names = set(vary.names) if vary else set()
    if not callout.variants() <= names:
        bad = ", ".join(sorted(callout.variants() - names))
        raise ValueError(f"{where} names variant {bad}; this preset's are "
                         f"{', '.join(sorted(names)) or 'none (a solo run)'}")  # fmt: skip
    if vary and callout.needs_a_variant():
        raise ValueError(f"{where}: say whose metric, e.g. val_loss@{vary.names[0]}")
    return callout
