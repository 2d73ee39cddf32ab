"""The window's language: Qt translators for rnnviz's own words (rnnviz/resources/translations)
and for Qt's standard dialogs, chosen by --lang, else the saved choice (View ▸ Language), else the
system locale. The command line stays English.

Every user-visible string of the window goes through Qt's translation: `self.tr("...")` in a
QObject's method, `translate("Context", "...")` elsewhere, and `QT_TRANSLATE_NOOP("Context",
"...")` for strings defined before the application exists (panel titles, help), translated
where they are used. pyside6-lupdate reads only literal strings, so a text with numbers is a
template: `self.tr("step {step}").format(step=n)`.

Regenerate the translation files after changing strings::

    python -m rnnviz.gui.i18n --update    # lupdate -> rnnviz_zh_CN.ts, then lrelease -> .qm

then translate the new (unfinished) entries of the .ts (Qt Linguist, or by hand) and run it
again to compile the .qm.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from rnnviz import resources

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # code -> its own name (the menu's)
TRANSLATIONS = resources.path("translations")  # in the package: a wheel has them too
PACKAGE = Path(__file__).resolve().parents[1]  # rnnviz/
# What lupdate reads: the window, and the core module whose messages the window translates.
SOURCES = (PACKAGE / "gui", PACKAGE / "core" / "diagnostics.py", PACKAGE / "core" / "config.py")
_PROPERTY = "rnnviz_language"


def translate(context: str, text: str) -> str:
    """`text` in the installed language (lupdate finds calls of this name, context first)."""
    return QCoreApplication.translate(context, text)


def system_language() -> str:
    """zh_CN for any Chinese system locale, else en."""
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


def choose_language(given: str | None) -> str:
    """--lang if given, else the language saved from View ▸ Language, else the system's."""
    from rnnviz.gui import settings

    saved = settings.language()
    return given or (saved if saved in LANGUAGES else system_language())


def current_language() -> str:
    """The language installed in this application (en when none was)."""
    app = QCoreApplication.instance()
    code = app.property(_PROPERTY) if app is not None else None
    return code if code in LANGUAGES else "en"


def install(language: str) -> list[str]:
    """Install the translators of `language` into the application (before any widget is
    built). Returns the problems, one line each (a missing .qm: the window stays English)."""
    app = QCoreApplication.instance()
    uninstall()
    app.setProperty(_PROPERTY, language)
    if language == "en":
        return []
    problems = []
    own = QTranslator(app)
    if own.load(f"rnnviz_{language}", str(TRANSLATIONS)):
        app.installTranslator(own)
    else:
        problems.append(f"no translation rnnviz_{language}.qm in {TRANSLATIONS}")
    qt = QTranslator(app)  # Qt's own words: Yes/No, Cancel, file dialogs
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    app.setProperty(_PROPERTY, language if not problems else "en")
    return problems


def uninstall() -> None:
    """Back to English (rnnviz's translators only)."""
    app = QCoreApplication.instance()
    for t in app.findChildren(QTranslator):
        app.removeTranslator(t)
        t.deleteLater()
    app.setProperty(_PROPERTY, "en")


# ---------------------------------------------------------------------- the .ts and .qm files


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease: beside this Python, else on the PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (it comes with PySide6)")
    return found


def source_files() -> list[str]:
    files = []
    for s in SOURCES:
        files += sorted(str(p) for p in s.rglob("*.py")) if s.is_dir() else [str(s)]
    return files


def lupdate(ts: Path) -> str:
    """Update `ts` from the sources (no obsolete entries, no line numbers); lupdate's report."""
    language = ts.stem.partition("_")[2]  # rnnviz_zh_CN.ts -> zh_CN
    out = subprocess.run([tool("pyside6-lupdate"), *source_files(), "-no-obsolete",
                          "-locations", "none",
                          "-target-language", language, "-ts", str(ts)],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout + out.stderr


def lrelease(ts: Path) -> str:
    out = subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout + out.stderr


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m rnnviz.gui.i18n", description="Regenerate the window's translations."
    )
    p.add_argument("--update", action="store_true", help="lupdate the .ts, then lrelease it")
    args = p.parse_args(argv)
    if not args.update:
        p.print_help()
        return 0
    for code in LANGUAGES:
        if code != "en":
            ts = TRANSLATIONS / f"rnnviz_{code}.ts"
            print(lupdate(ts) + lrelease(ts), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
