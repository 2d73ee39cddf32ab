"""A self-contained HTML page of one unit (no scripts, no network): the validation part coloured
by the unit's activation, its top windows in place, its correlated units, and its gates and
gradient row over the probe window when a probe is at hand.

Colours follow Karpathy's figures: the background goes from blue (-1) through white (0) to red
(+1), linearly in each channel; values beyond +-1 are clipped.
"""

from __future__ import annotations

import html

import numpy as np

from rnnviz.core.snapshot import UnitReport

MAX_CHARS = 20_000  # characters of a text's validation part on the page
MAX_POINTS = 5_000  # values of a series' validation part on the page
LEVELS = 20  # colour steps per sign in the series' SVG (segments of one colour are merged)
TANH_GATES = {"g", "n"}  # candidate values in -1..1; the other gates are sigmoids in 0..1


def activation_color(v: float) -> str:
    """'#rrggbb': blue at -1, white at 0, red at +1 (light grey for NaN)."""
    if not np.isfinite(v):
        return "#cccccc"
    v = min(max(float(v), -1.0), 1.0)
    fade = round(255 * (1 - abs(v)))
    r, g, b = (fade, fade, 255) if v < 0 else (255, fade, fade)
    return f"#{r:02x}{g:02x}{b:02x}"


def _chars(text: str, acts: np.ndarray) -> str:
    """One <span> per character; a newline shows as a coloured return sign, then breaks."""
    out = []
    for ch, v in zip(text, acts, strict=True):
        shown = "\u21b5" if ch == "\n" else html.escape(ch)
        out.append(f'<span class="c" style="background:{activation_color(v)}" '
                   f'title="{v:.3f}">{shown}</span>' + ("\n" if ch == "\n" else ""))  # fmt: skip
    return "".join(out)


def _series_svg(values: np.ndarray, acts: np.ndarray, width: int = 960, height: int = 180) -> str:
    """An inline SVG polyline of the values, each segment coloured by the activation at its end;
    consecutive segments of one (quantized) colour are drawn as one polyline."""
    n = len(values)
    lo, hi = float(np.min(values)), float(np.max(values))
    span = hi - lo or 1.0
    xs = np.linspace(4, width - 4, n) if n > 1 else np.array([width / 2])
    ys = height - 4 - (np.asarray(values, np.float64) - lo) / span * (height - 8)
    level = np.round(np.clip(np.nan_to_num(acts, nan=0.0), -1, 1) * LEVELS) / LEVELS  # (n,)
    lines, i = [], 1
    while i < n:
        j = i
        while j + 1 < n and level[j + 1] == level[i]:
            j += 1
        pts = " ".join(f"{xs[k]:.1f},{ys[k]:.1f}" for k in range(i - 1, j + 1))
        lines.append(f'<polyline points="{pts}" stroke="{activation_color(level[i])}"/>')
        i = j + 1
    return (f'<svg width="{width}" height="{height}" '
            f'style="background:#777"><g fill="none" stroke-width="2">{"".join(lines)}</g>'
            "</svg>")  # fmt: skip


def _spark(values: np.ndarray, label: str, lo: float, hi: float) -> str:
    """A small line chart of a (T,) row between fixed bounds lo..hi, labelled with them."""
    v = np.clip(np.asarray(values, np.float64), lo, hi)
    xs = np.linspace(2, 238, len(v)) if len(v) > 1 else np.array([120.0])
    ys = 58 - (v - lo) / ((hi - lo) or 1.0) * 56
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    return (f'<figure><svg width="240" height="60" style="background:#f4f4f4">'
            f'<polyline points="{pts}" fill="none" stroke="#333" stroke-width="1.5"/></svg>'
            f"<figcaption>{html.escape(label)} ({lo:.3g} to {hi:.3g})</figcaption>"
            "</figure>")  # fmt: skip


def _data_section(r: UnitReport) -> str:
    n = len(r.activations)
    shown = min(n, MAX_CHARS if r.text is not None else MAX_POINTS)
    note = "" if shown == n else f" (the first {shown:,} of {n:,} shown)"
    head = (
        f"<h2>Validation part, one continuous pass from a zero state</h2><p>positions "
        f"{r.start:,}..{r.start + n - 1:,} of the {'text' if r.text else 'series'}{note}</p>"
    )
    if r.text is not None:
        return head + f'<pre class="text">{_chars(r.text[:shown], r.activations[:shown])}</pre>'
    return head + _series_svg(r.values[:shown], r.activations[:shown])  # fmt: skip


def _windows_section(r: UnitReport) -> str:
    rows = []
    for w in r.windows:
        lo = w.start - r.start
        if r.text is not None:
            shown = f'<pre class="text">{_chars(r.text[lo : lo + r.seq_len], w.activations)}</pre>'
        else:
            shown = _series_svg(r.values[lo : lo + r.seq_len], w.activations, 320, 60)
        rows.append(f"<tr><td>{w.rank}</td><td>{w.window}</td><td>{w.start}</td>"
                    f"<td>{w.score:.4f}</td><td>{shown}</td></tr>")  # fmt: skip
    return (f"<h2>Top {len(r.windows)} of {r.n_windows:,} validation windows</h2><p>score = max "
            f"over the window's steps of h_t[{r.unit}], each window run from a zero state as in "
            "training; coloured by that run</p><table><tr><th>rank</th><th>window</th>"
            f"<th>start</th><th>score</th><th>window</th></tr>{''.join(rows)}</table>")  # fmt: skip


def _correlated_section(r: UnitReport) -> str:
    rows = "".join(f"<tr><td>{c.layer}:{c.unit}</td><td>{c.r:+.3f}</td></tr>"
                   for c in r.correlated)  # fmt: skip
    return ("<h2>Most correlated units</h2><p>Pearson r over the validation part (largest |r| "
            f"first)</p><table><tr><th>unit</th><th>r</th></tr>{rows}</table>")  # fmt: skip


def _probe_section(r: UnitReport) -> str:
    if r.gates is None and r.grad_norm is None:
        return ""
    charts = [_spark(v, f"gate {g}", *((-1, 1) if g in TANH_GATES else (0, 1)))
              for g, v in (r.gates or {}).items()]  # fmt: skip
    if r.grad_norm is not None and np.all(r.grad_norm > 0):
        logs = np.log10(r.grad_norm.astype(np.float64))
        label = f"layer {r.layer}: log10 ||dL_T/dh_t||"
        charts.append(_spark(logs, label, float(logs.min()), float(logs.max())))
    return "<h2>Over the probe window (t = 1..T)</h2>" + "".join(charts)


STYLE = """body{font-family:sans-serif;margin:1.5em;color:#222}
pre.text{font-family:monospace;font-size:14px;line-height:1.6;white-space:pre-wrap;
word-break:break-all}span.c{padding:1px 0}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}td pre.text{margin:0}
figure{display:inline-block;margin:0 1em 1em 0}figcaption{font-size:12px}
.bar{display:inline-block;width:240px;height:12px;
background:linear-gradient(to right,#0000ff,#ffffff,#ff0000)}"""


def unit_html(r: UnitReport, title: str = "") -> str:
    """The whole page as a string."""
    name = title or f"{r.name}: unit {r.layer}:{r.unit}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{html.escape(name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(name)}</h1><p>{r.cell.upper()}, layer {r.layer}, unit {r.unit}: "
        f'h<sub>t</sub>[{r.unit}] from &minus;1 <span class="bar"></span> +1</p>'
        + _data_section(r) + _windows_section(r) + _correlated_section(r) + _probe_section(r)
        + "</body></html>\n"
    )  # fmt: skip
