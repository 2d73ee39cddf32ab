"""`rnnviz compare`, `rnnviz presets` and `--preset` on the command line."""

import json
import subprocess
import sys

import pytest

from rnnviz.cli import main
from rnnviz.core.diagnostics import ADVICE
from rnnviz.core.presets import bundled

TINY = ["--steps", "4", "--hidden", "4", "--seq-len", "5"]

PRESET = """
lesson = "A tiny lesson."
steps = 6
vary = "hidden=3,5"
[config]
seq-len = 5
val-every = 2
[[callouts]]
panel = "compare"
text = "started"
when = { after_step = 1 }
[[callouts]]
panel = "loss"
text = "validated"
when = { value = "val_loss@hidden-5", above = 0 }
"""


def run_main(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_compare_writes_a_run_folder_per_variant_and_comparison_json(tmp_path, capsys):
    code, out, err = run_main(capsys, "compare", "--vary", "cell=rnn,gru", *TINY,
                              "--out", str(tmp_path))  # fmt: skip
    assert code == 0, err
    data = json.loads((tmp_path / "comparison.json").read_text())
    assert data["vary"] == "cell" and data["steps"] == 4
    assert [(v["name"], v["value"]) for v in data["variants"]] == [("cell-rnn", "rnn"),
                                                                   ("cell-gru", "gru")]  # fmt: skip
    for v in data["variants"]:
        m = json.loads((tmp_path / v["name"] / "metrics.json").read_text())
        assert m["steps"] == 4 and v["final_train_loss"] == pytest.approx(m["final_train_loss"])
        assert (tmp_path / v["name"] / "checkpoint.pt").is_file()
        for w in m["warnings"]:  # each variant's warnings are printed once, named
            line = f"warning: {v['name']}: {w['code']} at step {w['step']}: {w['message']}"
            assert err.count(line) == 1
    assert "step 4/4" in err and "cell-rnn" in out and f"files to {tmp_path}" in out


def test_compare_without_out_prints_a_table(capsys):
    code, out, _ = run_main(capsys, "compare", "--vary", "lr=0.01,0.02,0.03", *TINY)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[1].split()[:2] == ["variant", "train"]
    assert [ln.split()[0] for ln in lines[2:]] == ["lr-0.01", "lr-0.02", "lr-0.03"]
    assert all(ln.split()[-1] == "no" for ln in lines[2:])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vary", "cell"], "--vary takes KEY=V1,V2"),
        (["--vary", "colour=red,blue"], "cannot vary 'colour'"),
        (["--vary", "lr=0.1"], "give 2 to 4 values"),
        (["--vary", "lr=0.1,0.1"], "must differ"),
        (["--vary", "hidden=4,x"], "'x' is not a whole number"),
        (["--vary", "cell=rnn,lstm", "--forget-bias", "1"], "variant cell-rnn: forget-bias"),
        (["--vary", "lr=0.1,0.2", "--lr", "0.3"], "--lr and --vary lr both set lr"),
        ([], "compare needs --vary"),
        (["--vary", "cell=rnn,lstm", "--generate", "-1"], "--generate must be"),
        (["--preset", "nope"], "no preset 'nope'"),
        (["--preset", "temperature"], "is a solo run"),
    ],
)
def test_bad_compare_input_exits_2_with_one_line(args, message, capsys):
    code, _, err = run_main(capsys, "compare", "--steps", "1", *args)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--preset", "vanishing"], "is a comparison; run it with 'rnnviz compare"),
        (["--preset", "no/such.toml"], "no such preset file"),
        (["--preset", "temperature", "--samples", "0"], "samples must be"),
    ],
)
def test_bad_train_preset_exits_2_with_one_line(args, message, capsys):
    code, _, err = run_main(capsys, "train", *args)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and message in lines[0]


