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
    from rnnviz.gui.app import configure_pyqtgraph
    from rnnviz.gui.main_window import MainWindow

    configure_pyqtgraph()
    w = MainWindow(SMALL)
    qtbot.addWidget(w)
    assert w.start_new_run(SMALL)
    w.confirm = lambda question: True
    w.choose_column = lambda table: table.default_column()
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
