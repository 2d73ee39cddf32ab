"""The lab report: one self-contained HTML file of a run or a comparison folder.

`read_folder(path)` collects the facts a folder holds (config.json, metrics.json, history.csv,
environment.json, predictions.csv, sample.txt, samples.json; comparison.json and a run folder
per variant for a comparison) and hashes the data file config.json names. `report_html(facts,
figures)` lays them out with the plots (PNG bytes, drawn by the caller: the core draws
nothing) embedded as data: URIs. The page has no scripts and loads nothing from the network;
its print style keeps every figure and table row on one page.
"""

from __future__ import annotations

import base64
import csv
import datetime
import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rnnviz.core.diagnostics import advice_for, rules
from rnnviz.core.provenance import environment, file_sha256
from rnnviz.core.restore import data_path, read_history, read_json, run_config
from rnnviz.core.writing import ExportError

SINE = "built-in noisy sine wave, sin(t) + N(0, 0.1²): no file"


@dataclass(frozen=True)
class Figure:
    """One plot for the report: PNG bytes under a title, in a section of the page."""

    section: str  # e.g. "Training", "Compare", "cell-rnn"
    title: str
    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class DataFacts:
    """What the run trained on."""

    kind: str  # "series" or "text"
    source: str  # the file as config.json names it, or SINE
    file: Path | None  # the file found now (None: the sine, or not found)
    sha256: str | None  # of the file as it is now
    sha256_at_run: str | None  # as config.json recorded it when the run was written
    size: int | None  # values (rows) of a series, characters of a text
    missing_filled: int | None  # series
    vocab_size: int | None  # text

    @property
    def status(self) -> str:
        """'' when all is well, else one sentence for the reader."""
        if self.source == SINE:
            return ""
        if self.file is None:
            return "The data file is not there any more: the hash is the one recorded."
        if self.sha256_at_run and self.sha256 != self.sha256_at_run:
            return "The file has changed since the run: its hash differs from the recorded one."
        return ""


@dataclass(frozen=True)
class RunFacts:
    """A run folder's facts."""

    folder: Path
    config: dict  # config.json as written
    metrics: dict  # metrics.json as written
    environment: dict  # environment.json, or this process's (recorded = False)
    recorded_environment: bool
    data: DataFacts
    history_rows: int
    sample: str | None = None  # sample.txt
    samples: list = field(default_factory=list)  # samples.json: [{"temperature", "text"}]


@dataclass(frozen=True)
class ComparisonFacts:
    """A comparison folder: comparison.json and each variant's run facts, in its order."""

    folder: Path
    summary: dict
    runs: tuple[RunFacts, ...]


def is_run_folder(folder: Path) -> bool:
    return all((folder / n).is_file() for n in ("config.json", "metrics.json"))


def is_comparison_folder(folder: Path) -> bool:
    return (folder / "comparison.json").is_file()