def test_a_prime_the_text_lacks_fails_before_training(small_text, capsys):
    code, _, err = run_main(capsys, "compare", "--vary", "hidden=2,3", "--data", str(small_text),
                            "--prime", "Zq", "--steps", "1000")  # fmt: skip
    assert code == 2 and err.startswith("error: the prime text has characters")
    assert "step" not in err


def test_presets_lists_every_bundled_lesson(capsys):
    code, out, _ = run_main(capsys, "presets")
    assert code == 0
    lines = out.strip().splitlines()
    assert [ln.split()[0] for ln in lines] == [p.name for p in bundled()]
    assert all(p.lesson in ln for p, ln in zip(bundled(), lines, strict=True))


def test_compare_preset_from_a_file_with_command_line_overrides(tmp_path, capsys):
    path = tmp_path / "tiny.toml"
    path.write_text(PRESET)
    code, out, err = run_main(capsys, "compare", "--preset", str(path), "--steps", "3",
                              "--out", str(tmp_path / "o"))  # fmt: skip
    assert code == 0, err
    assert json.loads((tmp_path / "o" / "comparison.json").read_text())["steps"] == 3
    assert "callout [compare] at step " in err and "started" in err
    assert "validated" in err  # the end of a run validates
    assert err.index("started") < err.index("validated")
    # --vary replaces the preset's; callouts about its variants are then skipped
    code, out, err = run_main(capsys, "compare", "--preset", str(path), "--vary", "cell=rnn,gru",
                              "--steps", "2", "--hidden", "3")  # fmt: skip
    assert code == 0 and "cell-gru" in out and "validated" not in err


def test_train_preset_prints_its_lesson_and_callouts(tmp_path, capsys):
    path = tmp_path / "solo.toml"
    path.write_text(PRESET.replace('vary = "hidden=3,5"\n', "").replace("@hidden-5", ""))
    code, out, err = run_main(capsys, "train", "--preset", str(path), "--hidden", "2")
    assert code == 0, err
    assert "solo: A tiny lesson." in err and "trained 6 steps" in out
    assert "callout [loss]" in err


def test_compare_in_a_subprocess(tmp_path):
    r = subprocess.run([sys.executable, "-m", "rnnviz", "compare", "--vary", "clip=off,norm",
                        *TINY, "--out", str(tmp_path)], capture_output=True, text=True,
                       timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clip-norm", "clip-off",
                                                          "comparison.json"]  # fmt: skip


def test_train_with_samples_prints_one_per_temperature(small_text, capsys):
    code, out, _ = run_main(capsys, "train", "--data", str(small_text), "--steps", "2",
                            "--hidden", "4", "--samples", "0.5,2", "--prime", "the")  # fmt: skip
    assert code == 0
    assert "--- temperature 0.5 ---\nthe" in out and "--- temperature 2 ---\nthe" in out


def test_compare_prints_each_variants_warnings_with_advice_for_its_cell(tmp_path, capsys):
    """A long window: the gradient vanishes in both; the RNN is told to try a gated cell, the
    LSTM (already one) is not."""
    args = ["--steps", "4", "--hidden", "4", "--seq-len", "40", "--probe-every", "1",
            "--out", str(tmp_path)]  # fmt: skip
    code, out, err = run_main(capsys, "compare", "--vary", "cell=rnn,lstm", *args)
    assert code == 0, err
    lines = [x for x in err.splitlines() if x.startswith("warning: ")]
    rnn = [x for x in lines if x.startswith("warning: cell-rnn: vanishing-gradient")]
    lstm = [x for x in lines if x.startswith("warning: cell-lstm: vanishing-gradient")]
    assert len(rnn) == 1 and "Try an LSTM or GRU" in rnn[0]
    assert len(lstm) == 1 and "Try an LSTM" not in lstm[0] and "forget-gate bias" in lstm[0]
    m = json.loads((tmp_path / "cell-rnn" / "metrics.json").read_text())
    assert rnn[0].endswith(m["warnings"][0]["message"] + " " + ADVICE["vanishing-gradient"])
