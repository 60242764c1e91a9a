"""A file held by reference: what Genome and BigWigTrack share."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["FileReference"]


class FileReference:
    """A reference to a file, never a copy of it (not for direct use).

    ``clone`` and ``deepcopy`` return the same object (a search clones its
    estimators' parameters once per candidate); pickling keeps the path
    alone, and the file is opened again on first use in the new process (open
    handles cannot be pickled). A subclass sets up its per-process state in
    ``_reset``.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = os.fspath(path)
        self._reset()

    def _reset(self) -> None:
        """Forget what was opened or read (a new process opens the file again)."""

    def __deepcopy__(self, memo: dict) -> Any:
        return self

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.path = state["path"]
        self._reset()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.path == self.path  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.path))
