"""Shared by the lint server tests: a private runtime directory, real servers (a process or
a thread) and a fake server that answers whatever a test tells it to."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from segmentgen.emit import cache
from segmentgen.lint import channel as lint_socket
from segmentgen.lint import client as lint_server
from segmentgen.lint import serve as lint_serve

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


def wait(predicate: Callable[[], object], seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def private_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short XDG_RUNTIME_DIR of the test's own (socket paths allow about 100 bytes), and
    segmentgen's fingerprint taken afresh, as a new build would."""
    cache.code_fingerprint.cache_clear()
    folder = Path(tempfile.mkdtemp(prefix="sg", dir="/tmp"))
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def server_process(cache_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen([sys.executable, "-m", "segmentgen.lint.serve", str(cache_dir)])
    try:
        assert wait(lambda: lint_server.reachable(cache_dir)), "the server did not start"
        yield process
    finally:
        lint_server.stop(cache_dir)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def server_thread(cache_dir: Path, limits: lint_serve.Limits | None = None) -> Iterator[None]:
    thread = threading.Thread(target=lint_serve.serve, args=(cache_dir, limits), daemon=True)
    thread.start()
    try:
        assert wait(lambda: lint_server.reachable(cache_dir)), "the server did not start"
        yield
    finally:
        # A server at its client limit answers 'busy' until a closed client's thread has
        # ended, a stop request included: ask again until it stops.
        wait(lambda: lint_server.stop(cache_dir) or not thread.is_alive(), 30)
        thread.join(30)
    assert not thread.is_alive()


Answer = bytes | Callable[[bytes], bytes]


class FakeServer:
    """Listens on ``path`` and answers every request line with ``answer`` (or what it
    returns for the request)."""

    def __init__(self, path: Path, answer: Answer) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(path))
        self.listener.listen(8)
        self.answer, self.connections, self.requests = answer, 0, 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with connection, contextlib.suppress(OSError):
                connection.settimeout(10)
                request = connection.makefile("rb").readline()
                if request:
                    self.requests += 1
                    answer = self.answer
                    connection.sendall(answer if isinstance(answer, bytes) else answer(request))

    def close(self) -> None:
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join(10)


@contextlib.contextmanager
def fake_server(cache_dir: Path, answer: Answer) -> Iterator[FakeServer]:
    fake = FakeServer(lint_socket.socket_path(cache_dir), answer)
    try:
        yield fake
    finally:
        fake.close()


def raw_request(cache_dir: Path, data: bytes, seconds: float = 30.0) -> bytes:
    """Send bytes as they are and return the first line of the answer (b"" for none)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(seconds)
        client.connect(str(lint_socket.socket_path(cache_dir)))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            client.sendall(data)
        return client.makefile("rb").readline()


def answering(findings: Callable[[str], list[object]]) -> Callable[[bytes], bytes]:
    """A fake server's answers: ``findings(file)`` for each template of a lint request, and
    yes to a ping."""

    def answer(request: bytes) -> bytes:
        data = json.loads(request)
        if "templates" not in data:
            return b'{"ok": true}\n'
        found = [findings(file) for file, _ in data["templates"]]
        return json.dumps({"ok": True, "found": found}).encode() + b"\n"

    return answer
