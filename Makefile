# The two commands a newcomer needs: `make demo` and `make test`. Both create the virtualenv.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DAGSTER_HOME ?= $(CURDIR)/.dagster

.PHONY: install system-deps demo demo-postgres test docs check dev mirror serve mirror-serve summary benchmark eval-news fit-news clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	# fit (scikit-learn): the tests check the shipped model's pure-Python logistic against it, so
	# that test runs in CI instead of skipping.
	$(BIN)/python -m pip install -q -e '.[test,mirror,dev,docs,k8s,fit]'
	touch $@

install: $(BIN)/.installed

# Debian packages the demo and the tests need (tesseract for scanned decrees, chromium for the
# report test); a no-op when they are there.
system-deps:
	scripts/install_system_deps.sh

# The local instance config lives in deploy/local/ (not the repo root, where `dagster dev` would warn
# about a dagster.yaml in its working directory) and is copied into DAGSTER_HOME.
$(DAGSTER_HOME)/dagster.yaml: deploy/local/dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp deploy/local/dagster.yaml $@

demo: install system-deps $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/python -m mirror demo

# The production deployment on this machine: PostgreSQL (warehouse and Dagster instance, configured
# by deploy/dagster.yaml), dagster-daemon and a code server, refresh_all submitted to the run queue.
# Everything it starts it stops, by PID. See docs/deployment.md.
demo-postgres: install system-deps
	$(BIN)/python -m mirror demo-postgres

test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/python -m pytest -q

# The documentation site (docs/, mkdocs.yml) into data/site; strict, so a broken link fails.
docs: install
	$(BIN)/mkdocs build --strict

# `dg` (dagster-dg-cli) reads [tool.dg] in pyproject.toml; VIRTUAL_ENV tells it the venv is the project's.
check: install $(DAGSTER_HOME)/dagster.yaml
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(BIN)/dg check defs

dev: install $(DAGSTER_HOME)/dagster.yaml
	VIRTUAL_ENV=$(CURDIR)/$(VENV) PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/dg dev -h 127.0.0.1

mirror: install
	$(BIN)/python -m mirror generate

# Datasette over the warehouse (spbe serve, read-only, http://127.0.0.1:8001/); `make demo` builds it first.
serve: install
	$(BIN)/spbe serve

# The synthetic mirror alone (data/mirror, which `make mirror` writes), for working on a source.
mirror-serve: install
	$(BIN)/python -m mirror serve

summary: install
	$(BIN)/spbe summary

benchmark: install system-deps
	$(BIN)/python benchmarks/run_benchmark.py

# Real articles (../shared/news-real, skipped when absent) first: that is the measure of accuracy.
# The dev set of texts written here follows as a regression suite only.
eval-news: install
	$(BIN)/python scripts/eval_news_real.py
	$(BIN)/python scripts/eval_news_extractor.py
	$(BIN)/python scripts/stress_news.py

# Refit the news confidence model on ../shared/news-real (report; add ARGS=--write to rewrite the model file).
fit-news: install
	$(BIN)/python scripts/fit_news_confidence.py $(ARGS)

clean:
	rm -rf data .dagster
