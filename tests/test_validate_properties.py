"""Properties of the validator over generated specs in the high-level language.

1. Any spec the strategies generate is valid: no diagnostic, and it compiles to a template.
2. Any single-field corruption of such a spec yields an error diagnostic and never raises.
"""

from __future__ import annotations

import math
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build, load_project
from segmentgen.core import vocabulary as v
from segmentgen.core.diagnostics import Severity
from segmentgen.load.events import DIRECTION_CONTROLS


class _QuotingDumper(yaml.SafeDumper):
    """Quotes every string, so that YAML 1.2 readers see text where text was generated."""


_QuotingDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, "'"))


NAMES = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_æøå",
                min_size=1, max_size=20)
# Text a spec may hold: no control or surrogate characters and none of the direction marks
# the loader refuses (segmentgen.load.events), which are valid Unicode but SG101.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                             blacklist_characters="".join(DIRECTION_CONTROLS)),
               min_size=1, max_size=30)
VALUES = st.lists(TEXT, min_size=1, max_size=4, unique=True)
MOMENTS = st.datetimes(datetime(1970, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))
OFFSETS = st.sampled_from(["Z", "+01:00", "-05:30", ""])


@st.composite

def instants(draw: st.DrawFn) -> str:
    moment = draw(MOMENTS).replace(microsecond=0)
    if draw(st.booleans()):
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + draw(OFFSETS)


@st.composite
def date_ranges(draw: st.DrawFn) -> list[str]:
    start = draw(MOMENTS).replace(microsecond=0)
    length = draw(st.integers(min_value=1, max_value=10**8))
    end = start + timedelta(seconds=length)
    return [start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")]


ATTRIBUTE = st.one_of(
    VALUES,
    TEXT,
    st.fixed_dictionaries({"in": VALUES}),
    st.fixed_dictionaries({"not": VALUES}),
    st.fixed_dictionaries({"contains": VALUES}),
    st.builds(lambda word, when: {word: when},
              st.sampled_from(["before", "after", "on"]), instants()),
    st.builds(lambda pair: {"between": pair}, date_ranges()),
)
METRIC = st.builds(
    lambda op, number: {op: number},
    st.sampled_from(sorted(v.OPERATOR_WORDS)),
    st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False,
                                                     min_value=-1e12, max_value=1e12)),
)


def sets(values: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    listed = st.lists(values, min_size=1, max_size=3, unique=True)
    return st.one_of(listed, values, st.fixed_dictionaries({"in": listed}),
                     st.fixed_dictionaries({"not": listed}))


NEAR = st.fixed_dictionaries({
    "latitude": st.floats(-90, 90),
    "longitude": st.floats(-180, 180),
    "within_km": st.floats(0.001, 20000),
})
OPTIONAL = {
    "attributes": st.dictionaries(NAMES, ATTRIBUTE, min_size=1, max_size=3),
    "user_attributes": st.dictionaries(NAMES, ATTRIBUTE, min_size=1, max_size=2),
    "metrics": st.dictionaries(NAMES, METRIC, min_size=1, max_size=3),
    "channel": sets(st.sampled_from(v.CHANNELS)),
    "platform": sets(TEXT),
    "app_version": sets(TEXT),
    "make": sets(TEXT),
    "country": sets(st.sampled_from(sorted(v.COUNTRIES))),
    "near": NEAR,
}


@st.composite
def criteria(draw: st.DrawFn) -> dict[str, Any]:
    block = draw(st.fixed_dictionaries({}, optional=OPTIONAL))
    if draw(st.booleans()):
        word = draw(st.sampled_from(["active", "inactive"]))
        block[word] = draw(st.sampled_from(sorted(v.DURATION_WORDS)))
    if not block:
        block["country"] = ["NO"]
    return block


COMBINE = st.sampled_from(["all", "any", "none", "ALL", "Any"])


@st.composite
def segments(draw: st.DrawFn) -> dict[str, Any]:
    """A project of one to three segments; later ones may use earlier ones as base."""
    keys = ["first", "second", "third"][: draw(st.integers(1, 3))]
    project: dict[str, Any] = {}
    for index, key in enumerate(keys):
        segment: dict[str, Any] = {"name": draw(TEXT.filter(str.strip)) + f" {index}"}
        if index == 0 or draw(st.booleans()):
            segment["where"] = draw(criteria())
        else:
            groups = []
            for _ in range(draw(st.integers(1, 2))):
                group: dict[str, Any] = {"combine": draw(COMBINE)}
                if draw(st.booleans()):
                    group["base"] = draw(st.lists(st.sampled_from(keys[:index]), min_size=1,
                                                  max_size=2, unique=True))
                    group["base_combine"] = draw(COMBINE)
                if "base" not in group or draw(st.booleans()):
                    blocks = draw(st.lists(criteria(), min_size=1, max_size=2))
                    group["where"] = blocks if len(blocks) > 1 else blocks[0]
                groups.append(group)
            segment["groups"] = {"combine": draw(COMBINE), "list": groups}
        if draw(st.booleans()):
            segment["tags"] = draw(st.dictionaries(NAMES, TEXT, max_size=3))
        project[key] = segment
    return {"segments": project}


def _write(root: Path, spec: dict[str, Any]) -> Path:
    text = yaml.dump(spec, Dumper=_QuotingDumper, allow_unicode=True, sort_keys=False)
    return SpecWriter(root)(text)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(segments())
def test_generated_specs_validate_and_compile(spec: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as root:
        specs = _write(Path(root), spec)
        project, diagnostics, _ = load_project(specs)
        assert diagnostics == [], "\n".join(d.render() for d in diagnostics)
        assert project is not None
        assert len(project.segments) == len(spec["segments"])
        result = build(BuildOptions(specs, Path(root) / "out", mode="check", lint=False))
        errors = [d.render() for d in result.diagnostics if d.severity is Severity.ERROR]
        assert errors == []
        assert any(name.endswith(".json") for name in result.files)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*path, index)))
    return found


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _corruptions(value: Any) -> list[Any]:
    """Replacements that no position of the language accepts for this value."""
    bad: list[Any] = [None, {"zz_unknown": 1}]
    if isinstance(value, dict):
        bad.append({**value, "zz_unknown": 1})
    if isinstance(value, list):
        bad.append([])
    if isinstance(value, int | float) and not isinstance(value, bool):
        bad.extend([math.nan, math.inf, str(value)])
    return bad


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(segments(), st.data())
def test_single_field_corruptions_are_errors(spec: dict[str, Any], data: st.DataObject) -> None:
    paths = [p for p in _paths(spec) if len(p) >= 3]  # within a segment
    path = data.draw(st.sampled_from(paths), label="path")
    old = _get(spec, path)
    new = data.draw(st.sampled_from(_corruptions(old)), label="replacement")
    _get(spec, path[:-1])[path[-1]] = new
    with tempfile.TemporaryDirectory() as root:
        specs = _write(Path(root), spec)
        _, diagnostics, _ = load_project(specs)
    assert any(d.severity is Severity.ERROR for d in diagnostics), (path, new)
