"""Where a run ran and on what: versions, device, date (environment.json), and the data
file's SHA-256 (config.json's data_source), for the lab report."""

from __future__ import annotations

import datetime
import hashlib
import platform
import sys
from importlib import metadata
from pathlib import Path

HASH_CHUNK = 1 << 20  # bytes read at a time: a large corpus is never held twice


def file_sha256(path: str | Path) -> str | None:
    """Hex SHA-256 of a file's bytes, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(HASH_CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _version(*dists: str) -> str | None:
    """The installed version of the first distribution found (no import needed)."""
    for d in dists:
        try:
            return metadata.version(d)
        except metadata.PackageNotFoundError:
            continue
    return None


def device_name(device: str) -> str:
    """'cpu (x86_64)' or 'cuda (NVIDIA H100 80GB HBM3)'."""
    import torch  # here, not above: the window's report reads this module without torch

    if device.startswith("cuda") and torch.cuda.is_available():
        return f"{device} ({torch.cuda.get_device_name(torch.device(device))})"
    return f"{device} ({platform.machine() or 'unknown machine'})"


def environment(device: str = "cpu", qt: str | None = None) -> dict:
    """The software and machine of this process. `qt`: the Qt version a Qt caller passes
    (the core never imports Qt); else the installed Qt for Python's version, if any."""
    import torch

    qt = qt or _version("PySide6-Essentials", "PySide6")
    return {
        "rnnviz": _version("rnnviz") or "unknown",
        "torch": torch.__version__,
        "python": platform.python_version(),
        "qt": qt or "not installed",
        "numpy": _version("numpy") or "unknown",
        "platform": f"{platform.system()} {platform.release()} ({sys.platform})",
        "device": device_name(device),
        "torch_threads": torch.get_num_threads(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    }
