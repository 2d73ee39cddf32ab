"""rnnviz's command line: `rnnviz train` (headless training and exports), `rnnviz gui`,
`rnnviz bench`."""

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
        help="write config, metrics, history, probe, checkpoint and predictions/sample into DIR",
    )
    sub.add_parser("gui", help="open the window (same as python main.py)", add_help=False)
    bench = sub.add_parser("bench", help="measure speed: plain torch vs rnnviz vs the window")
    bench.add_argument("--device", default="cpu", help="cpu or cuda (default: cpu)")
    bench.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    bench.add_argument("--sizes", default="default,large", help="comma-separated: default,large")
    bench.add_argument("--cells", default="rnn,lstm,gru", help="comma-separated cells")
    bench.add_argument("--no-gui", action="store_true", help="skip the window measurements")
    return parser


def _progress(total: int):
    def report(snap) -> None:
        val = f"  val {snap.val_loss:.5g}" if snap.val_loss == snap.val_loss else ""
        print(
            f"step {snap.step}/{total}  loss {snap.train_loss:.5g}{val}  "
            f"{snap.steps_per_second:.0f} steps/s, {snap.threads} thread"
            f"{'s' if snap.threads != 1 else ''}",
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
        return train(args)
    except (ConfigError, DataError, ExportError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
