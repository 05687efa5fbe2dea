# Perhekeskus: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the suite.
# Everything lives in .venv; re-running is fast because each step reruns only when its inputs change.

PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
DATA := data/vocabulary.yaml data/kemi.yaml data/kymenlaakso.yaml data/kotka_lansi.yaml data/kemi_pathways.yaml data/trust_pages.yaml data/help_requests.yaml
MO := $(patsubst %.po,%.mo,$(wildcard perhekeskus/locale/*/LC_MESSAGES/django.po))

.PHONY: run test lint migrate demo messages makemessages lock clean check-python

run: $(VENV)/.installed $(MO) var/.demo-loaded
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite on every core (pytest-xdist: each worker has its own test database; see
# perhekeskus/conftest.py), naming its 10 slowest tests. PYTEST_ARGS="-n 0" runs it in one process.
test: $(VENV)/.installed-dev $(MO)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run > /dev/null
	$(PY) -m pytest -q -n auto --dist load --durations=10 $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

check-python:
	@command -v $(PYTHON) > /dev/null || { echo "Perhekeskus needs $(PYTHON). On Debian: apt-get install python3 python3-venv (3.11)"; exit 1; }
	@$(PYTHON) -c "import venv, ensurepip" 2> /dev/null || { echo "Python's venv module is missing. On Debian: apt-get install python3-venv"; exit 1; }

$(VENV)/.installed: requirements.txt | check-python
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

# Compiled translations are built from the committed .po files (needs gettext's msgfmt).
%.mo: %.po $(VENV)/.installed
	@command -v msgfmt > /dev/null || { echo "msgfmt is missing. On Debian: apt-get install gettext"; exit 1; }
	msgfmt --check -o $@ $<

var/.demo-loaded: $(VENV)/.installed $(DATA) $(wildcard perhekeskus/*/migrations/*.py) $(wildcard perhekeskus/*/loader*.py) $(wildcard perhekeskus/*/schema*.py)
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_data $(DATA)
	touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: $(VENV)/.installed
	rm -f var/.demo-loaded
	$(MAKE) var/.demo-loaded

makemessages: $(VENV)/.installed
	cd perhekeskus && ../$(PY) ../manage.py makemessages -l sv -l en --no-obsolete --no-location

# Re-pin after editing requirements*.in (needs network to PyPI).
lock:
	$(PYTHON) -m venv /tmp/perhekeskus-lock && /tmp/perhekeskus-lock/bin/pip install -q pip-tools==7.5.2
	/tmp/perhekeskus-lock/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	/tmp/perhekeskus-lock/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) var
