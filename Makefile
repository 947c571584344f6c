# Kiln on a fresh Debian machine: `make demo` runs the reference example on the embedded engine,
# `make test` runs the test suite. Both install what they need, and share one debug build.
SHELL := /bin/bash
SWIFT ?= swift
KILN := .build/debug/kiln
VENV := .venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# testthat's JunitReporter needs xml2; bubblewrap makes the mounts (StorageMounts.swift).
ENGINE_PACKAGES := r-base-core r-cran-testthat r-cran-xml2 bubblewrap

.PHONY: demo test test-reliability test-tsan fuzz test-dist bench bench-more bench-tools build lint format dist install r-runtime test-tools

demo: r-runtime build
	@./scripts/demo.sh $(KILN)

# FILTER=<regex> runs only the matching tests (e.g. make test FILTER=EngineCrashTests). At most
# TEST_WIDTH tests run at once: many start R, Python or kiln processes, and on 2 cores a wider run
# starves the ones that measure time (leases, timeouts) for no gain in speed.
TEST_WIDTH ?= 6
# Afterwards no token or secret may be in any output the suite captured (SecretSweep.swift).
SECRET_FINDS := .build/test-artifacts/secret-finds.txt
test: r-runtime test-tools $(VENV)/.installed
	$(SWIFT) build --build-tests
	rm -f $(SECRET_FINDS)
	KILN_PYTHON=$(CURDIR)/$(VENV)/bin/python KILN_VENV=$(CURDIR)/$(VENV) $(SWIFT) test --skip-build \
		--experimental-maximum-parallelization-width $(TEST_WIDTH) $(if $(FILTER),--filter '$(FILTER)')
	scripts/check-secrets.sh $(SECRET_FINDS)

# The product under adversity (Tests/KilnTests/Reliability): builds under 10% and 30% faults, kiln
# serve and kiln build killed mid-build, twenty builds racing. Minutes of real builds, so not part
# of `make test`; CI runs both. Traffic stays on loopback.
test-reliability: r-runtime test-tools $(VENV)/.installed
	$(SWIFT) build --build-tests
	rm -f $(SECRET_FINDS)
	KILN_RELIABILITY=1 KILN_PYTHON=$(CURDIR)/$(VENV)/bin/python KILN_VENV=$(CURDIR)/$(VENV) $(SWIFT) test --skip-build \
		--experimental-maximum-parallelization-width 1 --filter 'FaultedBuilds|KilledProcesses|RacingBuilds'
	scripts/check-secrets.sh $(SECRET_FINDS)

# libFuzzer on the readers of untrusted input (Fuzz/KilnFuzz): JUnit XML, kiln.yml, job templates,
# notebooks, `kiln serve --faults` specifications, each for FUZZ_SECONDS, seeded from Tests/Corpus. A build of its own (.build-fuzz,
# with -sanitize=fuzzer,address); a crash stops with its input in .build-fuzz/crashes: add it to
# Tests/Corpus/<target>/ with its fix, and `make test` replays it from then on.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := junit kiln-yml templates notebooks faults
fuzz:
	$(SWIFT) build --scratch-path .build-fuzz --product kiln-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DKILN_FUZZER
	@set -e; for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target .build-fuzz/crashes; \
		echo "== fuzzing $$target for $(FUZZ_SECONDS) s"; \
		KILN_FUZZ_TARGET=$$target .build-fuzz/debug/kiln-fuzz .build-fuzz/corpus/$$target Tests/Corpus/$$target \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
			-artifact_prefix=.build-fuzz/crashes/$$target- -print_final_stats=1 2>&1 | grep -E 'DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Test unit written' | tail -8; \
		test $${PIPESTATUS[0]} -eq 0; \
	done

# The whole suite under ThreadSanitizer: a build of its own (.build-tsan, --sanitize=thread, about 15
# minutes the first time) whose tests and kiln binary are both instrumented; any data race fails
# the run (.tsan-suppressions says what is left out, and why). TSAN_FILTER chooses the tests.
TSAN_FILTER ?= .
test-tsan: r-runtime test-tools $(VENV)/.installed
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS="halt_on_error=0 history_size=4 suppressions=$(CURDIR)/.tsan-suppressions" KILN_BINARY=$(CURDIR)/.build-tsan/debug/kiln \
		KILN_PYTHON=$(CURDIR)/$(VENV)/bin/python KILN_VENV=$(CURDIR)/$(VENV) \
		$(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan \
		--experimental-maximum-parallelization-width $(TEST_WIDTH) --filter '$(TSAN_FILTER)'

build:
	$(SWIFT) build --product kiln

# One format for all (.swift-format: 4 spaces, 140 columns): lint fails on any finding, format fixes them.
FORMATTED := Package.swift Sources Tests Fuzz
lint:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)
	@# Synchronization.Mutex is a futex ThreadSanitizer does not see as a lock: make test-tsan would report races it prevents.
	@! grep -rln --include='*.swift' '^import Synchronization' Sources Tests Fuzz \
		|| { echo "lint: use NSLock-based Locked or NIOLockedValueBox, not Synchronization.Mutex (see Locked.swift)"; exit 1; }

