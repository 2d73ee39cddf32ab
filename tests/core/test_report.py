"""The lab report's facts and page (rnnviz.core.report), from run and comparison folders the
command line wrote: the hash against hashlib, the configuration and metrics against their
JSON files, the RMSEs against numpy, the embedded images against Pillow."""

import base64
import hashlib
import io
import json
import math
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rnnviz.cli import main
from rnnviz.core.diagnostics import VANISHING_ADVICE
from rnnviz.core.export import ExportError
from rnnviz.core.report import (
    SINE,
    ComparisonFacts,
    Figure,
    RunFacts,
    exact,
    read_folder,
    report_html,
)


class Page(HTMLParser):
    """The report read back: key/value tables by id, <img> sources, all text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: dict[str, list[tuple[str, str]]] = {}
        self.grids: dict[str, list[list[str]]] = {}
        self.images: list[str] = []
        self.alts: list[str] = []  # each image's title
        self.scripts = 0
        self.text: list[str] = []
        self._table = self._cell = None
        self._row: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id", "")
            self.tables.setdefault(self._table, [])
            self.grids.setdefault(self._table, [])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "tr":
            self._row = []
        elif tag == "img":
            self.images.append(a["src"])
            self.alts.append(a.get("alt", ""))
        elif tag in ("script", "link", "iframe"):
            self.scripts += 1

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._table is not None:
            self.grids[self._table].append(self._row)
            pairs = list(zip(self._row[::2], self._row[1::2], strict=True)) if (
                len(self._row) % 2 == 0) else []  # fmt: skip
            self.tables[self._table] += pairs
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        self.text.append(data)

    def table(self, ident: str) -> dict[str, str]:
        return dict(self.tables[ident])


def decoded_images(page: Page) -> list[Image.Image]:
    """Every <img> as a Pillow image; each must be an embedded PNG (no network, no file)."""
    out = []
    for src in page.images:
        head, _, data = src.partition(",")
        assert head == "data:image/png;base64", head[:40]
        img = Image.open(io.BytesIO(base64.b64decode(data)))
        img.load()
        out.append(img)
    return out


def not_blank(img: Image.Image) -> bool:
    small = np.asarray(img.convert("RGB").resize((200, 125)))  # (125, 200, 3)
    return len(np.unique(small.reshape(-1, 3), axis=0)) > 10


def config_rows(config: dict) -> dict[str, str]:
    """config.json as the report's configuration table should show it (exact JSON): the
    settings given (not null), without the built-in data's for a run on a file."""
    rows = {}
    for k, v in config.items():
        if v is None or (config.get("data") and k in ("task", "noise", "length", "noise_seed")):
            continue
        if isinstance(v, dict):
            rows.update({f"{k}.{k2}": json.dumps(v2) if not isinstance(v2, str) else v2
                         for k2, v2 in v.items()})  # fmt: skip
        else:
            rows[k] = v if isinstance(v, str) else json.dumps(v)
    return rows


def check_run_page(page: Page, folder, prefix: str = "") -> None:
    """The page's tables against the folder's own files."""
    config = json.loads((folder / "config.json").read_text())
    metrics = json.loads((folder / "metrics.json").read_text())
    assert page.table(f"{prefix}config") == config_rows(config)
    shown = page.table(f"{prefix}metrics")
    assert shown == {k: (v if isinstance(v, str) else json.dumps(v))
                     for k, v in metrics.items() if k != "warnings"}  # fmt: skip
    data = page.table(f"{prefix}data")
    if config["data"] is None:
        assert data["source"] == SINE and "SHA-256" not in data
    else:
        digest = hashlib.sha256(Path(config["data"]).read_bytes()).hexdigest()
        assert data["SHA-256"] == digest and data["file name"] == config["data"].split("/")[-1]
    run = page.table(f"{prefix}run")
    assert run["seed"] == str(config["seed"]) and run["steps"] == str(metrics["steps"])
    env = page.table(f"{prefix}environment")
    assert {"rnnviz", "torch", "Python", "Qt", "device", "date"} <= set(env)
    results = page.table(f"{prefix}results")
    assert results["final training loss"] == f"{metrics['final_train_loss']:.5g}"
    if "val_rmse" in metrics:
        check_rmse(results, folder)


def check_rmse(results: dict, folder) -> None:
    """The RMSEs shown, recomputed in float64 from predictions.csv (naive: the last value of
    each window, i.e. the previous row's actual value)."""
    rows = np.genfromtxt(folder / "predictions.csv", delimiter=",", names=True, dtype=None,
                         encoding="utf-8")  # fmt: skip
    val = rows["split"] == "val"
    actual = rows["actual"].astype(np.float64)
    rmse = math.sqrt(np.mean((rows["predicted"][val] - actual[val]) ** 2))
    prev = np.concatenate([[np.nan], actual[:-1]])  # consecutive rows: index increases by 1
    naive = math.sqrt(np.mean((prev[val] - actual[val]) ** 2))
    assert results["validation RMSE, one-step forecast"] == f"{rmse:.4g}"
    assert results["validation RMSE, naive last-value forecast"] == f"{naive:.4g}"
    assert results["RMSE / naive RMSE"] == f"{rmse / naive:.3g}"


def png(color: tuple[int, int, int]) -> bytes:
    """A small picture with a gradient (many colours) tinted by `color`."""
    a = np.zeros((40, 64, 3), np.uint8)
    a[..., 0] = np.linspace(0, 255, 64)[None, :]
    a[..., 1:] = color[1:]
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, "PNG")
    return buf.getvalue()


