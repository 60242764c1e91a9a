"""Cross-validation splitters that keep related rows apart: by chromosome, by shared k-mers."""

from ._chromosome import ChromosomeKFold, chromosome_groups
from ._homology import HomologyGroupKFold, homology_groups

__all__ = ["ChromosomeKFold", "HomologyGroupKFold", "chromosome_groups", "homology_groups"]
