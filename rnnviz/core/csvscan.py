"""Fast reading of long, regular CSV files: numpy's C parser (`np.loadtxt`) on chunks of lines.

The csv module reads ~0.2 M rows a second here and holds every cell as a Python string (a
2,000,000-row file of two columns: 8.7-22 s and ~1 GB); `np.loadtxt` reads the same file in
~1 s into float64 columns. The two parsers differ on irregular files (ragged rows, line breaks
inside quotes, a quote inside an unquoted field, lone CR line ends, blank rows), so
`scan_lines` first checks the file with vectorized byte scans and returns None for any file
that only the csv module reads right; `rnnviz.core.table` then takes its csv-module path. On the
files it accepts, this module gives exactly what the csv module path gives (tested on fuzzed
files, tests/slow/test_fuzz.py).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

CHUNK_BYTES = 1 << 22  # lines parsed per np.loadtxt call: progress, and bounded temporaries
LF, CR, QUOTE = 10, 13, 34


@dataclass(frozen=True)
class Lines:
    """Where each line of a file starts and ends (line break excluded), how many fields it
    has (0 for an empty line), and whether all its cells are empty (the csv module skips such
    rows in a file of several columns)."""

    starts: np.ndarray  # (N,) byte offsets
    ends: np.ndarray  # (N,)
    fields: np.ndarray  # (N,)
    blank: np.ndarray  # (N,) bool: empty, or delimiters only

    def __len__(self) -> int:
        return len(self.starts)


def scan_lines(b: bytes, delimiter: str) -> Lines | None:
    """Lines and field counts of UTF-8 CSV bytes, or None if the file is not regular enough
    for np.loadtxt to read it as the csv module would."""
    if not b or len(delimiter) != 1 or ord(delimiter) > 127 or delimiter == '"' or b"\0" in b:
        return None
    if b.count(b"\r") != b.count(b"\r\n"):
        return None  # lone CR line ends: np.loadtxt refuses them
    a = np.frombuffer(b, np.uint8)
    breaks = np.flatnonzero(a == LF)
    ends = breaks if b.endswith(b"\n") else np.append(breaks, len(b))
    starts = np.concatenate(([0], breaks + 1))[: len(ends)]
    ends = ends - ((ends > starts) & (a[ends - 1] == CR))  # CRLF: the CR is no content
    if len(ends) == 0 or (ends - starts).max() > csv.field_size_limit():
        return None  # the csv module refuses such long fields with an error message
    delims = np.flatnonzero(a == ord(delimiter))
    quotes = np.flatnonzero(a == QUOTE)
    length = ends - starts
    marks = _per_line(delims, ends)
    if len(quotes):
        if not _regular_quotes(a, quotes, ord(delimiter), breaks):
            return None
        in_line = _per_line(quotes, ends)
        if ((length > 0) & (length == marks + in_line) & (in_line > 0)).any():
            return None  # only quotes and delimiters, such as "","": empty cells, quoted
        delims = delims[np.searchsorted(quotes, delims) % 2 == 0]  # outside quotes only
    fields = _per_line(delims, ends) + 1
    fields[length == 0] = 0
    return Lines(starts, ends, fields, length == marks)


def _per_line(positions: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many of the byte positions fall in each line."""
    return np.bincount(np.searchsorted(ends, positions), minlength=len(ends))[: len(ends)]


def _regular_quotes(a: np.ndarray, q: np.ndarray, delim: int, breaks: np.ndarray) -> bool:
    """Every quote opens a field, closes one, or is half of a doubled quote ("") inside one;
    no line break inside quotes. Then np.loadtxt(quotechar='"') splits as the csv module."""
    n = len(a)
    opening = np.arange(len(q)) % 2 == 0
    prev = np.where(q > 0, a[q - 1], LF)
    nxt = np.where(q < n - 1, a[np.minimum(q + 1, n - 1)], LF)
    adjacent = q[1:] == q[:-1] + 1
    after_close = np.concatenate(([False], adjacent & ~opening[:-1]))
    before_open = np.concatenate((adjacent & opening[1:], [False]))
    ok_open = (prev == delim) | (prev == LF) | after_close
    ok_close = (nxt == delim) | (nxt == LF) | (nxt == CR) | before_open
    if len(q) % 2 or not np.where(opening, ok_open, ok_close).all():
        return False
    return not (np.searchsorted(q, breaks) % 2).any()


