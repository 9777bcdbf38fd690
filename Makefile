# G40 Netwerk — everything a newcomer needs is `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev check lint format messages worker beat backup restore bench clean

.env:
	cp .env.example .env

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -qq --upgrade pip
	$(PIP) install -qq .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -qq --upgrade pip
	$(PIP) install -qq ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed .env
install-dev: $(VENV)/.installed-dev .env

## run: install, migrate, load cities, pillars and demo data, and serve on http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_cities
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: install with the dev extra and run the whole suite
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

## check: what CI checks besides the tests
check: install-dev
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## messages: refresh and compile the Dutch translations (needs gettext)
messages: install-dev
	./scripts/messages.sh

## backup: a consistent copy of the database in backups/ (pg_dump on PostgreSQL)
backup: install
	$(PY) manage.py backup

## restore FILE=backups/g40-….backup: overwrite the database with a backup
restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/g40-YYYYmmdd-HHMMSS.backup" && exit 2)
	$(PY) manage.py restore "$(FILE)" --yes

## bench: both data sets on PostgreSQL and gunicorn, every page against the reference
## page, the registration burst; a table and bench-results/*.json (docs/benchmarks.md)
bench: install-dev
	$(PY) -m bench $(BENCH_ARGS)

worker: install
	$(VENV)/bin/celery -A g40 worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A g40 beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
