# Two set-up commands do everything on a fresh machine: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# torch first and pinned: 2.13.0 is the CPU build that lies on this machine's disk;
# an unpinned torch would pull a multi-GB CUDA build.
TORCH ?= torch==2.13.0

.PHONY: venv install install-test demo test test-core lint bench docs docs-results clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e ".[all]"
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@

venv install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The demo writes figures: the `all` extra brings matplotlib (through `studies`).
demo: $(VENV)/.installed
	$(PY) -m sklearn_genexpr reproduce all --quick --output demo-output
	@echo "open demo-output/report.html"

# The quality bar first (seconds), then the suite; `make test` is what CI runs.
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q

# The core install proved in a fresh venv: no torch, skorch, LightGBM or tqdm; the tests
# that need nothing more (importing every public name, the transformers, metrics, neighbours).
CORE_VENV ?= .venv-core
CORE_TESTS := tests/test_core_install.py tests/test_alphabet.py \
	tests/preprocessing/test_onehot.py tests/metrics tests/neighbors tests/multioutput \
	tests/datasets/test_promoter_file.py tests/model_selection tests/test_routes.py
test-core:
	rm -rf $(CORE_VENV)
	$(PYTHON) -m venv $(CORE_VENV)
	$(CORE_VENV)/bin/python -m pip install --quiet . "pytest>=7.4" "hypothesis>=6.80"
	$(CORE_VENV)/bin/python -m pytest -q -o addopts="-p no:cacheprovider" $(CORE_TESTS)
	rm -rf build  # what the non-editable install left in the checkout

bench: $(VENV)/.installed-bench
	$(PY) -m pytest benchmarks -q -o addopts="" --benchmark-only --benchmark-columns=min,mean,rounds

$(VENV)/.installed-docs: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[docs]"
	touch $@

docs: $(VENV)/.installed-docs
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

# Refresh the run the docs render their result tables and figures from.
docs-results: $(VENV)/.installed
	rm -rf docs/_static/demo
	$(PY) -m sklearn_genexpr reproduce all --quick --output docs/_static/demo
	rm docs/_static/demo/l1000_inferred_targets.csv.gz  # 18 MB of inferred values: not for the docs

clean:
	rm -rf $(VENV) build *.egg-info .benchmarks demo-output docs/_build docs/generated
