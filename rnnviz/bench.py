"""`rnnviz bench`: training speed of a plain PyTorch loop vs rnnviz headless vs the live window,
the window's responsiveness, probe cost, start-up time and memory, measured side by side.

Each live-window measurement runs in a subprocess of its own: torch work on this process' main
thread would otherwise add a second OpenMP thread team and slow the window's trainer (see
rnnviz/gui/worker.py).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

SIZES = {
    "default": {"hidden": 32, "seq_len": 10, "batch_size": 0},  # full batch: 792 windows
    "large": {"hidden": 128, "seq_len": 100, "batch_size": 256},
}


def _config(cell: str, size: str, device: str):
    from rnnviz.core.config import Config

    return Config(cell=cell, device=device, **SIZES[size])


def plain_loop(cell: str, size: str, device: str, seconds: float) -> float:
    """The tutorial's loop, same model, data and batches as rnnviz: steps per second."""
    import torch
    from torch import nn

    from rnnviz.core.trainer import Trainer

    config = _config(cell, size, device)
    data = Trainer(config).data  # the same windows rnnviz trains on
    dev = torch.device(device)
    torch.manual_seed(0)
    rnn = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell](
        1, config.hidden, 1, batch_first=True
    ).to(dev)
    head = nn.Linear(config.hidden, 1).to(dev)
    opt = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=config.lr)
    n_train = data.n_train
    full = config.batch_size == 0
    x_all, y_all = data.train_batch(None, dev)

    def step() -> float:
        if full:
            x, y = x_all, y_all
        else:
            x, y = data.train_batch(torch.randint(n_train, (config.batch_size,)), dev)
        out, _ = rnn(x)
        loss = nn.functional.mse_loss(head(out[:, -1]), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()  # the tutorial prints or logs it: one sync a step

    return _rate(step, seconds)


def _rate(step, seconds: float) -> float:
    for _ in range(5):  # warm-up
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        n += 1
    return n / (time.perf_counter() - start)


def headless(cell: str, size: str, device: str, seconds: float) -> dict:
    """rnnviz's trainer with probes and validation at their default cadence."""
    from rnnviz.core.trainer import Trainer

    t = Trainer(_config(cell, size, device))
    t.run(5)
    t.loop_seconds, t.loop_steps = 0.0, 0
    probes = []
    real_probe = t.probe

    def timed_probe():
        p = real_probe()
        probes.append(p.seconds)
        return p

    t.probe = timed_probe
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t.run(50)
    return {"steps_per_s": t.steps_per_second, "probe_ms": 1000 * min(probes)}


def live_window(cell: str, size: str, device: str, seconds: float) -> dict:
    """In this process: the real window, offscreen, training live; a 60 Hz timer measures
    how late the GUI thread serves it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from rnnviz.gui.app import configure_pyqtgraph

    app = QApplication.instance() or QApplication(["rnnviz-bench"])
    configure_pyqtgraph()
    from rnnviz.gui.main_window import MainWindow

    config = _config(cell, size, device)
    window = MainWindow(config, scripted=True)
    window.start_new_run(config)
    window.show()
    lateness: list[float] = []
    clock = QElapsedTimer()
    tick = QTimer(interval=16)  # ~60 Hz
    marks: dict = {}

    def on_tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        if "last" in marks and marks.get("measuring"):
            lateness.append(max(0.0, now - marks["last"] - 16))
        marks["last"] = now

    def begin() -> None:  # after one second of warm-up
        marks.update(measuring=True, step=window.run.trainer.step_count, t=time.perf_counter(),
                     frames=window.frames_drawn)  # fmt: skip

    def end() -> None:
        el = time.perf_counter() - marks["t"]
        marks["steps_per_s"] = (window.run.trainer.step_count - marks["step"]) / el
        marks["fps"] = (window.frames_drawn - marks["frames"]) / el
        window.close()
        app.quit()

    tick.timeout.connect(on_tick)
    clock.start()
    tick.start()
    window.start_training()
    QTimer.singleShot(1000, begin)
    QTimer.singleShot(int(1000 * (1 + seconds)), end)
    app.exec()
    lateness.sort()

    def pct(q: float) -> float:
        return lateness[min(len(lateness) - 1, int(q * len(lateness)))] if lateness else 0.0

    return {
        "steps_per_s": marks["steps_per_s"],
        "fps": marks["fps"],
        "late_p50_ms": pct(0.5),
        "late_p99_ms": pct(0.99),
        "late_max_ms": lateness[-1] if lateness else 0.0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def first_frame_s() -> float:
    """Seconds from launching `python main.py` to its first drawn frame."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               RNNVIZ_EXIT_AFTER_FIRST_FRAME="1")  # fmt: skip
    launched = time.time()
    out = subprocess.run([sys.executable, "-m", "rnnviz", "gui"], env=env, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    for line in out.stdout.splitlines():
        if line.startswith("first-frame "):
            return float(line.split()[1]) - launched
    raise RuntimeError(f"no first frame reported: {out.stderr.strip()[-300:]}")


def _live_subprocess(cell: str, size: str, device: str, seconds: float) -> dict:
    call = f"live_window({cell!r}, {size!r}, {device!r}, {seconds})"
    code = f"import json; from rnnviz.bench import live_window; print('RESULT', json.dumps({call}))"
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=300)  # fmt: skip
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"live window run failed: {out.stderr.strip()[-500:]}")


