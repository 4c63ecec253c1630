"""The opt-in lint server answers exactly what in-process linting answers, and goes away."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from segmentgen import lint_server
from segmentgen.lint import lint_text

TEMPLATE = """\
Resources:
  Seg:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: app
      Name: Winter
      Dimensions:
        Location:
          Country: {Values: [USA]}
"""


def _wait(predicate: object, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Path]:
    cache_dir = tmp_path / "cache"
    process = subprocess.Popen([sys.executable, "-m", "segmentgen.lint_server", str(cache_dir)])
    try:
        assert _wait(lambda: lint_server.reachable(cache_dir)), "the server did not start"
        yield cache_dir
    finally:
        lint_server.stop(cache_dir)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_server_findings_equal_in_process_findings(server: Path) -> None:
    work = [("out/a.yaml", TEMPLATE), ("out/b.yaml", TEMPLATE.replace("USA", "US"))]
    remote = lint_server.lint_remote(server, work, ["us-east-1"], [])
    local = [lint_text(text, file, ["us-east-1"], []) for file, text in work]
    assert remote == local
    assert any(d.code == "cfn-lint:E9005" for d in remote[0])


def test_socket_is_private(server: Path) -> None:
    mode = lint_server.socket_path(server).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_other_fingerprint_stops_the_server(server: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lint_server, "fingerprint", lambda: "another segmentgen")
    assert lint_server.lint_remote(server, [("a.yaml", TEMPLATE)], ["us-east-1"], []) is None
    monkeypatch.undo()
    assert _wait(lambda: not lint_server.socket_path(server).exists(), 30)


def test_no_server_means_no_answer(tmp_path: Path) -> None:
    assert not lint_server.reachable(tmp_path)
    assert lint_server.lint_remote(tmp_path, [("a.yaml", TEMPLATE)], ["us-east-1"], []) is None


def test_build_through_the_server_matches_a_build_without(
    server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from segmentgen.api import build

    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(
        "segments:\n  s:\n    name: S\n    where: {country: [NO]}\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(lint_server.ENV_VAR, "1")
    served = build(Path("specs"), Path("out1"), cache_dir=server)
    monkeypatch.setenv(lint_server.ENV_VAR, "0")
    local = build(Path("specs"), Path("out2"), cache_dir=tmp_path / "other-cache")
    strip = lambda ds: [(d.code, d.line, d.col, d.message) for d in ds]  # noqa: E731
    assert strip(served.diagnostics) == strip(local.diagnostics)
    assert served.files == local.files
