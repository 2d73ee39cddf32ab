"""The window's launcher (`rnnviz-gui`, main.py). It imports Qt only when called: a run's own
process re-imports the script that launched the window (multiprocessing prepares its __main__
so), and this keeps Qt out of it."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from rnnviz.gui.app import main as window

    return window(argv)
