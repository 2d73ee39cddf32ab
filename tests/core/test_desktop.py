"""`rnnviz desktop`: a freedesktop launcher for the installed rnnviz-gui, written under
$XDG_DATA_HOME (here a temporary folder), printed, and removed again."""

from __future__ import annotations

import configparser
import re
from importlib.resources import files
from pathlib import Path

import pytest

from rnnviz import desktop
from rnnviz.cli import main

PACKAGED_ICON = (files("rnnviz.resources") / "icon.svg").read_bytes()
LINE = re.compile(r"^(#.*|\[[^\[\]]+\]|[A-Za-z0-9-]+(\[[A-Za-z_@.]+\])?=.*|)$")


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def parse(text: str) -> dict[str, str]:
    """The [Desktop Entry] group of a desktop file, every line checked for its form."""
    bad = [line for line in text.splitlines() if not LINE.match(line)]
    assert not bad, f"not desktop-entry lines: {bad}"
    ini = configparser.ConfigParser(interpolation=None, strict=True)
    ini.optionxform = str  # keys are case-sensitive
    ini.read_string(text)
    assert ini.sections() == ["Desktop Entry"]
    return dict(ini["Desktop Entry"])


def test_desktop_writes_an_entry_for_the_installed_launcher_and_the_icon(data_home, capsys):
    assert main(["desktop"]) == 0
    entry = data_home / "applications" / "rnnviz.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "rnnviz.svg"
    assert capsys.readouterr().out.split() == ["wrote", str(entry), "wrote", str(icon)]
    keys = parse(entry.read_text(encoding="utf-8"))
    assert keys["Type"] == "Application" and keys["Name"] == "rnnviz"
    assert keys["Terminal"] == "false"
    assert keys["Categories"] == "Education;Science;"
    program, _, rest = keys["Exec"].partition(" ")
    assert rest == "%f" and keys["TryExec"] == program
    assert Path(program).is_absolute() and Path(program).is_file()
    assert Path(program).name == "rnnviz-gui"  # the gui-script, no terminal
    assert keys["Icon"] == str(icon) and icon.read_bytes() == PACKAGED_ICON


def test_print_shows_the_entry_and_writes_nothing(data_home, capsys):
    assert main(["desktop", "--print"]) == 0
    keys = parse(capsys.readouterr().out)
    assert keys["Icon"] == str(data_home / "icons/hicolor/scalable/apps/rnnviz.svg")
    assert not data_home.exists()


def test_uninstall_removes_the_entry_and_the_icon(data_home, capsys):
    assert main(["desktop"]) == 0
    other = data_home / "applications" / "other.desktop"
    other.write_text("[Desktop Entry]\n")
    capsys.readouterr()
    assert main(["desktop", "--uninstall"]) == 0
    assert capsys.readouterr().out.count("removed") == 2
    assert not (data_home / "applications" / "rnnviz.desktop").exists()
    assert not (data_home / "icons/hicolor/scalable/apps/rnnviz.svg").exists()
    assert other.exists()  # only its own files
    assert main(["desktop", "--uninstall"]) == 0  # again: nothing to do, not an error
    assert capsys.readouterr().out.startswith("nothing to remove")


def test_without_xdg_data_home_it_is_local_share(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main(["desktop", "--print"]) == 0
    icon = tmp_path / ".local/share/icons/hicolor/scalable/apps/rnnviz.svg"
    assert parse(capsys.readouterr().out)["Icon"] == str(icon)


def test_exec_quotes_a_path_with_spaces_and_doubles_percent():
    icon = Path("/x/rnnviz.svg")
    text = desktop.entry(Path("/opt/my apps/rnnviz-gui"), icon)
    assert 'Exec="/opt/my apps/rnnviz-gui" %f' in text.splitlines()
    assert "TryExec=/opt/my apps/rnnviz-gui" in text.splitlines()
    assert "Exec=/opt/100%%/rnnviz-gui %f" in desktop.entry(Path("/opt/100%/rnnviz-gui"), icon)


def one_error_line(capsys, *expected: str) -> None:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), captured.err
    assert all(e in lines[0] for e in expected)


def test_bad_input_is_one_line_and_exit_status_2(data_home, tmp_path, monkeypatch, capsys):
    with pytest.raises(SystemExit) as e:
        main(["desktop", "--print", "--uninstall"])
    assert e.value.code == 2
    one_error_line(capsys, "not allowed")

    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert main(["desktop"]) == 2
    one_error_line(capsys, "XDG_DATA_HOME must be an absolute path")

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))  # a file where the folder goes
    assert main(["desktop"]) == 2
    one_error_line(capsys, "cannot write")


def test_a_missing_launcher_is_one_line_and_exit_status_2(data_home, tmp_path, monkeypatch,
                                                          capsys):  # fmt: skip
    monkeypatch.setattr(desktop.sysconfig, "get_path", lambda *a: str(tmp_path / "none"))
    monkeypatch.setenv("PATH", str(tmp_path / "none"))
    assert main(["desktop"]) == 2
    one_error_line(capsys, "rnnviz-gui not found")
    assert not data_home.exists()
