"""The fast CSV path (np.loadtxt in chunks) must give exactly the csv module's Table."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rnnviz.core.csvscan as csvscan
import rnnviz.core.table as table
from rnnviz.core.config import Config
from rnnviz.core.data import DataError, load_data, parse_table, read_table


@pytest.fixture
def tiny_chunks(monkeypatch):
    """Chunks of a few lines and a head of 2 rows, so small files take every branch."""
    monkeypatch.setattr(csvscan, "CHUNK_BYTES", 16)
    monkeypatch.setattr(table, "HEAD_ROWS", 2)


def both(text, delimiter=","):
    """(fast Table or None, csv module Table or the DataError it raised)."""
    fast = table._fast_table(text, "f.csv", delimiter, None)
    try:
        slow = table._csv_table(text, "f.csv", delimiter)
    except DataError as e:
        slow = e
    return fast, slow


def assert_same(fast, slow):
    assert not isinstance(slow, DataError), f"fast path read a file the csv module refuses: {slow}"
    assert (fast.columns, fast.has_header, fast.preview) == (
        slow.columns,
        slow.has_header,
        slow.preview,
    )
    assert fast.numeric == slow.numeric
    for a, b in zip(fast.values, slow.values, strict=True):
        if a is not None:
            np.testing.assert_array_equal(a, b)  # NaN where NaN


def test_fast_path_reads_a_long_regular_file_like_the_csv_module(tiny_chunks):
    rows = [f"{i},{np.sin(i):.6f},2020-01-{1 + i % 28:02d}" for i in range(300)]
    text = "index,value,date\n" + "\n".join(rows) + "\n"
    fast, slow = both(text)
    assert fast is not None
    assert_same(fast, slow)
    assert fast.numeric == (True, True, False) and fast.n_rows == 300


@pytest.mark.parametrize(
    "text",
    [
        "v\n1\n2\nNA\n4\n?\n6\n7\n8\n",  # missing markers after the head: per-chunk fallback
        "a,b\n1,x\n2,3\n4,5\n6,7\n8,9\n",  # text in a column that is numeric overall
        "a,b\n1,x\n2,y\n3,z\n4,5\n",  # more text than numbers: not numeric
        "t;v\n1;1,5\n2;2,5\n3;3,5\n",  # decimal comma
        "v\n1\n\n3\n\n5\n",  # blank lines are missing values in one column
        "a,b\n1,2\n\n3,4\n",  # and separators in two
        '"name","value"\n"a, b",1\n"c ""q""",2\n"d",3\n',  # quoted cells, doubled quotes
        "1,2\n3,4\n5,6\n",  # no header
        "a,b\r\n1,2\r\n3,4\r\n",  # CRLF
        "v\n1\n2\n3\n\n\n",  # trailing blank lines
        "a,b\n1,2\n3,4\n,\n,\n",  # trailing empty rows
        "h\nnan\ninf\n-inf\n1e400\n 2.5 \n1_000\n",  # what float() accepts
    ],
)
def test_fast_path_equals_the_csv_module(tiny_chunks, text):
    fast, slow = both(text, ";" if ";" in text else ",")
    assert fast is not None
    assert_same(fast, slow)


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n1,2\n3\n4,5\n",  # ragged
        "a,b\n1,2\n3,4,5\n",  # a row too long
        '"a\nb",1\n2,3\n',  # a line break inside quotes
        'a,b\n1,2"\n3,4\n',  # a quote inside a field
        "v\r1\r2\r",  # lone CR line ends
        "\nv\n1\n2\n",  # a leading blank line
        "a,b\n1,2\n,\n3,4\n",  # an empty row among the data
        "x,y\nx,y\nx,y\n",  # text in the first row but no numeric column under it
    ],
)
def test_irregular_files_go_to_the_csv_module(text):
    fast, slow = both(text)
    assert fast is None
    if not isinstance(slow, DataError):  # the csv module reads them, or says why not
        assert_same(parse_table(text, "f.csv"), slow)


def test_progress_rises_to_one(tmp_path, tiny_chunks):
    p = tmp_path / "s.csv"
    p.write_text("v\n" + "".join(f"{i}\n" for i in range(200)))
    seen = []
    d = load_data(Config(data=str(p)), progress=seen.append)
    assert len(d.values) == 200
    assert len(seen) > 3 and seen[-1] == 1.0 and seen == sorted(seen)
    assert all(0 <= f <= 1 for f in seen)


def test_long_file_is_read_without_the_csv_module(tmp_path, monkeypatch):
    def refuse(*args):
        raise AssertionError("the csv module path was taken")

    monkeypatch.setattr(table, "_csv_table", refuse)
    n = 60_000
    values = np.round(np.sin(np.arange(n) * 0.01), 6)
    body = "\n".join(f"{i},{v}" for i, v in enumerate(values))
    p = tmp_path / "long.csv"
    p.write_text("index,value\n" + body + "\nlast,NA\n")
    t = read_table(p)
    assert t.columns == ("index", "value") and t.n_rows == n + 1
    got, name, filled = t.series()
    assert name == "value" and filled == 1
    np.testing.assert_array_equal(got[:n], values)
    assert got[n] == values[-1]  # the missing last value is filled from its neighbour


cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["", "NA", "n/a", "-", "?", "nan", "1e400", "abc", "2020-01-01", '"1,5"',
                     '"quoted ""text"""', "1,5", " 3.25 ", '"', "x\"y"]),
    st.text(max_size=6),
)  # fmt: skip


def tables(width):
    return st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=30)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(
    st.integers(1, 4).flatmap(tables),  # one width: regular files, which the fast path reads
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)
def test_fuzzed_files_fast_equals_csv_module(tiny_chunks, rows, delimiter, header, newline):
    lines = [delimiter.join(r) for r in rows]
    if header:
        lines.insert(0, delimiter.join(f"col{i}" for i in range(len(rows[0]))))
    fast, slow = both(newline.join(lines) + newline, delimiter)
    if fast is not None:
        assert_same(fast, slow)


@pytest.mark.slow
@settings(FUZZ, max_examples=500)
@given(
    st.integers(1, 4).flatmap(tables),
    st.sampled_from([",", ";", "\t", "|"]),
    st.booleans(),
    st.sampled_from(["\n", "\r\n"]),
)
def test_many_fuzzed_files_fast_equals_csv_module(tiny_chunks, rows, delimiter, header, newline):
    test_fuzzed_files_fast_equals_csv_module.hypothesis.inner_test(
        tiny_chunks, rows, delimiter, header, newline
    )


class Cancel(Exception):
    pass


@pytest.mark.parametrize("ragged", [False, True])  # the fast path, and the csv module's
def test_progress_can_cancel_loading(tmp_path, ragged, monkeypatch):
    monkeypatch.setattr(csvscan, "CHUNK_BYTES", 1024)
    lines = [f"{i},{i % 7}" for i in range(140_000)]
    if ragged:
        lines[5] = "5"
    p = tmp_path / "s.csv"
    p.write_text("a,b\n" + "\n".join(lines) + "\n")
    seen = []

    def cancel_halfway(fraction):
        seen.append(fraction)
        if fraction > 0.3:
            raise Cancel

    with pytest.raises(Cancel):
        load_data(Config(data=str(p)), progress=cancel_halfway)
    assert 0 < seen[-1] < 1
