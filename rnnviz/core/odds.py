"""Next-character odds (text): the model's top characters after a context, at a temperature.

The model reads the context from a zero state, exactly as a sample or the probe window is read,
and its logits z after the context's last character give p = softmax(z / temperature). The
entropy is that distribution's, in bits (log base 2): 0 when one character is certain,
log2(V) when all V are equally likely. At temperatures up to GREEDY_TEMPERATURE, sampling is
greedy, so the odds are what the sampler does: the most probable character has probability 1.

For hovering, compute the logits of every prefix once (`next_char_logits`, one pass) and turn a
row into odds at any temperature with `odds_from_logits` (numpy only, cheap enough for a slider).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from rnnviz.core.snapshot import GREEDY_TEMPERATURE
from rnnviz.core.table import DataError

if TYPE_CHECKING:
    from rnnviz.core.data import TextData
    from rnnviz.core.models import RecurrentModel

TOP = 5


@dataclass(frozen=True)
class NextCharOdds:
    """The most probable next characters, most probable first."""

    chars: tuple[str, ...]  # (k,)
    probs: np.ndarray  # (k,) float64 probabilities at `temperature`
    entropy_bits: float  # entropy of the whole distribution at `temperature`, in bits
    temperature: float


def next_char_logits(model: RecurrentModel, data: TextData, text: str) -> np.ndarray:
    """(n, V) float32: row i holds the logits after reading text[: i + 1] from a zero state.

    Raises DataError for an empty text or a character the vocabulary lacks. (torch is imported
    here: the window's process shows odds without it.)
    """
    import torch
    import torch.nn.functional as F

    if not text:
        raise DataError("the context is empty: the model needs at least one character")
    device = next(model.parameters()).device
    ids = torch.tensor(data.encode(text), device=device)
    x = F.one_hot(ids, len(data.vocab)).float()[None]  # (1, n, V)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            out, _ = model(x)  # (1, n, V)
    finally:
        model.train(was_training)
    return out[0].cpu().numpy()


def odds_from_logits(
    logits: np.ndarray, vocab: Sequence[str], temperature: float, k: int = TOP
) -> NextCharOdds:
    """Top-k characters, their probabilities and the entropy of softmax(logits / temperature).

    Ties are broken by vocabulary order, as argmax does."""
    z = np.asarray(logits, dtype=np.float64)  # (V,)
    if temperature <= GREEDY_TEMPERATURE:
        p = np.zeros_like(z)
        p[int(np.argmax(z))] = 1.0  # what greedy sampling does
    else:
        a = z / temperature
        e = np.exp(a - a.max())
        p = e / e.sum()
    top = np.argsort(-p, kind="stable")[: min(k, len(p))]
    nz = p[p > 0]
    entropy = float(-(nz * np.log2(nz)).sum()) + 0.0  # + 0.0: no "-0.0" for a certain pick
    probs = p[top]
    probs.setflags(write=False)
    return NextCharOdds(tuple(vocab[i] for i in top), probs, entropy, float(temperature))


def next_char_odds(
    model: RecurrentModel, data: TextData, context: str, temperature: float, k: int = TOP
) -> NextCharOdds:
    """The top-k next characters after `context` (e.g. a prefix of the probe window or of the
    live sample) at `temperature`, and the entropy in bits."""
    logits = next_char_logits(model, data, context)[-1]  # (V,)
    return odds_from_logits(logits, data.vocab, temperature, k)
