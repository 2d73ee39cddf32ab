"""Command-line options for a Config, shared by `rnnviz train` and the window's launcher.

Every option defaults to None, so the defaults live in one place: the Config dataclass.
"""

from __future__ import annotations

import argparse
import dataclasses

from rnnviz.core.config import CELLS, CLIP_MODES, INITS, KINDS, OPTIMIZERS, Config

_DEFAULTS = Config()


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line: `error: ...`, exit status 2."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def _floats(text: str) -> tuple[float, ...]:
    """'0.3,1,1.5' -> (0.3, 1.0, 1.5), for options that take a list of numbers."""
    try:
        return tuple(float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected numbers separated by commas, got {text!r}"
        ) from None


# (flags, config field, type, choices, help)
_OPTIONS = [
    ("--kind", "kind", str, KINDS, "series or text (default: .csv/.tsv is a series, else text)"),
    ("--column", "column", str, None, "CSV column, by name or 0-based index "
     "(default: the rightmost numeric column)"),
    ("--cell", "cell", str, CELLS, "recurrent cell"),
    ("--hidden", "hidden", int, None, "hidden units per layer"),
    ("--layers", "layers", int, None, "stacked recurrent layers"),
    ("--seq-len", "seq_len", int, None, "time steps per window (T)"),
    ("--batch-size", "batch_size", int, None, "windows per step; 0 = full batch for a series, "
     "64 for text"),
    ("--lr", "lr", float, None, "learning rate"),
    ("--optimizer", "optimizer", str, OPTIMIZERS, "optimizer"),
    ("--clip", "clip", str, CLIP_MODES, "gradient clipping: off, by global norm, by value"),
    ("--clip-value", "clip_value", float, None, "clipping threshold"),
    ("--steps", "steps", int, None, "training steps"),
    ("--probe-every", "probe_every", int, None, "probe every N steps; 0 = a few times a second "
     "within a small share of the time"),
    ("--val-every", "val_every", int, None, "validation loss every N steps"),
    ("--seed", "seed", int, None, "random seed of the model and batches"),
    ("--device", "device", str, None, "cpu or cuda"),
    ("--temperature", "temperature", float, None, "text sampling temperature"),
    ("--prime", "prime", str, None, "text to start samples with (default: the first character)"),
    ("--noise", "noise", float, None, "noise std of the built-in sine"),
    ("--val-fraction", "val_fraction", float, None, "last fraction of the data for validation"),
    ("--init", "init", str, INITS, "initialisation of the recurrent weights: torch's default, "
     "Xavier-uniform per gate block, or orthogonal recurrent blocks (biases zero)"),
    ("--init-scale", "init_scale", float, None, "multiply every recurrent weight matrix "
     "(weight_hh) after initialisation: from an orthogonal start 1.5 makes an RNN's gradient "
     "explode, 0.5 vanish"),
    ("--dropout", "dropout", float, None, "dropout P between stacked layers, in training only "
     "(needs --layers 2 or more)"),
    ("--bidirectional", "bidirectional", bool, None, "bidirectional layers (series only); the "
     "head reads both directions' final states"),
    ("--forget-bias", "forget_bias", float, None, "LSTM: forget gate bias (b_ih + b_hh of its "
     "slice) at initialisation; 0 = torch's random init"),
    ("--samples", "samples", _floats, None, "text: comma-separated temperatures "
     "of samples drawn side by side (e.g. 0.3,1,1.5)"),
    ("--threads", "threads", int, None, "intra-op threads that train; 0 = chosen by measuring "
     "(tries the candidates, keeps the fastest, checks again now and then)"),
]  # fmt: skip


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one option per Config field a user sets, each defaulting to None."""
    for flag, field, typ, choices, text in _OPTIONS:
        if typ is bool:  # a switch: absent is None, so the Config's default stands
            parser.add_argument(flag, dest=field, action="store_true", default=None, help=text)
            continue
        default = getattr(_DEFAULTS, field)
        shown = "" if default in (None, "", ()) else f" (default: {default})"
        parser.add_argument(
            flag, dest=field, type=typ, choices=choices, default=None, help=text + shown
        )


def config_from_args(args: argparse.Namespace, **extra) -> Config:
    """A Config from the parsed options that were given (and `extra`), validated."""
    names = {f.name for f in dataclasses.fields(Config)}
    given = {k: v for k, v in vars(args).items() if k in names and v is not None}
    return Config(**(given | extra))
