"""Greedy decoding near temperature 0 and the next-character odds, against independent torch.nn
decoding (the fused module re-run on the whole prefix each step, float64) and numpy."""

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.core.config import Config
from rnnviz.core.data import DataError
from rnnviz.core.odds import next_char_logits, next_char_odds, odds_from_logits
from rnnviz.core.probe import GREEDY_TEMPERATURE, sample_text
from rnnviz.core.trainer import Trainer
from tests.core.test_probe import fused_copy
from tests.reference import assert_ranked


@pytest.fixture(scope="module")
def text_trainer(tmp_path_factory):
    path = tmp_path_factory.mktemp("odds") / "corpus.txt"
    path.write_text("the cat sat on the mat.\nthe dog ate a frog.\n" * 30, encoding="utf-8")
    t = Trainer(Config(cell="gru", hidden=16, layers=2, seq_len=12, data=str(path),
                       sample_len=0, lr=0.02))  # fmt: skip
    t.run(60)
    return t


def reference_logits(trainer, ids):
    """Logits after the last of `ids`, by nn.GRU + nn.Linear in float64 from a zero state."""
    rnn = fused_copy(trainer, trainer.config.layers)
    head = nn.Linear(rnn.hidden_size, len(trainer.data.vocab)).double()
    head.load_state_dict(trainer.model.head.state_dict())
    x = nn.functional.one_hot(torch.tensor([ids]), len(trainer.data.vocab)).double()
    with torch.no_grad():
        out, _ = rnn(x)
        return head(out[0, -1]).numpy()


def test_temperature_near_zero_decodes_greedily(text_trainer):
    t, data = text_trainer, text_trainer.data
    prime, n = "the ", 60
    got = [
        sample_text(t.model, data, n, 0.01, prime, torch.Generator().manual_seed(s)) for s in (0, 1)
    ]
    assert got[0] == got[1]  # no randomness left
    ids = data.encode(prime)
    for _ in range(n):
        z = reference_logits(t, ids)
        top2 = np.sort(z)[-2:]
        assert top2[1] - top2[0] > 1e-4  # not a near tie that float rounding could flip
        ids.append(int(np.argmax(z)))
    assert got[0] == data.decode(ids)
    assert len(set(got[0][len(prime) :])) > 1  # a real sample, not one repeated character


def test_sampling_above_the_threshold_is_still_random(text_trainer):
    t = text_trainer
    draws = {sample_text(t.model, t.data, 40, 1.5, "t", torch.Generator().manual_seed(s))
             for s in range(4)}  # fmt: skip
    assert len(draws) > 1
    assert 0 < GREEDY_TEMPERATURE < 0.1


@pytest.mark.parametrize("temperature", [0.3, 1.0, 2.0])
def test_odds_match_an_independent_softmax(text_trainer, temperature):
    t, data = text_trainer, text_trainer.data
    context = "the dog a"
    odds = next_char_odds(t.model, data, context, temperature)
    z = reference_logits(t, data.encode(context)) / temperature
    p = np.exp(z - z.max())
    p /= p.sum()
    ids = [data.vocab.index(c) for c in odds.chars]  # by probability, not float rounding
    assert len(ids) == 5
    np.testing.assert_allclose(odds.probs, p[ids], rtol=1e-5)
    assert_ranked(ids, odds.probs, p, tol=1e-5)
    assert odds.entropy_bits == pytest.approx(float(-(p * np.log2(p)).sum()), rel=1e-5)
    assert odds.temperature == temperature


def test_every_prefix_in_one_pass(text_trainer):
    t, data = text_trainer, text_trainer.data
    text = "the cat sat\non"
    logits = next_char_logits(t.model, data, text)
    assert logits.shape == (len(text), len(data.vocab))
    for i in (0, 5, len(text) - 1):
        np.testing.assert_allclose(logits[i], reference_logits(t, data.encode(text[: i + 1])),
                                   rtol=1e-4, atol=1e-5)  # fmt: skip
    assert t.model.training  # put back as it was


def test_greedy_odds_and_bad_contexts(text_trainer):
    t, data = text_trainer, text_trainer.data
    z = next_char_logits(t.model, data, "the")[-1]
    odds = odds_from_logits(z, data.vocab, 0.01)
    assert odds.chars[0] == data.vocab[int(np.argmax(z))]
    assert odds.probs[0] == 1.0 and odds.entropy_bits == 0.0
    flat = odds_from_logits(np.zeros(8), list("abcdefgh"), 1.0, k=3)
    assert flat.chars == ("a", "b", "c") and flat.entropy_bits == pytest.approx(3.0)
    with pytest.raises(DataError, match="empty"):
        next_char_odds(t.model, data, "", 1.0)
    with pytest.raises(DataError, match="never occur"):
        next_char_odds(t.model, data, "xyzQ", 1.0)
