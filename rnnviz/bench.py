"""`rnnviz bench`: training speed of a plain PyTorch loop vs rnnviz headless vs the live window,
idle and with a busy process beside them, a lockstep comparison vs solo runs back to back, the
window's responsiveness, probe cost, start-up time and memory, measured side by side, with the
speed targets and the ratios against them.

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

TARGETS = {  # (what is divided by what, at least)
    ("default", "idle"): 0.95,  # headless / plain loop
    ("large", "idle"): 0.9,
    ("default", "load"): 1.5,  # headless / plain loop at torch's default threads, 1 busy process
    ("large", "load"): 1.5,
    "live": 0.85,  # live window / plain loop, idle
    "comparison": 0.9,  # 3-variant comparison / solo runs back to back
    "late_p99_ms": 20.0,  # GUI timer lateness, live
    # Live paints a second of the slowest panel of each kind (history curves, probe panels)
    ("default", "curves"): 30.0,
    ("default", "probe"): 10.0,
    ("large", "curves"): 15.0,
    ("large", "probe"): 2.0,
}
STALL_MS = 100.0  # no window action holds the GUI thread longer than this
FIRST_FRAME_S = 2.0  # the window drawn within this long of its launch, at most
# The busy process: one core taken, as a browser or an IDE would; it ends with the benchmark,
# even one killed before it could stop it.
BUSY = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    pass"
SIZES = {
    "default": {"hidden": 32, "seq_len": 10, "batch_size": 0},  # full batch: 792 windows
    "large": {"hidden": 128, "seq_len": 100, "batch_size": 256},
}


def _config(cell: str, size: str, device: str):
    from rnnviz.core.config import Config

    return Config(cell=cell, device=device, **SIZES[size])


def plain_loop(cell: str, size: str, device: str, seconds: float, threads: int = 0) -> float:
    """The tutorial's loop, same model, data and batches as rnnviz: steps per second (at
    `threads` intra-op threads; 0: torch's default)."""
    import torch

    if threads:
        before = torch.get_num_threads()
        torch.set_num_threads(threads)
        try:
            return plain_loop(cell, size, device, seconds)
        finally:
            torch.set_num_threads(before)
    from torch import nn

    from rnnviz.core.data import load_data

    config = _config(cell, size, device)
    data = load_data(config)  # the same windows rnnviz trains on
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
    for _ in range(2):  # warm-up
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        n += 1
    return n / (time.perf_counter() - start)


class _Deadline:
    """A stop for Trainer.run: set once `seconds` have passed."""

    def __init__(self, seconds: float) -> None:
        self.end = time.perf_counter() + seconds

    def is_set(self) -> bool:
        return time.perf_counter() >= self.end


def headless(cell: str, size: str, device: str, seconds: float, chooser=None) -> dict:
    """rnnviz's trainer with probes and validation at their default cadence, its thread count
    chosen by `chooser` (settled first, outside the measurement: steady state)."""
    from rnnviz.core.trainer import Trainer

    t = Trainer(_config(cell, size, device), chooser=chooser)
    t.run(2)
    while not t.thread_chooser.settled:
        t.run(2)
    t.loop_seconds, t.loop_steps = 0.0, 0
    probes = []
    real_probe = t.probe

    def timed_probe(whole=True):
        p = real_probe(whole)
        probes.append(p.seconds)
        return p

    t.probe = timed_probe
    t.run(None, stop=_Deadline(seconds))
    return {"steps_per_s": t.steps_per_second, "probe_ms": 1000 * min(probes),
            "threads": t.thread_chooser.current}  # fmt: skip


def _step(window) -> int:
    """The live run's step, from its newest snapshot (the run may be in another process)."""
    latest = window.solo.latest
    return latest.step if window.solo.run is not None and latest is not None else 0


