"""Trainer and Comparison are both Trainables: one step, a refresh and live settings by name,
as the window's worker drives them."""

import pytest

from rnnviz.core.comparison import Comparison, Vary
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.trainable import Trainable
from rnnviz.core.trainer import Trainer

SMALL = Config(hidden=6, length=200)


def test_a_trainer_steps_once_and_takes_live_settings_by_name():
    t = Trainer(SMALL)
    assert isinstance(t, Trainable)
    assert t.set_live("clip", "norm") and t.set_live("clip-value", 0.5)
    assert t.set_live("lr", 0.003) and t.set_live("probe_every", 2)
    snap = t.step_once()
    assert snap.step == 1 and (snap.clip, snap.clip_value, snap.lr) == ("norm", 0.5, 0.003)
    assert snap.probe.step == 1 and snap.val_loss == t.last_val
    with pytest.raises(ConfigError, match="needs new weights"):
        t.set_live("hidden", 4)
    with pytest.raises(ConfigError, match="lr must be"):
        t.set_live("lr", 0)
    assert t.refresh().step == 1


def test_a_comparison_keeps_its_varied_setting_per_variant():
    c = Comparison(SMALL, Vary("clip", ("off", "norm")))
    assert isinstance(c, Trainable)
    assert not c.set_live("clip", "value")  # varied: each keeps its own mode...
    assert not c.set_live("clip-value", 3.0)  # ...and the threshold follows
    assert c.set_live("lr", 0.002)
    snap = c.step_once()
    assert snap.step == 1
    assert [(s.clip, s.clip_value, s.lr) for s in snap.snapshots] == [
        ("off", 3.0, 0.002), ("norm", 3.0, 0.002)]  # fmt: skip
