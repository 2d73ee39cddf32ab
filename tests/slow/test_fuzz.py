"""Fuzz the CSV and text loaders: whatever the bytes, a DataError or data, never a crash."""

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnviz.core.config import Config
from rnnviz.core.data import DataError, load_data

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load(content: bytes, suffix: str, **config):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"f{suffix}"
        path.write_bytes(content)
        try:
            data = load_data(Config(data=str(path), seq_len=3, **config))
        except DataError as e:
            message = str(e)
            assert message and "\n" not in message
            return None
    if data.kind == "series":
        assert np.isfinite(data.values).all() and len(data.values) >= 5
    else:
        assert len(data.vocab) >= 2
    return data


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from([".csv", ".tsv", ".txt", ".dat"]))
def test_random_bytes(content, suffix):
    load(content, suffix)


cells = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**6, 10**6).map(str),
    st.sampled_from(["", "NA", "n/a", "null", "-", "?", "nan", "inf", "-inf", "1e400", "abc",
                     "2020-01-01", '"1,5"', '"quoted ""text"""', "1,5", " 3.25 ", "\t"]),
    st.text(max_size=12),
)  # fmt: skip


@FUZZ
@given(
    st.lists(st.lists(cells, min_size=1, max_size=5), min_size=0, max_size=60),
    st.sampled_from([",", ";", "\t", "|"]),
    st.booleans(),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]),
)
def test_random_csv_shapes_and_encodings(rows, delimiter, header, encoding):
    lines = [delimiter.join(r) for r in rows]
    if header and rows:
        lines.insert(0, delimiter.join(f"col{i}" for i in range(len(rows[0]))))
    text = "\n".join(lines)
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        content = text.encode("utf-8", "replace")
    load(content, ".csv")


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "latin-1"]))
def test_random_text_in_odd_encodings(text, encoding):
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        return
    load(content, ".txt")


def test_huge_lines():
    load(b"value\n" + b"1" * 300_000 + b"\n2\n3\n", ".csv")  # beyond csv's field limit
    load(b"x" * 2_000_000, ".csv")
    load(("ab" * 500_000).encode(), ".txt")


def test_many_columns_and_rows():
    load((",".join(["1"] * 20_000) + "\n").encode() * 3, ".csv")
    data = load(b"v\n" + b"".join(f"{i % 50}\n".encode() for i in range(200_000)), ".csv")
    assert data is not None and len(data.values) == 200_000
