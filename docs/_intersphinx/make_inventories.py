"""Write the intersphinx inventories of the projects the docs link to.

The docs build has no network, so ``conf.py`` reads inventories stored next to
this script instead of downloading ``objects.inv``. Each inventory lists the
objects of that project that the docs cite, with the URL of the object's page
in that project's stable documentation. Run this after citing a new external
object (the nitpicky docs build names any that is missing)::

    python docs/_intersphinx/make_inventories.py
"""

from __future__ import annotations

import pathlib
import zlib

HERE = pathlib.Path(__file__).parent

# project: (version, page of one object relative to the docs root, objects)
PROJECTS = {
    "sklearn": (
        "scikit-learn",
        "stable",
        "modules/generated/{name}.html#$",
        {
            "py:class": [
                "sklearn.compose.ColumnTransformer",
                "sklearn.compose.TransformedTargetRegressor",
                "sklearn.ensemble.RandomForestRegressor",
                "sklearn.ensemble.VotingRegressor",
                "sklearn.feature_extraction.text.CountVectorizer",
                "sklearn.linear_model.LinearRegression",
                "sklearn.linear_model.Ridge",
                "sklearn.linear_model.RidgeCV",
                "sklearn.model_selection.GridSearchCV",
                "sklearn.model_selection.GroupKFold",
                "sklearn.neighbors.KNeighborsRegressor",
                "sklearn.neural_network.MLPRegressor",
                "sklearn.pipeline.Pipeline",
                "sklearn.preprocessing.FunctionTransformer",
                "sklearn.preprocessing.OneHotEncoder",
                "sklearn.preprocessing.QuantileTransformer",
                "sklearn.preprocessing.StandardScaler",
            ],
            "py:function": [
                "sklearn.model_selection.cross_validate",
                "sklearn.metrics.make_scorer",
                "sklearn.pipeline.make_pipeline",
            ],
        },
    ),
    "imblearn": (
        "imbalanced-learn",
        "stable",
        "references/generated/{name}.html#$",
        {
            "py:class": ["imblearn.pipeline.Pipeline"],
            "py:function": ["imblearn.pipeline.make_pipeline"],
        },
    ),
}


def write(key: str) -> pathlib.Path:
    """Write ``<key>-objects.inv`` in Sphinx's inventory format (version 2)."""
    project, version, page, roles = PROJECTS[key]
    lines = [
        f"{name} {role} 1 {page.format(name=name)} -"
        for role, names in roles.items()
        for name in names
    ]
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    path = HERE / f"{key}-objects.inv"
    path.write_bytes(header.encode() + zlib.compress(("\n".join(lines) + "\n").encode()))
    return path


if __name__ == "__main__":
    for key in PROJECTS:
        print(write(key))
