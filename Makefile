# kvp-analysis: every target sets up what it needs from the repository's own files.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: reproduce test verify validate audit list report lab bench lock lint clean

# The venv is rebuilt whenever the lock or the project metadata changes.
$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "kvp-analysis needs Python 3.11, found " + sys.version'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	# Put the repository on the venv's path, as an editable install would, without needing a build backend.
	$(PY) -c 'import site, pathlib; pathlib.Path(site.getsitepackages()[0], "kvp-analysis.pth").write_text("$(CURDIR)\n")'
	$(PY) -m pip check
	touch $@

reproduce: $(STAMP)
	$(PY) -m analysis build

test: $(STAMP)
	$(PY) -m pytest

verify: $(STAMP)
	$(PY) -m analysis verify

validate: $(STAMP)
	$(PY) -m analysis validate

SOURCE ?= ../shared/thesis/brodtkorb-2017.txt
audit: $(STAMP)
	$(PY) -m analysis audit --source $(SOURCE)

list: $(STAMP)
	$(PY) -m analysis list

report: $(STAMP)
	$(PY) -m analysis report

# JUPYTER_PATH puts the venv's python3 kernel ahead of any python3 kernel in the user's home;
# the server refuses to run as root (as in a container) unless told.
lab: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/$(VENV)/share/jupyter $(PY) -m jupyter lab --ServerApp.root_dir=notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP)
	$(PY) bench/build_bench.py
	$(PY) bench/incremental.py
	$(PY) bench/figure_bench.py
	$(PY) bench/scale_bench.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Re-resolve the pins from pyproject.toml in a throwaway venv, then mirror them into environment.yml.
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	{ echo "# Exact pins for kvp-analysis on Python 3.11 (pip freeze of a fresh venv). Regenerate with: make lock"; \
	  build/lock-venv/bin/pip freeze --exclude kvp-analysis; } > requirements.lock
	$(PYTHON) tools/sync_environment.py
	rm -rf build/lock-venv

clean:
	rm -rf build $(VENV)
