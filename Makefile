# Two commands do everything on a fresh machine:  make book  and  make test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
BOOK_STAMP := $(VENV)/.installed-book
TEST_STAMP := $(VENV)/.installed-test
HUB_STAMP := $(VENV)/.installed-hub
WIDGET_JS := book/_static/widgets/embed-amd.js
LAB ?= notebooks/equity-tool.ipynb
PORT ?= 8866
LINT_PATHS := equitylab tests tools benchmarks data book/_ext
# 127.0.0.1: this machine only. HOST=0.0.0.0 lets a room on the local network reach the app
# (see the facilitator's setup page before doing that).
HOST ?= 127.0.0.1
# PREHEAT=30 starts 30 app sessions before participants arrive (Voila's preheated kernels),
# so a room that opens the app at once does not wait for 30 kernels to start. Used ones are
# replaced only after 4 hours (14400 s), so the replacements do not slow a session.
PREHEAT ?= 0
# A kernel whose page went away without closing it (a crashed browser, a closed laptop) is
# stopped after CULL seconds with no page connected (a closed or reloaded page stops its own).
CULL ?= 900

.PHONY: help book test unit notebooks browser lint compat lab app hub clean

help:
	@echo "make book   build the HTML book into _build/html (sets everything up first)"
	@echo "make test   run every layer of tests (sets everything up first)"
	@echo "  quick loops, each a part of make test:"
	@echo "  make unit       package and unit tests (no notebooks, no browser)"
	@echo "  make notebooks  run every lab and exercise notebook (nbval-lax)"
	@echo "  make browser    build the book, then the headless Chromium tests"
	@echo "  make lint       ruff and mypy"
	@echo "  make compat     unit tests on Python 3.12 and the lowest supported versions (Pyodide's)"
	@echo "make lab    open JupyterLab on the course"
	@echo "make app    serve a lab as a Voila app: make app LAB=notebooks/01-first-look.ipynb"
	@echo "make hub    a JupyterHub for a room on one server: make hub HUB_PASSWORD=..."
	@echo "make handouts  printable PDFs of the exercise sets and a blank tool worksheet"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(BOOK_STAMP): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $@

# The compatibility environment: Python 3.12 (Pyodide's) with the lowest versions pyproject.toml
# allows (requirements-compat.txt). Python 3.12 comes from pyenv on this kind of machine;
# elsewhere set COMPAT_PYTHON=/path/to/python3.12.
COMPAT_VENV := .venv-compat
COMPAT_STAMP := $(COMPAT_VENV)/.installed
COMPAT_PYTHON ?= $(shell pyenv prefix 3.12 2>/dev/null | sed 's|$$|/bin/python3.12|')
# The package's computations (datasets, userdata, measures, explain, present, labs, tool,
# checks) with their doctests. The widget views, the papermill run, Spark, fairlearn's agreement
# check, the book and the browser stay in .venv's run, which also covers the newest versions.
COMPAT_TESTS := equitylab tests --ignore=equitylab/widgets --ignore=tests/widgets \
	--ignore=tests/test_widgets.py --ignore=tests/browser --ignore=tests/book \
	--ignore=tests/facilitators --ignore=tests/measures/test_agreement.py --ignore=tests/measures/test_engines_spark.py \
	--ignore=tests/labs/test_byod_papermill.py --ignore=tests/exercises/test_learner_copies.py \
	--ignore=tests/tools --ignore=tests/test_build_lite.py

# uv (from requirements-test.txt) installs it; --native-tls uses the system's certificates, as pip does.
$(COMPAT_STAMP): requirements-compat.txt pyproject.toml | $(TEST_STAMP)
	@test -x "$(COMPAT_PYTHON)" || { echo "make compat needs Python 3.12: install it (pyenv install 3.12) or set COMPAT_PYTHON=/path/to/python3.12"; exit 1; }
	rm -rf $(COMPAT_VENV)
	$(BIN)/uv venv --quiet --python $(COMPAT_PYTHON) $(COMPAT_VENV)
	$(BIN)/uv pip install --quiet --native-tls --python $(COMPAT_VENV)/bin/python -r requirements-compat.txt
	$(BIN)/uv pip install --quiet --native-tls --python $(COMPAT_VENV)/bin/python --no-deps -e .
	touch $@

