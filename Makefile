# Two commands do everything on a fresh machine with Python >= 3.11 and pip:
#   make run    set up .venv and run the workflow on the bundled plan
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORES ?= 2

.PHONY: run test lint report clean-results setup

run: $(VENV)/.installed
	@$(BIN)/snakemake --cores $(CORES) || { status=$$?; \
	  echo "make run: the run failed (README.md, Troubleshooting). If Snakemake says the directory is locked" \
	    "after a killed run: $(BIN)/snakemake --unlock, then make run" >&2; exit $$status; }

test: $(VENV)/.installed
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/snakemake --lint
	$(BIN)/ruff check src tests workflow/scripts benchmarks

report: $(VENV)/.installed
	$(BIN)/snakemake --report results/report.html

setup: $(VENV)/.installed

# Reinstall whenever the dependency list changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

clean-results:
	rm -rf results/*/ logs/ .snakemake/
