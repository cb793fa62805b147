# Netral — two commands: `make run` (install, migrate, demo data, serve) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6.1 needs Python 3.12+: take the first suitable interpreter on this machine.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) /usr/local/bin/python3.1[2-9]; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup compile migrate demo run serve test test-unit test-browser typecheck lint format bench vendor lock messages schema profile clean

help:
	@echo "make run     install, migrate, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test    lint + mypy + the whole test suite (browser tests included)"
	@echo "make setup   create .venv and install the locked dependencies"
	@echo "make compile bytecode for the installed libraries (fast command start)"
	@echo "make bench   performance benchmarks (real server, PostgreSQL); ONLY=sign for one"
	@echo "make profile CPU profile of the hot authenticated pages"

$(VENV)/.installed: requirements/lock.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12+ not found (Django 6.1 needs it). Set PYTHON=/path/to/python3.12"; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# uv installs the hash-locked set in seconds; plain pip is the fallback.
	($(BIN)/pip install -q --disable-pip-version-check uv==0.13.8 && \
	  $(BIN)/uv pip sync -q -p $(PY) --require-hashes requirements/lock.txt) || \
	  $(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements/lock.txt
	touch $@

setup: $(VENV)/.installed
	@$(PY) -m compileall -q -j 0 src >/dev/null

# Bytecode for the installed libraries (issue 15 item 3, fast start). This Makefile (and
# many shells) set PYTHONDONTWRITEBYTECODE, so Python never writes .pyc files itself: without
# them every command recompiles Django and its libraries from source, about 1.7 s of CPU per
# start on the 2-core VM (`setup` compiles src/ each time; compileall skips what is up to
# date). Once per install, a few minutes on a loaded machine; run, bench and profile do it.
compile: $(VENV)/.compiled
$(VENV)/.compiled: $(VENV)/.installed
	$(PY) -m compileall -q -j 0 $$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])') >/dev/null || true
	touch $@

migrate: setup
	NETRAL_ENV=$${NETRAL_ENV:-dev} $(PY) manage.py migrate --noinput -v0
	NETRAL_ENV=$${NETRAL_ENV:-dev} $(PY) manage.py createcachetable

demo: migrate
	NETRAL_ENV=$${NETRAL_ENV:-dev} $(PY) manage.py seed_demo

run: compile demo
	NETRAL_ENV=$${NETRAL_ENV:-dev} $(PY) manage.py collectstatic --noinput -v0
	NETRAL_ENV=$${NETRAL_ENV:-dev} PORT=$(PORT) bin/serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-unit: setup
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest -n 2 -q

test-browser: setup
	bin/ensure-chromium
	$(BIN)/pytest -q -m browser -p no:xdist

# Strict on core, services, selectors and workflows; the rest at the defaults (pyproject.toml).
typecheck: setup
	NETRAL_ENV=test $(BIN)/mypy

test: lint typecheck test-unit test-browser

bench: setup compile
	$(PY) bench/run_all.py $(ONLY)

# Where an authenticated request spends its CPU (cProfile through the whole stack).
profile: setup compile
	$(BIN)/pytest -q -s -p no:xdist -p no:warnings src/netral/core/tests/profile_requests.py

# Maintainer tasks (need network access to the package registries).
vendor:
	npm ci --no-audit --no-fund
	cp node_modules/@picocss/pico/css/pico.min.css node_modules/htmx.org/dist/htmx.min.js src/netral/core/static/vendor/
	# axe-core is for the browser tests only (accessibility checks, offline): never served.
	cp node_modules/axe-core/axe.min.js src/netral/core/tests/vendor/

lock:
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.12 -o requirements/lock.txt

messages: setup
	cd src/netral && ../../$(PY) ../../manage.py makemessages -l en --no-location -i "*/tests/*"
	$(PY) manage.py compilemessages -v0 -i .venv -i node_modules -i var

schema: setup
	$(PY) manage.py spectacular --format openapi-json --file src/netral/api/openapi.json

clean:
	rm -rf $(VENV) var
