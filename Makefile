# The README's two commands: `make run` (demo on the embedded SQLite database) and `make test`
# (the whole suite). Both install what they need: a virtual environment with the locked Python
# packages, the npm packages from package-lock.json, Debian's Pango and DejaVu fonts for the PDF
# letters (WeasyPrint), and Debian's Chromium for browser tests.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test token setup lint typecheck migrations-check pytest chromium pango lock clean messages

setup: pango $(STAMP) $(NODE_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium ontbreekt: installeren uit Debian (apt-get)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# WeasyPrint (letters as PDF) loads Pango at run time and needs a font; both `make run` and
# `make test` pass through `setup`, so a fresh Debian machine gets them from apt-get once.
pango:
	@{ /sbin/ldconfig -p 2>/dev/null || ldconfig -p; } | grep -q 'libpangoft2-1.0.so.0' \
	  && fc-list 2>/dev/null | grep -qi 'DejaVu Sans' || { \
	  echo "Pango of het lettertype DejaVu Sans ontbreekt (nodig voor brieven in PDF): installeren uit Debian (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

run: setup
	SAMEN_DEMO=1 $(BIN)/samen migrate --noinput
	SAMEN_DEMO=1 SAMEN_URL=http://$(HOST):$(PORT) $(BIN)/samen demo laden
	SAMEN_DEMO=1 $(BIN)/samen runserver $(HOST):$(PORT)

# An API token for a demo user of `make run`, e.g. `make token GEBRUIKER=consulent.maastricht`.
token: setup
	@test -n "$(GEBRUIKER)" || { echo "Geef de gebruiker: make token GEBRUIKER=consulent.maastricht" >&2; exit 2; }
	@SAMEN_DEMO=1 $(BIN)/samen token "$(GEBRUIKER)"

lint: setup
	$(BIN)/ruff check samen tests $(wildcard bench)
	$(BIN)/ruff format --check samen tests $(wildcard bench)

typecheck: setup
	$(BIN)/mypy samen

migrations-check: setup
	$(BIN)/samen makemigrations --check --dry-run

pytest: setup chromium
	$(BIN)/pytest -n 2 --dist loadfile

test: lint typecheck migrations-check pytest

# Refresh the lock file after changing dependencies in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

messages: setup
	cd samen && ../$(BIN)/samen makemessages -l en --no-obsolete && ../$(BIN)/samen compilemessages

clean:
	rm -rf $(VENV) node_modules samen.sqlite3 staticfiles test-artifacts audit-checkpoints
