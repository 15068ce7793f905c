# lianxi — two commands: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SEED ?= 1
SIZE ?= small
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test test-edges fuzz install install-dev lint format messages serve screenshots bench clean

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

## Install and run the whole suite on SQLite, then on PostgreSQL where reachable.
test: install-dev
	BIN=$(BIN) scripts/test.sh

## The suite again on SQLite with the clock at a year's last day and the next year's first
## (month end, year end, a public holiday): tests that assume today's date fail here.
test-edges: install-dev
	LIANXI_TESTING=1 env -u DATABASE_URL $(BIN)/pytest --clock 2026-12-31T15:00:00+08:00
	LIANXI_TESTING=1 env -u DATABASE_URL $(BIN)/pytest --clock 2027-01-01T00:30:00+08:00

## Schemathesis over every API operation, anonymous and as each role, with many examples
## (the suite runs a few): 0 server errors. FUZZ_EXAMPLES and FUZZ_SEED to change the run.
FUZZ_EXAMPLES ?= 50
FUZZ_SEED ?= 27
fuzz: install-dev
	LIANXI_TESTING=1 env -u DATABASE_URL LIANXI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) LIANXI_FUZZ_SEED=$(FUZZ_SEED) \
		$(BIN)/pytest lianxi/api/tests/test_fuzz.py -p no:randomly -q

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
	$(BIN)/python scripts/screenshots.py http://127.0.0.1:$(PORT) var/screenshots

clean:
	rm -rf $(VENV) var
