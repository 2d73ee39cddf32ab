"""rnnviz's command line: `rnnviz train` (headless training and exports), `rnnviz compare`
(variants in lockstep), `rnnviz sweep` (runs over a grid, on Ray), `rnnviz presets` (guided
experiments), `rnnviz inspect` (one unit of a trained run), `rnnviz report` (a lab report of a
run folder or a sweep), `rnnviz gui`, `rnnviz bench`, `rnnviz desktop` (a launcher in the
desktop's application menu)."""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import sys
import threading
import time
from pathlib import Path

from rnnviz.core.config import Config
from rnnviz.core.options import Parser, add_config_arguments


def build_parser() -> Parser:

    parser = Parser(prog="rnnviz", description="Watch a recurrent neural network learn.")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    train = sub.add_parser(
        "train",
        help="train headless and export the run",
        description="Train a small RNN/LSTM/GRU without a window; progress goes to stderr.",
        epilog=_warnings_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    add_report_parser(sub)
    train.add_argument("--preset", metavar="NAME|FILE", help=PRESET_HELP)
    _add_compare(sub)
    from rnnviz.cli_sweep import add_sweep_parser

    add_sweep_parser(sub, PRESET_HELP)
    sub.add_parser("presets", help="list the guided experiments (presets)")
    sub.add_parser("gui", help="open the window (same as python main.py)", add_help=False)
    bench = sub.add_parser("bench", help="measure speed: plain torch vs rnnviz vs the window")
    bench.add_argument("--device", default="cpu", help="cpu or cuda (default: cpu)")
    bench.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    bench.add_argument("--sizes", default="default,large", help="comma-separated: default,large")
    bench.add_argument("--cells", default="rnn,lstm,gru", help="comma-separated cells")
    bench.add_argument("--no-gui", action="store_true", help="skip the window measurements")
    bench.add_argument("--long", type=int, default=0, metavar="STEPS",
                       help="also train the window STEPS steps live (e.g. 20000) and compare "
                            "the rates of the first and the last 2,000 steps")  # fmt: skip
    bench.add_argument("--sweep", action="store_true",
                       help="also time 8 runs of ~20 s as one rnnviz sweep against the same "
                            "runs back to back (needs Ray; ~5 minutes)")  # fmt: skip
    desktop = sub.add_parser("desktop", help="add rnnviz to the desktop's application menu")
    how = desktop.add_mutually_exclusive_group()
    how.add_argument("--print", dest="print_only", action="store_true", help="print the entry")
    how.add_argument("--uninstall", action="store_true", help="remove the entry and its icon")
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


def add_report_parser(sub) -> None:
    p = sub.add_parser(
        "report",
        help="a lab report of a run, comparison or sweep folder: one self-contained HTML file",
        description="Write one HTML file that opens offline in any browser and prints well: "
        "the data (file, SHA-256, size), the configuration, seed and steps, the versions and "
        "device, the results and warnings, and every plot of the window, drawn again offscreen "
        "from the folder (a comparison: its table and each variant's plots; a sweep: its "
        "maps and every run's row).",
    )
    p.add_argument("run_dir", metavar="RUN_DIR",
                   help="a folder of 'rnnviz train --out', 'rnnviz compare --out' or "
                        "'rnnviz sweep --out'")  # fmt: skip
    p.add_argument("-o", "--out", metavar="FILE.html",
                   help="where to write (default: RUN_DIR/report.html)")  # fmt: skip


def report(args: argparse.Namespace) -> int:
    from rnnviz.core.report import read_folder

    if (Path(args.run_dir) / "sweep.json").is_file():  # a sweep: its maps
        from rnnviz.core.sweep import read_sweep

        read_sweep(args.run_dir)  # one line if it cannot be read, before Qt starts
        from rnnviz.gui.views.sweep import sweep_report

        print(f"wrote {sweep_report(args.run_dir, args.out)}")
        return 0

    read_folder(args.run_dir)  # not a run folder: one line, before Qt and torch start
    from rnnviz.gui.report import folder_report

    print(f"wrote {folder_report(args.run_dir, args.out)}")
    return 0


PRESET_HELP = "run a guided experiment (see 'rnnviz presets'); options given here override it"


def _add_compare(sub) -> None:
    compare = sub.add_parser(
        "compare",
        help="train 2-4 variants in lockstep and compare them",
        description="Train variants of one configuration that differ in one setting, step for "
        "step on the same batches; progress goes to stderr, a table to stdout.",
    )
    compare.add_argument(
        "--vary",
        metavar="KEY=V1,V2[,V3,V4]",
        help="the setting to vary and its values, e.g. cell=rnn,lstm,gru; KEY is one of "
        "cell, clip, lr, optimizer, hidden, layers, seq-len, forget-bias, init, init-scale",
    )
    compare.add_argument(
        "--data",
        metavar="PATH",
        help="CSV/TSV series or UTF-8 text file (default: the built-in noisy sine wave)",
    )
    add_config_arguments(compare)
    compare.add_argument(
        "--generate",
        type=int,
        default=0,
        metavar="N",
        help="text: sample N characters at the end (sample.txt per variant)",
    )
    compare.add_argument("--out", metavar="DIR",
                         help="a run folder per variant in DIR/<KEY>-<VALUE>/, and "
                         "DIR/comparison.json")  # fmt: skip
    compare.add_argument("--preset", metavar="NAME|FILE", help=PRESET_HELP)


def _warnings_help() -> str:
    import textwrap

    from rnnviz.core.diagnostics import rules

    lines = ["warnings (each printed once as 'warning: ...' on stderr; metrics.json 'warnings'):"]
    for code, rule in rules():
        lines += textwrap.wrap(rule, 96, initial_indent=f"  {code:<20}", subsequent_indent=" " * 22)
    return "\n".join(lines)


def _progress(total: int, diagnostics=None):
    """Print progress, and each warning the first time it is raised, to stderr."""

    def report(snap) -> None:
        val = f"  val {snap.val_loss:.5g}" if snap.val_loss == snap.val_loss else ""
        print(
            f"step {snap.step}/{total}  loss {snap.train_loss:.5g}{val}  "
            f"{snap.steps_per_second:.0f} steps/s, {snap.threads} thread"
            f"{'s' if snap.threads != 1 else ''}",
            file=sys.stderr,
            flush=True,
        )
        if diagnostics is not None:
            _print_warnings(diagnostics.update(snap))

    return report


def _given(args: argparse.Namespace) -> dict:
    """The Config fields given on the command line (--data included)."""
    names = {f.name for f in dataclasses.fields(Config)}
    given = {k: v for k, v in vars(args).items() if k in names and v is not None}
    return given | ({"data": args.data} if args.data is not None else {})


def _preset(args: argparse.Namespace, vary=None):
    """The preset named by --preset with the command line's options laid over it, or None."""
    if not args.preset:
        return None
    from rnnviz.core.presets import load_preset

    return load_preset(args.preset).override(vary=vary, **_given(args))


CALLOUT_EVERY_S = 0.1  # a preset's snapshots: callouts are checked this often
PROGRESS_EVERY_S = 1.0  # a progress line at most this often


def _report_callouts(callouts, progress, total: int):
    """on_snapshot for a preset: each callout once, as it first holds, and progress lines at
    most every PROGRESS_EVERY_S (and at the last step)."""
    last = -math.inf

    def report(snap) -> None:
        nonlocal last
        now = time.perf_counter()
        if now - last >= PROGRESS_EVERY_S or snap.step >= total:
            progress(snap)
            last = now
        for f in callouts.update(snap):
            print(f"callout [{f.panel}] at step {f.step}: {f.text}", file=sys.stderr, flush=True)

    return report


def _print_warnings(warnings) -> None:
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr, flush=True)


