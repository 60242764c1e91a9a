"""Sphinx configuration of the sklearn-genexpr documentation (``make docs``)."""

from pathlib import Path

import sklearn_genexpr
from sklearn_genexpr.studies import STUDIES
from sklearn_genexpr.studies._report import rst

project = "sklearn-genexpr"
author = "sklearn-genexpr developers"
copyright = "2026, sklearn-genexpr developers"
release = version = sklearn_genexpr.__version__
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "myst_parser",  # the Markdown files (benchmarks, changelog) render as pages
]
myst_heading_anchors = 3
autosummary_generate = True
numpydoc_show_class_members = False  # autosummary pages list the members
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set = set()
autodoc_typehints = "none"  # numpydoc sections carry the types
# No network in the docs build: the inventories are stored in the repo
# (docs/_intersphinx/make_inventories.py writes them); the links point online.
intersphinx_mapping = {
    "sklearn": ("https://scikit-learn.org/stable/", "_intersphinx/sklearn-objects.inv"),
    "imblearn": ("https://imbalanced-learn.org/stable/", "_intersphinx/imblearn-objects.inv"),
}
html_theme = "pydata_sphinx_theme"
html_title = "sklearn-genexpr"
# the committed demo run (report.html, figures, JSON) is published with the site
html_static_path = ["_static"]
exclude_patterns = ["_build"]
nitpicky = True
templates_path = ["_templates"]


def _skip_metadata_request_setters(app, what, name, obj, skip, options):
    """sklearn generates set_*_request methods on every estimator; their docstrings
    link into sklearn's own docs, so they are left to sklearn's documentation."""
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return skip


def _results_from_a_run(app):
    """The result tables and figures of the docs, rendered from a run of the command.

    ``docs/_static/demo`` is the output folder of ``make demo`` (``genexpr
    reproduce all --quick``), committed; nothing in the docs is typed by hand.
    """
    source = Path(app.srcdir)
    generated = source / "generated"
    generated.mkdir(exist_ok=True)
    demo = source / "_static" / "demo"
    (generated / "results_all.inc").write_text(rst(demo, "/_static/demo"))
    for study in STUDIES:
        (generated / f"results_{study}.inc").write_text(rst(demo, "/_static/demo", study))


def setup(app):
    app.connect("autodoc-skip-member", _skip_metadata_request_setters)
    app.connect("builder-inited", _results_from_a_run)
