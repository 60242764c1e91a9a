"""Exact in-silico mutagenesis of the ResNet, recomputing only what a substitution changes.

A substitution at input column ``q`` of a convolutional network changes a
"same" convolution's output only at the columns whose kernel covers ``q``;
every layer widens that window by its kernel's reach, a max-pooling halves
it, and the global max-pooling at the end needs only the window's maximum
and the reference's maximum outside it. So each mutant is computed on its
window alone, over the reference's activations, which all mutants of a
sequence share (the idea of fastISM, Nair et al., Bioinformatics 2022).
Batch norm is folded into the convolutions (inference only), and the
mutant whose base is the reference base is not computed at all: its effect
is exactly 0. The results equal predicting every mutant within float32
rounding; ``tests/inspection/test_mutagenesis.py`` holds that.

This module knows the structure of :class:`~._modules.PromoterResNet`;
other networks (LegNet's squeeze-excitation sees every position) and other
estimators go through the model-agnostic path in
:func:`sklearn_genexpr.inspection.saturation_mutagenesis`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .._alphabet import BASES, complement_channels, placement, reverse_complement_joined

__all__ = ["windowed_mutagenesis"]


@dataclass
class _Conv:
    """A convolution with the batch norm after it folded in (inference only)."""

    weight: torch.Tensor
    bias: torch.Tensor
    padding: int

    @property
    def kernel(self) -> int:
        return int(self.weight.shape[2])

    def same(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv1d(x, self.weight, self.bias, padding=self.padding)

    def valid(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv1d(x, self.weight, self.bias)

    def changed(self, lo: int, hi: int, length: int) -> tuple[int, int]:
        """Output columns that input columns ``[lo, hi)`` reach."""
        return max(0, lo + self.padding - self.kernel + 1), min(length, hi + self.padding)

    def needs(self, lo: int, hi: int) -> tuple[int, int]:
        """Input columns (possibly outside the input: zero padding) for outputs ``[lo, hi)``."""
        return lo - self.padding, hi - self.padding + self.kernel - 1


def _fold(conv: Any, norm: Any) -> _Conv:
    scale = norm.weight / torch.sqrt(norm.running_var + norm.eps)
    bias = conv.bias if conv.bias is not None else torch.zeros_like(norm.running_mean)
    padding = conv.padding[0] if isinstance(conv.padding, tuple) else conv.padding
    return _Conv(
        weight=(conv.weight * scale[:, None, None]).detach(),
        bias=((bias - norm.running_mean) * scale + norm.bias).detach(),
        padding=int(padding),
    )


def _patched(
    full: torch.Tensor, rows: torch.Tensor, patch: torch.Tensor, patch_lo: int, lo: int, hi: int
) -> torch.Tensor:
    """Columns ``[lo, hi)`` of ``full[rows]`` (zero outside it) with ``patch`` at ``patch_lo``."""
    start, stop = max(lo, 0), min(hi, full.shape[2])
    # index_select copies a strided window ~5x faster than full[rows, :, a:b]
    out = torch.index_select(full[:, :, start:stop], 0, rows)
    if start > lo or stop < hi:
        out = F.pad(out, (start - lo, hi - stop))
    out[:, :, patch_lo - lo : patch_lo - lo + patch.shape[2]] = patch
    return out


class _WindowedResNet:
    """A fitted PromoterResNet as folded layers that compute mutants on their windows."""

    def __init__(self, module: Any) -> None:
        stem_conv, stem_norm, self.stem_activation = module.stem
        self.stem = _fold(stem_conv, stem_norm)
        self.blocks = []
        for block in module.blocks:
            conv1, norm1, activation1, _dropout, conv2, norm2 = block.body
            pool = block.pool.kernel_size if isinstance(block.pool, nn.MaxPool1d) else 1
            pool = int(pool[0] if isinstance(pool, tuple) else pool)
            self.blocks.append(
                (_fold(conv1, norm1), activation1, _fold(conv2, norm2), block.activation, pool)
            )
        self.head, self.output = module.head, module.output

    @staticmethod
    def supports(module: Any) -> bool:
        """Whether every convolution keeps its input's length (odd kernels)."""
        from ._modules import PromoterResNet

        if not isinstance(module, PromoterResNet):
            return False
        blocks: Any = module.blocks
        convs = [module.stem[0]] + [c for b in blocks for c in (b.body[0], b.body[4])]
        # "same" convolutions (odd kernels), and a block's second convolution
        # reaching no further than its first (the residual reuses its window)
        same = all(c.kernel_size[0] == 2 * c.padding[0] + 1 for c in convs)
        return same and all(b.body[4].kernel_size <= b.body[0].kernel_size for b in blocks)

    def reference(self, x: torch.Tensor) -> dict:
        """Every activation the mutants' windows are patched into."""
        current = self.stem_activation(self.stem.same(x))
        layers: dict = {"input": x, "stem": current, "blocks": []}
        for conv1, activation1, conv2, activation2, pool in self.blocks:
            hidden = activation1(conv1.same(current))
            added = activation2(current + conv2.same(hidden))
            layers["blocks"].append((current, hidden, added))
            current = F.max_pool1d(added, pool, ceil_mode=True) if pool > 1 else added
        # the maximum left and right of any window, for the global max-pooling
        layers["left_max"] = torch.cummax(current, dim=2).values
        # (positions, not strands: a running maximum from the right, ~14-17 columns)
        right = current.clone()
        for column in range(right.shape[2] - 2, -1, -1):
            right[:, :, column] = torch.maximum(right[:, :, column], right[:, :, column + 1])
        layers["right_max"] = right
        layers["logits"] = self.output(self.head(current.amax(dim=2)))
        return layers

    def mutants(self, ref: dict, q: int, rows: torch.Tensor, columns: torch.Tensor) -> Any:
        """Logits of ``ref``'s rows ``rows`` with input column ``q`` set to ``columns`` (m, C)."""
        x = ref["input"]
        lo, hi = self.stem.changed(q, q + 1, x.shape[2])
        window = _patched(x, rows, columns[:, :, None], q, *self.stem.needs(lo, hi))
        patch = self.stem_activation(self.stem.valid(window))
        for (conv1, act1, conv2, act2, pool), (inp, hidden, added) in zip(
            self.blocks, ref["blocks"]
        ):
            length = inp.shape[2]
            h_lo, h_hi = conv1.changed(lo, hi, length)
            x_lo, x_hi = conv1.needs(h_lo, h_hi)
            x_window = _patched(inp, rows, patch, lo, x_lo, x_hi)
            h_patch = act1(conv1.valid(x_window))
            b_lo, b_hi = conv2.changed(h_lo, h_hi, length)
            body = conv2.valid(_patched(hidden, rows, h_patch, h_lo, *conv2.needs(b_lo, b_hi)))
            # the residual's input: inside conv1's input window, whose reach is the same
            a_patch = act2(x_window[:, :, b_lo - x_lo : b_hi - x_lo] + body)
            if pool > 1:
                p_lo, p_hi = b_lo // pool, -(-b_hi // pool)
                window = _patched(added, rows, a_patch, b_lo, p_lo * pool, min(p_hi * pool, length))
                patch, lo, hi = F.max_pool1d(window, pool, ceil_mode=True), p_lo, p_hi
            else:
                patch, lo, hi = a_patch, b_lo, b_hi
        features = patch.amax(dim=2)
        final_length = ref["left_max"].shape[2]
        if lo > 0:
            features = torch.maximum(features, ref["left_max"][rows, :, lo - 1])
        if hi < final_length:
            features = torch.maximum(features, ref["right_max"][rows, :, hi])
        return self.output(self.head(features))