def train(args: argparse.Namespace) -> int:
    from rnnviz.core.config import ConfigError
    from rnnviz.core.data import TextData
    from rnnviz.core.diagnostics import Diagnostics
    from rnnviz.core.export import write_run
    from rnnviz.core.options import config_from_args
    from rnnviz.core.params import model_parameter_counts
    from rnnviz.core.trainer import Trainer

    if args.generate < 0:
        raise ConfigError(f"--generate must be >= 0, got {args.generate}")
    preset = _preset(args)
    if preset is not None and preset.is_comparison:
        raise ConfigError(
            f"preset {preset.name} is a comparison; run it with 'rnnviz compare --preset "
            f"{args.preset}'"
        )
    config = config_from_args(args, data=args.data) if preset is None else preset.config
    trainer = Trainer(config)
    if isinstance(trainer.data, TextData) and config.prime:
        trainer.data.encode(config.prime)  # fail now, not after training
    _text_notes(trainer)
    for line in model_parameter_counts(trainer.model).lines():
        print(f"parameters: {line}", file=sys.stderr)
    total = trainer.step_count + config.steps
    stop = threading.Event()
    diagnostics = Diagnostics()
    report = _progress(total, diagnostics)
    if preset is not None:
        print(f"{preset.name}: {preset.lesson}", file=sys.stderr)
        report = _report_callouts(preset.callouts_for(trainer), report, total)
    every_s = PROGRESS_EVERY_S if preset is None else CALLOUT_EVERY_S
    try:
        trainer.run(config.steps, stop, on_snapshot=report, every_s=every_s)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    if trainer.stopped_early:
        print(f"note: {trainer.stopped_early}", file=sys.stderr)
    print(
        f"trained {trainer.step_count} steps: train loss {trainer.train_loss:.5g}, "
        f"val loss {trainer.last_val:.5g}, {trainer.steps_per_second:.1f} steps/s"
    )
    if args.out:
        warnings = [w.to_dict() for w in diagnostics.raised()]
        written = write_run(trainer, args.out, generate=args.generate, warnings=warnings)
        print(f"wrote {len(written)} files to {Path(args.out)}")
    elif args.generate and isinstance(trainer.data, TextData):
        from rnnviz.core.probe import sample_text

        print(sample_text(trainer.model, trainer.data, args.generate, trainer.temperature,
                          config.prime, device=trainer.device))  # fmt: skip
    if config.samples and isinstance(trainer.data, TextData):
        _print_samples(trainer)
    return 0


