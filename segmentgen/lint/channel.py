"""Where the lint server's socket lives, who may be on the other end, and bounded messages.

Input: a project's cache directory, or a connected Unix socket. Output: the socket path
inside a directory only this user can enter (or None when that directory cannot be trusted),
whether the peer of a connection runs as this user, and newline-terminated JSON messages
read within a size limit and a deadline. Both ends of the lint server use these checks: a
directory owned by someone else, open to others or replaced by a symlink, a peer of another
user, or a platform without ``SO_PEERCRED`` (where the peer cannot be known) means no server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import struct
import sys
import tempfile
import time
from pathlib import Path

MAX_REQUEST = 16 * 1024 * 1024  # bytes of one request; a build sends more in several
MAX_ANSWER = 4 * MAX_REQUEST
MAX_SOCKET_PATH = 100  # sun_path holds 104 to 108 bytes depending on the platform
CHUNK = 64 * 1024
_UCRED = struct.Struct("iII")  # Linux struct ucred: pid, uid, gid


class MessageTooLarge(ValueError):
    """A message longer than the limit; the rest of it is never read."""


def supported() -> bool:
    """Only where the kernel names the peer of a connection (Linux ``SO_PEERCRED``)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_PEERCRED")


def socket_dir() -> Path:
    """``$XDG_RUNTIME_DIR/segmentgen`` when the runtime directory is private and short
    enough for socket paths, else ``<temp>/segmentgen-<uid>``."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if (runtime and os.path.isabs(runtime) and len(runtime) < MAX_SOCKET_PATH - 40
            and private_dir(Path(runtime))):
        return Path(runtime) / "segmentgen"
    return Path(tempfile.gettempdir()) / f"segmentgen-{os.getuid()}"


def socket_path(cache_dir: Path) -> Path:
    """The socket of the server of ``cache_dir``: one per project, private to this user."""
    name = hashlib.sha256(str(cache_dir.resolve()).encode()).hexdigest()[:16]
    return socket_dir() / f"{name}.sock"


def private_dir(folder: Path) -> bool:
    """A real directory (not a symlink) owned by this user that nobody else can enter."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and stat.S_IMODE(info.st_mode) & 0o077 == 0)


def trusted_path(cache_dir: Path, create: bool = False) -> Path | None:
    """The socket path when its directory passes ``private_dir`` (made 0700 first when
    ``create``), else None. A directory that fails is refused, never repaired: someone
    else may have made it."""
    if not supported():
        return None
    path = socket_path(cache_dir)
    if len(str(path)) > MAX_SOCKET_PATH:
        return None
    if create:
        with contextlib.suppress(OSError):
            path.parent.mkdir(mode=0o700)
    return path if private_dir(path.parent) else None


def peer_uid(connection: socket.socket) -> int | None:
    """The user id of the process on the other end, from the kernel; None when unknown."""
    if not supported():
        return None
    try:
        data = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
    except OSError:
        return None
    _pid, uid, _gid = _UCRED.unpack(data)
    return int(uid)


def trusted_peer(connection: socket.socket) -> bool:
    return peer_uid(connection) == os.getuid()


def read_message(connection: socket.socket, limit: int, seconds: float) -> object:
    """One JSON message ending in a newline, read within ``seconds`` in all. Raises
    MessageTooLarge past ``limit`` bytes, ValueError for what is not JSON, TimeoutError
    when the deadline passes and other OSErrors when the peer goes away."""
    deadline = time.monotonic() + seconds
    buffer = bytearray()
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no complete message in time")
        connection.settimeout(remaining)
        chunk = connection.recv(min(CHUNK, limit + 1 - len(buffer)))
        if not chunk:
            raise ConnectionError("the connection closed before a complete message")
        end = chunk.find(b"\n")
        buffer += chunk if end < 0 else chunk[:end]
        if len(buffer) > limit:
            raise MessageTooLarge(f"a message over {limit} bytes")
        if end >= 0:
            return json.loads(buffer)


def send_message(connection: socket.socket, message: object | bytes, seconds: float) -> bool:
    """Send a message (JSON, or bytes already ending in a newline) within ``seconds`` in
    all; False when it could not be sent in time, or the peer went away."""
    data = message if isinstance(message, bytes) else json.dumps(message).encode() + b"\n"
    deadline = time.monotonic() + seconds
    view = memoryview(data)
    try:
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            connection.settimeout(remaining)
            view = view[connection.send(view):]
    except OSError:
        return False
    return True
