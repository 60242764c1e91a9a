# Two set-up commands do everything on a fresh machine: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# torch first and pinned: 2.13.0 is the CPU build that lies on this machine's disk;
# an unpinned torch would pull a multi-GB CUDA build.
TORCH ?= torch==2.13.0

.PHONY: venv install install-test demo test lint bench docs docs-results clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@

venv install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# The demo writes figures: it brings the plot extra (matplotlib).
$(VENV)/.installed-plot: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[plot]"
	touch $@

demo: $(VENV)/.installed-plot
	$(PY) -m sklearn_genexpr reproduce all --quick --output demo-output
	@echo "open demo-output/report.html"

# The quality bar first (seconds), then the suite; `make test` is what CI runs.
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q

bench: $(VENV)/.installed-bench
	$(PY) -m pytest benchmarks -q -o addopts="" --benchmark-only --benchmark-columns=min,mean,rounds

$(VENV)/.installed-docs: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[docs]"
	touch $@

docs: $(VENV)/.installed-docs
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

# Refresh the run the docs render their result tables and figures from.
docs-results: $(VENV)/.installed-plot
	rm -rf docs/_static/demo
	$(PY) -m sklearn_genexpr reproduce all --quick --output docs/_static/demo
	rm docs/_static/demo/l1000_inferred_targets.csv.gz  # 18 MB of inferred values: not for the docs

clean:
	rm -rf $(VENV) build *.egg-info .benchmarks demo-output docs/_build docs/generated
