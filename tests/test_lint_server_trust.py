"""A lint server that fails the checks, or answers anything but findings for the templates
sent, is no server: the build lints in-process and caches only its own findings."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lint_server_support import TEMPLATE, answering, fake_server, private_runtime

from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.lint import channel as lint_socket
from segmentgen.lint import client as lint_server

SPEC = "segments:\n  s:\n    name: S\n    where: {country: [NO]}\n"


@pytest.fixture(autouse=True)
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from private_runtime(monkeypatch)


def forged(file: str) -> list[object]:
    return [[file, 1, 1, "cfn-lint:E0000", "forged finding", 3, None]]


def _open_to_others(folder: Path, patch: pytest.MonkeyPatch) -> None:
    folder.chmod(0o755)


def _another_owner(folder: Path, patch: pytest.MonkeyPatch) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a directory to another user")
    os.chown(folder, 65534, 65534)


def _peer_of_another_user(folder: Path, patch: pytest.MonkeyPatch) -> None:
    patch.setattr(lint_socket, "peer_uid", lambda connection: os.getuid() + 1)


def _no_peer_credentials(folder: Path, patch: pytest.MonkeyPatch) -> None:
    patch.delattr(socket, "SO_PEERCRED")


Untrust = Callable[[Path, pytest.MonkeyPatch], None]


def _build(tmp_path: Path, out: str, server: bool,
           monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, int, str]]:
    from segmentgen.api import BuildOptions, build

    monkeypatch.setenv(lint_server.ENV_VAR, "1" if server else "0")
    result = build(BuildOptions(tmp_path / "specs", tmp_path / out,
                                cache_dir=tmp_path / f"{out}-cache"))
    return [(d.code, d.line, d.col, d.message) for d in result.diagnostics]


def _cached(cache_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(cache_dir.rglob("*")) if p.is_file())


@pytest.mark.parametrize("untrust", [_open_to_others, _another_owner, _peer_of_another_user,
                                     _no_peer_credentials])
def test_findings_of_an_untrusted_server_are_not_used_nor_cached(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, untrust: Untrust) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(lint_server, "start", lambda cache_dir: None)
    local = _build(tmp_path, "local", False, monkeypatch)
    with fake_server(tmp_path / "served-cache", answering(forged)) as fake:
        untrust(lint_socket.socket_path(tmp_path / "served-cache").parent, monkeypatch)
        served = _build(tmp_path, "served", True, monkeypatch)
    assert served == local
    assert fake.requests == 0
    assert b"forged" not in _cached(tmp_path / "served-cache")
    assert b"W3696" in _cached(tmp_path / "served-cache")  # in-process findings are


def test_findings_of_a_server_that_passes_the_checks_are_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same setup without a failed check: the fake server's findings get through, so
    the test above would see forged findings if a check let them."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC, "utf-8")
    monkeypatch.chdir(tmp_path)
    with fake_server(tmp_path / "served-cache", answering(forged)) as fake:
        served = _build(tmp_path, "served", True, monkeypatch)
    assert fake.requests >= 1
    assert ("cfn-lint:E0000", 1, 1, "forged finding") in served
    assert b"forged" in _cached(tmp_path / "served-cache")


def _finding(**changes: object) -> Callable[[str], list[object]]:
    fields = ["file", "line", "col", "code", "message", "severity", "hint"]

    def found(file: str) -> list[object]:
        good: dict[str, object] = {"file": file, "line": 3, "col": 5, "code": "cfn-lint:E3012",
                                   "message": "wrong type", "severity": 3, "hint": None}
        good.update(changes)
        return [[good[name] for name in fields if name in good]]

    return found


MALFORMED: dict[str, bytes | Callable[[bytes], bytes]] = {
    "not JSON": b"not json\n",
    "a list": b"[]\n",
    "no findings": b'{"ok": true}\n',
    "ok is not true": json.dumps({"ok": "yes", "found": [[]]}).encode() + b"\n",
    "refused": b'{"ok": false, "error": "busy"}\n',
    "cut off": b'{"ok": true, "found": [',
    "too few templates": b'{"ok": true, "found": []}\n',
    "findings not a list": b'{"ok": true, "found": [{"a": 1}]}\n',
    "another file": answering(_finding(file="out/other.json")),
    "line as text": answering(_finding(line="3")),
    "line as boolean": answering(_finding(line=True)),
    "negative column": answering(_finding(col=-1)),
    "unknown severity": answering(_finding(severity=9)),
    "severity as text": answering(_finding(severity="error")),
    "not a cfn-lint code": answering(_finding(code="SG201")),
    "message not text": answering(_finding(message=["x"])),
    "hint not text": answering(_finding(hint=5)),
    "six fields": answering(lambda file: [[file, 3, 5, "cfn-lint:E3012", "wrong type", 3]]),
}


@pytest.mark.parametrize("answer", MALFORMED.values(), ids=MALFORMED.keys())
def test_an_answer_of_the_wrong_shape_is_no_answer(
        tmp_path: Path, answer: bytes | Callable[[bytes], bytes]) -> None:
    with fake_server(tmp_path, answer) as fake:
        found = lint_server.lint_remote(tmp_path, [("out/a.json", TEMPLATE)], ["us-east-1"], [])
    assert found is None
    assert fake.requests == 1


def test_an_answer_over_the_size_limit_is_no_answer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lint_server, "MAX_ANSWER", 1000)
    answer = answering(_finding(message="x" * 2000))
    with fake_server(tmp_path, answer) as fake:
        found = lint_server.lint_remote(tmp_path, [("out/a.json", TEMPLATE)], ["us-east-1"], [])
    assert found is None
    assert fake.requests == 1


def test_an_answer_of_the_right_shape_is_read(tmp_path: Path) -> None:
    with fake_server(tmp_path, answering(_finding())):
        found = lint_server.lint_remote(tmp_path, [("out/a.json", TEMPLATE)], ["us-east-1"], [])
    assert found == [[Diagnostic("out/a.json", 3, 5, "cfn-lint:E3012", "wrong type",
                                 Severity.ERROR)]]
