import os

import numpy as np
import pytest

from rnnviz.core.config import Config
from rnnviz.core.data import (
    DataError,
    SeriesData,
    TextData,
    load_data,
    read_table,
    sine_values,
)


def write(tmp_path, name, content):
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_sine_is_the_tutorial_series():
    v = sine_values(1000, 0.1, seed=0)
    t = np.arange(0, 100, 0.1)
    assert v.shape == (1000,)
    residual = v - np.sin(t)
    assert abs(residual.std() - 0.1) < 0.01  # N(0, 0.1^2) noise
    np.testing.assert_array_equal(v, sine_values(1000, 0.1, seed=0))  # seeded
    np.testing.assert_allclose(sine_values(50, 0.0), np.sin(t[:50]))


def test_series_windows_split_and_normalization():
    values = np.arange(30, dtype=float)
    d = SeriesData(values, seq_len=5, val_fraction=0.2)
    assert d.n_windows == 25 and d.n_train == 20
    x, y = d.train_batch(None, __import__("torch").device("cpu"))
    assert x.shape == (20, 5, 1) and y.shape == (20, 1)
    # window k is values[k:k+5] and predicts values[k+5], normalized by the training part
    raw = x.numpy()[3, :, 0] * d.std + d.mean
    np.testing.assert_allclose(raw, values[3:8], rtol=1e-6)
    assert float(y[3, 0]) * d.std + d.mean == pytest.approx(values[8], rel=1e-6)
    train_part = values[: 20 + 5]
    assert d.mean == pytest.approx(train_part.mean()) and d.std == pytest.approx(train_part.std())
    inputs, target = d.probe_window()  # first validation window
    np.testing.assert_allclose(inputs[:, 0] * d.std + d.mean, values[20:25], rtol=1e-6)


def test_csv_header_default_column_and_dates_ignored(tmp_path):
    p = write(tmp_path, "s.csv", "date,temp,load\n2020-01-01,1.5,10\n2020-01-02,2.5,11\n"
              "2020-01-03,3.5,12\n")  # fmt: skip
    t = read_table(p)
    assert t.has_header and t.columns == ("date", "temp", "load")
    assert t.numeric == (False, True, True)
    values, name, filled = t.series()
    assert name == "load" and filled == 0
    np.testing.assert_array_equal(values, [10, 11, 12])
    assert t.series("temp")[0].tolist() == [1.5, 2.5, 3.5]
    assert t.series("1")[1] == "temp"  # by index
    with pytest.raises(DataError, match="not numeric"):
        t.series("date")
    with pytest.raises(DataError, match="no column 'nope'"):
        t.series("nope")


def test_csv_missing_and_non_finite_values_interpolated(tmp_path):
    p = write(tmp_path, "m.csv", "v\n1\n\nNA\n4\ninf\n6\n?\n")
    values, _, filled = read_table(p).series()
    np.testing.assert_allclose(values, [1, 2, 3, 4, 5, 6, 6])
    assert filled == 4


def test_tsv_semicolon_decimal_comma_no_header_and_bom(tmp_path):
    tsv = write(tmp_path, "a.tsv", "1\t0.5\n2\t0.6\n3\t0.7\n")
    t = read_table(tsv)
    assert not t.has_header and t.series()[0].tolist() == [0.5, 0.6, 0.7]
    semi = write(tmp_path, "b.csv", "\ufeffx;y\n1;1,5\n2;2,5\n3;3,5\n".encode())
    t = read_table(semi)
    assert t.columns == ("x", "y") and t.series()[0].tolist() == [1.5, 2.5, 3.5]


def test_quoted_csv_and_ragged_rows(tmp_path):
    p = write(tmp_path, "q.csv", 'name,value\n"a, b",1\n"c",2\nd\n"e",4\n')
    values, name, filled = read_table(p).series()
    assert name == "value" and values.tolist() == [1, 2, 3, 4] and filled == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("a,b\nx,y\nz,w\n", "no numeric column"),
        (b"\x00\x01\x02binary\xff" * 50, "binary"),
        ("v\nNA\nNA\n", "no numeric column"),
    ],
)
def test_bad_csv_files(tmp_path, content, message):
    p = write(tmp_path, "bad.csv", content)
    with pytest.raises(DataError, match=message):
        load_data(Config(data=str(p)))


