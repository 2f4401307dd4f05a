# Two commands: `make demo` renders the example content into out/, `make test` runs the suite.
# Both create their own virtual environment in .venv from the system's python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test clean templates bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/docgen check content
	$(BIN)/docgen render content/tjansteskrivelser/2014-11-24-styrning-och-ledning.md -o out/2014-11-24-styrning-och-ledning.docx
	$(BIN)/docgen render content/tjansteskrivelser/2011-12-05-utveckling-utan-granser.md -o out/2011-12-05-utveckling-utan-granser.docx
	$(BIN)/docgen render content/tjansteskrivelser/2014-08-07-lagesrapport-augusti.md -o out/2014-08-07-lagesrapport-augusti.docx
	$(BIN)/docgen kallelse content/sammantraden/2014-08-19-ksau.yaml -o out
	$(BIN)/docgen close content/sammantraden/2014-08-19-ksau.yaml -o out/2014-08-19-ksau
	$(BIN)/docgen close content/sammantraden/2014-09-01-ks.yaml -o out/2014-09-01-ks
	$(BIN)/docgen close content/sammantraden/2014-09-22-kf.yaml -o out/2014-09-22-kf

test: $(STAMP)
	$(BIN)/python -m pytest

templates: $(STAMP)
	$(BIN)/python templates/pack.py
	$(BIN)/python templates/guide.py

bench:
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -e . docxcompose
	.venv-bench/bin/python bench/close.py --paragraphs 40 --pdf
	.venv-bench/bin/python bench/close.py --paragraphs 10 100 400
	.venv-bench/bin/python bench/startup.py

clean:
	rm -rf $(VENV) .venv-bench out