def test_a_series_report_matches_its_folder(run_folders):
    facts = read_folder(run_folders / "series")
    assert isinstance(facts, RunFacts) and facts.data.source == SINE
    figures = [Figure("Training", "Loss", png((0, 10, 20))),
               Figure("Training", "Hidden <h_t> & co", png((0, 200, 20)))]  # fmt: skip
    text = report_html(facts, figures, note="a note")
    page = Page(text)
    check_run_page(page, run_folders / "series")
    assert page.scripts == 0 and "http://" not in text and "https://" not in text
    images = decoded_images(page)
    assert len(images) == 2 and all(not_blank(i) for i in images)
    assert "Hidden &lt;h_t&gt; &amp; co" in text  # escaped
    assert "@media print" in text and "break-inside: avoid" in text


def test_a_text_report_has_its_hash_vocabulary_and_sample(run_folders):
    facts = read_folder(run_folders / "text")
    page = Page(report_html(facts))
    check_run_page(page, run_folders / "text")
    data = page.table("data")
    config = json.loads((run_folders / "text" / "config.json").read_text())
    text = Path(config["data"]).read_text(encoding="utf-8")
    assert data["characters"] == str(len(text)) and data["vocabulary size"] == str(len(set(text)))
    sample = (run_folders / "text" / "sample.txt").read_text(encoding="utf-8")
    assert sample in "".join(page.text)
    assert config["data_source"]["sha256"] == hashlib.sha256(text.encode()).hexdigest()


def test_a_comparison_report_has_the_table_and_every_variant(run_folders):
    facts = read_folder(run_folders / "cmp")
    assert isinstance(facts, ComparisonFacts) and [r.folder.name for r in facts.runs] == [
        "cell-rnn", "cell-gru"]  # fmt: skip
    figures = [Figure("Compare", "Loss", png((0, 1, 2))),
               Figure("cell-gru", "Hidden", png((0, 3, 4)))]  # fmt: skip
    page = Page(report_html(facts, figures))
    summary = json.loads((run_folders / "cmp" / "comparison.json").read_text())
    rows = page.grids["comparison"][1:]
    assert [r[0] for r in rows] == [v["name"] for v in summary["variants"]]
    for row, v in zip(rows, summary["variants"], strict=True):
        assert row[2] == f"{v['final_train_loss']:.5g}" and row[3] == f"{v['final_val_loss']:.5g}"
    gaps = sum(line.endswith(",") for line in (run_folders / "series.csv").read_text().splitlines())
    for name in ("cell-rnn", "cell-gru"):
        check_run_page(page, run_folders / "cmp" / name, f"{name}-")
        data = page.table(f"{name}-data")
        assert data["missing values filled"] == str(gaps) == "1" and data["rows (values)"] == "120"
    assert len(decoded_images(page)) == 2


def test_warnings_come_with_their_advice(run_folders, tmp_path):
    folder = copy_run(run_folders / "series", tmp_path / "run")
    m = json.loads((folder / "metrics.json").read_text())
    m["warnings"] = [{"code": "vanishing-gradient", "step": 3, "message": "Tiny <gradient>."}]
    (folder / "metrics.json").write_text(json.dumps(m))
    page = Page(report_html(read_folder(folder)))
    row = page.grids["warnings"][1]
    assert row[0] == "vanishing-gradient"
    assert row[1] == "3" and row[2] == "Tiny <gradient>."
    # The advice fits the run's cell: this LSTM is not told to try an LSTM.
    assert json.loads((folder / "config.json").read_text())["cell"] == "lstm"
    assert row[3] == VANISHING_ADVICE["lstm"] and "Try an LSTM" not in row[3]
    assert "||dL_T/dh_1||" in row[4]


def copy_run(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_a_moved_data_file_keeps_the_recorded_hash_and_says_so(run_folders, tmp_path):
    out = copy_run(run_folders / "text", tmp_path / "run")
    config = json.loads((out / "config.json").read_text())
    corpus = tmp_path / "moved.txt"
    corpus.write_bytes(Path(config["data"]).read_bytes())
    config["data"] = str(corpus)
    (out / "config.json").write_text(json.dumps(config))
    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()
    assert page_of(out).table("data")["SHA-256"] == digest
    corpus.write_text("another text", encoding="utf-8")
    page = page_of(out)
    assert page.table("data")["SHA-256"] == hashlib.sha256(b"another text").hexdigest()
    assert page.table("data")["SHA-256 at the run"] == digest
    assert "changed since the run" in "".join(page.text)
    corpus.unlink()
    page = page_of(out)
    assert page.table("data")["SHA-256"] == digest
    assert "not there any more" in "".join(page.text)


def page_of(folder) -> Page:
    return Page(report_html(read_folder(folder)))


def test_values_are_shown_exactly_as_the_json_holds_them():
    assert exact(0.1) == "0.1" and exact(None) == "null" and exact(True) == "true"
    assert exact([1.5, None]) == "[1.5, null]" and exact("lstm") == "lstm"


def test_report_on_a_folder_that_is_not_a_run_is_exit_2_and_one_line(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("hello")
    for folder in (tmp_path, tmp_path / "missing"):
        assert main(["report", str(folder)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    with pytest.raises(ExportError, match="not a run or comparison folder"):
        read_folder(tmp_path)
