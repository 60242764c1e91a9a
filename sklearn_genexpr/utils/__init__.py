"""Utilities shared by the estimators of sklearn-genexpr."""

from ._validation import check_sequences

__all__ = ["check_sequences"]
