"""The migration report: a status per segment and per criterion with the compiler's reasons
and caveats, a coverage figure, as data, text, JSON and markdown whose table cells survive
pipes and line breaks."""

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
    Carried,
    Status,
    as_data,
    markdown_cell,
    migration_report,
    path_text,
    render_markdown,
    render_text,
)

NORDIC = Dimensions(country=SetCriterion("INCLUSIVE", ("NO",)))
CONTEXT = CompileContext(
    Environment("prod", domain="crm"),
    Settings(attribute_map=(("metrics.score", "CalculatedAttributes.score"),),
             country_format="alpha3"),
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
    assert by_key["mapped"].status is Status.CARRIED
    assert by_key["blocked"].status is Status.BLOCKED
    blocked = [(row.path, row.code) for row in by_key["blocked"].rows
               if row.status is Carried.NONE]
    assert blocked == [
        ("SegmentGroups.Groups[0].Dimensions[1].Location.GPSPoint", "SG301"),
        ("SegmentGroups.Groups[1].Dimensions[0].Behavior.Recency", "SG301"),
    ]
    recency = [row for row in by_key["blocked"].rows if "Recency" in row.path]
    assert "calculated_attributes: {sessions_30d:" in recency[0].hint
    assert [(row.target, row.origin) for row in by_key["mapped"].rows] == [
        ("CalculatedAttributes.score GREATER_THAN", "attribute_map")
    ]
    assert [row.target for row in by_key["carried"].rows] == ["Address.Country INCLUSIVE"]
    assert report.counts() == (("carried over", 2), ("carried over with a caveat", 0),
                               ("blocked", 1))
    assert by_key["blocked"].coverage == (2, 4)
    assert report.coverage() == (4, 6)
    assert [note.code for note in by_key["blocked"].notes] == ["SG308"]


def test_a_number_against_a_custom_attribute_is_a_caveat() -> None:
    segment = Segment("s", "S", "a.yaml", 1, dimensions=Dimensions(
        attributes=(AttributeCriterion("plan", "EXCLUSIVE", ("free",)),),
        metrics=(MetricCriterion("visits", "GREATER_THAN", 3.0),)))
    context = CompileContext(Environment("prod"), Settings(
        attribute_map=(("metrics.visits", "Attributes.visits"),)))
    (item,) = migration_report([segment], context).segments
    assert item.status is Status.CAVEAT
    assert [(r.criterion, r.status, r.code) for r in item.rows] == [
        ("attribute 'plan'", Carried.CARRIED, ""),
        ("metric 'visits'", Carried.CAVEAT, "SG307"),
    ]
    assert "calculated attribute" in item.rows[1].note
    assert item.coverage == (2, 2)


def test_country_without_country_format_has_no_equivalent_for_a_migration() -> None:
    segment = Segment("s", "S", "a.yaml", 1, dimensions=NORDIC)
    (item,) = migration_report([segment], CompileContext(Environment("e"), Settings())).segments
    assert item.status is Status.BLOCKED
    assert [(r.code, r.status) for r in item.rows] == [("SG305", Carried.NONE)]
    assert "country_format" in item.rows[0].hint


def test_text_names_every_reason_and_ends_with_the_summary() -> None:
    text = render_text(migration_report(SEGMENTS, CONTEXT))
    assert "blocked (specs/b.yaml:3): blocked, 2/4 criteria carried over (50%)" in text
    assert "SG301 SegmentGroups.Groups[0].Dimensions[1].Location.GPSPoint: GPS proximity" in text
    assert "    hint: " in text
    assert text.endswith("3 segments: 2 carried over, 0 carried over with a caveat, 1 blocked; "
                         "coverage 4/6 criteria carried over (66%)\n")


def test_json_data_has_the_coverage() -> None:
    data = as_data(migration_report(SEGMENTS, CONTEXT))
    assert data["coverage"] == {"carried": 4, "criteria": 6}
    assert data["segments"][0]["definition_name"] is None
    assert {row["status"] for row in data["segments"][0]["criteria"]} == {
        "carried over", "no equivalent"}


def test_markdown_cells_keep_tables_intact() -> None:
    markdown = render_markdown(migration_report(SEGMENTS, CONTEXT))
    assert markdown.startswith("# Migration to Amazon Connect Customer Profiles\n")
    assert markdown.endswith("|\n") and not markdown.endswith("\n\n")
    assert "Blocked \\| with<br>a break" in markdown
    pipes = {
        line.replace("\\|", "").count("|") for line in markdown.splitlines() if line.startswith("|")
    }
    assert pipes == {3, 5, 7}, "every row of a table has its table's column count"


def test_markdown_cell_escapes() -> None:
    assert markdown_cell("a|b\r\nc\nd") == "a\\|b<br>c<br>d"
    assert markdown_cell("a\\|b") == "a\\\\\\|b"
    assert markdown_cell("<script>") == "&lt;script&gt;"


def test_path_text() -> None:
    assert path_text(("SegmentGroups", "Groups", 0, "Dimensions", 1)) == (
        "SegmentGroups.Groups[0].Dimensions[1]"
    )
