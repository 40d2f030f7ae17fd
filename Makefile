# Spate — build, run and test.
#
#   make run     build everything, then run examples/word_count.py
#   make test    build everything, then `swift test` and the Python tests
#   make bench   build everything and the native benchmarks, then bench/run.py
#   make setup   only build: system packages, libspate.so (release), .venv with the spate package
#   make clean   remove build products and .venv
#
# Every target works from a fresh clone. `setup` is incremental: `swift build` rebuilds only what
# changed, and the Python package (with its C extension) is reinstalled each time, so editing a
# Swift, C or Python file and re-running `make test` tests the edit.

SHELL := /bin/bash
.DEFAULT_GOAL := setup

# Use the toolchain at /opt/swift when `swift` is not on PATH.
ifeq ($(shell command -v swift 2>/dev/null),)
  ifneq ($(wildcard /opt/swift/usr/bin/swift),)
    export PATH := /opt/swift/usr/bin:$(PATH)
  endif
endif

SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PIP := $(VPY) -m pip --disable-pip-version-check

# libspate.so as the Python package ships it: release mode, Swift runtime linked in statically.
SWIFT_LIB_FLAGS := -c release --product spate -Xswiftc -static-stdlib
SPATE_LIB := $(abspath .build/release/libspate.so)

APT_PACKAGES := python3-dev libffi-dev
# Only `make test` needs these: a real Prometheus server scrapes a job's /metrics in a test.
TEST_APT_PACKAGES := prometheus

.PHONY: setup system-deps test-deps swift-lib python-package run test bench clean

setup: python-package

# Debian packages, installed only when missing (apt-get update only then, sudo only when not root).
system-deps:
	@command -v dpkg >/dev/null 2>&1 || exit 0; \
	missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  echo "Installing$$missing"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

test-deps:
	@$(MAKE) --no-print-directory system-deps APT_PACKAGES="$(TEST_APT_PACKAGES)"

# Always run: swift build is incremental and does nothing when nothing changed.
swift-lib:
	$(SWIFT) build $(SWIFT_LIB_FLAGS)

$(VPY):
	$(PYTHON) -m venv $(VENV)

# Test tools and build tools (for --no-build-isolation), installed once per .venv.
$(VENV)/.spate-tools: | $(VPY)
	$(PIP) install -q pytest hypothesis pandas "setuptools>=61" wheel auditwheel
	@touch $@

python-package: system-deps swift-lib $(VENV)/.spate-tools
	SPATE_LIB=$(SPATE_LIB) $(PIP) install -q --no-build-isolation ./python

run: setup
	$(VENV)/bin/spate run examples/word_count.py

# Both suites run even when the first fails, so one run reports on both.
test: setup test-deps
	@status=0; \
	echo "$(SWIFT) test"; $(SWIFT) test || status=1; \
	echo "$(VPY) -m pytest -q python/tests"; $(VPY) -m pytest -q python/tests || status=1; \
	exit $$status

# The native benchmarks (J2n, J3n) run the Swift API without Python: SpateBench, built here.
bench: setup
	$(SWIFT) build -c release --product SpateBench
	$(VPY) bench/run.py

clean:
	rm -rf .build $(VENV) python/build python/*.egg-info
	find python -name __pycache__ -type d -prune -exec rm -rf {} +
	find python/spate -maxdepth 1 -name '*.so' -delete 2>/dev/null || true
