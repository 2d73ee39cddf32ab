"""The unit inspector against torch.nn: scores, ranks, the continuous pass and correlations are
recomputed here from checkpoint.pt with torch's fused multi-layer module in float64 (every
layer's h_t read from h_n on each prefix of the input), on data rebuilt from its definition."""

import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest
import torch
from torch import nn

from rnnviz.cli import main
from rnnviz.core.config import Config
from rnnviz.core.export import write_run
from rnnviz.core.inspect import inspect_unit, load_run, window_scores
from rnnviz.core.inspect_html import activation_color, unit_html
from rnnviz.core.trainer import Trainer
from tests.reference import assert_ranked

FUSED = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
CASES = [("series", "rnn", 1), ("series", "lstm", 2), ("text", "gru", 1), ("text", "lstm", 2)]


def train_run(kind, cell, layers, small_text, out):
    data = str(small_text) if kind == "text" else None
    config = Config(cell=cell, layers=layers, hidden=6, seq_len=7, length=150, data=data,
                    sample_len=0, lr=0.03)  # fmt: skip
    t = Trainer(config)
    t.run(30)
    write_run(t, out)
    return t


def reference(out, small_text):
    """(fused float64 module, all inputs (N, I) as float64, n_train, T) from the run folder,
    the data rebuilt from its definition."""
    ckpt = torch.load(out / "checkpoint.pt", weights_only=True)
    cfg = json.loads((out / "config.json").read_text())
    T, vf = cfg["seq_len"], cfg["val_fraction"]
    rnn = FUSED[cfg["cell"]](ckpt["input_size"], cfg["hidden"], cfg["layers"], batch_first=True)
    rnn.load_state_dict(ckpt["rnn_state_dict"])
    rnn = rnn.double()
    if cfg["data"] is None:  # the sine: sin(0.1 t) + N(0, noise^2) from its own seed
        n = cfg["length"]
        v = np.sin(np.arange(n) * 0.1) + np.random.default_rng(cfg["noise_seed"]).normal(
            0, cfg["noise"], n
        )
        norm = ckpt["normalization"]
        x = ((v - norm["mean"]) / norm["std"])[:, None]
    else:
        text = small_text.read_text(encoding="utf-8")
        vocab = ckpt["vocab"]
        x = np.eye(len(vocab))[[vocab.index(c) for c in text]]
    n_windows = len(x) - T
    n_train = min(max(round(n_windows * (1 - vf)), 1), n_windows - 1)
    return rnn, x, n_train, T


def every_layer(rnn, x):
    """h_t of every layer: (L, B, T, H), from h_n of the fused module on each prefix."""
    X = torch.tensor(x, dtype=torch.float64)
    steps = []
    with torch.no_grad():
        for t in range(1, X.shape[1] + 1):
            _, state = rnn(X[:, :t])
            steps.append((state[0] if isinstance(state, tuple) else state).numpy())  # (L, B, H)
    return np.stack(steps, axis=2)  # (L, B, T, H)


@pytest.fixture(scope="module", params=CASES, ids=["-".join(map(str, c)) for c in CASES])
def run(request, tmp_path_factory):
    kind, cell, layers = request.param
    small_text = tmp_path_factory.mktemp("text") / "corpus.txt"
    small_text.write_text("the cat sat on the mat. " * 40, encoding="utf-8")
    out = tmp_path_factory.mktemp("run")
    train_run(kind, cell, layers, small_text, out)
    return out, small_text, layers


def test_scores_and_ranks_match_torch(run, capsys):
    out, small_text, layers = run
    rnn, x, n_train, T = reference(out, small_text)
    n_val = len(x) - T - n_train
    windows = np.stack([x[w : w + T] for w in range(n_train, n_train + n_val)])  # (B, T, I)
    h = every_layer(rnn, windows)  # (L, B, T, H)
    for layer in range(layers):
        unit = 3 + layer
        scores = h[layer, :, :, unit].max(axis=1)  # (B,)
        assert main(["inspect", str(out), "--unit", f"{layer}:{unit}", "--top", "5",
                     "--json"]) == 0  # fmt: skip
        got = json.loads(capsys.readouterr().out)
        assert [list(g) for g in got] == [["rank", "window", "start", "score"]] * 5
        assert [g["rank"] for g in got] == [1, 2, 3, 4, 5]
        # Saturated units score 1.0 in many windows: compare by scores, never by the order
        # float rounding gives near-equal ones (it differs between machines).
        windows, got_scores = [g["window"] for g in got], [g["score"] for g in got]
        assert [g["start"] for g in got] == [n_train + w for w in windows]
        np.testing.assert_allclose(got_scores, scores[windows], rtol=1e-5, atol=1e-6)
        assert_ranked(windows, got_scores, scores, tol=1e-5)


