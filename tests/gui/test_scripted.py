"""`python main.py [FILE] --autostart --steps N --export DIR --quit` in a real process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args):
    """main.py as a user runs it: its runs in processes of their own (RNNVIZ_WORKER)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RNNVIZ_WORKER="process")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=300, env=env)  # fmt: skip


def test_scripted_run_trains_exports_and_exits_0(tmp_path):
    csv_path = tmp_path / "series.csv"
    csv_path.write_text("t;value\n" + "".join(f"{i};{(i % 17) / 3:.3f}\n" for i in range(200)))
    out = tmp_path / "out"
    r = run_main(str(csv_path), "--cell", "gru", "--hidden", "8", "--lr", "0.02",
                 "--autostart", "--steps", "40", "--export", str(out), "--quit")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "propagateSizeHints" not in r.stderr  # Qt's offscreen notice, dropped
    metrics = json.loads((out / "metrics.json").read_text())
    config = json.loads((out / "config.json").read_text())
    assert metrics["steps"] == 40 and config["cell"] == "gru" and config["lr"] == 0.02
    assert config["data_source"]["name"] == "series.csv:value"
    assert len(list(out.glob("*.png"))) == 6 and len(list(out.glob("*.svg"))) == 6


def test_scripted_bad_file_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\xff" * 64)
    r = run_main(str(bad), "--autostart", "--steps", "5", "--export", str(tmp_path / "o"),
                 "--quit")  # fmt: skip
    assert r.returncode == 2
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "binary" in lines[0] and "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_scripted_export_failure_exits_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = run_main("--hidden", "4", "--autostart", "--steps", "3", "--export", str(blocker),
                 "--quit")  # fmt: skip
    assert r.returncode == 2 and "error:" in r.stderr and "Traceback" not in r.stderr


def test_bad_option_exit_2():
    r = run_main("--lr", "-3")
    assert r.returncode == 2 and r.stderr.strip().startswith("error: lr must be")


def test_no_display_is_one_line_and_exit_2():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    r = subprocess.run([sys.executable, str(ROOT / "main.py")], capture_output=True, text=True,
                       timeout=120, env=env)  # fmt: skip
    assert r.returncode == 2
    assert r.stderr.strip().startswith("error: no display found") and "\n" not in r.stderr.strip()


def test_size_sets_the_screenshot_and_unknown_glyphs_warn(tmp_path):
    from PySide6.QtGui import QImage

    text = tmp_path / "linear_b.txt"
    text.write_text("\U00010000\U00010001 ab " * 40, encoding="utf-8")  # no font draws these
    shot = tmp_path / "shot.png"
    r = run_main(str(text), "--hidden", "4", "--seq-len", "8", "--size", "1024x640",
                 "--autostart", "--steps", "2", "--screenshot", str(shot), "--quit")  # fmt: skip
    assert r.returncode == 0, r.stderr
    img = QImage(str(shot))
    assert (img.width(), img.height()) == (1024, 640)
    warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "fonts-wqy-microhei" in warnings[0]
    bad = run_main("--size", "big")
    assert bad.returncode == 2 and "--size wants WxH" in bad.stderr


def test_scripted_export_animation_one_frame_per_stored_probe(tmp_path):
    from PIL import Image

    gif = tmp_path / "training.gif"
    r = run_main("--hidden", "4", "--steps", "3", "--probe-every", "1",
                 "--export-animation", str(gif), "--quit")  # fmt: skip
    assert r.returncode == 0, r.stderr
    with Image.open(gif) as g:  # probes at steps 0, 1, 2 and 3, all kept
        assert g.n_frames == 4 and g.width == 1280  # the panels, drawn for a slide


def test_scripted_export_animation_bad_path_exits_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    r = run_main("--hidden", "4", "--steps", "2", "--export-animation",
                 str(blocker / "x.gif"), "--quit")  # fmt: skip
    assert r.returncode == 2 and "error:" in r.stderr and "Traceback" not in r.stderr


def test_the_window_process_never_imports_torch(tmp_path):
    """torch's import is half of the window's start-up: the window's process reads the file,
    draws, and exports without it (its run imports it, in a process of its own)."""
    csv_path = tmp_path / "series.csv"
    csv_path.write_text("value\n" + "".join(f"{(i % 11) / 4:.2f}\n" for i in range(120)))
    args = [str(ROOT / "main.py"), str(csv_path), "--hidden", "4", "--autostart", "--steps",
            "20", "--export", str(tmp_path / "out"), "--quit"]  # fmt: skip
    code = (f"import runpy, sys\nsys.argv = {args!r}\ntry:\n"
            f"    runpy.run_path({args[0]!r}, run_name='__main__')\nfinally:\n"
            "    print('torch imported:', 'torch' in sys.modules)\n")  # fmt: skip
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", RNNVIZ_WORKER="process")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=300, env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "metrics.json").is_file()
    assert "torch imported: False" in r.stdout


def test_no_module_of_the_window_imports_torch():
    """Every module under rnnviz.gui, imported: torch stays out (a module the window imports
    later, for a report or a sweep, would otherwise stall it for a second)."""
    code = ("import pkgutil, importlib, sys, rnnviz.gui\n"
            "for m in pkgutil.walk_packages(rnnviz.gui.__path__, 'rnnviz.gui.'):\n"
            "    importlib.import_module(m.name)\n"
            "print('torch imported:', 'torch' in sys.modules)\n")  # fmt: skip
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120, env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "torch imported: False" in r.stdout