def read_folder(folder: str | Path) -> RunFacts | ComparisonFacts:
    """The facts of a run folder (`rnnviz train --out`) or a comparison folder (`rnnviz
    compare --out`); ExportError with one line for anything else."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExportError(f"{folder}: no such folder; pass a folder written by 'rnnviz train "
                          "--out' or 'rnnviz compare --out'")  # fmt: skip
    if is_comparison_folder(folder):
        return read_comparison(folder)
    if is_run_folder(folder):
        return read_run(folder)
    raise ExportError(
        f"{folder} is not a run or comparison folder (no config.json and metrics.json, nor "
        "comparison.json); pass a folder written by 'rnnviz train --out' or 'rnnviz compare --out'"
    )


def read_comparison(folder: Path) -> ComparisonFacts:
    summary = read_json(folder / "comparison.json")
    variants = summary.get("variants")
    if not isinstance(variants, list) or not variants:
        raise ExportError(f"{folder / 'comparison.json'} lists no variants")
    runs = []
    for v in variants:
        sub = folder / str(v.get("name", ""))
        if not is_run_folder(sub):
            raise ExportError(f"{sub} is missing: a comparison folder holds a run folder per "
                              "variant")  # fmt: skip
        runs.append(read_run(sub))
    return ComparisonFacts(folder, summary, tuple(runs))


def read_run(folder: Path) -> RunFacts:
    config = read_json(folder / "config.json")
    env_file = folder / "environment.json"
    recorded = env_file.is_file()
    env = read_json(env_file) if recorded else environment(str(config.get("device", "cpu")))
    sample = folder / "sample.txt"
    samples = folder / "samples.json"
    try:
        return RunFacts(
            folder=folder, config=config, metrics=read_json(folder / "metrics.json"),
            environment=env, recorded_environment=recorded, data=data_facts(folder, config),
            history_rows=len(read_history(folder / "history.csv")),
            sample=sample.read_text(encoding="utf-8") if sample.is_file() else None,
            samples=json.loads(samples.read_text(encoding="utf-8")) if samples.is_file() else [],
        )  # fmt: skip
    except (OSError, ValueError) as e:
        raise ExportError(f"cannot read the run folder {folder} ({e})") from None


def data_facts(folder: Path, config: dict) -> DataFacts:
    src = config.get("data_source") or {}
    kind = src.get("kind", "series")
    size = src.get("values" if kind == "series" else "characters")
    facts = dict(kind=kind, size=size, missing_filled=src.get("missing_values_filled"),
                 vocab_size=src.get("vocab_size"), sha256_at_run=src.get("sha256"))  # fmt: skip
    if config.get("data") is None:
        return DataFacts(source=SINE, file=None, sha256=None, **facts)
    found = Path(data_path(run_config(folder), folder))
    digest = file_sha256(found) if found.is_file() else None
    return DataFacts(source=str(config["data"]), file=found if digest else None, sha256=digest,
                     **facts)  # fmt: skip


def read_predictions(folder: Path) -> dict[str, np.ndarray] | None:
    """predictions.csv as float64 columns (split: True on validation rows), or None."""
    path = folder / "predictions.csv"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        "actual": np.array([float(r["actual"]) for r in rows]),
        "predicted": np.array([float(r["predicted"]) for r in rows]),
        "val": np.array([r["split"] == "val" for r in rows]),
    }


# ---------------------------------------------------------------------------- formatting


def num(v, digits: int = 5) -> str:
    """A number as a reader sees it: `digits` significant digits; None is '–', inf '∞'."""
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return str(v)
    v = float(v)
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    return "–" if math.isnan(v) else f"{v:.{digits}g}"


def exact(v) -> str:
    """A value exactly as its JSON file holds it (strings unquoted)."""
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _e(v) -> str:
    return html.escape(str(v), quote=True)


def _table(rows, table_id: str = "", cls: str = "kv", per_row: int = 1) -> str:
    """<table> of (key, value) pairs, `per_row` pairs to a row (a long configuration takes
    half the height in two); keys and values escaped."""
    ident = f' id="{_e(table_id)}"' if table_id else ""
    cells = [f'<th scope="row">{_e(k)}</th><td>{_e(v)}</td>' for k, v in rows]
    body = "".join("<tr>" + "".join(cells[i : i + per_row]) + "</tr>"
                   for i in range(0, len(cells), per_row))  # fmt: skip
    return f'<table class="{cls}"{ident}>{body}</table>'


def _grid(head, rows, table_id: str = "") -> str:
    """<table> with a header row; cells escaped."""
    ident = f' id="{_e(table_id)}"' if table_id else ""
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="grid"{ident}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


# ------------------------------------------------------------------------------ sections


def _data_section(d: DataFacts, prefix: str) -> str:
    rows = [("source", d.source)]
    if d.source != SINE:
        rows.append(("file name", Path(d.source).name))
        rows.append(("SHA-256", d.sha256 or d.sha256_at_run or "unknown"))
        if d.sha256_at_run and d.sha256 and d.sha256 != d.sha256_at_run:
            rows.append(("SHA-256 at the run", d.sha256_at_run))
    rows.append(("kind", d.kind))
    rows.append(("rows (values)" if d.kind == "series" else "characters", num(d.size)))
    if d.kind == "series":
        rows.append(("missing values filled", num(d.missing_filled)))
    else:
        rows.append(("vocabulary size", num(d.vocab_size)))
    status = f'<p class="warn">{_e(d.status)}</p>' if d.status else ""
    return _table(rows, f"{prefix}data") + status


# The built-in data's settings: no part of a run on a data file.
BUILTIN_DATA = ("task", "noise", "length", "noise_seed")


def _config_rows(config: dict) -> list[tuple[str, str]]:
    """config.json's settings that applied to the run: without the unset ones (null) and,
    for a data file, the built-in data's (a new user read `task sine` under a CSV run)."""
    rows = []
    unused = BUILTIN_DATA if config.get("data") else ()
    for k, v in config.items():
        if v is None or k in unused:
            continue
        if isinstance(v, dict):
            rows += [(f"{k}.{k2}", exact(v2)) for k2, v2 in v.items()]
        else:
            rows.append((k, exact(v)))
    return rows


