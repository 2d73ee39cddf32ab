"""rnnviz's command line: `rnnviz train` (headless training and exports), `rnnviz inspect`
(one unit of a trained run), `rnnviz gui`, `rnnviz bench`."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from rnnviz.core.options import Parser, add_config_arguments


def build_parser() -> Parser:

    parser = Parser(prog="rnnviz", description="Watch a recurrent neural network learn.")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    train = sub.add_parser(
        "train",
        help="train headless and export the run",
        description="Train a small RNN/LSTM/GRU without a window; progress goes to stderr.",
    )
    train.add_argument(
        "--data",
        metavar="PATH",
        help="CSV/TSV series or UTF-8 text file (default: the built-in noisy sine wave)",
    )
    add_config_arguments(train)
    train.add_argument(
        "--generate",
        type=int,
        default=0,
        metavar="N",
        help="text: sample N characters at the end (sample.txt with --out)",
    )
    train.add_argument(
        "--out",
        metavar="DIR",
        help="write config, metrics, history, probe, probes (up to 240 probes of the run, "
        "thinned evenly), checkpoint and predictions/sample into DIR",
    )
    add_inspect_parser(sub)
    sub.add_parser("gui", help="open the window (same as python main.py)", add_help=False)
    bench = sub.add_parser("bench", help="measure speed: plain torch vs rnnviz vs the window")
    bench.add_argument("--device", default="cpu", help="cpu or cuda (default: cpu)")
    bench.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    bench.add_argument("--sizes", default="default,large", help="comma-separated: default,large")
    bench.add_argument("--cells", default="rnn,lstm,gru", help="comma-separated cells")
    bench.add_argument("--no-gui", action="store_true", help="skip the window measurements")
    return parser


def _unit(text: str) -> tuple[int, int]:
    layer, sep, unit = text.partition(":")
    if not (sep and layer.strip().isdigit() and unit.strip().isdigit()):
        raise argparse.ArgumentTypeError(f"expected LAYER:UNIT such as 0:5, got {text!r}")
    return int(layer), int(unit)


def add_inspect_parser(sub) -> None:
    p = sub.add_parser(
        "inspect",
        help="what one hidden unit of a trained run responds to",
        description="Score every validation window of a run folder's data by the maximum of one "
        "unit's activation h_t[K] over the window (each window run from a zero state, as in "
        "training) and print the top windows. The data is the file config.json names (the "
        "built-in sine is generated again).",
    )
    p.add_argument("run_dir", metavar="RUN_DIR", help="a folder written by 'rnnviz train --out'")
    p.add_argument("--unit", type=_unit, required=True, metavar="L:K",
                   help="layer L and unit K, both 0-based")  # fmt: skip
    p.add_argument("--top", type=int, default=10, metavar="N", help="windows to list (default: 10)")
    p.add_argument(
        "--json",
        action="store_true",
        help='print [{"rank", "window", "start", "score"}] instead of a table',
    )
    p.add_argument(
        "--html",
        metavar="FILE",
        help="also write a self-contained page: the validation part coloured by the unit "
        "(blue -1, white 0, red +1), the top windows, correlated units",
    )


def _window_text(data, start: int, T: int) -> str:
    shown = data.decode(data.ids[start : start + T]) if data.kind == "text" else ""
    return shown.replace("\n", "\u21b5").replace("\t", "\u2192")


def inspect(args: argparse.Namespace) -> int:
    import json

    from rnnviz.core.config import ConfigError
    from rnnviz.core.export import write_text
    from rnnviz.core.inspect import check_unit, inspect_unit, load_run, top_windows

    if args.top < 1:
        raise ConfigError(f"--top must be >= 1, got {args.top}")
    run = load_run(args.run_dir)
    layer, unit = args.unit
    check_unit(run.model, layer, unit)
    if args.html:
        from rnnviz.core.inspect_html import unit_html

        report = inspect_unit(run.model, run.data, layer, unit, args.top, probe=run.probe)
        windows = report.windows
        write_text(Path(args.html), unit_html(report, f"{run.folder.name}: unit {layer}:{unit}"))
    else:
        windows = top_windows(run.model, run.data, layer, unit, args.top)
    if args.json:
        print(json.dumps([w.as_json() for w in windows]))
    else:
        T = run.data.seq_len
        print(f"unit {layer}:{unit} ({run.model.cell}, {run.data.name}): top {len(windows)} "
              f"validation windows by max h_t[{unit}] over the window")  # fmt: skip
        print(f"{'rank':>4} {'window':>7} {'start':>8} {'score':>9}")
        for w in windows:
            print(f"{w.rank:>4} {w.window:>7} {w.start:>8} {w.score:>9.4f}  "
                  f"{_window_text(run.data, w.start, T)}".rstrip())  # fmt: skip
    if args.html:
        print(f"wrote {args.html}", file=sys.stderr)
    return 0


def _progress(total: int):
    def report(snap) -> None:
        val = f"  val {snap.val_loss:.5g}" if snap.val_loss == snap.val_loss else ""
        print(
            f"step {snap.step}/{total}  loss {snap.train_loss:.5g}{val}  "
            f"{snap.steps_per_second:.0f} steps/s",
            file=sys.stderr,
            flush=True,
        )

    return report


def train(args: argparse.Namespace) -> int:
    from rnnviz.core.config import ConfigError
    from rnnviz.core.data import TextData
    from rnnviz.core.export import write_run
    from rnnviz.core.options import config_from_args
    from rnnviz.core.trainer import Trainer

    if args.generate < 0:
        raise ConfigError(f"--generate must be >= 0, got {args.generate}")
    config = config_from_args(args, data=args.data)
    trainer = Trainer(config)
    if isinstance(trainer.data, TextData) and config.prime:
        trainer.data.encode(config.prime)  # fail now, not after training
    total = trainer.step_count + config.steps
    stop = threading.Event()
    try:
        trainer.run(config.steps, stop, on_snapshot=_progress(total), every_s=1.0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if trainer.diverged:
        print(f"warning: {trainer.diverged}", file=sys.stderr)
    print(
        f"trained {trainer.step_count} steps: train loss {trainer.train_loss:.5g}, "
        f"val loss {trainer.last_val:.5g}, {trainer.steps_per_second:.1f} steps/s"
    )
    if args.out:
        written = write_run(trainer, args.out, generate=args.generate)
        print(f"wrote {len(written)} files to {Path(args.out)}")
    elif args.generate and isinstance(trainer.data, TextData):
        from rnnviz.core.probe import sample_text

        print(sample_text(trainer.model, trainer.data, args.generate, trainer.temperature,
                          config.prime, device=trainer.device))  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["gui"]:
        from rnnviz.gui.app import main as gui_main

        return gui_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    from rnnviz.core.config import ConfigError
    from rnnviz.core.data import DataError
    from rnnviz.core.export import ExportError

    try:
        if args.command == "bench":
            from rnnviz.bench import main as bench_main

            return bench_main(args)
        if args.command == "inspect":
            return inspect(args)
        return train(args)
    except (ConfigError, DataError, ExportError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
