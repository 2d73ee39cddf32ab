"""Panel 1: the model's one-step predictions against the data (series), or a live sample (text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QTextEdit, QVBoxLayout, QWidget

from rnnviz.core.config import COPY_CHARS
from rnnviz.gui.odds import OddsBox
from rnnviz.gui.plots.base import (
    DATA,
    EXPORT_SCALE,
    EXPORT_SIZE,
    TRAIN,
    VAL,
    Legend,
    Panel,
    write_svg,
)

FREE = "#9467bd"  # the free-running rollout (purple: neither train nor validation colour)
FAN = "#2ca02c"  # the horizon's fan after the last window (green)
FAN_BAND_ALPHA = 50  # its band, ± the validation RMSE of each step ahead
DATE_LABEL_PX = 75  # a date label ("2015-04-13") needs about this much room on the axis


def _at_rows(marks: np.ndarray, rows) -> np.ndarray:
    """int64 `marks` (one per row, increasing) at possibly fractional or out-of-range
    positions: inside, the nearest row's; beyond either end, extended by the median step."""
    n = len(marks)
    step = float(np.median(np.diff(marks))) if n > 1 else 0.0
    i = np.rint(np.asarray(rows, dtype=np.float64)).astype(np.int64)
    inside = marks[np.clip(i, 0, n - 1)].astype(np.float64)
    beyond = np.where(i < 0, i, np.maximum(i - (n - 1), 0)) * step
    return (inside + beyond).round().astype(np.int64)


