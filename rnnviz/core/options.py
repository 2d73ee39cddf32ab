"""Command-line options for a Config, shared by `rnnviz train` and the window's launcher.

Every option defaults to None, so the defaults live in one place: the Config dataclass.
"""

from __future__ import annotations

import argparse
import dataclasses

from rnnviz.core.config import SETTINGS, Config

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


def add_config_arguments(parser: argparse.ArgumentParser) -> None:
    """Add one option per setting of the table (rnnviz.core.config.SETTINGS), each
    defaulting to None so that the Config's default stands when it is not given."""
    for s in SETTINGS:
        flag = f"--{s.flag}"
        if s.kind is bool:  # a switch
            parser.add_argument(flag, dest=s.field, action="store_true", default=None,
                                help=s.help)  # fmt: skip
            continue
        default = getattr(_DEFAULTS, s.field)
        shown = "" if default in (None, "", ()) else f" (default: {default})"
        limits = f"; {s.describe()}" if s.kind in (int, float) and s.high is not None else ""
        typ = _floats if s.kind is tuple else s.kind
        parser.add_argument(flag, dest=s.field, type=typ, choices=s.choices or None, default=None,
                            help=(s.help + shown + limits).replace("%", "%%"))  # fmt: skip


def config_from_args(args: argparse.Namespace, **extra) -> Config:
    """A Config from the parsed options that were given (and `extra`), validated."""
    names = {f.name for f in dataclasses.fields(Config)}
    given = {k: v for k, v in vars(args).items() if k in names and v is not None}
    return Config(**(given | extra))


def config_args(config: Config) -> list[str]:
    """The options that give `config` (those that differ from the defaults): the inverse of
    config_from_args, e.g. for a command the window starts (`rnnviz sweep`)."""
    from rnnviz.core.variants import format_value

    args = [] if config.data is None else ["--data", str(config.data)]
    for s in SETTINGS:
        value = getattr(config, s.field)
        if value == getattr(_DEFAULTS, s.field):
            continue
        if s.kind is bool:
            if value:
                args.append(f"--{s.flag}")
            continue  # a switch's default is off: an off value is no option
        text = ",".join(format(v, "g") for v in value) if s.kind is tuple else format_value(value)
        args += [f"--{s.flag}", text]
    return args
