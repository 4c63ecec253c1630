"""Fuzzing load -> validate -> compile: random bytes, random YAML and valid specs with one
field broken (also by a number or instant at the end of its range) never raise; every valid
spec compiles to a template cfn-lint accepts.

SEGMENTGEN_FUZZ_EXAMPLES scales the number of examples per property (default 200;
``make fuzz`` runs 5000); the cfn-lint property, a few seconds an example, runs a fiftieth."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Severity
from segmentgen.load.document import load_bytes

EXAMPLES = int(os.environ.get("SEGMENTGEN_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
LINTED = settings(max_examples=max(3, EXAMPLES // 50), deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
key = st.from_regex(r"\A[a-z][a-z0-9-]{0,15}\Z")
attribute = st.one_of(
    st.lists(st.sampled_from(["new", "loyal", "NO", "yes", "1"]), min_size=1, max_size=3),
    st.fixed_dictionaries({"not": st.lists(st.sampled_from(["a", "b"]), min_size=1)}),
    st.fixed_dictionaries({"after": st.sampled_from(["2023-11-01", "2024-02-29T12:00:00Z"])}),
)
criteria = st.fixed_dictionaries({}, optional={
    "attributes": st.dictionaries(st.sampled_from(["plan", "tier", "since"]), attribute,
                                  min_size=1, max_size=2),
    "metrics": st.dictionaries(st.sampled_from(["score", "visits"]), st.dictionaries(
        st.sampled_from([">", ">=", "<", "<=", "=="]), st.integers(-10**6, 10**6),
        min_size=1, max_size=1), min_size=1, max_size=2),
    "active": st.sampled_from(["24h", "7d", "14d", "30d"]),
    "platform": st.lists(st.sampled_from(["ios", "android"]), min_size=1, unique=True),
    "country": st.lists(st.sampled_from(["NO", "SE", "US", "GB"]), min_size=1, unique=True),
}).filter(bool)
segment = st.fixed_dictionaries(
    {"name": st.from_regex(r"\A[A-Za-z][A-Za-z0-9 _-]{0,30}\Z"), "where": criteria},
    optional={"description": st.from_regex(r"\A[A-Za-z .,]{1,40}\Z"),
              "tags": st.dictionaries(st.from_regex(r"\A[a-z]{1,10}\Z"),
                                      st.from_regex(r"\A[a-z0-9]{0,10}\Z"), max_size=3),
              "retain": st.booleans()})
spec = st.dictionaries(key, segment, min_size=1, max_size=4).map(
    lambda segments: {"segments": segments})
# Scalars at the ends of their range: whole numbers past a float's range or 32 bits, floats
# that overflow, instants whose offset moves them past either end of the calendar.
extreme = st.one_of(
    st.integers(min_value=-(10**500), max_value=10**500),
    st.sampled_from([10**400, -(10**400), 2**1024, 2**31, -(2**31) - 1, math.inf, -math.inf,
                     math.nan, 1.7976931348623157e308, 5e-324]),
    st.sampled_from(["0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00",
                     "9999-12-31T23:59:59Z", "0000-01-01", "1e400", ".inf"]),
)
junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text, extreme),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(text, children, max_size=4)),
    max_leaves=20)


def build_files(files: dict[str, bytes], *, lint: bool = False, target: str = "pinpoint") -> Any:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        (root / "specs").mkdir()
        for name, raw in files.items():
            (root / "specs" / name).write_bytes(raw)
        result = build(BuildOptions(root / "specs", root / "out", lint=lint, target=target))
        if result.ok:
            assert sorted(p.name for p in (root / "out").iterdir())
        else:
            assert not (root / "out").exists() or not any(
                p.suffix == ".json" for p in (root / "out").iterdir())
        return result


def dump(data: object) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def mutate(data: dict[str, Any], choice: int, replacement: object) -> dict[str, Any]:
    """Replace one node (by pre-order index) of a copy of data."""
    data = json.loads(json.dumps(data))
    nodes: list[tuple[Any, Any]] = []

    def walk(parent: Any) -> None:
        items = parent.items() if isinstance(parent, dict) else enumerate(parent)
        for k, value in list(items):
            nodes.append((parent, k))
            if isinstance(value, dict | list):
                walk(value)

    walk(data)
    parent, k = nodes[choice % len(nodes)]
    parent[k] = replacement
    return data


def assert_positioned(result: Any) -> None:
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.code and d.message
        assert d.code.startswith(("SG", "cfn-lint:"))


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    loaded, diagnostics = load_bytes(raw, "x.yaml")
    assert (loaded is None) == bool(diagnostics)
    assert_positioned(build_files({"x.yaml": raw}))


@FUZZ
@given(junk)
def test_random_yaml_never_raises(data: object) -> None:
    assert_positioned(build_files({"x.yaml": dump(data)}))


@FUZZ
@given(spec, st.integers(0, 10**6), junk)
def test_valid_spec_with_one_field_broken_never_raises(data: dict[str, Any], choice: int,
                                                       replacement: object) -> None:
    assert_positioned(build_files({"x.yaml": dump(mutate(data, choice, replacement))}))


@FUZZ
@given(spec, st.integers(0, 10**6), extreme, st.sampled_from(["pinpoint", "customer-profiles"]))
def test_valid_spec_with_one_field_at_the_end_of_its_range_never_raises(
        data: dict[str, Any], choice: int, replacement: object, target: str) -> None:
    raw = dump(mutate(data, choice, replacement))
    assert_positioned(build_files({"x.yaml": raw}, target=target))


@FUZZ
@given(spec, st.integers(0, 10**6), st.sampled_from([b"\t", b"&a ", b"*a", b"!x ", b"{", b"- ",
                                                    b"\x00", b"\xff", b":", b"'", b"\n  "]))
def test_valid_spec_with_bytes_spliced_never_raises(data: dict[str, Any], at: int,
                                                    splice: bytes) -> None:
    raw = dump(data)
    at %= len(raw)
    assert_positioned(build_files({"x.yaml": raw[:at] + splice + raw[at:]}))


@LINTED
@given(spec)
def test_valid_spec_compiles_and_lints_clean(data: dict[str, Any]) -> None:
    result = build_files({"x.yaml": dump(data)}, lint=True)
    errors = [d.render() for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == []
    assert result.ok and set(result.files) >= {"x.json", "manifest.json"}
