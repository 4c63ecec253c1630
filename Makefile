PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# The lock is resolved for every platform from pyproject.toml's ranges (the dev extra included).
LOCK_COMMAND := pip compile pyproject.toml --extra dev --generate-hashes --universal \
	--python-version 3.11 --quiet -o $(LOCK)
PIP_QUIET := --quiet --no-input --disable-pip-version-check

.PHONY: run test test-spark test-browser test-latest lock lint typecheck golden bench bench-estimate fuzz clean

# The environment comes from the lock only: exact versions, every file checked against its hash.
# (setuptools' notice that an editable install is one is silenced; real warnings still show.)
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) --require-hashes --no-deps -r $(LOCK)
	PYTHONWARNINGS="ignore:Editable installation:UserWarning" \
		$(BIN)/python -m pip install $(PIP_QUIET) --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check >/dev/null
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/segmentgen build --specs specs --out out

lint: $(STAMP)
	$(BIN)/ruff check segmentgen tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -rs

# The Spark query (estimate --sql --dialect spark) run by a local Spark session against the
# DuckDB engine's counts, over an endpoint export and over a profile export; pyspark is big
# and optional, so it is installed here, not locked.
test-spark: $(STAMP)
	$(BIN)/python -m pip install $(PIP_QUIET) 'pyspark>=3.5,<5'
	$(BIN)/python -m pytest tests/test_spark.py tests/test_spark_profiles.py \
		tests/test_evaluate_differential.py tests/test_profiles_estimate_differential.py -k spark

# The catalog site in headless Chromium (tests/test_browser.py): the distribution's chromium
# and chromium-driver (apt-get when run as root and missing), selenium into the virtualenv
# (not locked; the lock's versions constrain its dependencies, so no locked package moves);
# the test must run here, not skip; writes the README's screenshots to docs/images/.
test-browser: $(STAMP)
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				chromium chromium-driver; \
		else echo "install the packages chromium and chromium-driver (as root)"; exit 2; fi; \
	fi
	@set -e; constraints=$$(mktemp); trap 'rm -f "$$constraints"' EXIT; \
	sed -n 's/^\([A-Za-z0-9._-]*==[^\\]*[^ \\]\) *\\$$/\1/p' $(LOCK) > "$$constraints"; \
	$(BIN)/python -m pip install $(PIP_QUIET) 'selenium>=4.20,<5' -c "$$constraints"
	SEGMENTGEN_BROWSER_REQUIRED=1 SEGMENTGEN_SCREENSHOTS=docs/images \
		$(BIN)/python -m pytest -rs tests/test_browser.py

golden: $(STAMP)
	$(BIN)/python -m pytest -m golden --update-golden

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The evaluation benchmark writes a 5 GB export to a temporary directory (minutes): not part
# of make bench. bench/estimate_bench.py --quick is a fast run.
bench-estimate: $(STAMP)
	$(BIN)/python bench/estimate_bench.py

fuzz: $(STAMP)
	SEGMENTGEN_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest tests/test_fuzz.py

# Re-resolve the lock from pyproject.toml's ranges (after changing a dependency).
# Needs only uv (its hashed entry in the old lock), not an environment the new ranges may
# no longer match.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -c "import re; text = open('$(LOCK)').read(); \
		open('$(VENV)/uv.txt', 'w').write(re.search(r'^uv==.*?(?=^\S)', text, re.M | re.S)[0])"
	$(BIN)/python -m pip install $(PIP_QUIET) --require-hashes --no-deps -r $(VENV)/uv.txt
	$(BIN)/uv $(LOCK_COMMAND)

# The newest versions pyproject.toml allows, resolved into a throwaway environment, then the
# whole suite: dependency drift shows up here before it reaches a user.
test-latest:
	@set -e; latest=$$(mktemp -d); trap 'rm -rf "$$latest"' EXIT; \
	$(PYTHON) -m venv "$$latest"; \
	"$$latest/bin/python" -m pip install $(PIP_QUIET) --upgrade pip; \
	"$$latest/bin/python" -m pip install $(PIP_QUIET) --upgrade --upgrade-strategy eager '.[dev]'; \
	echo "test-latest: resolved versions:"; \
	"$$latest/bin/python" -m pip freeze --exclude-editable | grep -v '^segmentgen' | sed 's/^/  /'; \
	"$$latest/bin/ruff" check segmentgen tests bench; \
	"$$latest/bin/mypy"; \
	PATH="$$latest/bin:$$PATH" "$$latest/bin/python" -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .segmentgen-cache
