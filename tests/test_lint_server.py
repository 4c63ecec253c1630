"""The opt-in lint server answers exactly what in-process linting answers, goes away, and
lives only in a directory that nobody but its user can enter."""

from __future__ import annotations

import os
import socket
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lint_server_support import TEMPLATE, private_runtime, server_process, server_thread, wait

from segmentgen.lint import channel as lint_socket
from segmentgen.lint import client as lint_server
from segmentgen.lint import serve as lint_serve
from segmentgen.lint.runner import lint_text


@pytest.fixture(autouse=True)
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from private_runtime(monkeypatch)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Path]:
    cache_dir = tmp_path / "cache"
    with server_process(cache_dir):
        yield cache_dir


def test_server_findings_equal_in_process_findings(server: Path) -> None:
    work = [("out/a.yaml", TEMPLATE), ("out/b.yaml", TEMPLATE.replace("USA", "US"))]
    remote = lint_server.lint_remote(server, work, ["us-east-1"], [])
    local = [lint_text(text, file, ["us-east-1"], []) for file, text in work]
    assert remote == local
    assert any(d.code == "cfn-lint:E9005" for d in remote[0])


def test_socket_is_private(server: Path) -> None:
    mode = lint_server.socket_path(server).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600


def test_other_fingerprint_stops_the_server(server: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lint_server, "fingerprint", lambda: "another segmentgen")
        found = lint_server.lint_remote(server, [("a.yaml", TEMPLATE)], ["us-east-1"], [])
        assert found is None
    assert wait(lambda: not lint_server.socket_path(server).exists(), 30)


def test_no_server_means_no_answer(tmp_path: Path) -> None:
    assert not lint_server.reachable(tmp_path)
    assert lint_server.lint_remote(tmp_path, [("a.yaml", TEMPLATE)], ["us-east-1"], []) is None


def test_build_through_the_server_matches_a_build_without(
    server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from segmentgen.api import BuildOptions, build

    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(
        "segments:\n  s:\n    name: S\n    where: {country: [NO]}\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(lint_server.ENV_VAR, "1")
    served = build(BuildOptions(Path("specs"), Path("out1"), cache_dir=server))
    monkeypatch.setenv(lint_server.ENV_VAR, "0")
    local = build(BuildOptions(Path("specs"), Path("out2"), cache_dir=tmp_path / "other-cache"))
    strip = lambda ds: [(d.code, d.line, d.col, d.message) for d in ds]  # noqa: E731
    assert strip(served.diagnostics) == strip(local.diagnostics)
    assert served.files == local.files


def test_socket_directory_is_made_private_to_its_user(server: Path, runtime: Path) -> None:
    folder = lint_server.socket_path(server).parent
    assert folder == runtime / "segmentgen"
    info = os.lstat(folder)
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700


def _refused(cache_dir: Path) -> None:
    """Neither end uses the directory: no server starts in it and builds see none."""
    assert lint_socket.trusted_path(cache_dir, create=True) is None
    serving = threading.Thread(target=lint_serve.serve, args=(cache_dir,), daemon=True)
    serving.start()
    serving.join(30)
    assert not serving.is_alive(), "a server runs in a directory others can enter"
    assert not lint_server.socket_path(cache_dir).exists()
    assert not lint_server.reachable(cache_dir)
    assert lint_server.lint_remote(cache_dir, [("a.yaml", TEMPLATE)], ["us-east-1"], []) is None


@pytest.mark.parametrize("mode", [0o755, 0o770, 0o701, 0o1777])
def test_socket_directory_open_to_others_is_refused(tmp_path: Path, mode: int) -> None:
    folder = lint_socket.socket_dir()
    folder.mkdir(mode=0o700)
    folder.chmod(mode)
    _refused(tmp_path / "cache")
    assert stat.S_IMODE(folder.stat().st_mode) == mode  # refused, not repaired


@pytest.mark.skipif(os.getuid() != 0, reason="only root can make a directory of another user")
def test_socket_directory_of_another_user_is_refused(tmp_path: Path) -> None:
    folder = lint_socket.socket_dir()
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    _refused(tmp_path / "cache")


def test_socket_directory_owned_by_another_uid_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lint_socket.socket_dir()
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(lint_socket, "socket_dir", lambda: folder)
    monkeypatch.setattr(lint_socket.os, "getuid", lambda: os.geteuid() + 1)
    _refused(tmp_path / "cache")
    assert list(folder.iterdir()) == []


def test_socket_directory_replaced_by_a_symlink_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    lint_socket.socket_dir().symlink_to(elsewhere)
    _refused(tmp_path / "cache")
    assert list(elsewhere.iterdir()) == []


def test_runtime_directory_open_to_others_is_not_used(runtime: Path) -> None:
    runtime.chmod(0o755)
    assert lint_socket.socket_dir() == Path(tempfile.gettempdir()) / f"segmentgen-{os.getuid()}"


def test_without_peer_credentials_there_is_no_server(server: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.delattr(socket, "SO_PEERCRED")
        assert not lint_server.reachable(server)
        found = lint_server.lint_remote(server, [("a.yaml", TEMPLATE)], ["us-east-1"], [])
        assert found is None
    assert lint_server.reachable(server)


def test_a_second_server_of_the_project_does_not_start(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    with server_thread(cache_dir):
        before = lint_server.socket_path(cache_dir).stat().st_ino
        lint_serve.serve(cache_dir)  # the first holds the project's lock: returns at once
        assert lint_server.socket_path(cache_dir).stat().st_ino == before
        assert lint_server.reachable(cache_dir)
