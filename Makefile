# Kiln on a fresh Debian machine: `make demo` runs the reference example on the embedded engine,
# `make test` runs the test suite. Both install what they need, and share one debug build.
SHELL := /bin/bash
SWIFT ?= swift
KILN := .build/debug/kiln
VENV := .venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# testthat's JunitReporter needs xml2.
R_PACKAGES := r-base-core r-cran-testthat r-cran-xml2

.PHONY: demo test bench build lint format r-runtime

demo: r-runtime build
	@./scripts/demo.sh $(KILN)

# FILTER=<regex> runs only the matching tests (e.g. make test FILTER=EngineCrashTests).
test: r-runtime $(VENV)/.installed
	$(SWIFT) build --build-tests
	KILN_PYTHON=$(CURDIR)/$(VENV)/bin/python KILN_VENV=$(CURDIR)/$(VENV) $(SWIFT) test --skip-build $(if $(FILTER),--filter '$(FILTER)')

build:
	$(SWIFT) build --product kiln

# One format for all (.swift-format: 4 spaces, 140 columns): lint fails on any finding, format fixes them.
FORMATTED := Package.swift Sources Tests
lint:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)

format:
	$(SWIFT) format --in-place --recursive $(FORMATTED)

# Kiln beside the bash + legacy CLI + jq glue it replaces, on one kiln serve: medians and ratios.
# A release build of its own (about 7 minutes the first time), hyperfine and jq from Debian.
bench: r-runtime $(VENV)/.installed
	@command -v hyperfine >/dev/null && command -v jq >/dev/null || \
		($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq hyperfine jq)
	$(SWIFT) build -c release --product kiln
	bench/run.sh .build/release/kiln $(VENV) 5

# R with testthat and xml2, from Debian's packages, when they are missing.
r-runtime:
	@if ! Rscript -e 'library(testthat); library(xml2)' >/dev/null 2>&1; then \
		echo "Installing $(R_PACKAGES) from Debian's packages"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(R_PACKAGES); \
	fi

# The peer tools the tests drive (the Databricks CLI and SDK) and pytest, in a virtual environment.
$(VENV)/.installed: requirements-test.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@
