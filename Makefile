# Parvis: two commands on a fresh machine, `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL server the suite uses a second time when nothing else is configured.
PG_URL ?= postgres://postgres@127.0.0.1:5432/parvis
# The Makefile is the developer's tool: development mode unless told otherwise (production runs gunicorn with its own environment).
export DEBUG ?= 1

.PHONY: run test install migrate demo serve lint format test-sqlite test-postgres check-pages fuzz bench worker messages clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py territories import --instance
	PARVIS_TASKS=immediate $(PY) manage.py demo

# Tasks (e-mails, previews, notifications) run inline so that no worker is needed: the e-mails appear here.
run: demo
	PARVIS_TASKS=immediate $(PY) manage.py runserver $(HOST):$(PORT)

# The task worker: the database queue by default, RQ when REDIS_URL is set.
worker: install
	@if [ -n "$$REDIS_URL" ]; then $(PY) manage.py rqworker default --job-class django_tasks_rq.Job; \
	else $(PY) manage.py db_worker; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite: install
	DATABASE_URL= $(BIN)/pytest -q

# Runs the suite again on PostgreSQL when DATABASE_URL is set or a server answers on 127.0.0.1:5432.
test-postgres: install
	@if [ -n "$$DATABASE_URL" ]; then \
		$(BIN)/pytest -q; \
	elif $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q; \
	else \
		echo "*** PostgreSQL: no DATABASE_URL and nothing on 127.0.0.1:5432, the PostgreSQL run is SKIPPED ***"; \
	fi

test: lint test-sqlite test-postgres

# Benchmarks, not part of `make test` (README, "Benchmarks"): SCALE=small is a twentieth of the Oise and takes a
# few minutes; SCALE=full generates 120,000 inhabitants once, then reuses the database. Both SQLite and PostgreSQL
# (skipped, loudly, when nothing answers on 127.0.0.1:5432). BENCH_ARGS passes options, e.g. "--db sqlite".
SCALE ?= small
BENCH_ARGS ?=
bench: install
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)

messages: install
	cd parvis && ../$(PY) ../manage.py makemessages -l fr -l en --no-obsolete
	cd parvis && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) db.sqlite3* media
