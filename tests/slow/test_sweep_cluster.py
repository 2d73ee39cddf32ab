"""rnnviz sweep against a Ray cluster by its address: a head started with `ray start` on this
machine (token authentication on, as docs/sweeps.md starts one), the sweep run as a user would
run it, in its own process."""

import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def head(tmp_path):
    """A one-node Ray cluster (2 CPUs) from `ray start --head`; killed whole at the end."""
    env = dict(os.environ, RAY_AUTH_MODE="token", RAY_AUTH_TOKEN=secrets.token_hex(32))
    port = _free_port()
    ray = Path(sys.executable).parent / "ray"
    log = tmp_path / "head.log"
    with open(log, "w") as f:
        proc = subprocess.Popen(
            [str(ray), "start", "--head", "--block", f"--port={port}", "--num-cpus=2",
             "--node-ip-address=127.0.0.1", "--include-dashboard=false",
             "--disable-usage-stats"],
            stdout=f, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while "Ray runtime started" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        yield f"127.0.0.1:{port}", env
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the head and every process it started
        proc.wait(60)


def test_a_sweep_runs_on_a_cluster_by_its_address(head, tmp_path):
    address, env = head
    out = tmp_path / "sweep"
    argv = [sys.executable, "-m", "rnnviz", "sweep", "--task", "adding", "--seq-len", "10",
            "--hidden", "8", "--steps", "20", "--grid", "cell=rnn,gru", "--seeds", "2",
            "--address", address, "--out", str(out)]  # fmt: skip
    r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "4 runs on 1 node(s), 2 CPUs" in r.stdout
    info = json.loads((out / "sweep.json").read_text())
    assert info["address"] == address and info["finished"]
    with open(out / "sweep.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["status"] for r in rows] == ["ok"] * 4
    assert all((out / r["run"] / "checkpoint.pt").exists() for r in rows)
    # the same address from RAY_ADDRESS, and nothing left to do
    r = subprocess.run(argv[: argv.index("--address")] + ["--out", str(out)],
                       env=env | {"RAY_ADDRESS": address}, capture_output=True, text=True,
                       timeout=600)  # fmt: skip
    assert r.returncode == 0 and "4 runs" in r.stdout
