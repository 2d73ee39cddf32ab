"""Training-health numbers of a probe: recurrent dynamics and saturation.

- ``jacobian_norm`` (L, T): the largest singular value of each step's Jacobian
  ds_t/ds_{t-1} of a layer's recurrent state (s = h for the RNN and GRU, [h; c] for the LSTM)
  on the probe window, the input to the layer held fixed (Pascanu et al. 2013). The Jacobians
  follow in closed form from torch's equations and the states and gates the probe already
  has, batched over t. Small ones are written out and their J J^T diagonalised; for larger
  ones only their products with vectors are formed, and Golub-Kahan-Lanczos
  bidiagonalisation reads the largest singular value off a few dozen of those products.
- ``spectral_radius`` (L, G): the largest |eigenvalue| of each gate's H x H block of
  ``weight_hh_l{l}`` (torch's gate order; the RNN has one block).
- Over a probe batch (the first min(64, #validation windows) validation windows): per sigmoid
  gate and unit the fraction of the B x T values below 0.1 and above 0.9 (Karpathy, Johnson &
  Fei-Fei 2015), the fraction of |h| above 0.9, and each unit's standard deviation.
- ``forget_bias`` (L, H), LSTM: b_ih + b_hh of the forget gate's slice.

Everything here works on a list of per-layer traces (one entry per layer, or per layer and
direction once layers are bidirectional), so each result has one row per entry.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from rnnviz.core.models import FUSED, trace_rows

# Sigmoid gates in torch's order; the vanilla RNN has none, so its gate_saturation is
# (L, 0, H, 2).
SIGMOID_GATES = {"rnn": (), "lstm": ("i", "f", "o"), "gru": ("r", "z")}
GATE_LOW, GATE_HIGH = 0.1, 0.9  # a sigmoid gate value is saturated below / above these
HIDDEN_SATURATED = 0.9  # |h| above this sits on tanh's flat tails
# Lanczos iteration for the largest singular value: check every LANCZOS_CHECK steps, stop when
# no estimate moved by more than LANCZOS_TOL relative, and after LANCZOS_MAX steps at most.
LANCZOS_CHECK = 4
LANCZOS_TOL = 1e-6
LANCZOS_MAX = 64
# Below this many Jacobian entries (T * n^2) writing the Jacobians out is cheaper than Lanczos.
DENSE_MAX = 2**16
_START_SEED = 9  # the fixed random start vector of the Lanczos iteration


# ------------------------------------------------------------------------ step Jacobians


class StepJacobian:
    """The step Jacobians J_t = ds_t/ds_{t-1} of one layer on one sequence, t = 1..T, as
    batched products J v and J^T u (v, u of shape (T, n), row t for step t).

    trace: what `unroll_layer` returned for a batch of one sequence; weights: the layer's
    (w_ih, w_hh, b_ih, b_hh). The initial state s_0 is zero.
    """

    def __init__(self, cell: str, trace, weights: tuple[Tensor, ...]) -> None:
        hs, cs, gates, _ = trace
        self.cell = cell
        self.w_hh = weights[1].detach()  # (G*H, H)
        h = torch.cat(hs).detach()  # (T, H)
        self.H = h.shape[1]
        h_prev = torch.cat([torch.zeros_like(h[:1]), h[:-1]])  # (T, H), h_0 = 0
        g = {k: torch.cat(v).detach() for k, v in gates.items()}  # name -> (T, H)
        if cell == "rnn":
            self.n = self.H
            self.d = 1 - h * h  # tanh'
        elif cell == "lstm":
            self.n = 2 * self.H
            self._lstm(g, torch.cat(cs).detach())
        else:
            self.n = self.H
            self._gru(g, h_prev, weights)

    def _lstm(self, g: dict, c: Tensor) -> None:
        c_prev = torch.cat([torch.zeros_like(c[:1]), c[:-1]])  # (T, H), c_0 = 0
        i, f, gg, o = g["i"], g["f"], g["g"], g["o"]
        tc = torch.tanh(c)
        # d(pre-activation of each gate) -> dc_t; o's own path goes to h_t directly.
        self.a_i, self.a_f, self.a_g = i * (1 - i) * gg, f * (1 - f) * c_prev, i * (1 - gg * gg)
        self.a_o = o * (1 - o) * tc
        self.f = f
        self.k = o * (1 - tc * tc)  # dh_t/dc_t

    def _gru(self, g: dict, h_prev: Tensor, weights) -> None:
        _, w_hh, _, b_hh = weights
        H = self.H
        r, z, n = g["r"], g["z"], g["n"]
        hn = F.linear(h_prev, w_hh[2 * H :].detach(), b_hh[2 * H :].detach())  # (T, H)
        dn = 1 - n * n
        self.z, self.dz = z, z * (1 - z) * (h_prev - n)  # dh/d(a_z), through z
        self.pn = (1 - z) * dn  # dh/d(a_n): n's pre-activation
        self.pr = self.pn * hn * r * (1 - r)  # dh/d(a_r), through r * (W_hn h + b_hn)
        self.r = r

    def dense(self) -> Tensor:
        """Every J_t written out, (T, n, n): worth it for small states only."""
        W = self.w_hh
        if self.cell == "rnn":
            return self.d[:, :, None] * W  # (T, H, H)
        if self.cell == "lstm":
            W_i, W_f, W_g, W_o = W.chunk(4)  # 4 x (H, H)
            dc_dh = (self.a_i[:, :, None] * W_i + self.a_f[:, :, None] * W_f
                     + self.a_g[:, :, None] * W_g)  # (T, H, H)  # fmt: skip
            dh_dh = self.a_o[:, :, None] * W_o + self.k[:, :, None] * dc_dh
            top = torch.cat([dh_dh, torch.diag_embed(self.k * self.f)], dim=2)  # (T, H, 2H)
            bottom = torch.cat([dc_dh, torch.diag_embed(self.f)], dim=2)  # (T, H, 2H)
            return torch.cat([top, bottom], dim=1)  # (T, 2H, 2H)
        W_r, W_z, W_n = W.chunk(3)  # 3 x (H, H)
        return (self.pr[:, :, None] * W_r + self.dz[:, :, None] * W_z
                + (self.pn * self.r)[:, :, None] * W_n + torch.diag_embed(self.z))  # fmt: skip

    def jvp(self, v: Tensor) -> Tensor:
        """J_t v_t for every t: (T, n) -> (T, n)."""
        H = self.H
        if self.cell == "rnn":
            return self.d * (v @ self.w_hh.T)
        if self.cell == "lstm":
            dh, dc = v[:, :H], v[:, H:]
            ai, af, ag, ao = (dh @ self.w_hh.T).chunk(4, dim=1)  # 4 x (T, H)
            dc_t = self.a_i * ai + self.a_f * af + self.a_g * ag + self.f * dc
            return torch.cat([self.a_o * ao + self.k * dc_t, dc_t], dim=1)  # (T, 2H)
        ar, az, an = (v @ self.w_hh.T).chunk(3, dim=1)  # 3 x (T, H)
        return self.pr * ar + self.dz * az + self.pn * self.r * an + self.z * v

    def vjp(self, u: Tensor) -> Tensor:
        """J_t^T u_t for every t: (T, n) -> (T, n)."""
        H = self.H
        if self.cell == "rnn":
            return (self.d * u) @ self.w_hh
        if self.cell == "lstm":
            uh, uc = u[:, :H], u[:, H:]
            gc = uc + self.k * uh
            pre = torch.cat([self.a_i * gc, self.a_f * gc, self.a_g * gc, self.a_o * uh], 1)
            return torch.cat([pre @ self.w_hh, self.f * gc], dim=1)  # (T, 2H)
        pre = torch.cat([self.pr * u, self.dz * u, self.pn * self.r * u], dim=1)  # (T, 3H)
        return pre @ self.w_hh + self.z * u


def largest_singular_values(op: StepJacobian, T: int, most: int = LANCZOS_MAX) -> Tensor:
    """sigma_max(J_t) for every t (T,), by Golub-Kahan-Lanczos bidiagonalisation with full
    reorthogonalisation, batched over t.

    After k steps the largest singular value of the k x k bidiagonal matrix approaches
    sigma_max from below, far faster than the power iteration does; it is exact at k = n.
    The iteration stops once no estimate grew by more than LANCZOS_TOL (relative) over the
    last LANCZOS_CHECK steps, or after `most` steps.
    """
    n = op.n
    k_max = min(n, most)
    gen = torch.Generator().manual_seed(_START_SEED)
    v = torch.randn(n, generator=gen)
    V = torch.zeros(T, k_max + 1, n)  # (T, k+1, n) right Lanczos vectors, rows orthonormal
    U = torch.zeros(T, k_max, n)  # (T, k, n) left Lanczos vectors
    V[:, 0] = v / v.norm()  # the same start for every t
    alpha, beta = torch.zeros(T, k_max), torch.zeros(T, k_max)
    tiny = torch.finfo(v.dtype).tiny
    sigma = None
    for j in range(k_max):
        p = op.jvp(V[:, j])
        if j:
            p = _orthogonalise(p - beta[:, j - 1, None] * U[:, j - 1], U[:, :j])
        alpha[:, j] = p.norm(dim=1)
        U[:, j] = p / alpha[:, j, None].clamp_min(tiny)
        r = _orthogonalise(op.vjp(U[:, j]) - alpha[:, j, None] * V[:, j], V[:, : j + 1])
        beta[:, j] = r.norm(dim=1)
        V[:, j + 1] = r / beta[:, j, None].clamp_min(tiny)
        if (j + 1) % LANCZOS_CHECK == 0 or j + 1 == k_max:
            new = _bidiagonal_norm(alpha[:, : j + 1], beta[:, :j])
            if j + 1 == k_max or (sigma is not None and (new - sigma <= LANCZOS_TOL * new).all()):
                return torch.from_numpy(new).float()
            sigma = new
    raise AssertionError("unreachable: the last step returns")


def _orthogonalise(p: Tensor, Q: Tensor) -> Tensor:
    """p (T, n) minus its projection on the orthonormal rows of Q (T, j, n): one classical
    Gram-Schmidt pass, as batched matrix products."""
    return p - torch.bmm(Q.mT, torch.bmm(Q, p[:, :, None]))[:, :, 0]


def _bidiagonal_norm(alpha: Tensor, beta: Tensor) -> np.ndarray:
    """Largest singular value of each upper bidiagonal matrix B with diagonal alpha (T, k)
    and superdiagonal beta (T, k - 1), in float64: the square root of the largest eigenvalue
    of the tridiagonal B^T B."""
    a, b = alpha.double().numpy(), beta.double().numpy()
    k = a.shape[1]
    diag = a * a
    diag[:, 1:] += b * b  # (B^T B)_jj = alpha_j^2 + beta_{j-1}^2
    off = a[:, :-1] * b  # (B^T B)_{j, j+1} = alpha_j beta_j
    M = np.zeros((len(a), k, k))  # (T, k, k)
    j = np.arange(k)
    M[:, j, j] = diag
    M[:, j[:-1], j[1:]] = M[:, j[1:], j[:-1]] = off
    return np.sqrt(np.linalg.eigvalsh(M)[:, -1].clip(min=0))  # (T,)


def jacobian_norms(
    cell: str, traces: list, weights: list[tuple[Tensor, ...]], dense_max: int | None = None
) -> np.ndarray:
    """(len(traces), T): sigma_max of every step Jacobian of every layer's trace.

    Small problems (T * n^2 <= dense_max) write the Jacobians out and take their largest
    singular values directly; larger ones use the matrix-free Lanczos iteration.
    """
    dense_max = DENSE_MAX if dense_max is None else dense_max
    rows = []
    with torch.no_grad():
        for trace, w in zip(traces, weights, strict=True):
            op = StepJacobian(cell, trace, w)
            T = len(trace[0])
            if T * op.n**2 <= dense_max:
                J = op.dense()  # (T, n, n)
                # float32 is enough: lambda_max of J J^T is good to ~n * 6e-8 relative.
                rows.append(torch.linalg.eigvalsh(J @ J.mT)[:, -1].clamp_min(0).sqrt())
            else:
                rows.append(largest_singular_values(op, T))
    return torch.stack(rows).numpy()  # (L, T)


# ----------------------------------------------------------------------- spectral radius


def spectral_radii(weights: list[tuple[Tensor, ...]]) -> np.ndarray:
    """(L, G): max |eigenvalue| of each gate's H x H block of weight_hh, torch's gate order."""
    rows = []
    for _, w_hh, _, _ in weights:
        H = w_hh.shape[1]
        blocks = w_hh.detach().double().reshape(-1, H, H)  # (G, H, H)
        rows.append(torch.linalg.eigvals(blocks).abs().amax(dim=1))  # (G,)
    return torch.stack(rows).numpy()  # (L, G)


# ---------------------------------------------------------------------------- saturation


def batch_states(
    cell: str, x: Tensor, weights: list[tuple[Tensor, ...]], directions: int = 1
) -> list[tuple]:
    """Per layer and direction (torch's order): h (B, T, H) and the sigmoid gates
    {name: (B, T, H)} over a batch x (B, T, I) from zero states, without gradients. A reverse
    direction's arrays are in its own reading order (t = T first); shares and spreads over
    every (window, step) do not depend on the order.

    torch's fused module runs the recurrence; each gate then depends on x_t and h_{t-1} only,
    so all steps' gates come from two matrix products instead of a loop over t.
    """
    out = []
    below = []
    with torch.no_grad():
        for k, w in enumerate(weights):
            reverse = k % directions == 1
            w_ih, w_hh, b_ih, b_hh = w
            H = w_hh.shape[1]
            # Built on the meta device: no initialisation, so no draw from torch's global RNG.
            layer = FUSED[cell](w_ih.shape[1], H, 1, batch_first=True, device="meta")
            layer = layer.to_empty(device=w_ih.device)
            for name, value in zip(("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                                   w, strict=True):  # fmt: skip
                getattr(layer, name).copy_(value)
            xs = x.flip(1) if reverse else x
            h = layer(xs)[0]  # (B, T, H)
            h_prev = F.pad(h[:, :-1], (0, 0, 1, 0))  # (B, T, H), h_0 = 0
            gi, gh = F.linear(xs, w_ih, b_ih), F.linear(h_prev, w_hh, b_hh)  # (B, T, G*H)
            if cell == "lstm":
                i, f, _, o = (gi + gh).chunk(4, dim=-1)
                gates = {"i": i.sigmoid(), "f": f.sigmoid(), "o": o.sigmoid()}
            elif cell == "gru":
                (xr, xz, _), (hr, hz, _) = gi.chunk(3, dim=-1), gh.chunk(3, dim=-1)
                gates = {"r": (xr + hr).sigmoid(), "z": (xz + hz).sigmoid()}
            else:
                gates = {}
            out.append((h, gates))
            below.append(h.flip(1) if reverse else h)
            if len(below) == directions:  # the next layer reads every direction of this one
                x, below = torch.cat(below, dim=-1), []
    return out


def saturation(cell: str, states: list[tuple]) -> dict[str, np.ndarray]:
    """gate_saturation (L, G_sig, H, 2), hidden_saturation (L, H), hidden_std (L, H) over
    every (window, step) of each layer's `batch_states`."""
    gate_sat, hid_sat, hid_std = [], [], []
    for h, gates in states:
        H = h.shape[-1]
        h = h.reshape(-1, H)  # (B*T, H)
        N = h.shape[0]
        # Shares as integer counts divided once: exact, and no float copy of every value.
        hid_sat.append((h.abs() > HIDDEN_SATURATED).sum(dim=0) / N)
        hid_std.append(h.double().std(dim=0, correction=0).float())
        counts = [
            torch.stack([(g < GATE_LOW).sum(dim=(0, 1)), (g > GATE_HIGH).sum(dim=(0, 1))], dim=1)
            for g in (gates[name] for name in SIGMOID_GATES[cell])
        ]
        gate_sat.append(torch.stack(counts) / N if counts else torch.zeros(0, H, 2))  # fmt: skip
    return {
        "gate_saturation": torch.stack(gate_sat).float().numpy(),  # (L, G_sig, H, 2)
        "hidden_saturation": torch.stack(hid_sat).float().numpy(),  # (L, H)
        "hidden_std": torch.stack(hid_std).numpy(),  # (L, H)
    }


def forget_bias(weights: list[tuple[Tensor, ...]]) -> np.ndarray:
    """LSTM (L, H): b_ih + b_hh of the forget gate's slice, what the gate sees at zero input."""
    H = weights[0][1].shape[1]
    return torch.stack([(b_ih + b_hh)[H : 2 * H] for *_, b_ih, b_hh in weights]).numpy()


def _reading_order(trace):
    """A reverse direction's trace (lists in forward time) in the order it read the input."""
    hs, cs, gates, pre = trace
    flip = lambda v: None if v is None else v[::-1]  # noqa: E731
    return flip(hs), flip(cs), {g: v[::-1] for g, v in gates.items()}, flip(pre)


def _float32(trace):
    """A trace in float32 (the probe's pass runs in float64; float32 is ample for a norm)."""
    hs, cs, gates, pre = trace
    f = lambda v: None if v is None else [x.float() for x in v]  # noqa: E731
    return f(hs), f(cs), {g: f(v) for g, v in gates.items()}, f(pre)


def probe_dynamics(model, data, traces: list) -> dict:
    """Every number of this module for one probe, keyed by its ProbeResult field.

    model: the RecurrentModel; data: its Dataset (for the probe batch); traces: the probe
    window's traces (batch of one) from the instrumented pass, one per layer and direction in
    torch's order, steps in forward time. A reverse direction's jacobian_norm at t is the norm
    of the step that read x_t, ds_t/ds_(t+1).
    """
    cell, D = model.cell, model.directions
    rows = trace_rows(model.rnn.num_layers, D)
    weights = [model.layer_weights(layer, reverse=d == 1) for layer, d in rows]
    reading = [_float32(_reading_order(t) if d == 1 else t)
               for t, (_, d) in zip(traces, rows, strict=True)]  # fmt: skip
    jac = jacobian_norms(cell, reading, weights)  # (L*D, T), reading order
    for k, (_, d) in enumerate(rows):
        if d == 1:
            jac[k] = jac[k, ::-1]
    batch = data.probe_batch()  # (B, T, I), shared by every probe
    x = torch.from_numpy(np.array(batch))  # (B, T, I), a writable copy for torch
    return {
        "batch_inputs": batch,
        "jacobian_norm": np.ascontiguousarray(jac),
        "spectral_radius": spectral_radii(weights),
        **saturation(cell, batch_states(cell, x, weights, D)),
        "forget_bias": forget_bias(weights) if cell == "lstm" else None,
    }