def machine() -> str:
    import torch

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    gpu = f", {torch.cuda.get_device_name()}" if torch.cuda.is_available() else ""
    return (f"{cpu}, {os.cpu_count()} cores{gpu}; Python {platform.python_version()}, "
            f"torch {torch.__version__}")  # fmt: skip


def main(args) -> int:
    seconds = 1.5 if args.quick else 4.0
    cells = [c.strip() for c in args.cells.split(",") if c.strip()]
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for s in sizes:
        if s not in SIZES:
            print(f"error: unknown size {s!r}; choose from {', '.join(SIZES)}", file=sys.stderr)
            return 2
    from rnnviz.core.trainer import resolve_device

    resolve_device(args.device)  # a clean error if cuda is missing
    print(f"machine: {machine()}; device {args.device}", flush=True)
    header = ("| size | cell | plain steps/s | headless steps/s | ratio | live steps/s | ratio "
              "| live fps | GUI late p50/p99/max ms | probe ms | peak MB |")  # fmt: skip
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    rounds = 3 if args.quick else 6
    for size in sizes:
        for cell in cells:
            # Interleaved short rounds, medians: this VM's speed drifts by +-20% over minutes,
            # which a long run of one and then of the other would read as a ratio.
            plains, heads = [], []
            for _ in range(rounds):
                plains.append(plain_loop(cell, size, args.device, seconds / rounds))
                heads.append(headless(cell, size, args.device, seconds / rounds))
            live = None
            if not args.no_gui:
                live = _live_subprocess(cell, size, args.device, seconds)
                plains.append(plain_loop(cell, size, args.device, seconds / rounds))
            plain = statistics.median(plains)
            head = {"steps_per_s": statistics.median(h["steps_per_s"] for h in heads),
                    "probe_ms": min(h["probe_ms"] for h in heads)}  # fmt: skip
            row = (f"| {size} | {cell} | {plain:.1f} | {head['steps_per_s']:.1f} "
                   f"| {head['steps_per_s'] / plain:.2f} |")  # fmt: skip
            if live is None:
                row += " – | – | – | – |"
            else:
                row += (f" {live['steps_per_s']:.1f} | {live['steps_per_s'] / plain:.2f} "
                        f"| {live['fps']:.0f} | {live['late_p50_ms']:.1f} / "
                        f"{live['late_p99_ms']:.1f} / {live['late_max_ms']:.1f} |")  # fmt: skip
            peak = f"{live['peak_rss_mb']:.0f}" if live else "–"
            print(row + f" {head['probe_ms']:.1f} | {peak} |", flush=True)
    if not args.no_gui:
        print(f"first frame after launch: {first_frame_s():.2f} s")
    return 0
