"""The only module that touches QSettings: window geometry and the last folder used."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


def _settings() -> QSettings:
    return QSettings("rnnviz", "rnnviz")


def last_folder() -> str:
    folder = _settings().value("last_folder", "", type=str)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(path: str | Path) -> None:
    p = Path(path)
    _settings().setValue("last_folder", str(p if p.is_dir() else p.parent))


def geometry() -> QByteArray | None:
    g = _settings().value("geometry")
    return g if isinstance(g, QByteArray) else None


def save_geometry(g: QByteArray) -> None:
    _settings().setValue("geometry", g)


def language() -> str:
    """The language chosen in View ▸ Language ("" if none was)."""
    return _settings().value("language", "", type=str)


def save_language(code: str) -> None:
    _settings().setValue("language", code)
