"""The neural estimators' data, in torch's ``Dataset`` / ``DataLoader`` contract.

A :class:`RowDataset` returns one row per ``__getitem__`` (torch's contract),
and a whole batch per ``__getitems__``, which torch's ``DataLoader`` calls with
the batch's indices when a dataset has it. A batch is thus one tensor
indexing operation (or one CSR row slice densified, one sorted read of a
memory map) instead of ``batch_size`` single-row reads collated afterwards:
fetching row by row made a plain MLP epoch about 2x slower than a
hand-written loop. :func:`collated` is the ``collate_fn`` that passes such a
batch on unchanged; :class:`StrandCollate` is the one that also adds reverse
complements (the sequence networks' augmentation).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
import torch

from .._alphabet import reverse_complement_onehot

__all__ = ["RowDataset", "SequenceCodes", "StrandCollate", "collated", "is_streamed", "to_tensor"]


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

    def __len__(self) -> int:
        return int(self.codes.shape[0])

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


class RowDataset(torch.utils.data.Dataset):
    """Rows of ``X`` and ``y``: one per ``__getitem__``, a batch per ``__getitems__``.

    ``X`` is a dense tensor (in memory), :class:`SequenceCodes`, a CSR matrix
    (densified per batch) or a numpy array such as a ``np.memmap`` (read and
    cast to float32 per batch, so a file larger than memory streams). ``rows``
    optionally restricts the dataset to those rows of a streamed ``X`` (a
    training or validation subset) without copying it; ``y`` then holds just
    those rows, in that order.

    Parameters
    ----------
    X : torch.Tensor, SequenceCodes, CSR matrix or ndarray
        The network input.
    y : torch.Tensor or None, default=None
        Targets, float32 ``(n, n_outputs)``; NaN marks "not measured".
    rows : ndarray or None, default=None
        The rows of a streamed ``X`` that this dataset holds.
    device : str, default="cpu"
        Where batches read from numpy or CSR are put.
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
        """The network input of the rows ``index`` (a slice, a list or a tensor)."""
        if isinstance(index, list):
            index = torch.as_tensor(index, dtype=torch.long)
        if isinstance(self.X, torch.Tensor):  # in memory (never with row_index)
            return self.X[index.to(self.X.device) if isinstance(index, torch.Tensor) else index]
        if isinstance(self.X, SequenceCodes):  # as codes (never with row_index)
            if isinstance(index, torch.Tensor):
                index = index.to(self.X.codes.device)
            return self.X.onehot(index)
        if isinstance(index, torch.Tensor):
            index = index.cpu().numpy()
        if self.row_index is not None:
            index = self.row_index[index]
        if sp.issparse(self.X):
            # densified per batch: the full matrix may be far larger than memory
            dense = self.X[index].toarray().astype(np.float32, copy=False)
            return torch.from_numpy(dense).to(self.device)
        batch = np.asarray(self.X[np.sort(index) if not isinstance(index, slice) else index])
        if not isinstance(index, slice):  # sorted reads are sequential on disk; restore order
            batch = batch[np.argsort(np.argsort(index))]
        batch = np.ascontiguousarray(batch, dtype=np.float32)
        if not batch.flags.writeable:  # a read-only map: torch needs its own batch copy
            batch = batch.copy()
        return torch.from_numpy(batch).to(self.device)

    def __getitems__(self, index: Any) -> tuple[torch.Tensor, torch.Tensor | None]:
        """A batch ``(X, y)`` of the rows ``index``, already collated."""
        if self.y is None:
            return self.rows(index), None
        # y holds only this dataset's rows, in order: it is indexed directly
        rows_of_y = torch.as_tensor(index, dtype=torch.long) if isinstance(index, list) else index
        if isinstance(rows_of_y, torch.Tensor):
            rows_of_y = rows_of_y.to(self.y.device)
        return self.rows(index), self.y[rows_of_y]

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor | None]:
        X, y = self.__getitems__(slice(i, i + 1))
        return X[0], (None if y is None else y[0])


def collated(batch: Any) -> Any:
    """``collate_fn`` for :class:`RowDataset`: its ``__getitems__`` already collated."""
    return batch


class StrandCollate:
    """``collate_fn`` that trains on both strands.

    By default a random half of every batch is reverse-complemented; with
    ``double=True`` every batch holds its sequences and their reverse
    complements (twice the rows, the same targets twice).

    Parameters
    ----------
    alphabet : str, default="ACGT"
        Channel order of the one-hot batches ``(n, 4, L)``.
    double : bool, default=False
        Both strands of every sequence instead of a random one.
    strand_channel : bool, default=False
        The batches have a fifth, strand-indicator channel (see
        :func:`~sklearn_genexpr._alphabet.reverse_complement_onehot`).
    generator : torch.Generator or None, default=None
        Source of the random flips (seeded for reproducible fits).
    """

    def __init__(
        self,
        alphabet: str = "ACGT",
        double: bool = False,
        strand_channel: bool = False,
        generator: torch.Generator | None = None,
    ) -> None:
        self.alphabet = alphabet
        self.double = double
        self.strand_channel = strand_channel
        self.generator = generator

    def __call__(self, batch: Any) -> tuple[torch.Tensor, torch.Tensor | None]:
        X_batch, y_batch = batch
        X_rc = reverse_complement_onehot(
            X_batch, alphabet=self.alphabet, strand_channel=self.strand_channel
        )
        if self.double:
            y_both = None if y_batch is None else torch.cat([y_batch, y_batch])
            return torch.cat([X_batch, X_rc]), y_both
        flip = torch.rand(X_batch.shape[0], generator=self.generator)
        flip = (flip < 0.5).to(X_batch.device)
        return torch.where(flip[:, None, None], X_rc, X_batch), y_batch


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
