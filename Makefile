# lianxi — two commands: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SEED ?= 1
SIZE ?= small
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test sweeps test-edges fuzz fuzz-atheris timing crash worker-kill backup-drill install install-dev lint format messages serve screenshots bench clean cluster cluster-stop cluster-status cluster-smoke load

$(BIN)/python:
	scripts/bootstrap.sh $(PYTHON) $(VENV)

$(VENV)/.installed: requirements.txt $(BIN)/python scripts/system-packages.sh
	scripts/system-packages.sh
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	scripts/system-packages.sh dev
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install, migrate, generate the demo city if the database is empty, serve on :$(PORT).
demo: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py demo_city --seed $(SEED) --size $(SIZE)
	PORT=$(PORT) BIN=$(BIN) scripts/serve.sh

## Install and run the whole suite on SQLite and on PostgreSQL where reachable, side by side
## (TEST_SERIAL=1: one after the other).
test: install-dev
	BIN=$(BIN) scripts/test.sh

## quality.md's sweeps (marker `sweep`: every route and page as every role) whole, on SQLite
## and on PostgreSQL side by side; `make test` runs each item once, on one database or the other.
sweeps: install-dev
	LIANXI_SWEEPS=all BIN=$(BIN) scripts/test.sh -m sweep

## The suite again on SQLite with the clock at a year's last day and the next year's first
## (month end, year end, a public holiday), side by side: tests that assume today's date fail here.
test-edges: install-dev
	BIN=$(BIN) scripts/test-edges.sh

## Schemathesis over every API operation, anonymous and as each role, with many examples
## (the suite runs a few): 0 server errors; the use-after-free sweep as all seven roles (the
## suite asks as three). Then the property tests (masking, the sanitiser, the sheet and .docx
## parsers) with PROPERTY_EXAMPLES each: 0 falsifying examples. JUnit reports in FUZZ_REPORTS.
## FUZZ_EXAMPLES, PROPERTY_EXAMPLES and FUZZ_SEED to change the run.
FUZZ_EXAMPLES ?= 200
PROPERTY_EXAMPLES ?= 1000
FUZZ_SEED ?= 27
FUZZ_REPORTS ?= var/fuzz
fuzz: install-dev
	mkdir -p $(FUZZ_REPORTS)
	LIANXI_TESTING=1 env -u DATABASE_URL LIANXI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) LIANXI_FUZZ_SEED=$(FUZZ_SEED) LIANXI_FUZZ_ROLES=all \
		$(BIN)/pytest lianxi/api/tests/test_fuzz.py lianxi/api/tests/test_use_after_free.py -p no:randomly -q \
		--junitxml=$(FUZZ_REPORTS)/schemathesis.xml
	LIANXI_TESTING=1 env -u DATABASE_URL LIANXI_PROPERTY_EXAMPLES=$(PROPERTY_EXAMPLES) LIANXI_FUZZ_SEED=$(FUZZ_SEED) \
		$(BIN)/pytest lianxi/core/tests/security/test_properties.py -p no:randomly -q \
		--junitxml=$(FUZZ_REPORTS)/properties.xml

## Coverage-guided fuzzing (atheris, libFuzzer) of the sheet importers, the .docx draft parser,
## the sanitiser and masking, ATHERIS_SECONDS each (quality.md row 23 asks 600): 0 crashes.
## A finding is saved as crash-… in $(FUZZ_REPORTS)/atheris and the target fails.
ATHERIS_SECONDS ?= 60
fuzz-atheris: install-dev
	mkdir -p $(FUZZ_REPORTS)/atheris
	cd $(FUZZ_REPORTS)/atheris && for target in sheet docx sanitise mask; do \
		echo "== atheris $$target, $(ATHERIS_SECONDS) s"; \
		$(CURDIR)/$(BIN)/python $(CURDIR)/scripts/fuzz_atheris.py $$target \
			-max_total_time=$(ATHERIS_SECONDS) -print_final_stats=1 || exit 1; \
	done

## quality.md row 10's timing check: a known and an unknown user's failed sign-in take the same
## median time (within 50 ms). Timing stays out of the default suite.
timing: install-dev
	LIANXI_TESTING=1 LIANXI_TIMING=1 env -u DATABASE_URL $(BIN)/pytest \
		lianxi/core/tests/security/test_lockout.py -k answered_alike -p no:randomly -q -s

