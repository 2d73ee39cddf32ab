"""Writing a file whole or not at all, and the one-line errors of writing and reading files.
No torch: the window's process writes its own files (figures, a report) with it.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: mkstemp creates files 0600, exports should get the usual mode


class ExportError(RuntimeError):
    """Writing or reading a file failed; the message is one line, fit for a user."""


class CheckpointError(ExportError):
    """A checkpoint that cannot be loaded into this run."""


def _os_message(e: OSError, path: Path) -> str:
    return f"cannot write {path}: {e.strerror or e}"


def write_atomic(path: Path, write: Callable[[io.BufferedWriter], None]) -> Path:
    """Write through a temporary file in the same folder, then rename it over `path`."""
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        raise ExportError(_os_message(e, path)) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return path


def write_text(path: Path, text: str) -> Path:
    return write_atomic(path, lambda f: f.write(text.encode("utf-8")))
