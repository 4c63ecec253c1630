"""The migration report: a status per segment with the compiler's reasons, as data, text and
markdown whose table cells survive pipes and line breaks."""

from __future__ import annotations

from segmentgen.compile import CompileContext
from segmentgen.core.model import (
    AttributeCriterion,
    Dimensions,
    Environment,
    GPSPoint,
    Group,
    Groups,
    MetricCriterion,
    Recency,
    Segment,
    SetCriterion,
    Settings,
    SourceRef,
)
from segmentgen.migrate.report import (
    Status,
    markdown_cell,
    migration_report,
    path_text,
    render_markdown,
    render_text,
)

NORDIC = Dimensions(country=SetCriterion("INCLUSIVE", ("NO",)))
CONTEXT = CompileContext(
    Environment("prod", domain="crm"),
    Settings(attribute_map=(("metrics.score", "CalculatedAttributes.score"),)),
)
SEGMENTS = [
    Segment("carried", "Carried", "specs/a.yaml", 2, dimensions=NORDIC),
    Segment(
        "mapped",
        "Mapped",
        "specs/a.yaml",
        7,
        dimensions=Dimensions(metrics=(MetricCriterion("score", "GREATER_THAN", 75.0),)),
    ),
    Segment(
        "blocked",
        "Blocked | with\na break",
        "specs/b.yaml",
        3,
        groups=Groups(
            "ALL",
            (
                Group(
                    "ALL",
                    "ANY",
                    (NORDIC, Dimensions(gps=GPSPoint(59.9, 10.7, 25.0))),
                    (SourceRef(key="carried"),),
                ),
                Group("NONE", "ALL", (Dimensions(recency=Recency("DAY_30", "INACTIVE")),)),
            ),
        ),
    ),
]


def test_statuses_and_reasons_are_the_compiler_findings() -> None:
    report = migration_report(SEGMENTS, CONTEXT)
    by_key = {item.key: item for item in report.segments}
    assert [item.key for item in report.segments] == ["blocked", "carried", "mapped"]
    assert by_key["carried"].status is Status.CARRIED
    assert by_key["mapped"].status is Status.MAPPED
    assert by_key["blocked"].status is Status.BLOCKED
    assert [(row.path, row.code) for row in by_key["blocked"].blocked] == [
        ("SegmentGroups.Groups[0].Dimensions[1].Location.GPSPoint", "SG301"),
        ("SegmentGroups.Groups[1].Dimensions[0].Behavior.Recency", "SG301"),
    ]
    assert all(row.message and row.hint for row in by_key["blocked"].blocked)
    mapped = by_key["mapped"].carried
    assert [(row.target, row.origin) for row in mapped] == [
        ("CalculatedAttributes.score GREATER_THAN", "attribute_map")
    ]
    assert [(row.target, row.origin) for row in by_key["carried"].carried] == [
        ("Address.Country INCLUSIVE", "default")
    ]
    assert report.counts() == (("carried over", 1), ("carried with mapping", 1), ("blocked", 1))


def test_attribute_defaults_to_the_custom_attributes_map() -> None:
    segment = Segment(
        "s",
        "S",
        "a.yaml",
        1,
        dimensions=Dimensions(attributes=(AttributeCriterion("plan", "EXCLUSIVE", ("free",)),)),
    )
    (item,) = migration_report([segment], CONTEXT).segments
    assert item.status is Status.CARRIED
    assert [(r.criterion, r.target) for r in item.carried] == [
        ("attribute 'plan'", "Attributes.plan EXCLUSIVE")
    ]


def test_text_names_every_reason_and_ends_with_the_summary() -> None:
    text = render_text(migration_report(SEGMENTS, CONTEXT))
    assert "blocked (specs/b.yaml:3): blocked" in text
    assert "SG301 SegmentGroups.Groups[0].Dimensions[1].Location.GPSPoint: GPS proximity" in text
    assert "    hint: " in text
    assert text.endswith("3 segments: 1 carried over, 1 carried with mapping, 1 blocked\n")


def test_markdown_cells_keep_tables_intact() -> None:
    markdown = render_markdown(migration_report(SEGMENTS, CONTEXT))
    assert markdown.startswith("# Migration to Amazon Connect Customer Profiles\n")
    assert markdown.endswith("|\n") and not markdown.endswith("\n\n")
    assert "Blocked \\| with<br>a break" in markdown
    pipes = {
        line.replace("\\|", "").count("|") for line in markdown.splitlines() if line.startswith("|")
    }
    assert pipes == {3, 5, 6}, "every row of a table has its table's column count"


def test_markdown_cell_escapes() -> None:
    assert markdown_cell("a|b\r\nc\nd") == "a\\|b<br>c<br>d"
    assert markdown_cell("a\\|b") == "a\\\\\\|b"
    assert markdown_cell("<script>") == "&lt;script&gt;"


def test_path_text() -> None:
    assert path_text(("SegmentGroups", "Groups", 0, "Dimensions", 1)) == (
        "SegmentGroups.Groups[0].Dimensions[1]"
    )
