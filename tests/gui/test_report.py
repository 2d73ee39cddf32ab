"""The lab report with its pictures: from the window (every panel with data of every view) and
from `rnnviz report` on folders the command line wrote (the panels drawn again offscreen)."""

import json

import pytest

from rnnviz.cli import main
from rnnviz.core.comparison import Vary
from tests.core.test_report import Page, check_run_page, copy_run, decoded_images, not_blank
from tests.gui.conftest import SMALL, answer, built

TIMEOUT = 60_000


def report_page(path) -> Page:
    page = Page(path.read_text(encoding="utf-8"))
    images = decoded_images(page)
    assert images and all(not_blank(i) for i in images)
    assert page.scripts == 0
    return page


@pytest.mark.parametrize("name", ["series", "text"])
def test_rnnviz_report_draws_every_training_panel(qapp, run_folders, name, capsys, tmp_path):
    from rnnviz.gui.report import FOLDER_DIAGNOSTICS
    from rnnviz.gui.views.training import TrainingView

    out = tmp_path / f"{name}.html"  # the shared folders stay as the command line wrote them
    assert main(["report", str(run_folders / name), "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    page = report_page(out)
    check_run_page(page, run_folders / name)
    assert len(page.images) == len(TrainingView().panels) + len(FOLDER_DIAGNOSTICS) == 9
    assert 20_000 < out.stat().st_size < 3_000_000


def test_rnnviz_report_of_a_comparison(qapp, run_folders, capsys, tmp_path):
    import shutil

    from rnnviz.gui.plots.compare import PANEL_CLASSES
    from rnnviz.gui.report import VARIANT_PANELS

    cmp = shutil.copytree(run_folders / "cmp", tmp_path / "cmp")  # the report goes inside
    assert main(["report", str(cmp)]) == 0
    out = cmp / "report.html"
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    page = report_page(out)
    for v in ("cell-rnn", "cell-gru"):
        check_run_page(page, cmp / v, f"{v}-")
    assert len(page.images) == len(PANEL_CLASSES) + 2 * len(VARIANT_PANELS)
    assert out.stat().st_size < 5_000_000


def test_rnnviz_report_without_the_data_file_still_writes_the_facts(qapp, run_folders,
                                                                     tmp_path):  # fmt: skip
    out = copy_run(run_folders / "text", tmp_path / "run")
    config = json.loads((out / "config.json").read_text())
    config["data"] = str(tmp_path / "gone.txt")
    (out / "config.json").write_text(json.dumps(config))
    assert main(["report", str(out)]) == 0
    page = Page((out / "report.html").read_text(encoding="utf-8"))
    assert not page.images and "could not be drawn again" in "".join(page.text)
    assert page.table("data")["SHA-256"] == config["data_source"]["sha256"]


def test_the_windows_report_holds_every_panel_with_data(qtbot, window, tmp_path):
    window.start_training(6)
    qtbot.waitUntil(lambda: window._latest is not None and window._latest.step >= 6
                    and not window.run.running, timeout=TIMEOUT)  # fmt: skip
    assert window.inspect_unit(0, 2)  # the Unit view gets its panel
    qtbot.waitUntil(lambda: window.unit_view.report is not None, timeout=TIMEOUT)
    view = window.compare
    window.show_view(view)
    assert built(qtbot, window, SMALL, Vary("cell", "rnn,gru")) and window.comparison.start(4)
    qtbot.waitUntil(lambda: not window.comparison.running, timeout=TIMEOUT)
    window.show_view(window.training)
    path = answer(qtbot, lambda cb: window.lab_report(tmp_path / "lab.html", cb))
    page = report_page(path)
    views = [v for v in window.views if v is not view] + [view]  # the comparison comes last
    shown = [p for v in views for p in v.panels if p.snapshot is not None]
    assert len(shown) == 6 + 5 + 1 + 6  # Training, Diagnostics, Unit, Compare
    assert page.alts == [p.full_title() for p in shown]
    steps = window.run.trainer.step_count
    assert page.table("run")["steps"] == str(steps)
    assert page.table("config")["cell"] == SMALL.cell
    assert page.table("environment")["Qt"].startswith("6.")
    assert [r[0] for r in page.grids["comparison"][1:]] == ["cell-rnn", "cell-gru"]


def test_file_lab_report_writes_and_says_so(qtbot, window, tmp_path):
    window.step_once()
    qtbot.waitUntil(lambda: window._latest.step >= 1, timeout=TIMEOUT)
    path = tmp_path / "r.html"
    assert answer(qtbot, lambda cb: window.lab_report(path, cb))
    assert path.is_file() and "lab report" in window.statusBar().currentMessage()
    bad = tmp_path / "file.txt"
    bad.write_text("x")
    assert not answer(
        qtbot, lambda cb: window.lab_report(bad / "r.html", cb)
    )  # a file is in the way
    assert window.last_error and "\n" not in window.last_error
