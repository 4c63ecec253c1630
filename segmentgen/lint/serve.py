"""The lint server process: ``python -m segmentgen.lint.serve CACHE_DIR``.

Input: requests from builds of one project on its Unix socket (see ``lint_server`` for the
client and ``lint_socket`` for the socket's directory and messages). Output: one answer per
connection, ``{"ok": true, "found": [...]}`` with each template's findings, or
``{"ok": false, "error": "..."}``. Each connection has its own thread and deadlines, so a client
that idles, sends garbage or sends too much gets an error and never holds up another; linting
itself runs one request at a time. Connections from other users are refused. The server stops
on request, when a build of another segmentgen or cfn-lint asks, and after ``idle`` seconds
without a connection.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import selectors
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from segmentgen.lint.channel import (
    MAX_REQUEST,
    MessageTooLarge,
    read_message,
    send_message,
    trusted_path,
    trusted_peer,
)
from segmentgen.lint.client import IDLE_SECONDS, fingerprint, reachable

Answer = tuple[object, bool]  # (answer or None for none, whether to keep serving)


@dataclass(frozen=True, slots=True)
class Limits:
    idle: float = IDLE_SECONDS  # without any connection, then exit
    max_request: int = MAX_REQUEST  # bytes of one request
    request_seconds: float = 30.0  # to receive one whole request
    answer_seconds: float = 60.0  # to send one answer
    max_clients: int = 8  # connections served at once; more are told "busy"


class _State:
    """What the connection threads share: the counts, the lint lock and the stop signal."""

    def __init__(self, limits: Limits, mine: str) -> None:
        self.limits, self.mine = limits, mine
        self.counts = threading.Lock()
        self.lint = threading.Lock()
        self.active, self.last = 0, time.monotonic()
        self.stopping = threading.Event()
        self.wake, self.waker = socket.socketpair()

    def begin(self) -> bool:
        with self.counts:
            if self.active >= self.limits.max_clients:
                return False
            self.active += 1
            return True

    def end(self) -> None:
        with self.counts:
            self.active -= 1
            self.last = time.monotonic()

    def idle_left(self) -> float:
        """Seconds until the server has idled long enough; the full span while serving."""
        with self.counts:
            if self.active:
                return self.limits.idle
            return self.last + self.limits.idle - time.monotonic()

    def stop(self) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError):
            self.waker.send(b"x")

    def close(self) -> None:
        self.wake.close()
        self.waker.close()


def serve(cache_dir: Path, limits: Limits | None = None) -> None:
    """Serve until stopped or idle; return at once when the socket directory is not
    private, or another server of this project runs or is starting."""
    path = trusted_path(cache_dir, create=True)
    if path is None:
        return
    with _exclusive(path.with_suffix(".lock")) as alone:
        if not alone or reachable(cache_dir):
            return
        path.unlink(missing_ok=True)
        state = _State(limits or Limits(), fingerprint())
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
                listener.bind(str(path))
                os.chmod(path, 0o600)
                listener.listen(16)
                _accept_loop(listener, state)
        except OSError:
            return
        finally:
            path.unlink(missing_ok=True)
            state.close()


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[bool]:
    """Whether this process holds the lock of the project's server (held while serving)."""
    try:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        yield False
        return
    try:
        yield True
    finally:
        os.close(handle)


def _accept_loop(listener: socket.socket, state: _State) -> None:
    listener.setblocking(False)
    with selectors.DefaultSelector() as selector:
        selector.register(listener, selectors.EVENT_READ)
        selector.register(state.wake, selectors.EVENT_READ)
        while not state.stopping.is_set():
            left = state.idle_left()
            if left <= 0:
                return
            for key, _ in selector.select(left):
                if key.fileobj is listener:
                    _accept(listener, state)


def _accept(listener: socket.socket, state: _State) -> None:
    try:
        connection, _ = listener.accept()
    except OSError:  # the client gave up already, or no descriptor is left for now
        return
    connection.setblocking(True)
    if not state.begin():
        with connection:
            send_message(connection, {"ok": False, "error": "busy"}, 1.0)
        return
    threading.Thread(target=_handle, args=(connection, state), daemon=True).start()


def _handle(connection: socket.socket, state: _State) -> None:
    try:
        with connection:
            answer, keep = _respond(connection, state)
            if answer is not None:
                send_message(connection, answer, state.limits.answer_seconds)
        if not keep:
            state.stop()
    finally:
        state.end()


def _error(text: str) -> dict[str, object]:
    return {"ok": False, "error": text}


def _respond(connection: socket.socket, state: _State) -> Answer:
    limits = state.limits
    if not trusted_peer(connection):
        return _error("this server answers its own user only"), True
    try:
        request = read_message(connection, limits.max_request, limits.request_seconds)
    except MessageTooLarge:
        return _error(f"request over {limits.max_request} bytes"), True
    except TimeoutError:
        return _error(f"no complete request within {limits.request_seconds:g} s"), True
    except OSError:
        return None, True
    except ValueError:
        return _error("the request is not JSON"), True
    return _dispatch(request, state)


def _dispatch(request: object, state: _State) -> Answer:
    if not isinstance(request, dict):
        return _error("the request is not a JSON object"), True
    if request.get("stop") is True:
        return {"ok": True}, False
    if "ping" in request:
        ping = request["ping"]
        if not isinstance(ping, str):
            return _error("ping is not a string"), True
        return {"ok": ping == state.mine}, ping == state.mine
    return _lint_request(request, state)


def _strings(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _templates(value: object) -> list[tuple[str, str]] | None:
    if not isinstance(value, list):
        return None
    pairs = [_strings(item) for item in value]
    if any(pair is None or len(pair) != 2 for pair in pairs):
        return None
    return [(pair[0], pair[1]) for pair in pairs if pair is not None]


def _lint_request(request: dict[str, object], state: _State) -> Answer:
    from segmentgen.emit.cache import diagnostics_to_data
    from segmentgen.lint.runner import lint_text

    mine = request.get("fingerprint")
    regions, ignore = _strings(request.get("regions")), _strings(request.get("ignore"))
    templates = _templates(request.get("templates"))
    if not isinstance(mine, str) or regions is None or ignore is None or templates is None:
        return _error("expected fingerprint, regions, ignore and templates"), True
    if mine != state.mine:
        return _error("another segmentgen or cfn-lint"), False  # the build starts a new one
    with state.lint:
        try:
            found = [diagnostics_to_data(lint_text(text, file, regions, ignore))
                     for file, text in templates]
        except Exception as error:  # a cfn-lint bug on one template must not end the server
            return _error(f"cfn-lint failed: {type(error).__name__}"), True
    return {"ok": True, "found": found}, True


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
