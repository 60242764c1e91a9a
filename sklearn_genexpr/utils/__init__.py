"""Utilities shared by the estimators of sklearn-genexpr."""

from ._show_versions import show_versions
from ._validation import check_sequences

__all__ = ["check_sequences", "show_versions"]
