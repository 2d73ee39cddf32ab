"""The window's menu parts that are more than one action (Export plot, Export animation,
Threads, View, Language), the exports and the lab report they start, and Help."""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QTextBrowser, QVBoxLayout

from rnnviz.core.config import TASKS
from rnnviz.core.probelog import KEEP
from rnnviz.gui import settings
from rnnviz.gui.actions import add_action
from rnnviz.gui.controllers import error_line
from rnnviz.gui.export import FORMATS, export_all, export_animation, export_panel
from rnnviz.gui.i18n import LANGUAGES, current_language, translate

PRESENT_FONT = 1.4  # presentation mode: the window's text this many times its size


class MenuParts:
    """Mixed into the window."""

    # ------------------------------------------------------------------- menu parts

    def build_export_plot_menu(self, menu) -> None:
        plots = menu.addMenu(translate("MainWindow", "Export &plot"))

        def fill() -> None:  # the Unit view's panel exists once a unit is open
            plots.clear()
            for view in self.views:
                where = "" if view is self.training else f"{view.title}: "
                for panel in view.panels:
                    add_action(
                        self,
                        plots,
                        f"{where}{panel.title}…",
                        lambda p=panel: self.on_export_panel(p),
                    )

        plots.aboutToShow.connect(fill)

    def build_export_animation_menu(self, menu) -> None:
        animation = menu.addMenu(translate("MainWindow", "Export &animation"))

        def fill() -> None:
            animation.clear()
            view = self.current_view()
            if view is self.compare:
                view = self.training  # the animation walks the solo run's stored probes
            add_action(
                self,
                animation,
                translate("MainWindow", "Whole {view} view…").format(view=view.title),
                lambda: self.on_export_animation(view),
            )
            for panel in view.panels:
                add_action(
                    self, animation, f"{panel.title}…", lambda p=panel: self.on_export_animation(p)
                )

        animation.aboutToShow.connect(fill)

    def build_task_menu(self, data_menu) -> None:
        """Data ▸ Task: the built-in sine or a memory task, one checked (none while a data file
        is open)."""
        menu = data_menu.addMenu(translate("MainWindow", "&Task"))
        menu.setToolTipsVisible(True)
        names = {
            "sine": translate("MainWindow", "Sine (next value)"),
            "adding": translate("MainWindow", "Adding problem (memory)"),
            "copy": translate("MainWindow", "Copy task (memory)"),
        }
        tips = {
            "sine": translate("MainWindow", "The built-in noisy sine: predict the next value"),
            "adding": translate(
                "MainWindow",
                "Each step reads a value in [0, 1) and a marker; two steps are marked, one in "
                "each half; predict the sum of the two marked values at the last step. "
                "A model with no memory can do no better than always 1 (MSE 1/6, the dashed "
                "line on the loss)",
            ),
            "copy": translate(
                "MainWindow",
                "Read 10 symbols (1-8), blanks, a delimiter; then write the 10 symbols back "
                "in order at the last 10 steps. Cross-entropy at every step; a model with no "
                "memory can only guess them: 10 ln 8 / seq-len (the dashed line on the loss)",
            ),
        }
        group = QActionGroup(self)
        self.task_actions = {}
        for task in TASKS:
            a = QAction(names[task], self, checkable=True)
            a.setToolTip(tips[task])
            a.triggered.connect(lambda _=False, t=task: self.use_task(t))
            group.addAction(a)
            menu.addAction(a)
            self.task_actions[task] = a
        self.update_task_menu()

    def update_task_menu(self) -> None:
        """Check the solo run's task (none while it trains on a data file)."""
        config = self.solo.config
        for task, a in getattr(self, "task_actions", {}).items():
            a.setChecked(config.data is None and config.task == task)

    def build_threads_menu(self, run_menu) -> None:
        """Automatic (measured: rnnviz.core.threads.ThreadChooser) or a fixed count."""
        menu = run_menu.addMenu(translate("MainWindow", "&Threads"))
        menu.setToolTipsVisible(True)
        group = QActionGroup(self)
        self.thread_actions = {}
        for n in range(0, max(os.cpu_count() or 1, 1) + 1):
            a = QAction(
                translate("MainWindow", "Automatic (measured)") if n == 0 else str(n),
                self,
                checkable=True,
            )
            a.setChecked(n == self.solo.config.threads)
            a.triggered.connect(lambda _=False, n=n: self.set_threads(n))
            group.addAction(a)
            menu.addAction(a)
            self.thread_actions[n] = a
        menu.setToolTip(
            translate(
                "MainWindow",
                "How many threads train: measured (tries each count, keeps the "
                "fastest and checks again now and then, e.g. when a busy "
                "program starts) or fixed",
            )
        )

    def build_view_actions(self, menu) -> None:
        for i, view in enumerate(self.views):
            add_action(self, menu, view.title, lambda v=view: self.show_view(v), f"Ctrl+{i + 1}")
        menu.addSeparator()
        a = add_action(
            self,
            menu,
            translate("MainWindow", "&Presentation"),
            lambda: self.set_presentation(self.presentation_action.isChecked()),
            "F5",
            translate("MainWindow", "Larger text and lines, for a projector"),
        )
        a.setCheckable(True)
        self.presentation_action = a
        a = add_action(
            self,
            menu,
            translate("MainWindow", "&Settings Column"),
            lambda: self.show_settings(self.settings_action.isChecked()),
            "F6",
            translate(
                "MainWindow",
                "Show or hide the settings on the left: more room for the "
                "plots on a small screen (Space, S and Ctrl+R still work)",
            ),
        )
        a.setCheckable(True)
        a.setChecked(True)
        self.settings_action = a

    def show_settings(self, on: bool) -> None:
        """The settings column on the left shown (on) or hidden, for the plots' room."""
        self.settings_action.setChecked(on)
        self.controls_area.setVisible(on)

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: every plot's lines and text, and the window's own text, larger
        for a projector, and the settings column hidden; off restores them."""
        from rnnviz.gui.plots.base import Panel

        self.presentation_action.setChecked(on)
        if on == getattr(self, "presenting", False):
            return
        self.presenting = on
        if on:  # a projector shows the plots: the settings column makes room
            self._settings_shown = self.settings_action.isChecked()
            self.show_settings(False)
        else:
            self.show_settings(getattr(self, "_settings_shown", True))
        if on:
            self._screen_font = self.font()
            big = self.font()
            big.setPointSizeF(big.pointSizeF() * PRESENT_FONT)
            self.setFont(big)
        else:
            self.setFont(self._screen_font)
        for panel in self.findChildren(Panel):
            panel.present(on)

    def build_language_menu(self, view_menu) -> None:
        """English / 简体中文, each in its own words; the choice is saved and applies at the
        next start (every widget was built in the language installed at start)."""
        menu = view_menu.addMenu(translate("MainWindow", "&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            a = menu.addAction(name)
            a.setCheckable(True)
            a.setChecked(code == current_language())
            a.setData(code)
            group.addAction(a)
            a.triggered.connect(lambda _=False, c=code: self.choose_language(c))
        self.language_actions = group

    def choose_language(self, code: str) -> None:
        """Save `code` as the window's language; it applies when rnnviz starts again."""
        settings.save_language(code)
        self.statusBar().showMessage(
            translate("MainWindow", "Language: {name}, from the next start of rnnviz").format(
                name=LANGUAGES[code]
            ),
            15_000,
        )

    # ---------------------------------------------------------------------- exports

    def export_all(self, folder: str | Path, size: tuple[int, int] | None = None) -> bool:
        """Export the view shown (the Compare view's panels and comparison folder, or the
        Training view's panels and run folder) without blocking, figures of `size` (default
        the last size chosen, else 1600 x 1000); `exported` says when it is done. False if
        there is nothing to export yet."""
        size = size or self.figure_size
        ctrl = self.active
        if ctrl.run is None:
            return False
        board = self.compare.dashboard if self.comparing else self.training
        self.busy_label.setText(translate("MainWindow", "Exporting…"))

        def done(written, error) -> None:
            self.busy_label.setText("")
            if error is not None:
                self.report_error(error_line(error))
                self.exported.emit(None)
                return
            self.statusBar().showMessage(
                translate("MainWindow", "exported {n} files to {folder}").format(
                    n=len(written), folder=folder
                ),
                10_000,
            )
            self.exported.emit(written)

        export_all(ctrl, board, folder, done, self, size)
        return True

    def on_export_all(self) -> None:
        if self.active.run is None:  # still starting up
            return
        from rnnviz.gui.figure_dialog import FigureDialog

        dialog = FigureDialog(settings.last_folder(), self.figure_size, self)
        if dialog.exec() and dialog.folder():
            settings.remember_folder(dialog.folder())
            self.figure_size = dialog.figure_size()
            self.export_all(dialog.folder(), self.figure_size)

    def on_export_panel(self, panel) -> None:
        start = str(Path(settings.last_folder()) / f"{panel.slug}.png")
        filters = ";;".join(f"{s[1:].upper()} (*{s})" for s in FORMATS)
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "Export {title}").format(title=panel.title),
            start,
            filters,
        )
        if path:
            try:
                export_panel(panel, path)
            except Exception as e:
                self.report_error(error_line(e))

    def export_animation(self, path: str | Path, target=None, done=None) -> bool:
        """A GIF (an MP4 for a .mp4 path) of `target` (a view or a panel; default the Training
        view) across the stored probes, its panels only, one panel of a frame a turn of the
        event loop; done(frames) when written (0 after an error). False if there is nothing
        to animate yet."""
        if self.solo.latest is None:
            return False
        target = target or self.training
        view = target if target in self.views else next(v for v in self.views if target in v.panels)
        self.busy_label.setText(translate("MainWindow", "Writing the animation…"))

        def finished(results, error) -> None:
            self.busy_label.setText("")
            n = results[0] if results and error is None else 0
            if error is not None:
                self.report_error(error_line(error))
            else:
                self.statusBar().showMessage(
                    translate("MainWindow", "wrote {path} ({n} frames)").format(path=path, n=n),
                    10_000,
                )
            if done is not None:
                done(n)

        export_animation(self, view, target, path, finished)
        return True

    def on_export_animation(self, target) -> None:
        if self.solo.latest is None:
            return
        start = str(Path(settings.last_folder()) / f"{getattr(target, 'slug', 'training')}.gif")
        from rnnviz.core.animation import video_writer

        kinds = "GIF (*.gif)" + (";;MP4 (*.mp4)" if video_writer() else "")
        path, _ = QFileDialog.getSaveFileName(
            self, translate("MainWindow", "Export animation"), start, kinds
        )
        if path:
            self.export_animation(path, target)

    def lab_report(self, path: str | Path, done=None) -> bool:
        """Write the lab report without blocking; done(path or None) when written."""
        from rnnviz.gui.report import window_report

        if self.solo.run is None:
            return False
        self.busy_label.setText(translate("MainWindow", "Writing the lab report…"))

        def finished(written, error) -> None:
            self.busy_label.setText("")
            if error is not None:
                self.report_error(error_line(error))
            else:
                self.statusBar().showMessage(
                    translate("MainWindow", "wrote the lab report {0}").format(written), 10_000
                )
            if done is not None:
                done(written if error is None else None)

        window_report(self, path, finished)
        return True

    def on_lab_report(self) -> None:
        if self.solo.run is None:  # still starting up
            return
        start = str(Path(settings.last_folder()) / "report.html")
        path, _ = QFileDialog.getSaveFileName(
            self,
            translate("MainWindow", "Save the lab report"),
            start,
            translate("MainWindow", "HTML (*.html)"),
        )
        if path:
            self.lab_report(path)

    # ------------------------------------------------------------------------- help

    def help_html(self) -> str:
        text = "".join(
            f"<p><b>{html.escape(p.title)}</b>: {html.escape(p.help)}</p>" for p in self.panels
        )
        text += "".join(
            f"<p>{p}</p>"
            for p in (
                translate(
                    "MainWindow",
                    "<b>Divergence</b>: when the loss or the gradient stops being a finite "
                    "number, training stops and goes back to the newest <i>healthy</i> weights: "
                    "those of the latest step whose loss was within 4x the best loss so far "
                    "(the last finite weights have often blown up already). Lower the learning "
                    "rate, then Start.",
                ),
                translate(
                    "MainWindow",
                    "<b>Look closer</b>: click a row of the hidden-state heatmap to open that "
                    "unit in the Unit view (the validation part coloured by its activation, its "
                    "top windows, gates, gradient row and most correlated units). Click a step "
                    "under the heatmap to attribute the prediction at that step to the inputs "
                    "before it. Text: hover a character of the sample or a step of the heatmap "
                    "for the next-character odds; they follow the temperature.",
                ),
                translate(
                    "MainWindow",
                    "<b>Replay</b>: the run keeps up to {keep} whole probes for replay. While "
                    "there is room it keeps every probe; when it is full it keeps every second "
                    "one (then every fourth, ...), always with the newest, so the kept probes "
                    "cover the whole run evenly and memory stays bounded. Drag the slider to pin "
                    "every probe panel to one of them (the loss curves mark its step); let go, "
                    "or press Live, to return; ▶ plays them back. File ▸ Export animation "
                    "writes them as a GIF.",
                ).format(keep=KEEP),
                translate(
                    "MainWindow",
                    "<b>Keys</b>: Space start/pause and S single step (whatever control has "
                    "focus), Ctrl+R reset, Ctrl+O open, Ctrl+E export all, Ctrl+S save "
                    "checkpoint, Ctrl+L lab report, Ctrl+1… switch view, F5 presentation, F6 "
                    "the settings column, F1 this help. Hover "
                    "a plot to read exact values; double-click a plot (or ⤢) to enlarge it; "
                    "right-click to export it.",
                ),
            )
        )
        return text

    def on_help(self) -> None:
        """About the plots: a dialog that fits the screen, its text scrolling inside."""
        box = QDialog(self)
        box.setObjectName("help_box")
        box.setWindowTitle(translate("MainWindow", "About the plots"))
        text = QTextBrowser()
        text.setHtml(self.help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(box.accept)
        layout = QVBoxLayout(box)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        box.resize(min(720, screen.width() - 40), min(640, screen.height() - 80))
        box.open()
