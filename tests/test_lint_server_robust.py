"""No client can stall or crash the lint server: idle, garbage, oversize and concurrent
clients, clients of other users and cfn-lint failures all get an answer and leave the server
serving the next build."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lint_server_support import TEMPLATE, private_runtime, raw_request, server_thread, wait

from segmentgen.lint import channel as lint_socket
from segmentgen.lint import client as lint_server
from segmentgen.lint import serve as lint_serve
from segmentgen.lint.runner import lint_text

REGIONS = ["us-east-1"]
WORK = [("out/a.json", TEMPLATE), ("out/b.json", TEMPLATE.replace("USA", "US"))]
SMALL = lint_serve.Limits(max_request=64 * 1024, request_seconds=2.0, max_clients=8)


@pytest.fixture(autouse=True)
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from private_runtime(monkeypatch)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Path]:
    with server_thread(tmp_path, SMALL):
        yield tmp_path


def _local(work: list[tuple[str, str]]) -> list[object]:
    return [lint_text(text, file, REGIONS, []) for file, text in work]


def _error(line: bytes) -> str:
    answer = json.loads(line)
    assert answer["ok"] is False
    return str(answer["error"])


def test_an_idle_client_does_not_stall_another(
        server: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lint_server, "ANSWER_SECONDS", 60.0)  # a stalled server fails fast
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as idle:
        idle.connect(str(lint_server.socket_path(server)))
        assert lint_server.lint_remote(server, WORK, REGIONS, []) == _local(WORK)
        idle.settimeout(60)
        line = idle.makefile("rb").readline()
    assert "no complete request within 2 s" in _error(line)
    assert lint_server.reachable(server)


GARBAGE = {
    "not JSON": b"garbage\n",
    "not UTF-8": b"\xff\xfe\n",
    "a list": b"[1, 2]\n",
    "a number": b"5\n",
    "ping not a string": b'{"ping": 5}\n',
    "fingerprint not a string": b'{"fingerprint": 5}\n',
    "templates not pairs": b'{"fingerprint": "f", "regions": [], "ignore": [], '
                           b'"templates": [["a.json"]]}\n',
    "template not text": b'{"fingerprint": "f", "regions": [], "ignore": [], '
                         b'"templates": [["a.json", 5]]}\n',
    "regions not a list": b'{"fingerprint": "f", "regions": "us-east-1", "ignore": [], '
                          b'"templates": []}\n',
    "no newline, then the end": b'{"ping": "',
}


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_is_answered_with_an_error_and_the_server_goes_on(
        server: Path, garbage: bytes) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(30)
        client.connect(str(lint_server.socket_path(server)))
        client.sendall(garbage)
        client.shutdown(socket.SHUT_WR)
        line = client.makefile("rb").readline()
    if garbage.endswith(b"\n"):
        assert _error(line)
    else:
        assert line == b""  # the client went away before its request was whole
    assert lint_server.lint_remote(server, WORK, REGIONS, []) == _local(WORK)


def test_an_oversize_request_is_refused_and_the_server_goes_on(server: Path) -> None:
    line = raw_request(server, b"x" * (1024 * 1024) + b"\n")
    assert _error(line) == "request over 65536 bytes"
    assert lint_server.lint_remote(server, WORK, REGIONS, []) == _local(WORK)


def _peak_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))


def _flood(cache_dir: Path, size: int) -> bytes:
    """Send ``size`` bytes and a newline, as far as the server reads; return its answer."""
    block = b"x" * (1024 * 1024)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(60)
        client.connect(str(lint_server.socket_path(cache_dir)))
        try:
            for _ in range(size // len(block)):
                client.sendall(block)
            client.sendall(b"\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: the answer is waiting
        return client.makefile("rb").readline()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_an_oversize_request_is_not_read_into_memory(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "segmentgen.lint.serve", str(tmp_path)])
    try:
        assert wait(lambda: lint_server.reachable(tmp_path)), "the server did not start"
        before = _peak_kb(process.pid)
        line = _flood(tmp_path, 16 * lint_socket.MAX_REQUEST)  # 256 MB unless cut off
        assert _error(line) == f"request over {lint_socket.MAX_REQUEST} bytes"
        assert (_peak_kb(process.pid) - before) * 1024 < 3 * lint_socket.MAX_REQUEST
    finally:
        lint_server.stop(tmp_path)
        process.wait(30)


def test_concurrent_clients_are_all_served(server: Path) -> None:
    expected = _local(WORK)
    results: list[object] = []

    def client() -> None:
        results.append(lint_server.lint_remote(server, WORK, REGIONS, []))

    threads = [threading.Thread(target=client) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert results == [expected] * 6


def test_clients_beyond_the_limit_are_told_busy(tmp_path: Path) -> None:
    with server_thread(tmp_path, lint_serve.Limits(max_clients=1, request_seconds=60)), \
            socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as idle:
        idle.connect(str(lint_server.socket_path(tmp_path)))
        busy = b'{"ok": false, "error": "busy"}\n'
        assert wait(lambda: raw_request(tmp_path, b"{}\n") == busy)
        assert lint_server.lint_remote(tmp_path, WORK, REGIONS, []) is None
        idle.close()
        assert wait(lambda: lint_server.reachable(tmp_path))


def test_a_big_build_goes_in_several_requests_under_the_limit(
        server: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = [(f"out/{i}.json", TEMPLATE.replace("Winter", f"Winter {i}" + "x" * 9000))
            for i in range(20)]
    sizes: list[int] = []
    real = lint_server._exchange

    def exchange(path: Path, message: object, timeout: float) -> object:
        if isinstance(message, bytes):
            sizes.append(len(message))
        return real(path, message, timeout)

    monkeypatch.setattr(lint_server, "MAX_REQUEST", SMALL.max_request)
    monkeypatch.setattr(lint_server, "_exchange", exchange)
    assert lint_server.lint_remote(server, work, REGIONS, []) == _local(work)
    assert len(sizes) > 1 and max(sizes) <= SMALL.max_request


def test_a_client_of_another_user_is_refused(
        server: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lint_socket, "peer_uid", lambda connection: os.getuid() + 1)
        line = raw_request(server, b'{"stop": true}\n')
    assert _error(line) == "this server answers its own user only"
    assert lint_server.reachable(server)


def test_a_cfn_lint_failure_is_answered_and_the_server_goes_on(
        server: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> object:
        raise RecursionError("cfn-lint bug")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("segmentgen.lint.runner.lint_text", broken)
        assert lint_server.lint_remote(server, WORK, REGIONS, []) is None
    assert lint_server.lint_remote(server, WORK, REGIONS, []) == _local(WORK)
