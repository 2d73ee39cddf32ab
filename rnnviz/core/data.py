"""Data sources: the embedded noisy sine, a CSV/TSV series, a char-level text corpus, as
datasets of tensors (reading the files themselves is rnnviz.core.table's, which needs no torch).

Every loader either returns data or raises `DataError` with a one-line message that says what
is wrong and how to fix it. Shapes: B batch, T time (seq_len), I input size, O output size,
V vocabulary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from rnnviz.core.config import COPY_ALPHABET, COPY_CHARS, COPY_SYMBOLS, TRANSFORMS, Config  # noqa: F401
from rnnviz.core.table import (  # noqa: F401 (read from here by the CLI and the tests)
    LAG,
    LARGE_VOCAB,
    LISTED_COLUMNS,
    DataError,
    Progress,
    Table,
    check_positive,
    check_series_length,
    check_text_length,
    decode,
    guess_kind,
    parse_table,
    preflight,
    read_bytes,
    read_table,
    series_columns,
    sine_values,
    strip_control,
    transformed,
    untransformed,
    vocab_note,
)

# Validation loss on at most this many evenly spaced validation windows (all of them for the
# tutorial-sized data; a one-hot corpus window costs V floats a step, hence fewer for text).
SERIES_VAL_WINDOWS = 16384
TEXT_VAL_WINDOWS = 256
# The probe batch (saturation and spread of gates and states): the first validation windows.
PROBE_BATCH = 64


# ------------------------------------------------------------------------------- datasets


def _evenly(start: int, stop: int, most: int) -> torch.Tensor:
    """Up to `most` evenly spaced window indices in [start, stop), all of them if they fit."""
    if stop - start <= most:
        return torch.arange(start, stop)
    return torch.from_numpy(np.linspace(start, stop - 1, most).round().astype(np.int64))


def _read_only(a: np.ndarray) -> np.ndarray:
    """A C-contiguous float32 copy nobody can write to (it is shared between threads)."""
    out = np.array(a, dtype=np.float32, order="C", copy=True)
    out.setflags(write=False)
    return out


def _split(n_windows: int, val_fraction: float, what: str, need: int) -> int:
    """Number of training windows in a chronological split; both parts get at least one."""
    if n_windows < 2:
        raise DataError(f"{what} is too short: it needs at least {need} values for this seq-len")
    return min(max(round(n_windows * (1 - val_fraction)), 1), n_windows - 1)


def _mean_std(part: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column (axis 0) mean and std, computed on values scaled by their largest magnitude:
    std() squares them, which overflows float64 from ~1e154 (fuzzing). A constant column gets
    its scale as std (it normalises to 0 without dividing by 0)."""
    scale = np.abs(part).max(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    mean = (part / scale).mean(axis=0) * scale
    std = (part / scale).std(axis=0) * scale
    return mean, np.where((std > 1e-12 * scale) & (std > 1e-300), std, scale)


@dataclass(eq=False)
class SeriesData:
    """A series: windows of T z-normalized rows of the input columns predict the next
    `horizon` values of the target.

    The model trains on transformed values (transform: none, diff, log, logdiff; see
    `transformed`), each column normalized with the mean and std of the training part only;
    predictions are turned back into the data's own units (`levels`). A transform by changes
    uses up the first row: `values` (the targets, own units) then starts at the file's row
    `origin` = 1, and window w reads rows values[w : w + T] (their changes) and predicts
    values[w + T : w + T + horizon], as without a transform.
    """

    values: np.ndarray  # (N,) the target in the file's own units, gaps already filled
    seq_len: int
    val_fraction: float = 0.2
    name: str = "sine"
    missing_filled: int = 0
    inputs: np.ndarray | None = None  # (N, I) input columns, own units; None: the target
    input_names: tuple[str, ...] = ()
    transform: str = "none"
    horizon: int = 1
    times: np.ndarray | None = None  # (N,) datetime64 of each row, or None
    target_name: str = ""
    time_name: str | None = None  # the column `times` came from
    kind: str = field(default="series", init=False)

    def __post_init__(self) -> None:
        raw = np.asarray(self.values, dtype=np.float64)
        X = raw[:, None] if self.inputs is None else np.asarray(self.inputs, dtype=np.float64)
        T, K, tf = self.seq_len, self.horizon, self.transform
        if tf not in TRANSFORMS:
            raise DataError(f"transform must be one of {', '.join(TRANSFORMS)}, got {tf!r}")
        self.origin = d = LAG[tf]
        check_series_length(len(raw), T, self.name, K, d)
        names = self.input_names or (self.target_name or self.name,) * X.shape[1]
        check_positive(raw, tf, self.name)
        for j, col in enumerate(X.T):
            check_positive(col, tf, f"column {names[j]!r}")
        u, U = transformed(raw, tf), transformed(X, tf)  # (N - d,), (N - d, I)
        self.raw, self.values = raw, raw[d:]
        self.times = None if self.times is None else np.asarray(self.times)[d:]
        self.input_size, self.output_size = X.shape[1], K
        self.n_windows = len(u) - T - K + 1
        self.n_train = _split(self.n_windows, self.val_fraction, self.name, T + K + 1 + d)
        self.train_rows = self.n_train + T + K - 1  # rows of u the training windows cover
        mean, std = _mean_std(u[: self.train_rows, None])
        self.mean, self.std = float(mean[0]), float(std[0])
        self.input_mean, self.input_std = _mean_std(U[: self.train_rows])  # (I,) each
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            z = ((u - self.mean) / self.std).astype(np.float32)
            zi = ((U - self.input_mean) / self.input_std).astype(np.float32)
        if not (np.isfinite(z).all() and np.isfinite(zi).all()):
            raise DataError(
                f"{self.name} has values too far outside the training part's range to "
                "normalize (beyond float32); rescale or clip the column"
            )
        self._z = torch.from_numpy(z)  # (N - d,) the target
        self._zi = torch.from_numpy(np.ascontiguousarray(zi))  # (N - d, I) the inputs
        self._val_idx = _evenly(self.n_train, self.n_windows, SERIES_VAL_WINDOWS)
        self._cache: dict = {}
        self._probe_batch: np.ndarray | None = None

    def _on(self, device: torch.device) -> dict:
        """Windows as a strided view of the rows (no N x T copy), cached per device."""
        if device not in self._cache:
            zi, z = self._zi.to(device), self._z.to(device)
            T, N, I = self.seq_len, self.n_windows, self.input_size  # noqa: E741 (I: input size)
            x = zi.as_strided((N, T, I), (I, I, 1))  # (N, T, I), window w = zi[w : w + T]
            y = z[T:].unfold(0, self.horizon, 1)  # (N, K), window w: z[w + T : w + T + K]
            self._cache[device] = {
                "x": x, "y": y,
                "val": (x[self._val_idx.to(device)], y[self._val_idx.to(device)]),
            }  # fmt: skip
        return self._cache[device]

    def train_batch(self, idx: torch.Tensor | None, device: torch.device):
        c = self._on(device)
        if idx is None:  # full batch: a contiguous copy, made once (N_train x T x I floats)
            if "train" not in c:
                c["train"] = (c["x"][: self.n_train].contiguous(),
                              c["y"][: self.n_train].contiguous())  # fmt: skip
            return c["train"]
        idx = idx.to(device)
        return c["x"][idx], c["y"][idx]

    def val_batch(self, device: torch.device):
        return self._on(device)["val"]

    def all_windows(self, device: torch.device) -> torch.Tensor:
        return self._on(device)["x"]

    @property
    def val_windows(self) -> np.ndarray:
        """The window indices val_batch holds, in its order."""
        return self._val_idx.numpy()

    def last_window(self) -> torch.Tensor:
        """(1, T, I) the last T rows: the window the horizon's fan is predicted from."""
        return self._zi[-self.seq_len :][None]

    @property
    def normalized(self) -> torch.Tensor:
        """(N - origin,) the z-normalized target (float32, CPU): what the targets are cut from."""
        return self._z

    @property
    def input_rows(self) -> torch.Tensor:
        """(N - origin, I) the z-normalized inputs every window is cut from (float32, CPU)."""
        return self._zi

    @property
    def target_input(self) -> int | None:
        """The input column that is the target (the free-running forecast feeds it back), or
        None when the model does not read the target."""
        if self.inputs is None:
            return 0
        hits = [j for j, n in enumerate(self.input_names) if n == self.target_name]
        return hits[0] if hits and self.target_name else None

    def probe_window(self) -> tuple[np.ndarray, np.ndarray]:
        """The first validation window: inputs (T, I) and the next K values (K,), normalized."""
        T, w, K = self.seq_len, self.n_train, self.horizon
        return self._zi[w : w + T].numpy().copy(), self._z[w + T : w + T + K].numpy().copy()

    def probe_batch(self) -> np.ndarray:
        """The first min(PROBE_BATCH, #validation windows) validation windows, in order:
        (B, T, I), normalized, read-only. Built once: every probe shares the same array."""
        if self._probe_batch is None:
            T, w = self.seq_len, self.n_train
            B = min(PROBE_BATCH, self.n_windows - w)
            z = self._zi.numpy()[w : w + B + T - 1]  # (B + T - 1, I)
            x = np.lib.stride_tricks.sliding_window_view(z, T, axis=0)  # (B, I, T)
            self._probe_batch = _read_only(x.transpose(0, 2, 1))  # (B, T, I)
        return self._probe_batch

    @staticmethod
    def loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """MSE of the last step's K predictions. out (B, T, K), y (B, K)."""
        return F.mse_loss(out[:, -1], y)

    @staticmethod
    def final_loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return F.mse_loss(out[:, -1], y)

    def denormalize(self, z: np.ndarray) -> np.ndarray:
        """Normalized targets back to transformed units (the data's own units without a
        transform; see `levels`)."""
        return np.asarray(z, dtype=np.float64) * self.std + self.mean

    def levels(self, z: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """Predictions z (n, K) of windows (n,) in the data's own units (n, K): window w's
        k-th is values[w + T + k], reconstructed from the actual values[w + T - 1]."""
        prev = self.values[np.asarray(windows, dtype=np.int64) + self.seq_len - 1]  # (n,)
        return untransformed(self.denormalize(z), prev, self.transform)

    def horizon_rmse(self, predictions: np.ndarray, windows: np.ndarray) -> tuple:
        """(rmse (K,), naive (K,)) in the data's own units over `windows`: of `predictions`
        (n, K, own units: window w's k-th is for values[w + T + k]) and of the naive forecast
        (the window's last value values[w + T - 1], for every k)."""
        w = np.asarray(windows, dtype=np.int64)
        actual = self.values[w[:, None] + self.seq_len + np.arange(self.horizon)]  # (n, K)
        naive = self.values[w + self.seq_len - 1][:, None]  # (n, 1)
        rmse = np.sqrt(np.mean((np.asarray(predictions) - actual) ** 2, axis=0))
        return rmse, np.sqrt(np.mean((naive - actual) ** 2, axis=0))

    def naive_z(self, windows: np.ndarray) -> np.ndarray:
        """(n, K) the normalized targets of the naive forecast (the last value again) of
        windows: no change for a transform by changes, else the last target row."""
        n, K = len(windows), self.horizon
        if LAG[self.transform]:
            return np.full((n, K), -self.mean / self.std)
        last = self._z.numpy()[np.asarray(windows, dtype=np.int64) + self.seq_len - 1]
        return np.repeat(last[:, None].astype(np.float64), K, axis=1)

    def target_parts(self, transform: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The target as a model of `transform` (default: this one) sees it, split where this
        series' training part ends: (training rows, the rows after them)."""
        tf = transform or self.transform
        end = self.origin + self.train_rows - LAG[tf]  # the same raw row for every transform
        u = transformed(self.raw, tf)
        return u[:end], u[end:]

    def describe(self) -> dict:
        d = {
            "kind": "series",
            "name": self.name,
            "values": len(self.raw),
            "train_windows": self.n_train,
            "val_windows": self.n_windows - self.n_train,
            "mean": self.mean,
            "std": self.std,
            "missing_values_filled": self.missing_filled,
            "transform": self.transform,
            "horizon": self.horizon,
        }
        if self.inputs is not None:
            d.update(
                target=self.target_name,
                inputs=list(self.input_names),
                input_mean=self.input_mean.tolist(),
                input_std=self.input_std.tolist(),
            )
        if self.times is not None:
            d.update(
                time=self.time_name, time_first=str(self.times[0]), time_last=str(self.times[-1])
            )
        return d


@dataclass(eq=False)
class TextData:
    """A char-level corpus: one-hot inputs over the vocabulary, next-char targets at each step."""

    text: str
    seq_len: int
    val_fraction: float = 0.2
    name: str = "text"
    control_removed: int = 0  # control characters strip_control took out before this
    kind: str = field(default="text", init=False)

    def __post_init__(self) -> None:
        T = self.seq_len
        codes = np.frombuffer(self.text.encode("utf-32-le"), dtype=np.uint32)
        vocab_codes, ids = np.unique(codes, return_inverse=True)
        self.vocab = [chr(c) for c in vocab_codes]
        self.index = {ch: i for i, ch in enumerate(self.vocab)}
        self.ids = torch.from_numpy(ids.astype(np.int64).reshape(-1))
        n = len(self.ids)
        check_text_length(n, len(self.vocab), T, self.name)
        # Window w reads ids[w : w + T] and predicts ids[w + 1 : w + T + 1].
        self.n_windows = n - T
        self.n_train = _split(self.n_windows, self.val_fraction, self.name, T + 2)
        self._val_starts = _evenly(self.n_train, self.n_windows, TEXT_VAL_WINDOWS)
        self._offsets = torch.arange(T + 1)
        self._cache: dict = {}
        self._probe_batch: np.ndarray | None = None

    @property
    def input_size(self) -> int:
        return len(self.vocab)

    output_size = input_size

    def _windows(self, starts: torch.Tensor, device: torch.device):
        ids = self._on(device)[starts.to(device)[:, None] + self._offsets.to(device)]  # (B, T+1)
        x = F.one_hot(ids[:, :-1], len(self.vocab)).float()  # (B, T, V)
        return x, ids[:, 1:]  # (B, T)

    def _on(self, device: torch.device) -> torch.Tensor:
        if device not in self._cache:
            self._cache[device] = self.ids.to(device)
        return self._cache[device]

    def train_batch(self, idx: torch.Tensor | None, device: torch.device):
        if idx is None:
            idx = torch.arange(self.n_train)
        return self._windows(idx, device)

    def val_batch(self, device: torch.device):
        return self._windows(self._val_starts, device)

    def probe_window(self) -> tuple[np.ndarray, np.ndarray]:
        """The first validation window: one-hot inputs (T, V) and the T next-char ids."""
        x, y = self._windows(torch.tensor([self.n_train]), torch.device("cpu"))
        return x[0].numpy().copy(), y[0].numpy().copy()

    def probe_batch(self) -> np.ndarray:
        """The first min(PROBE_BATCH, #validation windows) validation windows, in order:
        one-hot inputs (B, T, V), read-only. Built once: every probe shares the same array."""
        if self._probe_batch is None:
            B = min(PROBE_BATCH, self.n_windows - self.n_train)
            starts = torch.arange(self.n_train, self.n_train + B)
            self._probe_batch = _read_only(self._windows(starts, torch.device("cpu"))[0].numpy())
        return self._probe_batch

    def decode(self, ids) -> str:
        return "".join(self.vocab[int(i)] for i in ids)

    def encode(self, text: str) -> list[int]:
        unknown = sorted({ch for ch in text if ch not in self.index})
        if unknown:
            raise DataError(
                f"the prime text has characters that never occur in {self.name}: "
                + " ".join(repr(c) for c in unknown[:10])
            )
        return [self.index[ch] for ch in text]

    @staticmethod
    def loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Cross-entropy over every step. out (B, T, V), y (B, T)."""
        return F.cross_entropy(out.flatten(0, 1), y.flatten())

    @staticmethod
    def final_loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of the final step's prediction only (L_T)."""
        return F.cross_entropy(out[:, -1], y[:, -1])

    def describe(self) -> dict:
        return {
            "kind": "text",
            "name": self.name,
            "characters": len(self.ids),
            "vocab_size": len(self.vocab),
            "train_windows": self.n_train,
            "val_windows": self.n_windows - self.n_train,
        }


# ----------------------------------------------------------------------- memory tasks

ADDING_VAL = 1024  # validation sequences of a task: a fixed set, drawn once
FRESH = 2**31 - 1  # a task's training "windows": fresh sequences every step, never run out


def adding_batch(n: int, T: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """n sequences of the adding problem (Hochreiter & Schmidhuber 1997, in Le et al. 2015's
    form), all drawn from `generator`: x (n, T, 2), each step (a value ~ U[0, 1), a marker);
    exactly two markers, one at a uniform position in [0, T // 2), one in [T // 2, T); the
    target y (n, 1) is the sum of the two marked values."""
    values = torch.rand(n, T, generator=generator)
    half = T // 2
    first = torch.randint(half, (n,), generator=generator)
    second = half + torch.randint(T - half, (n,), generator=generator)
    rows = torch.arange(n)
    markers = torch.zeros(n, T)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    y = (values[rows, first] + values[rows, second])[:, None]
    return torch.stack([values, markers], dim=-1), y


@dataclass(eq=False)
class AddingData:
    """The adding problem: a memory task whose answer sits in two steps far apart.

    Training batches are fresh sequences from the run's own generator (fresh_batch); the
    validation set is ADDING_VAL sequences drawn once from `val_seed`, so every seed of a
    comparison is judged on the same sequences. The loss is the MSE of the last step's output.
    Always predicting 1 (the mean of the sum) scores the variance of a sum of two U[0, 1]
    values, 2 / 12 = 1/6: `baseline_loss`, the line a model with no memory cannot cross.
    """

    seq_len: int
    val_seed: int = 0
    name: str = "adding"
    kind: str = field(default="adding", init=False)
    input_size: int = field(default=2, init=False)
    output_size: int = field(default=1, init=False)
    n_train: int = field(default=FRESH, init=False)
    baseline_loss: float = field(default=1 / 6, init=False)

    def __post_init__(self) -> None:
        if self.seq_len < 2:
            raise DataError(f"the adding problem needs seq-len >= 2, got {self.seq_len}")
        gen = torch.Generator().manual_seed(self.val_seed)
        self._val = adding_batch(ADDING_VAL, self.seq_len, gen)
        self._cache: dict = {}

    def fresh_batch(self, n: int, generator: torch.Generator, device: torch.device):
        """n new training sequences from `generator` (drawn on the CPU: same seed, same data
        on every device)."""
        x, y = adding_batch(n, self.seq_len, generator)
        return x.to(device), y.to(device)

    def train_batch(self, idx, device: torch.device):
        raise TypeError("the adding problem has no fixed training set; use fresh_batch")

    def val_batch(self, device: torch.device):
        if device not in self._cache:
            self._cache[device] = tuple(t.to(device) for t in self._val)
        return self._cache[device]

    def val_targets(self) -> np.ndarray:
        """(ADDING_VAL,) the validation sums, float32."""
        return self._val[1][:, 0].numpy().copy()

    def probe_window(self) -> tuple[np.ndarray, np.ndarray]:
        """The first validation sequence: its inputs (T, I) and targets (adding: the sum
        (1,); copy: the T target ids)."""
        x, y = self._val
        return x[0].numpy().copy(), y[0].numpy().copy()

    def probe_batch(self) -> np.ndarray:
        """The first PROBE_BATCH validation sequences (B, T, I), read-only."""
        if not hasattr(self, "_probe_batch"):
            self._probe_batch = _read_only(self._val[0][:PROBE_BATCH].numpy())
        return self._probe_batch

    def decode(self, ids) -> str:
        """The probe's tokens: argmax of a step's (value, marker) is 1 exactly at a marker
        (values are < 1), shown as '+'; every other step is '·'."""
        return "".join("+" if int(i) == 1 else "·" for i in ids)

    @staticmethod
    def loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """MSE of the last step's output. out (B, T, 1) or (B, 1, 1), y (B, 1)."""
        return F.mse_loss(out[:, -1], y)

    final_loss = loss

    def describe(self) -> dict:
        return {
            "kind": "adding",
            "name": self.name,
            "seq_len": self.seq_len,
            "val_sequences": ADDING_VAL,
            "baseline_loss": self.baseline_loss,
        }


BLANK, DELIMITER = 0, COPY_ALPHABET + 1  # the copy task's ids: 0 blank, 1..8, 9 delimiter


def copy_batch(n: int, T: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """n sequences of the copy task (Arjovsky et al. 2016), T steps in all, drawn from
    `generator`: ids 1..8 for COPY_SYMBOLS symbols, then blanks (0), the delimiter (9) at
    T - 11, and COPY_SYMBOLS more blanks. x (n, T, 10) one-hot; y (n, T) the target id at
    every step: blank up to the delimiter, then the symbols in their order."""
    k = COPY_SYMBOLS
    symbols = torch.randint(1, COPY_ALPHABET + 1, (n, k), generator=generator)
    ids = torch.full((n, T), BLANK, dtype=torch.int64)
    ids[:, :k] = symbols
    ids[:, T - k - 1] = DELIMITER
    y = torch.full((n, T), BLANK, dtype=torch.int64)
    y[:, T - k :] = symbols
    return F.one_hot(ids, DELIMITER + 1).float(), y


@dataclass(eq=False)
class CopyData:
    """The copy task: reproduce COPY_SYMBOLS symbols after a delimiter, T steps after
    reading them. Cross-entropy at every step. A model with no memory can only predict
    blanks where they are certain and guess uniformly among the 8 symbols at the last 10
    steps: 10 ln 8 / T per step, `baseline_loss`. Batches and the validation set as
    AddingData's."""

    seq_len: int
    val_seed: int = 0
    name: str = "copy"
    kind: str = field(default="copy", init=False)
    input_size: int = field(default=DELIMITER + 1, init=False)
    output_size: int = field(default=DELIMITER + 1, init=False)
    n_train: int = field(default=FRESH, init=False)

    def __post_init__(self) -> None:
        if self.seq_len < 2 * COPY_SYMBOLS + 1:
            raise DataError(f"the copy task needs seq-len >= {2 * COPY_SYMBOLS + 1}, "
                            f"got {self.seq_len}")  # fmt: skip
        self.baseline_loss = COPY_SYMBOLS * math.log(COPY_ALPHABET) / self.seq_len
        gen = torch.Generator().manual_seed(self.val_seed)
        self._val = copy_batch(ADDING_VAL, self.seq_len, gen)
        self._cache: dict = {}

    def fresh_batch(self, n: int, generator: torch.Generator, device: torch.device):
        x, y = copy_batch(n, self.seq_len, generator)
        return x.to(device), y.to(device)

    def train_batch(self, idx, device: torch.device):
        raise TypeError("the copy task has no fixed training set; use fresh_batch")

    val_batch = AddingData.val_batch
    probe_window = AddingData.probe_window
    probe_batch = AddingData.probe_batch

    def decode(self, ids) -> str:
        """'·' blank, '1'..'8' the symbols, '|' the delimiter."""
        return "".join(COPY_CHARS[int(i)] for i in ids)

    loss = staticmethod(TextData.loss)  # cross-entropy over every step
    final_loss = staticmethod(TextData.final_loss)

    def describe(self) -> dict:
        return {
            "kind": "copy",
            "name": self.name,
            "seq_len": self.seq_len,
            "val_sequences": ADDING_VAL,
            "baseline_loss": self.baseline_loss,
        }


# The tasks that make fresh sequences every step (the trainer asks them for fresh_batch).
TASK_DATA = (AddingData, CopyData)
Dataset = SeriesData | TextData | AddingData | CopyData


def load_data(config: Config, progress: Progress | None = None) -> Dataset:
    """The dataset a config names: the embedded sine, a series file, or a text file.

    progress(fraction) is called now and then while a series file is read (a 2,000,000-row
    CSV takes ~1-2 s): the window shows a progress bar from it."""
    T, vf = config.seq_len, config.val_fraction
    if config.task == "adding":
        return AddingData(T, config.noise_seed)
    if config.task == "copy":
        return CopyData(T, config.noise_seed)
    if config.data is None:
        values = sine_values(config.length, config.noise, config.noise_seed)
        return SeriesData(values, T, vf, name="sine", transform=config.transform,
                          horizon=config.horizon)  # fmt: skip
    path = Path(config.data)
    kind = config.kind or guess_kind(path)
    if kind == "series":
        s = series_columns(read_table(path, progress), config)
        many = config.inputs is not None
        return SeriesData(s["values"], T, vf, name=s["name"], missing_filled=s["filled"],
                          inputs=s["inputs"] if many else None,
                          input_names=s["input_names"] if many else (),
                          transform=config.transform, horizon=config.horizon,
                          times=s["times"], target_name=s["target"],
                          time_name=s["time_name"])  # fmt: skip
    text, removed = decode(read_bytes(path), path.name), 0
    if not config.keep_control:
        text, removed = strip_control(text)
    return TextData(text, T, vf, name=path.name, control_removed=removed)
