# Two commands do all the set-up: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
# make demo PROCONNECT=1: a local ProConnect stand-in on PROCONNECT_PORT (README).
PROCONNECT ?=
PROCONNECT_PORT ?= 9400
PROCONNECT_ACR ?= eidas1

.PHONY: demo test install serve worker demo-code quality bench bench-check loadtest drills clean lint types imports migrations-check messages

$(STAMP):
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@$(PIP) install --quiet --upgrade pip
	@$(PIP) install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate a SQLite database, load the demo territory, serve on :8000
demo: install
	@$(PY) manage.py createcachetable
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_demo
	@echo ""
	@echo "Maillage : http://$(HOST):$(PORT)/territoires/clichy-sous-bois/"
	@echo "Tâches de fond : un worker tourne à côté du serveur (Ctrl+C arrête les deux)."
	@if [ -n "$(PROCONNECT)" ]; then echo "ProConnect local : bouton « S’identifier avec ProConnect » sur /connexion/ (agent du Département, SIRET 22930008200018)."; fi
	@trap 'kill 0' INT TERM EXIT; \
	 $(PY) manage.py task_worker --queue-name '*' >/dev/null 2>&1 & \
	 if [ -n "$(PROCONNECT)" ]; then \
	   $(PY) manage.py proconnect_fake --port $(PROCONNECT_PORT) --acr $(PROCONNECT_ACR) & \
	   export PROCONNECT_DOMAIN=http://127.0.0.1:$(PROCONNECT_PORT)/api/v2 \
	          PROCONNECT_CLIENT_ID=maillage-test \
	          PROCONNECT_CLIENT_SECRET=secret-de-test-pour-proconnect; \
	 fi; \
	 $(PY) manage.py runserver $(HOST):$(PORT)

## make messages: update and compile the resident pages' catalogues (docs/participation.md)
messages: install
	@$(PY) manage.py translated_messages

## make demo-code: the current second-factor codes of the demo accounts
demo-code: install
	@$(PY) manage.py demo_code

## make test: lint, types, migrations, SQLite and PostgreSQL suites, browser tests
test: install
	@./scripts/test.sh

lint: install
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

types: install
	@$(VENV)/bin/mypy maillage

## make imports: the import contracts (layers, services never import tasks, no cycles)
imports: install
	@$(VENV)/bin/lint-imports --no-cache

migrations-check: install
	@$(PY) manage.py makemigrations --check --dry-run

## make bench: department-scale benchmarks on PostgreSQL (not part of make test);
## ONLY=foundation runs one module, RUNS=30 fewer rounds (bench/README.md)
bench: install
	@./scripts/bench.sh

## make loadtest: Locust against gunicorn (production settings) on the department's data,
## ramping until p95 passes 500 ms; report in docs/load/ (docs/operations.md, "Load test")
loadtest: install
	@test -x $(VENV)/bin/locust || $(PIP) install --quiet -e ".[load]"
	@./scripts/loadtest.sh

## make drills: PostgreSQL restarted under load, a worker killed mid-task, Redis stopped,
## on a PostgreSQL cluster of their own (docs/operations.md, "Faults")
drills: install
	@test -x $(VENV)/bin/locust || $(PIP) install --quiet -e ".[load]"
	@./scripts/drills.sh
## make bench-check: make bench, failing when a page is over 10× its trivial view at p95 or
## its p95 grows over 1.3× from 1× to 10× data (ONLY=, RUNS= as for make bench)
bench-check: install
	@CHECK=1 ./scripts/bench.sh

serve: install
	@$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	@$(PY) manage.py task_worker --queue-name '*'

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles media .mypy_cache .ruff_cache .import_linter_cache
