"""Device resolution and seeding for the neural estimators.

torch is imported inside the functions, never at module import, so that
``import sklearn_genexpr`` stays fast and initialises no CUDA context.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

__all__ = ["resolve_device", "seeded"]


def resolve_device(device: str) -> str:
    """Turn a ``device`` parameter into a torch device string, or fail clearly.

    Parameters
    ----------
    device : str
        ``"auto"`` (CUDA when available, else CPU), ``"cpu"``, ``"cuda"``,
        ``"cuda:N"`` or ``"mps"``.

    Returns
    -------
    device : str

    Raises
    ------
    ValueError
        If the device is unknown or not available on this machine.
    """
    import torch

    if not isinstance(device, str):
        raise ValueError(f"device must be a string such as 'auto' or 'cuda:0', got {device!r}.")
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        return "cpu"
    if device == "cuda" or device.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise ValueError(
                f"device={device!r} was requested, but CUDA is not available on this "
                f"machine (torch {torch.__version__}, CUDA build: {torch.version.cuda}); "
                f"use device='auto' or 'cpu'."
            )
        if device.startswith("cuda:"):
            index = device.split(":", 1)[1]
            if not index.isdigit() or int(index) >= torch.cuda.device_count():
                raise ValueError(
                    f"device={device!r}: this machine has {torch.cuda.device_count()} "
                    f"CUDA device(s)."
                )
        return device
    if device == "mps":
        if not (hasattr(torch.backends, "mps") and torch.backends.mps.is_available()):
            raise ValueError("device='mps' was requested, but MPS is not available here.")
        return "mps"
    raise ValueError(
        f"Unknown device {device!r}; expected 'auto', 'cpu', 'cuda', 'cuda:N' or 'mps'."
    )


@contextlib.contextmanager
def seeded(seed: int | None, device: str) -> Iterator[Any]:
    """Seed torch for the duration of a fit without touching the caller's RNG state.

    Yields a ``torch.Generator`` (seeded, or ``None`` when ``seed`` is None)
    for shuffling batches. The global torch RNG (used by weight
    initialisation and dropout) is forked, seeded, and restored afterwards.
    """
    import torch

    if seed is None:
        yield None
        return
    devices = []
    if device.startswith("cuda"):
        devices = [torch.device(device).index or 0]
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        generator = torch.Generator()
        generator.manual_seed(seed)
        yield generator
