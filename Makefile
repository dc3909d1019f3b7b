# AlmenRapport: the two commands a new user needs are `make report` and `make test`.
# Each creates .venv and installs what it needs by itself.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-deps
REPORT ?= reports/vaerdiskabende-gentagelser

# Debian packages WeasyPrint needs (Pango; HarfBuzz subsetting for fast, reproducible fonts)
# and the PDF tools the tests use as independent readers.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils qpdf

.PHONY: report test lint check-system clean

report: $(STAMP)
	$(BIN)/almen build $(REPORT)

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests scripts

$(STAMP): pyproject.toml $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(SYSTEM_STAMP):
	@bash scripts/system-deps.sh $(DEBIAN_PACKAGES)
	@mkdir -p $(VENV) && touch $@

check-system:
	@bash scripts/system-deps.sh $(DEBIAN_PACKAGES)

clean:
	rm -rf dist public .cache .pytest_cache
