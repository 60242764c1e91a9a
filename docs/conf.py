"""Sphinx configuration of the sklearn-genexpr documentation (``make docs``)."""

import sklearn_genexpr

project = "sklearn-genexpr"
author = "sklearn-genexpr developers"
copyright = "2026, sklearn-genexpr developers"
release = version = sklearn_genexpr.__version__
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
]
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
exclude_patterns = ["_build"]
nitpicky = True
templates_path = ["_templates"]


def _skip_metadata_request_setters(app, what, name, obj, skip, options):
    """sklearn generates set_*_request methods on every estimator; their docstrings
    link into sklearn's own docs, so they are left to sklearn's documentation."""
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return skip


def setup(app):
    app.connect("autodoc-skip-member", _skip_metadata_request_setters)
