# Nianlun — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8080
WORKERS ?= 2
PYTEST_ARGS ?=
LINTED := services launcher tests simulator benchmarks

.DEFAULT_GOAL := help

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Installs exactly the pinned versions (requirements/test.txt: runtime, tests and lint tools),
# then the project itself without resolving anything again.
$(VENV)/.installed: requirements/main.txt requirements/test.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/test.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

venv: $(VENV)/.installed ## Create the virtual environment (.venv) with every Python package

# pip-tools lives in a throwaway environment of its own, not in .venv.
PIP_TOOLS ?= /tmp/nianlun-pip-tools
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS)/bin/pip-compile -q --no-emit-index-url \
	--no-emit-find-links --strip-extras --allow-unsafe $(LOCK_ARGS)
lock: ## Re-pin requirements/main.txt (runtime) and requirements/test.txt (+ test, lint) from pyproject.toml; LOCK_ARGS=--upgrade
	@test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && \
	  $(PIP_TOOLS)/bin/pip install -q --disable-pip-version-check 'pip-tools>=7.6,<8'; }
	$(PIP_COMPILE) -o requirements/main.txt pyproject.toml
	$(PIP_COMPILE) --extra test --extra lint -c requirements/main.txt -o requirements/test.txt pyproject.toml

lint: venv ## ruff check, ruff format --check and mypy on services/ (configured in pyproject.toml); all three run, any finding fails
	@status=0; \
	  (set -x; $(VENV)/bin/ruff check $(LINTED)) || status=1; \
	  (set -x; $(VENV)/bin/ruff format --check --output-format concise $(LINTED)) || status=1; \
	  (set -x; $(VENV)/bin/mypy services) || status=1; \
	  exit $$status

system-deps: ## Install the Debian packages that are missing (apt-get, as root)
	@bash scripts/system-deps.sh

run: system-deps venv ## Run the whole stack at http://127.0.0.1:$(PORT) (SQLite + private Redis under var/)
	PORT=$(PORT) $(PY) -m launcher.run

venue: system-deps venv ## Like run, on this laptop's address on the venue's Wi-Fi (VENUE_HOST=… to choose it): phones reach it, links and QR codes point to it, no internet needed
	PORT=$(PORT) $(PY) -m launcher.run --venue

organiser: venv ## Make the first organiser of a programme (asks for programme, login, name and password)
	$(PY) -m launcher.organiser $(ORGANISER_ARGS)

test: system-deps venv ## Run the test suite (unit, integration, PostgreSQL, end to end)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: venv ## Only the tests that start no processes (unit + integration)
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

migrate: venv ## Bring the three service databases up to date
	$(PY) -c "from launcher.run import migrate_all; migrate_all()"

dead-letters: venv ## Show the events that were dead-lettered, per consumer group
	$(PY) -m launcher.deadletters

demo: system-deps venv ## The Anshun workshop end to end: 36 organisations, every report, the summary (DEMO_ORGANISATIONS=n for fewer)
	$(PY) -m launcher.demo

bench: system-deps venv ## All benchmarks (about 40 min, mostly the 500-render leak check): load, event path, rendering, scaling; rewrites BENCHMARKS.md
	$(PY) -m benchmarks.load
	$(PY) -m benchmarks.render
	$(PY) -m benchmarks.report

bench-render: venv ## Rendering benchmark: CPU per report, leak check, a 36-organisation workshop on 1–3 processes
	$(PY) -m benchmarks.render

TRANSLATED := services/common services/registration services/diagnosis services/reporting
translations: venv ## Collect the pages' strings into each folder's translations/zh/…/messages.po (then translate the new ones)
	@for folder in $(TRANSLATED); do \
	  mkdir -p $$folder/translations && $(VENV)/bin/pybabel -q extract -F babel.cfg --no-location --omit-header -o $$folder/translations/messages.pot $$folder && \
	  if [ -f $$folder/translations/zh/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel -q update --no-fuzzy-matching --ignore-obsolete -i $$folder/translations/messages.pot -d $$folder/translations -l zh; \
	  else $(VENV)/bin/pybabel -q init -i $$folder/translations/messages.pot -d $$folder/translations -l zh; fi; \
	  rm $$folder/translations/messages.pot; \
	done
	@echo "Now translate each new empty msgstr; tests/unit/test_translations.py checks none is left."

compose-config: system-deps ## Check that docker-compose.yml parses
	docker-compose -f docker-compose.yml config -q

up: ## Start the docker compose stack (WORKERS report workers)
	docker-compose up -d --scale worker=$(WORKERS)

scale: ## Scale the compose report workers: make scale WORKERS=n
	docker-compose up -d --no-recreate --scale worker=$(WORKERS) worker

down: ## Stop the docker compose stack
	docker-compose down

compose-test: venv ## Build the compose images (no registry needed), run a 6-organisation workshop on 3 then 1 workers, tear down
	@bash scripts/system-deps.sh --compose
	$(PY) -m tests.deployment.compose_test

clean: ## Remove var/ (databases, Redis files, reports) — keeps .venv
	rm -rf var

.PHONY: help venv lock lint system-deps run venue test test-fast migrate dead-letters demo bench bench-render translations compose-config up scale down compose-test clean