def _run_peak_mb(window) -> float:
    """Peak memory of the window's run in its own process (0 on a thread; Linux's /proc)."""
    run = window.solo.run
    process = getattr(run.worker, "process", None) if run is not None else None
    try:
        with open(f"/proc/{process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (AttributeError, OSError, TypeError):
        pass
    return 0.0


def _peak_mb(run_peak: float) -> float:
    """The window's own peak memory and its run's: what the app costs."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + run_peak


def live_window(cell: str, size: str, device: str, seconds: float) -> dict:
    """In this process: the real window, offscreen, training live; a 60 Hz timer measures
    how late the GUI thread serves it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from rnnviz.gui.theme import configure_pyqtgraph

    app = QApplication.instance() or QApplication(["rnnviz-bench"])
    configure_pyqtgraph()
    from rnnviz.gui.window import MainWindow

    config = _config(cell, size, device)
    window = MainWindow(config, scripted=True)
    window.show()
    paints = PaintCounter(window.training.panels)
    lateness: list[float] = []
    clock = QElapsedTimer()
    tick = QTimer(interval=16)  # ~60 Hz
    marks: dict = {}

    def on_tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        if "last" in marks and marks.get("measuring"):
            lateness.append(max(0.0, now - marks["last"] - 16))
        marks["last"] = now

    def begin() -> None:  # once the run trains, after a second of warm-up
        if _step(window) == 0:
            QTimer.singleShot(200, begin)  # still being built (a busy machine)
            return
        if "warm" not in marks:
            marks["warm"] = True
            QTimer.singleShot(1000, begin)
            return
        QTimer.singleShot(int(1000 * seconds), end)
        marks.update(measuring=True, step=_step(window), t=time.perf_counter(),
                     frames=window.frames_drawn, paints=paints.snapshot())  # fmt: skip

    def end() -> None:
        el = time.perf_counter() - marks["t"]
        marks["steps_per_s"] = (_step(window) - marks["step"]) / el
        marks["threads"] = window.solo.latest.threads
        marks["run_peak"] = _run_peak_mb(window)
        marks["fps"] = (window.frames_drawn - marks["frames"]) / el
        now = paints.snapshot()
        marks["panel_fps"] = {k: (now[k] - marks["paints"][k]) / el for k in now}
        for kind in ("history", "probe"):
            marks[f"{kind}_fps"] = min(
                marks["panel_fps"][p.slug] for p in window.training.panels if p.follows == kind
            )
        window.close()
        app.quit()

    tick.timeout.connect(on_tick)
    clock.start()
    tick.start()
    window.start_new_run(config, then=lambda _: window.start_training(10**9))  # past any Steps box
    QTimer.singleShot(200, begin)
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
        "panel_fps": marks["panel_fps"],  # paints a second per panel (its slug)
        "curves_fps": marks["history_fps"],  # the slowest history panel's
        "probe_fps": marks["probe_fps"],  # the slowest probe panel's
        "threads": marks["threads"],  # the run's intra-op threads
        "peak_rss_mb": _peak_mb(marks["run_peak"]),  # the window's and its run's
    }


class PaintCounter:
    """Counts the paint events of each panel's plot (from outside its code)."""

    def __init__(self, panels) -> None:
        from PySide6.QtCore import QEvent, QObject

        counts = self.counts = {p.slug: 0 for p in panels}

        class Filter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint:
                    counts[obj.property("slug")] += 1
                return False

        self.filter = Filter()
        for p in panels:
            viewport = p.canvas.viewport()
            viewport.setProperty("slug", p.slug)
            viewport.installEventFilter(self.filter)

    def snapshot(self) -> dict[str, int]:
        return dict(self.counts)


def window_stalls() -> dict:
    """In this process: the real window, offscreen, on the default sine (30 steps trained),
    then a text run for the odds; the longest stall of each action (rnnviz.gui.stalls)."""
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from rnnviz.gui.theme import configure_pyqtgraph

    app = QApplication.instance() or QApplication(["rnnviz-bench"])
    configure_pyqtgraph()
    from rnnviz import resources
    from rnnviz.core.config import Config
    from rnnviz.gui.stalls import StallClock, measure, window_actions
    from rnnviz.gui.window import MainWindow

    window = MainWindow(Config(), scripted=True)
    window.show()
    results: dict = {}
    folder = tempfile.TemporaryDirectory(prefix="rnnviz-bench-")
    text = Config(data=str(resources.path("samples", "nursery_rhymes.txt")), kind="text")

    def trained(then) -> None:
        window.training_stopped.connect(then)
        window.start_training(30)

    def sine(_=None) -> None:
        window.training_stopped.disconnect(sine)
        measure(window_actions(window, folder.name), StallClock(window), on_sine)

    def on_sine(found) -> None:
        results.update({k: v.__dict__ for k, v in found.items()})
        window.start_new_run(text, then=lambda _: trained(odds))

    def odds() -> None:
        window.training_stopped.disconnect(odds)
        only = [a for a in window_actions(window, folder.name) if a[0] == "odds on hover"]
        measure(only, StallClock(window), on_text)

    def on_text(found) -> None:
        results.update({k: v.__dict__ for k, v in found.items()})
        window.close()
        app.quit()

    window.start_new_run(Config(), then=lambda _: trained(sine))
    app.exec()
    folder.cleanup()
    return results


