import os

# pytest-qt aborts without a display unless a platform is set; set it before Qt is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# A window's run trains on a thread here, so tests can read its trainer; every command the
# window posts is still checked as a run's own process would be sent it (gui/worker.py).
# tests/gui/test_process.py runs the window's runs in processes, as the app does.
os.environ["RNNVIZ_WORKER"] = "thread"
os.environ["RNNVIZ_CHECK_PICKLE"] = "1"
# Keep QSettings (window geometry, last folder) out of the user's real configuration.
os.environ["XDG_CONFIG_HOME"] = os.path.join(
    os.environ.get("TMPDIR", "/tmp"), f"rnnviz-test-config-{os.getpid()}"
)

import pytest  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(2)


@pytest.fixture
def small_text(tmp_path):
    """A short UTF-8 corpus with a repeating pattern a model can pick up."""
    path = tmp_path / "corpus.txt"
    path.write_text("the cat sat on the mat. " * 40, encoding="utf-8")
    return path


# A tiny run: folders the command line writes in a second or two.
TINY = ["--steps", "4", "--hidden", "4", "--seq-len", "5", "--val-every", "2"]


@pytest.fixture(scope="session")
def run_folders(tmp_path_factory):
    """Folders the command line wrote, for tests that only read them (copy one before changing
    it): series (`rnnviz train --out`, the sine), text (a corpus, --generate 40) and cmp
    (`rnnviz compare --out`, cell=rnn,gru on a CSV series with a gap); beside them the corpus
    and series.csv."""
    from rnnviz.cli import main

    root = tmp_path_factory.mktemp("runs")
    corpus = root / "corpus.txt"
    corpus.write_text("the cat sat on the mat. " * 30, encoding="utf-8")
    assert main(["train", *TINY, "--out", str(root / "series")]) == 0
    assert main(["train", "--data", str(corpus), *TINY, "--generate", "40",
                 "--out", str(root / "text")]) == 0  # fmt: skip
    series = root / "series.csv"  # with a gap: missing values filled
    series.write_text("t,value\n" + "".join(f"{i},{'' if i == 7 else (i % 13) / 4}\n"
                                            for i in range(120)))  # fmt: skip
    assert main(["compare", "--data", str(series), "--vary", "cell=rnn,gru", *TINY,
                 "--out", str(root / "cmp")]) == 0  # fmt: skip
    return root
