"""A series of several columns: --inputs, --target, --time, --transform, --horizon.

The data is a real-looking CSV written by the test: an unnamed row-number column (as pandas
writes it), a date column and four trending "stock index" columns (random walks with drift,
all positive). Every number is checked against numpy float64 or torch.nn computed here from
the file's own values."""

import csv
import json

import numpy as np
import pytest
import torch

from rnnviz.cli import main
from rnnviz.core.config import Config, ConfigError
from rnnviz.core.data import DataError, load_data, read_table
from rnnviz.core.diagnostics import EXTRAPOLATION_SHARE, data_warnings, evaluate
from rnnviz.core.export import write_run
from rnnviz.core.forecast import free_running
from rnnviz.core.probe import forecast_fan, predict_horizon
from rnnviz.core.trainer import Trainer, scheduled_lr

INDICES = ("dax", "cac", "ftse", "smi")
ROWS = 300


def stock_csv(path, rows: int = ROWS, seed: int = 0, negative: bool = False):
    """',date,dax,cac,ftse,smi': a row number, business-like days from 2015-01-02, four
    indices that trend upward with noise (geometric random walks)."""
    rng = np.random.default_rng(seed)
    drift = np.array([0.004, 0.003, 0.002, 0.0035])
    steps = drift + rng.normal(0, 0.01, (rows, 4))
    levels = np.array([9800.0, 4200.0, 6500.0, 8900.0]) * np.exp(np.cumsum(steps, axis=0))
    if negative:
        levels[:, 2] -= 7000.0  # crosses zero
    days = np.datetime64("2015-01-02") + np.arange(rows)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["", "date", *INDICES])
        for i in range(rows):
            w.writerow([i, str(days[i]), *[f"{v:.2f}" for v in levels[i]]])
    return path


@pytest.fixture
def stocks(tmp_path):
    return stock_csv(tmp_path / "indices.csv")


