"""Training-health warnings in plain words: one Qt-free module for the window, the command
line and reports.

Feed `Diagnostics.update(snapshot)` the snapshots of one run in order. Skipping snapshots
loses nothing: the rules read every probe's tracks (Snapshot.probes), every validation loss,
every gradient spike and every divergence that the snapshot's history carries since the
previous update. Each update costs a few microseconds per new probe or validation, so the
window can call it ~10 times a second.

A warning has a code, the step it was raised at, a message (what it means, with the numbers
that raised it) and advice (what to try). `raised()` lists the first warning of each code,
as the CLI prints them and metrics.json stores them; `active()` the ones that hold now.

Codes and rules (thresholds are the constants below):

- ``vanishing-gradient``: in a probe, ||dL_T/dh_1|| / ||dL_T/dh_T|| < VANISHING_RATIO for
  some layer. Active while the latest probe shows it.
- ``exploding-gradient``: the global gradient norm of a step exceeded GRAD_SPIKE_RATIO times
  its running median (the median of the previous GRAD_MEDIAN_WINDOW steps' norms, once
  GRAD_MEDIAN_MIN_STEPS exist; kept by trainer.History), or in EXPLODING_PROBES probes in a
  row some layer's max step-Jacobian norm stayed above EXPLODING_JACOBIAN while its gradient
  over time grew toward t = 1 (||dL_T/dh_1|| > ||dL_T/dh_T||). A spike stays active for
  EVENT_ACTIVE_STEPS steps; the Jacobian condition while it holds.
- ``saturated-gates``: more than SATURATED_SHARE of some sigmoid gate's values over the
  probe batch are below 0.1 or above 0.9 (in some layer). Active while the latest probe
  shows it.
- ``dead-units``: at least DEAD_UNIT_SHARE of a layer's units have hidden_std <
  DEAD_UNIT_STD. Active while the latest probe shows it.
- ``overfitting``: a validation loss at least OVERFIT_RISE above the minimum of the earlier
  ones while the training loss kept falling (its mean over the OVERFIT_TRAIN_STEPS steps up to
  the validation is below that mean at the minimum); or, for text, a validation loss above
  ln V (worse than guessing uniformly) after an earlier one was below it. Active while the
  latest validation shows it.
- ``diverged``: a non-finite loss or gradient (the step was rolled back). Active while the
  run is marked diverged (until the next good step).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from rnnviz.core.config import QT_TRANSLATE_NOOP

# ------------------------------------------------------------------------------ thresholds
VANISHING_RATIO = 1e-3  # ||dL_T/dh_1|| / ||dL_T/dh_T|| below this: vanishing
GRAD_SPIKE_RATIO = 100.0  # a step's global gradient norm above this x its running median
GRAD_MEDIAN_WINDOW = 100  # the running median covers this many previous steps ...
GRAD_MEDIAN_MIN_STEPS = 10  # ... and exists once this many steps were taken
EXPLODING_JACOBIAN = 1.0  # max step-Jacobian norm above this amplifies ...
EXPLODING_PROBES = 3  # ... in this many probes in a row, with the gradient growing to t = 1
SATURATED_SHARE = 0.5  # share of a gate's values below 0.1 or above 0.9
DEAD_UNIT_STD = 1e-3  # a unit whose h varies less than this over the probe batch is dead
DEAD_UNIT_SHARE = 0.25  # share of a layer's units dead
OVERFIT_RISE = 0.2  # validation loss this fraction above its minimum ...
OVERFIT_TRAIN_STEPS = 25  # ... while the training loss (mean of this many steps) fell
EVENT_ACTIVE_STEPS = 100  # a gradient spike stays active for this many steps

CODES = ("vanishing-gradient", "exploding-gradient", "saturated-gates", "dead-units",
         "overfitting", "diverged")  # fmt: skip

ADVICE = {
    "vanishing-gradient": QT_TRANSLATE_NOOP(
        "Diagnostics", "Try an LSTM or GRU, a shorter window (Seq len, --seq-len), or for an "
        "LSTM a forget-gate bias of 1 (Diagnostics view, --forget-bias 1)."),
    "exploding-gradient": QT_TRANSLATE_NOOP(
        "Diagnostics", "Turn on gradient clipping (Clipping: norm, --clip norm) or lower the "
        "learning rate."),
    "saturated-gates": QT_TRANSLATE_NOOP(
        "Diagnostics", "Lower the learning rate or restart from a fresh initialisation; inputs "
        "far from zero also push gates to 0 or 1."),
    "dead-units": QT_TRANSLATE_NOOP(
        "Diagnostics", "Restart with another seed or a lower learning rate; fewer hidden units "
        "may do the same job."),
    "overfitting": QT_TRANSLATE_NOOP(
        "Diagnostics", "Stop earlier, use a smaller model, or train on more data."),
    "diverged": QT_TRANSLATE_NOOP(
        "Diagnostics", "Lower the learning rate or turn on gradient clipping (Clipping: norm, "
        "--clip norm)."),
}  # fmt: skip
# A gated cell already is what the general advice suggests first.
GATED_VANISHING_ADVICE = QT_TRANSLATE_NOOP(
    "Diagnostics", "Try a shorter window (Seq len, --seq-len), or for an LSTM a forget-gate bias "
    "of 1 (Diagnostics view, --forget-bias 1); early in training it often passes as the gates "
    "learn.")  # fmt: skip

# The messages as templates with named, already formatted numbers: the window translates the
# template and fills in the same values (HealthWarning.template/.values); the CLI and
# metrics.json read the English message, template.format(**values).
MESSAGES = {
    "vanishing": QT_TRANSLATE_NOOP(
        "Diagnostics", "In layer {layer} the gradient reaching the window's first step is "
        "{ratio} of the last step's, so the model can hardly learn from early inputs."),
    "amplifying": QT_TRANSLATE_NOOP(
        "Diagnostics", "In layer {layer} the step Jacobian's norm stayed above 1 (up to "
        "{jacobian}) for {probes} probes and the gradient grows toward the first step "
        "({ratio}x the last step's), so perturbations are amplified through time."),
    "saturated": QT_TRANSLATE_NOOP(
        "Diagnostics", "{share} of the {gate} gate's values in layer {layer} sit below 0.1 or "
        "above 0.9, where a sigmoid passes almost no gradient."),
    "dead": QT_TRANSLATE_NOOP(
        "Diagnostics", "{share} of the units in layer {layer} barely move (std of h below "
        "{std} over the probe batch), so they carry no information."),
    "spike": QT_TRANSLATE_NOOP(
        "Diagnostics", "At step {step} the global gradient norm was {norm}, {times}x its "
        "running median of {median}, so one step can throw the weights far off."),
    "diverged": QT_TRANSLATE_NOOP(
        "Diagnostics", "The loss or gradient at step {step} was not finite; the step was "
        "undone and the last good weights kept."),
    "overfitting": QT_TRANSLATE_NOOP(
        "Diagnostics", "The validation loss {loss} is {rise} above its minimum {low} (step "
        "{low_step}) while the training loss kept falling, so the model is memorising its "
        "training data."),
    "above-uniform": QT_TRANSLATE_NOOP(
        "Diagnostics", "The validation loss {loss} rose above ln V = {uniform}, worse than "
        "guessing among all characters uniformly, after it had been below it."),
}  # fmt: skip

# The sigmoid gates of gate_saturation, in its order (rnnviz.core.dynamics.SIGMOID_GATES), as
# a user reads them. This module stays free of torch: the command line's help reads it.
SIGMOID_GATE_NAMES = {"rnn": (), "lstm": ("input", "forget", "output"), "gru": ("reset", "update")}
# For the window, which translates the {gate} of a message too.
GATE_WORDS = (
    QT_TRANSLATE_NOOP("Diagnostics", "input"),
    QT_TRANSLATE_NOOP("Diagnostics", "forget"),
    QT_TRANSLATE_NOOP("Diagnostics", "output"),
    QT_TRANSLATE_NOOP("Diagnostics", "reset"),
    QT_TRANSLATE_NOOP("Diagnostics", "update"),
)


def rules() -> list[tuple[str, str]]:
    """(code, rule) for every warning, with the thresholds: for the help and the README."""
    return [
        ("vanishing-gradient", f"||dL_T/dh_1|| / ||dL_T/dh_T|| < {VANISHING_RATIO:g} in some "
         "layer (in a probe)"),
        ("exploding-gradient", f"a step's global gradient norm > {GRAD_SPIKE_RATIO:g} x the "
         f"median of the previous {GRAD_MEDIAN_WINDOW} steps' norms; or the max step-Jacobian "
         f"norm > {EXPLODING_JACOBIAN:g} in {EXPLODING_PROBES} probes in a row while the "
         "gradient over time grows toward t = 1"),
        ("saturated-gates", f"more than {SATURATED_SHARE:.0%} of a sigmoid gate's values below "
         "0.1 or above 0.9 (over the probe batch)"),
        ("dead-units", f"at least {DEAD_UNIT_SHARE:.0%} of a layer's units with std(h) < "
         f"{DEAD_UNIT_STD:g} over the probe batch"),
        ("overfitting", f"validation loss at least {OVERFIT_RISE:.0%} above its minimum while "
         f"the training loss (mean of {OVERFIT_TRAIN_STEPS} steps) kept falling; for text also "
         "a validation loss above ln V after it had been below"),
        ("diverged", "a non-finite loss or gradient (the step is undone)"),
    ]  # fmt: skip


@dataclass(frozen=True)
class HealthWarning:
    """One warning: `message` says what it means, `advice` what to try."""

    code: str
    step: int
    message: str
    advice: str
    # For a translation: MESSAGES[template].format(**values) is `message` (values are
    # formatted numbers, and the gate name under "gate").
    template: str = field(default="", compare=False)
    values: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        """The metrics.json entry."""
        return {"code": self.code, "step": self.step, "message": self.message}

    def __str__(self) -> str:
        """The CLI's line (after `warning: `)."""
        return f"{self.code} at step {self.step}: {self.message} {self.advice}"


