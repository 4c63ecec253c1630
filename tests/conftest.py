"""Shared pytest options and fixtures, and one environment for every test wherever it runs.

Fixtures: ``golden`` (the golden-case harness of tests/golden.py; a test using it is marked
``golden``, so ``pytest -m golden --update-golden`` regenerates every case) and ``write_specs``
(spec files written into ``tmp_path/specs``, tests/spec_files.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import Golden, update_requested
from spec_files import SpecWriter


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files of golden cases (tests/cases/*/expected)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "golden: compares output with tests/cases/<name>/expected (make golden)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses the ``golden`` fixture is a golden test, and only those."""
    for item in items:
        if "golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)


@pytest.fixture()
def golden(request: pytest.FixtureRequest) -> Golden:
    """The harness, in update mode when ``--update-golden`` or SEGMENTGEN_UPDATE_GOLDEN=1."""
    return Golden(update=update_requested(request.config), test_id=request.node.nodeid)


@pytest.fixture()
def write_specs(tmp_path: Path) -> SpecWriter:
    """Writes spec files into ``tmp_path/specs`` and returns that directory."""
    return SpecWriter(tmp_path)


@pytest.fixture(autouse=True)
def _same_environment_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI sets CI=true (quiet output) and may set NO_COLOR; tests that need them set them."""
    for name in ("CI", "NO_COLOR", "SEGMENTGEN_LINT_SERVER", "SEGMENTGEN_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
