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
        self.setWindowTitle(self.tr("Open {name}").format(name=table.name))
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
        form.addRow(self.tr("Column"), self.combo)
        form.addRow("", self.missing)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        header = self.tr("with a header row") if table.has_header else self.tr("no header row")
        layout.addWidget(QLabel(self.tr("{rows} rows, {columns} columns ({header}). First "
                                        "rows:").format(rows=table.n_rows,
                                                        columns=len(table.columns),
                                                        header=header)))  # fmt: skip
        layout.addWidget(preview)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def column_index(self) -> int:
        return self.columns[self.combo.currentIndex()]

    def _on_column_changed(self) -> None:
        n = self.table.missing(self.column_index())
        filled = (self.tr("1 missing or non-numeric value will be filled by linear interpolation")
                  if n == 1 else self.tr("{n} missing or non-numeric values will be filled by "
                                         "linear interpolation").format(n=n))  # fmt: skip
        self.missing.setText(filled if n else self.tr("no missing values"))
