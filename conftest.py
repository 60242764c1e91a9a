"""Test-session settings shared by the test suite and the docstring examples."""

import os

# Figures are drawn off-screen in tests and doctests (no display on CI).
os.environ.setdefault("MPLBACKEND", "Agg")
