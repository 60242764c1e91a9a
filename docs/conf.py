"""Sphinx configuration of the sklearn-genexpr documentation."""

import sklearn_genexpr

project = "sklearn-genexpr"
author = "sklearn-genexpr developers"
release = version = sklearn_genexpr.__version__
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
]
autosummary_generate = True
napoleon_numpy_docstring = True
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
    "imblearn": ("https://imbalanced-learn.org/stable", None),
}
html_theme = "alabaster"
exclude_patterns = ["_build"]
