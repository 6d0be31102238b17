# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/resiliencehub

.PHONY: run test install lint test-sqlite test-postgres chromium bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/css/app.css: node_modules/.installed scripts/build-assets.mjs $(wildcard resiliencehub/core/assets/*)
	node scripts/build-assets.mjs

install: $(VENV)/.installed build/static/css/app.css

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	PORT=$(PORT) scripts/run-dev.sh

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# A file database (not in-memory), so concurrency tests see SQLite as production does.
test-sqlite: install chromium
	SQLITE_TEST_NAME=$(CURDIR)/var/test-db.sqlite3 $(PY) -m pytest -q

test-postgres: install chromium
	@if $(PY) scripts/pg_reachable.py "$${DATABASE_URL_TEST:-$(PG_URL)}"; then \
	  SKIP_BROWSER_SUITE=1 DATABASE_URL="$${DATABASE_URL_TEST:-$(PG_URL)}" $(PY) -m pytest -q; \
	else echo "PostgreSQL not reachable: skipped the PostgreSQL run."; fi

test: lint test-sqlite test-postgres

bench: install
	$(PY) bench/bench_instruments.py

clean:
	rm -rf $(VENV) node_modules build var
