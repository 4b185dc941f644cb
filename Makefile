# Compact Portal. `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run: system-packages install assets ## Run the portal on http://127.0.0.1:8000 with demo data (PORT changes the port)
	./scripts/run.sh

test: test-packages install assets ## Run the whole test suite (PostgreSQL and Redis when they answer)
	eval "$$(./scripts/test-env.sh)" && $(PY) -m pytest $(PYTEST_ARGS)

# The apps whose rules count days, run again with the clock moved (default: the 29 February
# of the first leap year at least two years on), so a test tied to the calendar shows itself.
DATED_APPS := tests/accountability tests/disputes tests/reminders tests/reviews tests/signatories
test-moved: test-packages install assets ## Run the date-sensitive apps again on another day (TODAY=YYYY-MM-DD)
	eval "$$(./scripts/test-env.sh)" && \
	  $(PY) -m pytest $(DATED_APPS) --today="$(or $(TODAY),$$(./scripts/leap-day-ahead.sh))" $(PYTEST_ARGS)

lint: install ## ruff over the code
	$(PY) -m ruff check .

fmt: install ## Format the code
	$(PY) -m ruff format . && $(PY) -m ruff check --fix .

migrate: install ## Apply database migrations
	$(PY) manage.py migrate

system-packages:
	./scripts/system-packages.sh

test-packages:
	./scripts/system-packages.sh test

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml .python-version
	@python=$$(./scripts/find-python.sh) && \
	  { [ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || "$$python" -m venv --clear $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: assets/portal.css

assets/portal.css: node_modules/.installed frontend/portal.scss scripts/build-assets.mjs
	npm run --silent build

.PHONY: help run test test-moved lint fmt migrate system-packages test-packages install assets
