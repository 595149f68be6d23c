# Parvis: two commands on a fresh machine, `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL server the suite uses a second time when nothing else is configured. Each test process names its
# own test database (settings.py), so two `make test` beside each other never share one.
PG_URL ?= postgres://postgres@127.0.0.1:5432/parvis
# The Makefile is the developer's tool: development mode unless told otherwise (production runs gunicorn with its own environment).
export DEBUG ?= 1

.PHONY: run dev test install lock migrate demo serve lint format test-sqlite test-postgres test-e2e test-e2e-scaled test-sqlite-stage test-postgres-stage test-e2e-scaled-stage test-scaled tools check-pages fuzz bench worker messages clean screenshots

# requirements.lock pins every package, the dev extras and the build back-end included, with their hashes: pip
# refuses anything else. The project itself is then installed without dependencies and without fetching a build
# environment. `make lock` refreshes the lock after a change of pyproject.toml.
LOCK := requirements.lock
$(STAMP): pyproject.toml $(LOCK)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $(STAMP)

install: $(STAMP)

# uv, from PyPI, in its own folder (not in the project's environment), resolves for Python 3.11 on every platform.
UV_VERSION ?= 0.13.9
LOCK_TOOLS := .tools/lock
lock:
	test -x $(LOCK_TOOLS)/bin/uv || { $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet uv==$(UV_VERSION); }
	printf 'setuptools>=69\n' | $(LOCK_TOOLS)/bin/uv pip compile pyproject.toml - --extra dev --universal \
		--python-version 3.11 --generate-hashes --upgrade --quiet --custom-compile-command "make lock" -o $(LOCK)

migrate: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py push_keys

demo: migrate
	$(PY) manage.py territories import --instance
	PARVIS_TASKS=immediate $(PY) manage.py demo

# `make run` serves the demo as a visitor sees it: production settings (DEBUG off, the product's 404 and 500 pages,
# static files hashed and served by the application through WhiteNoise) on plain local HTTP, with gunicorn and SQLite
# alone. Tasks (e-mails, previews, notifications) run inline so that no worker is needed: the e-mails appear here.
# HOST=0.0.0.0 serves every address of the machine: the host names accepted are then its name and addresses.
# The secret key is made once and kept in .venv (sessions survive a restart; nothing of it is committed).
PUBLIC_HOST ?= $(if $(filter 0.0.0.0 ::,$(HOST)),$(or $(firstword $(shell hostname -I 2>/dev/null)),localhost),$(HOST))
RUN_HOSTS = $(sort 127.0.0.1 localhost $(PUBLIC_HOST) $(if $(filter 0.0.0.0 ::,$(HOST)),$(shell hostname 2>/dev/null) \
	$(foreach address,$(shell hostname -I 2>/dev/null),$(if $(findstring :,$(address)),[$(address)],$(address)))))