def windowed_mutagenesis(
    estimator: Any,
    codes: np.ndarray,
    lengths: np.ndarray,
    *,
    batch_size: int,
    wanted: np.ndarray | None = None,
) -> np.ndarray | None:
    """Effects ``(n, L, 4, n_outputs)`` of substitutions, or None where not applicable.

    Parameters
    ----------
    estimator : PromoterResNetRegressor
        Fitted on sequences (not one-hot arrays).
    codes, lengths : ndarray
        The sequences, as the sequence core encodes them.
    batch_size : int
        About how many mutants are computed at once.
    wanted : ndarray of shape (n, L, 4), bool, default=None
        Which substitutions (sequence, position, base in ACGT order) to
        compute; None: all. The others are left 0.
    """
    modules = [net.module_ for net in estimator.nets_]
    if estimator.encoder_ is None or estimator._strand_channel:
        return None
    if not all(_WindowedResNet.supports(module) for module in modules):
        return None
    encoder = estimator.encoder_
    width = estimator.n_positions_
    alphabet = encoder.alphabet
    table = torch.from_numpy(encoder._lookup_table())  # (16, 4): code -> input column
    n, longest = len(lengths), int(lengths.max())
    effects = np.full((n, longest, 4, estimator.n_outputs_), np.nan)
    effects[np.arange(longest)[None, :] < lengths[:, None]] = 0.0
    strands = [(encoder._transform_to_codes(codes, lengths), False)]
    if estimator.rc_average:
        backward = encoder._transform_to_codes(*reverse_complement_joined(codes, lengths))
        strands.append((backward, True))
    src, dst, kept = placement(lengths, width, padding=encoder.padding,
                               truncation=encoder.truncation)  # fmt: skip
    # the forward-strand base (ACGT index) that each input channel stands for, per strand
    forward_base = np.array([BASES.index(b) for b in alphabet])
    reverse_base = forward_base[complement_channels(alphabet)]
    per_chunk = max(1, batch_size // 32)
    scale = np.asarray(estimator.target_scale_, dtype=np.float64)
    windowed = [_WindowedResNet(module.eval()) for module in modules]
    device = next(modules[0].parameters()).device
    eye = torch.eye(table.shape[1])
    with torch.no_grad():
        for matrix, reverse in strands:
            bases = reverse_base if reverse else forward_base
            for start in range(0, n, per_chunk):
                stop = min(n, start + per_chunk)
                if wanted is not None and not wanted[start:stop].any():
                    continue
                x = table[torch.from_numpy(matrix[start:stop]).long()].transpose(1, 2)
                x = x.contiguous().to(device)
                refs = [w.reference(x) for w in windowed]
                reference = _decoded(estimator, [r["logits"] for r in refs])
                first, last = dst[start:stop], dst[start:stop] + kept[start:stop]
                for q in range(width):
                    active = np.flatnonzero((first <= q) & (q < last))
                    if not len(active):
                        continue
                    sequence = active + start
                    position = q - dst[sequence] + src[sequence]
                    if reverse:
                        position = lengths[sequence] - 1 - position
                    column = x[torch.from_numpy(active), :, q].cpu()  # (m0, C)
                    # every channel whose one-hot column differs from the reference's
                    differs = (column[:, None, :] != eye[None]).any(dim=2).numpy()
                    if wanted is not None:
                        differs &= wanted[sequence[:, None], position[:, None], bases[None, :]]
                    row_index, channel = np.nonzero(differs)
                    if not len(row_index):
                        continue
                    rows = torch.from_numpy(active[row_index]).to(device)
                    columns = eye[torch.from_numpy(channel)].to(device)
                    logits = [w.mutants(r, q, rows, columns) for w, r in zip(windowed, refs)]
                    delta = _decoded(estimator, logits) - reference[active[row_index]]
                    # one entry per (sequence, position, base) in a pass: no repeats
                    where = (sequence[row_index], position[row_index], bases[channel])
                    effects[where] += delta * scale / len(strands)
    return effects


def _decoded(estimator: Any, logits: list) -> np.ndarray:
    """Predictions ``(m, n_outputs)`` in the target's scaled units, from every net's logits."""
    out = np.empty((logits[0].shape[0], estimator.n_outputs_), dtype=np.float64)
    for part, group in zip(logits, estimator.output_groups_):
        out[:, group] = estimator.head_.decode(part).cpu().numpy()
    return out
