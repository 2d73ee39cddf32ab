"""`rnnviz sweep`: many `rnnviz train` runs over a grid, on Ray (rnnviz.core.sweep)."""

from __future__ import annotations

import argparse
import shlex
import sys
import time

from rnnviz.core.options import add_config_arguments

GRID_HELP = (
    "a setting to vary, by its option name: FIELD=v1,v2,... or FIELD=start:stop:count "
    "(log-spaced for lr and init-scale); repeat for more fields, e.g. --grid cell=rnn,lstm,gru "
    "--grid init-scale=0.25:4:12"
)


def add_sweep_parser(sub, preset_help: str) -> None:
    p = sub.add_parser(
        "sweep",
        help="train many runs over a grid of settings, on Ray (this machine or a cluster)",
        description="Train one run per grid point and seed, each written as 'rnnviz train "
        "--out' writes it, under --out DIR, with DIR/sweep.csv (one row per run) and "
        "DIR/sweep.json. Run the same command again to finish an interrupted sweep.",
    )
    p.add_argument("--grid", action="append", required=True, metavar="FIELD=VALUES",
                   help=GRID_HELP)  # fmt: skip
    p.add_argument("--seeds", type=int, default=1, metavar="N", help="seeds 0..N-1 (default: 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="the sweep's folder")
    p.add_argument("--address", metavar="HOST:PORT",
                   help="a Ray cluster's address (default: $RAY_ADDRESS, else a Ray started "
                        "on this machine, one run per core)")  # fmt: skip
    p.add_argument("--data", metavar="PATH", help="CSV/TSV series or UTF-8 text file")
    p.add_argument("--preset", metavar="NAME|FILE", help=preset_help)
    add_config_arguments(p)


def _base(args: argparse.Namespace):
    """The runs' shared Config: --preset (a solo one) with the options laid over it."""
    from rnnviz.cli import _preset
    from rnnviz.core.config import ConfigError
    from rnnviz.core.options import config_from_args

    preset = _preset(args)
    if preset is None:
        return config_from_args(args, data=args.data)
    if preset.is_comparison:
        raise ConfigError(f"preset {preset.name} is a comparison; a sweep takes a solo preset "
                          f"(give its varied setting with --grid instead)")  # fmt: skip
    return preset.config


def _bar():
    """on_progress: the bar redrawn in place on a terminal, a line per change elsewhere."""
    tty = sys.stderr.isatty()
    last = [None]

    def show(progress) -> None:
        line = progress.line(time.perf_counter())
        if tty:
            print("\r" + line, end="", file=sys.stderr, flush=True)
        elif (progress.done, progress.failed) != last[0]:
            print(line, file=sys.stderr, flush=True)
        last[0] = (progress.done, progress.failed)

    return show


def sweep(args: argparse.Namespace, argv: list[str]) -> int:
    from rnnviz.core.sweep import Plan, parse_axis, run_sweep

    axes = tuple(parse_axis(g) for g in args.grid)
    base = _base(args)
    if base.data is not None:  # --data is part of each run: kept as an absolute path
        from pathlib import Path

        base = base.replace(data=str(Path(base.data).resolve()))
    varied = {a.field for a in axes}
    if "threads" not in varied:
        base = base.replace(threads=1)  # one run per core
    plan = Plan(base, axes, args.seeds)
    command = shlex.join(["rnnviz", *argv])
    show = _bar()
    try:
        info = run_sweep(plan, args.out, command, args.address, on_progress=show)
    except KeyboardInterrupt:
        print(f"\ninterrupted; run the same command again to finish the sweep in {args.out}",
              file=sys.stderr)  # fmt: skip
        return 130
    if sys.stderr.isatty():
        print(file=sys.stderr)
    ran = info.get("ran_on", {})
    where = f" on {ran['nodes']} node(s), {ran['cpus']} CPUs" if ran else ""
    print(f"sweep: {info['runs']} runs{where}; wrote {args.out}/sweep.csv")
    return 0