def _text_notes(trainer) -> None:
    """A text's 'note:' lines on stderr: control characters removed, a costly vocabulary."""
    from rnnviz.core.data import TextData, vocab_note

    data = trainer.data
    if not isinstance(data, TextData):
        return
    if data.control_removed:
        print(f"note: removed {data.control_removed:,} control characters (ANSI escape "
              "sequences and the like) from the text; --keep-control keeps them",
              file=sys.stderr)  # fmt: skip
    note = vocab_note(len(data.vocab), trainer.config.hidden)
    if note:
        print(f"note: {note}", file=sys.stderr)


def _print_samples(trainer) -> None:
    """The samples at config.samples' temperatures, as samples.json holds them."""
    import json

    from rnnviz.core.export import samples_json

    for s in json.loads(samples_json(trainer)):
        print(f"\n--- temperature {s['temperature']:g} ---\n{s['text']}")


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
    from rnnviz.core.sweep import SweepError

    try:
        if args.command == "bench":
            from rnnviz.bench import main as bench_main

            return bench_main(args)
        if args.command == "inspect":
            return inspect(args)
        if args.command == "report":
            return report(args)
        if args.command == "compare":
            return compare(args)
        if args.command == "sweep":
            from rnnviz.cli_sweep import sweep

            return sweep(args, argv)
        if args.command == "presets":
            return list_presets()
        if args.command == "desktop":
            from rnnviz.desktop import main as desktop_main

            return desktop_main(args)
        return train(args)
    except (ConfigError, DataError, ExportError, SweepError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `rnnviz train ... | head`: the reader left, no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _comparison_config(args: argparse.Namespace):
    """(base Config, Vary) from --preset and/or --vary and the other options."""
    from rnnviz.core.comparison import Vary
    from rnnviz.core.config import ConfigError

    vary = Vary.parse(args.vary) if args.vary else None
    given = _given(args)
    if vary is not None and vary.field in given:
        raise ConfigError(f"--{vary.key} and --vary {vary.key} both set {vary.key}; drop one")
    preset = _preset(args, vary)
    if preset is not None:
        if preset.vary is None:
            raise ConfigError(
                f"preset {preset.name} is a solo run: give --vary KEY=V1,V2 to compare, or "
                f"run it with 'rnnviz train --preset {args.preset}'"
            )
        return preset.config, preset.vary, preset
    if vary is None:
        raise ConfigError("compare needs --vary KEY=V1,V2[,V3,V4] (e.g. --vary cell=rnn,lstm)")
    return Config(**given), vary, None


def _compare_progress(total: int):
    """Progress lines, and each variant's warnings the first time they are raised, as
    'warning: VARIANT: CODE at step N: ...' (metrics.json of each variant has them too)."""
    from rnnviz.core.diagnostics import Diagnostics

    health: dict[str, Diagnostics] = {}

    def report(snap) -> None:
        losses = "  ".join(
            f"{n} {s.train_loss:.4g}" for n, s in zip(snap.names, snap.snapshots, strict=True)
        )
        print(f"step {snap.step}/{total}  {losses}  {snap.steps_per_second:.0f} steps/s",
              file=sys.stderr, flush=True)  # fmt: skip
        for name, s in zip(snap.names, snap.snapshots, strict=True):
            for w in health.setdefault(name, Diagnostics()).update(s):
                print(f"warning: {name}: {w}", file=sys.stderr, flush=True)

    return report


def _table(summary: dict) -> str:
    """comparison.json's variants as an aligned text table."""

    def num(v, fmt):
        return "-" if v is None else format(v, fmt)

    head = ("variant", "train loss", "val loss", "memory (steps)", "steps/s", "diverged")
    rows = [head] + [
        (v["name"], num(v["final_train_loss"], ".5g"), num(v["final_val_loss"], ".5g"),
         "inf" if v["memory_length"] is None else format(v["memory_length"], ".3g"),
         num(v["steps_per_second"], ".1f"), "yes" if v["diverged"] else "no")
        for v in summary["variants"]
    ]  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def compare(args: argparse.Namespace) -> int:
    from rnnviz.core.comparison import Comparison, summary, write_comparison
    from rnnviz.core.config import ConfigError
    from rnnviz.core.data import TextData

    if args.generate < 0:
        raise ConfigError(f"--generate must be >= 0, got {args.generate}")
    base, vary, preset = _comparison_config(args)
    comparison = Comparison(base, vary)
    for t in comparison.trainers:
        if isinstance(t.data, TextData) and base.prime:
            t.data.encode(base.prime)  # fail now, not after training
    total = comparison.step_count + base.steps
    report = _compare_progress(total)
    if preset is not None:
        print(f"{preset.name}: {preset.lesson}", file=sys.stderr)
        report = _report_callouts(preset.callouts_for(comparison), report, total)
    every_s = PROGRESS_EVERY_S if preset is None else CALLOUT_EVERY_S
    try:
        comparison.run(base.steps, threading.Event(), on_snapshot=report, every_s=every_s)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    for name, why in comparison.stopped.items():
        print(f"warning: {name} stopped: {why}", file=sys.stderr)
    written = write_comparison(comparison, args.out, args.generate) if args.out else None
    print(f"compared {len(vary.names)} variants of {vary.key} for {comparison.step_count} steps")
    print(_table(summary(comparison)))
    if written:
        print(f"wrote {len(written)} files to {Path(args.out)}")
    return 0


def list_presets() -> int:
    from rnnviz.core.presets import bundled

    presets = bundled()
    width = max((len(p.name) for p in presets), default=0)
    for p in presets:
        print(f"{p.name.ljust(width)}  {p.lesson}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
