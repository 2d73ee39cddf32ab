"""The window in Simplified Chinese: the shipped .ts is what lupdate extracts today, fully
translated and compiled, and a window opened in zh_CN shows no English word that should have
been translated (a walk over every label, button, action, combo item, tab, tooltip, axis
label, plot title, legend and panel title)."""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenu,
    QTextEdit,
    QWidget,
)

from rnnviz.core.presets import bundled
from rnnviz.gui import i18n, settings

TS = i18n.TRANSLATIONS / "rnnviz_zh_CN.ts"
# Words that stay as they are in Chinese: names, units, formats, identifiers, citations.
ALLOWED = {
    "lstm", "gru", "rnn", "adam", "sgd", "xavier", "torch", "pytorch", "cpu", "cuda", "csv",
    "tsv", "utf", "html", "png", "svg", "gif", "toml", "json", "mse", "tanh", "sigmoid", "softmax",
    "viridis", "pearson", "distill", "karpathy", "johnson", "fei", "pascanu", "jozefowicz",
    "tensorboard", "rnnviz", "dropout", "sin", "tau", "ctrl", "float", "logits", "readme",
    "sine", "visualizing", "memorization", "rnns", "shift", "english", "ray",
    "cos", "diff", "log", "logdiff",  # cos(π k / steps); the --transform options
}  # fmt: skip
ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Identifiers and command-line text: h_t, dL_T, weight_ih_l0, head.weight, --seq-len, cell=rnn.
# Also a preset's or a variant's name (cell-rnn, clipping-rescue) and a warning's code.
IDENTIFIERS = re.compile(
    r"--[\w-]+|\b\w+=[\w.,-]+|\b\w*[_.]\w+\b|'rnnviz [^']*'"
    r"|\b[a-z]+(?:-[\w.]+)+"
)


def messages(path) -> set[tuple[str, str]]:
    root = ET.parse(path).getroot()
    return {(c.findtext("name") or "", m.findtext("source")) for c in root.iter("context")
            for m in c.iter("message")}  # fmt: skip


def test_shipped_translation_is_current_complete_and_compiled(tmp_path):
    fresh = tmp_path / TS.name
    shutil.copy(TS, fresh)
    report = i18n.lupdate(fresh)  # what the sources mark today, merged into the shipped file
    assert messages(fresh) == messages(TS), "run: python -m rnnviz.gui.i18n --update"
    assert "0 new" in report, report
    text = TS.read_text(encoding="utf-8")
    for state in ('type="unfinished"', 'type="obsolete"', 'type="vanished"'):
        assert state not in text
    assert len(messages(TS)) > 350
    i18n.lrelease(fresh)
    assert fresh.with_suffix(".qm").read_bytes() == TS.with_suffix(".qm").read_bytes()


def test_language_choice(monkeypatch):
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("zh_TW")))
    assert i18n.system_language() == "zh_CN"
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.choose_language(None) == "en" and i18n.choose_language("zh_CN") == "zh_CN"
    settings.save_language("zh_CN")
    try:
        assert i18n.choose_language(None) == "zh_CN" and i18n.choose_language("en") == "en"
    finally:
        settings.save_language("")


PRESETS = re.compile("|".join(rf"\b{p.name}\b" for p in bundled()))


def english_words(text: str) -> set[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text or ""))
    text = IDENTIFIERS.sub(" ", text)  # first: attention=off,on is not the preset attention
    text = PRESETS.sub(" ", text)
    return {w for w in ENGLISH.findall(text) if w.lower() not in ALLOWED}


def visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every user-visible string of the window."""
    out = []
    for w in window.findChildren(QWidget):
        where = f"{type(w).__name__} {w.objectName()}"
        out.append((where + " tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            out.append((where, getattr(w, "full_text", w.text)()))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QComboBox):
            out += [(where, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            out.append((where, w.title()))
        elif isinstance(w, QTextEdit):
            out.append((where, w.toPlainText()))
        if isinstance(w, QAbstractSpinBox):
            out.append((where, getattr(w, "prefix", str)() if hasattr(w, "prefix") else ""))
            out.append((where, w.specialValueText()))
    tabs = window.tabs
    out += [("tab", tabs.tabText(i)) for i in range(tabs.count())]
    out += [("window title", window.windowTitle())]
    for menu in window.menuBar().findChildren(QMenu):
        menu.aboutToShow.emit()  # the export menus fill themselves when opened
        for a in menu.actions():
            out += [("action", a.text()), ("action tip", a.toolTip()), ("status", a.statusTip())]
    for panel in window.panels:
        out += [("panel title", panel.full_title()), ("panel help", panel.help)]
        for item in panel.canvas.ci.items:
            if isinstance(item, pg.PlotItem):
                out.append(("plot title", item.titleLabel.text))
                for name in ("left", "bottom"):
                    axis = item.getAxis(name)
                    out.append((f"{panel.slug} axis", axis.labelText if axis.isVisible() else ""))
                out += [("text item", t.toPlainText()) for t in item.items
                        if isinstance(t, pg.TextItem)]  # fmt: skip
            if isinstance(item, pg.LegendItem):
                out += [("legend", label.text) for _, label in item.items]
    return [(where, t) for where, t in out if t]


@pytest.fixture
def chinese(qapp):
    assert i18n.install("zh_CN") == []
    yield
    i18n.uninstall()


def test_window_in_chinese_has_no_untranslated_words(chinese, qtbot, threads, small_text):
    from rnnviz.gui.theme import configure_pyqtgraph
    from rnnviz.gui.window import MainWindow
    from tests.gui.conftest import SMALL, settle

    configure_pyqtgraph()
    # Qt's own words (standard dialogs) are Chinese too.
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") != "&Yes"
    w = MainWindow(SMALL)
    qtbot.addWidget(w)
    w.confirm = lambda question: True
    w.show()
    try:
        assert w.start_new_run(SMALL)
        settle(qtbot, w)
        w.start_training(30)
        qtbot.waitUntil(lambda: not w.run.running and w._latest.step == 30, timeout=60_000)
        preset = next(p for p in bundled() if p.name == "vanishing")
        assert w.experiments.load(preset.override(steps=2, hidden=4, seq_len=6))
        settle(qtbot, w)
        assert "普通 RNN" in w.compare.lesson.text()
        w.compare.show_callout("compare", preset.translated("zh_CN").callouts[1].text, 2)
        w.show_view(w.training)
        assert w.inspect_unit(0, 1)
        qtbot.waitUntil(lambda: w.unit_view.report is not None, timeout=60_000)
        for view in w.views:
            w.show_view(view)
            w.draw_now()
        w.diagnostics.warnings.text.setHtml(  # a warning as the window shows it
            __import__("rnnviz.gui.views.diagnostics", fromlist=["x"]).warnings_html(
                [_dead_warning()], ())
        )  # fmt: skip
        found = {}
        for where, text in visible_texts(w):
            words = english_words(text)
            if words:
                found.setdefault(where, set()).update(words)
        assert not found, f"untranslated: {found}"
        # View ▸ Language: saved for the next start, said in the status bar.
        chosen = next(a for a in w.language_actions.actions() if a.data() == "en")
        chosen.trigger()
        assert settings.language() == "en" and "English" in w.statusBar().currentMessage()
    finally:
        settings.save_language("")
        w.close()  # stops both runs


def _dead_warning():
    from rnnviz.core.diagnostics import _warn

    return _warn("saturated-gates", 5, "saturated", share="60%", gate="forget", layer=1, probes=3)
