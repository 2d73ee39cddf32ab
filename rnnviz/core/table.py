"""Reading a user's file without torch: bytes, text, CSV/TSV tables and their series columns,
and `preflight`, which raises the DataError that loading would. The window's process reads
files with it and never imports torch (start-up); rnnviz.core.data builds the datasets.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import math
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnnviz.core.config import Config
from rnnviz.core.csvscan import read_columns, scan_lines

MAX_FILE_BYTES = 100 * 2**20  # beyond this a tutorial-sized RNN is the wrong tool anyway
MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "?", "#n/a", "missing"}
SERIES_SUFFIXES = {".csv", ".tsv"}
# Rows the csv module reads first to see which columns look like plain numbers (speed only: the
# result is the same whatever this is).
HEAD_ROWS = 1000
Progress = Callable[[float], None]  # called with the fraction done, 0..1
# ANSI/ECMA-48 escape sequences, each removed whole (so "[32m" never reaches the model): an OSC
# string (ESC ] ... BEL or ESC \\), a CSI sequence (ESC [ or 8-bit CSI, parameters,
# intermediates, a final byte), or any other ESC sequence (intermediates and a final byte).
ANSI_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[ -/]*[0-~]"
)
# Every other control character (Unicode category Cc: C0, DEL and C1) but newline and tab.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LARGE_VOCAB = 1000  # more distinct characters than this get a note on what they cost
# A column of row numbers is no feature: a first column, or one named like these, whose values
# count 0, 1, 2, ... or 1, 2, 3, ... (pandas writes "Unnamed: 0"; a blank header is "column 0").
INDEX_NAMES = re.compile(r"^(|index|idx|id|row|rows|no|n|#|unnamed: ?\d+|column \d+)$", re.I)
# A date/time column needs at least this share of its cells to parse (the rest: missing).
TIME_SHARE = 0.9
# A column of whole years (1700, 1701, ...: yearly data, sunspots say) is a time axis too,
# when named like one and strictly increasing; a year repeated (quarterly data) is not.
YEAR_NAMES = re.compile(r"^(year|years|yr|年|年份)$", re.I)


class DataError(ValueError):
    """A data file rnnviz cannot use; the message is one line, fit for a user."""


# ---------------------------------------------------------------------------------- reading


def read_bytes(path: str | Path) -> bytes:
    """Read a user file, turning every way it can fail into a DataError."""
    p = Path(path)
    if not p.exists():
        raise DataError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise DataError(f"{p} is a folder; pass a CSV/TSV or text file inside it")
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                f"{p.name} is {size / 2**20:.0f} MB; rnnviz reads files up to "
                f"{MAX_FILE_BYTES // 2**20} MB, so cut it down first"
            )
        raw = p.read_bytes()
    except OSError as e:
        raise DataError(f"cannot read {p.name}: {e.strerror or e}") from None
    if not raw.strip():
        raise DataError(f"{p.name} is empty; it needs a numeric column or some text")
    return raw


def decode(raw: bytes, name: str, *, lenient: bool = False) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse binary data.

    lenient=True (CSV) falls back to Latin-1, since the numbers are ASCII anyway.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"{name} has a UTF-16 mark but is not valid UTF-16") from None
    if b"\x00" in raw[:65536]:
        raise DataError(f"{name} looks like a binary file, not text or CSV")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if lenient:
            return raw.decode("latin-1")
        raise DataError(
            f"{name} is not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start}); "
            "re-save it as UTF-8"
        ) from None


def strip_control(text: str) -> tuple[str, int]:
    """`text` without ANSI escape sequences (removed whole) and other control characters
    (newline and tab stay), and the number of characters removed."""
    clean = CONTROL.sub("", ANSI_SEQUENCE.sub("", text))
    return clean, len(text) - len(clean)


def vocab_note(vocab_size: int, hidden: int) -> str | None:
    """One line on what a vocabulary of over LARGE_VOCAB characters costs (None below it):
    the output layer's weights (H x V, biases aside) and the one-hot input's (per gate)."""
    if vocab_size <= LARGE_VOCAB:
        return None
    return (
        f"{vocab_size:,} distinct characters: the output layer alone has "
        f"{vocab_size * hidden:,} weights (H {hidden} x V {vocab_size:,}); a smaller text, or "
        "one without its rare characters, trains faster"
    )


# ------------------------------------------------------------------------------------ CSV


LISTED_COLUMNS = 30  # a message about a missing column lists this many of the file's


@dataclass(frozen=True)
class Table:
    """A parsed CSV/TSV: column names, which columns are numeric, and their values."""

    name: str
    columns: tuple[str, ...]
    has_header: bool
    preview: tuple[tuple[str, ...], ...]  # the first rows as text, for a preview dialog
    values: tuple[np.ndarray | None, ...]  # per column: float64 with NaN where missing
    # per column: datetime64[s] where the column's cells are dates/times (gaps filled), else None
    times: tuple[np.ndarray | None, ...] = ()

    @property
    def numeric(self) -> tuple[bool, ...]:
        return tuple(v is not None for v in self.values)

    @property
    def n_rows(self) -> int:
        return max((len(v) for v in self.values if v is not None), default=0)

    def is_index(self, j: int) -> bool:
        """Whether column j counts rows (0, 1, 2, ... or 1, 2, 3, ..., nothing missing) and is
        the first column or named like one (INDEX_NAMES): no feature to learn from."""
        v = self.values[j]
        if v is None or len(v) < 2 or not (j == 0 or INDEX_NAMES.match(self.columns[j].strip())):
            return False
        return bool(v[0] in (0.0, 1.0) and (np.diff(v) == 1.0).all())

    def features(self) -> list[int]:
        """The numeric columns a model can read: all but row-number columns (is_index)."""
        return [j for j, v in enumerate(self.values) if v is not None and not self.is_index(j)]

    def time_columns(self) -> list[int]:
        """The columns whose cells parse as dates/times."""
        return [j for j, t in enumerate(self.times) if t is not None]

    def default_column(self) -> int:
        """The rightmost numeric column that is not a row number (else the rightmost numeric)."""
        for candidates in (self.features(), self.numeric_columns()):
            if candidates:
                return candidates[-1]
        raise DataError(f"{self.name} has no numeric column; rnnviz needs a column of numbers")

    def numeric_columns(self) -> list[int]:
        return [j for j, v in enumerate(self.values) if v is not None]

    def time_column(self, column: str | None) -> int | None:
        """The date/time column for the x axis: given by name or index, None for the first
        one found, "none" for no time axis. DataError if a named column holds no dates."""
        if column is None:
            found = self.time_columns()
            return found[0] if found else None
        if str(column).strip().lower() == "none":
            return None
        j = self.column_index(column)
        if j >= len(self.times) or self.times[j] is None:
            raise DataError(
                f"column {self.columns[j]!r} of {self.name} is not a date/time column (its "
                "cells must parse as ISO dates such as 2020-01-31 or 2020-01-31 10:00, or be "
                "whole years that increase, in a column named year)"
            )
        return j

    def column_index(self, column: str | int | None) -> int:
        """Resolve a column given by name or 0-based index (None: the default)."""
        if column is None:
            return self.default_column()
        key = str(column).strip()
        for names in (self.columns, [c.lower() for c in self.columns]):
            wanted = key if names is self.columns else key.lower()
            if wanted in names:
                return list(names).index(wanted)
        if key.lstrip("-").isdigit() and -len(self.columns) <= int(key) < len(self.columns):
            return int(key) % len(self.columns)
        listed = ", ".join(repr(c) for c in self.columns[:LISTED_COLUMNS])
        if len(self.columns) > LISTED_COLUMNS:  # said so: a user read a cut list as all
            listed += f" and {len(self.columns) - LISTED_COLUMNS} more"
        raise DataError(f"{self.name} has no column {key!r}; columns are {listed}")

    def missing(self, j: int) -> int:
        v = self.values[j]
        return 0 if v is None else int(np.count_nonzero(~np.isfinite(v)))

    def series(self, column: str | int | None = None) -> tuple[np.ndarray, str, int]:
        """(values with gaps linearly interpolated, column name, number of values filled)."""
        j = self.column_index(column)
        v = self.values[j]
        if v is None:
            raise DataError(
                f"column {self.columns[j]!r} of {self.name} is not numeric; "
                "pick a column of numbers with --column"
            )
        bad = ~np.isfinite(v)
        if bad.all():
            raise DataError(f"column {self.columns[j]!r} of {self.name} has no numbers in it")
        filled = v.copy()
        if bad.any():
            idx = np.arange(len(v))
            filled[bad] = np.interp(idx[bad], idx[~bad], v[~bad])
        return filled, self.columns[j], int(bad.sum())


def _number(cell: str, decimal_comma: bool) -> float | None:
    """float(cell), NaN for a missing marker, None for text."""
    s = cell.strip()
    if s.lower() in MISSING:
        return math.nan
    try:
        return float(s)
    except ValueError:
        pass
    if decimal_comma and s.count(",") == 1:
        try:
            return float(s.replace(",", "."))
        except ValueError:
            pass
    return None


def _is_number(n_num: int, n_text: int) -> bool:
    """A column is numeric if it has numbers and at most one text cell for every two numbers."""
    return n_num > 0 and n_num >= 2 * n_text


def _sniff(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","  # one column, or nothing the sniffer can decide: plain CSV


def _rows(text: str, name: str, delimiter: str, progress: Progress | None = None):
    """The csv module's rows, trailing blank rows dropped, padded to one width."""
    buf = io.StringIO(text)
    rows = []
    try:
        for row in csv.reader(buf, delimiter=delimiter):
            rows.append(row)
            if progress is not None and len(rows) % 65536 == 0:
                progress(0.5 * buf.tell() / len(text))  # the numbers take the other half
    except csv.Error as e:
        raise DataError(f"{name} is not a readable CSV file ({e})") from None
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise DataError(f"{name} has no rows")
    width = max(len(r) for r in rows)
    # A blank line is a missing value in a one-column file, a separator in a wider one.
    rows = [r for r in rows if any(r)] if width > 1 else [r or [""] for r in rows]
    if width > 10_000:
        raise DataError(f"{name} has {width} columns; expected a time series with a few columns")
    return [r + [""] * (width - len(r)) for r in rows]


