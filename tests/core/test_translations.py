"""What the window needs to show core's words in another language: every bundled preset has a
complete zh_CN table, and every warning's English message is its template filled in."""

from __future__ import annotations

import string

import pytest

from rnnviz.core.diagnostics import ADVICE, MESSAGES, _warn
from rnnviz.core.presets import PresetError, bundled, load_file


@pytest.mark.parametrize("preset", bundled(), ids=lambda p: p.name)
def test_every_bundled_preset_has_a_complete_chinese_table(preset):
    zh = preset.translated("zh_CN")
    assert zh.lesson != preset.lesson and len(zh.callouts) == len(preset.callouts)
    for en, cn in zip(preset.callouts, zh.callouts, strict=True):
        assert cn.text != en.text and cn.panel == en.panel and cn.when == en.when
        assert any("\u4e00" <= ch <= "\u9fff" for ch in cn.text)
    assert preset.translated("en") is preset  # English: the file's own text


def test_a_translation_table_must_cover_every_callout(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('lesson = "L"\nsteps = 5\n[[callouts]]\npanel = "loss"\ntext = "T"\n'
                 'when = { after_step = 1 }\n[zh_CN]\nlesson = "课"\ncallouts = []\n')  # fmt: skip
    with pytest.raises(PresetError, match=r"\[zh_CN\] has 0 callout texts for 1 callouts"):
        load_file(f)


def test_messages_are_their_templates_filled_in():
    w = _warn("dead-units", 7, "dead", share="50%", layer=2, std="0.001", probes=3)
    assert w.message == ("50% of the units in layer 2 barely move (std of h below 0.001 over "
                         "the probe batch) in 3 probes in a row, so they carry no "
                         "information.")  # fmt: skip
    assert w.to_dict() == {"code": "dead-units", "step": 7, "message": w.message}
    assert w.advice == ADVICE["dead-units"] and w.values["layer"] == "2"
    for template in MESSAGES.values():  # every placeholder is a plain name
        names = [f for _, f, _, _ in string.Formatter().parse(template) if f]
        assert all(n.isidentifier() for n in names)
