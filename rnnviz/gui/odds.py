"""Next-character odds in the window (text): the model's top characters after a hovered
character of the live sample or of the probe window, with bars, at the current temperature.

The logits of every prefix of a text come from core in one pass on the worker thread
(`next_char_logits`) and are cached per text; turning a row into odds at a temperature is
numpy only (`odds_from_logits`), so the bars follow the temperature control at once.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QSizePolicy

from rnnviz.core.odds import NextCharOdds, odds_from_logits
from rnnviz.gui.i18n import translate
from rnnviz.gui.plots.base import char_label

BAR_CHARS = 24  # a probability of 1 is this many full blocks
EIGHTHS = " ▏▎▍▌▋▊▉"
CONTEXT_SHOWN = 24  # characters of the context named above the bars
HINT = QT_TRANSLATE_NOOP(
    "OddsBox",
    "Hover a character of the sample, or a step of the "
    "hidden-state heatmap, to see the model's next-character odds.",
)
REPLAY_NOTE = QT_TRANSLATE_NOOP("OddsBox", "Replay: the odds need the current weights; press "
                                "Live to read them.")  # fmt: skip


def bar(p: float, width: int = BAR_CHARS) -> str:
    """A horizontal bar of p in [0, 1] in block characters, to an eighth of a block."""
    eighths = int(round(float(np.clip(p, 0, 1)) * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def odds_html(context: str, odds: NextCharOdds) -> str:
    """The odds as a few lines of rich text: the context's end, then one bar per character."""
    tail = context[-CONTEXT_SHOWN:]
    shown = html.escape("".join(char_label(c) for c in tail))
    rows = "".join(
        f"<tr><td><code>{html.escape(char_label(c))}</code></td>"
        f'<td style="color:#1f77b4; font-family:monospace">{bar(p)}</td>'
        f"<td align=right>&nbsp;{p:.3f}</td></tr>"
        for c, p in zip(odds.chars, odds.probs, strict=True)
    )
    dots = "…" if len(context) > CONTEXT_SHOWN else ""
    head = translate(
        "OddsBox", "<b>Next character</b> after “{context}” at temperature {t}: entropy {bits} bits"
    ).format(context=dots + shown, t=f"{odds.temperature:g}", bits=f"{odds.entropy_bits:.3f}")
    return f"{head}<table cellspacing=0 cellpadding=0>{rows}</table>"


class OddsBox(QLabel):
    """The bars of the last hovered character; redrawn when the temperature changes."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("odds")
        self.setTextFormat(self.textFormat().RichText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.setWordWrap(True)
        self.setStyleSheet("background:#f6f8fa; padding:3px 6px;")
        self.vocab: list[str] = []
        self.context = ""
        self.logits: np.ndarray | None = None  # (V,) after the context
        self.temperature = 1.0
        self.odds: NextCharOdds | None = None
        self.clear_odds()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        """No height for width: through the view's grid it made the scroll area size the
        whole Training view for the narrowest wrap, ~1,070 px tall at 1366x768, and a text's
        bottom row of panels was cut off (a new user's trial). The box takes the height its
        layout gives it; the odds table is a few lines."""
        return False

    def clear_odds(self, note: str = "") -> None:
        self.logits, self.odds = None, None
        self.setText(f"<i>{translate('OddsBox', note or HINT)}</i>")

    def show_odds(self, context: str, logits: np.ndarray, vocab: list[str]) -> None:
        self.context, self.logits, self.vocab = context, logits, vocab
        self._redraw()

    def set_temperature(self, temperature: float) -> None:
        self.temperature = float(temperature)
        self._redraw()

    def _redraw(self) -> None:
        if self.logits is None:
            return
        self.odds = odds_from_logits(self.logits, self.vocab, self.temperature)
        self.setText(odds_html(self.context, self.odds))
