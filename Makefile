# sohoa — one command to set up and digitize the samples, one to set up and run the tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the pipeline needs at run time
APT_RUN := tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd tesseract-ocr-eng poppler-utils qpdf \
           fonts-liberation2 fonts-noto-core fonts-dejavu-core python3-venv python3-pip
# Debian packages only the tests need (PKCS#11 token, browser tests)
APT_TEST := softhsm2 opensc chromium

.PHONY: help setup system venv demo test test-services lint bench clean

help:
	@echo "make demo   set everything up, then digitize samples/ on this machine (no services needed)"
	@echo "make test   set everything up (services included), then run the whole test suite"
	@echo "make setup  Debian packages + .venv only;  make bench  run the benchmarks"

setup: system venv

system:
	@APT="$(APT_RUN)" scripts/apt-ensure.sh

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

demo: setup
	@rm -rf out/demo
	$(BIN)/sohoa digitize samples/demo --export out/demo
	@echo
	@echo "Signed PDF/A, text and fields of every sample: out/demo/"
	@echo "Archive and catalog: ./sohoa-data/   (settings: SOHOA_HOME, SOHOA_ARCHIVE_URL, SOHOA_CATALOG_URL)"
	@echo "Search them:   $(BIN)/sohoa search \"giay khai sinh\"    (diacritics optional)"
	@echo "Check a file:  $(BIN)/sohoa verify out/demo/*.pdf"

test: setup
	@APT="$(APT_TEST)" scripts/apt-ensure.sh
	@scripts/services.sh
	$(BIN)/python -m pytest -q

lint:
	$(BIN)/ruff check .
	$(BIN)/mypy .

bench: setup
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) out sohoa-data .pytest_cache .mypy_cache .ruff_cache
