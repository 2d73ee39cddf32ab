"""The CSV column picker: a preview of the first rows, the numeric columns, missing values."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from rnnviz.core.data import Table


class ColumnDialog(QDialog):
    """Pick the column of a CSV to train on; defaults to the rightmost numeric one."""

    def __init__(self, table: Table, parent=None) -> None:
        super().__init__(parent)
        self.table = table
        self.setWindowTitle(f"Open {table.name}")
        preview = QTableWidget(len(table.preview), len(table.columns))
        preview.setHorizontalHeaderLabels(list(table.columns))
        for r, row in enumerate(table.preview):
            for c, cell in enumerate(row):
                preview.setItem(r, c, QTableWidgetItem(cell))
        preview.setMaximumHeight(220)
        self.columns = [j for j, numeric in enumerate(table.numeric) if numeric]
        self.combo = QComboBox()
        self.combo.addItems([table.columns[j] for j in self.columns])
        self.combo.setCurrentIndex(self.columns.index(table.default_column()))
        self.missing = QLabel()
        self.combo.currentIndexChanged.connect(self._on_column_changed)
        self._on_column_changed()
        form = QFormLayout()
        form.addRow("Column", self.combo)
        form.addRow("", self.missing)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        header = "with a header row" if table.has_header else "no header row"
        layout.addWidget(QLabel(f"{table.n_rows} rows, {len(table.columns)} columns ({header}). "
                                "First rows:"))  # fmt: skip
        layout.addWidget(preview)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def column_index(self) -> int:
        return self.columns[self.combo.currentIndex()]

    def _on_column_changed(self) -> None:
        n = self.table.missing(self.column_index())
        self.missing.setText(
            f"{n} missing or non-numeric value{'s' * (n != 1)} will be filled by linear "
            "interpolation"
            if n
            else "no missing values"
        )
