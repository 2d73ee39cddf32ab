"""Can the installed fonts draw a text's characters? Qt draws a box for a character no font
has, with no word of why; the window says so instead, naming the fix."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from rnnviz.gui.i18n import translate

FIX = QT_TRANSLATE_NOOP(
    "Fonts", "install a CJK font, e.g. sudo apt-get install fonts-wqy-microhei, then restart rnnviz"
)


@lru_cache(maxsize=1)
def _raw_fonts() -> tuple[QRawFont, ...]:
    """One raw font per installed family (regular style): what fallback can draw with."""
    fonts = []
    for family in QFontDatabase.families():
        raw = QRawFont.fromFont(QFont(family))
        if raw.isValid():
            fonts.append(raw)
    return tuple(fonts)


def drawable(ch: str) -> bool:
    """True if some installed font has a glyph for `ch` (controls and spaces count as yes)."""
    if unicodedata.category(ch)[0] in "CZ":
        return True
    code = ord(ch)  # the str overload takes a QChar and fails beyond ASCII
    return any(raw.supportsCharacter(code) for raw in _raw_fonts())


def missing_glyphs(text: str, most: int = 2000) -> list[str]:
    """The distinct characters of `text` (the first `most` distinct ones) no font can draw."""
    seen = list(dict.fromkeys(text))[:most]
    return [ch for ch in seen if not drawable(ch)]


def missing_glyphs_message(text: str) -> str | None:
    """One line for the window (and stderr in scripted mode), or None when all is drawable."""
    missing = missing_glyphs(text)
    if not missing:
        return None
    shown = "".join(missing[:6]) + ("…" if len(missing) > 6 else "")
    return translate("Fonts", "{n} characters of this text ({shown}) have no glyph in any "
                     "installed font and show as boxes: {fix}").format(
        n=len(missing), shown=shown, fix=translate("Fonts", FIX))  # fmt: skip
