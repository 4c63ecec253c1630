"""Lint server client: one long-lived cfn-lint rule runner shared by the builds of one project.

Input: (file, text) templates and lint settings. Output: their diagnostics from the server,
in order, or None when no trustworthy server answers (the build then lints in-process).
Importing cfn-lint and building its rule runner costs more than a second, every build; a
server (``segmentgen.lint.serve``) pays it once, like ``dmypy`` does for mypy. It is opt-in
(``lint: {server: true}`` in segmentgen.yaml, or ``SEGMENTGEN_LINT_SERVER=1``), serves one
project (its cache directory), answers only builds of the same segmentgen and cfn-lint
(anything else makes it stop) and exits after ``IDLE_SECONDS`` without a request.

The server is trusted only as far as it can be checked: its socket must be in a directory
only this user can enter, the kernel must say the process on the other end runs as this
user (Linux ``SO_PEERCRED``; elsewhere there is no server), and each answer must have the
exact shape of findings for the templates sent. Anything else counts as no server, so its
findings are never used nor cached. Stop it with ``segmentgen lint-server --stop``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.emit.cache import code_fingerprint, lint_settings_key
from segmentgen.lint.channel import (
    MAX_ANSWER,
    MAX_REQUEST,
    read_message,
    send_message,
    socket_path,
    trusted_path,
    trusted_peer,
)

ENV_VAR = "SEGMENTGEN_LINT_SERVER"
IDLE_SECONDS = 900
CONNECT_SECONDS = 2.0
ANSWER_SECONDS = 600.0
Templates = Sequence[tuple[str, "str | bytes"]]
RULE_CODE = re.compile(r"cfn-lint:[A-Z]+[0-9]+")
SEVERITIES = frozenset(int(severity) for severity in Severity)
__all__ = ["ENV_VAR", "enabled", "lint_remote", "reachable", "socket_path", "start", "stop"]


def enabled(setting: bool) -> bool:
    value = os.environ.get(ENV_VAR)
    if value is not None:
        return value.strip().lower() in ("1", "true", "yes", "on")
    return setting


def fingerprint() -> str:
    return code_fingerprint() + lint_settings_key((), ())


def _socket(cache_dir: Path) -> Path | None:
    """The server's socket when its directory is private and a socket is there."""
    path = trusted_path(cache_dir)
    if path is None:
        return None
    try:
        return path if stat.S_ISSOCK(path.lstat().st_mode) else None
    except OSError:
        return None


def _exchange(path: Path, message: object | bytes, timeout: float) -> object:
    """Send one message and read the answer; None when the peer is not this user's or
    anything fails."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(CONNECT_SECONDS)
            client.connect(str(path))
            if not trusted_peer(client) or not send_message(client, message, timeout):
                return None
            return read_message(client, MAX_ANSWER, timeout)
    except (OSError, ValueError):
        return None


def _ok(answer: object) -> bool:
    return isinstance(answer, dict) and answer.get("ok") is True


def reachable(cache_dir: Path) -> bool:
    path = _socket(cache_dir)
    if path is None:  # the common case: no server, and no hashing of the code for it
        return False
    return _ok(_exchange(path, {"ping": fingerprint()}, CONNECT_SECONDS))


def lint_remote(cache_dir: Path, work: Templates, regions: Sequence[str],
                ignore: Sequence[str]) -> list[list[Diagnostic]] | None:
    """The findings of each template from the server, or None when it cannot answer (or
    answers anything but findings for exactly these templates)."""
    path = _socket(cache_dir)
    if path is None:
        return None
    head: dict[str, object] = {"fingerprint": fingerprint(), "regions": list(regions),
                               "ignore": list(ignore)}
    found: list[list[Diagnostic]] = []
    for files, request in _requests(head, work):
        checked = findings(_exchange(path, request, ANSWER_SECONDS), files)
        if checked is None:
            return None
        found.extend(checked)
    return found


def _requests(head: dict[str, object], work: Templates) -> Iterator[tuple[list[str], bytes]]:
    """Requests of at most ``MAX_REQUEST`` bytes (one template may be more: the server
    refuses it), with the output files of the templates in each."""
    prefix = json.dumps(head)[:-1].encode() + b', "templates": ['
    files: list[str] = []
    pieces: list[bytes] = []
    size = len(prefix) + 3
    for file, text in work:
        piece = json.dumps([file, text.decode("utf-8") if isinstance(text, bytes) else text])
        if pieces and size + len(piece) + 1 > MAX_REQUEST:
            yield files, prefix + b",".join(pieces) + b"]}\n"
            files, pieces, size = [], [], len(prefix) + 3
        files.append(file)
        pieces.append(piece.encode())
        size += len(pieces[-1]) + 1
    yield files, prefix + b",".join(pieces) + b"]}\n"


def findings(answer: object, files: Sequence[str]) -> list[list[Diagnostic]] | None:
    """An answer's findings, one list per file, when it is exactly that; else None."""
    if not _ok(answer) or not isinstance(answer, dict):
        return None
    listed = answer.get("found")
    if not isinstance(listed, list) or len(listed) != len(files):
        return None
    found = [_diagnostics(data, file) for data, file in zip(listed, files, strict=True)]
    return [item for item in found if item is not None] if None not in found else None


def _diagnostics(data: object, file: str) -> list[Diagnostic] | None:
    if not isinstance(data, list):
        return None
    found = [_diagnostic(item, file) for item in data]
    return [item for item in found if item is not None] if None not in found else None


def _diagnostic(item: object, file: str) -> Diagnostic | None:
    """One finding as ``lint_serve`` sends it: [file, line, col, code, message, severity,
    hint], for the file it was asked about, with a cfn-lint rule code."""
    if not isinstance(item, list) or len(item) != 7:
        return None
    where, line, col, code, message, severity, hint = item
    if (where != file or not _count(line) or not _count(col) or not _count(severity)
            or severity not in SEVERITIES or not isinstance(code, str)
            or not RULE_CODE.fullmatch(code) or not isinstance(message, str)
            or not (hint is None or isinstance(hint, str))):
        return None
    return Diagnostic(file, line, col, code, message, Severity(severity), hint)


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def start(cache_dir: Path) -> None:
    """Start a server in the background for the next build; no effect if one is up, or
    where no server can be trusted."""
    if trusted_path(cache_dir, create=True) is None or reachable(cache_dir):
        return
    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "segmentgen.lint.serve", str(cache_dir.resolve())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True)


def stop(cache_dir: Path) -> bool:
    path = _socket(cache_dir)
    return path is not None and _ok(_exchange(path, {"stop": True}, CONNECT_SECONDS))
