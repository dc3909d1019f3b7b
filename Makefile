# AlmenRapport: the two commands a new user needs are `make report` and `make test`.
# Each creates .venv and installs what it needs by itself.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-deps
REPORT ?= reports/vaerdiskabende-gentagelser

TEST_SYSTEM_STAMP := $(VENV)/.system-deps-test

# Debian packages WeasyPrint needs (Pango; HarfBuzz subsetting for fast, reproducible fonts),
# and the Danish dictionary that `almen check` spells with (enchant + hunspell-da).
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libenchant-2-2 hunspell-da
# ... and what the tests need besides: the PDF tools used as independent readers, and
# chromium, the real browser the `almen preview` end-to-end test drives through Playwright.
DEBIAN_TEST_PACKAGES := poppler-utils qpdf chromium
# ... and what `make profile` needs to rebuild assets/profiles/almen-fogra39.icc.
DEBIAN_PROFILE_PACKAGES := argyll icc-profiles-free

.PHONY: report test lint bench check-system clean refresh-references profile

report: $(STAMP)
	$(BIN)/almen build $(REPORT)

test: $(STAMP) $(TEST_SYSTEM_STAMP)
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Speed against bare WeasyPrint (see docs/performance.md); writes bench/results.json.
bench: $(STAMP) $(TEST_SYSTEM_STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests scripts bench
	$(BIN)/mypy

# Deliberately re-render the reference pages the tests compare against (tests/reference/);
# run after an intended change to a report, layout or the brand, look, then commit them.
refresh-references: $(STAMP)
	$(BIN)/python scripts/refresh_references.py

# Rebuild the print edition's CMYK profile from Fogra's FOGRA39 data (Debian's
# icc-profiles-free) with ArgyllCMS colprof (~46 s); see assets/profiles/README.md.
profile: $(STAMP)
	@bash scripts/system-deps.sh $(DEBIAN_PROFILE_PACKAGES)
	$(BIN)/python -m pipeline.printing.profile

$(STAMP): pyproject.toml $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(SYSTEM_STAMP): Makefile
	@bash scripts/system-deps.sh $(DEBIAN_PACKAGES)
	@mkdir -p $(VENV) && touch $@

$(TEST_SYSTEM_STAMP): Makefile
	@bash scripts/system-deps.sh $(DEBIAN_TEST_PACKAGES)
	@mkdir -p $(VENV) && touch $@

check-system:
	@bash scripts/system-deps.sh $(DEBIAN_PACKAGES) $(DEBIAN_TEST_PACKAGES)

clean:
	rm -rf dist public .cache .pytest_cache
