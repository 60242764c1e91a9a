"""The one way the package compiles a loop: numba, cached on disk, without the GIL.

Importing this module imports numba, so each ``_*_kernels.py`` module that uses it
is imported lazily by its caller (importing the package must stay cheap).
``cache=True`` keeps the compiled machine code in ``__pycache__``: only the first
call on a new machine, numba version or input dtype pays for compilation (about a
second per kernel); ``nogil=True`` lets threads share the work.
"""

from __future__ import annotations

import numba

__all__ = ["jit"]

jit = numba.njit(cache=True, nogil=True)
