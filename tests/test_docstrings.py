"""Every public docstring validates with numpydoc (as sklearn's test_docstrings.py).

Checked: every name in the ``__all__`` of the package and its public
subpackages, and every public method that the package itself defines on
those classes (methods inherited from scikit-learn are sklearn's to check).
"""

import importlib
import inspect

import pytest

numpydoc_validate = pytest.importorskip("numpydoc.validate")

SUBPACKAGES = [
    "sklearn_genexpr",
    "sklearn_genexpr.genomics",
    "sklearn_genexpr.model_selection",
    "sklearn_genexpr.multioutput",
    "sklearn_genexpr.preprocessing",
    "sklearn_genexpr.neural_network",
    "sklearn_genexpr.neighbors",
    "sklearn_genexpr.metrics",
    "sklearn_genexpr.datasets",
    "sklearn_genexpr.inspection",
    "sklearn_genexpr.utils",
]

# Style choices, not errors: an extended summary, a See Also section and an
# Examples section on every method are welcome but not required; the class
# docstring holds the Examples and documents ``__init__``'s parameters.
IGNORED = {"ES01", "SA01", "EX01", "GL08", "RT02"}


def _public_names():
    for module_name in SUBPACKAGES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or isinstance(obj, str):  # subpackages, __version__
                continue
            yield f"{module_name}.{name}"
            if inspect.isclass(obj):
                for attr, member in [*vars(obj).items(), *_package_inherited(obj)]:
                    if attr.startswith("_") or not callable(member):
                        continue
                    yield f"{module_name}.{name}.{attr}"


def _package_inherited(cls):
    """Public methods the class inherits from the package's own (private) bases."""
    found = {}
    for base in cls.__mro__[1:]:
        if base.__module__.startswith("sklearn_genexpr"):
            for attr, member in vars(base).items():
                if attr not in vars(cls) and attr not in found:
                    found[attr] = member
    return list(found.items())


@pytest.mark.parametrize("name", sorted(set(_public_names())))
def test_docstring(name):
    result = numpydoc_validate.validate(name)
    errors = [f"{code}: {message}" for code, message in result["errors"] if code not in IGNORED]
    assert not errors, "\n".join([name, *errors])
