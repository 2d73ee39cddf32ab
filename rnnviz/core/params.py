"""How many parameters a model has, per layer, direction and tensor, with the formula.

A layer (one direction) of a cell with G gate blocks, input size I and hidden size H holds
weight_ih (G*H, I), weight_hh (G*H, H), bias_ih (G*H) and bias_hh (G*H): G·(H·I + H·H + 2·H)
values (torch keeps two bias vectors). G is 1 for the RNN, 4 for the LSTM, 3 for the GRU. Layer
l > 0 reads the D directions of the layer below, so its I is D·H. The head is a Linear(D·H, O):
O·D·H + O values. With attention the head also holds W_a (H, H) and reads [c; h_T]:
O·2H + O + H·H values.
"""

from __future__ import annotations

from dataclasses import dataclass

CELL_LABEL = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
DIRECTION_LABEL = ("forward", "reverse")
GATES = {"rnn": (), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
WEIGHT_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")  # per layer and direction


def trace_rows(layers: int, directions: int) -> list[tuple[int, int]]:
    """(layer, direction) of every row of a per-layer probe array, in torch's order: layer 0
    forward, layer 0 reverse, layer 1 forward, ... (direction 0 forward, 1 reverse)."""
    return [(layer, d) for layer in range(layers) for d in range(directions)]


def _n(x: int) -> str:
    return f"{x:,}"


@dataclass(frozen=True)
class LayerCount:
    """One layer and direction. `tensors` maps torch's state_dict names to their sizes."""

    layer: int  # 0-based
    direction: int  # 0 forward, 1 reverse
    gates: int  # G, the stacked gate blocks
    input_size: int  # I of this layer (D·H above the first)
    hidden: int
    tensors: dict[str, int]
    total: int
    formula: str  # e.g. "LSTM layer 1: 4 × (32·1 + 32·32 + 2·32) = 4,480"


@dataclass(frozen=True)
class ParameterCounts:
    """Every layer and direction (torch's order), the head and the totals."""

    layers: tuple[LayerCount, ...]
    head: dict[str, int]  # "weight", "bias" (and "attention": W_a's H·H)
    head_formula: str  # e.g. "head: 1·32 + 1 = 33"
    recurrent: int
    head_total: int
    total: int  # every trainable value: the recurrent part and the head

    def lines(self) -> list[str]:
        """One line per layer and direction, the head, and the total."""
        parts = " + ".join(_n(c.total) for c in self.layers) + f" + {_n(self.head_total)}"
        total = f"total: {parts} = {_n(self.total)}"
        return [c.formula for c in self.layers] + [self.head_formula, total]


def _layer(cell: str, layer: int, direction: int, n_in: int, H: int, D: int) -> LayerCount:
    G = max(len(GATES[cell]), 1)
    suffix = "_reverse" if direction else ""
    sizes = (G * H * n_in, G * H * H, G * H, G * H)
    tensors = {f"{n}_l{layer}{suffix}": s for n, s in zip(WEIGHT_NAMES, sizes, strict=True)}
    total = G * (H * n_in + H * H + 2 * H)
    inner = f"{H}·{n_in} + {H}·{H} + 2·{H}"
    body = f"{G} × ({inner})" if G > 1 else inner
    which = f" {DIRECTION_LABEL[direction]}" if D == 2 else ""
    formula = f"{CELL_LABEL[cell]} layer {layer + 1}{which}: {body} = {_n(total)}"
    return LayerCount(layer, direction, G, n_in, H, tensors, total, formula)


def parameter_counts(
    cell: str, input_size: int, hidden: int, layers: int, output_size: int,
    bidirectional: bool = False, attention: bool = False,
) -> ParameterCounts:  # fmt: skip
    """The counts of a RecurrentModel built with these arguments (torch.nn's layout)."""
    D, H, n_out = (2 if bidirectional else 1), hidden, output_size
    per = tuple(
        _layer(cell, layer, d, input_size if layer == 0 else D * H, H, D)
        for layer, d in trace_rows(layers, D)
    )
    n_in = 2 * H if attention else D * H
    head = {"weight": n_out * n_in, "bias": n_out} | ({"attention": H * H} if attention else {})
    head_total = sum(head.values())
    w_a = f" + {H}·{H}" if attention else ""
    head_formula = f"head: {n_out}·{n_in} + {n_out}{w_a} = {_n(head_total)}"
    recurrent = sum(c.total for c in per)
    return ParameterCounts(per, head, head_formula, recurrent, head_total, recurrent + head_total)


def model_parameter_counts(model) -> ParameterCounts:
    """parameter_counts of a built RecurrentModel."""
    rnn = model.rnn
    return parameter_counts(model.cell, rnn.input_size, rnn.hidden_size, rnn.num_layers,
                            model.head.out_features, rnn.bidirectional,
                            model.attention is not None)  # fmt: skip
