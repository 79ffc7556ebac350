# Two commands for everyone: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/current.tar.gz
MODEL_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)

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

.PHONY: help run test train validate pytest test-stories clean

help:
	@echo "make run    install, train if needed, start Rasa + actions + web app (Ctrl-C stops)"
	@echo "make test   install, train if needed, validate data, run every test"

$(VENV)/.installed: requirements.txt
	@if [ -z "$(PYTHON)" ]; then echo "error: Python 3.10 not found. Install it (pyenv install 3.10.13) or run: make PYTHON=/path/to/python3.10 ..." >&2; exit 1; fi
	@echo "==> [1/3] creating $(VENV) with $(PYTHON) and installing pinned packages (about 2 minutes)"
	@rm -rf $(VENV) && $(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(MODEL): $(VENV)/.installed $(MODEL_INPUTS)
	@echo "==> [2/3] training the Rasa model (config, domain or data changed; about 2 minutes)"
	@start=$$(date +%s); $(RASA) train --fixed-model-name current --out models --quiet && \
		echo "    trained in $$(( $$(date +%s) - start )) s"

train: $(MODEL)

run: $(MODEL)
	@echo "==> [3/3] starting the assistant"
	@$(PY) -m bot run

validate: $(VENV)/.installed
	@echo "==> rasa data validate"
	@$(PY) tests/validate_data.py

pytest: $(MODEL)
	@echo "==> pytest"
	@$(PY) -m pytest

test-stories: $(MODEL)
	@echo "==> rasa test: conversation stories"
	@$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out var/test-results/core --quiet

test: validate $(MODEL) pytest test-stories
	@echo "==> all tests passed"

clean:
	rm -rf $(VENV) models .rasa var/test-results
