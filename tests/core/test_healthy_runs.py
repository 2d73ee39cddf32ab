"""No false alarms: the defaults of every cell on the sine, the bundled samples and every
preset's healthy variant train 2,000 steps without a warning, except overfitting where the
validation loss really rose (checked by the rule transcribed in numpy: the nursery rhymes
and the two text presets memorise their small corpus).

The configurations are the defaults but for the batch (16: a series trains full-batch by
default, which would take minutes here) and a probe every 100 steps (steady, and cheap)."""

import pytest

from rnnviz import resources
from rnnviz.core.config import Config
from rnnviz.core.diagnostics import evaluate
from rnnviz.core.presets import load_preset
from rnnviz.core.trainer import Trainer
from tests.core.test_diagnostics import first_overfitting

STEPS = 2000
SAMPLES = resources.path("samples")
# The healthy variant of each comparison preset: the one its lesson holds up as the remedy.
HEALTHY = {"clipping-rescue": ("norm",), "forget-bias": (1.0,), "vanishing": ("lstm", "gru")}


def cases():
    for cell in ("rnn", "lstm", "gru"):
        yield f"sine-{cell}", Config(cell=cell)
    yield "temperature.csv", Config(data=str(SAMPLES / "temperature.csv"))
    yield "nursery_rhymes.txt", Config(data=str(SAMPLES / "nursery_rhymes.txt"))
    for name in ("clipping-rescue", "forget-bias", "vanishing", "overfitting", "temperature"):
        p = load_preset(name)
        if p.vary is None:
            yield f"preset-{name}", p.config
            continue
        configs = dict(zip(p.vary.values, p.vary.configs(p.config), strict=True))
        for value in HEALTHY[name]:
            yield f"preset-{name}-{value}", configs[value]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "config"), list(cases()), ids=[n for n, _ in cases()])
def test_healthy_runs_raise_no_false_alarm(name, config):
    config = config.replace(batch_size=16, probe_every=100, sample_len=0, samples=())
    t = Trainer(config)
    t.run(STEPS, on_snapshot=None, every_s=0)
    snap = t.snapshot(max_points=10**9)
    raised = {w.code: w for w in evaluate(snap).raised()}
    assert set(raised) <= {"overfitting"}, raised
    if "overfitting" in raised:  # the rule, transcribed in numpy, agrees on where it rose
        V = len(t.data.vocab) if snap.probe.tokens is not None else 0
        assert raised["overfitting"].step == first_overfitting(snap.history, V)
