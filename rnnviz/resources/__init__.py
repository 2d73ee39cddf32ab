"""The files rnnviz ships inside its package, so that a wheel installed anywhere has them:

- presets/*.toml: the guided experiments (rnnviz.core.presets);
- samples/: the data some presets train on (a preset names it as "../samples/...");
- translations/rnnviz_*.ts and .qm: the window's languages (rnnviz.gui.i18n);
- icon.svg: the window's and the desktop launcher's icon;
- rnnviz.desktop: the template of the launcher `rnnviz desktop` installs (rnnviz.desktop).

Reach them through importlib.resources (`files("rnnviz.resources") / "icon.svg"`), never by a
path relative to the source checkout. `path` gives a real file or folder where one is needed
(Qt, a preset's relative data path). pyproject.toml's package-data lists these files.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

_extracted = ExitStack()  # files extracted from a zipped install live until the process ends
atexit.register(_extracted.close)


def path(*parts: str) -> Path:
    """A real filesystem path to the shipped file or folder `parts` (e.g. "presets").

    An ordinary install (a wheel, an editable checkout) has the files on disk already, and this
    is their path; from an archive they are extracted once, for the life of the process."""
    resource = files(__name__)
    for part in parts:
        resource = resource / part
    return Path(_extracted.enter_context(as_file(resource)))
