"""IIR filtering (cascaded second-order sections) in torch, parallel over blocks.

A sample-by-sample recursion is hopeless in Python and torch has no IIR kernel, so the
cascade is written as a linear state-space system and the signal cut into short blocks:

- within a block, the output from a zero start state is a product with a small Toeplitz
  matrix of the impulse response (exact: a block of `L` samples only needs `L` taps), and
  the state the block leaves behind is a product with another small matrix; GEMMs give
  both for every block of a chunk at once;
- the state each block starts from follows `s[k + 1] = A^L s[k] + z[k]`, a linear
  recurrence over blocks solved by a log-depth prefix scan;
- each block's output then gains the free response of its start state.

The result equals a sequential filter up to float32 rounding (tests compare with scipy's
`sosfilt`), runs as a few large matrix products on CPU or GPU, and never makes a float64
copy of the signal.
"""

from __future__ import annotations

import copy
import functools

import numpy as np
import torch

BLOCK_SAMPLES = 64
"""Block length `L`: the GEMM costs about `L` multiply-adds per sample, the scan is over
n / L blocks; 64 balances the two."""
CHUNK_SAMPLES = 1 << 16
"""Samples per channel filtered at once."""
_NEGLIGIBLE_STATE_GAIN = 1e-13
"""Below this, a start state's effect on later blocks is dropped (far under float32's 6e-8)."""
_MAX_SCAN_STEPS = 48


def sosfilt(sos: np.ndarray | tuple, audio: torch.Tensor) -> torch.Tensor:
    """Filter (channels, samples) audio through second-order sections from a zero state.

    Args:
        sos: (sections, 6) rows of `b0 b1 b2 a0 a1 a2`, as scipy's `sosfilt` takes them.
        audio: (channels, samples) on any device; float32 out (float64 for float64 in).
    """
    stream = SosStream(sos, audio.shape[0], audio.device, audio.dtype)
    return torch.cat([stream.push(audio), stream.flush()], dim=-1)