$(TEST_STAMP): $(HUB_STAMP) requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

# JupyterHub and its idle culler (requirements-hub.txt), for make hub and its tests.
$(HUB_STAMP): $(BOOK_STAMP) requirements-hub.txt
	$(PY) -m pip install --quiet -r requirements-hub.txt
	touch $@

# The widget manager, RequireJS and MathJax, served from the book itself so pages work offline.
# They come from the npm registry at build time (versions locked in package-lock.json)
# and are never committed.
$(WIDGET_JS): package.json package-lock.json tools/copy_book_assets.py
	npm ci --silent --no-audit --no-fund
	$(PY) tools/copy_book_assets.py node_modules book/_static

# The book, then the in-browser course inside it (_build/html/lite: every lab and the tool run
# in the reader's browser with Pyodide; see tools/build_lite.py and requirements-browser.txt).
# The book's notebook cache is keyed on each notebook's source, but the outputs come from
# equitylab too: the cache goes when any of the package's files is newer than it.
STALE_CACHE = if [ -f .jupyter_cache/global.db ] && [ -n "$$(find equitylab -name '*.py' \
	-newer .jupyter_cache/global.db | head -n 1)" ]; then rm -rf .jupyter_cache; fi

book: $(BOOK_STAMP) $(WIDGET_JS)
	@$(STALE_CACHE)
	$(BIN)/jupyter-book build . --builder html -n -W --keep-going
	$(PY) tools/build_lite.py

# Two independent lanes run at once, one per core, each mostly on one core: the book (its
# notebooks execute one at a time), then the in-browser course; the type check, then the
# compatibility run. Each lane's output is printed whole when it ends (--output-sync).
# The 25 slowest tests are listed at the end, to see where the time goes.
test: $(TEST_STAMP) $(WIDGET_JS) $(COMPAT_STAMP)
	$(PY) tools/check_browser.py
	$(BIN)/ruff check $(LINT_PATHS)
	$(MAKE) --no-print-directory -j2 --output-sync=target book types-then-compat
	$(BIN)/pytest -n 2 --dist loadfile --durations=25 --nbval-lax equitylab tests notebooks exercises

.PHONY: types-then-compat
types-then-compat: $(TEST_STAMP) $(COMPAT_STAMP)
	$(BIN)/mypy
	$(MAKE) --no-print-directory compat

# Quick loops: each runs one part of `make test`.
# The package's doctests and the unit tests: no notebooks, no browser. Seconds, not minutes.
unit: $(TEST_STAMP)
	$(BIN)/pytest -n 2 --dist loadfile -m "not browser" equitylab tests

# Every cell of every lab and exercise notebook runs (teaching numbers checked by nbval-lax).
notebooks: $(TEST_STAMP)
	$(BIN)/pytest -n 2 --dist loadfile --nbval-lax notebooks exercises

# Headless Chromium against the built book and the Voila apps: builds the book first.
browser: $(TEST_STAMP) $(WIDGET_JS)
	$(PY) tools/check_browser.py
	$(BIN)/jupyter-book build . --builder html -n -W --keep-going
	$(PY) tools/build_lite.py
	$(BIN)/pytest -n 2 --dist loadfile -m browser tests

# equitylab on Python 3.12 and its lowest supported versions (numpy 2.0, pandas 2.2, scipy 1.14,
# matplotlib 3.8): what Pyodide gives the in-browser course.
compat: $(COMPAT_STAMP)
	$(COMPAT_VENV)/bin/python -m pytest -n 2 --dist loadfile -m "not browser and not slow" \
		-o addopts="-p no:cacheprovider --doctest-modules" $(COMPAT_TESTS)