format:
	$(SWIFT) format --in-place --recursive $(FORMATTED)

# A binary for CI agents: a release build with the Swift runtime linked in (its own scratch
# folder, so it never displaces the debug build), packed as dist/kiln-<version>-linux-<arch>.tar.gz
# with its SHA-256. It needs only libraries every Debian 12 / Ubuntu 22.04 / 24.04 agent has.
VERSION := $(shell sed -n 's/^let kilnVersion = "\(.*\)"/\1/p' Sources/kiln/Kiln.swift)
DIST_TARBALL := dist/kiln-$(VERSION)-linux-$(shell uname -m).tar.gz
dist:
	$(SWIFT) build -c release --static-swift-stdlib --product kiln --scratch-path .build-dist
	scripts/dist.sh .build-dist/release $(VERSION)

# Installs the tarball's kiln under PREFIX: PREFIX/lib/kiln with its resources, PREFIX/bin/kiln a link to it.
PREFIX ?= /usr/local
install: dist
	rm -rf $(PREFIX)/lib/kiln && mkdir -p $(PREFIX)/lib/kiln $(PREFIX)/bin
	tar -C $(PREFIX)/lib/kiln --strip-components=1 -xzf $(DIST_TARBALL)
	ln -sf ../lib/kiln/kiln $(PREFIX)/bin/kiln

# The tarball, unpacked in an empty folder and run with a minimal environment; its libraries and glibc.
test-dist: dist r-runtime
	$(SWIFT) build --build-tests
	KILN_DIST_TARBALL=$(CURDIR)/$(DIST_TARBALL) $(SWIFT) test --skip-build --filter DistributionTests

# Kiln beside its peers, each figure side by side in one run (bench/bench.py): staging 300 notebooks
# and 20 artifacts against the legacy CLI and an SDK script, on `kiln serve --rate-limits databricks`,
# on loopback and at 100 ms a call; following a run against a 10-second loop and the SDK's waiter;
# start-up; Kiln's overhead on the example build; the engine as a server (wrk). About 15 minutes.
# A release build of its own (about 7 minutes the first time); hyperfine, jq and wrk from Debian.
# BENCH_PAIRS rounds after a warm-up; the tables go to .build/bench/latest.md.
BENCH_PAIRS ?= 5
# BENCH_ONLY=follow (or staging, startup, overhead, server, comma-separated) measures only those.
BENCH_ONLY ?= staging,follow,startup,overhead,server
BENCH_TOOLS := hyperfine jq wrk
bench: r-runtime test-tools $(VENV)/.installed bench-tools
	$(SWIFT) build -c release --product kiln
	$(VENV)/bin/python bench/bench.py .build/release/kiln $(VENV) --pairs $(BENCH_PAIRS) --only $(BENCH_ONLY)

# More figures (bench/RESULTS.md): the whole build beside the bash glue it replaces; the engine's
# own costs (a notebook, a Spark notebook, a cached library environment); reading and merging
# 100,000 test cases beside junitparser.
bench-more: r-runtime test-tools $(VENV)/.installed bench-tools
	$(SWIFT) build -c release --product kiln
	bench/run.sh .build/release/kiln $(VENV) 5
	bench/engine.sh .build/release/kiln $(VENV) 5
	bench/results.sh .build/release/kiln $(VENV) 5

bench-tools:
	@for tool in $(BENCH_TOOLS); do command -v $$tool >/dev/null || missing=1; done; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(BENCH_TOOLS); fi

# The engine's runtime from Debian's packages, when missing: R with testthat and xml2, and
# bubblewrap, which gives notebooks /dbfs, /Volumes and /Workspace as a cluster does.
r-runtime:
	@if ! Rscript -e 'library(testthat); library(xml2)' >/dev/null 2>&1 || ! command -v bwrap >/dev/null; then \
		echo "Installing $(ENGINE_PACKAGES) from Debian's packages"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(ENGINE_PACKAGES); \
	fi

# ShellCheck, which actionlint runs on the shell steps of the GitHub workflow kiln init writes;
# Java 17, which the engine's Spark (pyspark, in the venv) runs on; xmllint, which checks the merged
# JUnit file against the schema CIs read; headless Chromium (and a font), which opens kiln report's
# page from disk in the browser test.
TEST_PACKAGES := shellcheck openjdk-17-jre-headless libxml2-utils chromium fonts-dejavu-core
test-tools:
	@if ! command -v shellcheck >/dev/null || ! command -v java >/dev/null || ! command -v xmllint >/dev/null \
		|| ! command -v chromium >/dev/null; then \
		echo "Installing $(TEST_PACKAGES) from Debian's packages"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(TEST_PACKAGES); \
	fi

# The peer tools the tests drive (the Databricks CLI and SDK) and pytest, in a virtual environment.
$(VENV)/.installed: requirements-test.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $@
