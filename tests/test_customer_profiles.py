"""The customer-profiles target: golden templates per mappable kind, SG301 per unmappable kind,
definition-name rotation, and cfn-lint reporting nothing on what the target emits.

The golden templates are tests/cases/cp-*/expected/template.json; regenerate every golden case
with ``make golden`` (``pytest -m golden --update-golden``, or SEGMENTGEN_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import cfnlint.api
import pytest
from golden import Golden

from segmentgen.compile import CompileContext
from segmentgen.compile.customer_profiles import (
    DOMAIN_PARAMETER,
    compile_template,
    definition_name,
    plan_definitions,
)
from segmentgen.core.model import (
    AttributeCriterion,
    Dimensions,
    Environment,
    GPSPoint,
    Group,
    Groups,
    ImportSource,
    MetricCriterion,
    Recency,
    Segment,
    SetCriterion,
    Settings,
    SourceRef,
)

CASES = Path(__file__).parent / "cases"
ENV = Environment("prod", domain="crm-domain", name_suffix=" (prod)", tags=(("env", "prod"),))
ATTRIBUTE_MAP = (
    ("attributes.city", "Address.City"),
    ("attributes.born", "BirthDate"),
    ("attributes.mail", "EmailAddress"),
    ("metrics.lifetimeValue", "CalculatedAttributes.lifetime_value"),
    ("ship_zip", "ShippingAddress.PostalCode"),
)
SETTINGS = Settings(tags=(("team", "crm"),), attribute_map=ATTRIBUTE_MAP, country_format="alpha2")
CONTEXT = CompileContext(ENV, SETTINGS)


def segment(key: str, **fields: object) -> Segment:
    return Segment(key, fields.pop("name", key.title()), "specs/t.yaml", 1, **fields)  # type: ignore[arg-type]


def where(**fields: object) -> Dimensions:
    return Dimensions(**fields)  # type: ignore[arg-type]


def attribute(name: str, kind: str, *values: str) -> AttributeCriterion:
    return AttributeCriterion(name, kind, values)


def grouped(*groups: Group, include: str = "ALL") -> Groups:
    return Groups(include, groups)


MAPPABLE: dict[str, list[Segment]] = {
    "cp-attribute-inclusive": [
        segment(
            "s", dimensions=where(attributes=(attribute("tier", "INCLUSIVE", "gold", "silver"),))
        )
    ],
    "cp-attribute-exclusive": [
        segment("s", dimensions=where(attributes=(attribute("plan", "EXCLUSIVE", "free"),)))
    ],
    "cp-attribute-contains": [
        segment("s", dimensions=where(attributes=(attribute("note", "CONTAINS", "vip"),)))
    ],
    "cp-attribute-dates": [
        segment(
            "s",
            dimensions=where(
                attributes=(
                    attribute("a", "BEFORE", "2024-01-01T00:00:00Z"),
                    attribute("b", "AFTER", "2023-11-01T00:00:00Z"),
                    attribute("c", "ON", "2024-02-29T00:00:00Z"),
                    attribute("d", "BETWEEN", "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z"),
                )
            ),
        )
    ],
    "cp-user-attribute": [
        segment("s", dimensions=where(user_attributes=(attribute("segment", "INCLUSIVE", "b2b"),)))
    ],
    "cp-metrics": [
        segment(
            "s",
            dimensions=where(
                metrics=(
                    MetricCriterion("a", "GREATER_THAN", 75.0),
                    MetricCriterion("b", "GREATER_THAN_OR_EQUAL", 1.5),
                    MetricCriterion("c", "LESS_THAN", -3.0),
                    MetricCriterion("d", "LESS_THAN_OR_EQUAL", 0.25),
                    MetricCriterion("e", "EQUAL", 0.0),
                    MetricCriterion("lifetimeValue", "GREATER_THAN", 1000.0),
                )
            ),
        )
    ],
    "cp-country": [segment("s", dimensions=where(country=SetCriterion("EXCLUSIVE", ("NO", "SE"))))],
    "cp-mapped-profile-fields": [
        segment(
            "s",
            dimensions=where(
                attributes=(
                    attribute("born", "BEFORE", "2000-01-01T00:00:00Z"),
                    attribute("city", "INCLUSIVE", "Oslo"),
                    attribute("mail", "CONTAINS", "@example.com"),
                    attribute("ship_zip", "INCLUSIVE", "0150"),
                )
            ),
        )
    ],
    "cp-groups": [
        segment(
            "s",
            groups=grouped(
                Group(
                    "ANY",
                    "ALL",
                    (
                        where(country=SetCriterion("INCLUSIVE", ("NO",))),
                        where(attributes=(attribute("tier", "INCLUSIVE", "gold"),)),
                    ),
                ),
                Group(
                    "NONE", "ALL", (where(attributes=(attribute("plan", "INCLUSIVE", "free"),)),)
                ),
                include="ANY",
            ),
        )
    ],
    "cp-base-segments": [
        segment("base-a", dimensions=where(country=SetCriterion("INCLUSIVE", ("NO",)))),
        segment("base-b", dimensions=where(attributes=(attribute("tier", "INCLUSIVE", "gold"),))),
        segment(
            "derived",
            description="Nordic gold | buyers",
            tags=(("team", "growth"), ("campaign", "winter")),
            retain=True,
            groups=grouped(
                Group(
                    "ALL",
                    "ANY",
                    (
                        where(
                            attributes=(
                                attribute("plan", "EXCLUSIVE", "free"),
                                attribute("x", "INCLUSIVE", "y"),
                            )
                        ),
                    ),
                    (SourceRef(key="base-a"), SourceRef(key="base-b")),
                ),
            ),
        ),
    ],
}


def template_text(segments: list[Segment], context: CompileContext = CONTEXT) -> str:
    result = compile_template(segments, context)
    # An undocumented combinator is a warning that keeps the definition (SG308,
    # tests/test_migrate_caveats.py).
    assert [f for _, f in result.findings if f.code != "SG308"] == []
    return (
        json.dumps(result.template.to_dict(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    )


def lint(text: str) -> list[str]:
    matches = cfnlint.api.lint(text, config=cfnlint.api.ManualArgs(regions=["us-east-1"]))
    return [f"{match.rule.id} {match.message}" for match in matches]


@pytest.mark.parametrize("case", sorted(MAPPABLE))
def test_golden(case: str, golden: Golden) -> None:
    golden.check_text(CASES / case, "template.json", template_text(MAPPABLE[case]))


def test_cfn_lint_reports_nothing_on_every_mappable_kind() -> None:
    segments = [
        dataclasses.replace(
            item, key=item.key if case == "cp-base-segments" else f"{case}-{item.key}"
        )
        for case, items in sorted(MAPPABLE.items())
        for item in items
    ]
    assert lint(template_text(segments)) == []


def test_cfn_lint_reports_nothing_with_the_domain_parameter() -> None:
    context = CompileContext(Environment("dev"), Settings(country_format="alpha2"))
    text = template_text(MAPPABLE["cp-base-segments"], context)
    assert DOMAIN_PARAMETER in json.loads(text)["Parameters"]
    assert lint(text) == []


def test_domain_from_environment_then_settings() -> None:
    settings = Settings(domain="from-settings")
    for environment, expected in (
        (Environment("a", domain="from-env"), "from-env"),
        (Environment("b"), "from-settings"),
    ):
        template = compile_template(
            MAPPABLE["cp-country"], CompileContext(environment, settings)
        ).template
        assert (
            template.to_dict()["Resources"]["SSegmentDefinition"]["Properties"]["DomainName"]
            == expected
        )
        assert "Parameters" not in template.to_dict()


def test_tag_precedence_segment_then_settings_then_environment() -> None:
    settings = Settings(tags=(("a", "settings"), ("b", "settings"), ("c", "settings")))
    environment = Environment("e", domain="d", tags=(("b", "environment"), ("c", "environment")))
    item = segment(
        "s", tags=(("c", "segment"),), dimensions=where(country=SetCriterion("INCLUSIVE", ("NO",)))
    )
    properties = compile_template([item], CompileContext(environment, settings)).template.to_dict()[
        "Resources"
    ]["SSegmentDefinition"]["Properties"]
    assert properties["Tags"] == [
        {"Key": "a", "Value": "settings"},
        {"Key": "b", "Value": "environment"},
        {"Key": "c", "Value": "environment"},
    ]


NORDIC = where(country=SetCriterion("INCLUSIVE", ("NO",)))
UNMAPPABLE: list[tuple[str, Segment, tuple[str | int, ...]]] = [
    (
        "recency",
        segment("s", dimensions=where(recency=Recency("DAY_30", "ACTIVE"))),
        ("Dimensions", "Behavior", "Recency"),
    ),
    (
        "gps",
        segment(
            "s",
            groups=grouped(Group("ALL", "ALL", (NORDIC, where(gps=GPSPoint(59.9, 10.7, 25.0))))),
        ),
        ("SegmentGroups", "Groups", 0, "Dimensions", 1, "Location", "GPSPoint"),
    ),
    *[
        (
            f"demographic-{name}",
            segment(
                "s", dimensions=where(demographic=((name, SetCriterion("INCLUSIVE", ("X",))),))
            ),
            ("Dimensions", "Demographic", name),
        )
        for name in ("AppVersion", "Channel", "DeviceType", "Make", "Model", "Platform")
    ],
    (
        "import",
        segment("s", imported=ImportSource("s3://b/p/", "CSV", None)),
        ("ImportDefinition",),
    ),
    (
        "base-id-version",
        segment(
            "s",
            groups=grouped(
                Group("ALL", "ANY", (NORDIC,), (SourceRef(id="8d1f0c2e4b", version=3),))
            ),
        ),
        ("SegmentGroups", "Groups", 0, "SourceSegments", 0),
    ),
    (
        "base-id",
        segment("s", groups=grouped(Group("ALL", "ANY", (NORDIC,), (SourceRef(id="8d1f0c2e4b"),)))),
        ("SegmentGroups", "Groups", 0, "SourceSegments", 0),
    ),
    (
        "base-missing",
        segment("s", groups=grouped(Group("ALL", "ANY", (NORDIC,), (SourceRef(key="elsewhere"),)))),
        ("SegmentGroups", "Groups", 0, "SourceSegments", 0),
    ),
    (
        "any-block-with-two-criteria",
        segment(
            "s",
            groups=grouped(
                Group(
                    "ANY",
                    "ALL",
                    (
                        where(
                            country=SetCriterion("INCLUSIVE", ("NO",)),
                            attributes=(attribute("t", "INCLUSIVE", "x"),),
                        ),
                    ),
                )
            ),
        ),
        ("SegmentGroups", "Groups", 0, "Dimensions", 0),
    ),
    (
        "attribute-name",
        segment("s", dimensions=where(attributes=(attribute("has space", "INCLUSIVE", "x"),))),
        ("Dimensions", "Attributes", "has space"),
    ),
    (
        "date-on-string-field",
        segment(
            "s", dimensions=where(attributes=(attribute("mail", "AFTER", "2024-01-01T00:00:00Z"),))
        ),
        ("Dimensions", "Attributes", "mail"),
    ),
    (
        "metric-on-string-field",
        segment("s", dimensions=where(metrics=(MetricCriterion("city", "GREATER_THAN", 1.0),))),
        ("Dimensions", "Metrics", "city"),
    ),
    (
        "tag-key",
        segment("s", tags=(("cost centre", "x"),), dimensions=NORDIC),
        ("Tags", "cost centre"),
    ),
]


@pytest.mark.parametrize(("kind", "item", "path"), UNMAPPABLE, ids=[row[0] for row in UNMAPPABLE])
def test_unmappable_criterion_is_sg301_at_its_path(
    kind: str, item: Segment, path: tuple[str | int, ...]
) -> None:
    settings = Settings(
        attribute_map=(("attributes.mail", "EmailAddress"), ("metrics.city", "Address.City")),
        country_format="alpha3",
    )
    result = compile_template([item], CompileContext(ENV, settings))
    assert [(key, finding.code, finding.path) for key, finding in result.findings] == [
        ("s", "SG301", path)
    ]
    finding = result.findings[0][1]
    assert finding.message and finding.hint
    assert not result.template.resources


def test_blocked_base_blocks_its_dependents() -> None:
    base = segment("base", dimensions=where(recency=Recency("DAY_7", "INACTIVE")))
    derived = segment(
        "derived", groups=grouped(Group("ALL", "ANY", (NORDIC,), (SourceRef(key="base"),)))
    )
    result = compile_template([base, derived], CONTEXT)
    assert sorted((key, finding.path) for key, finding in result.findings) == [
        ("base", ("Dimensions", "Behavior", "Recency")),
        ("derived", ("SegmentGroups", "Groups", 0, "SourceSegments", 0)),
    ]


def test_base_in_another_stack_is_sg301() -> None:
    derived = segment(
        "derived", groups=grouped(Group("ALL", "ANY", (NORDIC,), (SourceRef(key="other"),)))
    )
    result = compile_template(
        [derived], CompileContext(ENV, SETTINGS, imports={"other": "Stack-Other"})
    )
    assert [finding.code for _, finding in result.findings] == ["SG301"]
    assert "another stack" in result.findings[0][1].message


def names(*segments: Segment, context: CompileContext = CONTEXT) -> dict[str, str]:
    return {plan.segment.key: plan.name for plan in plan_definitions(segments, context)}


def test_criteria_change_rotates_the_name() -> None:
    before = segment("s", dimensions=NORDIC)
    after = dataclasses.replace(
        before, dimensions=where(country=SetCriterion("INCLUSIVE", ("NO", "SE")))
    )
    assert names(before)["s"] != names(after)["s"]
    assert re.fullmatch(r"s-[0-9a-f]{8}", names(after)["s"])


def test_description_and_tag_changes_keep_the_name() -> None:
    before = segment("s", dimensions=NORDIC, description="one")
    after = dataclasses.replace(before, description="two", tags=(("new", "tag"),), retain=True)
    assert names(before) == names(after)


def test_display_name_change_rotates_the_name_because_display_name_is_create_only() -> None:
    before = segment("s", dimensions=NORDIC, name="Nordic")
    after = dataclasses.replace(before, name="Nordic customers")
    suffixed = CompileContext(dataclasses.replace(ENV, name_suffix=" (staging)"), SETTINGS)
    assert len({names(before)["s"], names(after)["s"], names(before, context=suffixed)["s"]}) == 3


def test_base_rotation_rotates_dependents_and_references_the_new_name() -> None:
    derived = segment(
        "derived", groups=grouped(Group("ALL", "ANY", (NORDIC,), (SourceRef(key="base"),)))
    )
    old = names(segment("base", dimensions=NORDIC), derived)
    new_base = segment("base", dimensions=where(country=SetCriterion("INCLUSIVE", ("SE",))))
    new = names(new_base, derived)
    assert old["base"] != new["base"] and old["derived"] != new["derived"]
    properties = compile_template([new_base, derived], CONTEXT).template.to_dict()["Resources"][
        "DerivedSegmentDefinition"
    ]
    assert properties["Properties"]["SegmentGroups"]["Groups"][0]["SourceSegments"] == [
        {"SegmentDefinitionName": new["base"]}
    ]
    assert properties["DependsOn"] == ["BaseSegmentDefinition"]


def test_long_keys_fit_and_stay_distinct() -> None:
    first, second = "k" * 64, "k" * 63 + "x"
    result = names(segment(first, dimensions=NORDIC), segment(second, dimensions=NORDIC))
    assert len(set(result.values())) == 2
    assert all(
        len(name) <= 64 and re.fullmatch(r"[a-zA-Z0-9_-]+", name) for name in result.values()
    )
    assert definition_name(first, "N", None) != definition_name(second, "N", None)


def test_two_runs_give_the_same_bytes() -> None:
    segments = MAPPABLE["cp-base-segments"]
    assert template_text(segments) == template_text(list(reversed(segments)))