def _warn(code: str, at: int, template: str, /, **values) -> HealthWarning:
    """A warning at step `at` whose message is MESSAGES[template] filled with `values`."""
    values = {k: str(v) for k, v in values.items()}
    message = MESSAGES[template].format(**values)
    return HealthWarning(code, int(at), message, ADVICE[code], template, values)


def _advised(w: HealthWarning, advice: str) -> HealthWarning:
    return HealthWarning(w.code, w.step, w.message, advice, w.template, w.values)


# ----------------------------------------------------------------------- probe-based rules


def _vanishing(tracks: dict, k: int, step: int, cell: str) -> HealthWarning | None:
    ratio = tracks["gradient_ratio"][k]  # (L,)
    bad = np.flatnonzero(ratio < VANISHING_RATIO)
    if not len(bad):
        return None
    layer = int(bad[np.argmin(ratio[bad])])
    w = _warn("vanishing-gradient", step, "vanishing", layer=layer + 1, ratio=f"{ratio[layer]:.1e}")
    return w if cell == "rnn" else _advised(w, GATED_VANISHING_ADVICE)


def _amplifying(tracks: dict, k: int, step: int, cell: str) -> HealthWarning | None:
    if k + 1 < EXPLODING_PROBES:
        return None
    rows = slice(k + 1 - EXPLODING_PROBES, k + 1)
    jac = tracks["jacobian_norm_max"][rows]  # (EXPLODING_PROBES, L)
    ratio = tracks["gradient_ratio"][rows]
    held = ((jac > EXPLODING_JACOBIAN) & (ratio > 1)).all(axis=0)  # (L,)
    if not held.any():
        return None
    layer = int(np.flatnonzero(held)[0])
    return _warn("exploding-gradient", step, "amplifying", layer=layer + 1,
                 jacobian=f"{jac[-1, layer]:.2f}", probes=EXPLODING_PROBES,
                 ratio=f"{ratio[-1, layer]:.3g}")  # fmt: skip