SECRET_FILE := $(VENV)/.secret-key
RUN_ENV = DEBUG=0 PARVIS_HTTPS=0 PARVIS_TASKS=immediate SECRET_KEY="$$(cat $(SECRET_FILE))" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(subst $(eval) ,$(comma),$(RUN_HOSTS))}" \
	CSRF_TRUSTED_ORIGINS="$${CSRF_TRUSTED_ORIGINS:-http://$(PUBLIC_HOST):$(PORT)}" \
	PARVIS_BASE_URL="$${PARVIS_BASE_URL:-http://$(PUBLIC_HOST):$(PORT)}"
comma := ,
run: demo
	test -s $(SECRET_FILE) || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $(SECRET_FILE)
	$(RUN_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Parvis serves http://$(PUBLIC_HOST):$(PORT)/ (production settings; \`make dev\` for development mode)"
	$(RUN_ENV) $(BIN)/gunicorn parvis.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4

# Development mode: DEBUG on (Django's error pages, files re-read at each request), runserver reloading the code.
dev: demo
	PARVIS_TASKS=immediate PARVIS_BASE_URL=http://$(PUBLIC_HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

# The task worker: the database queue by default, RQ when REDIS_URL is set.
worker: install
	@if [ -n "$$REDIS_URL" ]; then $(PY) manage.py rqworker default --job-class django_tasks_rq.Job; \
	else $(PY) manage.py db_worker; fi

# lint-imports holds the layers of docs/architecture.md ([tool.importlinter] in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The browser and live-server checks (marker e2e) run once, in test-e2e, whatever the database.
test-sqlite: install
	DATABASE_URL= $(BIN)/pytest -q -m "not e2e"

# Runs the suite again on PostgreSQL when DATABASE_URL is set or a server answers on 127.0.0.1:5432: the tests that
# use the test database (--database-tests-only, tests/conftest.py). The others (link previews against a local HTTP
# server, settings checks, commands run in a subprocess on their own SQLite file) do not depend on the database and
# pass or fail alike in test-sqlite, which runs every one of them.
test-postgres: install
	@if [ -n "$$DATABASE_URL" ]; then \
		$(BIN)/pytest -q -m "not e2e" --database-tests-only; \
	elif $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not e2e" --database-tests-only; \
	else \
		echo "*** PostgreSQL: no DATABASE_URL and nothing on 127.0.0.1:5432, the PostgreSQL run is SKIPPED ***"; \
	fi

# Issue #3: the demo instance served by gunicorn (its own SQLite file, production settings), crawled by Chromium
# with axe-core and the Nu HTML Checker, browser journeys at desktop and phone widths, and the API fuzzed by
# schemathesis. tests/e2e/README.md says what each checks.
test-e2e: install tools
	$(BIN)/pytest -q -rs -m e2e tests/e2e

# The scaled profile: PostgreSQL with a streaming replica made by pg_basebackup, Redis, two RQ workers, the local S3
# server and two gunicorn processes behind a round-robin proxy, all started here and stopped at the end;
# tests/scaled/README.md says what is checked. An engine that cannot run here skips the profile, with a line in
# capitals saying why. Part of `make test`, after the browser checks in their stage (the shortest of the three).
test-scaled: install tools
	PARVIS_SCALED=1 $(BIN)/pytest -q -rs tests/scaled

# The third stage of `make test`: the browser checks, then the scaled profile, each run even if the other failed.
test-e2e-scaled: install tools
	@status=0; $(MAKE) --no-print-directory test-e2e || status=1; \
		$(MAKE) --no-print-directory test-scaled || status=1; exit $$status

# Every page reachable as a visitor, an inhabitant and an agent: no 5xx, axe-core, Nu HTML Checker, alt, titles.
check-pages: install tools
	$(BIN)/pytest -q -rs tests/e2e/test_pages.py

# The API fuzzed longer than in `make test`: FUZZ_EXAMPLES cases per operation, stateful sequences included.
FUZZ_EXAMPLES ?= 300
fuzz: install
	PARVIS_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) PARVIS_FUZZ_PHASES=examples,coverage,fuzzing,stateful \
		$(BIN)/pytest -q -rs tests/e2e/test_api_fuzz.py

# The browser checks' tools: Debian's Chromium (Playwright never downloads a browser) and the npm packages pinned
# in tools/quality/package-lock.json (axe-core, the Nu HTML Checker run by the system's java), installed into
# .tools/quality. What cannot be installed is said loudly, and the browser tests then skip, naming it.
QUALITY_TOOLS := .tools/quality
tools: $(QUALITY_TOOLS)/.installed
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Chromium: apt-get install chromium"; \
			{ DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 || \
			  { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; } || \
			echo "*** Chromium could not be installed: the browser checks will be SKIPPED ***"; \
		else \
			echo "*** /usr/bin/chromium is missing and this is not root (apt-get install chromium): the browser checks will be SKIPPED ***"; \
		fi; \
	fi
	@command -v java >/dev/null 2>&1 || echo "*** java is missing (apt-get install default-jre-headless): the HTML checks will be SKIPPED ***"

# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the system's java runs it.
$(QUALITY_TOOLS)/.installed: tools/quality/package.json tools/quality/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		mkdir -p $(QUALITY_TOOLS) && cp tools/quality/package.json tools/quality/package-lock.json $(QUALITY_TOOLS)/ && \
		(cd $(QUALITY_TOOLS) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) && touch $@ || \
		echo "*** npm ci failed in $(QUALITY_TOOLS): axe-core and the Nu HTML Checker are missing, the browser checks will be SKIPPED ***"; \
	else \
		echo "*** npm is missing: axe-core and the Nu HTML Checker cannot be installed, the browser checks will be SKIPPED ***"; \
	fi

# After the lint, the three stages run side by side (TEST_JOBS=1 runs them one after the other): each uses its own
# test database (SQLite file or PostgreSQL database named after its process) and the browser checks their own demo
# instance, so they share nothing. -k lets every stage finish even when one fails; --output-sync prints each stage's
# output in one block when it ends, and the last lines name every stage that failed.
TEST_STAGES := test-sqlite test-postgres test-e2e-scaled
TEST_JOBS ?= $(words $(TEST_STAGES))
test: lint
	@echo "make test: $(TEST_STAGES) side by side ($(TEST_JOBS) at a time); each stage's output follows when it ends"
	@$(MAKE) --no-print-directory -k -j$(TEST_JOBS) --output-sync=target $(TEST_STAGES:%=%-stage) || \
		{ echo "*** make test FAILED in:$$(for s in $(TEST_STAGES); do test -e $(VENV)/.$$s-failed && printf ' %s' $$s; done) ***"; exit 1; }
	@echo "make test: lint, $(TEST_STAGES) passed"

# One stage of `make test`, framed so that its block of output says which stage it is and how it ended. A static
# pattern rule: make skips the implicit-rule search for .PHONY targets, so a plain `%-stage` rule would never run.
$(TEST_STAGES:%=%-stage): %-stage: install
	@rm -f $(VENV)/.$*-failed
	@echo "=== $* ==="
	@start=$$(date +%s); if $(MAKE) --no-print-directory $*; then \
		echo "=== $* passed in $$(( $$(date +%s) - start )) s ==="; \
	else \
		touch $(VENV)/.$*-failed; echo "=== $* FAILED after $$(( $$(date +%s) - start )) s ==="; exit 1; \
	fi

# Benchmarks, not part of `make test` (README, "Benchmarks"): SCALE=small is a twentieth of the Oise and takes a
# few minutes; SCALE=full generates 120,000 inhabitants once, then reuses the database. Both SQLite and PostgreSQL
# (skipped, loudly, when nothing answers on 127.0.0.1:5432). BENCH_ARGS passes options, e.g. "--db sqlite".
SCALE ?= small
BENCH_ARGS ?=
bench: install
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)
	$(PY) -m bench.transcoding

# Full-page PNGs of the main pages (visitor, inhabitant, agent) at 375 and 1280 px, light and dark, in screenshots/:
# the demo served as for the browser checks (tests/e2e/screenshots.py). ONLY=01-home-visitor,25-style-guide for a few.
ONLY ?=
screenshots: install tools
	$(PY) -m tests.e2e.screenshots --out screenshots $(if $(ONLY),--only $(ONLY))

messages: install
	cd parvis && ../$(PY) ../manage.py makemessages -l fr -l en --no-obsolete
	cd parvis && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) db.sqlite3* media