def print_stalls() -> None:
    """A row per window action: the longest stall of the GUI thread (a 5 ms timer), wall clock
    and the GUI thread's own CPU time in one piece; target at most STALL_MS."""
    print(f"| window action | longest stall, wall ms | GUI thread in one piece, CPU ms "
          f"| target ≤ {STALL_MS:g} ms |")  # fmt: skip
    print("|---|---|---|---|")
    for name, s in _in_subprocess("window_stalls()", 600).items():
        met = "met" if s["wall_ms"] <= STALL_MS else "MISSED (wall)"
        print(f"| {name} | {s['wall_ms']:.0f} | {s['cpu_ms']:.0f} | {met} |", flush=True)


def long_live(cell: str, steps: int, edge: int = 2000) -> dict:
    """In this process: the window trains `steps` steps live (default size); the paints a
    second of the slowest curve and probe panel and the steps a second over the first `edge`
    steps (after a warm-up of 100) and the last. Nothing may grow with the run's length: the
    two should match."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from rnnviz.gui.theme import configure_pyqtgraph

    app = QApplication.instance() or QApplication(["rnnviz-bench"])
    configure_pyqtgraph()
    from rnnviz.gui.window import MainWindow

    config = _config(cell, "default", "cpu")
    window = MainWindow(config, scripted=True)
    window.show()
    paints = PaintCounter(window.training.panels)
    samples: list[tuple[float, int, dict]] = []  # (time, step, paints so far)
    run_peak = [0.0]

    def sample() -> None:
        step = _step(window)
        samples.append((time.perf_counter(), step, paints.snapshot()))
        run_peak[0] = _run_peak_mb(window) or run_peak[0]
        if step >= steps:
            window.close()
            app.quit()

    clock = QTimer(interval=250)
    clock.timeout.connect(sample)
    clock.start()
    window.start_new_run(config, then=lambda _: window.start_training(steps))
    app.exec()

    kinds = {k: [p.slug for p in window.training.panels if p.follows == k]
             for k in ("history", "probe")}  # fmt: skip

    def rates(lo: int, hi: int) -> dict:
        inside = [s for s in samples if lo <= s[1] <= hi]
        (t0, s0, p0), (t1, s1, p1) = inside[0], inside[-1]
        el = max(t1 - t0, 1e-9)
        fps = {k: min((p1[slug] - p0[slug]) / el for slug in slugs) for k, slugs in kinds.items()}
        return {"steps_per_s": (s1 - s0) / el, "curves_fps": fps["history"],
                "probe_fps": fps["probe"]}  # fmt: skip

    warm = 100  # the first steps try thread counts (rnnviz.core.threads): not the steady state
    return {"first": rates(warm, warm + edge), "last": rates(steps - edge, steps),
            "peak_rss_mb": _peak_mb(run_peak[0])}  # fmt: skip


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


def _in_subprocess(call: str, timeout: float = 300) -> dict:
    """rnnviz.bench.<call> in a fresh Python process (offscreen Qt), its JSON result."""
    name = call.partition("(")[0]
    code = f"import json; from rnnviz.bench import {name}; print('RESULT', json.dumps({call}))"
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=timeout)  # fmt: skip
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(f"{name} failed: {out.stderr.strip()[-500:]}")


def _live_subprocess(cell: str, size: str, device: str, seconds: float) -> dict:
    return _in_subprocess(f"live_window({cell!r}, {size!r}, {device!r}, {seconds})")


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


def busy_process() -> subprocess.Popen:
    """One core kept busy by a process of its own (`BUSY`)."""
    return subprocess.Popen([sys.executable, "-c", BUSY])


def cell_row(cell: str, size: str, device: str, seconds: float, rounds: int,
             one_thread: bool = False) -> dict:  # fmt: skip
    """Plain loop (torch's default threads) and headless (threads chosen), interleaved in
    short rounds, medians: this VM's speed drifts by +-20% over minutes, which a long run of
    one and then of the other would read as a ratio. `one_thread`: the plain loop on one
    thread too (what a live run can have while the window draws on another core)."""
    from rnnviz.core.threads import ThreadChooser

    chooser = ThreadChooser()  # one per row, as one per training thread in the window
    plains, heads, ones = [], [], []
    for _ in range(rounds):
        plains.append(plain_loop(cell, size, device, seconds / rounds))
        heads.append(headless(cell, size, device, seconds / rounds, chooser))
        if one_thread:
            ones.append(plain_loop(cell, size, device, seconds / rounds, threads=1))
    return {
        "plain_1": statistics.median(ones) if ones else None,
        "plain": statistics.median(plains),
        "headless": statistics.median(h["steps_per_s"] for h in heads),
        "probe_ms": min(h["probe_ms"] for h in heads),
        "threads": heads[-1]["threads"],
    }


def make_comparison(size: str, device: str, cells: list[str]):
    """The lockstep comparison of `cells` (vary=cell) at this size (rnnviz.core.comparison):
    it steps every variant once a round, on the calling thread, with one thread count."""
    from rnnviz.core.comparison import Comparison, Vary

    return Comparison(_config(cells[0], size, device), Vary("cell", tuple(cells)))


def comparison_row(size: str, device: str, seconds: float, cells: list[str]) -> dict:
    """A 3-variant lockstep comparison against the same variants' solo runs back to back:
    target steps/s >= 0.9 x 1 / sum(1 / solo_i)."""
    from rnnviz.core.threads import ThreadChooser

    chooser = ThreadChooser()
    solo = [headless(c, size, device, seconds / len(cells), chooser)["steps_per_s"] for c in cells]
    row = {"solo": solo, "back_to_back": 1 / sum(1 / r for r in solo), "comparison": None}
    comp = make_comparison(size, device, cells)
    comp.run(3)  # warm-up (and the thread trials)
    comp.loop_seconds, comp.loop_steps = 0.0, 0  # measure from here
    comp.run(max(3, round(row["back_to_back"] * seconds)))
    row["comparison"] = comp.steps_per_second
    return row


def _verdict(ratio: float, target: float) -> str:
    return f"≥ {target:g} {'met' if ratio >= target else f'SHORT by {target - ratio:.2f}'}"


def print_targets() -> None:
    print("targets: headless/plain idle ≥ 0.95 (default size), ≥ 0.9 (large, each "
          "cell); headless/plain under load (plain at torch's default threads, one busy "
          "process beside both) ≥ 1.5; live/plain idle ≥ 0.85; GUI timer p99 ≤ 20 ms; "
          "live paints a second of the slowest panel: curves ≥ 30 and probe panels ≥ 10 "
          "(default size), ≥ 15 and ≥ 2 (large); "
          "3-variant comparison / solo runs back to back ≥ 0.9")  # fmt: skip


SWEEP_RUNS = 8  # the sweep row: 8 runs of a sweep's typical run, seeds 0-7
SWEEP_TARGET = 0.6  # the sweep's time / the same runs' back to back, at most
# A sweep's typical run: the adding task at length 50 (docs/sweeps.md's map), as options.
SWEEP_RUN = ("--task", "adding", "--seq-len", "50", "--clip", "norm")


def sweep_row(run_seconds: float, options: tuple[str, ...] = SWEEP_RUN) -> dict:
    """8 runs of about `run_seconds` each, back to back in one process (as `rnnviz train`
    runs them, its thread count chosen by measuring) and as one `rnnviz sweep` (Ray started
    by the command, one run per core at one thread): wall seconds of each, and their ratio."""
    import tempfile
    from pathlib import Path

    from rnnviz.core.options import Parser, add_config_arguments, config_from_args
    from rnnviz.core.sweep import train_run
    from rnnviz.core.trainer import Trainer

    parser = Parser(prog="rnnviz bench")
    add_config_arguments(parser)
    base = config_from_args(parser.parse_args(list(options)))
    probe = Trainer(base.replace(steps=300))
    probe.run(300)
    steps = max(100, int(probe.steps_per_second * run_seconds))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for seed in range(SWEEP_RUNS):
            train_run(base.replace(steps=steps, seed=seed), Path(tmp) / f"alone-{seed}")
        alone = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rnnviz", "sweep", *options, "--steps",
                        str(steps), "--grid", f"cell={base.cell}", "--seeds", str(SWEEP_RUNS),
                        "--out", str(Path(tmp) / "sweep")],
                       check=True, capture_output=True, timeout=3600)  # fmt: skip
        swept = time.perf_counter() - start
    return {"steps": steps, "back_to_back_s": alone, "sweep_s": swept, "ratio": swept / alone,
            "run": " ".join(options)}  # fmt: skip


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
    print_targets()
    header = ("| size | cell | beside | plain steps/s | headless steps/s | threads | ratio "
              "| target | live steps/s | ratio | curves / probe panels fps "
              "| GUI late p50/p99/max ms | probe ms | peak MB |")  # fmt: skip
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    rounds = 3 if args.quick else 6
    for size in sizes:
        for load in (False, True):
            busy = busy_process() if load else None
            try:
                for cell in cells:
                    _print_cell(cell, size, args, seconds, rounds, busy is not None)
            finally:
                if busy is not None:
                    busy.kill()
                    busy.wait()
    if "default" in sizes and len(cells) >= 3:
        _print_comparison("default", args.device, seconds, cells[:3])
    if not args.no_gui and args.long:
        r = _in_subprocess(f"long_live('lstm', {args.long})", timeout=3600)
        first, last = r["first"], r["last"]
        print(f"long live run (LSTM, default size, {args.long} steps): first 2,000 steps "
              f"{first['steps_per_s']:.0f} steps/s, curves {first['curves_fps']:.0f} fps, probe "
              f"panels {first['probe_fps']:.1f} fps; last 2,000 {last['steps_per_s']:.0f} steps/s,"
              f" curves {last['curves_fps']:.0f}, probe panels {last['probe_fps']:.1f}; peak "
              f"{r['peak_rss_mb']:.0f} MB", flush=True)  # fmt: skip
    if args.sweep:
        r = sweep_row(3.0 if args.quick else 20.0)
        print(f"sweep of {SWEEP_RUNS} runs ({r['steps']} steps each of {r['run']}): back "
              f"to back {r['back_to_back_s']:.1f} s, rnnviz sweep {r['sweep_s']:.1f} s (Ray's "
              f"start-up included): {r['ratio']:.2f}x, target ≤ {SWEEP_TARGET} "
              f"{'met' if r['ratio'] <= SWEEP_TARGET else 'MISSED'}", flush=True)  # fmt: skip
    if not args.no_gui:
        print_stalls()
        first = first_frame_s()
        print(f"first frame after launch: {first:.2f} s, target ≤ {FIRST_FRAME_S:.0f} s "
              f"{'met' if first <= FIRST_FRAME_S else 'MISSED'}")  # fmt: skip
    return 0


def _print_cell(cell: str, size: str, args, seconds: float, rounds: int, load: bool) -> None:
    gui = not args.no_gui and not load
    r = cell_row(cell, size, args.device, seconds, rounds, one_thread=gui and args.device == "cpu")
    live = None
    if gui:
        live = _live_subprocess(cell, size, args.device, seconds)
    ratio = r["headless"] / r["plain"]
    target = TARGETS[(size, "load" if load else "idle")]
    row = (f"| {size} | {cell} | {'1 busy process' if load else 'idle'} | {r['plain']:.1f} "
           f"| {r['headless']:.1f} | {r['threads']} | {ratio:.2f} "
           f"| {_verdict(ratio, target)} |")  # fmt: skip
    if live is None:
        row += " – | – | – | – |"
    else:
        live_ratio = live["steps_per_s"] / r["plain"]
        bound = ""
        if r["plain_1"]:  # the run trains on one core while the window draws on the other
            bound = f" (plain loop on 1 thread: {r['plain_1'] / r['plain']:.2f})"
        missed = [what for what, ok in (
            (f"live ratio < {TARGETS['live']:g}{bound}", live_ratio >= TARGETS["live"]),
            (f"curves < {TARGETS[(size, 'curves')]:g} fps",
             live["curves_fps"] >= TARGETS[(size, "curves")]),
            (f"probe panels < {TARGETS[(size, 'probe')]:g} fps",
             live["probe_fps"] >= TARGETS[(size, "probe")]),
            (f"p99 > {TARGETS['late_p99_ms']:g} ms",
             live["late_p99_ms"] <= TARGETS["late_p99_ms"]),
        ) if not ok]  # fmt: skip
        row += (f" {live['steps_per_s']:.1f} | {live_ratio:.2f} "
                f"| {live['curves_fps']:.0f} / {live['probe_fps']:.1f} "
                f"{'MISSED: ' + ', '.join(missed) if missed else 'met'} "
                f"| {live['late_p50_ms']:.1f} / "
                f"{live['late_p99_ms']:.1f} / {live['late_max_ms']:.1f} |")  # fmt: skip
    peak = f"{live['peak_rss_mb']:.0f}" if live else "–"
    print(row + f" {r['probe_ms']:.1f} | {peak} |", flush=True)


def _print_comparison(size: str, device: str, seconds: float, cells: list[str]) -> None:
    r = comparison_row(size, device, seconds, cells)
    solo = " + ".join(f"{c} {x:.1f}" for c, x in zip(cells, r["solo"], strict=True))
    line = (f"comparison ({size}, vary cell: {', '.join(cells)}): solo steps/s {solo}; back to "
            f"back {r['back_to_back']:.1f} steps/s; ")  # fmt: skip
    ratio = r["comparison"] / r["back_to_back"]
    line += (f"lockstep {r['comparison']:.1f} steps/s, ratio {ratio:.2f} "
             f"{_verdict(ratio, TARGETS['comparison'])}")  # fmt: skip
    print(line, flush=True)