def _results_rows(r: RunFacts) -> list[tuple[str, str]]:
    m = r.metrics
    rows = [("steps", num(m.get("steps"))),
            ("final training loss", num(m.get("final_train_loss"))),
            ("final validation loss", num(m.get("final_val_loss")))]  # fmt: skip
    if "val_rmse" in m:
        rows.append(("validation RMSE, one-step forecast", num(m["val_rmse"], 4)))
        rows.append(("validation RMSE, naive last-value forecast", num(m["naive_val_rmse"], 4)))
        if m.get("naive_val_rmse"):
            rows.append(("RMSE / naive RMSE", num(m["val_rmse"] / m["naive_val_rmse"], 3)))
    if "free_running_val_rmse" in m:
        rows.append(("validation RMSE, free-running", num(m["free_running_val_rmse"], 4)))
    taus = m.get("memory_length") or []
    for i, tau in enumerate(taus):
        label = "memory length τ (steps)" + (f", layer row {i}" if len(taus) > 1 else "")
        rows.append((label, "∞ (no decay)" if tau is None else num(tau, 3)))
    rows += [("parameters", num(m.get("parameters"))),
             ("steps per second", num(m.get("steps_per_second"), 4)),
             ("diverged", num(bool(m.get("diverged"))))]  # fmt: skip
    return rows


def _warnings_section(metrics: dict, prefix: str, cell: str | None) -> str:
    """The warnings table; the advice fits the run's cell (an LSTM is not told to try one)."""
    found = metrics.get("warnings") or []
    rule = dict(rules())
    if not found:
        return '<p class="ok">No warnings: none of the training-health rules held.</p>'
    rows = [(w.get("code", ""), w.get("step", ""), w.get("message", ""),
             advice_for(w.get("code"), cell), rule.get(w.get("code"), ""))
            for w in found]  # fmt: skip
    return _grid(
        ("warning", "step", "what it means", "what to try", "rule"), rows, f"{prefix}warnings"
    )


def _samples_section(r: RunFacts) -> str:
    parts = []
    if r.sample is not None:
        parts.append(f'<h4>Sample (temperature {_e(num(r.config.get("temperature")))})</h4>'
                     f'<pre class="sample">{_e(r.sample)}</pre>')  # fmt: skip
    for s in r.samples:
        parts.append(f"<h4>Sample at temperature {_e(num(s.get('temperature')))}</h4>"
                     f'<pre class="sample">{_e(s.get("text", ""))}</pre>')  # fmt: skip
    return "".join(parts)


def _figures(figures: list[Figure]) -> str:
    """The figures two to a row on a screen, one on paper; each image carries its title."""
    out = []
    for f in figures:
        uri = "data:image/png;base64," + base64.b64encode(f.png).decode("ascii")
        caption = f"<figcaption>{_e(f.caption)}</figcaption>" if f.caption else ""
        out.append(f'<figure><img src="{uri}" alt="{_e(f.title)}" title="{_e(f.title)}">'
                   f"{caption}</figure>")  # fmt: skip
    return f'<div class="figures">{"".join(out)}</div>' if out else ""


def _environment_rows(r: RunFacts) -> list[tuple[str, str]]:
    labels = {"rnnviz": "rnnviz", "torch": "torch", "python": "Python", "qt": "Qt",
              "numpy": "NumPy", "platform": "platform", "device": "device",
              "torch_threads": "torch threads", "date": "date"}  # fmt: skip
    return [(labels.get(k, k), exact(v)) for k, v in r.environment.items()]


def run_name(r: RunFacts) -> str:
    """'series (lstm on sine)': the folder, the cell and the data's name."""
    src = r.config.get("data_source") or {}
    return f"{r.folder.name} ({r.config.get('cell', '?')} on {src.get('name', '?')})"


def run_section(r: RunFacts, prefix: str = "", level: int = 2) -> str:
    """A run's sections: what, where, results, plots. `prefix` keeps table ids unique."""
    h, h2 = f"h{level}", f"h{level + 1}"
    c = r.config
    where = ("recorded when the run was written (environment.json)" if r.recorded_environment
             else "not recorded in this folder: the environment making this report")  # fmt: skip
    return "".join([
        f"<section><{h}>What was run</{h}>",
        f"<{h2}>Data</{h2}>", _data_section(r.data, prefix),
        f"<{h2}>Seed and steps</{h2}>",
        _table([("seed", exact(c.get("seed"))), ("steps", exact(r.metrics.get("steps"))),
                ("history rows", str(r.history_rows))], f"{prefix}run"),
        f"<{h2}>Configuration (config.json)</{h2}>",
        "<p class='note'>The settings that applied to this run; config.json has them all.</p>",
        _table(_config_rows(c), f"{prefix}config", "kv config", 2),
        f"</section><section><{h}>Where</{h}><p class='note'>{_e(where)}</p>",
        _table(_environment_rows(r), f"{prefix}environment"),
        f"</section><section><{h}>Results</{h}>",
        _table(_results_rows(r), f"{prefix}results"),
        _samples_section(r),
        f"<{h2}>Warnings</{h2}>", _warnings_section(r.metrics, prefix, r.config.get("cell")),
        f"<{h2}>All metrics (metrics.json)</{h2}>",
        _table([(k, exact(v)) for k, v in r.metrics.items() if k != "warnings"],
               f"{prefix}metrics", "kv config", 2),
        "</section>",
    ])  # fmt: skip