class SosStream:
    """Filter audio that arrives in pieces, exactly as if it came at once.

    `push` filters whole blocks of `BLOCK_SAMPLES` and keeps the rest for the next push;
    `flush` filters what is left (the signal ends with zeros after it). Concatenating the
    outputs gives what `sosfilt` gives for the concatenated input.
    """

    def __init__(self, sos: np.ndarray | tuple, channels: int, device: torch.device | str,
                 dtype: torch.dtype = torch.float32):
        key = tuple(tuple(float(v) for v in row) for row in np.atleast_2d(np.asarray(sos)))
        self.dtype = dtype if dtype == torch.float64 else torch.float32
        self.device = torch.device(device)
        self.matrices = _matrices(key, BLOCK_SAMPLES, str(self.device), self.dtype)
        order = self.matrices[2].shape[0]
        self.carry = [torch.zeros(1, order, dtype=torch.float64, device=self.device)
                      for _ in range(channels)]
        self.pending = torch.zeros(channels, 0, dtype=self.dtype, device=self.device)

    def copy(self) -> SosStream:
        """A stream in the same state that goes on independently (its state tensors are
        replaced, never changed in place, so sharing them is safe)."""
        other = copy.copy(self)
        other.carry = list(self.carry)
        return other

    def push(self, audio: torch.Tensor) -> torch.Tensor:
        """The filtered samples that the input so far determines (a multiple of the block)."""
        audio = torch.cat([self.pending, audio.to(self.device, self.dtype)], dim=-1)
        full = audio.shape[-1] // BLOCK_SAMPLES
        self.pending = audio[:, full * BLOCK_SAMPLES:]
        return self._filter(audio[:, : full * BLOCK_SAMPLES], full)

    def flush(self) -> torch.Tensor:
        """The last samples, filtered as a block padded with zeros."""
        n = self.pending.shape[-1]
        if n == 0:
            return self.pending
        padded = torch.nn.functional.pad(self.pending, (0, BLOCK_SAMPLES - n))
        self.pending = self.pending[:, :0]
        return self._filter(padded, 1)[:, :n]

    def _filter(self, audio: torch.Tensor, blocks: int) -> torch.Tensor:
        out = torch.empty_like(audio)
        # Chunks keep the temporaries small (cache-sized on CPU, bounded on GPU for hour-long
        # audio); the state crosses from chunk to chunk like it crosses from block to block.
        chunk_blocks = max(1, CHUNK_SAMPLES // BLOCK_SAMPLES)
        for c in range(audio.shape[0]):
            x = audio[c].view(blocks, BLOCK_SAMPLES)
            y = out[c].view(blocks, BLOCK_SAMPLES)
            for first in range(0, blocks, chunk_blocks):
                last = min(first + chunk_blocks, blocks)
                self.carry[c] = _filter_blocks(x[first:last], y[first:last], self.carry[c],
                                               self.matrices)
        return out


def _filter_blocks(x: torch.Tensor, y: torch.Tensor, carry: torch.Tensor,
                   matrices: tuple) -> torch.Tensor:
    """Filter consecutive (blocks, L) input blocks into `y`, starting from state `carry`
    (1, order); returns the state after the last block."""
    toeplitz, to_end, free, step_powers = matrices
    torch.mm(x, toeplitz, out=y)  # each block from a zero state
    end_state = (x @ to_end).double()
    # The carried state acts as the end state of a block just before these.
    states = _inclusive_scan(torch.cat([carry, end_state]), step_powers)
    y.addmm_(states[:-1].to(y.dtype), free)
    return states[-1:]


def _inclusive_scan(z: torch.Tensor, step_powers: list[torch.Tensor]) -> torch.Tensor:
    """s[k] = P s[k - 1] + z[k] over the block axis, in log2(blocks) vectorised steps.

    Hillis-Steele: after step i every entry holds the contributions of its 2**(i+1) nearest
    predecessors; `step_powers[i]` is (P ** 2**i) transposed, as rows multiply from the left.
    Runs in float64: a high-pass near DC has a (nearly) double pole, whose position moves by
    about the square root of a rounding error, so float32 powers of P would detune the
    filter (1e-3 errors); the states are only `order / L` of the signal's size.
    """
    blocks = z.shape[0]
    for i, power_t in enumerate(step_powers):
        shift = 1 << i
        if shift >= blocks:
            break
        z = torch.cat([z[:shift], torch.addmm(z[shift:], z[:-shift], power_t)])
    return z


@functools.lru_cache(maxsize=32)
def _matrices(sos: tuple, length: int, device: str, dtype: torch.dtype
              ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, list[torch.Tensor]]:
    """The block matrices of a cascade, designed in float64 and stored as float32.

    Returns:
        (L, L) Toeplitz impulse-response matrix; (L, order) input-to-end-state map;
        (order, L) free response of each start-state component; the scan's matrix powers
        (float64).
    """
    a, b, c, d = _state_space(sos)
    order = a.shape[0]
    # Impulse response h[0] = d, h[k] = c a^(k-1) b, and the powers a^k for the other maps.
    powers = [np.eye(order)]
    for _ in range(length):
        powers.append(a @ powers[-1])
    h = np.array([d] + [float(c @ powers[k - 1] @ b) for k in range(1, length)])
    toeplitz = np.zeros((length, length))
    for k in range(length):
        toeplitz[k, k:] = h[: length - k]  # input k reaches outputs k.. through taps 0..
    to_end = np.stack([powers[length - 1 - k] @ b for k in range(length)])  # (L, order)
    free = np.stack([c @ powers[k] for k in range(length)], axis=1)  # (order, L)
    step_powers: list[torch.Tensor] = []
    p = powers[length]
    # Stop once P ** 2**i is negligible: a stable filter's state forgets older blocks
    # geometrically, so a few steps reach every block that still matters.
    while len(step_powers) < _MAX_SCAN_STEPS and np.abs(p).max() > _NEGLIGIBLE_STATE_GAIN:
        step_powers.append(torch.tensor(p.T, dtype=torch.float64, device=device))
        p = p @ p
    as_tensor = functools.partial(torch.tensor, dtype=dtype, device=device)
    return as_tensor(toeplitz), as_tensor(to_end), as_tensor(free), step_powers


def _state_space(sos: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(A, B, C, D) of the cascade, each section in transposed direct form II.

    That form keeps every state near the signal's own level (a high-pass's direct-form
    states grow like 1 / (1 - pole)), which is what lets the blocks run in float32.
    """
    a = np.zeros((0, 0))
    b = np.zeros(0)
    c = np.zeros(0)
    d = 1.0
    for b0, b1, b2, a0, a1, a2 in sos:
        b0, b1, b2, a1, a2 = b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0
        sa = np.array([[-a1, 1.0], [-a2, 0.0]])
        sb = np.array([b1 - a1 * b0, b2 - a2 * b0])
        sc = np.array([1.0, 0.0])
        # Section input = previous output = c x + d u.
        order = a.shape[0]
        new_a = np.zeros((order + 2, order + 2))
        new_a[:order, :order] = a
        new_a[order:, :order] = np.outer(sb, c)
        new_a[order:, order:] = sa
        new_b = np.concatenate([b, sb * d])
        new_c = np.concatenate([b0 * c, sc])
        a, b, c, d = new_a, new_b, new_c, b0 * d
    return a, b, c, d
