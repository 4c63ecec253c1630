"""YAML hazards: each hostile file is one positioned diagnostic, quickly, never a crash."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from segmentgen.api import build
from segmentgen.load import MAX_BYTES, load_bytes, load_file

BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n".encode()
    for p, n in zip("abcdefgh", "bcdefghi", strict=True))

HAZARDS = [
    ("alias bomb", BOMB, "SG105", 6),
    ("python object", b"a: !!python/object:os.system [ls]\n", "SG103", 1),
    ("python name key", b"!!python/name:os.system a: 1\n", "SG103", 1),
    ("custom tag", b"a: !Ref Thing\n", "SG103", 1),
    ("binary tag", b"a: !!binary aGk=\n", "SG103", 1),
    ("latin-1", "a: caf\u00e9\n".encode("latin-1"), "SG101", 1),
    ("utf-16", "segments: {}\n".encode("utf-16"), "SG101", 1),
    ("tab indent", b"segments:\n\tx: 1\n", "SG102", 2),
    ("two documents", b"a: 1\n---\nb: 2\n", "SG105", 2),
    ("deep flow", b"[" * 100_000 + b"]" * 100_000, "SG105", 1),
    ("deep block", b"- " * 100_000 + b"x\n", "SG105", 1),
    ("deep mapping", b"{a: " * 100_000 + b"1" + b"}" * 100_000, "SG105", 1),
    ("alias nests too deep", b"a: &a " + b"[" * 40 + b"]" * 40 + b"\nb: " + b"[" * 40
     + b"*a" + b"]" * 40 + b"\n", "SG105", 2),
    ("raw control character", b"a: x\x07y\n", "SG101", 1),
    ("escaped NUL", b'a: "x\\0y"\n', "SG101", 1),
    ("escaped bidi override", b'a: "x\\u202ey"\n', "SG101", 1),
    ("undefined alias", b"a: *nothing\n", "SG103", 1),
    ("recursive alias", b"a: &x [*x]\n", "SG103", 1),
    ("merge key", b"a: &x {b: 1}\nc:\n  <<: *x\n", "SG103", 3),
    ("duplicate key", b"a: 1\nb: 2\na: 3\n", "SG104", 3),
    ("complex key", b"? [a]\n: 1\n", "SG203", 1),
    ("huge integer", b"a: " + b"9" * 5000 + b"\n", "SG203", 1),
]


@pytest.mark.parametrize(("raw", "code", "line"), [h[1:] for h in HAZARDS],
                         ids=[h[0] for h in HAZARDS])
def test_hazard_is_one_positioned_diagnostic(raw: bytes, code: str, line: int) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    loaded, diagnostics = load_bytes(raw, "spec.yaml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert loaded is None
    assert [(d.code, d.line) for d in diagnostics] == [(code, line)]
    assert diagnostics[0].col >= 1 and diagnostics[0].message
    assert len(diagnostics[0].message) < 300
    assert elapsed < 3.0
    assert peak < 100 * 1024 * 1024


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    loaded, diagnostics = load_bytes(b"\xef\xbb\xbfsegments:\r\n  a: 1\r\n", "spec.yaml")
    assert diagnostics == []
    assert loaded is not None and loaded.data == {"segments": {"a": 1}}
    assert loaded.position(("segments", "a")) == (2, 6)


def test_quoted_merge_key_and_local_alias_are_plain_data() -> None:
    loaded, diagnostics = load_bytes(b"a: &x [1, {b: 2}]\nc: *x\n'<<': 3\n", "spec.yaml")
    assert diagnostics == []
    assert loaded is not None
    assert loaded.data == {"a": [1, {"b": 2}], "c": [1, {"b": 2}], "<<": 3}
    assert loaded.data["a"] is not loaded.data["c"]  # type: ignore[index]


def test_fifty_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.write(b"segments:\n")
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.perf_counter()
    loaded, diagnostics = load_file(big, "big.yaml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert loaded is None
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("SG105", 1, 1)]
    assert f"limited to {MAX_BYTES} bytes" in diagnostics[0].message
    assert elapsed < 0.5 and peak < 1024 * 1024


@pytest.mark.parametrize(("text", "message"), [
    ("", "spec file is empty"),
    ("# only a comment\n", "spec file is empty"),
    ("- a\n- b\n", "spec file is not a mapping"),
    ("just a scalar\n", "spec file is not a mapping"),
    ("other: 1\n", "spec file is a mapping without 'segments'"),
])
def test_wrong_document_shapes_are_sg106(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "x.yaml").write_text(text, "utf-8")
    result = build(tmp_path / "specs", tmp_path / "out", mode="validate")
    assert [(d.code, d.message, d.line) for d in result.diagnostics] == [("SG106", message, 1)]
