# The two commands (README): `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup assets check clean

run: setup
	$(PY) -m engage.launcher run

test: setup
	@PYTHON=$(PYTHON) bash scripts/bootstrap.sh --browser
	$(PY) -m engage.launcher test $(PYTEST_ARGS)

setup:
	@PYTHON=$(PYTHON) bash scripts/bootstrap.sh

# Rebuild the vendored GOV.UK Frontend CSS/JS in static/govuk/ (needs Node and npm).
assets:
	bash scripts/build-assets.sh

check: setup
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var/ .pytest_cache/