# Style and types (configured in pyproject.toml).
lint: $(TEST_STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/mypy

lab: $(BOOK_STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

# make app serves the lab's app version (tools/app_notebooks.py: the book's MyST as plain
# Markdown, the app on the first screen) from _build/app/. Voila's root is _build, so its pages
# also serve the built book (make book), and only that, at /voila/files/html/, where the app's
# links point. Participants' worksheets stay in the course's worksheets/ folder.
EQUITYLAB_WORKSHEETS ?= $(CURDIR)/worksheets

app: $(BOOK_STAMP)
	$(PY) tools/app_notebooks.py --book-url=/voila/files/html/ _build/app/$(dir $(LAB)) $(LAB)
	EQUITYLAB_WORKSHEETS="$(EQUITYLAB_WORKSHEETS)" PYTHONPATH="$(CURDIR)/tools" \
		$(BIN)/voila _build/app/$(LAB) \
		--no-browser --port=$(PORT) --Voila.ip=$(HOST) --strip_sources=True \
		--VoilaExecutor.iopub_timeout=60 \
		--Voila.identity_provider_class=voila_identity.XsrfCookieIdentityProvider \
		--MappingKernelManager.cull_idle_timeout=$(CULL) --MappingKernelManager.cull_interval=60 \
		--MappingKernelManager.cull_connected=False \
		--Voila.root_dir=_build "--VoilaConfiguration.file_allowlist=html/.*" \
		$(if $(filter-out 0,$(PREHEAT)),--preheat_kernel=True \
		--VoilaConfiguration.default_pool_size=$(PREHEAT) --VoilaKernelManager.fill_delay=14400)

# make hub: JupyterHub for a room on one server (tools/jupyterhub_config.py says what it sets
# up). Each participant signs in with the room's password under a name of their choice, and
# lands in the racial equity tool in a server and folder of their own (HUB_HOME/homes/<name>).
# A server unused for HUB_CULL_TIMEOUT seconds is stopped (its files stay). 127.0.0.1 unless
# HOST is set, as for make app; the proxy (configurable-http-proxy) comes from npm.
HUB_HOME ?= $(CURDIR)/hub
HUB_PORT ?= 8000
HUB_CULL_TIMEOUT ?= 3600

hub: $(HUB_STAMP) $(WIDGET_JS)
	@test -n "$(HUB_PASSWORD)" || { echo "make hub needs the room's password (8 characters or more): make hub HUB_PASSWORD=..."; exit 1; }
	HUB_PASSWORD="$(HUB_PASSWORD)" HUB_HOME="$(HUB_HOME)" HUB_HOST="$(HOST)" HUB_PORT="$(HUB_PORT)" \
		HUB_CULL_TIMEOUT="$(HUB_CULL_TIMEOUT)" $(BIN)/jupyterhub -f tools/jupyterhub_config.py

# Learner copies of the exercise sets (solutions removed, self-checks kept) in exercises/learner/.
.PHONY: exercises
exercises: $(BOOK_STAMP)
	$(PY) tools/make_exercises.py exercises exercises/learner

# Printable handouts (HTML and PDF) of every exercise set and a blank tool worksheet, in
# _build/handouts/, made offline from the same question data as the notebooks; headless
# Chromium prints the PDFs (CHROMIUM=/path/to/chromium to use another).
.PHONY: handouts
handouts: $(BOOK_STAMP)
	$(PY) tools/make_handouts.py _build/handouts

# The opening deck as reveal.js slides in slides/ (git-ignored), served from local copies of
# reveal.js and RequireJS so it works with no network. Open slides/index.html; press S for notes.
.PHONY: slides
slides: $(BOOK_STAMP) $(WIDGET_JS)
	$(PY) tools/build_deck.py deck/opening-deck.ipynb slides

clean:
	rm -rf _build .jupyter_cache book/_static/widgets book/_static/mathjax node_modules