class TooMuchText(Exception):
    """Raised from a converter: a column has more text cells than a numeric column can have."""

    def __init__(self, column: int) -> None:
        super().__init__(column)
        self.column = column


@dataclass
class Column:
    """One column being read: float64 values (NaN where missing or text) and its text cells."""

    values: np.ndarray
    n_text: int = 0
    is_text: bool = False  # gave up: too many text cells to be numeric


def read_columns(
    b: bytes,
    lines: Lines,
    rows: np.ndarray,
    delimiter: str,
    plain: list[int],
    other: list[int],
    convert: Callable[[str], float | None],
    progress: Callable[[float], None] | None = None,
) -> dict[int, Column] | None:
    """Read columns `plain + other` of the given rows (line indices, increasing).

    `plain` columns are tried with np.loadtxt's own float parser first, chunk by chunk; a chunk
    it refuses (a missing-value marker, text) is read again with `convert` (a str -> float, NaN
    for missing, or None for text), which `other` columns always use. A column with more than a
    third of its rows text cannot be numeric: it is given up early (is_text). Empty lines among
    `rows` are rows of NaN. Returns None if np.loadtxt refuses the file after all; whatever
    `progress` raises (to cancel) goes through.
    """
    n = len(rows)
    cols = {j: Column(np.full(n, math.nan)) for j in plain + other}
    limit = n // 3  # numeric needs n_num >= 2 n_text, so n_text <= n / 3
    filled = lines.fields[rows] > 0
    where = np.flatnonzero(filled)  # output row of each non-empty line
    first = lines.starts[rows[0]]
    span = lines.ends[rows[-1]] - first
    bounds = np.searchsorted(lines.starts[rows], first + np.arange(0, span, CHUNK_BYTES)[1:])
    done = 0
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, n], strict=True):
        k0, k1 = np.searchsorted(where, [lo, hi])  # the non-empty lines of this chunk
        if k1 > k0:
            chunk = b[lines.starts[rows[lo]] : lines.ends[rows[hi - 1]]]
            try:
                _read_chunk(chunk, where[k0:k1], cols, plain, delimiter, convert, limit)
            except ValueError:
                return None
        done = hi
        if progress is not None:
            progress(done / n)
    return cols


def _read_chunk(chunk, out_rows, cols, plain, delimiter, convert, limit) -> None:
    """Read one chunk into `cols`: np.loadtxt's parser where it can, `convert` where not."""
    slow = [j for j, c in cols.items() if not c.is_text and j not in plain]
    fast = [j for j in plain if not cols[j].is_text]
    if fast:
        try:
            got = _loadtxt(chunk, delimiter, fast, None)
            for i, j in enumerate(fast):
                cols[j].values[out_rows] = got[:, i]
        except ValueError:  # a missing-value marker or text: read these with `convert`
            slow += fast
    while slow:
        counted = {j: cols[j].n_text for j in slow}
        try:
            got = _loadtxt(chunk, delimiter, slow, {j: _counting(convert, cols[j], j, limit)
                                                    for j in slow})  # fmt: skip
        except ValueError as e:
            if not isinstance(e.__cause__, TooMuchText):
                raise
            cols[e.__cause__.column].is_text = True
            for j, n in counted.items():  # the chunk is read again: count its text once
                cols[j].n_text = n
            slow = [j for j in slow if not cols[j].is_text]
            continue
        for i, j in enumerate(slow):
            cols[j].values[out_rows] = got[:, i]
        return


def _counting(convert, col: Column, j: int, limit: int):
    """A converter: `convert`, with text cells counted (as NaN) until there are too many."""

    def converter(s: str) -> float:
        v = convert(s)
        if v is not None:
            return v
        col.n_text += 1
        if col.n_text > limit:
            raise TooMuchText(j)
        return math.nan

    return converter


def _loadtxt(chunk: bytes, delimiter: str, usecols: list[int], converters) -> np.ndarray:
    return np.loadtxt(io.BytesIO(chunk), dtype=np.float64, delimiter=delimiter, quotechar='"',
                      comments=None, usecols=usecols, converters=converters, ndmin=2,
                      encoding="utf-8")  # fmt: skip
