"""Control characters leave a text before training; a large vocabulary gets a note."""

import json
import re
import unicodedata

from rnnviz.cli import main
from rnnviz.core.config import Config
from rnnviz.core.data import TextData, load_data, strip_control, vocab_note
from rnnviz.core.trainer import Trainer

GREEN, RESET = "\x1b[32m", "\x1b[0m"
LINE = f"{GREEN}ok{RESET} passed\ttest_one\r\n\x07bell \x7fdel \x85nel \x9b1;31mred{RESET}\n"
# The escape sequences of LINE, written out by hand: each goes whole.
SEQUENCES = (GREEN, RESET, "\x9b1;31m", RESET)


def independent_count(text: str) -> int:
    """Characters removed, counted without rnnviz: the escape sequences' lengths, then every
    remaining character of Unicode category Cc other than newline and tab."""
    rest, n = text, 0
    for seq in SEQUENCES:
        i = rest.index(seq)
        rest, n = rest[:i] + rest[i + len(seq) :], n + len(seq)
    return n + sum(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in rest)


def test_strip_control_counts_against_an_independent_count():
    text = LINE * 30
    clean, removed = strip_control(text)
    assert removed == independent_count(LINE) * 30 == len(text) - len(clean)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in clean)
    assert "[32m" not in clean and "[0m" not in clean and "1;31m" not in clean  # whole
    assert clean.startswith("ok passed\ttest_one\nbell del nel red\n")


def test_clean_text_untouched():
    assert strip_control("plain\ttext\n") == ("plain\ttext\n", 0)


def write_log(tmp_path):
    path = tmp_path / "log.txt"
    path.write_text(LINE * 40, encoding="utf-8")
    return path


def test_the_model_never_sees_an_escape_sequence(tmp_path):
    path = write_log(tmp_path)
    data = load_data(Config(data=str(path), seq_len=8))
    assert isinstance(data, TextData)
    assert data.control_removed == independent_count(LINE) * 40
    assert not set(data.vocab) & {"\x1b", "\x9b", "\r", "\x07", "\x7f", "\x85"}
    assert "[32m" not in data.text and re.search(r"\x1b|\x9b", data.text) is None


def test_keep_control_keeps_them(tmp_path):
    path = write_log(tmp_path)
    data = load_data(Config(data=str(path), seq_len=8, keep_control=True))
    assert data.control_removed == 0 and data.text == LINE * 40
    assert "\x1b" in data.vocab and "[" in data.vocab


def test_metrics_json_counts_the_removed_characters(tmp_path, capsys):
    path = write_log(tmp_path)
    out = tmp_path / "run"
    assert main(["train", "--data", str(path), "--steps", "3", "--out", str(out)]) == 0
    n = independent_count(LINE) * 40
    assert json.loads((out / "metrics.json").read_text())["control_characters_removed"] == n
    assert f"note: removed {n:,} control characters" in capsys.readouterr().err
    kept = tmp_path / "kept"
    assert main(["train", "--data", str(path), "--steps", "3", "--keep-control",
                 "--out", str(kept)]) == 0  # fmt: skip
    assert json.loads((kept / "metrics.json").read_text())["control_characters_removed"] == 0
    assert "control characters" not in capsys.readouterr().err


def test_a_large_vocabulary_gets_a_note_and_a_small_one_none(tmp_path, capsys):
    chars = "".join(chr(0x4E00 + i) for i in range(1200))  # 1,200 CJK ideographs
    path = tmp_path / "big.txt"
    path.write_text(chars * 3, encoding="utf-8")
    assert main(["train", "--data", str(path), "--steps", "1", "--hidden", "8"]) == 0
    notes = [x for x in capsys.readouterr().err.splitlines() if "distinct characters" in x]
    trainer = Trainer(Config(data=str(path), hidden=8, seq_len=5))
    weights = trainer.model.head.weight.numel()  # the output layer's own count
    assert len(trainer.data.vocab) == 1200 and weights == 9600
    assert notes == [f"note: {vocab_note(1200, 8)}"]
    assert notes[0].startswith("note: 1,200 distinct characters") and "9,600 weights" in notes[0]
    assert vocab_note(1000, 8) is None
    small = tmp_path / "small.txt"
    small.write_text("the cat sat on the mat. " * 40, encoding="utf-8")
    assert main(["train", "--data", str(small), "--steps", "1", "--hidden", "8"]) == 0
    assert "distinct characters" not in capsys.readouterr().err
