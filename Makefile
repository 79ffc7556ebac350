# Two commands for everyone: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/current.tar.gz
MODEL_INPUTS := config.yml domain.yml $(shell find data risk_data -name '*.yml' 2>/dev/null) $(wildcard name_lists/*.txt)

# Python 3.10 (Rasa 3.6's ceiling): PYTHON=... wins, then a python3.10 on PATH that
# really runs (a pyenv shim may not), then pyenv's installed 3.10 versions.
PYTHON ?= $(shell for c in python3.10 "$$(pyenv root 2>/dev/null)"/versions/3.10.*/bin/python3.10 "$$HOME"/.pyenv/versions/3.10.*/bin/python3.10; do \
	"$$c" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo "$$c"; break; }; done)

# No network calls home, quieter TensorFlow.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONWARNINGS := ignore::DeprecationWarning

# PROFILE=production: two Rasa processes, two action servers and the app; needs REDIS_URL
# and (for more than one machine) DATABASE_URL=postgresql://... See README, "Production".
PROFILE ?= default

.PHONY: help run test train validate lint pytest test-stories test-production production-packages browser-packages debian-packages clean

help:
	@echo "make run    install, train if needed, start Rasa + actions + web app (Ctrl-C stops)"
	@echo "make test   install, train if needed, validate data, run every test"
	@echo "make run PROFILE=production   the production profile (REDIS_URL, DATABASE_URL)"
	@echo "make test-production          PostgreSQL + Redis + 2 Rasa processes: load and fault tests"
	@echo "make lint                     ruff check + ruff format --check"

$(VENV)/.installed: requirements.txt
	@if [ -z "$(PYTHON)" ]; then echo "error: Python 3.10 not found. Install it (pyenv install 3.10.13) or run: make PYTHON=/path/to/python3.10 ..." >&2; exit 1; fi
	@echo "==> [1/3] creating $(VENV) with $(PYTHON) and installing pinned packages (about 2 minutes)"
	@rm -rf $(VENV) && $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(MODEL): $(VENV)/.installed $(MODEL_INPUTS)
	@echo "==> [2/3] training the Rasa model (config, domain or data changed; about 15 minutes on 2 cores)"
	@start=$$(date +%s); $(RASA) train --fixed-model-name current --out models --quiet && \
		echo "    trained in $$(( $$(date +%s) - start )) s"

train: $(MODEL)

run: $(MODEL)
	@echo "==> [3/3] starting the assistant"
	@PROFILE=$(PROFILE) $(PY) -m bot run

# ruff (pinned in requirements.txt, configured in pyproject.toml): lint and format check.
lint: $(VENV)/.installed
	@echo "==> ruff check, ruff format --check"
	@$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check --quiet . || \
		{ echo "    fix with: .venv/bin/ruff check --fix . && .venv/bin/ruff format ." >&2; exit 1; }

validate: $(VENV)/.installed
	@echo "==> rasa data validate"
	@$(PY) tests/validate_data.py

# Debian's Chromium for the widget's and console's browser tests (Playwright drives it; no
# browser is ever downloaded), and nginx for the live chat through a reverse proxy (the
# tests start their own, on loopback); installed when missing, like PostgreSQL and Redis.
browser-packages:
	@$(MAKE) --no-print-directory debian-packages PACKAGES="chromium" CHECK="command -v chromium"
	@$(MAKE) --no-print-directory debian-packages PACKAGES="nginx-light" CHECK="test -x /usr/sbin/nginx"

# axe-core for the accessibility checks, from npm (package.json, package-lock.json).
node_modules/.installed: package.json package-lock.json
	@$(MAKE) --no-print-directory debian-packages PACKAGES="npm" CHECK="command -v npm"
	@echo "==> npm ci (axe-core for the accessibility checks)"
	@npm ci --ignore-scripts --no-audit --no-fund --silent && touch $@

# The frozen evaluation sets (marker `evaluation`: one in-process model, one core busy for
# most of the run) go in a second pytest process beside the other tests, so both cores work;
# their log is printed when both are done, and either process failing fails the target.
EVALUATION_LOG := var/test-results/evaluation.log
pytest: $(MODEL) browser-packages node_modules/.installed
	@echo "==> pytest (the evaluation sets in a second process: $(EVALUATION_LOG))"
	@mkdir -p $(dir $(EVALUATION_LOG))
	@$(PY) -m pytest --ignore=tests/production -m evaluation -p no:cacheprovider >$(EVALUATION_LOG) 2>&1 & \
		evaluation=$$!; trap 'kill $$evaluation 2>/dev/null' INT TERM; \
		$(PY) -m pytest --ignore=tests/production -m "not evaluation"; others=$$?; \
		wait $$evaluation; evaluated=$$?; \
		echo "==> pytest -m evaluation"; cat $(EVALUATION_LOG); \
		[ $$others -eq 0 ] && [ $$evaluated -eq 0 ]

test-stories: $(MODEL)
	@echo "==> rasa test: conversation stories"
	@$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out var/test-results/core --quiet

# Debian's PostgreSQL and Redis for test-production (its own servers, in a temporary
# directory, on loopback); installed when missing. Not a system service the tests use.
production-packages:
	@$(MAKE) --no-print-directory debian-packages PACKAGES="postgresql" CHECK="ls /usr/lib/postgresql/*/bin/initdb"
	@$(MAKE) --no-print-directory debian-packages PACKAGES="redis-server" CHECK="command -v redis-server"

# Install PACKAGES with apt-get unless CHECK succeeds (root only; otherwise say what to run).
debian-packages:
	@if ! ( $(CHECK) ) >/dev/null 2>&1; then \
		if [ "$$(id -u)" != 0 ]; then echo "error: please install: $(PACKAGES) (sudo apt-get install $(PACKAGES))" >&2; exit 1; fi; \
		echo "==> installing Debian packages: $(PACKAGES)"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(PACKAGES); \
	fi

test-production: $(MODEL) production-packages
	@echo "==> production profile: PostgreSQL, Redis, 2 Rasa processes; 50 conversations, faults (about 3 minutes)"
	@$(PY) -m pytest tests/production

test: lint validate $(MODEL) pytest test-stories test-production
	@echo "==> all tests passed"

clean:
	rm -rf $(VENV) models .rasa var/test-results node_modules
