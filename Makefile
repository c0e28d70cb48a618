# The two commands (README): `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup assets check clean bench bench-full

run: setup
	$(PY) -m engage.launcher run

test: setup
	@PYTHON=$(PYTHON) bash scripts/bootstrap.sh --browser
	$(PY) -m engage.launcher test $(PYTEST_ARGS)

setup:
	@PYTHON=$(PYTHON) bash scripts/bootstrap.sh

# Benchmarks (bench/README.md): PostgreSQL on 127.0.0.1:5432 (database engage_bench, made and
# seeded with 1M concerns on first use) and Redis (database 9; a private one if none answers).
# The quick tier takes under 10 minutes once seeded; both rewrite docs/benchmarks.md.
bench: setup
	$(PY) -m bench.run $(BENCH_ARGS)

bench-full: setup
	$(PY) -m bench.run --full $(BENCH_ARGS)

# Rebuild the vendored GOV.UK Frontend CSS/JS in static/govuk/ (needs Node and npm).
assets:
	bash scripts/build-assets.sh

check: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=true $(PY) -m mypy
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var/ .pytest_cache/ .mypy_cache/
