"""YAML hazards: each hostile file is one positioned diagnostic in bounded memory, never a
crash, with libyaml and with PyYAML's pure-Python parser alike; every refusal for a limit is
SG105 whichever layer notices it."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import segmentgen.load.document
from segmentgen.api import BuildOptions, build
from segmentgen.load.document import MAX_BYTES, SpecLoader, load_bytes, load_file
from segmentgen.load.errors import yaml_error

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
    ("huge integer", b"a: " + b"9" * 5000 + b"\n", "SG105", 1),
    ("huge float", b"a: 1" + b"0" * 5000 + b".5\n", "SG105", 1),
    ("nesting 65", b"a: " + b"[" * 65 + b"]" * 65 + b"\n", "SG105", 1),
    ("utf-16 big endian", "segments: {}\n".encode("utf-16-be").join([b"\xfe\xff", b""]),
     "SG101", 1),
    ("utf-16 without BOM", "segments: {}\n".encode("utf-16-le"), "SG101", 1),
    ("utf-32", "segments: {}\n".encode("utf-32"), "SG101", 1),
    ("utf-32 big endian", b"\x00\x00\xfe\xff" + "segments: {}\n".encode("utf-32-be"),
     "SG101", 1),
    ("raw DEL", b"a: x\x7fy\n", "SG101", 1),
    ("raw next-line control", "a: x\u0085y\n".encode(), "SG101", 1),
    ("raw C1 control", "a: x\u009by\n".encode(), "SG101", 1),
    ("control in a key", b'"a\\x01": 1\n', "SG101", 1),
    ("raw bidi override in a key", "b: 1\n\u202ea: 1\n".encode(), "SG101", 2),
    ("raw bidi isolate", "a: x\u2066y\n".encode(), "SG101", 1),
    ("bidi override in a comment", "a: 1  # \u202e\n".encode(), "SG101", 1),
    ("escaped surrogate", b'a: "x\\ud800"\n', "SG101", 1),
    ("escaped long surrogate", b'a: "\\U0000DFFF"\n', "SG101", 1),
    ("escape past U+10FFFF", b'a: "\\U00110000"\n', "SG101", 1),
    ("noncharacter", "a: x\ufffe\n".encode(), "SG101", 1),
]


class PureSpecLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser with segmentgen's resolvers: the fallback without libyaml."""

    yaml_implicit_resolvers = SpecLoader.yaml_implicit_resolvers


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "pure-python":
        monkeypatch.setattr(segmentgen.load.document, "SpecLoader", PureSpecLoader)
    yield request.param


@pytest.mark.parametrize(("raw", "code", "line"), [h[1:] for h in HAZARDS],
                         ids=[h[0] for h in HAZARDS])
