# The two commands a newcomer needs: `make demo` and `make test`. Both create the virtualenv.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster

.PHONY: install system-deps demo test dev mirror serve summary benchmark eval-news clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# Debian's stock pip backtracks for minutes on the dagster/dagster-pandera pin split.
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[test,mirror]'
	touch $@

install: $(BIN)/.installed system-deps

# Tesseract (OCR for scanned decrees) from Debian; one line, and no failure, where it cannot be had.
system-deps:
	@bash scripts/install_system_deps.sh

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

demo: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m mirror demo

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

dev: install $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1

mirror: install
	$(BIN)/python -m mirror generate

serve: install
	$(BIN)/python -m mirror serve

summary: install
	$(BIN)/spbe summary

benchmark: install
	$(BIN)/python benchmarks/run_benchmark.py

eval-news: install
	$(BIN)/python scripts/eval_news_extractor.py

clean:
	rm -rf data .dagster
