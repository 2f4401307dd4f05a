# Two commands: `make demo` renders the example content into out/, `make test` runs the suite.
# Both create their own virtual environment in .venv from the system's python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test clean templates

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/docgen check content
	$(BIN)/docgen render content/tjansteskrivelser/2014-11-24-styrning-och-ledning.md -o out/2014-11-24-styrning-och-ledning.docx
	$(BIN)/docgen render content/tjansteskrivelser/2011-12-05-utveckling-utan-granser.md -o out/2011-12-05-utveckling-utan-granser.docx

test: $(STAMP)
	$(BIN)/python -m pytest

templates: $(STAMP)
	$(BIN)/python templates/build.py

clean:
	rm -rf $(VENV) out
