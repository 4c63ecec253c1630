"""Lint server: one long-lived cfn-lint rule runner shared by the builds of one project.

Input: (file, text) templates and lint settings, sent over a Unix socket. Output: their
diagnostics, in order. Importing cfn-lint and building its rule runner costs more than a
second, every build; a server pays it once, like ``dmypy`` does for mypy. It is opt-in
(``lint: {server: true}`` in segmentgen.yaml, or ``SEGMENTGEN_LINT_SERVER=1``), serves one
project (its cache directory), answers only builds of the same segmentgen and cfn-lint
(anything else makes it stop), listens on a socket only its user can open, and exits after
``IDLE_SECONDS`` without a request. A build that cannot reach it lints as usual and starts
it for the next build. Stop it with ``segmentgen lint-server --stop``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from segmentgen.cache import (
    code_fingerprint,
    diagnostics_from_data,
    diagnostics_to_data,
    lint_settings_key,
)
from segmentgen.diagnostics import Diagnostic

ENV_VAR = "SEGMENTGEN_LINT_SERVER"
IDLE_SECONDS = 900
CONNECT_SECONDS = 0.5
ANSWER_SECONDS = 600
Templates = Sequence[tuple[str, "str | bytes"]]


def enabled(setting: bool) -> bool:
    value = os.environ.get(ENV_VAR)
    if value is not None:
        return value.strip().lower() in ("1", "true", "yes", "on")
    return setting


def socket_path(cache_dir: Path) -> Path:
    """A short path (Unix sockets allow about 100 bytes) private to this user and project."""
    folder = Path(tempfile.gettempdir()) / f"segmentgen-{os.getuid()}"
    name = hashlib.sha256(str(cache_dir.resolve()).encode()).hexdigest()[:16]
    return folder / f"{name}.sock"


def fingerprint() -> str:
    return code_fingerprint() + lint_settings_key((), ())


def _exchange(path: Path, message: dict[str, object], timeout: float) -> dict[str, object] | None:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(CONNECT_SECONDS)
            client.connect(str(path))
            client.settimeout(timeout)
            client.sendall(json.dumps(message).encode() + b"\n")
            with client.makefile("rb") as stream:
                answer = json.loads(stream.readline() or b"null")
    except (OSError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None


def reachable(cache_dir: Path) -> bool:
    path = socket_path(cache_dir)
    if not path.exists():  # the common case: no server, and no hashing of the code for it
        return False
    answer = _exchange(path, {"ping": fingerprint()}, CONNECT_SECONDS)
    return bool(answer and answer.get("ok"))


def lint_remote(cache_dir: Path, work: Templates, regions: Sequence[str],
                ignore: Sequence[str]) -> list[list[Diagnostic]] | None:
    """The findings of each template from the server, or None when it cannot answer."""
    message: dict[str, object] = {
        "fingerprint": fingerprint(), "regions": list(regions), "ignore": list(ignore),
        "templates": [[file, text.decode("utf-8") if isinstance(text, bytes) else text]
                      for file, text in work]}
    answer = _exchange(socket_path(cache_dir), message, ANSWER_SECONDS)
    listed = answer.get("found") if answer and answer.get("ok") else None
    if not isinstance(listed, list):
        return None
    found = [diagnostics_from_data(data) for data in listed]
    if len(found) != len(work) or any(item is None for item in found):
        return None
    return [item for item in found if item is not None]


def start(cache_dir: Path) -> None:
    """Start a server in the background for the next build; no effect if one is up."""
    if reachable(cache_dir):
        return
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "segmentgen.lint_server", str(cache_dir.resolve())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True)


def stop(cache_dir: Path) -> bool:
    answer = _exchange(socket_path(cache_dir), {"stop": True}, CONNECT_SECONDS)
    return bool(answer and answer.get("ok"))


def serve(cache_dir: Path, idle: float = IDLE_SECONDS) -> None:
    path = socket_path(cache_dir)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if reachable(cache_dir):
        return
    path.unlink(missing_ok=True)
    mine = fingerprint()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        os.chmod(path, 0o600)
        server.listen(4)
        server.settimeout(idle)
        try:
            while True:
                try:
                    connection, _ = server.accept()
                except TimeoutError:
                    return
                with connection:
                    if not _answer(connection, mine):
                        return
        finally:
            path.unlink(missing_ok=True)


def _answer(connection: socket.socket, mine: str) -> bool:
    """Answer one request; False when the server should stop."""
    from segmentgen.lint import lint_text

    connection.settimeout(ANSWER_SECONDS)
    with connection.makefile("rb") as stream:
        try:
            request = json.loads(stream.readline() or b"null")
        except ValueError:
            return True
    if not isinstance(request, dict):
        return True
    if request.get("stop"):
        _send(connection, {"ok": True})
        return False
    if "ping" in request:
        same = bool(request["ping"] == mine)
        _send(connection, {"ok": same})
        return same
    if request.get("fingerprint") != mine:
        _send(connection, {"ok": False})
        return False  # segmentgen or cfn-lint changed: a new server will be started
    regions, ignore = request.get("regions") or [], request.get("ignore") or []
    found = [diagnostics_to_data(lint_text(str(text), str(file), regions, ignore))
             for file, text in request.get("templates") or []]
    _send(connection, {"ok": True, "found": found})
    return True


def _send(connection: socket.socket, message: dict[str, object]) -> None:
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps(message).encode() + b"\n")


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
