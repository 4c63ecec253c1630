"""Shared pytest options, and one environment for every test wherever the suite runs."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files of golden cases")


@pytest.fixture(autouse=True)
def _same_environment_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI sets CI=true (quiet output) and may set NO_COLOR; tests that need them set them."""
    for name in ("CI", "NO_COLOR", "SEGMENTGEN_LINT_SERVER", "SEGMENTGEN_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
