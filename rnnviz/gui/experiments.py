"""The Experiments menu: the guided experiments (core/presets.py) one click away.

Choosing a preset loads it: a solo preset becomes the Training view's run (its lesson above the
views), a comparison preset the Compare view's variants. Start runs it to its steps, and its
callouts appear as notes on the panels they name, and in the status bar, when their condition
first holds. The Compare view handles a comparison's callouts itself.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu

from rnnviz.core.presets import PRESET_DIR, SUFFIXES, Preset, PresetError, load_file
from rnnviz.core.snapshot import Snapshot
from rnnviz.gui import settings
from rnnviz.gui.i18n import current_language, translate


def bundled_presets() -> list[Preset | tuple[str, str]]:
    """The bundled presets in their order; a file that does not load is (file name, error)."""
    good, bad = [], []
    for path in sorted(p for p in PRESET_DIR.glob("*") if p.suffix in SUFFIXES):
        try:  # in the window's language where the file has it ([zh_CN])
            good.append(load_file(path).translated(current_language()))
        except PresetError as e:
            bad.append((path.name, str(e)))
    return sorted(good, key=lambda p: (p.order, p.name)) + bad


class Experiments:
    """Builds the menu, loads presets into the window, and shows a solo preset's callouts."""

    def __init__(self, window) -> None:
        self.window = window
        self.solo: Preset | None = None  # the solo preset the Training view runs
        self.callouts = None  # its core Callouts
        self.actions: dict[str, object] = {}

    def build_menu(self, menu: QMenu) -> None:
        self.menu = menu
        menu.setToolTipsVisible(True)
        for p in bundled_presets():
            if isinstance(p, tuple):  # a broken file: listed, disabled, its error as tooltip
                a = menu.addAction(
                    translate("Experiments", "{file} (cannot load)").format(file=p[0])
                )
                a.setEnabled(False)
                a.setToolTip(p[1])
                continue
            kind = (
                translate("Experiments", "compare {vary}").format(vary=p.vary.text)
                if p.is_comparison
                else translate("Experiments", "solo run")
            )
            a = menu.addAction(
                translate("Experiments", "{name}  ({kind}, {steps} steps)").format(
                    name=p.name, kind=kind, steps=p.steps
                )
            )
            a.setToolTip(p.lesson)
            a.setStatusTip(p.lesson)
            a.triggered.connect(lambda _=False, preset=p: self.load(preset))
            self.actions[p.name] = a
        menu.addSeparator()
        open_file = menu.addAction(translate("Experiments", "Open a preset file…"))
        open_file.setStatusTip(
            translate("Experiments", "Run your own experiment: a .toml or .json preset file")
        )
        open_file.triggered.connect(self._on_open_file)

    def _on_open_file(self) -> None:
        w = self.window
        path, _ = QFileDialog.getOpenFileName(
            w,
            translate("Experiments", "Open a preset"),
            settings.last_folder(),
            translate("Experiments", "Presets (*.toml *.json)"),
        )
        if path:
            try:
                preset = load_file(Path(path))
            except PresetError as e:
                w.report_error(str(e))
                return
            settings.remember_folder(path)
            self.load(preset)

    # ------------------------------------------------------------------------ loading

    def load(self, preset: Preset, then=None) -> bool:
        """Load `preset` into its view and show that view; Start then runs it. The run is
        built on its own thread; then(True) once it is ready."""
        w = self.window
        preset = preset.translated(current_language())  # lesson and callouts
        ready = translate("Experiments", "{name}: press Start to run it").format(name=preset.name)

        def done(_) -> None:
            w.statusBar().showMessage(ready, 10_000)
            if then is not None:
                then(True)

        if preset.is_comparison:
            w.solo.pause()
            w.show_view(w.compare)
            return w.comparison.build_comparison(preset.config, preset.vary, preset, done)
        w.comparison.pause()
        why = translate("Experiments", "The experiment {name} replaces this run")
        if not w._confirm_reset(why.format(name=preset.name)):
            return False

        def adopt(callouts) -> None:
            self.solo, self.callouts = preset, callouts
            w.lesson.setText(f"<b>{html.escape(preset.name)}</b>: {html.escape(preset.lesson)}")
            w.lesson.show()
            w.show_view(w.training)
            done(None)

        return w.start_new_run(preset.config, prepare=preset.callouts_for, then=adopt)

    def forget_solo(self) -> None:
        """A new solo run that is not a preset's: no lesson, no callouts."""
        w = self.window
        self.solo = self.callouts = None
        w.lesson.hide()
        w.note.dismiss()
        for p in w.training.panels:
            p.note.dismiss()

    def solo_steps_left(self) -> int | None:
        """Start on a solo preset trains up to its steps (then Start goes on without end)."""
        w = self.window
        if self.solo is None or w.solo.latest is None:
            return None
        left = self.solo.steps - w.solo.latest.step
        return left if left > 0 else None

    def update_solo(self, snap: Snapshot) -> None:
        if self.callouts is None:
            return
        for fired in self.callouts.update(snap):
            self.show_solo_callout(fired.panel, fired.text, fired.step)

    def show_solo_callout(self, target: str, text: str, step: int) -> None:
        w = self.window
        panel = next((p for p in w.training.panels if p.slug == target), None)
        (panel.note if panel is not None else w.note).show_text(
            translate("Experiments", "Step {step}: {text}").format(step=step, text=text)
        )
        where = panel.title if panel is not None else translate("Experiments", "Experiment")
        w.show_callout_message(
            translate("Experiments", "Note on {where} at step {step}: {text}").format(
                where=where, step=step, text=text
            )
        )
