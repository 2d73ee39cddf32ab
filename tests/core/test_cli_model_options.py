"""--init, --init-scale, --dropout, --bidirectional on the command line."""

import json

import numpy as np
import pytest
import torch

from rnnviz.cli import main


def test_options_reach_the_run_folder(tmp_path, capsys):
    code = main(["train", "--steps", "3", "--hidden", "6", "--layers", "2", "--init", "orthogonal",
                 "--init-scale", "0.5", "--dropout", "0.25", "--bidirectional", "--cell", "gru",
                 "--out", str(tmp_path)])  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert "parameters: GRU layer 2 reverse: 3 × (6·12 + 6·6 + 2·6) = 360" in err
    cfg = json.loads((tmp_path / "config.json").read_text())
    assert (cfg["init"], cfg["init_scale"], cfg["dropout"], cfg["bidirectional"]) == (
        "orthogonal", 0.5, 0.25, True)  # fmt: skip
    m = json.loads((tmp_path / "metrics.json").read_text())
    sd = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    n = sum(v.numel() for k in ("rnn_state_dict", "head_state_dict") for v in sd[k].values())
    assert m["parameters"] == n and "free_running_val_rmse" in m
    assert np.load(tmp_path / "probe.npz")["hidden"].shape == (4, 10, 6)


def test_defaults_when_not_given(tmp_path):
    assert main(["train", "--steps", "1", "--hidden", "4", "--out", str(tmp_path)]) == 0
    cfg = json.loads((tmp_path / "config.json").read_text())
    assert (cfg["init"], cfg["init_scale"], cfg["dropout"], cfg["bidirectional"]) == (
        "default", 1.0, 0.0, False)  # fmt: skip


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    for opt in ("--init {default,xavier,orthogonal}", "--init-scale", "--dropout",
                "--bidirectional"):  # fmt: skip
        assert opt in text


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--init", "kaiming"], "invalid choice"), (["--init-scale", "0"], "init-scale must be"),
     (["--init-scale", "inf"], "init-scale must be"), (["--dropout", "0.5"], "one layer has none"),
     (["--dropout", "1", "--layers", "2"], "0 <= P < 1"),
     (["--dropout", "x", "--layers", "2"], "invalid float"),
     (["--bidirectional", "yes"], "unrecognized arguments")],
)  # fmt: skip
def test_bad_values_exit_2_with_one_line(args, message, capsys):
    assert main_exit(["train", "--steps", "1", *args]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]


def main_exit(argv):
    try:
        return main(argv)
    except SystemExit as e:
        return e.code