def test_continuous_pass_and_correlations_match_torch(run):
    out, small_text, layers = run
    rnn, x, n_train, _ = reference(out, small_text)
    h = every_layer(rnn, x[None, n_train:])[:, 0]  # (L, N, H)
    loaded = load_run(out)
    layer, unit = layers - 1, 2
    report = inspect_unit(loaded.model, loaded.data, layer, unit, top=3, probe=loaded.probe)
    assert report.start == n_train
    np.testing.assert_allclose(report.activations, h[layer, :, unit], rtol=1e-5, atol=1e-6)
    all_units = h.transpose(1, 0, 2).reshape(len(h[0]), -1)  # (N, L*H)
    r = np.corrcoef(all_units.T)[layer * h.shape[2] + unit]  # (L*H,)
    H = h.shape[2]
    listed = [c.layer * H + c.unit for c in report.correlated]
    np.testing.assert_allclose([c.r for c in report.correlated], r[listed], atol=1e-5)
    candidates = np.abs(r)
    candidates[layer * H + unit] = np.nan  # not a candidate
    assert_ranked(listed, [abs(c.r) for c in report.correlated], candidates, tol=1e-5)
    probe = np.load(out / "probe.npz")
    assert report.grad_norm.tolist() == probe["grad_norm"][layer].tolist()
    for g, row in (report.gates or {}).items():
        assert row.tolist() == probe[f"gate_{g}"][layer, :, unit].tolist()


class Spans(HTMLParser):
    """The background colour of every character span of the page's first text block."""

    def __init__(self):
        super().__init__()
        self.colors, self.depth, self.done = [], 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "pre" and not self.done:
            self.depth = 1
        elif tag == "span" and self.depth and a.get("class") == "c":
            self.colors.append(re.search(r"background:(#[0-9a-f]{6})", a["style"]).group(1))

    def handle_endtag(self, tag):
        if tag == "pre" and self.depth:
            self.depth, self.done = 0, True


def test_html_page_is_coloured_by_the_activations(run, tmp_path, capsys):
    out, small_text, layers = run
    rnn, x, n_train, _ = reference(out, small_text)
    h = every_layer(rnn, x[None, n_train:])[:, 0]  # (L, N, H)
    page = tmp_path / "unit.html"
    assert main(["inspect", str(out), "--unit", "0:1", "--html", str(page)]) == 0
    assert "rank" in capsys.readouterr().out
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "http" not in text  # self-contained
    want = np.clip(h[0, :, 1], -1, 1)
    if '<pre class="text">' in text:  # one coloured span per character of the validation part
        parser = Spans()
        parser.feed(text)
        assert len(parser.colors) == len(want)
        # each background encodes its activation to within the 8-bit rounding of the colour
        np.testing.assert_allclose(color_value(parser.colors), want, atol=0.5 / 255 + 1e-5)
    else:  # series: the polylines run through every value, each segment coloured by its end
        svg = text[: text.index("</svg>")]  # the first SVG: the validation part
        strokes = re.findall(r'<polyline points="([^"]*)" stroke="(#[0-9a-f]{6})"', svg)
        colors = []
        for points, color in strokes:
            colors += [color] * (len(points.split()) - 1)  # polylines share their end points
        assert len(colors) == len(want) - 1
        # quantized to 20 steps per sign
        np.testing.assert_allclose(color_value(colors), want[1:], atol=0.5 / 20 + 1 / 255)
        assert len(set(colors)) > 1


def color_value(colors):
    """The activation a background colour stands for (the inverse of the colour map)."""
    out = []
    for c in colors:
        r, g, b = (int(c[i : i + 2], 16) for i in (1, 3, 5))
        assert (r == 255 or b == 255) and g == min(r, b)
        out.append(1 - g / 255 if r == 255 else g / 255 - 1)
    return np.array(out)


