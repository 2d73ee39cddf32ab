"""The CSV open dialog: a preview of the first rows, the target column, the input columns,
the time column, and missing values."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rnnviz.core.table import Table

INPUT_COLUMNS_PER_ROW = 3  # the input checkboxes, in rows of this many


class ColumnDialog(QDialog):
    """Pick the target column of a CSV (the rightmost numeric one that is not a row number by
    default), the columns the model reads (the target alone by default) and the time column
    of the x axis (the first column of dates, if any). Row-number columns are not offered."""

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
        self.columns = table.features() or table.numeric_columns()
        self.combo = QComboBox()
        self.combo.setObjectName("target")
        self.combo.addItems([table.columns[j] for j in self.columns])
        self.combo.setCurrentIndex(self.columns.index(table.default_column()))
        self.combo.setToolTip(self.tr("The column the model predicts: its next value"))
        self.inputs = {j: QCheckBox(table.columns[j]) for j in self.columns}
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        for k, box in enumerate(self.inputs.values()):
            box.setToolTip(self.tr("The model reads this column (one input per column)"))
            grid.addWidget(box, k // INPUT_COLUMNS_PER_ROW, k % INPUT_COLUMNS_PER_ROW)
        self.time = QComboBox()
        self.time.setObjectName("time")
        self.time.addItem(self.tr("none (row numbers)"), None)
        for j in table.time_columns():
            self.time.addItem(table.columns[j], j)
        self.time.setCurrentIndex(1 if table.time_columns() else 0)
        self.time.setToolTip(self.tr("A column of dates for the predictions' x axis"))
        self.missing = QLabel()
        self.combo.currentIndexChanged.connect(self._on_column_changed)
        for box in self.inputs.values():
            box.toggled.connect(lambda _: self._on_inputs_changed())
        self._on_column_changed()
        form = QFormLayout()
        form.addRow(self.tr("Target"), self.combo)
        form.addRow(self.tr("Inputs"), grid_box)
        form.addRow(self.tr("Time"), self.time)
        form.addRow("", self.missing)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        header = self.tr("with a header row") if table.has_header else self.tr("no header row")
        layout.addWidget(QLabel(self.tr("{rows} rows, {columns} columns ({header}). First "
                                        "rows:").format(rows=table.n_rows,
                                                        columns=len(table.columns),
                                                        header=header)))  # fmt: skip
        layout.addWidget(preview)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def column_index(self) -> int:
        """The target column."""
        return self.columns[self.combo.currentIndex()]

    def input_indices(self) -> list[int]:
        return [j for j, box in self.inputs.items() if box.isChecked()]

    def choice(self) -> dict:
        """The Config fields chosen: column (the target), inputs (None: the target alone)
        and time ("none" for no time axis), columns named (by index where a name repeats)."""
        inputs = self.input_indices()
        alone = inputs == [self.column_index()]
        time = self.time.currentData()
        return {"column": self._name(self.column_index()),
                "inputs": None if alone else ",".join(self._name(j) for j in inputs),
                "time": "none" if time is None else self._name(time)}  # fmt: skip

    def _name(self, j: int) -> str:
        name = self.table.columns[j]
        return name if self.table.columns.count(name) == 1 and "," not in name else str(j)

    def _on_column_changed(self) -> None:
        """A new target: the inputs are the target alone again."""
        target = self.column_index()
        for j, box in self.inputs.items():
            box.blockSignals(True)
            box.setChecked(j == target)
            box.blockSignals(False)
        self._on_inputs_changed()

    def _on_inputs_changed(self) -> None:
        used = sorted({self.column_index(), *self.input_indices()})
        n = sum(self.table.missing(j) for j in used)
        filled = (self.tr("1 missing or non-numeric value will be filled by linear interpolation")
                  if n == 1 else self.tr("{n} missing or non-numeric values will be filled by "
                                         "linear interpolation").format(n=n))  # fmt: skip
        self.missing.setText(filled if n else self.tr("no missing values"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok) if hasattr(
            self, "buttons") else None  # fmt: skip
        if ok is not None:
            ok.setEnabled(bool(self.input_indices()))
