"""The gradient-over-time caption's τ agrees with its ratio: ∞ only where the gradient does not
shrink toward t = 1, and then the caption says what ∞ means. Checked against numpy's
least-squares line in float64."""

from types import SimpleNamespace

import numpy as np
import pytest

from rnnviz.core.probe import memory_length
from rnnviz.gui.plots.base import log_label
from rnnviz.gui.plots.compare import CompareMemoryPanel, last_tau
from rnnviz.gui.plots.gradients import GradTimePanel, fmt_tau


def probe(g, step=100):
    g = np.asarray(g, dtype=np.float32)[None]  # (1, T)
    return SimpleNamespace(grad_norm=g, memory_length=memory_length(g), step=step, directions=1)


def want_tau(g):
    """The e-folding distance in float64: the fitted line's where it falls, else the
    end-to-end one where the gradient at t = 1 is smaller, else inf."""
    g = np.asarray(g, dtype=np.float64)
    T = len(g)
    slope = np.polyfit(np.arange(T - 1, -1, -1.0), np.log(g), 1)[0]
    if slope < 0:
        return -1 / slope
    return (T - 1) / np.log(g[-1] / g[0]) if g[0] < g[-1] else np.inf


def test_a_drop_then_a_plateau_is_decay_not_infinity(qtbot):
    T = 50
    g = np.append(np.geomspace(3.7e-7, 1e-10, T - 1), 0.1).astype(np.float32)  # t = 1..T
    p = probe(g)
    tau = want_tau(g)  # the fitted line alone says "no decay"; end to end it decays
    assert np.isfinite(tau) and tau < 4
    assert p.memory_length[0] == pytest.approx(tau, rel=1e-6)  # the probe reports the same
    caption = GradTimePanel.summary([p])
    assert f"τ = {fmt_tau(tau)} steps" in caption and "∞" not in caption
    assert f"= {log_label(float(g[0]) / float(g[-1]), 2)}" in caption
    assert abs(last_tau(SimpleNamespace(probe=p)) - tau) < 1e-6 * tau  # the Compare caption


def test_infinity_only_without_decay_and_the_caption_says_what_it_means(qtbot):
    g = np.geomspace(0.01, 0.1, 10)[::-1]  # grows toward t = 1
    assert want_tau(g) == np.inf
    caption = GradTimePanel.summary([probe(g)])
    assert "τ = ∞ steps" in caption and "∞: the gradient does not shrink toward t = 1" in caption
    falling = np.geomspace(1e-3, 1.0, 10)  # shrinks by 1000 over 9 steps
    caption = GradTimePanel.summary([probe(falling)])
    assert f"τ = {fmt_tau(want_tau(falling))} steps" in caption and "∞" not in caption


def test_the_compare_memory_panel_tracks_the_same_tau(qtbot):
    T = 50
    g = np.append(np.geomspace(3.7e-7, 1e-10, T - 1), 0.1)
    p = probe(g)
    ratio = np.array([[g[0] / g[-1]]])
    probes = SimpleNamespace(steps=np.array([100]), tracks={"gradient_ratio": ratio},
                             track=lambda n: {"memory_length": p.memory_length[None],
                                              "gradient_ratio": ratio}[n])  # fmt: skip
    steps, tau = CompareMemoryPanel.track(SimpleNamespace(probe=p, probes=probes))
    assert steps.tolist() == [100.0] and abs(tau[0] - want_tau(g)) < 1e-6 * want_tau(g)
