"""The window's menus, declared as a table: (menu, text, shortcut, status tip, what it calls).

Every entry calls the window's verbs, which act on the active run controller; no menu holds
state of its own. Menus filled on opening (Export plot, Export animation, Threads, Language,
Experiments) are built by the window's helpers named here.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QKeySequence

from rnnviz.gui.i18n import translate

_C = "MainWindow"  # the window's own words (written out in the markers: lupdate reads literals)
SEP = None  # a separator in the table
# (menu, text, shortcut, status tip, the window's method)
ACTIONS = (
    (
        "file",
        QT_TRANSLATE_NOOP("MainWindow", "&Open CSV or text…"),
        "Ctrl+O",
        QT_TRANSLATE_NOOP("MainWindow", "Train on your own data"),
        "on_open",
    ),
    ("file", QT_TRANSLATE_NOOP("MainWindow", "Use the built-in &sine"), "", "", "use_sine"),
    ("file", SEP),
    (
        "file",
        QT_TRANSLATE_NOOP("MainWindow", "Open &checkpoint…"),
        "Ctrl+Shift+O",
        "",
        "on_open_checkpoint",
    ),
    (
        "file",
        QT_TRANSLATE_NOOP("MainWindow", "Open s&weep…"),
        "",
        QT_TRANSLATE_NOOP("MainWindow", "A folder written by rnnviz sweep, as a map of its runs"),
        "on_open_sweep",
    ),
    (
        "file",
        QT_TRANSLATE_NOOP("MainWindow", "&Save checkpoint…"),
        "Ctrl+S",
        "",
        "on_save_checkpoint",
    ),
    ("file", SEP),
    (
        "file",
        QT_TRANSLATE_NOOP("MainWindow", "&Export all…"),
        "Ctrl+E",
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "Every plot as PNG/SVG/CSV plus config, metrics, history, probe and checkpoint",
        ),
        "on_export_all",
    ),
    ("file", "export_plot_menu"),
    ("file", "export_animation_menu"),
    (
        "file",
        QT_TRANSLATE_NOOP("MainWindow", "&Lab report…"),
        "Ctrl+L",
        QT_TRANSLATE_NOOP(
            "MainWindow",
            "One HTML file: data, configuration, versions, results, warnings and every plot",
        ),
        "on_lab_report",
    ),
    ("file", SEP),
    ("file", QT_TRANSLATE_NOOP("MainWindow", "&Quit"), "Ctrl+Q", "", "close"),
    ("data", "task_menu"),
    ("run", QT_TRANSLATE_NOOP("MainWindow", "Start / pause"), "Space", "", "toggle_running"),
    ("run", QT_TRANSLATE_NOOP("MainWindow", "Single step"), "S", "", "step_once"),
    ("run", QT_TRANSLATE_NOOP("MainWindow", "Reset"), "Ctrl+R", "", "reset_run"),
    (
        "run",
        QT_TRANSLATE_NOOP("MainWindow", "S&weep…"),
        "",
        QT_TRANSLATE_NOOP("MainWindow", "Train many runs of these settings over a grid, on Ray"),
        "on_run_sweep",
    ),
    ("run", "threads_menu"),
    ("view", "view_actions"),
    ("view", SEP),
    ("view", "language_menu"),
    ("help", QT_TRANSLATE_NOOP("MainWindow", "About the plots"), "F1", "", "on_help"),
)
MENUS = {
    "file": QT_TRANSLATE_NOOP("MainWindow", "&File"),
    "data": QT_TRANSLATE_NOOP("MainWindow", "&Data"),
    "run": QT_TRANSLATE_NOOP("MainWindow", "&Run"),
    "experiments": QT_TRANSLATE_NOOP("MainWindow", "E&xperiments"),
    "view": QT_TRANSLATE_NOOP("MainWindow", "&View"),
    "help": QT_TRANSLATE_NOOP("MainWindow", "&Help"),
}


def add_action(window, menu, text: str, slot, shortcut: str = "", tip: str = "") -> QAction:
    a = QAction(text, window)
    if shortcut:
        a.setShortcut(QKeySequence(shortcut))
    if tip:
        a.setStatusTip(tip)
    a.triggered.connect(lambda _=False: slot())
    menu.addAction(a)
    return a


def build_menus(window) -> dict[str, QAction]:
    """The menu bar from ACTIONS; returns the actions by method name."""
    bar = window.menuBar()
    menus = {key: None for key in MENUS}
    for key in ("file", "data", "run"):
        menus[key] = bar.addMenu(translate(_C, MENUS[key]))
    menus["experiments"] = bar.addMenu(translate(_C, MENUS["experiments"]))
    window.experiments.build_menu(menus["experiments"])
    for key in ("view", "help"):
        menus[key] = bar.addMenu(translate(_C, MENUS[key]))
    actions = {}
    for row in ACTIONS:
        menu = menus[row[0]]
        if row[1] is SEP:
            menu.addSeparator()
        elif len(row) == 2:  # a part the window builds itself
            getattr(window, f"build_{row[1]}")(menu)
        else:
            _, text, shortcut, tip, method = row
            actions[method] = add_action(window, menu, translate(_C, text),
                                         getattr(window, method), shortcut,
                                         translate(_C, tip) if tip else "")  # fmt: skip
    return actions
