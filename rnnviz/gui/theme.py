"""The window's look for pyqtgraph, in a module of its own: the window, the lab report and the
command line's offscreen drawing all use it, and none of them need import another for it."""

from __future__ import annotations

import os

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # PySide6 before pyqtgraph, always


def configure_pyqtgraph() -> None:
    import pyqtgraph as pg

    # No antialiasing by default: for the 1,000-point curves it tripled the paint time, and
    # every millisecond painted is taken from training (see dashboard.DRAW_SHARE). The
    # few-point curves (gradient over time) turn it on for themselves.
    pg.setConfigOptions(antialias=False, background="w", foreground="#333")
