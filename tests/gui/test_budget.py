"""The window's side of text hygiene and of a run's budget."""

import unicodedata

from tests.gui.conftest import opened

LOG = "\x1b[32mok\x1b[0m passed\r\n\x07done\n"


def test_data_box_counts_removed_control_characters(qtbot, window, tmp_path):
    path = tmp_path / "log.txt"
    path.write_text(LOG * 50, encoding="utf-8")
    assert opened(qtbot, window, path)
    # Independent count: the two escape sequences whole, then the other Cc characters.
    rest = LOG.replace("\x1b[32m", "").replace("\x1b[0m", "")
    per_line = len("\x1b[32m\x1b[0m") + sum(
        unicodedata.category(c) == "Cc" and c not in "\n\t" for c in rest
    )
    text = window.controls.data_label.text()
    assert f"{per_line * 50:,} control characters removed" in text
    assert "distinct characters" not in text


def test_data_box_notes_a_large_vocabulary(qtbot, window, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("".join(chr(0x4E00 + i) for i in range(1100)) * 3, encoding="utf-8")
    assert opened(qtbot, window, path)
    text = window.controls.data_label.text()
    weights = window.solo.run.trainable.model.head.weight.numel()
    assert f"1,100 distinct characters: the output layer alone has {weights:,} weights" in text
    assert "control characters" not in text
