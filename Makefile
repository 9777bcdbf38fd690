# G40 Netwerk — everything a newcomer needs is `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The address links in mails and calendar files point to: the one `make run` serves on,
# unless SITE_URL is given (environment or `make run SITE_URL=…`).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run oidc-provider test install install-dev lock lock-upgrade check lint format messages worker beat backup restore bench clean

.env:
	cp .env.example .env

# Installs come from the lock files (requirements/*.txt: exact versions with hashes,
# written by `make lock`); a changed lock file reinstalls. The project itself is not
# installed (pyproject.toml has no packages): manage.py runs from this folder.
# pip itself comes first, from its own lock (requirements/pip.txt, by hash): the pip a
# venv brings may be old (Python 3.11.7's is 23.2.1), and pips before 23.3 refuse a
# hash-checked lock in which a dependency asks for an extra (fonttools[woff]).
$(VENV)/.pip: requirements/pip.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -qq --require-hashes -r requirements/pip.txt
	touch $@

$(VENV)/.installed: $(VENV)/.pip requirements/base.txt
	$(PIP) install -qq --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.pip requirements/base.txt requirements/dev.txt
	$(PIP) install -qq --require-hashes -r requirements/dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed .env
install-dev: $(VENV)/.installed-dev .env

## lock: after changing the dependencies in pyproject.toml, pin them (with hashes) in
## requirements/base.txt (runtime) and requirements/dev.txt (runtime + dev); keeps the
## pins that still fit. `make lock-upgrade` moves everything to the newest allowed.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	$(LOCK_ARGS)
lock: install-dev
	$(PIP_COMPILE) --output-file requirements/pip.txt requirements/pip.in
	$(PIP_COMPILE) --output-file requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements/base.txt \
		--output-file requirements/dev.txt pyproject.toml

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

## run: install, migrate, load cities, pillars and demo data, and serve on http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_cities
	SITE_URL=$(SITE_URL) $(PY) manage.py load_demo
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

## oidc-provider: a local OpenID provider for the demo's "Inloggen met uw gemeente-account"
## (Zwolle; scripts/oidc-provider.mjs on http://127.0.0.1:9090; needs node and `npm ci`).
oidc-provider:
	test -d node_modules/oidc-provider || npm ci --no-audit --no-fund --ignore-scripts
	node scripts/oidc-provider.mjs

## test: install with the dev extra and run the whole suite on every core (pytest-xdist;
## TEST_WORKERS=0 runs it in one process); a worker that runs out of tests takes half of
## another's queue (worksteal), so the long browser crawls at the end leave no worker idle
TEST_WORKERS ?= auto
test: install-dev
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

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

## backup: the database and the uploaded files into BACKUP_DIR (django-dbbackup; encrypted for BACKUP_GPG_RECIPIENT)
backup: install
	$(PY) manage.py backup

## restore FILE=backups/g40-default-….sqlite3[.gpg]: overwrite the database with a backup (dbrestore)
restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/g40-default-YYYYmmdd-HHMMSS.psql.bin[.gpg]" && exit 2)
	$(PY) manage.py dbrestore --noinput --input-path "$(FILE)" $(if $(filter %.gpg,$(FILE)),--decrypt)

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