def _names(first: list[str], has_header: bool) -> tuple[str, ...]:
    if has_header:
        return tuple(c.strip() or f"column {j}" for j, c in enumerate(first))
    return tuple(f"column {j}" for j in range(len(first)))


def parse_table(
    text: str, name: str, delimiter: str | None = None, progress: Progress | None = None
) -> Table:
    """Parse CSV text: sniff the delimiter, detect a header, classify numeric columns.

    Regular files (most long ones) are read by np.loadtxt in chunks (rnnviz.core.csvscan), the
    others by the csv module; both give the same Table. `progress(fraction)` is called now and
    then while reading, last with 1.0.
    """
    delimiter = _sniff(text) if delimiter is None else delimiter
    table = _fast_table(text, name, delimiter, progress)
    if table is None:
        table = _csv_table(text, name, delimiter, progress)
    table = dataclasses.replace(table, times=_time_columns(table, text, delimiter))
    if progress is not None:
        progress(1.0)
    return table


def parse_times(cells) -> np.ndarray | None:
    """datetime64[s] of text cells that are ISO dates/times (2020-01-31, 2020-01-31 10:00,
    2020-01-31T10:00:05), gaps (missing markers) filled linearly; None if fewer than
    TIME_SHARE of the cells parse or the times go backwards. numpy parses them; what it
    refuses (a time zone, say) is tried with datetime.fromisoformat, cell by cell."""
    from datetime import datetime

    cells = [str(c).strip() for c in cells]
    out = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[s]")
    for i, c in enumerate(cells):
        if c.lower() in MISSING:
            continue
        if not re.match(r"^\d{4}-\d{2}", c):  # ISO only: 31/01/2020 is day or month first?
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                out[i] = np.datetime64(c, "s")
        except ValueError:
            try:
                t = datetime.fromisoformat(c)
            except ValueError:
                return None
            out[i] = np.datetime64(t.replace(tzinfo=None), "s")
    ok = ~np.isnat(out)
    if len(cells) < 2 or ok.mean() < TIME_SHARE:
        return None
    secs = out.astype(np.int64).astype(np.float64)
    if (np.diff(secs[ok]) < 0).any():
        return None  # not a time axis: it runs backwards
    if not ok.all():
        idx = np.arange(len(out))
        secs[~ok] = np.interp(idx[~ok], idx[ok], secs[ok])
        out = secs.round().astype(np.int64).astype("datetime64[s]")
    return out


