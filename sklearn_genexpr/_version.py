"""The package version (its own module: submodules read it without importing the package)."""

__version__ = "0.1.0"