def comparison_table(s: dict) -> str:
    head = ("variant", "value", "train loss", "val loss", "memory τ (steps)", "steps/s",
            "diverged")  # fmt: skip
    rows = [(v.get("name"), exact(v.get("value")), num(v.get("final_train_loss")),
             num(v.get("final_val_loss")),
             "∞" if v.get("memory_length") is None else num(v["memory_length"], 3),
             num(v.get("steps_per_second"), 4), num(bool(v.get("diverged"))))
            for v in s.get("variants", [])]  # fmt: skip
    return _grid(head, rows, "comparison")


# ---------------------------------------------------------------------------------- page

CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 24px auto;
       max-width: 1300px; line-height: 1.4; padding: 0 16px; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ccd;
     padding-bottom: 2px; margin-top: 1.6em; } h3, h4 { margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 0.92em; }
th, td { border: 1px solid #ccd; padding: 3px 8px; text-align: left; vertical-align: top; }
table.kv th { background: #f3f4f8; font-weight: normal; white-space: nowrap; }
table.grid thead th { background: #e8eaf2; }
table.config td { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
pre.sample { white-space: pre-wrap; background: #f7f7f7; border: 1px solid #ddd; padding: 8px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr));
           gap: 12px; }
figure { margin: 0; } figure img { width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 0.9em; color: #555; }
.note { color: #555; } .warn { color: #8a1c1c; } .ok { color: #225522; }
.meta { color: #555; }
@media print {
  body { margin: 0; max-width: none; }
  .figures { display: block; }
  figure { margin: 0 0 12px; }
  figure, tr, pre.sample { break-inside: avoid; page-break-inside: avoid; }
  img { max-height: 95vh; width: auto; max-width: 100%; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  section.plots, section.variant { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""


def _page(title: str, body: str) -> str:
    made = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{_e(title)}</h1><p class='meta'>Lab report made {_e(made)} by rnnviz. "
            "Self-contained: every plot is embedded in this file.</p>"
            f"{body}</body></html>\n")  # fmt: skip


def _plots(title: str, figures: list[Figure], note: str = "") -> str:
    if not figures and not note:
        return ""
    sections: dict[str, list[Figure]] = {}
    for f in figures:
        sections.setdefault(f.section, []).append(f)
    parts = [f"<section class='plots'><h2>{_e(title)}</h2>"]
    if note:
        parts.append(f"<p class='note'>{_e(note)}</p>")
    for name, figs in sections.items():
        parts.append(f"<h3>{_e(name)}</h3>{_figures(figs)}")
    return "".join(parts) + "</section>"


def report_html(
    facts: RunFacts | ComparisonFacts,
    figures: list[Figure] = (),
    title: str | None = None,
    note: str = "",
    extra: ComparisonFacts | None = None,
    extra_figures: list[Figure] = (),
) -> str:
    """The whole page. A run: its sections, then `figures`. A comparison: the comparison
    table, `figures` (its overlaid plots), then each variant's sections and its figures (those
    whose section is the variant's name). `extra`: a comparison shown after a run (the
    window's Compare view), with `extra_figures`. `note`: how the plots were made."""
    if isinstance(facts, ComparisonFacts):
        body = _comparison_body(facts, list(figures), note)
        name = f"comparison of {facts.summary.get('vary', '?')}: {facts.folder.name}"
    else:
        body = run_section(facts) + _plots("Plots", list(figures), note)
        name = run_name(facts)
        if extra is not None:
            body += _comparison_body(extra, list(extra_figures), note, "cmp-")
    return _page(title or f"rnnviz lab report: {name}", body)


def _comparison_body(c: ComparisonFacts, figures: list[Figure], note: str, pre: str = "") -> str:
    names = [r.folder.name for r in c.runs]
    shared = [f for f in figures if f.section not in names]
    parts = [f"<section><h2>Comparison of {_e(c.summary.get('vary', '?'))}</h2>",
             f"<p>{len(c.runs)} variants trained in lockstep on the same batches for "
             f"{_e(num(c.summary.get('steps')))} steps.</p>",
             comparison_table(c.summary), "</section>",
             _plots("Plots of all variants", shared, note)]  # fmt: skip
    for r in c.runs:
        own = [f for f in figures if f.section == r.folder.name]
        parts.append(f"<section class='variant'><h2>Variant {_e(r.folder.name)}</h2>")
        parts.append(run_section(r, f"{pre}{r.folder.name}-", 3))
        parts.append(f"<h3>Plots of {_e(r.folder.name)}</h3>{_figures(own)}</section>")
    return "".join(parts)