def test_hazard_is_one_positioned_diagnostic(raw: bytes, code: str, line: int,
                                             parser: str) -> None:
    tracemalloc.start()
    loaded, diagnostics = load_bytes(raw, "spec.yaml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert loaded is None
    assert [(d.code, d.line) for d in diagnostics] == [(code, line)], parser
    assert diagnostics[0].col >= 1 and diagnostics[0].message
    assert len(diagnostics[0].message) < 300
    assert peak < 100 * 1024 * 1024


def test_nesting_of_64_levels_is_accepted(parser: str) -> None:
    loaded, diagnostics = load_bytes(b"a: " + b"[" * 63 + b"]" * 63 + b"\n", "spec.yaml")
    assert diagnostics == [], parser
    assert loaded is not None and isinstance(loaded.data, dict)


def test_longest_number_is_accepted(parser: str) -> None:
    loaded, diagnostics = load_bytes(b"a: " + b"9" * 4300 + b"\n", "spec.yaml")
    assert diagnostics == [], parser
    assert loaded is not None and loaded.data == {"a": int("9" * 4300)}


def _mark(line: int, col: int) -> yaml.Mark:
    return yaml.Mark("spec.yaml", 0, line - 1, col - 1, None, None)


# How parsers refuse input for a limit, in the words of each version (libyaml's parser.c,
# scanner.c and reader.c); each must be SG105 at the parser's mark, not a syntax error.
PARSER_LIMITS = [
    ("libyaml master nesting", yaml.parser.ParserError(
        "while parsing", _mark(3, 7),
        "Maximum nesting level reached, set with yaml_set_max_nest_level())", _mark(3, 9))),
    ("PyYAML 6.0.4 libyaml flow nesting", yaml.scanner.ScannerError(
        "while increasing flow level", _mark(3, 9), "exceeded maximum nesting depth",
        _mark(3, 9))),
    ("PyYAML 6.0.4 libyaml block nesting", yaml.scanner.ScannerError(
        "while increasing block level", _mark(3, 9), "exceeded maximum nesting depth",
        _mark(3, 9))),
    ("libyaml version number", yaml.scanner.ScannerError(
        "while scanning a %YAML directive", _mark(3, 1), "found extremely long version number",
        _mark(3, 9))),
    ("libyaml input length", yaml.reader.ReaderError("spec.yaml", 18, -1, "utf-8",
                                                     "input is too long")),
]


@pytest.mark.parametrize("error", [e[1] for e in PARSER_LIMITS], ids=[e[0] for e in PARSER_LIMITS])
def test_parser_limits_are_sg105_in_any_wording(error: yaml.YAMLError) -> None:
    diagnostic = yaml_error(error, "a: 1\nb: 2\nc: [[[[[[[[[[\n", "spec.yaml")
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("SG105", 3, 9)
    assert diagnostic.hint


@pytest.mark.parametrize("error", [
    yaml.scanner.ScannerError("while scanning a simple key", _mark(2, 1),
                              "could not find expected ':'", _mark(3, 1)),
    yaml.parser.ParserError("while parsing a flow sequence", _mark(1, 4),
                            "did not find expected ',' or ']'", _mark(1, 9)),
])
def test_syntax_errors_stay_sg102(error: yaml.YAMLError) -> None:
    assert yaml_error(error, "a: [1 2 3 4\n", "spec.yaml").code == "SG102"


@pytest.mark.parametrize("failure", [MemoryError, RecursionError])
def test_running_out_while_loading_is_sg105_where_it_happened(
        failure: type[Exception], monkeypatch: pytest.MonkeyPatch) -> None:
    class Exhausting(SpecLoader):
        def get_event(self) -> yaml.Event:
            event = super().get_event()
            if isinstance(event, yaml.ScalarEvent) and event.value == "boom":
                raise failure
            return event

    monkeypatch.setattr(segmentgen.load.document, "SpecLoader", Exhausting)
    loaded, diagnostics = load_bytes(b"a: 1\nb:\n  - x\n  - boom\n", "spec.yaml")
    assert loaded is None
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("SG105", 3, 5)]


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
    loaded, diagnostics = load_file(big, "big.yaml")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert loaded is None
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("SG105", 1, 1)]
    assert f"limited to {MAX_BYTES} bytes" in diagnostics[0].message
    assert peak < 1024 * 1024


def test_bytes_one_past_the_limit_are_refused_and_at_the_limit_read(tmp_path: Path) -> None:
    padding = b"# " + b"x" * (MAX_BYTES - 20) + b"\n"
    at_limit = (padding + b"a: 1\n").ljust(MAX_BYTES, b" ")
    assert len(at_limit) == MAX_BYTES
    assert load_bytes(at_limit, "spec.yaml")[1] == []
    (tmp_path / "over.yaml").write_bytes(at_limit + b" ")
    for loaded, diagnostics in (load_bytes(at_limit + b" ", "spec.yaml"),
                                load_file(tmp_path / "over.yaml", "spec.yaml")):
        assert loaded is None and [d.code for d in diagnostics] == ["SG105"]


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
    result = build(BuildOptions(tmp_path / "specs", tmp_path / "out", mode="validate"))
    assert [(d.code, d.message, d.line) for d in result.diagnostics] == [("SG106", message, 1)]
