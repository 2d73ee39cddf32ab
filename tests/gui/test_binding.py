"""Guards for the two defects that decide our Qt pin (see pyproject.toml and
../shared/ENVIRONMENT.md): PySide6 6.12.0 aborting after thousands of Python paintEvent
overrides on Python 3.11, and Qt >= 6.11 breaking pyqtgraph 0.14's SVG export."""

import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np

REPAINT_LOOP = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget

class W(QWidget):
    def paintEvent(self, event):  # a Python override called from C++, like pyqtgraph's views
        pass

app = QApplication([])
w = W()
w.resize(50, 50)
w.show()
for _ in range(int(sys.argv[1])):
    w.repaint()
print("survived")
"""


def test_python_paint_override_survives_many_repaints():
    # On 6.12.0 / Python 3.11 this aborts with "none_dealloc: deallocating None" within a few
    # thousand repaints; a subprocess so the abort fails this test instead of killing pytest.
    r = subprocess.run([sys.executable, "-c", REPAINT_LOOP, "30000"], capture_output=True,
                       text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0 and "survived" in r.stdout, r.stderr[-500:]


def test_svg_export_of_a_plot(qtbot, tmp_path):
    import pyqtgraph as pg
    from pyqtgraph.exporters import SVGExporter

    w = pg.PlotWidget()
    qtbot.addWidget(w)
    w.plot(np.arange(50), np.sin(np.arange(50) / 5), pen="b")
    w.addItem(pg.ImageItem(np.random.default_rng(0).random((8, 8))))
    w.show()
    qtbot.waitExposed(w)
    path = tmp_path / "plot.svg"
    SVGExporter(w.plotItem).export(str(path))  # ValueError on Qt >= 6.11 with pyqtgraph 0.14
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg") and any(e.tag.endswith("path") for e in root.iter())


def test_pinned_binding():
    import PySide6

    major, minor = map(int, PySide6.__version__.split(".")[:2])
    assert (6, 10) <= (major, minor) < (6, 11), PySide6.__version__
