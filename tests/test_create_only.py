"""Create-only properties come from cfn-lint's resource schemas, not from a table of our own.

The sets equal what cfn-lint's schema manager reports; a schema that says otherwise changes
what build and diff call a replacement; without the bundled files, cfn-lint's manager is read.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build
from segmentgen.review import create_only
from segmentgen.review.create_only import create_only_properties
from segmentgen.review.diff import read_directory, summarize

TYPES = ("AWS::Pinpoint::Segment", "AWS::CustomerProfiles::SegmentDefinition",
         "AWS::Pinpoint::App")
SPEC = "segments:\n  gold:\n    name: {name}\n    tags: {{tier: gold}}\n    where:\n" \
       "      country: [NO]\n"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    clear_caches()
    yield
    clear_caches()


def clear_caches() -> None:
    for cached in (create_only._create_only, create_only._providers,
                   create_only.resource_schema):
        cached.cache_clear()


def cfnlint_create_only(resource_type: str) -> set[tuple[str, ...]]:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema
    return {tuple(p.removeprefix("/properties/").split("/"))
            for p in schema["createOnlyProperties"]}


@pytest.mark.parametrize("resource_type", TYPES)
def test_sets_are_cfn_lints(resource_type: str) -> None:
    found = create_only_properties(resource_type)
    assert found and set(found) == cfnlint_create_only(resource_type)


def test_unknown_type_has_none() -> None:
    assert create_only_properties("import job") == ()
    assert create_only_properties("AWS::No::Such") == ()


def copied_schemas(tmp_path: Path) -> Path:
    """cfn-lint's provider file and the Pinpoint segment schema, copied to tmp_path."""
    source = create_only.schemas_directory()
    assert source is not None
    providers = json.loads((source / "providers" / "us-east-1.json").read_bytes())
    digest = providers["AWS::Pinpoint::Segment"]
    (tmp_path / "providers").mkdir(parents=True)
    (tmp_path / "resources").mkdir()
    shutil.copy(source / "providers" / "us-east-1.json", tmp_path / "providers")
    shutil.copy(source / "resources" / f"{digest}.json", tmp_path / "resources")
    return tmp_path / "resources" / f"{digest}.json"


def test_a_schema_decides_what_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    schema_file = copied_schemas(tmp_path / "schemas")
    schema = json.loads(schema_file.read_bytes())
    schema["createOnlyProperties"] = ["/properties/Name", "/properties/Tags"]
    schema_file.write_text(json.dumps(schema))
    monkeypatch.setattr(create_only, "schemas_directory", lambda: tmp_path / "schemas")
    specs, out = tmp_path / "specs", tmp_path / "out"
    specs.mkdir()
    (specs / "a.yaml").write_text(SPEC.format(name="Gold"))
    assert build(BuildOptions(specs, out, lint=False)).ok
    before = read_directory(out)
    (specs / "a.yaml").write_text(SPEC.format(name="Golden"))
    result = build(BuildOptions(specs, out, lint=False, mode="check"))
    [notice] = [d.message for d in result.diagnostics if d.code == "SG303"]
    assert 'Name changes from "Gold" to "Golden" (create-only)' in notice
    [change] = summarize(before, result.files).segments
    assert change.replaces == ['Name changes from "Gold" to "Golden" (create-only)']
    assert create_only_properties("AWS::Pinpoint::Segment") == (("Name",), ("Tags",))


def test_without_bundled_files_cfn_lints_manager_is_read(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(create_only, "schemas_directory", lambda: tmp_path / "none")
    for resource_type in TYPES:
        assert set(create_only_properties(resource_type)) == cfnlint_create_only(resource_type)
    assert create_only_properties("AWS::No::Such") == ()
