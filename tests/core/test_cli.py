import json
import subprocess
import sys

import numpy as np
import pytest

from rnnviz.cli import main


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "rnnviz", *args], capture_output=True, text=True,
                          timeout=300)  # fmt: skip


def test_train_end_to_end_in_a_subprocess(tmp_path):
    r = run_cli("train", "--steps", "20", "--hidden", "8", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "step 20/20" in r.stderr and "trained 20 steps" in r.stdout
    assert json.loads((tmp_path / "metrics.json").read_text())["steps"] == 20


def test_text_generate_without_out_prints_the_sample(small_text, capsys):
    code = main(["train", "--data", str(small_text), "--steps", "3", "--hidden", "4",
                 "--generate", "25", "--prime", "cat"])  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("cat") and len(out[-1]) == 28


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cell", "transformer"], "invalid choice"),
        (["--lr", "0"], "lr must be"),
        (["--lr", "abc"], "invalid float"),
        (["--hidden", "0"], "hidden must be"),
        (["--layers", "-1"], "layers must be"),
        (["--clip", "sometimes"], "invalid choice"),
        (["--clip-value", "-2"], "clip-value must be"),
        (["--seq-len", "0"], "seq-len must be"),
        (["--temperature", "0"], "temperature must be"),
        (["--generate", "-5"], "--generate must be"),
        (["--device", "tpu"], "device must be"),
        (["--data", "/no/such/file.csv"], "no such file"),
        (["--data", "/"], "folder"),
        (["--column", "nope"], None),
        (["--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_options_exit_2_with_one_line(args, message, capsys, tmp_path):
    if args[0] == "--column":
        p = tmp_path / "s.csv"
        p.write_text("a,b\n" + "".join(f"{i},{i * 2}\n" for i in range(30)))
        args, message = ["--data", str(p), "--column", "nope"], "no column 'nope'"
    with pytest.raises(SystemExit) as e:
        raise SystemExit(main(["train", "--steps", "1", *args]))
    assert e.value.code == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00binary", "binary"), (b"a,b\nx,y\n", "numeric"),
     (b"v\n1\n2\n", "at least 12"), (b"caf\xe9 au lait " * 5, "not UTF-8")],
)  # fmt: skip
def test_bad_files_exit_2(tmp_path, capsys, content, message):
    p = tmp_path / ("data.txt" if b"caf" in content else "data.csv")
    p.write_bytes(content)
    assert main(["train", "--data", str(p), "--steps", "1"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_help_lists_every_documented_option(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    for opt in ("--data", "--kind", "--column", "--cell", "--hidden", "--layers", "--seq-len",
                "--batch-size", "--lr", "--optimizer", "--clip", "--clip-value", "--steps",
                "--probe-every", "--val-every", "--seed", "--device", "--generate",
                "--temperature", "--prime", "--out"):  # fmt: skip
        assert opt in text


def test_diverging_run_exits_cleanly(tmp_path, capsys):
    code = main(["train", "--optimizer", "sgd", "--lr", "10", "--steps", "100", "--hidden", "8",
                 "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    assert "warning: diverged" in capsys.readouterr().err
    assert json.loads((tmp_path / "metrics.json").read_text())["diverged"] is True


def test_cli_run_folder_after_a_divergence_holds_healthy_weights(tmp_path):
    import csv as csv_module

    out = tmp_path / "run"
    r = run_cli("train", "--cell", "rnn", "--optimizer", "sgd", "--lr", "10", "--steps", "100",
                "--hidden", "8", "--out", str(out))  # fmt: skip
    assert r.returncode == 0 and "diverged" in r.stderr
    with open(out / "predictions.csv") as f:
        rows = list(csv_module.DictReader(f))
    actual = np.array([float(r["actual"]) for r in rows])
    pred = np.array([float(r["predicted"]) for r in rows])
    rmse = float(np.sqrt(np.mean((pred - actual) ** 2)))
    assert np.isfinite(pred).all() and rmse < 3 * actual.std()  # the data's spread, not 1e16
