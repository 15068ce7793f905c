# lianxi — two commands: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SEED ?= 1
SIZE ?= small
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test install install-dev lint format messages serve screenshots bench clean

$(BIN)/python:
	scripts/bootstrap.sh $(PYTHON) $(VENV)

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
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
