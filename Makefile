# virkplan: `make run` serves the demo site, `make test` runs the whole suite.
# Both set up what they need on first use: the system packages they need
# (scripts/system-packages installs them as root on Debian, or says how), a
# virtual environment in .venv with the pinned Python packages, and the
# front-end assets from package-lock.json.

PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
VAR := var
PYTEST_ARGS ?=
ACCURACY_ARGS ?=
LOAD_TEST_ARGS ?=

export VIRKPLAN_HOME := $(CURDIR)

# The browser the page tests drive: Debian's chromium unless set; on macOS, Google Chrome.
ifeq ($(shell uname -s),Darwin)
export VIRKPLAN_CHROMIUM ?= /Applications/Google Chrome.app/Contents/MacOS/Google Chrome
endif

.PHONY: run test pictures lint format install clean messages bench load-test import-accuracy legacy-corpus api-fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The site's packages and the test and lint tools; production takes requirements.lock alone.
$(VENV)/.installed: $(BIN)/python requirements.lock requirements-dev.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

$(VAR)/secret_key: | $(BIN)/python
	mkdir -p $(VAR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# Serves the site on SQLite in var/, with the demo plans loaded on first run.
# The system packages are checked first, so a missing one stops it before anything else.
# Each worker is replaced after about a thousand requests (whatever memory it has gathered
# goes with it); uploads are read in a child process stopped well inside the 120 s timeout.
run:
	scripts/system-packages site
	@$(MAKE) --no-print-directory install $(VAR)/secret_key
	SECRET_KEY_FILE=$(VAR)/secret_key ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost,[::1],$(HOST)}" \
	VIRKPLAN_SECURE_COOKIES=0 VIRKPLAN_DEMO_USERS=1 sh -c '\
	  $(BIN)/virkplan migrate --noinput -v0 && \
	  $(BIN)/virkplan load_demo && \
	  $(BIN)/virkplan collectstatic --noinput -v0 && \
	  echo "virkplan is running at http://$(HOST):$(PORT)/ (Ctrl+C stops it)" && \
	  VIRKPLAN_BIND="$(HOST):$(PORT)" VIRKPLAN_WORKERS="$${VIRKPLAN_WORKERS:-2}" \
	    exec $(BIN)/gunicorn -c python:virkplan.gunicorn_config virkplan.wsgi'

# The whole suite; on PostgreSQL when DATABASE_URL points at one.
test:
	scripts/system-packages test
	@$(MAKE) --no-print-directory install
	$(BIN)/pytest $(PYTEST_ARGS)

# The page tests in the browser, each leaving its pages as pictures in test-artifacts/ to look at.
pictures:
	scripts/system-packages test
	@$(MAKE) --no-print-directory install
	VIRKPLAN_TEST_PICTURES=1 $(BIN)/pytest -m browser $(PYTEST_ARGS)

# schemathesis against the served API, as CI runs it (on PostgreSQL when DATABASE_URL says so).
api-fuzz: install
	scripts/api-schemathesis

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports --no-logo
	DJANGO_SETTINGS_MODULE=virkplan.settings_test $(BIN)/virkplan makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=virkplan.settings_test $(BIN)/mypy src

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

# Timings and query counts for docs/performance.md (not part of the test suite).
bench: install
	scripts/system-packages bench
	$(BIN)/python benchmarks/bench_foundation.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_legacy_read.py --quick
	$(BIN)/python benchmarks/bench_hostile_uploads.py --quick
	$(BIN)/python benchmarks/bench_api.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_http.py

# Fifty simulated people for five minutes (benchmarks/bench_users.py; locust in .venv-locust).
# On the database DATABASE_URL names as it is (load it with `virkplan load_scale_demo`), else the demo.
load-test: install .venv-locust/.installed
	$(BIN)/python benchmarks/bench_users.py $(LOAD_TEST_ARGS)

.venv-locust/.installed: benchmarks/locust.lock
	$(PYTHON) -m venv .venv-locust
	.venv-locust/bin/python -m pip install --quiet -r benchmarks/locust.lock
	touch $@

# Refresh the Danish catalogue after changing translatable text (needs gettext).
messages: install
	cd src/virkplan && DJANGO_SETTINGS_MODULE=virkplan.settings_test ../../$(BIN)/virkplan makemessages -l da --no-obsolete --add-location file
	cd src/virkplan && DJANGO_SETTINGS_MODULE=virkplan.settings_test ../../$(BIN)/virkplan compilemessages -l da

clean:
	rm -rf $(VENV) .venv-locust node_modules $(VAR) .pytest_cache .mypy_cache .ruff_cache

# How well the importer reads the reference plan and the test corpus (docs/import.md);
# ACCURACY_ARGS="--details --plan 03_borgerservice_tabel" says what went wrong where.
import-accuracy: install
	$(BIN)/python -m virkplan.interchange.legacy.accuracy $(ACCURACY_ARGS)

# Write the test corpus of old plans from its sources (tests/data/legacy/README.md); needs pdftotext.
legacy-corpus: install
	$(BIN)/python -m tests.interchange.legacy.corpus
