# The two commands for a fresh clone: `make run` and `make test`.
# Both create the project's own .venv on first use and reuse it afterwards.
# On Windows a venv keeps its programs in Scripts\ (this needs a make with a POSIX shell,
# such as Git Bash's; the README gives the same steps without make).
VENV := .venv
ifeq ($(OS),Windows_NT)
PYTHON ?= py
BIN := $(VENV)/Scripts
EXE := .exe
else
PYTHON ?= python3
BIN := $(VENV)/bin
EXE :=
endif
STAMP := $(VENV)/.installed

.PHONY: run test bench soak lint clean sample

$(STAMP): pyproject.toml
	test -x $(BIN)/python$(EXE) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Byte-compile the package (cheap when up to date): start-up should not pay for
# compiling it, even where PYTHONDONTWRITEBYTECODE is set.
run: $(STAMP)
	@$(BIN)/python -m compileall -q facilitator
	$(BIN)/facilitator

# -n auto: two workers per core (tests/conftest.py says why).
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

bench: $(STAMP)
	@$(BIN)/python -m compileall -q facilitator
	$(BIN)/python benchmarks/run.py $(if $(ONLY),--only $(ONLY))

soak: $(STAMP)
	FACILITATOR_SOAK_KILLS=50 $(BIN)/python -m pytest -q tests/test_crash.py

sample: $(STAMP)
	$(BIN)/python -m facilitator.sample exports

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
