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


def test_the_windows_report_is_about_the_run_or_the_comparison_shown(qtbot, window, tmp_path):
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
    solo = [v for v in window.views if v is not view]
    shown = [p for v in solo for p in v.panels if p.snapshot is not None and p.slug != "warnings"]
    assert len(shown) == 6 + 4 + 1  # Training, Diagnostics but its warnings, Unit
    assert page.alts == [p.full_title() for p in shown]
    assert "comparison" not in page.grids  # the comparison built beside it is not this run's
    assert all(i.width == 3200 for i in decoded_images(page))  # the figures, at 2x
    steps = window.run.trainer.step_count
    assert page.table("run")["steps"] == str(steps)
    assert page.table("config")["cell"] == SMALL.cell
    assert page.table("environment")["Qt"].startswith("6.")
    text = "".join(page.text)
    assert "Warnings" in text and ("No warnings" in text or "warnings" in page.grids)
    # the Compare view shown: the comparison's report, its table and its plots
    window.show_view(view)
    path = answer(qtbot, lambda cb: window.lab_report(tmp_path / "cmp.html", cb))
    page = report_page(path)
    assert [r[0] for r in page.grids["comparison"][1:]] == ["cell-rnn", "cell-gru"]
    assert page.alts == [p.full_title() for p in view.panels if p.snapshot is not None]


def test_a_text_runs_report_has_the_samples_shown(qtbot, window, tmp_path):
    from tests.gui.conftest import opened

    corpus = tmp_path / "poem.txt"
    corpus.write_text("roses are red, violets are blue. " * 30, encoding="utf-8")
    assert opened(qtbot, window, corpus)
    window.start_training(5)
    qtbot.waitUntil(lambda: window._latest.step >= 5 and not window.run.running,
                    timeout=TIMEOUT)  # fmt: skip
    window.draw_now()
    probe = window.solo.latest.probe
    path = answer(qtbot, lambda cb: window.lab_report(tmp_path / "text.html", cb))
    html = path.read_text(encoding="utf-8")
    import html as h

    assert probe.sample and h.escape(probe.sample) in html
    for _, text in probe.samples or ():
        assert h.escape(text) in html


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


def test_a_reports_axes_label_large_values(qapp, tmp_path, capsys):
    """A series in the thousands (a GDP): the report's predictions figure labels its y axis
    at several heights, not only at 0 (the axes measure their text before the one paint)."""
    import numpy as np

    from tests.gui.test_figures import bands

    rng = np.random.default_rng(0)
    values = np.linspace(2700, 13000, 200) + rng.normal(0, 50, 200)
    data = tmp_path / "gdp.csv"
    data.write_text("gdp\n" + "\n".join(f"{v:.1f}" for v in values) + "\n")
    run = tmp_path / "run"
    assert main(["train", "--data", str(data), "--steps", "3", "--hidden", "4", "--out",
                 str(run)]) == 0  # fmt: skip
    assert main(["report", str(run)]) == 0
    capsys.readouterr()
    image = decoded_images(Page((run / "report.html").read_text(encoding="utf-8")))[0]
    rgb = np.asarray(image.convert("RGB")).astype(int)
    h, w, _ = rgb.shape
    strip = rgb[h // 8 : h * 7 // 8, : w // 30]  # left of the axis line: its labels
    text_rows = (strip.sum(axis=2) < 300).any(axis=1)
    assert len(bands(text_rows)) >= 4
