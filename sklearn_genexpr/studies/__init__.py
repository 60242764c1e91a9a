"""The four studies reproduced end to end on the shipped data (``genexpr reproduce``).

An application on top of the library: each module describes its study as a
:class:`~sklearn_genexpr.studies._registry.Study` (name, summary, data,
reference, ``run(options, report) -> list[dict]``) that fits the models the
study compared, with the study's split protocol; :data:`STUDIES` is the
registry and :func:`run_studies` the loop the command line calls.
"""

from . import dgex, histone, openness, promoter
from ._registry import Study, run_studies

#: The registry, in the order ``genexpr reproduce all`` runs them
STUDIES: dict[str, Study] = {
    study.name: study for study in (histone.STUDY, openness.STUDY, promoter.STUDY, dgex.STUDY)
}

__all__ = ["STUDIES", "Study", "run_studies"]
