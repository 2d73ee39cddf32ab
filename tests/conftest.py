import os

# pytest-qt aborts without a display unless a platform is set; set it before Qt is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
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
