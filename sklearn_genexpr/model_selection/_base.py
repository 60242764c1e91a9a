"""What the package's splitters share: labels from the data, whole groups per fold."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold
from sklearn.model_selection._split import _BaseKFold

__all__ = ["LabelledGroupKFold"]


class LabelledGroupKFold(_BaseKFold):
    """K-fold over groups that a subclass reads from the data (not for direct use).

    A subclass implements ``_labels(X, groups)``; the folds are scikit-learn's
    :class:`~sklearn.model_selection.GroupKFold` over those labels, so each
    group lands in one test fold and the folds are balanced by rows.
    """

    def _labels(self, X: Any, groups: Any) -> np.ndarray:
        raise NotImplementedError

    def _folds(self, X: Any, y: Any, groups: Any) -> Any:
        labels = self._labels(X, groups)
        folds = GroupKFold(self.n_splits, shuffle=self.shuffle, random_state=self.random_state)
        yield from folds.split(np.zeros((labels.size, 1)), y, labels)

    def _iter_test_indices(self, X: Any = None, y: Any = None, groups: Any = None) -> Any:
        raise NotImplementedError  # the folds come from GroupKFold (see _folds)