## Crash drill (quality.md row 26, docs/crash.md): SIGKILL the server's master and workers
## KILLS times at random while clients file through the API and the web form, then PostgreSQL's
## postmaster PG_KILLS times on a cluster of the drill's own; reconcile the ledger: exit 1 on any
## acknowledged-but-missing case. CRASH_DB=sqlite|pg|both.
CRASH_DB ?= both
KILLS ?= 20
PG_KILLS ?= 5
CLIENTS ?= 6
crash: install-dev
	$(BIN)/python bench/crash.py --db $(CRASH_DB) --kills $(KILLS) --clients $(CLIENTS)
	@if [ "$(CRASH_DB)" != "sqlite" ]; then \
		$(BIN)/python bench/crash.py --db pg --kill postgres --kills $(PG_KILLS) --clients $(CLIENTS); fi

## Worker-kill drill (row 27): SIGKILL the huey consumer WORKER_KILLS times while it sends to
## the fake SMS provider and an SMTP sink; every committed message sent, none twice, none from a
## rolled-back transaction.
WORKER_KILLS ?= 10
worker-kill: install-dev
	$(BIN)/python bench/worker_kill.py --db $(CRASH_DB) --kills $(WORKER_KILLS)

## Backup drill (row 28): back up while clients file, restore into a fresh database, compare
## per-table counts and ordered checksums with the snapshot, time both.
backup-drill: install-dev
	$(BIN)/python bench/backup_drill.py --db $(CRASH_DB) --clients $(CLIENTS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy lianxi

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Rebuild the translation catalog (needs gettext's msgfmt).
messages: install-dev
	cd lianxi && ../$(BIN)/python ../manage.py makemessages -l zh_Hans --no-obsolete --add-location file -i "static/*" -i "*/tests/*"
	cd lianxi && ../$(BIN)/python ../manage.py compilemessages -l zh_Hans

serve: install
	PORT=$(PORT) BIN=$(BIN) scripts/serve.sh

screenshots: install-dev
	$(BIN)/python scripts/screenshots.py http://127.0.0.1:$(PORT) e2e/screenshots

## The production topology on this machine (docs/deploy.md): nginx with TLS in front of 2
## granian app processes, 2 huey consumers (one with the periodic tasks), PostgreSQL and Redis,
## LIANXI_ENV=production, all under var/cluster/. CLUSTER_DB=sqlite for the SQLite default;
## CLUSTER_PG_NAME for the database. Installs nginx and Redis from Debian when missing.
CLUSTER_DB ?= pg
CLUSTER_PG_NAME ?= lianxi_cluster
CLUSTER_ENV = CLUSTER_DB=$(CLUSTER_DB) CLUSTER_PG_NAME=$(CLUSTER_PG_NAME) SIZE=$(SIZE) BIN=$(abspath $(BIN))
cluster: install-dev
	$(CLUSTER_ENV) scripts/cluster.sh start
	$(CLUSTER_ENV) scripts/cluster.sh smoke

cluster-stop:
	$(CLUSTER_ENV) scripts/cluster.sh stop

cluster-status:
	$(CLUSTER_ENV) scripts/cluster.sh status

cluster-smoke:
	$(CLUSTER_ENV) scripts/cluster.sh smoke

## Load held (quality.md row 29) against `make cluster` (started first if it is not up): locust
## headless with the 70/20/10 mix, USERS for MINUTES, one app process and one worker SIGKILLed
## half-way, then the ledger reconciled. Exit 1 on any failure, 5xx or lost/doubled case.
## Defaults: 200 users for 10 minutes on PostgreSQL (CLUSTER_DB=sqlite: 20 users, 5 minutes).
USERS ?= $(if $(filter sqlite,$(CLUSTER_DB)),20,200)
MINUTES ?= $(if $(filter sqlite,$(CLUSTER_DB)),5,10)
load: install-dev
	@$(CLUSTER_ENV) scripts/cluster.sh status >/dev/null 2>&1 || $(CLUSTER_ENV) scripts/cluster.sh start
	$(CLUSTER_ENV) $(BIN)/python bench/load.py --users $(USERS) --minutes $(MINUTES)

clean:
	rm -rf $(VENV) var
