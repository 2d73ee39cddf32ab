"""Training-health warnings in plain words: one Qt-free module for the window, the command
line and reports.

Feed `Diagnostics.update(snapshot)` the snapshots of one run in order. Skipping snapshots
loses nothing: the rules read every probe's tracks (Snapshot.probes), every validation loss,
every step's gradient norm and every divergence that the snapshot's history carries since
the previous update (a history decimated past 4,000 steps gives the growth rule every other
row or fewer, windows of 10 rows then spanning more steps). Each update costs a few
microseconds per new probe, row or validation, so the window can call it ~10 times a second.

A warning has a code, the step it was raised at, a message (what it means, with the numbers
that raised it) and advice (what to try). `raised()` lists the first warning of each code,
as the CLI prints them and metrics.json stores them; `active()` the ones that hold now.

Codes and rules (thresholds are the constants below; rules() says them with their values).
Every warning needs evidence over a window: HEALTH_PROBES probes in a row (none taken before
the first step, when the weights are only an initialisation), GROWTH_WINDOW steps, or
OVERFIT_VALS validations; one noisy point against a small median raises nothing.

- ``vanishing-gradient``: in HEALTH_PROBES probes in a row some layer's ratio
  ||dL_T/dh_1|| / ||dL_T/dh_T|| < VANISHING_RATIO and its decay length tau (decay_length)
  < VANISHING_REACH x T: the measured decay, not one dip. Advice fits the cell.
- ``exploding-gradient``: sustained growth, the median global gradient norm of the newest
  GROWTH_WINDOW steps >= GROWTH_RATIO x the median of the first GROWTH_WINDOW (active while
  it holds); or a divergence (a loss or gradient that overflowed; active EVENT_ACTIVE_STEPS
  steps); or in HEALTH_PROBES probes in a row some layer's max step-Jacobian norm >
  EXPLODING_JACOBIAN while ||dL_T/dh_1|| >= EXPLODING_GROWTH x ||dL_T/dh_T||.
- ``saturated-gates``: more than SATURATED_SHARE of some sigmoid gate's values over the probe
  batch are below 0.1 or above 0.9 (in some layer), in HEALTH_PROBES probes in a row.
- ``dead-units``: at least DEAD_UNIT_SHARE of a layer's units have hidden_std <
  DEAD_UNIT_STD, in HEALTH_PROBES probes in a row.
- ``overfitting``: the level of the validation loss (the median of the newest OVERFIT_VALS
  validations) at least OVERFIT_RISE above the lowest level of whole windows before them,
  while the training loss fell (its mean over the OVERFIT_TRAIN_STEPS steps up to the newest
  validation is below that mean at the end of the lowest window); or, for text, the level
  above ln V (worse than guessing uniformly) after an earlier level was below it; or a
  model that memorises from the start: the level at least OVERFIT_GAP x the training loss
  (mean of OVERFIT_TRAIN_STEPS steps) and at least OVERFIT_GAP_LOSS. Active while the latest
  validation shows it.
- ``diverged``: a non-finite loss or gradient (the step was rolled back), active while the
  run is marked diverged (until the next good step).
- ``rising-loss``: a training loss that grew: the median of the newest GROWTH_WINDOW steps at
  least LOSS_RISE x the first step's loss (a step size far too large; Adam stays finite
  there, so nothing diverges). Active while it holds.
- ``extrapolation``: a series whose validation part lies outside the range the model saw in
  training: at least EXTRAPOLATION_SHARE of the target's rows after the training part (as
  the model sees them, after --transform) beyond the training part's [min, max] widened by
  EXTRAPOLATION_MARGIN of its width on each side. Raised at step 0 and active throughout; the
  advice names a transform (diff, logdiff) under which the same rule holds no longer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from rnnviz.core.config import QT_TRANSLATE_NOOP

# ------------------------------------------------------------------------------ thresholds
VANISHING_RATIO = 1e-3  # ||dL_T/dh_1|| / ||dL_T/dh_T|| below this: vanishing ...
# ... and the decay length tau short against the window: below VANISHING_REACH x T (the
# gradient shrinks by e every tenth of the window, ~5e-5 over it), in HEALTH_PROBES probes in
# a row, none before the first step. Both measures must agree: the end-to-end ratio alone is
# one point of the curve. On the vanishing preset (T = 50) the RNN's tau stays 2-4.5 while
# the LSTM's grows from ~3 to 6-8 as its gates learn, and with a forget-gate bias of 1 it is
# 6-8 from the start.
VANISHING_REACH = 0.1
HEALTH_PROBES = 3  # probe-based warnings need this many probes in a row after step 0
# Kept by trainer.History (spikes are still recorded there, no longer warned about: one step
# of 0.2 against a median of 0.002 is Adam's noise near a minimum, not an explosion).
GRAD_SPIKE_RATIO = 100.0  # a step's global gradient norm above this x its running median
GRAD_MEDIAN_WINDOW = 100  # the running median covers this many previous steps ...
GRAD_MEDIAN_MIN_STEPS = 10  # ... and exists once this many steps were taken
# Sustained growth: the median norm of the newest GROWTH_WINDOW steps at least GROWTH_RATIO x
# the median of the first GROWTH_WINDOW (the gradient's scale while the loss was highest). A
# healthy run's norm falls as its loss does: on every bundled sample, preset and cell default
# the newest window's median stayed under 1.6x the first's over 2,000 steps, while Adam near a
# minimum swings 100x about its own lows, so growth is measured against the start. The
# window is short because an explosion is fast: the clipping lesson's unclipped RNN goes from
# ~1 to 10^18 in 20 steps, then overflows.
GROWTH_WINDOW = 10
GROWTH_RATIO = 10.0
EXPLODING_JACOBIAN = 1.0  # max step-Jacobian norm above this amplifies ...
EXPLODING_GROWTH = 10.0  # ... while ||dL_T/dh_1|| >= this x ||dL_T/dh_T||, HEALTH_PROBES in a row
# A gated cell's values sit near 0 or 1 by design (a text LSTM holds ~70% of its gate values
# there when healthy), so only gates almost entirely stuck warn.
SATURATED_SHARE = 0.9  # share of a gate's values below 0.1 or above 0.9
DEAD_UNIT_STD = 1e-3  # a unit whose h varies less than this over the probe batch is dead
DEAD_UNIT_SHARE = 0.25  # share of a layer's units dead
# Overfitting compares levels of the validation loss, each the median of OVERFIT_VALS
# validations in a row (one noisy validation is no trend): the newest level at least
# OVERFIT_RISE above the lowest earlier one (from validations before the newest
# OVERFIT_VALS) ...
OVERFIT_VALS = 5
# ... A level bounces about a noise floor by up to 1.4x its lowest (every cell default on the
# sine, every preset's healthy variant, 2,000 steps at batch 16), while the memorising runs
# (the overfitting and temperature presets, the nursery rhymes) rise 1.7-2.4x.
OVERFIT_RISE = 0.5
OVERFIT_TRAIN_STEPS = 25  # ... while the training loss (mean of this many steps) fell
# A model that memorises from the start never rises above its lowest level: it is judged by
# the gap instead, the level at least OVERFIT_GAP x the training loss and at least
# OVERFIT_GAP_LOSS (a gap between two losses near zero, a copy task learned, is no harm).
# A new user's multivariate macro series (train 0.0003, val 1.06) and yearly sunspots (0.013
# against 0.30) were 23x and more, with no warning before this rule.
OVERFIT_GAP = 5.0
OVERFIT_GAP_LOSS = 0.05
# The training loss grew: the median of the newest GROWTH_WINDOW steps LOSS_RISE x the first
# step's (the model at initialisation). Adam at --lr 1e6 goes from 0.94 to 1e14 in one step
# and stays finite, so no divergence is recorded; healthy runs only fall below their start.
LOSS_RISE = 10.0
EVENT_ACTIVE_STEPS = 100  # a gradient spike stays active for this many steps
# Extrapolation: a validation row is outside when it lies beyond the training part's range
# widened by this share of its width on each side (noise at the edges is no trend) ...
EXTRAPOLATION_MARGIN = 0.1
# ... and the warning needs this share of the validation rows outside. The sine, the bundled
# temperatures and every preset have none outside; a trending index (a random walk with
# drift, ten years) has most of its last fifth above its training maximum.
EXTRAPOLATION_SHARE = 0.2
# Transforms that train on changes, the advice's candidates, in the order they are offered.
CHANGE_TRANSFORMS = ("diff", "logdiff")

CODES = ("vanishing-gradient", "exploding-gradient", "saturated-gates", "dead-units",
         "overfitting", "diverged", "rising-loss", "extrapolation")  # fmt: skip

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
    "rising-loss": QT_TRANSLATE_NOOP(
        "Diagnostics", "Lower the learning rate tenfold or more, or turn on gradient clipping "
        "(Clipping: norm, --clip norm)."),
    "extrapolation": QT_TRANSLATE_NOOP(
        "Diagnostics", "A model rarely predicts beyond the values it was trained on: train on "
        "a longer stretch of the series, or on its changes (--transform diff or logdiff)."),
}  # fmt: skip
# The extrapolation's advice names the transform that brings the validation part in range.
EXTRAPOLATION_ADVICE = {
    "diff": QT_TRANSLATE_NOOP(
        "Diagnostics", "Train on its changes instead (Transform: diff, --transform diff): "
        "those of the validation part lie within the training part's range."),
    "logdiff": QT_TRANSLATE_NOOP(
        "Diagnostics", "Train on its relative changes instead (Transform: logdiff, "
        "--transform logdiff): those of the validation part lie within the training part's "
        "range."),
}  # fmt: skip
# The vanishing gradient's advice fits the cell: a gated cell already is what the general
# advice (ADVICE, for a vanilla RNN) suggests first, and only an LSTM has a forget gate.
VANISHING_ADVICE = {
    "rnn": ADVICE["vanishing-gradient"],
    "lstm": QT_TRANSLATE_NOOP(
        "Diagnostics", "Try a shorter window (Seq len, --seq-len) or a forget-gate bias of 1 "
        "(Diagnostics view, --forget-bias 1); early in training it often passes as the gates "
        "learn."),
    "gru": QT_TRANSLATE_NOOP(
        "Diagnostics", "Try a shorter window (Seq len, --seq-len); early in training it often "
        "passes as the gates learn."),
}  # fmt: skip


def advice_for(code: str, cell: str | None) -> str:
    """What to try for a warning `code` in a run of `cell` ("rnn", "lstm", "gru")."""
    if code == "vanishing-gradient" and cell in VANISHING_ADVICE:
        return VANISHING_ADVICE[cell]
    return ADVICE.get(code, "")


# The messages as templates with named, already formatted numbers: the window translates the
# template and fills in the same values (HealthWarning.template/.values); the CLI and
# metrics.json read the English message, template.format(**values).
MESSAGES = {
    "vanishing": QT_TRANSLATE_NOOP(
        "Diagnostics", "In layer {layer} the gradient reaching the window's first step is "
        "{ratio} of the last step's and shrinks by e every {tau} steps back (of {T}), in "
        "{probes} probes in a row, so the model can hardly learn from early inputs."),
    "amplifying": QT_TRANSLATE_NOOP(
        "Diagnostics", "In layer {layer} the step Jacobian's norm stayed above 1 (up to "
        "{jacobian}) for {probes} probes and the gradient grows toward the first step "
        "({ratio}x the last step's), so perturbations are amplified through time."),
    "saturated": QT_TRANSLATE_NOOP(
        "Diagnostics", "{share} of the {gate} gate's values in layer {layer} sit below 0.1 or "
        "above 0.9 in {probes} probes in a row, where a sigmoid passes almost no gradient."),
    "dead": QT_TRANSLATE_NOOP(
        "Diagnostics", "{share} of the units in layer {layer} barely move (std of h below "
        "{std} over the probe batch) in {probes} probes in a row, so they carry no "
        "information."),
    "growth": QT_TRANSLATE_NOOP(
        "Diagnostics", "Over steps {start} to {step} the global gradient norm's median was "
        "{recent}, {times}x its median over the first {window} steps ({base}): the gradient "
        "keeps growing instead of shrinking as the loss falls."),
    "nonfinite": QT_TRANSLATE_NOOP(
        "Diagnostics", "At step {step} the loss or gradient overflowed (not finite): the "
        "gradient exploded beyond what a float can hold."),
    "diverged": QT_TRANSLATE_NOOP(
        "Diagnostics", "The loss or gradient at step {step} was not finite; the step was "
        "undone and the last good weights kept."),
    "overfitting": QT_TRANSLATE_NOOP(
        "Diagnostics", "The validation loss, as the median of the last {vals} validations, "
        "is {loss}: {rise} above its lowest earlier level {low} (up to step {low_step}), "
        "while the training loss kept falling, so the model is memorising its training data."),
    "extrapolation": QT_TRANSLATE_NOOP(
        "Diagnostics", "{share} of the validation part's values (transform {transform}) lie "
        "outside the range the model saw in training, {low} to {high} (widened by "
        "{margin} on each side): the model has to extrapolate there."),
    "gap": QT_TRANSLATE_NOOP(
        "Diagnostics", "The validation loss, as the median of the last {vals} validations, "
        "is {loss}: {times}x the training loss {train}. The model fits its training data far "
        "better than data it has not seen: it memorises instead of learning what carries over."),
    "loss-growth": QT_TRANSLATE_NOOP(
        "Diagnostics", "The training loss grew: its median over the last {window} steps, "
        "{recent}, is {times}x its loss at the first step ({base}). Each step "
        "moves the weights away from a solution: the step size is far too large."),
    "above-uniform": QT_TRANSLATE_NOOP(
        "Diagnostics", "The validation loss, as the median of the last {vals} validations, "
        "rose to {loss}, above ln V = {uniform}: worse than guessing among all characters "
        "uniformly, after it had been below it."),
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
    n = HEALTH_PROBES
    return [
        ("vanishing-gradient", f"||dL_T/dh_1|| / ||dL_T/dh_T|| < {VANISHING_RATIO:g} and the "
         f"memory length tau < {VANISHING_REACH:g} x T in some layer, in {n} probes in a row "
         "after step 0"),
        ("exploding-gradient", f"the median global gradient norm of the last {GROWTH_WINDOW} "
         f"steps >= {GROWTH_RATIO:g} x the median of the first {GROWTH_WINDOW}; or a loss or "
         f"gradient that is not finite; or the max step-Jacobian norm > {EXPLODING_JACOBIAN:g} "
         f"while ||dL_T/dh_1|| >= {EXPLODING_GROWTH:g} x ||dL_T/dh_T||, in {n} probes in a row"),
        ("saturated-gates", f"more than {SATURATED_SHARE:.0%} of a sigmoid gate's values below "
         f"0.1 or above 0.9 (over the probe batch), in {n} probes in a row after step 0"),
        ("dead-units", f"at least {DEAD_UNIT_SHARE:.0%} of a layer's units with std(h) < "
         f"{DEAD_UNIT_STD:g} over the probe batch, in {n} probes in a row after step 0"),
        ("overfitting", f"the median of the last {OVERFIT_VALS} validation losses at least "
         f"{OVERFIT_RISE:.0%} above the lowest such median before them while the training loss "
         f"(mean of {OVERFIT_TRAIN_STEPS} steps) fell; or that median at least "
         f"{OVERFIT_GAP:g} x the training loss and at least {OVERFIT_GAP_LOSS:g}; for text "
         "also that median above ln V after one below"),
        ("diverged", "a non-finite loss or gradient (the step is undone)"),
        ("rising-loss", f"the median training loss of the last {GROWTH_WINDOW} steps >= "
         f"{LOSS_RISE:g} x the first step's loss"),
        ("extrapolation", f"a series: at least {EXTRAPOLATION_SHARE:.0%} of the target's "
         "values after the training part (after --transform) outside the training part's "
         f"range widened by {EXTRAPOLATION_MARGIN:.0%} of it on each side; from step 0"),
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


def decay_length(tau_fit, ratio, T: int) -> np.ndarray:
    """The memory length tau that tells the truth, per layer: the fitted e-folding distance
    (rnnviz.core.probe.memory_length) where the fit finds decay; where the fitted line is flat
    or rising but the gradient at t = 1 is still below the one at t = T (ratio < 1: a sharp
    drop near T, then a plateau), the end-to-end e-folding distance (T - 1) / ln(1 / ratio);
    +inf only where neither decays. A ratio of 0 (below float's range) gives 0.

    Parameters
    ----------
    tau_fit : (L,) fitted tau, +inf where the fit's slope was >= 0, nan where unknown.
    ratio : (L,) ||dL_T/dh_1|| / ||dL_T/dh_T||.
    T : the window's length.
    """
    tau = np.array(tau_fit, dtype=np.float64, ndmin=1)
    ratio = np.asarray(ratio, dtype=np.float64).reshape(tau.shape)
    fix = np.isinf(tau) & (ratio < 1)
    with np.errstate(divide="ignore"):
        tau[fix] = (T - 1) / -np.log(ratio[fix])  # ratio 0: -log = inf, tau 0
    return tau


def grad_ratio(grad_norm: np.ndarray) -> np.ndarray:
    """(L,) ||dL_T/dh_1|| / ||dL_T/dh_T|| per layer row of grad_norm (L, T), in float64: below
    1 the gradient vanishes back through time, above 1 it grows; inf or nan where the last
    step's gradient is zero."""
    g = np.asarray(grad_norm, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return g[:, 0] / g[:, -1]


def probe_tau(probe) -> np.ndarray:
    """decay_length of one probe (a ProbeResult): its tau per layer row, (L,)."""
    g = np.asarray(probe.grad_norm)  # (L, T)
    return decay_length(probe.memory_length, grad_ratio(g), g.shape[1])


def tau_track(view, T: int) -> np.ndarray:
    """decay_length of every probe in a ProbeLogView, (K, L); the fitted tau alone where the
    probes carry no gradient ratio."""
    tau = view.track("memory_length")  # (K, L)
    if "gradient_ratio" not in view.tracks or tau.ndim < 2 or not len(tau):
        return tau
    ratio = view.track("gradient_ratio")
    return np.stack([decay_length(t, r, T) for t, r in zip(tau, ratio, strict=True)])


def vanishing_tau(T: int) -> float:
    """tau below which the memory is short against a window of T steps."""
    return VANISHING_REACH * T


def _vanishing(tracks: dict, rows: slice, step: int, cell: str, T: int):
    ratio = tracks["gradient_ratio"][rows]  # (HEALTH_PROBES, L)
    tau = np.stack([decay_length(t, r, T) for t, r in
                    zip(tracks["memory_length"][rows], ratio, strict=True)])  # fmt: skip
    held = ((ratio < VANISHING_RATIO) & (tau < vanishing_tau(T))).all(axis=0)  # (L,)
    if not held.any():
        return None
    layer = int(np.flatnonzero(held)[np.argmin(ratio[-1, held])])
    w = _warn("vanishing-gradient", step, "vanishing", layer=layer + 1,
              ratio=f"{ratio[-1, layer]:.1e}", tau=f"{tau[-1, layer]:.2g}", T=T,
              probes=HEALTH_PROBES)  # fmt: skip
    return _advised(w, VANISHING_ADVICE[cell])


def _amplifying(tracks: dict, rows: slice, step: int, cell: str, T: int):
    jac = tracks["jacobian_norm_max"][rows]  # (HEALTH_PROBES, L)
    ratio = tracks["gradient_ratio"][rows]
    held = ((jac > EXPLODING_JACOBIAN) & (ratio >= EXPLODING_GROWTH)).all(axis=0)  # (L,)
    if not held.any():
        return None
    layer = int(np.flatnonzero(held)[0])
    return _warn("exploding-gradient", step, "amplifying", layer=layer + 1,
                 jacobian=f"{jac[-1, layer]:.2f}", probes=HEALTH_PROBES,
                 ratio=f"{ratio[-1, layer]:.3g}")  # fmt: skip


def _saturated(tracks: dict, rows: slice, step: int, cell: str, T: int):
    share = tracks["gate_saturated"][rows].min(axis=0)  # (L, G_sig) the least of the probes
    if not share.size or np.isnan(share).any() or share.max() <= SATURATED_SHARE:
        return None
    layer, g = np.unravel_index(int(np.argmax(share)), share.shape)
    name = SIGMOID_GATE_NAMES[cell][g]
    return _warn("saturated-gates", step, "saturated", share=f"{share[layer, g]:.0%}",
                 gate=name, layer=layer + 1, probes=HEALTH_PROBES)  # fmt: skip


def _dead(tracks: dict, rows: slice, step: int, cell: str, T: int):
    share = tracks["dead_fraction"][rows].min(axis=0)  # (L,)
    if np.isnan(share).any() or share.max() < DEAD_UNIT_SHARE:  # NaN: a probe not measured
        return None
    layer = int(np.argmax(share))
    return _warn("dead-units", step, "dead", share=f"{share[layer]:.0%}", layer=layer + 1,
                 std=f"{DEAD_UNIT_STD:g}", probes=HEALTH_PROBES)  # fmt: skip


PROBE_RULES = (_vanishing, _amplifying, _saturated, _dead)
PROBE_TRACKS = ("gradient_ratio", "memory_length", "jacobian_norm_max", "gate_saturated",
                "dead_fraction")  # fmt: skip


# ------------------------------------------------------------------------ the data's rules


def outside_share(train, val) -> tuple[float, float, float, float]:
    """(share of `val` outside [min, max] of `train` widened by EXTRAPOLATION_MARGIN of its
    width on each side, low, high, margin); non-finite values are left out."""
    train, val = (np.asarray(a, dtype=np.float64) for a in (train, val))
    train, val = train[np.isfinite(train)], val[np.isfinite(val)]
    if not len(train) or not len(val):
        return 0.0, math.nan, math.nan, math.nan
    low, high = float(train.min()), float(train.max())
    margin = EXTRAPOLATION_MARGIN * (high - low)
    outside = (val < low - margin) | (val > high + margin)
    return float(outside.mean()), low, high, margin


def extrapolation(parts, transform: str) -> HealthWarning | None:
    """The extrapolation warning of a series, or None. parts(transform) gives the target as
    a model of that transform sees it, split where training ends: (training rows, rows
    after them), or None where the transform cannot apply (log of values <= 0)."""
    share, low, high, margin = outside_share(*parts(transform))
    if share < EXTRAPOLATION_SHARE:
        return None
    w = _warn("extrapolation", 0, "extrapolation", share=f"{share:.0%}", transform=transform,
              low=f"{low:.4g}", high=f"{high:.4g}", margin=f"{margin:.3g}")  # fmt: skip
    for other in CHANGE_TRANSFORMS:
        split = parts(other) if other != transform else None
        if split is not None and outside_share(*split)[0] < EXTRAPOLATION_SHARE:
            return _advised(w, EXTRAPOLATION_ADVICE[other])
    return w


def data_warnings(data) -> tuple[HealthWarning, ...]:
    """Warnings about a dataset itself, before any training: a series' extrapolation."""
    if not hasattr(data, "target_parts"):
        return ()
    raw = np.asarray(data.raw)

    def parts(transform: str):
        if transform in ("log", "logdiff") and not (raw > 0).all():
            return None
        return data.target_parts(transform)

    w = extrapolation(parts, data.transform)
    return () if w is None else (w,)


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
        self._growth_step = 0  # last history row read by the growth rule
        self._growth_hit: HealthWarning | None = None  # the growth rule at that row
        self._divergence_step = -1
        self._last_divergence: HealthWarning | None = None
        self._val_step = -1  # last validation read
        self._vals: list[tuple[float, int, float]] = []  # (loss, step, train mean) so far
        self._levels: list[float] = []  # median of the OVERFIT_VALS validations up to each
        self._val_hit: HealthWarning | None = None
        self._loss_step = 0  # last history row read by the loss-growth rule
        self._loss_hit: HealthWarning | None = None

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
        self._read_growth(snap, hits, now)
        self._read_validation(snap, hits, now)
        self._read_divergences(snap, hits, now)
        self._read_loss_growth(snap, hits, now)
        for w in getattr(snap, "data_warnings", ()):  # about the data: from step 0, always on
            hits[w.code].append(w)
            now[w.code] = w
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
        cell, T = snap.probe.cell, snap.probe.grad_norm.shape[-1]
        for k in range(max(self._probes - 1, 0), K):  # the newest may have been replaced
            step, lo = int(view.steps[k]), k + 1 - HEALTH_PROBES
            # HEALTH_PROBES probes in a row, all taken after the first step.
            judged = lo >= 0 and view.steps[lo] >= 1
            for rule in PROBE_RULES:
                w = rule(tracks, slice(lo, k + 1), step, cell, T) if judged else None
                # While it holds, a warning stays as it was when it became active.
                held = self._probe_hits.get(_RULE_CODE[rule])
                self._probe_hits[_RULE_CODE[rule]] = held if w and held else w
                if w is not None:
                    hits[w.code].append(w)
        self._probes = K
        for code, w in self._probe_hits.items():
            if w is not None:
                now[code] = w

    def _read_growth(self, snap, hits: dict, now: dict) -> None:
        """Sustained growth of the global gradient norm (GROWTH_WINDOW, GROWTH_RATIO)."""
        rows = snap.history.rows  # (n, 6): step, loss, val, grad_norm, ...
        W = GROWTH_WINDOW
        steps, g = rows[:, 0], rows[:, 3]
        first = max(int(np.searchsorted(steps, self._growth_step, side="right")), 2 * W - 1)
        if first >= len(g):
            return self._keep_growth(snap, now)
        base = float(np.median(g[:W]))
        recent = _window_medians(g, first)
        grown = recent >= GROWTH_RATIO * base
        for i in np.flatnonzero(grown)[:1]:  # the first row of this update that holds
            hits["exploding-gradient"].append(self._growth(steps, first + i, recent[i], base))
        last = len(g) - 1
        self._growth_hit = (self._growth(steps, last, recent[-1], base) if grown[-1]
                            else None)  # fmt: skip
        self._growth_step = int(steps[last])
        self._keep_growth(snap, now)

    @staticmethod
    def _growth(steps: np.ndarray, i: int, recent: float, base: float) -> HealthWarning:
        start = int(steps[i - GROWTH_WINDOW + 1])
        return _warn("exploding-gradient", steps[i], "growth", start=start,
                     step=int(steps[i]), recent=f"{recent:.3g}", times=f"{recent / base:.3g}",
                     window=GROWTH_WINDOW, base=f"{base:.3g}")  # fmt: skip

    def _keep_growth(self, snap, now: dict) -> None:
        if self._growth_hit is not None:
            now.setdefault("exploding-gradient", self._growth_hit)

    def _read_divergences(self, snap, hits: dict, now: dict) -> None:
        """A divergence (a non-finite loss or gradient) is the end of an explosion too."""
        steps = snap.history.divergences  # (k,) steps rolled back
        for step in steps[steps > self._divergence_step]:
            w = _warn("diverged", step, "diverged", step=int(step))
            hits["diverged"].append(w)
            hits["exploding-gradient"].append(
                _warn("exploding-gradient", step, "nonfinite", step=int(step))
            )
            self._divergence_step, self._last_divergence = int(step), w
        if snap.diverged and self._last_divergence is not None:
            now["diverged"] = self._last_divergence
        last = self._last_divergence
        if last is not None and snap.step - last.step <= EVENT_ACTIVE_STEPS:
            now.setdefault(
                "exploding-gradient",
                _warn("exploding-gradient", last.step, "nonfinite", step=last.step),
            )

    def _read_loss_growth(self, snap, hits: dict, now: dict) -> None:
        """A training loss that grew to LOSS_RISE x the first step's (a GROWTH_WINDOW median)."""
        rows = snap.history.rows
        W = GROWTH_WINDOW
        steps, loss = rows[:, 0], rows[:, 1]
        first = max(int(np.searchsorted(steps, self._loss_step, side="right")), W)
        base = float(loss[0]) if len(loss) else math.nan  # the loss at initialisation
        if first < len(loss) and math.isfinite(base) and base > 0:
            recent = _window_medians(loss, first)
            grown = recent >= LOSS_RISE * base

            def warning(i: int) -> HealthWarning:
                return _warn("rising-loss", steps[first + i], "loss-growth", window=W,
                             recent=f"{recent[i]:.3g}", times=f"{recent[i] / base:.3g}",
                             base=f"{base:.3g}")  # fmt: skip

            for i in np.flatnonzero(grown)[:1]:
                hits["rising-loss"].append(warning(int(i)))
            held = self._loss_hit
            self._loss_hit = (held or warning(len(recent) - 1)) if grown[-1] else None
            self._loss_step = int(steps[-1])
        if self._loss_hit is not None:
            now["rising-loss"] = self._loss_hit

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
        """Check the level of the newest OVERFIT_VALS validation losses (this one last)
        against the lowest level before them."""
        n = OVERFIT_VALS
        self._vals.append((float(loss), step, _train_mean(rows, step)))
        self._levels.append(float(np.median([v for v, _, _ in self._vals[-n:]])))
        if len(self._vals) < 2 * n:
            return None
        level = self._levels[-1]
        earlier = self._levels[n - 1 : -n]  # levels of whole windows that end before this one
        k = int(np.argmin(earlier)) + n - 1  # index of the validation that ends the lowest
        low, (_, low_step, low_train) = self._levels[k], self._vals[k]
        train = self._vals[-1][2]
        if level >= (1 + OVERFIT_RISE) * low and train < low_train:
            return _warn("overfitting", step, "overfitting", loss=f"{level:.4g}",
                         rise=f"{level / low - 1:.0%}", low=f"{low:.4g}", low_step=low_step,
                         vals=n)  # fmt: skip
        if level >= OVERFIT_GAP * train and level >= OVERFIT_GAP_LOSS:
            return _warn("overfitting", step, "gap", loss=f"{level:.4g}",
                         times=f"{level / train:.3g}", train=f"{train:.4g}", vals=n)  # fmt: skip
        ln_v = math.log(V) if V else math.inf
        if level > ln_v and min(earlier) < ln_v:
            return _warn("overfitting", step, "above-uniform", loss=f"{level:.4g}",
                         uniform=f"{ln_v:.4g}", vals=n)  # fmt: skip
        return None


_RULE_CODE = {
    _vanishing: "vanishing-gradient",
    _amplifying: "exploding-gradient",
    _saturated: "saturated-gates",
    _dead: "dead-units",
}


def _window_medians(values: np.ndarray, first: int) -> np.ndarray:
    """(len(values) - first,) the median of the GROWTH_WINDOW values up to each index from
    `first` (at least GROWTH_WINDOW - 1) on: the growth rules' recent level."""
    windows = np.lib.stride_tricks.sliding_window_view(values[first - GROWTH_WINDOW + 1 :],
                                                       GROWTH_WINDOW)  # fmt: skip
    return np.median(windows, axis=1)


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
