"""Export all's dialog: the folder, and the size the figures are drawn for."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from rnnviz.gui.plots.base import EXPORT_SCALE, EXPORT_SIZE

# (width, height) in layout pixels; the PNG has EXPORT_SCALE times as many.
SIZES = ((1600, 1000), (1920, 1080), (1280, 720), (1200, 900), (800, 500))
LIMITS = (320, 4096)  # layout px: a 8192 px PNG at 2x is the most a figure needs


class FigureDialog(QDialog):
    """Where Export all writes, and the figures' size: a slide's 1600 x 1000 (a 3200 x 2000
    PNG) by default, or another; every figure is the same drawing scaled to it."""

    def __init__(self, folder: str, size: tuple[int, int] = EXPORT_SIZE,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export all"))
        self.path = QLineEdit(folder)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.sizes = QComboBox()
        for w, h in SIZES:  # the data: "WxH" (a tuple would come back as a list)
            self.sizes.addItem(self.tr("{w} × {h} (PNG {pw} × {ph})").format(
                w=w, h=h, pw=w * EXPORT_SCALE, ph=h * EXPORT_SCALE), f"{w}x{h}")  # fmt: skip
        self.sizes.addItem(self.tr("Other size"), "")
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, size[0]), (self.height_box, size[1])):
            box.setRange(*LIMITS)
            box.setValue(value)
            box.setSuffix(" px")
        custom = QHBoxLayout()
        custom.addWidget(self.width_box)
        custom.addWidget(self.height_box)
        index = self.sizes.findData(f"{size[0]}x{size[1]}")
        self.sizes.setCurrentIndex(index if index >= 0 else self.sizes.count() - 1)
        self.sizes.currentIndexChanged.connect(self._on_size_chosen)
        self._on_size_chosen()
        form = QFormLayout(self)
        form.addRow(self.tr("Folder"), row)
        form.addRow(self.tr("Figure size"), self.sizes)
        form.addRow(self.tr("Width, height"), custom)
        self.sizes.setToolTip(
            self.tr(
                "Each figure is drawn for this size (in pixels; the PNG has twice as many each "
                "way): pens and fonts grow with it, so the figure reads the same on a slide"
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)  # fmt: skip
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export all into"),
                                                  self.path.text())  # fmt: skip
        if folder:
            self.path.setText(folder)

    def _on_size_chosen(self, _=None) -> None:
        chosen = self.sizes.currentData()
        if chosen:
            w, h = chosen.split("x")
            self.width_box.setValue(int(w))
            self.height_box.setValue(int(h))
        for box in (self.width_box, self.height_box):
            box.setEnabled(not chosen)

    def folder(self) -> str:
        return self.path.text().strip()

    def figure_size(self) -> tuple[int, int]:
        """(width, height) of the figures, layout pixels."""
        return self.width_box.value(), self.height_box.value()
