"""The window's entry point: `python main.py [FILE] [options]` or `rnnviz gui`."""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # PySide6 before pyqtgraph, always

from PySide6.QtCore import QTimer, qInstallMessageHandler  # noqa: E402
from PySide6.QtGui import QIcon  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from rnnviz.core.options import Parser, add_config_arguments, config_from_args  # noqa: E402


def build_parser() -> Parser:
    p = Parser(
        prog="main.py", description="The rnnviz window. Space trains; F1 explains the plots."
    )
    p.add_argument("file", nargs="?", help="a CSV/TSV series or a UTF-8 text to open")
    add_config_arguments(p)
    p.add_argument(
        "--preset",
        metavar="NAME|FILE",
        help="load a guided experiment (Experiments menu); options given override it",
    )
    p.add_argument("--autostart", action="store_true", help="start training when the window opens")
    p.add_argument("--export", metavar="DIR", help="after the steps: Export all into DIR")
    p.add_argument("--screenshot", metavar="PNG", help="after the steps: save the window as PNG")
    p.add_argument(
        "--export-animation",
        metavar="GIF|MP4",
        help="after the steps: an animation of the Training view's panels across the stored "
        "probes (at least 30 frames for a run of 30 steps or more, the step on each); .mp4 "
        "needs PyAV (pip install av)",
    )
    p.add_argument("--export-size", metavar="WxH", type=figure_size, default=None,
                   help="the figures' size for --export and File > Export all, in pixels "
                   "(default 1600x1000; the PNG is twice that each way, pens and fonts "
                   "scaled with it)")  # fmt: skip
    p.add_argument("--presentation", action="store_true",
                   help="start in presentation mode: larger text and lines for a projector "
                   "(View > Presentation)")  # fmt: skip
    p.add_argument("--quit", action="store_true", help="after the steps (and export): exit")
    p.add_argument("--view", metavar="NAME", default=None,
                   help="the view to show: training, diagnostics, compare or unit "
                   "(default: training; a comparison preset shows compare)")  # fmt: skip
    p.add_argument("--size", metavar="WxH", type=window_size, default=None,
                   help="window size in pixels (default: 1366x768)")  # fmt: skip
    p.add_argument("--lang", choices=("en", "zh_CN"), default=None,
                   help="the window's language (default: the one chosen in View > Language, "
                   "else the system's: zh_CN for a Chinese locale, else en)")  # fmt: skip
    return p


VIEW_NAMES = ("training", "diagnostics", "compare", "unit")


def window_size(text: str) -> tuple[int, int]:
    """'1366x768' -> (1366, 768); argparse turns a ValueError into a one-line error."""
    w, sep, h = text.lower().partition("x")
    if not (sep and w.isdigit() and h.isdigit() and 320 <= int(w) <= 8192
            and 240 <= int(h) <= 8192):  # fmt: skip
        raise argparse.ArgumentTypeError(f"--size wants WxH such as 1366x768, got {text!r}")
    return int(w), int(h)


