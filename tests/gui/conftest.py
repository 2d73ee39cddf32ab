import pytest

from rnnviz.core.config import Config
from rnnviz.gui import worker as worker_module

SMALL = Config(hidden=8, length=300)


@pytest.fixture
def threads(monkeypatch):
    """Every trainer thread a test starts; each must have ended when the test ends."""
    started = []
    real_init = worker_module.Run.__init__

    def init(self, *args, **kwargs):
        started.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(worker_module.Run, "__init__", init)
    yield started
    running = [r for r in started if r.thread.isRunning()]
    assert not running, f"{len(running)} trainer thread(s) left running"


@pytest.fixture
def window(qtbot, threads):
    from rnnviz.gui.theme import configure_pyqtgraph
    from rnnviz.gui.window import MainWindow

    configure_pyqtgraph()
    w = MainWindow(SMALL)
    qtbot.addWidget(w)
    assert w.start_new_run(SMALL)
    qtbot.waitUntil(lambda: w.solo.run is not None, timeout=30_000)  # built on its thread
    w.confirm = lambda question: True
    w.choose_column = lambda table: table.default_column()
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def built(qtbot, window, base, vary, preset=None) -> bool:
    """Build a comparison in the window's controller and wait until it is in place."""
    ctrl = window.comparison
    before = ctrl.run
    if not ctrl.build_comparison(base, vary, preset):
        return False
    qtbot.waitUntil(lambda: ctrl.run is not before and ctrl.run is not None and not ctrl.building,
                    timeout=60_000)  # fmt: skip
    return ctrl.vary == vary


WAIT_MS = 60_000


def answer(qtbot, start):
    """start(callback) posts work that answers later; wait for the callback's argument."""
    box = []
    if start(lambda *args: box.append(args[0] if args else None)) is False:
        return False
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    return box[0]


def started(qtbot, window, config, **kw) -> bool:
    """A new solo run for `config`, waited for: True once it is in place."""
    ok = answer(qtbot, lambda cb: window.start_new_run(config, then=cb, **kw) and None)
    if ok is False:
        return False
    return window.solo.run is not None and window.solo.config == config


def opened(qtbot, window, path, **kw) -> bool:
    """window.open_path, waited for: True once the file's run is in place."""
    return bool(answer(qtbot, lambda cb: window.open_path(path, then=cb, **kw) and None))


def exported(qtbot, window, folder) -> bool:
    """Export all, waited for: True if every file was written."""
    box = []
    window.exported.connect(box.append)
    try:
        if not window.export_all(folder):
            return False
        qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    finally:
        window.exported.disconnect(box.append)
    return box[0] is not None


def settle(qtbot, window) -> None:
    """Wait until no run is being built and no file is being read: what the user asked for
    is in place (the window builds runs and reads files off its own thread)."""
    qtbot.waitUntil(lambda: not (window.solo.building or window.comparison.building
                                 or window._reading is not None), timeout=WAIT_MS)  # fmt: skip