def file_columns(path):
    """The CSV's columns as float64 (and the dates as strings), read with the csv module."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))[1:]
    cols = {name: np.array([float(r[2 + j]) for r in rows]) for j, name in enumerate(INDICES)}
    return cols, [r[1] for r in rows]


def test_row_numbers_are_no_feature_and_dates_are_the_time_axis(stocks):
    t = read_table(stocks)
    assert t.columns[:2] == ("column 0", "date")
    assert t.is_index(0) and not any(t.is_index(j) for j in range(2, 6))
    assert t.features() == [2, 3, 4, 5]  # neither the row number nor the date
    assert t.default_column() == 5  # the rightmost index, smi
    assert t.time_columns() == [1]
    _, days = file_columns(stocks)
    np.testing.assert_array_equal(t.times[1], np.array(days, dtype="datetime64[s]"))
    # a rightmost row-number column is not the default target either
    other = stocks.with_name("b.csv")
    other.write_text("value,index\n" + "".join(f"{v},{i}\n" for i, v in enumerate([5, 3, 8, 1])))
    assert read_table(other).default_column() == 0


def test_time_column_by_name_none_and_not_a_date(stocks):
    d = load_data(Config(data=str(stocks), time="date"))
    assert d.times is not None and str(d.times[0]) == "2015-01-02T00:00:00"
    assert load_data(Config(data=str(stocks), time="none")).times is None
    with pytest.raises(DataError, match="'dax' of indices.csv is not a date/time column"):
        load_data(Config(data=str(stocks), time="dax"))


def test_several_inputs_windows_normalized_by_the_training_part(stocks):
    cols, _ = file_columns(stocks)
    T = 12
    d = load_data(Config(data=str(stocks), inputs="dax,cac,ftse", target="smi", seq_len=T))
    assert d.input_size == 3 and d.output_size == 1 and d.target_input is None
    X = np.stack([cols[c] for c in ("dax", "cac", "ftse")], axis=1)  # (N, 3)
    y = cols["smi"]
    n_windows = ROWS - T
    n_train = round(n_windows * 0.8)
    assert (d.n_windows, d.n_train) == (n_windows, n_train)
    part = X[: n_train + T]
    mean, std = part.mean(axis=0), part.std(axis=0)
    x, target = d.train_batch(None, torch.device("cpu"))  # (n_train, T, 3), (n_train, 1)
    w = 37
    np.testing.assert_allclose(x[w].numpy(), (X[w : w + T] - mean) / std, rtol=1e-5, atol=1e-5)
    ym, ys = y[: n_train + T].mean(), y[: n_train + T].std()
    assert float(target[w, 0]) == pytest.approx((y[w + T] - ym) / ys, rel=1e-5, abs=1e-5)


def test_a_column_given_twice_or_unknown_is_one_line(stocks):
    with pytest.raises(DataError, match="names a column twice"):
        load_data(Config(data=str(stocks), inputs="dax,dax"))
    with pytest.raises(DataError, match="no column 'dow'"):
        load_data(Config(data=str(stocks), inputs="dax,dow"))
    with pytest.raises(ConfigError, match="name different columns"):
        Config(data=str(stocks), target="dax", column="cac")


@pytest.mark.parametrize("transform", ["diff", "log", "logdiff"])
def test_transform_fitted_on_training_part_and_predictions_in_own_units(stocks, transform):
    cols, _ = file_columns(stocks)
    T, K = 10, 3
    c = Config(data=str(stocks), inputs="dax,smi", target="smi", seq_len=T, horizon=K,
               transform=transform, hidden=8, steps=3)  # fmt: skip
    trainer = Trainer(c)
    trainer.run(3, on_snapshot=None, every_s=0)
    d = trainer.data
    raw = cols["smi"]
    u = np.log(raw) if transform != "diff" else raw
    u = np.diff(u) if transform != "log" else u
    lag = 0 if transform == "log" else 1
    assert d.origin == lag and d.n_windows == ROWS - lag - T - K + 1
    train_rows = d.n_train + T + K - 1
    assert d.mean == pytest.approx(u[:train_rows].mean()) and d.std == pytest.approx(
        u[:train_rows].std())  # fmt: skip
    # The model's K outputs, run through torch.nn directly, back into index points by hand.
    X = np.stack([cols["dax"], raw], axis=1)
    U = np.log(X) if transform != "diff" else X
    U = np.diff(U, axis=0) if transform != "log" else U
    Um, Us = U[:train_rows].mean(axis=0), U[:train_rows].std(axis=0)
    model = trainer.model.eval()
    w = np.array([0, 5, d.n_train, d.n_windows - 1])
    x = torch.tensor(np.stack([(U[i : i + T] - Um) / Us for i in w]), dtype=torch.float32)
    with torch.no_grad():
        h, _ = model.rnn(x)
        z = model.head(h[:, -1]).double().numpy()  # (4, K)
    step = z * d.std + d.mean  # transformed units
    prev = raw[w + T - 1 + lag]  # the actual value before each window's first target
    want = {"diff": prev[:, None] + np.cumsum(step, 1), "log": np.exp(step),
            "logdiff": prev[:, None] * np.exp(np.cumsum(step, 1))}[transform]  # fmt: skip
    got = predict_horizon(model, d, torch.device("cpu"), w)
    np.testing.assert_allclose(got, want, rtol=1e-4)


def test_log_of_values_at_or_below_zero_is_one_line(tmp_path, capsys):
    p = stock_csv(tmp_path / "neg.csv", negative=True)
    with pytest.raises(DataError, match="column 'ftse' has values <= 0"):
        load_data(Config(data=str(p), inputs="dax,ftse", target="dax", transform="log"))
    code = main(["train", "--data", str(p), "--target", "ftse", "--transform", "logdiff",
                 "--steps", "1"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "has values <= 0" in err[0], err
    with pytest.raises(DataError, match="sine has values <= 0"):
        load_data(Config(transform="log"))


def test_horizon_metrics_fan_and_predictions_csv(stocks, tmp_path):
    cols, days = file_columns(stocks)
    T, K = 8, 4
    c = Config(data=str(stocks), inputs="cac,smi", target="smi", seq_len=T, horizon=K,
               transform="diff", hidden=8, steps=20)  # fmt: skip
    trainer = Trainer(c)
    trainer.run(20, on_snapshot=None, every_s=0)
    out = tmp_path / "run"
    write_run(trainer, out)
    m = json.loads((out / "metrics.json").read_text())
    d, raw = trainer.data, cols["smi"]
    U = np.diff(np.stack([cols["cac"], raw], axis=1), axis=0)
    rows = d.n_train + T + K - 1
    Um, Us = U[:rows].mean(axis=0), U[:rows].std(axis=0)
    um, us = U[:rows, 1].mean(), U[:rows, 1].std()
    model = trainer.model.eval()
    w = np.arange(d.n_train, d.n_windows)
    x = torch.tensor(np.stack([(U[i : i + T] - Um) / Us for i in w]), dtype=torch.float32)
    with torch.no_grad():
        h, _ = model.rnn(x)
        z = model.head(h[:, -1]).double().numpy()  # (n_val, K)
    prev = raw[w + T]  # file row w + T is values[w + T - 1] (the first row went to the diff)
    pred = prev[:, None] + np.cumsum(z * us + um, axis=1)
    actual = np.stack([raw[w + T + 1 + k] for k in range(K)], axis=1)
    rmse = np.sqrt(((pred - actual) ** 2).mean(axis=0))
    naive = np.sqrt(((prev[:, None] - actual) ** 2).mean(axis=0))
    assert len(m["horizon_rmse"]) == K and len(m["naive_horizon_rmse"]) == K
    np.testing.assert_allclose(m["horizon_rmse"], rmse, rtol=1e-4)
    np.testing.assert_allclose(m["naive_horizon_rmse"], naive, rtol=1e-12)
    assert m["val_rmse"] == pytest.approx(rmse[0], rel=1e-4)
    assert m["naive_val_rmse"] == pytest.approx(naive[0], rel=1e-12)
    # predictions.csv: the data row predicted, its date, and the window's K predictions
    with open(out / "predictions.csv", newline="") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == ["index", "actual", "predicted", "split", "free_running",
                              *[f"predicted_{k + 1}" for k in range(K)], "time"]  # fmt: skip
    first = table[d.n_train]
    assert int(first["index"]) == d.n_train + T + 1 and first["split"] == "val"
    assert float(first["actual"]) == raw[d.n_train + T + 1]
    assert first["time"] == days[d.n_train + T + 1] + "T00:00:00"
    np.testing.assert_allclose([float(first[f"predicted_{k + 1}"]) for k in range(K)],
                               pred[0], rtol=1e-4)  # fmt: skip
    # the fan: the K values after the file's last row, from its last T changes
    last = torch.tensor((U[-T:] - Um) / Us, dtype=torch.float32)[None]
    with torch.no_grad():
        zf = model.head(model.rnn(last)[0][:, -1]).double().numpy()[0]
    np.testing.assert_allclose(forecast_fan(model, d, torch.device("cpu")),
                               raw[-1] + np.cumsum(zf * us + um), rtol=1e-4)  # fmt: skip
    assert trainer.probe().fan.shape == (K,)


def test_free_running_feeds_back_the_target_column_only(stocks):
    cols, _ = file_columns(stocks)
    T = 6
    trainer = Trainer(Config(data=str(stocks), inputs="smi,dax", target="smi", seq_len=T,
                             hidden=6, steps=5))  # fmt: skip
    trainer.run(5, on_snapshot=None, every_s=0)
    d, model = trainer.data, trainer.model.eval()
    X = np.stack([cols["smi"], cols["dax"]], axis=1)
    rows = d.n_train + T
    Xm, Xs = X[:rows].mean(axis=0), X[:rows].std(axis=0)
    Z = (X - Xm) / Xs
    got = free_running(model, d, "cpu", steps=7)
    buf, want = Z[d.n_train : d.n_train + T + 7].copy(), []
    for j in range(7):
        with torch.no_grad():
            h, _ = model.rnn(torch.tensor(buf[j : j + T], dtype=torch.float32)[None])
            z = float(model.head(h[:, -1])[0, 0])
        want.append(z * Xs[0] + Xm[0])
        buf[T + j, 0] = z  # the target's column; dax stays the data's
    np.testing.assert_allclose(got, want, rtol=1e-4)
    other = Trainer(Config(data=str(stocks), inputs="dax", target="smi", seq_len=T, hidden=4))
    assert free_running(other.model, other.data) is None  # it never reads smi


def test_horizon_and_series_options_refuse_text_and_tasks(small_text, capsys):
    with pytest.raises(ConfigError, match="--horizon is for a series"):
        Config(task="copy", seq_len=30, horizon=3)
    with pytest.raises(ConfigError, match="--transform is for a series"):
        Config(task="adding", transform="diff")
    code = main(["train", "--data", str(small_text), "--horizon", "2", "--steps", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "--horizon is for a series" in err[0], err


def test_extrapolation_warns_on_a_trend_and_names_the_transform_that_helps(stocks):
    cols, _ = file_columns(stocks)
    d = load_data(Config(data=str(stocks)))  # smi, no transform: it climbs out of its range
    (w,) = data_warnings(d)
    assert w.code == "extrapolation" and w.step == 0 and "--transform diff" in w.advice
    y = cols["smi"]
    rows = d.n_train + d.seq_len
    lo, hi = y[:rows].min(), y[:rows].max()
    margin = 0.1 * (hi - lo)
    share = ((y[rows:] < lo - margin) | (y[rows:] > hi + margin)).mean()
    assert share >= EXTRAPOLATION_SHARE and w.values["share"] == f"{share:.0%}"
    assert data_warnings(load_data(Config(data=str(stocks), transform="diff"))) == ()
    assert data_warnings(load_data(Config())) == ()  # the sine stays in its range
    # the run's diagnostics carry it from step 0, as metrics.json does
    t = Trainer(Config(data=str(stocks), hidden=4, steps=2))
    assert [x.code for x in evaluate(t.snapshot()).raised()] == ["extrapolation"]


def test_schedule_is_live(stocks):
    t = Trainer(Config(steps=40, lr=0.02, hidden=4))
    t.run(10, on_snapshot=None, every_s=0)
    t.set_live("schedule", "cosine")
    t.step()
    assert t.history.rows[-1, 5] == pytest.approx(scheduled_lr(0.02, "cosine", 10, 40))
    assert t.snapshot().schedule == "cosine"
    with pytest.raises(ConfigError, match="schedule must be one of"):
        t.set_live("schedule", "linear")


def test_the_probes_fan_errors_are_metrics_horizon_rmse(stocks, tmp_path):
    c = Config(data=str(stocks), target="dax", seq_len=8, horizon=3, transform="logdiff",
               hidden=6, steps=10)  # fmt: skip
    trainer = Trainer(c)
    trainer.run(10, on_snapshot=None, every_s=0)
    write_run(trainer, tmp_path)
    m = json.loads((tmp_path / "metrics.json").read_text())
    p = trainer.probe()
    np.testing.assert_allclose(p.fan_rmse, m["horizon_rmse"], rtol=1e-12)
    np.testing.assert_allclose(p.fan_naive_rmse, m["naive_horizon_rmse"], rtol=1e-12)


def test_a_column_of_increasing_years_is_the_time_axis(tmp_path):
    """Yearly data (sunspots: YEAR 1700...) gets a time axis; a year repeated (quarterly
    data: year, quarter) does not, nor do whole numbers under another name."""
    from rnnviz.core.data import read_table

    yearly = tmp_path / "yearly.csv"
    years = np.arange(1700, 1760)
    yearly.write_text("YEAR,spots\n" + "\n".join(f"{y}.0,{y % 11}" for y in years) + "\n")
    table = read_table(yearly)
    j = table.time_column(None)
    assert table.columns[j] == "YEAR" and table.default_column() == 1
    expected = np.array([np.datetime64(f"{y}-01-01T00:00:00") for y in years])
    np.testing.assert_array_equal(table.times[j], expected)
    quarterly = tmp_path / "quarterly.csv"
    quarterly.write_text("year,quarter,gdp\n" + "\n".join(
        f"{1960 + i // 4},{i % 4 + 1},{i}" for i in range(40)) + "\n")  # fmt: skip
    assert read_table(quarterly).time_column(None) is None
    counted = tmp_path / "counted.csv"
    counted.write_text("t,x\n" + "\n".join(f"{1700 + i},{i}" for i in range(30)) + "\n")
    assert read_table(counted).time_column(None) is None
    with pytest.raises(DataError, match="named year"):
        read_table(counted).time_column("t")