def test_too_short_series(tmp_path):
    p = write(tmp_path, "short.csv", "v\n1\n2\n3\n")
    with pytest.raises(DataError, match="at least 12"):
        load_data(Config(data=str(p), seq_len=10))


def test_missing_file_folder_and_unreadable(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        load_data(Config(data=str(tmp_path / "nope.csv")))
    with pytest.raises(DataError, match="folder"):
        load_data(Config(data=str(tmp_path)))
    p = write(tmp_path, "locked.csv", "v\n1\n")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        with pytest.raises(DataError, match="cannot read"):
            load_data(Config(data=str(p)))
    finally:
        p.chmod(0o644)


def test_unreadable_file_reports_oserror(tmp_path, monkeypatch):
    p = write(tmp_path, "io.csv", "v\n1\n2\n")

    def fail(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(p), "read_bytes", fail)
    with pytest.raises(DataError, match="cannot read io.csv: Permission denied"):
        load_data(Config(data=str(p)))


def test_huge_file_refused_without_reading(tmp_path, monkeypatch):
    import rnnviz.core.table as data

    monkeypatch.setattr(data, "MAX_FILE_BYTES", 100)
    p = write(tmp_path, "big.csv", "v\n" + "1\n" * 200)
    with pytest.raises(DataError, match="reads files up to"):
        load_data(Config(data=str(p)))


def test_text_vocab_windows_and_targets(small_text):
    d = load_data(Config(data=str(small_text), seq_len=6))
    assert isinstance(d, TextData) and d.kind == "text"
    assert d.vocab == sorted(set("the cat sat on the mat. "))
    import torch

    x, y = d.train_batch(torch.tensor([0, 3]), torch.device("cpu"))
    assert x.shape == (2, 6, len(d.vocab)) and y.shape == (2, 6)
    assert d.decode(x[0].argmax(-1)) == "the ca" and d.decode(y[0]) == "he cat"
    assert d.decode(y[1]) == "cat sa"
    inputs, target = d.probe_window()
    assert inputs.shape == (6, len(d.vocab)) and inputs.sum() == 6


def test_thousands_of_cjk_characters(tmp_path):
    chars = [chr(0x4E00 + i) for i in range(3000)]
    p = write(tmp_path, "cjk.txt", "".join(chars * 2))
    d = load_data(Config(data=str(p), seq_len=5))
    assert d.input_size == d.output_size == 3000
    assert d.decode(d.encode("一丁七")) == "一丁七"


def test_text_encodings(tmp_path):
    utf16 = write(tmp_path, "u16.txt", "héllo wörld ".encode("utf-16") * 3)
    assert "ö" in load_data(Config(data=str(utf16), seq_len=4)).vocab
    latin1 = write(tmp_path, "l1.txt", "caf\xe9 ".encode("latin-1") * 10)
    with pytest.raises(DataError, match="not UTF-8.*0xe9"):
        load_data(Config(data=str(latin1)))


def test_kind_override(tmp_path):
    p = write(tmp_path, "numbers.txt", "\n".join(str(i % 7) for i in range(50)))
    assert load_data(Config(data=str(p))).kind == "text"
    assert load_data(Config(data=str(p), kind="series")).kind == "series"


def test_prime_with_unknown_characters(small_text):
    d = load_data(Config(data=str(small_text)))
    with pytest.raises(DataError, match="'Z'"):
        d.encode("the Z")


def test_a_missing_column_lists_the_columns_and_says_when_it_cuts_the_list(tmp_path):
    from rnnviz.core.data import LISTED_COLUMNS, DataError, read_table

    names = [f"c{i}" for i in range(LISTED_COLUMNS + 5)]
    path = tmp_path / "wide.csv"
    path.write_text(",".join(names) + "\n" + ",".join("1" for _ in names) + "\n")
    with pytest.raises(DataError) as e:
        read_table(path).column_index("nope")
    message = str(e.value)
    assert f"'{names[LISTED_COLUMNS - 1]}' and 5 more" in message
    assert f"'{names[LISTED_COLUMNS]}'" not in message
    few = tmp_path / "few.csv"
    few.write_text("a,b\n1,2\n")
    with pytest.raises(DataError, match=r"columns are 'a', 'b'$"):
        read_table(few).column_index("nope")