def figure_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080) for --export-size (320..4096 each way)."""
    w, sep, h = text.lower().partition("x")
    if not (sep and w.isdigit() and h.isdigit() and 320 <= int(w) <= 4096
            and 320 <= int(h) <= 4096):  # fmt: skip
        raise argparse.ArgumentTypeError(
            f"--export-size wants WxH, each 320 to 4096, such as 1600x1000, got {text!r}"
        )
    return int(w), int(h)


# What Qt's offscreen platform says whenever a window is shown: a notice, not a problem, that
# filled a scripted run's stderr (a new user's trial) between the lines that matter.
QT_NOTICES = frozenset({"This plugin does not support propagateSizeHints()"})


def quiet_qt_notices() -> None:
    """Drop QT_NOTICES; every other Qt message goes where it went (the handler before)."""
    previous = None

    def handler(kind, context, message) -> None:
        if message in QT_NOTICES:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def display_problem() -> str | None:
    """Why Qt could not open a window here, in one line, or None. Without this check Qt
    aborts with a misleading message about libxcb-cursor0 (ENVIRONMENT.md)."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display found (DISPLAY and WAYLAND_DISPLAY are unset): run rnnviz on a "
            "desktop, or set QT_QPA_PLATFORM=offscreen for scripted mode, or use the "
            "headless 'rnnviz train'")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    scripted = bool(args.quit or args.export or args.screenshot or args.export_animation)
    if args.steps is not None and args.steps < 0:
        print(f"error: --steps must be >= 0, got {args.steps}", file=sys.stderr)
        return 2
    problem = None if QApplication.instance() else display_problem()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("rnnviz")
    quiet_qt_notices()
    from rnnviz import resources  # the icon ships in the package: a wheel has it too

    app.setWindowIcon(QIcon(str(resources.path("icon.svg"))))
    from rnnviz.gui.theme import configure_pyqtgraph

    configure_pyqtgraph()
    from rnnviz.core.config import SERIES_ONLY, ConfigError
    from rnnviz.gui import i18n

    for problem in i18n.install(i18n.choose_language(args.lang)):  # before any widget
        print(f"warning: {problem}", file=sys.stderr)
    from rnnviz.gui.window import MainWindow

    try:
        config = config_from_args(args)
        preset = load_preset_args(args)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if preset is not None and not preset.is_comparison:
        config = preset.config
    if args.view and args.view not in VIEW_NAMES:
        print(f"error: --view is one of {', '.join(VIEW_NAMES)}, got {args.view!r}",
              file=sys.stderr)  # fmt: skip
        return 2
    window = MainWindow(config.replace(data=None), scripted=scripted)
    if args.size:
        window.resize(*args.size)
    if args.export_size:
        window.figure_size = args.export_size
    if args.presentation:
        window.set_presentation(True)
    window.show()
    if os.environ.get("RNNVIZ_EXIT_AFTER_FIRST_FRAME"):  # for `rnnviz bench`: start-up time
        QTimer.singleShot(0, lambda: _report_first_frame(window))
        return app.exec()

    def start() -> None:
        """After the first frame: build the run on its thread (the slow part of start-up),
        open FILE, load the preset, and go on with the script, each when the last is ready."""

        def with_preset(opened: bool) -> None:
            if opened and preset is not None:
                window.experiments.load(preset, then=go_on)
            else:
                go_on(opened)

        def go_on(opened: bool) -> None:
            if scripted and not opened:
                window.shutdown()
                app.exit(2)
            elif args.autostart or scripted:
                run_script(window, args)

        def built(_) -> None:
            if args.file:
                window.open_path(args.file, column=config.column, ask=False, then=with_preset,
                                 **{k: getattr(config, k) for k in SERIES_ONLY})  # fmt: skip
            else:
                with_preset(True)

        # The file's series options wait for the file (a log transform fails on the sine).
        first = config.replace(data=None, **(SERIES_ONLY if args.file else {}))
        window.start_new_run(first, then=built)

    QTimer.singleShot(0, start)
    code = app.exec()
    window.shutdown()
    window.close()  # before interpreter teardown, or Qt may outlive the widgets (segfault)
    window.deleteLater()
    app.processEvents()
    i18n.uninstall()  # an application that goes on (a test) is English again
    return window.exit_code or code


def load_preset_args(args):
    """--preset NAME|FILE with the options given on the command line laid over it, or None."""
    if not args.preset:
        return None
    import dataclasses

    from rnnviz.core.config import Config
    from rnnviz.core.presets import load_preset

    names = {f.name for f in dataclasses.fields(Config)}
    given = {k: v for k, v in vars(args).items() if k in names and v is not None}
    if args.file:
        given["data"] = args.file
    return load_preset(args.preset).override(**given)


def _report_first_frame(window) -> None:
    window.repaint()  # the whole window, synchronously
    print(f"first-frame {time.time()}", flush=True)
    window.close()
    QApplication.instance().quit()


def run_script(window, args) -> None:
    """--autostart/--steps/--export/--export-animation/--quit: train live, export, exit."""
    compare = window.comparing  # a comparison preset: the Compare view runs and exports
    ctrl = window.active
    steps = args.steps
    if steps is None and args.quit:
        steps = ctrl.target_steps if compare else window.solo.config.steps

    def on_stopped() -> None:
        snap = ctrl.latest
        every = len(ctrl.stopped_variants()) == len(snap.names) if compare else False
        done = every or (not compare and bool(snap.diverged))
        if ctrl.running or (steps is not None and snap.step < steps and not done):
            return
        window.training_stopped.disconnect(on_stopped)
        exported()

    def exported(written=True) -> None:
        if written is None:
            return  # report_error has already exited with status 2
        if args.export and not getattr(exported, "done", False):
            exported.done = True
            window.exported.connect(exported)
            window.export_all(args.export)
            return
        if args.export_animation:
            window.export_animation(args.export_animation, done=lambda n: n and animated())
        else:
            animated()

    def animated() -> None:
        if args.screenshot and args.view == "unit" and window.unit_view.report is None:
            open_unit_then(window, lambda: finish(window, args))  # something to show
        else:
            finish(window, args)

    window.training_stopped.connect(on_stopped)
    QTimer.singleShot(0, lambda: window.start_training(steps))


def finish(window, args) -> None:
    """The scripted run's end: the screenshot, then quit."""
    if args.screenshot:
        if args.view:
            window.show_view(window.view_named(args.view))
        window.draw_now()
        if not window.grab().save(args.screenshot):
            window.report_error(f"cannot write the screenshot {args.screenshot}")
            return
    if args.quit:
        window.close()
        QApplication.instance().exit(window.exit_code)


def open_unit_then(window, then) -> None:
    """Inspect unit 0 of the last layer (as a click on the heatmap would), then `then()`."""
    if not window.inspect_unit(window.info.layers - 1, 0):
        then()
        return
    timer = QTimer(window, interval=50)

    def check() -> None:
        if window.unit_view.report is not None or window._unit_request is None:
            timer.stop()
            then()

    timer.timeout.connect(check)
    timer.start()
