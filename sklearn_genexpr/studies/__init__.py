"""The four studies reproduced end to end on the shipped data (``genexpr reproduce``).

Each module has ``run(options, report) -> list[dict]``: it fits the models the
study compared, with the study's split protocol, and returns result rows
(model, metric, value, spread, paper) that the command prints as a table.
"""

from . import dgex, histone, openness, promoter

STUDIES = {
    "histone": histone,
    "openness": openness,
    "promoter": promoter,
    "dgex": dgex,
}

__all__ = ["STUDIES"]
