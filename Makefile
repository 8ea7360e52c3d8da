# framelens: the two commands of the README.
#   make demo   create .venv if missing, install, run `framelens analyze` on the synthetic demo corpus
#   make test   create .venv if missing, install with test extras, run the whole suite
#   make lab    install JupyterLab too and open the notebooks in it
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
JOBS   ?= 2

.PHONY: demo test install install-test notebooks lab bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/framelens analyze demo --out results/demo

test: install-test
	$(BIN)/python -m pytest -n $(JOBS) -q

CORPUS ?= demo
FORMAT ?=
OUT    ?= results/notebooks
notebooks: install
	$(BIN)/framelens notebooks $(CORPUS) $(if $(FORMAT),--format $(FORMAT)) --out $(OUT)

$(VENV)/.installed-lab: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $@

# Opens the notebooks in JupyterLab; a relative corpus path in a notebook's parameters cell
# (e.g. ../shared/data/basil) is resolved from the project root as on the command line.
lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: install
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) results .pytest_cache
