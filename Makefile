# One runner for people and CI. Everything also works without make: see README.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
SPARK_STAMP := $(VENV)/.installed-spark-stamp
PURE   := src/unburied/domain src/unburied/independence src/unburied/review src/unburied/access src/unburied/ledger src/unburied/vault

.PHONY: install install-spark demo test lint fix typecheck pytest security docs vectors bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Optional: pyspark for SplinkModel(backend="spark") and its tests; Spark also needs Java 17.
$(SPARK_STAMP): $(STAMP)
	$(PY) -m pip install -q -c constraints.txt -e '.[dev,spark]'
	touch $(SPARK_STAMP)

install-spark: $(SPARK_STAMP)

demo: install
	$(VENV)/bin/unburied demo

test: install lint typecheck security pytest

lint: install
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/ruff check src tests bench

fix: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

typecheck: install
	$(VENV)/bin/mypy src/unburied

security: install
	$(VENV)/bin/bandit -q -c pyproject.toml -r $(PURE)

pytest: install
	$(PY) -m pytest -q $(PYTEST_ARGS)

vectors: install
	$(PY) tests/vectors/generate.py
	git diff --exit-code -- tests/vectors

bench: install
	$(PY) bench/ledger.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
