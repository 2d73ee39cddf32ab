"""`rnnviz desktop`: put rnnviz in the desktop's application menu, so that it starts with a
click and no terminal (freedesktop.org desktop entry; GNOME, KDE, Xfce and the rest).

It writes $XDG_DATA_HOME/applications/rnnviz.desktop (default ~/.local/share/...), whose Exec is
the absolute path of the `rnnviz-gui` launcher pip installed beside this Python (a gui-script:
no console window), and copies the icon to $XDG_DATA_HOME/icons/hicolor/scalable/apps/rnnviz.svg.
The entry is the packaged template rnnviz/resources/rnnviz.desktop with Exec, TryExec and Icon
filled in. `--uninstall` removes both files. No Qt here: it runs without a display.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from importlib.resources import files
from pathlib import Path

LAUNCHER = "rnnviz-gui"
ENTRY = "rnnviz.desktop"
ICON = "rnnviz.svg"


class DesktopError(Exception):
    """Why the launcher cannot be written or removed, in one line."""


def data_home() -> Path:
    """$XDG_DATA_HOME, else ~/.local/share (the XDG Base Directory specification)."""
    given = os.environ.get("XDG_DATA_HOME")
    if not given:
        return Path.home() / ".local" / "share"
    if not os.path.isabs(given):
        raise DesktopError(f"XDG_DATA_HOME must be an absolute path, got {given!r}")
    return Path(given)


def entry_path(home: Path) -> Path:
    return home / "applications" / ENTRY


def icon_path(home: Path) -> Path:
    return home / "icons" / "hicolor" / "scalable" / "apps" / ICON


def launcher() -> Path:
    """The installed rnnviz-gui: beside this Python's scripts (a venv, pipx, the system),
    else in the user's scripts (pip install --user), else on the PATH."""
    name = LAUNCHER + (".exe" if sys.platform == "win32" else "")
    scripts = [sysconfig.get_path("scripts"),
               sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user"))]  # fmt: skip
    for folder in scripts:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate.absolute()
    found = shutil.which(LAUNCHER)
    if found is None:
        raise DesktopError(f"{LAUNCHER} not found beside {sys.executable} or on the PATH: "
                           "install rnnviz with pip (pip install rnnviz, or pip install . in "
                           "a checkout) first")  # fmt: skip
    return Path(found).absolute()


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")  # an Exec argument with these must be quoted


def _value(text: str) -> str:
    """A desktop-entry string value: backslash, newline, tab and CR escaped."""
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))  # fmt: skip


def _exec_argument(path: Path) -> str:
    """`path` as one Exec argument: quoted if it has a reserved character, % doubled."""
    text = str(path)
    if _RESERVED & set(text):
        text = '"' + "".join("\\" + c if c in '"`$\\' else c for c in text) + '"'
    return _value(text.replace("%", "%%"))


def entry(program: Path, icon: Path) -> str:
    """The desktop entry for launcher `program` and icon file `icon` (absolute paths)."""
    template = (files("rnnviz.resources") / ENTRY).read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        key = line.partition("=")[0]
        if key == "Exec":  # %f: a file dropped on the launcher opens, as `rnnviz-gui FILE`
            lines += [f"Exec={_exec_argument(program)} %f", f"TryExec={_value(str(program))}"]
        elif key == "Icon":
            lines.append(f"Icon={_value(str(icon))}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def install(home: Path | None = None, program: Path | None = None) -> list[Path]:
    """Write the desktop entry and copy the icon under `home` (default: data_home()); the
    paths written."""
    home = data_home() if home is None else home
    program = launcher() if program is None else program
    icon, desktop = icon_path(home), entry_path(home)
    try:
        icon.parent.mkdir(parents=True, exist_ok=True)
        icon.write_bytes((files("rnnviz.resources") / "icon.svg").read_bytes())
        desktop.parent.mkdir(parents=True, exist_ok=True)
        desktop.write_text(entry(program, icon), encoding="utf-8")
    except OSError as e:
        raise DesktopError(f"cannot write {e.filename or home}: {e.strerror or e}") from None
    return [desktop, icon]


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove the desktop entry and the icon `install` wrote; the paths removed."""
    home = data_home() if home is None else home
    removed = []
    for path in (entry_path(home), icon_path(home)):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as e:
            raise DesktopError(f"cannot remove {path}: {e.strerror or e}") from None
        removed.append(path)
    return removed


def main(args) -> int:
    """`rnnviz desktop [--print | --uninstall]` (args from rnnviz.cli's parser)."""
    try:
        if args.uninstall:
            removed = uninstall()
            for path in removed:
                print(f"removed {path}")
            if not removed:
                print(f"nothing to remove: no {entry_path(data_home())}")
            return 0
        if args.print_only:
            print(entry(launcher(), icon_path(data_home())), end="")
            return 0
        if sys.platform in ("win32", "darwin"):
            raise DesktopError("desktop entries are for Linux and BSD desktops; on this "
                               f"system start the window with {LAUNCHER}")  # fmt: skip
        for path in install():
            print(f"wrote {path}")
        return 0
    except DesktopError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
