"""Meta-estimators for targets measured in several libraries or conditions."""

from ._library import LibraryIndicatorRegressor

__all__ = ["LibraryIndicatorRegressor"]
