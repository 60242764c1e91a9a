"""Batch-level data access for the neural estimators.

skorch's default ``Dataset`` + ``DataLoader`` fetch one sample at a time and
collate them, which made a plain MLP epoch about 2x slower than a
hand-written loop. Here a batch is one tensor indexing operation (or one CSR
row slice densified), and the iterator hands whole batches to skorch.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import scipy.sparse as sp
import torch

from .._alphabet import reverse_complement_onehot

__all__ = ["ArrayDataset", "BatchIterator", "RCBatchIterator", "SequenceCodes"]


class SequenceCodes:
    """Sequences held as codes, 1 byte a position, made network input a batch at a time.

    A sequence network's input is float32 one-hot (4 channels, 5 with a strand
    channel): 16-20 bytes a position. Held as the sequence core's uint8 codes
    instead, a training set takes 16-20x less memory (1 M sequences of 110 bp:
    110 MB instead of 1.8-2.2 GB) and moves to the GPU as such; each batch
    becomes float input on the device with one table gather.

    Parameters
    ----------
    codes : ndarray or torch.Tensor of shape (n, L), uint8
        Code matrix (see :func:`sklearn_genexpr._alphabet.codes_to_matrix`).
    table : ndarray or torch.Tensor of shape (16, n_channels), float32
        The input channels of each code (the encoder's lookup table, plus a
        constant strand column where the network has one).
    """

    def __init__(self, codes: Any, table: Any) -> None:
        self.codes = codes
        self.table = table

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(n, n_channels, L)``: the shape of the network input these codes make."""
        return (self.codes.shape[0], self.table.shape[1], self.codes.shape[1])

    @property
    def device(self) -> Any:
        return getattr(self.codes, "device", None)

    def __getitem__(self, rows: Any) -> SequenceCodes:
        return SequenceCodes(self.codes[rows], self.table)

    def to(self, device: str) -> SequenceCodes:
        """Codes and table as tensors on ``device``."""
        return SequenceCodes(
            torch.as_tensor(self.codes).to(device), torch.as_tensor(self.table).to(device)
        )

    def onehot(self, index: Any) -> torch.Tensor:
        """Network input ``(b, n_channels, L)`` of the rows ``index``, on the codes' device."""
        codes = self.codes[index].long()  # a uint8 index would be read as a mask
        return self.table[codes].permute(0, 2, 1).contiguous()


class ArrayDataset(torch.utils.data.Dataset):
    """Rows of ``X`` and ``y``, fetched a batch at a time.

    ``X`` is a dense tensor (in memory), a CSR matrix (densified per batch) or a
    numpy array such as a ``np.memmap`` (read and cast to float32 per batch, so
    a file larger than memory streams). ``rows`` optionally restricts the
    dataset to those rows of a streamed ``X`` (a training or validation subset)
    without copying it; ``y`` then holds just those rows, in that order.
    """

    def __init__(
        self,
        X: Any,
        y: torch.Tensor | None = None,
        rows: np.ndarray | None = None,
        device: str = "cpu",
    ) -> None:
        self.X = X
        self.y = y
        self.row_index = rows
        self.device = device

    def __len__(self) -> int:
        return self.X.shape[0] if self.row_index is None else len(self.row_index)

    def rows(self, index: Any) -> torch.Tensor:
        if isinstance(self.X, torch.Tensor):  # in memory (never with row_index)
            return self.X[index]
        if isinstance(self.X, SequenceCodes):  # on the device as codes (never with row_index)
            return self.X.onehot(index)
        if isinstance(index, torch.Tensor):
            index = index.cpu().numpy()
        if self.row_index is not None:
            index = self.row_index[index]
        if sp.issparse(self.X):
            # densified per batch: the full matrix may be far larger than memory
            return torch.from_numpy(self.X[index].toarray().astype(np.float32, copy=False))
        batch = np.asarray(self.X[np.sort(index) if not isinstance(index, slice) else index])
        if not isinstance(index, slice):  # sorted reads are sequential on disk; restore order
            batch = batch[np.argsort(np.argsort(index))]
        batch = np.ascontiguousarray(batch, dtype=np.float32)
        if not batch.flags.writeable:  # a read-only map: torch needs its own batch copy
            batch = batch.copy()
        return torch.from_numpy(batch).to(self.device)

    def batch(self, index: Any) -> tuple[torch.Tensor, torch.Tensor | None]:
        # y holds only this dataset's rows, in order: it is indexed directly
        return self.rows(index), (None if self.y is None else self.y[index])

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        return self.batch(slice(i, i + 1))


