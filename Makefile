# Two commands for a fresh machine:
#   make run    set everything up and serve the product with demo data on http://127.0.0.1:5000
#               (make run HOST=0.0.0.0 PORT=8080 binds elsewhere; the printed links follow)
#   make test   set everything up and run the whole suite on SQLite, then on PostgreSQL, then
#               install the built wheel in a fresh virtual environment and use it (test-package)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app assessment
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Where `make run` serves; the links `flask demo` prints and the app writes use this address
# unless ASSESSMENT_BASE_URL says otherwise (as it must when HOST is 0.0.0.0).
HOST ?= 127.0.0.1
PORT ?= 5000
ASSESSMENT_BASE_URL ?= http://$(HOST):$(PORT)

# Debian packages the product needs at run time: HarfBuzz's subsetter keeps WeasyPrint's PDF
# rendering fast (about 15x slower without it), DejaVu is the font the pages and reports name.
RUN_PACKAGES  := libharfbuzz-subset0 fonts-dejavu-core
# Tests also need PostgreSQL's client tools and Debian's Chromium for the browser tests
# (Playwright drives /usr/bin/chromium; it cannot download its own browsers here); poppler's
# pdftoppm turns report PDFs into page images to look at (docs/reports.md).
TEST_PACKAGES := $(RUN_PACKAGES) postgresql-client chromium poppler-utils
# Benchmarks load the server with wrk.
BENCH_PACKAGES := $(RUN_PACKAGES) wrk

# The shipped scoring models: provisional norms from a simulated sample of this size and seed
# (docs/methodology.md). `make scoring-models` rebuilds them exactly.
BANKS := sales_rep sales_manager sales_executive
CALIBRATION_SEED := 20261129
CALIBRATION_N := 5000

.PHONY: scoring-models run test test-sqlite test-postgresql test-package bench install install-test system-packages-run system-packages-test system-packages-bench clean

# Served as in production (assessment.wsgi, gunicorn); one worker with threads, so that the
# default in-memory sign-in limits count every request.
run: install system-packages-run
	$(FLASK) db upgrade
	ASSESSMENT_BASE_URL='$(ASSESSMENT_BASE_URL)' $(FLASK) demo
	ASSESSMENT_BASE_URL='$(ASSESSMENT_BASE_URL)' $(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 1 --threads 4 --no-control-socket --access-logfile - \
	  'assessment.wsgi:app'

test: install-test system-packages-test
	$(MAKE) test-sqlite
	$(MAKE) test-postgresql
	$(MAKE) test-package

test-sqlite:
	TEST_DATABASE=sqlite $(BIN)/python -m pytest

test-postgresql:
	TEST_DATABASE=postgresql $(BIN)/python -m pytest

# Slow (about a minute) and the same on any database, so once per `make test`, not per database.
test-package:
	$(BIN)/python -m pytest -m package

bench: install-test system-packages-bench
	$(BIN)/python benchmarks/scoring.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/candidate_save.py
	$(BIN)/python benchmarks/page_views_under_saves.py

scoring-models: install
	@mkdir -p build/calibration
	@for bank in $(BANKS); do \
	  $(FLASK) scoring simulate --bank $$bank --n $(CALIBRATION_N) --seed $(CALIBRATION_SEED) \
	    --out build/calibration/$$bank.csv && \
	  $(FLASK) scoring calibrate --bank $$bank --responses build/calibration/$$bank.csv --source simulated \
	    --description "simulated: flask scoring simulate --bank $$bank --n $(CALIBRATION_N) --seed $(CALIBRATION_SEED)" \
	    --out scoring_models/$$bank.json || exit 1; \
	done

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

system-packages-run:
	@$(call install_debian_packages,$(RUN_PACKAGES))

system-packages-test:
	@$(call install_debian_packages,$(TEST_PACKAGES))

system-packages-bench:
	@$(call install_debian_packages,$(BENCH_PACKAGES))

# Installs the missing ones only, so a set-up machine costs nothing; skipped off Debian.
define install_debian_packages
if command -v dpkg-query >/dev/null; then \
  missing=""; \
  for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
  if [ -n "$$missing" ]; then \
    echo "Installing Debian packages:$$missing"; \
    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
  fi; \
else echo "Not a Debian system: install the equivalents of $(1) yourself."; fi
endef

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
