"""The window's files: opening a series or a text, checkpoints, and the sine.

Opening a file asks its question (reset the run?) first, then reads on a pool thread behind
one progress dialog with Cancel (shown after half a second, closed before any other dialog),
then builds the run on its own thread. A bad file is one line; the run goes on as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from rnnviz.core import jobs
from rnnviz.core.config import COPY_SYMBOLS, SERIES_ONLY, ConfigError
from rnnviz.core.table import Table, guess_kind, preflight, read_table
from rnnviz.core.writing import CheckpointError
from rnnviz.gui import settings
from rnnviz.gui.controllers import error_line
from rnnviz.gui.dialogs import ColumnDialog
from rnnviz.gui.i18n import translate
from rnnviz.gui.tasks import background

PROGRESS_AFTER_MS = 500


class Files:
    """Mixed into the window: the verbs of File ▸ Open…, checkpoints and the sine."""

    _reading = None  # (task, dialog) of the file being read

    def _choose_column(self, table: Table) -> dict | None:
        """The open dialog's choice: {column, inputs, time} (see ColumnDialog.choice)."""
        dialog = ColumnDialog(table, self)
        return dialog.choice() if dialog.exec() else None

    def on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("MainWindow", "Open a series (CSV/TSV) or a text"),
            settings.last_folder(),
            translate("MainWindow", "Data (*.csv *.tsv *.txt *.md);;All files (*)"),
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path, column: str | None = None, ask: bool = True,
                  then: Callable[[bool], None] | None = None, **series) -> bool:  # fmt: skip
        """Open a CSV/TSV series (asking for the column unless ask=False: then `column` or the
        rightmost numeric one, and the series options `series`: inputs, target, time,
        transform, horizon) or a text file, without blocking: the file is read and checked
        on a pool thread (with progress), a bad file is reported before anything is asked,
        then the reset is confirmed and the new run built. then(True) once the run is ready,
        then(False) if it was not opened. False if it stopped at once."""
        path = Path(path)
        self.show_view(self.training)  # data opens in the solo run (its settings)

        def fail(message: str | None) -> None:
            if message:
                self.report_error(message)
            if then is not None:
                then(False)

        try:
            config = self.controls.structure(self.solo.config)
        except ConfigError as e:
            fail(str(e))
            return False
        kind = guess_kind(path)

        def with_column(column: str | None, **series) -> None:
            # bidirectional, attention, the series options: not for text (the boxes say why)
            off = {"bidirectional": False, "attention": False} if kind == "text" else {}
            off |= SERIES_ONLY if kind == "text" else {"inputs": None, "target": None,
                                                       "time": None} | series  # fmt: skip
            try:
                new = config.replace(data=str(path), kind=kind, column=column, task="sine", **off)
            except ConfigError as e:
                fail(str(e))
                return

            def checked(_, error) -> None:
                if error is not None:
                    fail(error_line(error))
                    return
                why = translate("MainWindow", "Opening {name} resets training")
                if not self._confirm_reset(why.format(name=path.name)):
                    fail(None)
                    return
                settings.remember_folder(path)
                self.start_new_run(new, then=lambda _: then and then(True),
                                   otherwise=lambda: then and then(False))  # fmt: skip

            self._read(path, lambda progress: preflight(new, progress), checked)

        if kind == "series" and column is None and ask:

            def read(table, error) -> None:
                try:
                    if error is not None:
                        raise error
                    table.default_column()
                except Exception as e:  # a bad file: one line, nothing asked
                    fail(error_line(e))
                    return
                j = self.choose_column(table)  # the progress dialog is closed by now
                if j is None:
                    fail(None)
                    return
                if isinstance(j, dict):  # the dialog's column, inputs and time
                    with_column(**j)
                    return
                name = table.columns[j]
                with_column(name if table.columns.count(name) == 1 else str(j))

            self._read(path, lambda progress: read_table(path, progress), read)
        else:
            with_column(column, **series)
        return True

    def _read(self, path: Path, fn, done) -> None:
        """fn(progress) on a pool thread behind a progress dialog; done(result, error) after
        the dialog is closed."""
        self.cancel_reading()
        cancelled = translate("MainWindow", "opening {name} was cancelled").format(name=path.name)
        dialog = QProgressDialog(
            translate("MainWindow", "Reading {name}…").format(name=path.name),
            translate("MainWindow", "Cancel"),
            0,
            100,
            self,
        )
        dialog.setObjectName("reading_progress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)

        def answer(result, error) -> None:
            if self._reading is not None and self._reading[0] is task:
                self._reading = None
            dialog.reset()
            dialog.deleteLater()
            done(result, error)

        task = background(fn, answer, cancelled)
        task.signals.progress.connect(lambda f: dialog.setValue(round(100 * f)))
        dialog.canceled.connect(task.cancel)
        dialog.setValue(0)  # starts the dialog's clock: it shows itself after 0.5 s
        self._reading = (task, dialog)

    def cancel_reading(self) -> None:
        if self._reading is not None:
            self._reading[0].cancel()

    def use_sine(self) -> None:
        self.use_task("sine")

    def use_task(self, task: str) -> bool:
        """Data ▸ Task: train on the built-in sine or a memory task (rnnviz.core.config.TASKS),
        in a new solo run with the shown model settings. False if nothing changed."""
        self.show_view(self.training)
        config = self.solo.config
        if config.data is None and config.task == task:
            self.update_task_menu()
            return False
        if task == "sine":
            why = translate("MainWindow", "Switching to the sine")
        else:
            why = translate("MainWindow", "Switching to the {task} task").format(task=task)
        if not self._confirm_reset(why):
            self.update_task_menu()
            return False
        base = self.controls.structure(config).replace(
            data=None, kind=None, column=None, inputs=None, target=None, time=None
        )
        if task != "sine":  # a memory task is no series: no transform, no horizon
            base = base.replace(**SERIES_ONLY)
        if task == "copy":  # too short a sequence for the task: its shortest one
            base = base.replace(seq_len=max(base.seq_len, 2 * COPY_SYMBOLS + 1))
        try:
            new = base.replace(task=task)
        except ConfigError as e:
            self.report_error(error_line(e))
            self.update_task_menu()
            return False
        self.start_new_run(new)
        return True

    # -------------------------------------------------------------------- checkpoints

    def save_checkpoint(self, path: str | Path, done: Callable[[bool], None] | None = None):
        """Save the solo run's weights on its worker; done(ok) when written."""
        return self.solo.save_checkpoint(path, done)

    def open_checkpoint(self, path: str | Path, then: Callable[[bool], None] | None = None):
        """Read a checkpoint's configuration (the run's worker: it has torch), then build a
        run of it that loads its weights."""

        def read(config, error) -> None:
            if error is not None:
                self.report_error(
                    str(error)
                    if isinstance(error, CheckpointError)
                    else f"{type(error).__name__}: {error}"
                )
                then and then(False)
                return
            why = translate("MainWindow", "Loading {name} replaces the current weights")
            if not self._confirm_reset(why.format(name=Path(path).name)):
                then and then(False)
                return
            self.start_new_run(
                config,
                prepare=partial(jobs.load_weights, str(path)),
                then=lambda _: then and then(True),
                otherwise=lambda: then and then(False),
            )

        job = partial(jobs.checkpoint_config, str(path), self.solo.config)
        if self.solo.submit(job, read, translate("MainWindow", "Reading the checkpoint…")):
            return True
        then and then(False)  # no run yet: the window is starting
        return False

    def on_save_checkpoint(self) -> None:
        if self.solo.run is None:  # still starting up
            return
        start = str(Path(settings.last_folder()) / "checkpoint.pt")
        path, _ = QFileDialog.getSaveFileName(
            self, translate("MainWindow", "Save checkpoint"), start, "PyTorch (*.pt)"
        )
        if path:
            self.save_checkpoint(path)

    def on_open_checkpoint(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("MainWindow", "Open checkpoint"),
            settings.last_folder(),
            translate("MainWindow", "PyTorch (*.pt);;All files (*)"),
        )
        if path:
            self.open_checkpoint(path)