def test_activation_colors():
    assert activation_color(-1) == "#0000ff" and activation_color(-5) == "#0000ff"
    assert activation_color(0) == "#ffffff" and activation_color(1) == "#ff0000"
    assert activation_color(0.5) == "#ff8080" and activation_color(float("nan")) == "#cccccc"


def test_unit_html_caps_a_long_validation_part(monkeypatch):
    import rnnviz.core.inspect_html as page
    from rnnviz.core.inspect import UnitReport

    monkeypatch.setattr(page, "MAX_CHARS", 10)
    r = UnitReport(0, 0, "lstm", "text", "t", 3, 5, np.zeros(30, np.float32), "a<b\n" * 7 + "xy",
                   None, 28, (), (), None, None)  # fmt: skip
    html = unit_html(r)
    assert "the first 10 of 30 shown" in html and ">&lt;</span>" in html  # escaped
    assert html.count('class="c"') == 10 and html.count("\u21b5") == 2


@pytest.fixture(scope="module")
def csv_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("csvrun")
    csv = folder / "series.csv"
    csv.write_text("v\n" + "\n".join(str(np.sin(i * 0.3)) for i in range(80)))
    t = Trainer(Config(data=str(csv), hidden=5, seq_len=6))
    t.run(3)
    write_run(t, folder / "run")
    return folder / "run", csv


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "1:0"], "layer 1 is out of range"),
        (["--unit", "0:5"], "unit 5 is out of range"),
        (["--unit=-1:0"], "expected LAYER:UNIT"),
        (["--unit", "3"], "expected LAYER:UNIT"),
        (["--unit", "0:1", "--top", "0"], "--top must be >= 1"),
        ([], "the following arguments are required: --unit"),
    ],
)
def test_bad_unit_exits_2_with_one_line(csv_run, capsys, args, message):
    assert_exit_2(capsys, ["inspect", str(csv_run[0]), *args], message)


def assert_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as e:
        raise SystemExit(main(argv))
    assert e.value.code == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert captured.out == ""


def test_not_a_run_and_missing_or_changed_data_exit_2(csv_run, capsys, tmp_path):
    run_dir, csv = csv_run
    assert_exit_2(capsys, ["inspect", str(tmp_path), "--unit", "0:0"], "is not a run folder")
    assert_exit_2(capsys, ["inspect", str(tmp_path / "nope"), "--unit", "0:0"], "not a run folder")
    assert_exit_2(capsys, ["inspect", str(csv), "--unit", "0:0"], "is not a run folder")
    (tmp_path / "config.json").write_text("{not json")
    (tmp_path / "checkpoint.pt").write_text("junk")
    assert_exit_2(capsys, ["inspect", str(tmp_path), "--unit", "0:0"], "config.json")
    original = csv.read_text()
    try:
        csv.write_text("v\n" + "\n".join(str(3 * i) for i in range(80)))
        assert_exit_2(capsys, ["inspect", str(run_dir), "--unit", "0:0"], "not the series")
        csv.unlink()
        assert_exit_2(capsys, ["inspect", str(run_dir), "--unit", "0:0"], "no such file")
    finally:
        csv.write_text(original)
    assert main(["inspect", str(run_dir), "--unit", "0:0", "--top", "500", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert len(got) == load_run(run_dir).data.n_windows - load_run(run_dir).data.n_train


def test_inspect_help(capsys):
    with pytest.raises(SystemExit):
        main(["inspect", "--help"])
    text = capsys.readouterr().out
    for opt in ("RUN_DIR", "--unit", "--top", "--json", "--html"):
        assert opt in text


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_inspect_on_the_gpu_matches_the_cpu(csv_run):
    run = load_run(csv_run[0])
    scores = window_scores(run.model, run.data, 0, 1)  # every window's, on the CPU
    cpu = inspect_unit(run.model, run.data, 0, 1, top=5)
    gpu = inspect_unit(run.model.to("cuda"), run.data, 0, 1, top=5)
    np.testing.assert_allclose(gpu.activations, cpu.activations, atol=1e-5)
    windows = [w.window for w in gpu.windows]  # by score: rounding may swap near-equal ones
    np.testing.assert_allclose([w.score for w in gpu.windows], scores[windows], atol=1e-5)
    assert_ranked(windows, [w.score for w in gpu.windows], scores, tol=1e-5)