def _saturated(tracks: dict, k: int, step: int, cell: str) -> HealthWarning | None:
    share = tracks["gate_saturated"][k]  # (L, G_sig)
    if not share.size or share.max() <= SATURATED_SHARE:
        return None
    layer, g = np.unravel_index(int(np.argmax(share)), share.shape)
    name = SIGMOID_GATE_NAMES[cell][g]
    return _warn("saturated-gates", step, "saturated", share=f"{share[layer, g]:.0%}",
                 gate=name, layer=layer + 1)  # fmt: skip


def _dead(tracks: dict, k: int, step: int, cell: str) -> HealthWarning | None:
    share = tracks["dead_fraction"][k]  # (L,)
    if share.max() < DEAD_UNIT_SHARE:
        return None
    layer = int(np.argmax(share))
    return _warn("dead-units", step, "dead", share=f"{share[layer]:.0%}", layer=layer + 1,
                 std=f"{DEAD_UNIT_STD:g}")  # fmt: skip


PROBE_RULES = (_vanishing, _amplifying, _saturated, _dead)
PROBE_TRACKS = ("gradient_ratio", "jacobian_norm_max", "gate_saturated", "dead_fraction")


# -------------------------------------------------------------------------------- evaluator


class Diagnostics:
    """Warnings of one run, fed its snapshots in order (see the module's docstring).

    A snapshot whose step is lower than the previous one starts over (a new run).
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._first: dict[str, HealthWarning] = {}  # code -> first warning, in raise order
        self._active: dict[str, HealthWarning] = {}  # code -> warning that made it active
        self._step = -1
        self._probes = 0  # probes read so far
        self._probe_hits: dict[str, HealthWarning | None] = {}
        self._spike_step = -1  # last gradient spike read
        self._last_spike: HealthWarning | None = None
        self._divergence_step = -1
        self._last_divergence: HealthWarning | None = None
        self._val_step = -1  # last validation read
        self._val_min: tuple[float, int, float] | None = None  # (loss, step, train mean)
        self._below_uniform = False  # text: a validation loss below ln V was seen
        self._val_hit: HealthWarning | None = None

    # ------------------------------------------------------------------------- queries

    def raised(self) -> tuple[HealthWarning, ...]:
        """The first warning of every code raised so far, in the order they were raised."""
        return tuple(self._first.values())

    def active(self) -> tuple[HealthWarning, ...]:
        """The warnings that hold now, each as it was raised when it became active."""
        return tuple(self._active[c] for c in CODES if c in self._active)

    # -------------------------------------------------------------------------- update

    def update(self, snap) -> list[HealthWarning]:
        """Read what is new in `snap`; return the warnings raised for the first time."""
        if snap.step < self._step:
            self.reset()
        self._step = snap.step
        before = len(self._first)
        hits: dict[str, list[HealthWarning]] = {c: [] for c in CODES}
        now: dict[str, HealthWarning | None] = {}
        self._read_probes(snap, hits, now)
        self._read_spikes(snap, hits, now)
        self._read_validation(snap, hits, now)
        self._read_divergences(snap, hits, now)
        first = sorted((hits[c][0] for c in CODES if hits[c] and c not in self._first),
                       key=lambda w: w.step)  # fmt: skip
        self._first.update((w.code, w) for w in first)
        for code in CODES:
            current = now.get(code)
            if current is None:
                self._active.pop(code, None)
            elif code not in self._active:
                self._active[code] = current
        return list(self._first.values())[before:]

    def _read_probes(self, snap, hits: dict, now: dict) -> None:
        view = snap.probes
        tracks = view.tracks
        if any(name not in tracks for name in PROBE_TRACKS):
            return  # probes without training-health numbers
        K = len(view.steps)
        if self._probes > K:  # the log was cleared (weights loaded)
            self._probes, self._probe_hits = 0, {}
        cell = snap.probe.cell
        for k in range(max(self._probes - 1, 0), K):  # the newest may have been replaced
            step = int(view.steps[k])
            for rule in PROBE_RULES:
                w = rule(tracks, k, step, cell)
                code = w.code if w else _RULE_CODE[rule]
                self._probe_hits[code] = w
                if w is not None:
                    hits[code].append(w)
        self._probes = K
        for code, w in self._probe_hits.items():
            if w is not None:
                now[code] = w

    def _read_spikes(self, snap, hits: dict, now: dict) -> None:
        spikes = snap.history.spikes  # (k, 3): step, norm, running median
        for step, norm, median in spikes[spikes[:, 0] > self._spike_step]:
            w = _warn("exploding-gradient", step, "spike", step=int(step), norm=f"{norm:.3g}",
                      times=f"{norm / median:.0f}", median=f"{median:.3g}")  # fmt: skip
            hits["exploding-gradient"].append(w)
            self._spike_step, self._last_spike = int(step), w
        w = self._last_spike
        if w is not None and snap.step - w.step <= EVENT_ACTIVE_STEPS:
            now.setdefault("exploding-gradient", w)

    def _read_divergences(self, snap, hits: dict, now: dict) -> None:
        steps = snap.history.divergences  # (k,) steps rolled back
        for step in steps[steps > self._divergence_step]:
            w = _warn("diverged", step, "diverged", step=int(step))
            hits["diverged"].append(w)
            self._divergence_step, self._last_divergence = int(step), w
        if snap.diverged and self._last_divergence is not None:
            now["diverged"] = self._last_divergence

    def _read_validation(self, snap, hits: dict, now: dict) -> None:
        val = snap.history.val  # (m, 2): step, validation loss
        probe = snap.probe
        V = probe.output_T.shape[-1] if probe is not None and probe.tokens is not None else 0
        for step, loss in val[val[:, 0] > self._val_step]:
            self._val_step = int(step)
            self._val_hit = w = self._overfitting(snap.history.rows, int(step), loss, V)
            if w is not None:
                hits["overfitting"].append(w)
        if self._val_hit is not None:
            now["overfitting"] = self._val_hit

    def _overfitting(self, rows: np.ndarray, step: int, loss: float, V: int):
        """Check one validation loss against the earlier ones, then remember it."""
        train = _train_mean(rows, step)
        w = None
        if self._val_min is not None:
            low, low_step, low_train = self._val_min
            if loss >= (1 + OVERFIT_RISE) * low and loss > low and train < low_train:
                w = _warn("overfitting", step, "overfitting", loss=f"{loss:.4g}",
                          rise=f"{loss / low - 1:.0%}", low=f"{low:.4g}",
                          low_step=low_step)  # fmt: skip
        if w is None and V and self._below_uniform and loss > math.log(V):
            w = _warn(
                "overfitting",
                step,
                "above-uniform",
                loss=f"{loss:.4g}",
                uniform=f"{math.log(V):.4g}",
            )
        if self._val_min is None or loss < self._val_min[0]:
            self._val_min = (float(loss), step, train)
        self._below_uniform |= bool(V) and loss < math.log(V)
        return w


_RULE_CODE = {
    _vanishing: "vanishing-gradient",
    _amplifying: "exploding-gradient",
    _saturated: "saturated-gates",
    _dead: "dead-units",
}


def _train_mean(rows: np.ndarray, step: int) -> float:
    """Mean training loss over the OVERFIT_TRAIN_STEPS steps up to `step` (rows: History)."""
    steps = rows[:, 0]
    lo, hi = np.searchsorted(steps, [step - OVERFIT_TRAIN_STEPS, step], side="right")
    return float(rows[lo:hi, 1].mean()) if hi > lo else math.nan


def evaluate(snap) -> Diagnostics:
    """A Diagnostics fed one snapshot: everything a whole run raised, read at its end."""
    d = Diagnostics()
    d.update(snap)
    return d