class BatchIterator:
    """Iterate over an :class:`ArrayDataset` in batches, optionally shuffled.

    Parameters
    ----------
    dataset : ArrayDataset
    batch_size : int
    shuffle : bool, default=False
    generator : torch.Generator, optional
        Source of the shuffling permutation (seeded for reproducible fits).
    """

    def __init__(
        self,
        dataset: ArrayDataset,
        batch_size: int,
        shuffle: bool = False,
        generator: torch.Generator | None = None,
    ) -> None:
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.generator = generator

    def __len__(self) -> int:
        return math.ceil(len(self.dataset) / self.batch_size)

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor | None]]:
        n = len(self.dataset)
        if self.shuffle:
            order = torch.randperm(n, generator=self.generator)
            if isinstance(self.dataset.X, (torch.Tensor, SequenceCodes)):
                order = order.to(self.dataset.X.device)
            for start in range(0, n, self.batch_size):
                yield self.dataset.batch(order[start : start + self.batch_size])
        else:  # contiguous slices: views, no copies
            for start in range(0, n, self.batch_size):
                yield self.dataset.batch(slice(start, start + self.batch_size))


def is_streamed(array: Any) -> bool:
    """Arrays read batch by batch instead of loaded: memory maps."""
    return isinstance(array, np.memmap)


def to_tensor(array: Any, device: str) -> Any:
    """float32 tensor on ``device`` for dense input; CSR stays CSR (float32);
    a memory map stays on disk (read per batch); sequence codes go to ``device``
    as codes."""
    if isinstance(array, SequenceCodes):
        return array.to(device)
    if sp.issparse(array):
        return sp.csr_matrix(array, dtype=np.float32)
    if is_streamed(array):
        return array
    array = np.ascontiguousarray(array, dtype=np.float32)
    if not array.flags.writeable:  # torch cannot wrap read-only memory (e.g. memmaps)
        array = array.copy()
    return torch.from_numpy(array).to(device)


class RCBatchIterator(BatchIterator):
    """Training batches on both strands.

    By default a random half of every batch is reverse-complemented; with
    ``double=True`` every batch holds its sequences and their reverse
    complements (twice the rows, the same targets twice).

    Parameters
    ----------
    dataset, batch_size, shuffle, generator
        As for :class:`BatchIterator`.
    alphabet : str, default="ACGT"
        Channel order of the one-hot batches ``(n, 4, L)``.
    double : bool, default=False
        Both strands of every sequence instead of a random one.
    strand_channel : bool, default=False
        The batches have a fifth, strand-indicator channel (see
        :func:`~sklearn_genexpr._alphabet.reverse_complement_onehot`).
    """

    def __init__(
        self,
        dataset: ArrayDataset,
        batch_size: int,
        shuffle: bool = False,
        generator: torch.Generator | None = None,
        alphabet: str = "ACGT",
        double: bool = False,
        strand_channel: bool = False,
    ) -> None:
        super().__init__(dataset, batch_size, shuffle=shuffle, generator=generator)
        self.alphabet = alphabet
        self.double = double
        self.strand_channel = strand_channel

    def __iter__(self) -> Iterator[tuple[torch.Tensor, torch.Tensor | None]]:
        for X_batch, y_batch in super().__iter__():
            X_rc = reverse_complement_onehot(
                X_batch, alphabet=self.alphabet, strand_channel=self.strand_channel
            )
            if self.double:
                yield (
                    torch.cat([X_batch, X_rc]),
                    (None if y_batch is None else torch.cat([y_batch, y_batch])),
                )
                continue
            flip = torch.rand(X_batch.shape[0], generator=self.generator)
            flip = (flip < 0.5).to(X_batch.device)
            yield torch.where(flip[:, None, None], X_rc, X_batch), y_batch