def parse_years(values: np.ndarray) -> np.ndarray | None:
    """datetime64[s] (1 January of each) of a column of whole years 1-9999 that strictly
    increase with nothing missing; else None."""
    if len(values) < 2 or not np.isfinite(values).all() or (values != np.round(values)).any():
        return None
    if values.min() < 1 or values.max() > 9999 or (np.diff(values) <= 0).any():
        return None
    return (values.astype(np.int64) - 1970).astype("datetime64[Y]").astype("datetime64[s]")


def _time_columns(table: Table, text: str, delimiter: str) -> tuple[np.ndarray | None, ...]:
    """Table.times: every text column whose preview cells parse as dates, read whole."""
    found = []
    for j, v in enumerate(table.values):
        if v is not None:
            found.append(parse_years(v) if YEAR_NAMES.match(table.columns[j].strip()) else None)
            continue
        head = [r[j] for r in table.preview if j < len(r)]
        if not head or parse_times(head) is None:
            found.append(None)
            continue
        cells = _column_cells(text, delimiter, j, table.has_header)
        times = parse_times(cells) if len(cells) == table.n_rows else None
        found.append(times)
    return tuple(found)


def _column_cells(text: str, delimiter: str, j: int, has_header: bool) -> list[str]:
    """The text cells of column j below the header: numpy's reader, else the csv module's."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cells = np.loadtxt(
                io.StringIO(text),
                dtype=str,
                delimiter=delimiter,
                quotechar='"',
                comments=None,
                usecols=[j],
                skiprows=int(has_header),
                ndmin=1,
            )
        return cells.tolist()
    except (ValueError, IndexError):
        rows = _rows(text, "", delimiter)
        return [r[j] for r in rows[int(has_header) :]]


def _csv_table(text: str, name: str, delimiter: str, progress: Progress | None = None) -> Table:
    """The csv module's reading: every cell a Python string first (slow and large, but it
    reads any file)."""
    rows = _rows(text, name, delimiter, progress)
    width = len(rows[0])
    decimal_comma = delimiter != ","
    parsed = [[_number(c, decimal_comma) for c in r] for r in rows]

    def numeric(j: int, body: list[list[float | None]]) -> bool:
        cells = [r[j] for r in body]
        n_num = sum(c is not None and not math.isnan(c) for c in cells)
        return _is_number(n_num, sum(c is None for c in cells))

    # A header is a first row with text above a column whose body is numeric.
    has_header = len(rows) > 1 and any(
        parsed[0][j] is None and numeric(j, parsed[1:]) for j in range(width)
    )
    body_rows, body = (rows[1:], parsed[1:]) if has_header else (rows, parsed)
    values = []
    for j in range(width):
        if numeric(j, body):
            col = np.array([math.nan if r[j] is None else r[j] for r in body], dtype=np.float64)
            values.append(col)
        else:
            values.append(None)
    preview = tuple(tuple(r) for r in body_rows[:8])
    return Table(name, _names(rows[0], has_header), has_header, preview, tuple(values))


def _fast_table(text: str, name: str, delimiter: str, progress: Progress | None) -> Table | None:
    """The same Table as _csv_table, read by np.loadtxt; None if the file is not regular."""
    b = text.encode("utf-8")
    lines = scan_lines(b, delimiter)
    if lines is None:
        return None
    kept = np.flatnonzero(~lines.blank)
    n = kept[-1] + 1 if len(kept) else 0  # trailing blank rows dropped
    fields = lines.fields[:n]
    width = int(fields[0]) if n else 0
    if n == 0 or lines.blank[0] or width > 10_000 or ((fields > 0) & (fields != width)).any():
        return None  # no rows, a leading blank row, too wide or ragged: the csv module says
    if width > 1 and (lines.blank[:n] & (fields > 0)).any():
        return None  # rows of empty cells among the data, which the csv module skips
    # The head ends on a non-blank line, so the csv module keeps all its rows (the preview).
    last = kept[np.searchsorted(kept, min(n, max(HEAD_ROWS, 9) + 1) - 1)]
    try:
        head = _rows(b[: lines.ends[last]].decode("utf-8"), name, delimiter)
    except DataError:
        return None
    decimal_comma = delimiter != ","
    first = [_number(c, decimal_comma) for c in head[0]]
    header_like = n > 1 and any(v is None for v in first)
    rows = np.arange(int(header_like), n)
    rows = rows[fields[rows] > 0] if width > 1 else rows
    head_body = head[1:] if header_like else head
    plain = [j for j in range(width) if all(_is_float(r[j]) for r in head_body)]
    other = [j for j in range(width) if j not in plain]
    cols = read_columns(b, lines, rows, delimiter, plain, other,
                        lambda s: _number(s, decimal_comma), progress)  # fmt: skip
    if cols is None:
        return None
    numeric = [not c.is_text and _is_number(int((~np.isnan(c.values)).sum()), c.n_text)
               for c in (cols[j] for j in range(width))]  # fmt: skip
    has_header = header_like and any(first[j] is None and numeric[j] for j in range(width))
    if header_like and not has_header:
        return None  # the first row is data after all, with text in it
    values = tuple(cols[j].values if numeric[j] else None for j in range(width))
    preview = tuple(tuple(r) for r in head_body[:8])
    return Table(name, _names(head[0], has_header), has_header, preview, values)


def _is_float(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


_last_table: tuple[tuple, Table] | None = None  # the file read last, and its Table
_table_lock = threading.Lock()


def read_table(path: str | Path, progress: Progress | None = None) -> Table:
    """Read a CSV/TSV file (see parse_table); `progress(fraction)` as it goes.

    The last file read is kept while it is unchanged (same size and modification time), so
    opening a long series (choose a column, check it, then train on it) reads it once. A Table
    is never modified, so threads can share it."""
    global _last_table
    p = Path(path)
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        key = None  # read_bytes below says what is wrong
    with _table_lock:
        if key is not None and _last_table is not None and _last_table[0] == key:
            return _last_table[1]
    text = decode(read_bytes(p), p.name, lenient=True)
    table = parse_table(text, p.name, "\t" if p.suffix.lower() == ".tsv" else None, progress)
    if key is not None:
        with _table_lock:
            _last_table = (key, table)
    return table


# ------------------------------------------------------------------ series checks, preflight


def sine_values(length: int = 1000, noise: float = 0.1, seed: int = 0) -> np.ndarray:
    """The tutorial series: sin(t) + N(0, noise^2) at t = 0, 0.1, ..., (length - 1) / 10."""
    t = np.arange(length) * 0.1
    return np.sin(t) + np.random.default_rng(seed).normal(0.0, noise, length)


# The rows a transform uses up at the start: a change needs the value before it.
LAG = {"none": 0, "log": 0, "diff": 1, "logdiff": 1}


def transformed(v: np.ndarray, transform: str) -> np.ndarray:
    """What a model of `transform` trains on (rows along axis 0): the values, their logarithm,
    their changes v[i] - v[i-1], or the changes of their logarithm. LAG[transform] rows shorter."""
    v = np.asarray(v, dtype=np.float64)
    if transform in ("log", "logdiff"):
        with np.errstate(divide="ignore", invalid="ignore"):  # checked by check_positive
            v = np.log(v)
    return np.diff(v, axis=0) if transform in ("diff", "logdiff") else v


def untransformed(u: np.ndarray, previous: np.ndarray, transform: str) -> np.ndarray:
    """The data's own units of predictions u (n, K) of K values in a row (transformed units),
    each row after the actual value previous (n,): a change is added to the value before it
    (diff: previous + cumsum; logdiff: previous * exp(cumsum)), a logarithm exponentiated."""
    u = np.asarray(u, dtype=np.float64)
    if transform == "none":
        return u
    if transform == "log":
        return np.exp(u)
    c = np.cumsum(u, axis=-1)
    prev = np.asarray(previous, dtype=np.float64)[:, None]  # (n, 1)
    return prev + c if transform == "diff" else prev * np.exp(c)


def check_positive(v: np.ndarray, transform: str, what: str) -> None:
    """log and logdiff take the logarithm: every value must be > 0."""
    if transform in ("log", "logdiff") and not (np.asarray(v) > 0).all():
        raise DataError(
            f"{what} has values <= 0 (the smallest is {float(np.nanmin(v)):g}) and --transform "
            f"{transform} takes their logarithm; use --transform diff or none"
        )


def check_series_length(n: int, T: int, name: str, horizon: int = 1, lag: int = 0) -> None:
    need = T + horizon + 1 + lag
    if n < need:
        why = "".join((f", horizon {horizon}" if horizon > 1 else "",
                       " and a transform by changes" if lag else ""))  # fmt: skip
        raise DataError(
            f"{name} has {n} values; seq-len {T}{why} needs at least {need} "
            "(lower --seq-len or use a longer series)"
        )


def check_text_length(n: int, vocab: int, T: int, name: str) -> None:
    if n < T + 2 or vocab < 2:
        raise DataError(
            f"{name} has {n} characters ({vocab} distinct); seq-len {T} "
            f"needs at least {T + 2} characters and 2 distinct ones"
        )


def guess_kind(path: str | Path) -> str:
    return "series" if Path(path).suffix.lower() in SERIES_SUFFIXES else "text"


def preflight(config: Config, progress: Progress | None = None) -> None:
    """Raise the DataError that load_data would, without building any tensor: cheap enough
    for the window's thread, so a bad file is reported before anything is asked."""
    if config.data is None:
        if config.task == "sine" and config.transform in ("log", "logdiff"):
            check_positive(sine_values(config.length, config.noise, config.noise_seed),
                           config.transform, "sine")  # fmt: skip
        return
    path = Path(config.data)
    if (config.kind or guess_kind(path)) == "series":
        s = series_columns(read_table(path, progress), config)
        check_series_length(len(s["values"]), config.seq_len, s["name"], config.horizon,
                            LAG[config.transform])  # fmt: skip
        check_positive(s["values"], config.transform, s["name"])
        for name, col in zip(s["input_names"], s["inputs"].T, strict=True):
            check_positive(col, config.transform, f"column {name!r}")
    else:
        text = decode(read_bytes(path), path.name)
        text = text if config.keep_control else strip_control(text)[0]
        check_text_length(len(text), len(set(text)), config.seq_len, path.name)


def series_columns(table: Table, config: Config) -> dict:
    """What a series config reads from a table: the target's values (gaps filled) and name,
    the input columns (N, I) and their names, the times (or None), and the gaps filled.
    The target is config.target, else config.column, else the default column; the inputs
    default to the target alone."""
    target = config.target if config.target is not None else config.column
    values, tname, filled = table.series(target)
    j_target = table.column_index(target)
    js = [j_target]
    if config.inputs is not None:
        js = [table.column_index(c) for c in config.inputs.split(",") if c.strip()]
        if len(set(js)) != len(js):
            raise DataError(f"--inputs names a column twice: {config.inputs}")
    cols, names = [], []
    for j in js:
        v, name, n = table.series(str(j))
        cols.append(v)
        names.append(name)
        filled += n if j != j_target else 0
    jt = table.time_column(config.time)
    return {"values": values, "target": tname, "inputs": np.stack(cols, axis=1),  # (N, I)
            "input_names": tuple(names), "times": None if jt is None else table.times[jt],
            "filled": filled, "name": f"{table.name}:{tname}",
            "time_name": None if jt is None else table.columns[jt]}  # fmt: skip
