"""Every claim of the README's Robustness bullets on YAML and text, as a table of inputs.

Each row names a phrase of the README (the test fails when the README stops saying it) and
an input that shows the claim: the diagnostic codes a spec file holding it yields through
``load_project`` (loading and validation), or none when the claim is that it is accepted.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from segmentgen.api import load_project

README = Path(__file__).parent.parent / "README.md"
VALID = b"segments:\n  s:\n    name: S\n    where: {country: [NO]}\n"


def spec_with(field: str) -> bytes:
    """A valid spec with one more line in its segment."""
    return VALID + b"    " + field.encode("utf-8") + b"\n"


class Claim(NamedTuple):
    phrase: str  # as the README says it (line breaks as spaces)
    input: bytes
    codes: list[str]


BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n".encode()
    for p, n in zip("abcdefgh", "bcdefghi", strict=True))

CLAIMS = [
    Claim("built from the parser's event stream without recursion",
          b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", ["SG105"]),
    Claim("built from the parser's event stream without recursion",
          b"- " * 100_000 + b"x\n", ["SG105"]),
    Claim("Anchors and aliases are accepted",
          b"segments:\n  s: &s\n    name: S\n    where: {country: [NO]}\n  t:\n"
          b"    name: T\n    where: &w {country: [SE]}\n  u:\n    name: U\n    where: *w\n",
          []),
    Claim("Nesting beyond 64 levels", b"a: " + b"[" * 65 + b"]" * 65 + b"\n", ["SG105"]),
    Claim("Nesting beyond 64 levels",  # 64 levels load; the unknown key is the one finding
          VALID + b"x: " + b"[" * 63 + b"]" * 63 + b"\n", ["SG201"]),
    Claim('aliases that expand beyond 500,000 nodes ("billion laughs")', BOMB, ["SG105"]),
    Claim("numbers longer than 4,300 characters", b"a: " + b"9" * 4301 + b"\n", ["SG105"]),
    Claim("any limit of the YAML parser itself", b"[" * 5000 + b"]" * 5000 + b"\n", ["SG105"]),
    Claim("Every tag (`!!python/object`, `!Ref`, `!!binary`)",
          spec_with("application: !!python/object:os.system [ls]"), ["SG103"]),
    Claim("Every tag (`!!python/object`, `!Ref`, `!!binary`)",
          spec_with("application: !Ref App"), ["SG103"]),
    Claim("Every tag (`!!python/object`, `!Ref`, `!!binary`)",
          spec_with("application: !!binary aGk="), ["SG103"]),
    Claim("merge keys (`<<`)",
          b"base: &b {name: S}\nsegments:\n  s:\n    <<: *b\n    where: {country: [NO]}\n",
          ["SG103"]),
    Claim("aliases with no anchored value before them", spec_with("description: *nothing"),
          ["SG103"]),
    Claim("aliases with no anchored value before them", spec_with("tags: &t {a: *t}"),
          ["SG103"]),
    Claim("more than one document is SG105", VALID + b"---\n" + VALID, ["SG105"]),
    Claim("non-UTF-8 and UTF-16/32 files are SG101",
          "segments:\n  s:\n    name: Tromsø\n".encode("latin-1"), ["SG101"]),
    Claim("non-UTF-8 and UTF-16/32 files are SG101", VALID.decode().encode("utf-16"), ["SG101"]),
    Claim("non-UTF-8 and UTF-16/32 files are SG101", VALID.decode().encode("utf-32"), ["SG101"]),
    Claim("a UTF-8 byte-order mark and CRLF are fine",
          b"\xef\xbb\xbf" + VALID.replace(b"\n", b"\r\n"), []),
    Claim("control characters (anything but tab and newline)",
          spec_with("description: bell \x07 here"), ["SG101"]),
    Claim("control characters (anything but tab and newline)",
          spec_with('description: "escape \\x1b[31m"'), ["SG101"]),
    Claim("control characters (anything but tab and newline)",
          spec_with('description: "tab\\there and a\\nnew line"'), []),
    Claim("in any value, key or comment, or written as escapes",
          spec_with('tags: {"te\\u0000am": growth}'), ["SG101"]),
    Claim("in any value, key or comment, or written as escapes",
          spec_with("# a comment with \x1b[8m hidden text"), ["SG101"]),
    Claim("surrogates", spec_with('description: "half \\ud83d of a pair"'), ["SG101"]),
    Claim("text-direction overrides (U+202E and friends)",
          spec_with("description: abc \u202e fed"), ["SG101"]),
    Claim("text-direction overrides (U+202E and friends)",
          spec_with("# access = 'user' \u2067\u2066 # admin only"), ["SG101"]),
    Claim("is SG224 anywhere in a segment",
          spec_with("description: '{{resolve:ssm:/segments/name}}'"), ["SG224"]),
    Claim("is SG224 anywhere in a segment",
          spec_with("tags: {team: '{{resolve:secretsmanager:db}}'}"), ["SG224"]),
    Claim("Segment names that differ only in invisible characters",
          VALID + b'  t:\n    name: "S\\u200b"\n    where: {country: [SE]}\n', ["SG207"]),
    Claim("spacing (U+00A0)",
          b"segments:\n  s:\n    name: Winter Sale\n    where: {country: [NO]}\n"
          b'  t:\n    name: "Winter\\u00a0Sale"\n    where: {country: [SE]}\n', ["SG207"]),
    Claim("Unicode form (NFC/NFD)",
          b'segments:\n  s:\n    name: "Caf\\u00e9"\n    where: {country: [NO]}\n'
          b'  t:\n    name: "Cafe\\u0301"\n    where: {country: [SE]}\n', ["SG207"]),
]


def _robustness() -> str:
    section = README.read_text("utf-8").split("## Robustness", 1)[1].split("\n## ", 1)[0]
    return " ".join(section.split())


@pytest.mark.parametrize("claim", CLAIMS, ids=[f"{c.phrase[:40]}-{i}" for i, c in
                                                enumerate(CLAIMS)])
def test_readme_claim_holds(claim: Claim, tmp_path: Path) -> None:
    assert claim.phrase in _robustness(), f"the README no longer says {claim.phrase!r}"
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_bytes(claim.input)
    _, diagnostics, _ = load_project(specs)
    assert sorted(d.code for d in diagnostics) == claim.codes, [d.render() for d in diagnostics]
    assert all(d.line >= 1 and d.col >= 1 and d.message for d in diagnostics)


@pytest.mark.parametrize(("size", "codes"), [(20 * 1024 * 1024, ["SG106"]),
                                             (20 * 1024 * 1024 + 1, ["SG105"])])
def test_readme_claim_files_over_20_mib_are_refused(tmp_path: Path, size: int,
                                                    codes: list[str]) -> None:
    assert "Files over 20 MiB are refused before they are read (SG105)" in _robustness()
    specs = tmp_path / "specs"
    specs.mkdir()
    head = b"# a comment, then spaces\n"
    (specs / "a.yaml").write_bytes(head + b" " * (size - len(head)))
    _, diagnostics, _ = load_project(specs)
    assert [d.code for d in diagnostics] == codes