def row_times(times: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """datetime64[s] of positions in `times` (_at_rows, in seconds)."""
    secs = times.astype("datetime64[s]").astype(np.int64)
    return _at_rows(secs, rows).astype("datetime64[s]")


def row_years(times: np.ndarray, rows) -> np.ndarray:
    """row_times for yearly data, in whole years (beyond the ends by the median step in
    years: the median in seconds would drift a day every leap year)."""
    return _at_rows(times.astype("datetime64[Y]").astype(np.int64) + 1970, rows)


def time_text(t: np.datetime64, days_apart: float) -> str:
    """A date (and a time of day when the labels are less than 2 days apart), ISO style."""
    text = str(t.astype("datetime64[s]")).replace("T", " ")
    return text[:10] if days_apart >= 2 else text[:16] if days_apart >= 1 / 1440 else text


class RowAxis(pg.AxisItem):
    """The predictions' x axis in row positions: labelled with the data's times where it
    has a time column, else with the file's row number (position + origin)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.times: np.ndarray | None = None
        self.origin = 0
        self.yearly = False  # every time a 1 January at midnight: labelled by the year

    def set_rows(self, times: np.ndarray | None, origin: int) -> None:
        self.times, self.origin = times, origin
        secs = None if times is None else times.astype("datetime64[s]")
        self.yearly = secs is not None and bool(
            (secs.astype("datetime64[Y]").astype("datetime64[s]") == secs).all()
        )
        self.picture = None  # redraw the labels
        self.update()

    def tickSpacing(self, minVal, maxVal, size):  # noqa: N802 (pyqtgraph's names)
        """Dates are wide: at most one label every DATE_LABEL_PX pixels."""
        levels = super().tickSpacing(minVal, maxVal, size)
        if self.times is None or not levels:
            return levels
        most = max(2.0, size / DATE_LABEL_PX)  # two at least: an end label may overhang
        kept = [(sp, off) for sp, off in levels if (maxVal - minVal) / sp <= most]
        if kept:
            return kept
        step = (maxVal - minVal) / most  # coarser than pyqtgraph's coarsest: a 1-2-5 step
        nice = 10 ** np.floor(np.log10(step))
        nice *= next(f for f in (1, 2, 5, 10) if f * nice >= step)
        return [(float(nice), 0)]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        if self.times is None or not len(self.times):
            return super().tickStrings([v + self.origin for v in values], scale, spacing)
        secs = self.times.astype("datetime64[s]").astype(np.int64)
        step = float(np.median(np.diff(secs))) if len(secs) > 1 else 86400.0
        apart = spacing * step / 86400.0
        if self.yearly:  # yearly data (a column of years): 1800, not 1800-01-01
            return [str(y) for y in row_years(self.times, values)]
        return [time_text(t, apart) for t in row_times(self.times, np.asarray(values))]


class PredictionsPanel(Panel):
    slug = "predictions"
    title = QT_TRANSLATE_NOOP("Panel", "Predictions vs data")
    help = QT_TRANSLATE_NOOP(
        "Panel",
        "Series: the data (grey) and the model's one-step-ahead prediction of every value from "
        "the seq-len values before it, on the training part (blue) and the held-out validation "
        "part (orange, right of the dashed line), in the data's own units. Each of these reads "
        "true values only (teacher forcing), so an error never carries over.\n"
        "Free-running (purple): the model's own rollout over the validation part. Its first "
        "prediction reads the seq-len true values before the validation part (so it equals "
        "the orange one there); every later window ends with the model's own earlier "
        "predictions instead of the data, so its errors feed back and it drifts, toward the "
        "pattern the model has learnt (or a flat line). It is redone with a probe at most "
        "once a second while training, and for the shown weights whenever training stops.\n"
        "Text: a sample generated by the model, started from the prime text; higher temperature "
        "gives more surprising characters. Hover a character to see the model's five most "
        "probable next characters after it (read from a zero state up to it, with the current "
        "weights) at the current temperature, and the entropy of that distribution in bits. "
        "With several sample temperatures (--samples, the "
        "temperature experiment) the samples stand side by side, one column per temperature, "
        "all drawn from the same model at the same step.\n"
        "Adding problem: the first validation sequence, each step's value (grey) and the two "
        "marked values (orange dots); the caption gives their sum, the target, and what the "
        "model predicted for it at the last step.\n"
        "Copy task: the first validation sequence as the model reads it (· blank, 1-8 the "
        "symbols, | the delimiter), the 10 symbols it must write back at the end, and its "
        "most probable symbol at the last step.",
    )
    char_hovered = Signal(str)  # the sample up to and including the hovered character
    # (start, stop) value indices on view after a zoom or pan, None for the whole series: the
    # next probe predicts those at full resolution (a long series' probe predicts a sample).
    span_changed = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.legend = Legend(self.canvas)
        self.axis = RowAxis(orientation="bottom")
        self.plot = self.add_plot(axisItems={"bottom": self.axis})
        self.plot.setLabel("bottom", self.tr("index"))
        self.data_curve = self.plot.plot(pen=pg.mkPen(DATA, width=1))
        self.train_curve = self.plot.plot(pen=pg.mkPen(TRAIN, width=1.5))
        self.val_curve = self.plot.plot(pen=pg.mkPen(VAL, width=1.5))
        self.free_curve = self.plot.plot(pen=pg.mkPen(FREE, width=1.5))
        self.free_curve.setZValue(1)  # over the one-step curve it starts from
        # The horizon's fan: K values after the last window, and ± each step's RMSE.
        self.fan_curve = self.plot.plot(pen=pg.mkPen(FAN, width=2), symbol="o", symbolSize=5,
                                        symbolBrush=FAN, symbolPen=None)  # fmt: skip
        self.fan_high = pg.PlotDataItem(pen=None)
        self.fan_low = pg.PlotDataItem(pen=None)
        band = QColor(FAN)
        band.setAlpha(FAN_BAND_ALPHA)
        self.fan_band = pg.FillBetweenItem(self.fan_low, self.fan_high, brush=pg.mkBrush(band))
        self.plot.addItem(self.fan_band)
        self.fan_curve.setZValue(2)
        self.legend.set_entries(self._entries(self.tr("free-running")))
        for c in (self.data_curve, self.train_curve, self.val_curve, self.free_curve):
            c.setClipToView(True)
            c.setDownsampling(auto=True, method="peak")
        self.legend_name = self.tr("free-running")
        self.split_line = pg.InfiniteLine(
            angle=90, pen=pg.mkPen("#555", style=pg.QtCore.Qt.DashLine)
        )
        self.plot.addItem(self.split_line)
        # The adding problem: the probe sequence's two marked values.
        self.marked = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(VAL), pen=None)
        self.plot.addItem(self.marked)
        self.span = None
        self.span_timer = QTimer(self, singleShot=True, interval=300)  # after the zoom settles
        self.span_timer.timeout.connect(self._emit_span)
        self.plot.sigXRangeChanged.connect(self._on_range_changed)
        self.text = QTextEdit(readOnly=True)
        self.text.setObjectName("sample")
        self.text.viewport().setMouseTracking(True)
        self.text.viewport().installEventFilter(self)
        self.odds = OddsBox()
        self.text_page = QWidget()
        page = QVBoxLayout(self.text_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(2)
        page.addWidget(self.text, 1)
        page.addWidget(self.odds)
        self.stack = QStackedWidget()
        layout = self.layout()
        layout.replaceWidget(self.canvas, self.stack)
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.text_page)
        self.columns = QWidget()  # samples at several temperatures, side by side
        QHBoxLayout(self.columns).setContentsMargins(0, 0, 0, 0)
        self.column_texts: list[tuple[QLabel, QTextEdit]] = []
        self.stack.addWidget(self.columns)
        layout.setStretchFactor(self.stack, 1)

    def reset(self, info) -> None:
        super().reset(info)
        if info.kind != "series":
            self.axis.set_rows(None, 0)
            self._clear_fan()
        self.span = None
        self.span_timer.stop()
        self.split_line.setVisible(info.kind == "series")
        self.marked.setData([], [])
        if info.kind in ("adding", "copy"):
            self.stack.setCurrentWidget(self.canvas)
            self.set_title(self.tr("Adding problem — the first validation sequence")
                           if info.kind == "adding"
                           else self.tr("Copy task — the first validation sequence"))  # fmt: skip
            self.set_caption("")
            for c in (self.data_curve, self.train_curve, self.val_curve, self.free_curve):
                c.setData([], [])
            self.plot.setLabel("bottom", self.tr("time step t"))
            self.legend.set_entries([])
            self.plot.enableAutoRange()
        elif info.kind == "series":
            self.stack.setCurrentWidget(self.canvas)
            times = getattr(info, "times", None)
            self.axis.set_rows(times, getattr(info, "origin", 0))
            self.plot.setLabel("bottom", getattr(info, "time_name", None) or self.tr("index")
                               if times is not None else self.tr("index"))  # fmt: skip
            self.legend.set_entries(self._entries(self.tr("free-running")))
            self.set_title(self.tr("Predictions vs data — {name}").format(name=info.name))
            filled = info.missing_filled
            self.set_caption(self.tr("{n} missing values filled by linear interpolation")
                             .format(n=filled) if filled else "")  # fmt: skip
            self.data_curve.setData(np.arange(len(info.values)), info.values)
            self.split_line.setValue(info.seq_len + info.n_train - 0.5)
            for c in (self.train_curve, self.val_curve, self.free_curve):
                c.setData([], [])
            self._clear_fan()
            self.plot.enableAutoRange()
        else:
            self.stack.setCurrentWidget(self.text_page)
            self.set_title(self.tr("Sample — {name}").format(name=info.name))
            self.set_caption("")
            self.text.setPlainText("")
            self.odds.clear_odds()
            for _, text in self.column_texts:
                text.setPlainText("")

    def draw(self, snap) -> None:
        super().draw(snap)
        p, info = snap.probe, self.info
        if info.kind == "adding":
            self._draw_adding(p)
        elif info.kind == "copy":
            self._draw_copy(p)
        elif info.kind == "series":
            idx, pred = self.indexed(p)
            n = int(np.searchsorted(idx, info.seq_len + info.n_train))  # the training part
            if not np.isfinite(pred).any():  # an overflowed model: nothing to draw
                idx, pred, n = idx[:0], pred[:0], 0
            pred = np.where(np.isfinite(pred), pred, np.nan)
            self.train_curve.setData(idx[:n], pred[:n], connect="finite")
            self.val_curve.setData(idx[n:], pred[n:], connect="finite")
            self._draw_free_running(snap)
            self._draw_fan(p)
        elif p.samples:
            self._draw_columns(p)
        elif p.sample is not None:
            self.set_title(self.tr("Sample at step {step}, temperature {t} — {name}").format(
                step=p.step, t=f"{p.temperature:g}", name=info.name))  # fmt: skip
            if self.text.toPlainText() != p.sample:
                self.text.setPlainText(p.sample)

    def _draw_adding(self, p) -> None:
        """The probe sequence (p.inputs (T, 2): value, marker), its marked values, their sum
        (p.target) and the model's prediction at the last step (p.output_T)."""
        t = np.arange(1, len(p.inputs) + 1)
        values, marked = p.inputs[:, 0], p.inputs[:, 1] > 0.5
        self.data_curve.setData(t, values)
        self.marked.setData(t[marked], values[marked])
        a, b = (f"{v:.3f}" for v in values[marked])
        self.set_caption(self.tr("marked: {a} + {b} = {target}; the model predicts {pred} "
                                 "(step {step})").format(
            a=a, b=b, target=f"{float(p.target[0]):.3f}", pred=f"{float(p.output_T[0]):.3f}",
            step=p.step))  # fmt: skip

    def _draw_copy(self, p) -> None:
        """The probe sequence's symbols (p.tokens), the symbols to write back (p.target's
        last 10) and the model's most probable symbol at the last step (p.output_T)."""
        chars = COPY_CHARS
        target = "".join(chars[int(i)] for i in p.target[-10:])
        self.set_caption(self.tr("reads {seq}; writes back {target}; at the last step the "
                                 "model predicts {pred} (target {last}, step {step})").format(
            seq="".join(p.tokens), target=target, pred=chars[int(np.argmax(p.output_T))],
            last=target[-1], step=p.step))  # fmt: skip

    def char_at(self, pos) -> int | None:
        """Index in the sample of the character under viewport point `pos`, or None."""
        doc_pos = QPointF(pos) + QPointF(self.text.horizontalScrollBar().value(),
                                         self.text.verticalScrollBar().value())  # fmt: skip
        i = self.text.document().documentLayout().hitTest(doc_pos, Qt.HitTestAccuracy.ExactHit)
        return i if 0 <= i < len(self.text.toPlainText()) else None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.text.viewport() and event.type() == QEvent.Type.MouseMove:
            i = self.char_at(event.position())
            if i is not None:
                self.char_hovered.emit(self.text.toPlainText()[: i + 1])
        return super().eventFilter(obj, event)

    def _draw_columns(self, p) -> None:
        """One column per temperature: the same model's samples side by side."""
        while len(self.column_texts) < len(p.samples):
            box = QWidget()
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.setSpacing(1)
            label = QLabel()
            label.setStyleSheet("font-weight:bold; padding:0 4px;")
            text = QTextEdit(readOnly=True)
            text.setObjectName(f"sample_{len(self.column_texts)}")
            v.addWidget(label)
            v.addWidget(text, 1)
            self.columns.layout().addWidget(box, 1)
            self.column_texts.append((label, text))
        for i, (label, text) in enumerate(self.column_texts):
            label.parentWidget().setVisible(i < len(p.samples))
            if i < len(p.samples):
                temperature, sample = p.samples[i]
                label.setText(self.tr("temperature {t}").format(t=f"{temperature:g}"))
                if text.toPlainText() != sample:
                    text.setPlainText(sample)
        self.stack.setCurrentWidget(self.columns)
        # The temperatures head the columns.
        self.set_title(
            self.tr("Samples at step {step} — {name}").format(step=p.step, name=self.info.name)
        )
        self.set_caption(self.tr("low: safe and repetitive · 1: the model's own odds · high: "
                                 "surprising"))  # fmt: skip

    def _draw_free_running(self, snap) -> None:
        """The rollout at x = seq_len + n_train + j; its step named when older than the probe."""
        fr = getattr(snap, "free_running", None)
        if fr is None or not np.isfinite(fr.values).any():
            self.free_curve.setData([], [])
            name = self.tr("free-running")
        else:
            start = self.info.seq_len + self.info.n_train
            values = np.where(np.isfinite(fr.values), fr.values, np.nan)
            self.free_curve.setData(start + np.arange(len(values)), values, connect="finite")
            older = fr.step != snap.probe.step
            name = (self.tr("free-running (step {step})").format(step=fr.step) if older
                    else self.tr("free-running"))  # fmt: skip
        if name != self.legend_name:
            self.legend_name = name
            self.legend.set_entries(self._entries(name))

    def _clear_fan(self) -> None:
        for c in (self.fan_curve, self.fan_high, self.fan_low):
            c.setData([], [])

    def _draw_fan(self, p) -> None:
        """The horizon's K values after the last window, from the last value on, with a band
        of ± each step's validation RMSE; the caption gives the RMSEs beside the naive ones."""
        fan = getattr(p, "fan", None)
        if fan is None or not np.isfinite(fan).all():
            self._clear_fan()
            return
        n, K = len(self.info.values), len(fan)
        x = np.arange(n - 1, n + K)  # the last value, then the K predicted
        y = np.concatenate(([self.info.values[-1]], fan))
        self.fan_curve.setData(x, y)
        err = np.concatenate(([0.0], p.fan_rmse))
        self.fan_high.setData(x, y + err)
        self.fan_low.setData(x, y - err)
        self.set_caption(self.tr(
            "next {K} ± validation RMSE: {first} at step 1 → {last} at {K} (naive "
            "{naive_first} → {naive_last})").format(
            K=K, first=f"{p.fan_rmse[0]:.4g}", last=f"{p.fan_rmse[-1]:.4g}",
            naive_first=f"{p.fan_naive_rmse[0]:.4g}",
            naive_last=f"{p.fan_naive_rmse[-1]:.4g}"))  # fmt: skip

    def _entries(self, free_name: str) -> list:
        entries = [(self.data_curve, self.tr("data")), (self.train_curve, self.tr("pred. train")),
                   (self.val_curve, self.tr("pred. validation")),
                   (self.free_curve, free_name)]  # fmt: skip
        info = getattr(self, "info", None)
        K = getattr(info, "horizon", 1) if info is not None else 1
        if K > 1:
            entries.append((self.fan_curve, self.tr("next {K}").format(K=K)))
        return entries

    @staticmethod
    def indexed(p) -> tuple[np.ndarray, np.ndarray]:
        """(value index, prediction) of every window the probe predicted: all of a short
        series, or at most PREDICT_POINTS of a long one (those in view when zoomed)."""
        if p.prediction_index is not None:
            return p.prediction_index, p.predictions
        T = len(p.inputs)
        return np.arange(T, T + len(p.predictions)), p.predictions

    def _on_range_changed(self, *_) -> None:
        if self.info is not None and self.info.kind == "series":
            self.span_timer.start()

    def _emit_span(self) -> None:
        """The value indices on view, or None when the whole series is."""
        if self.info is None or self.info.values is None:  # a text run came since the zoom
            return
        n = len(self.info.values)
        lo, hi = self.plot.vb.viewRange()[0]
        lo, hi = max(0, int(np.floor(lo))), min(n, int(np.ceil(hi)) + 1)
        span = None if (lo <= self.info.seq_len and hi >= n) else (lo, hi)
        if span != self.span:
            self.span = span
            self.span_changed.emit(span)

    def _free_at(self, i: int) -> float | None:
        fr = getattr(self.snapshot, "free_running", None)
        j = i - self.info.seq_len - self.info.n_train
        return float(fr.values[j]) if fr is not None and 0 <= j < len(fr.values) else None

    def value_at(self, plot, x, y):
        info, p = self.info, self.snapshot.probe
        if info.kind == "adding":
            t = int(round(x))
            if not 1 <= t <= len(p.inputs):
                return None
            value, marker = p.inputs[t - 1]
            text = self.tr("t = {t}: value {value}").format(t=t, value=f"{value:.4f}")
            return text + (self.tr(" (marked)") if marker > 0.5 else "")
        if info.kind != "series":
            return None
        i = int(round(x))
        if not 0 <= i < len(info.values):
            return None
        times = getattr(info, "times", None)
        row = i + getattr(info, "origin", 0)
        if times is not None:
            text = self.tr("{time} (row {i}): data {value}").format(
                time=str(times[i]).replace("T", " "), i=row, value=f"{info.values[i]:.5g}"
            )
        else:
            text = self.tr("index {i}: data {value}").format(i=row, value=f"{info.values[i]:.5g}")
        idx, pred = self.indexed(p)
        k = int(np.searchsorted(idx, i))
        if k < len(idx) and idx[k] == i:
            split = self.tr("train") if i < info.seq_len + info.n_train else self.tr("val")
            text += self.tr(", predicted {value} ({split})").format(
                value=f"{pred[k]:.5g}", split=split)  # fmt: skip
        free = self._free_at(i)
        if free is not None:
            text += self.tr(", free-running {value}").format(value=f"{free:.5g}")
        return text

    def table(self):
        info, p = self.info, self.snapshot.probe
        if info.kind == "adding":  # the sequence; its target and prediction on the last row
            rows = [[t + 1, float(v), int(m > 0.5), "", ""] for t, (v, m) in
                    enumerate(np.asarray(p.inputs, np.float64).tolist())]  # fmt: skip
            rows[-1][3:] = [float(p.target[0]), float(p.output_T[0])]
            return ["t", "value", "marker", "target", "predicted"], rows
        if info.kind == "copy":
            rows = [[t + 1, ch, int(y)] for t, (ch, y) in
                    enumerate(zip(p.tokens, p.target.tolist(), strict=True))]  # fmt: skip
            return ["t", "input", "target"], rows
        if info.kind != "series":
            if p.samples:
                return ["step", "temperature", "sample"], [[p.step, t, x] for t, x in p.samples]
            return ["step", "temperature", "sample"], [[p.step, p.temperature, p.sample]]
        # the drawn points (a long series: at most PREDICT_POINTS; Export all: all)
        idx, pred = self.indexed(p)
        idx = np.asarray(idx, np.int64)
        start = info.seq_len + info.n_train  # the first validation index
        fr = getattr(self.snapshot, "free_running", None)
        free = np.asarray(fr.values if fr is not None else [], np.float64)
        j = idx - start
        has_free = (j >= 0) & (j < len(free))
        free_col = np.where(has_free, free[np.clip(j, 0, max(len(free) - 1, 0))]
                            if len(free) else np.nan, np.nan).tolist()  # fmt: skip
        actual = np.asarray(info.values, np.float64)[idx].tolist()
        rows = [[i, a, y, "train" if i < start else "val", f if h else ""]
                for i, a, y, h, f in zip(idx.tolist(), actual,
                                         np.asarray(pred, np.float64).tolist(),
                                         has_free.tolist(), free_col, strict=True)]  # fmt: skip
        return ["index", "actual", "predicted", "split", "free_running"], rows

    # A text run's picture is its sample, not the (hidden) plot.

    def _paint_text(self, painter: QPainter, w: int, h: int) -> None:
        title_h = 44
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(22)
        painter.setFont(font)
        painter.setPen(QColor("#222"))
        painter.drawText(QRectF(12, 0, w - 24, title_h), 0x81, self.full_title())  # left|vcenter
        p = self.snapshot.probe if self.snapshot is not None else None
        head = self.tr("temperature {t}")
        shown = ([(head.format(t=f"{t:g}"), x) for t, x in p.samples]
                 if p is not None and p.samples
                 else [("", self.text.toPlainText())])  # fmt: skip
        col_w = (w - 24) / len(shown)
        body = QFont(self.text.font())
        body.setPixelSize(20)
        for i, (head, text) in enumerate(shown):
            painter.save()
            painter.translate(12 + i * col_w, title_h)
            if head:
                painter.setFont(font)
                painter.drawText(QRectF(0, 0, col_w - 12, 30), 0x81, head)
                painter.translate(0, 34)
            doc = QTextDocument()
            doc.setPlainText(text)
            doc.setDefaultFont(body)
            doc.setTextWidth(col_w - 12)
            doc.drawContents(painter, QRectF(0, 0, col_w - 12, h - title_h - 34))
            painter.restore()

    def render_image(self) -> QImage:
        if self.info is None or self.info.kind != "text":
            return super().render_image()
        w, h = EXPORT_SIZE
        img = QImage(w * EXPORT_SCALE, h * EXPORT_SCALE, QImage.Format.Format_ARGB32)
        img.fill(QColor("white"))
        painter = QPainter(img)
        painter.scale(EXPORT_SCALE, EXPORT_SCALE)
        self._paint_text(painter, w, h)
        painter.end()
        return img

    def export_svg(self, path: Path) -> Path:
        if self.info is None or self.info.kind != "text":
            return super().export_svg(path)
        w, h = EXPORT_SIZE
        return write_svg(path, self.full_title(), lambda painter: self._paint_text(painter, w, h))
