"""The rules and quotas of Customer Profiles segment definitions (validate.profiles_rules).

Each row is a ``SegmentGroups`` value (or a sort, a query, a set of starting audiences) and
the (code, data path) of every finding it must give, with text the messages must hold; a
clean row gives none. Findings must name the source that decides (CloudFormation's schema,
the API or the service quotas) and carry a hint.
"""

from __future__ import annotations

from typing import Any

import pytest

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding
from segmentgen.load.document import load_text
from segmentgen.validate import profiles_rules as pr

G: tuple[str, ...] = ("SegmentGroups",)


def profile(**fields: Any) -> dict[str, Any]:
    return {"Include": "ALL", "Groups": [{"Type": "ALL", "Dimensions": [
        {"ProfileAttributes": {name: value}} for name, value in fields.items()]}]}


def dim(kind: str, *values: Any) -> dict[str, Any]:
    return {"DimensionType": kind, "Values": list(values)}


def custom(name: str, dimension: dict[str, Any]) -> dict[str, Any]:
    return profile(Attributes={name: dimension})


def calculated(name: str, dimension: dict[str, Any]) -> dict[str, Any]:
    return {"Groups": [{"Dimensions": [{"CalculatedAttributes": {name: dimension}}]}]}


def at(d: int, *rest: str | int) -> tuple[str | int, ...]:
    return (*G, "Groups", 0, "Dimensions", d, *rest)


ROWS: list[tuple[str, Any, list[tuple[str, tuple[str | int, ...]]], list[str]]] = [
    ("clean-string", profile(FirstName=dim("BEGINS_WITH", "Ad"), LastName=dim("ENDS_WITH", "a"),
                             AdditionalInformation=dim("CONTAINS", "x" * 1000)), [], []),
    ("clean-dates", profile(BirthDate=dim("NOT_BETWEEN", "1990-01-01", "2000-12-31")), [], []),
    ("clean-numbers", calculated("spend", {**dim("BETWEEN", "1", "5.5"), "ConditionOverrides": {
        "Range": {"Start": 90, "End": 0, "Unit": "DAYS"}}}), [], []),
    ("clean-intrinsic", {"Groups": [{"SourceSegments": [{"SegmentDefinitionName": {
        "Fn::GetAtt": ["A", "SegmentDefinitionName"]}}], "Dimensions": [{"Ref": "X"}]}]}, [], []),
    ("string-type-numeric", profile(FirstName=dim("GREATER_THAN", "5")),
     [(codes.SG230, at(0, "ProfileAttributes", "FirstName", "DimensionType"))],
     ["string dimensions", "CloudFormation's schema and the Customer Profiles API",
      "INCLUSIVE, EXCLUSIVE, CONTAINS, BEGINS_WITH, ENDS_WITH"]),
    ("date-type-contains", profile(BirthDate=dim("CONTAINS", "1990")),
     [(codes.SG230, at(0, "ProfileAttributes", "BirthDate", "DimensionType"))],
     ["BEFORE, AFTER, BETWEEN, NOT_BETWEEN, ON"]),
    ("enum-did-you-mean", profile(LastName=dim("EXCLUDE", "Smith")),
     [(codes.SG230, at(0, "ProfileAttributes", "LastName", "DimensionType"))],
     ["did you mean 'EXCLUSIVE'?"]),
    ("list-contains-api-only", custom("tags", dim("LIST_CONTAINS", "vip")),
     [(codes.SG233, at(0, "ProfileAttributes", "Attributes", "tags", "DimensionType"))],
     ["accepted by the API but not deployable through CloudFormation"]),
    ("custom-name-pattern", custom("my attr", dim("INCLUSIVE", "x")),
     [(codes.SG233, at(0, "ProfileAttributes", "Attributes", "my attr"))], ["my attr"]),
    ("custom-name-length", custom("a" * 256, dim("INCLUSIVE", "x")),
     [(codes.SG236, at(0, "ProfileAttributes", "Attributes", "a" * 256))],
     ["256 characters; at most 255", "CloudFormation's schema accepts it"]),
    ("values-51", profile(FirstName=dim("INCLUSIVE", *map(str, range(51)))),
     [(codes.SG230, at(0, "ProfileAttributes", "FirstName", "Values"))], ["51 items; at most 50"]),
    ("values-none", profile(FirstName=dim("INCLUSIVE")),
     [(codes.SG230, at(0, "ProfileAttributes", "FirstName", "Values"))], ["at least 1"]),
    ("value-256", profile(Address={"City": dim("INCLUSIVE", "x" * 256)}),
     [(codes.SG230, at(0, "ProfileAttributes", "Address", "City", "Values", 0))],
     ["256 characters; at most 255"]),
    ("additional-1001", profile(AdditionalInformation=dim("CONTAINS", "x" * 1001)),
     [(codes.SG230, at(0, "ProfileAttributes", "AdditionalInformation", "Values", 0))],
     ["at most 1000"]),
    ("profile-type-two", profile(ProfileType=dim("INCLUSIVE", "PROFILE", "ACCOUNT_PROFILE")),
     [(codes.SG230, at(0, "ProfileAttributes", "ProfileType", "Values"))], ["at most 1"]),
    ("profile-type-value", profile(ProfileType=dim("INCLUSIVE", "PERSON")),
     [(codes.SG230, at(0, "ProfileAttributes", "ProfileType", "Values", 0))],
     ["ACCOUNT_PROFILE, PROFILE"]),
    ("unknown-member", profile(Adress={"City": dim("INCLUSIVE", "Oslo")}),
     [(codes.SG230, at(0, "ProfileAttributes", "Adress"))], ["did you mean 'Address'?"]),
    ("missing-values", profile(FirstName={"DimensionType": "INCLUSIVE"}),
     [(codes.SG230, at(0, "ProfileAttributes", "FirstName"))], ["'Values' is missing"]),
    ("number-value", profile(FirstName=dim("INCLUSIVE", 5)),
     [(codes.SG230, at(0, "ProfileAttributes", "FirstName", "Values", 0))], ['quote it: "5"']),
    ("two-kinds-in-one", {"Groups": [{"Dimensions": [{"ProfileAttributes": {}, "Calculated"
                                                       "Attributes": {}}]}]},
     [(codes.SG230, at(0))], ["exactly one of CalculatedAttributes or ProfileAttributes"]),
    ("source-name-pattern", {"Groups": [{"SourceSegments": [{"SegmentDefinitionName": "a b"}]}]},
     [(codes.SG230, (*G, "Groups", 0, "SourceSegments", 0, "SegmentDefinitionName"))],
     ["^[a-zA-Z0-9_-]+$"]),
    ("include-enum", {"Include": "EXCLUDE", "Groups": []},
     [(codes.SG230, (*G, "Include"))], ["ALL, ANY, NONE"]),
    ("range-unit", calculated("spend", {**dim("GREATER_THAN", "1"), "ConditionOverrides": {
        "Range": {"Start": "90", "Unit": "DAY"}}}),
     [(codes.SG230, at(0, "CalculatedAttributes", "spend", "ConditionOverrides", "Range",
                       "Start")),
      (codes.SG230, at(0, "CalculatedAttributes", "spend", "ConditionOverrides", "Range",
                       "Unit"))], ["did you mean 'DAYS'?", "not a whole number"]),
    ("birth-date-not-date", profile(BirthDate=dim("BEFORE", "yesterday")),
     [(codes.SG234, at(0, "ProfileAttributes", "BirthDate", "Values", 0))],
     ["'yesterday' is not a date"]),
    ("before-two-dates", profile(BirthDate=dim("BEFORE", "1990-01-01", "1991-01-01")),
     [(codes.SG234, at(0, "ProfileAttributes", "BirthDate", "Values"))],
     ["BEFORE takes exactly one value, found 2"]),
    ("between-three", profile(BirthDate=dim("BETWEEN", "1990-01-01", "1991-01-01",
                                            "1992-01-01")),
     [(codes.SG234, at(0, "ProfileAttributes", "BirthDate", "Values"))], ["exactly two"]),
    ("between-reversed", calculated("spend", dim("NOT_BETWEEN", "9", "1")),
     [(codes.SG234, (*G, "Groups", 0, "Dimensions", 0, "CalculatedAttributes", "spend",
                     "Values"))], ["from '9' is after to '1'"]),
    ("between-mixed", custom("visits", dim("BETWEEN", "1", "2024-01-01")),
     [(codes.SG234, at(0, "ProfileAttributes", "Attributes", "visits", "Values"))],
     ["not two numbers or two dates"]),
    ("greater-than-text", calculated("spend", dim("GREATER_THAN", "five")),
     [(codes.SG234, (*G, "Groups", 0, "Dimensions", 0, "CalculatedAttributes", "spend",
                     "Values", 0))], ["'five' is not a number"]),
    ("greater-than-two", custom("visits", dim("GREATER_THAN", "1", "2")),
     [(codes.SG234, at(0, "ProfileAttributes", "Attributes", "visits", "Values"))],
     ["exactly one value"]),
    ("custom-after-date", custom("joined", dim("AFTER", "2024-13-01")),
     [(codes.SG234, at(0, "ProfileAttributes", "Attributes", "joined", "Values", 0))],
     ["not a date"]),
]


def _show(found: list[Finding]) -> str:
    return "\n".join(f"{f.code} {f.path} {f.message} | {f.hint}" for f in found)


@pytest.mark.parametrize(("data", "expected", "words"), [row[1:] for row in ROWS],
                         ids=[row[0] for row in ROWS])
def test_segment_groups(data: Any, expected: list[tuple[str, tuple[str | int, ...]]],
                        words: list[str]) -> None:
    found = list(pr.check_segment_groups(data, G))
    assert sorted((f.code, f.path) for f in found) == sorted(expected), _show(found)
    shown = _show(found)
    for word in words:
        assert word in shown, shown
    assert all(f.hint for f in found)


def _attributes(count: int) -> dict[str, Any]:
    return {f"a{n}": dim("INCLUSIVE", "x") for n in range(count)}


def test_sixty_unique_attributes_pass_and_sixty_one_fail() -> None:
    assert list(pr.check_segment_groups(profile(Attributes=_attributes(60)), G)) == []
    found = list(pr.check_segment_groups(profile(Attributes=_attributes(61)), G))
    assert [(f.code, f.path[-1]) for f in found] == [(codes.SG231, "a60")]
    assert "61 unique attributes" in found[0].message and "service quota" in found[0].message


def test_repeated_attribute_counts_once() -> None:
    groups = {"Groups": [{"Dimensions": [{"ProfileAttributes": {"Attributes": _attributes(60)}}
                                         for _ in range(3)]}]}
    assert list(pr.check_quotas(groups, G)) == []


def test_eleven_calculated_attributes_fail() -> None:
    ten = {"Groups": [{"Dimensions": [{"CalculatedAttributes": {
        f"c{n}": dim("GREATER_THAN", "1") for n in range(10)}}]}]}
    assert list(pr.check_segment_groups(ten, G)) == []
    ten["Groups"][0]["Dimensions"][0]["CalculatedAttributes"]["c10"] = dim("EQUAL", "1")
    found = list(pr.check_segment_groups(ten, G))
    assert [(f.code, f.path[-1]) for f in found] == [(codes.SG231, "c10")]
    assert "11 unique calculated attributes" in found[0].message


def test_six_starting_audiences_fail() -> None:
    sources = [{"SegmentDefinitionName": f"s{n}"} for n in range(6)]
    groups = {"Groups": [{"SourceSegments": sources[:3]}, {"SourceSegments": sources[3:]}]}
    found = list(pr.check_segment_groups(groups, G))
    assert [(f.code, f.path) for f in found] == [
        (codes.SG231, (*G, "Groups", 1, "SourceSegments", 2))]
    groups["Groups"][1]["SourceSegments"].pop()
    assert list(pr.check_segment_groups(groups, G)) == []


def test_depth_five_passes_and_six_fails() -> None:
    chain = {f"s{n}": [f"s{n + 1}"] for n in range(5)}  # s0 -> s1 -> ... -> s5
    assert list(pr.check_depth(chain)) == []
    chain["s5"] = ["outside"]  # a definition outside the project is one more level
    found = list(pr.check_depth(chain, {"s0": ("segments", "s0")}))
    assert [(key, f.code, f.path) for key, f in found] == [
        ("s0", codes.SG235, ("segments", "s0"))]
    assert "s0 -> s1 -> s2 -> s3 -> s4 -> s5 -> outside" in found[0][1].message
    assert "6 deep" in found[0][1].message


def test_depth_survives_a_cycle() -> None:
    assert list(pr.check_depth({"a": ["b"], "b": ["a"]})) == []


SORTS: list[tuple[Any, list[tuple[str, tuple[str | int, ...]]], str]] = [
    ({"Attributes": [{"Name": "LastName", "Order": "ASC", "DataType": "STRING",
                      "Type": "PROFILE"}]}, [], ""),
    ({"Attributes": []}, [(codes.SG230, ("sort", "Attributes"))], "at least 1"),
    ({"Attributes": [{"Name": f"n{n}", "Order": "ASC"} for n in range(11)]},
     [(codes.SG230, ("sort", "Attributes"))], "at most 10"),
    ({"Attributes": [{"Name": "last name", "Order": "asc"}]},
     [(codes.SG230, ("sort", "Attributes", 0, "Name")),
      (codes.SG230, ("sort", "Attributes", 0, "Order"))], "did you mean 'ASC'?"),
    ({"Attributes": [{"Name": "n" * 65, "Order": "DESC"}]},
     [(codes.SG236, ("sort", "Attributes", 0, "Name"))], "at most 64"),
    ({"Attributes": [{"Name": "x", "Order": "ASC", "DataType": "TEXT", "Type": "CUSTOM"}]},
     [(codes.SG230, ("sort", "Attributes", 0, "DataType")),
      (codes.SG230, ("sort", "Attributes", 0, "Type"))], "PROFILE, CALCULATED"),
    ({"Attributes": [{"Order": "ASC"}]}, [(codes.SG230, ("sort", "Attributes", 0))],
     "'Name' is missing"),
]


@pytest.mark.parametrize(("sort", "expected", "word"), SORTS)
def test_sort(sort: Any, expected: list[tuple[str, tuple[str | int, ...]]], word: str) -> None:
    found = list(pr.check_sort(sort, ("sort",)))
    assert sorted((f.code, f.path) for f in found) == sorted(expected), _show(found)
    assert word in _show(found)


QUERIES: list[tuple[str, str | None, tuple[int, int] | None]] = [
    ("SELECT * FROM _profile WHERE FirstName = 'Ada'", None, None),
    ("SELECT * FROM _profile WHERE", "line 1, column 24", (1, 24)),
    ("SELECT *\nFROM _profile\nWHERE (a = 1", "line 3, column 12", (3, 12)),
    ("SELECT 'open FROM _profile", "unclosed quote", (1, 8)),
    ("SELECT 1; SELECT 2", "2 statements", None),
    ("DROP TABLE _profile", "DROP statement", None),
    ("   ", "empty", None),
    ("SELECT 1 -- " + "x" * 50_000, "at most 50,000", None),
]


@pytest.mark.parametrize(("sql", "word", "within"), QUERIES)
def test_sql(sql: str, word: str | None, within: tuple[int, int] | None) -> None:
    found = list(pr.check_sql(sql, ("sql",)))
    if word is None:
        assert found == []
        return
    assert [f.code for f in found] == [codes.SG232], _show(found)
    assert word in found[0].message and found[0].hint
    assert found[0].within == within


def test_sql_at_the_limit_is_read() -> None:
    query = "SELECT 1 -- "
    assert list(pr.check_sql(query + "x" * (50_000 - len(query)), ("sql",))) == []


@pytest.mark.parametrize("style", ["block", "folded", "plain", "double", "single"])
def test_sql_error_positioned_in_the_spec_file(style: str) -> None:
    query = "SELECT *\n  FROM _profile\n  WHERE (a = 1"
    written = {
        "block": "sql: |\n      SELECT *\n        FROM _profile\n        WHERE (a = 1\n",
        "folded": "sql: >-\n      SELECT *\n\n        FROM _profile\n\n        WHERE (a = 1\n",
        "plain": "sql: SELECT *\n\n      \n      FROM _profile\n\n      WHERE (a = 1\n",
        "double": 'sql: "SELECT *\\n  FROM _profile\\n  WHERE (a = 1"\n',
        "single": "sql: 'SELECT *\n\n      FROM _profile\n\n      WHERE (a = 1'\n",
    }[style]
    text = "segments:\n  s:\n    " + written
    loaded, problems = load_text(text, "specs/a.yaml")
    assert loaded is not None and problems == []
    value = loaded.data["segments"]["s"]["sql"]  # type: ignore[index]
    found = list(pr.check_sql(value, ("segments", "s", "sql")))
    assert len(found) == 1 and found[0].within is not None
    diagnostic = loaded.diagnostic(found[0])
    line = text.splitlines()[diagnostic.line - 1]
    assert line[diagnostic.col - 1:].startswith("1"), (style, diagnostic, line)
    if style != "double":
        assert "WHERE (a = 1" in line
    assert query  # the query each style writes


def test_normalize_sql_ignores_layout_comments_and_keyword_case() -> None:
    one = pr.normalize_sql("SELECT * FROM _profile WHERE FirstName = 'Ada'")
    two = pr.normalize_sql("select *\n  -- who\n  from _profile\n where  FirstName='Ada' /* x */")
    assert one == two
    assert pr.normalize_sql("SELECT * FROM _profile WHERE FirstName = 'ada'") != one
    assert pr.normalize_sql("SELECT  broken (") == "SELECT broken ("


def test_definition_rules_over_template_properties() -> None:
    properties = {"SegmentGroups": custom("a" * 256, dim("GREATER_THAN", "x")),
                  "SegmentSqlQuery": "SELECT * FROM _profile WHERE", "SegmentSort": {"Attributes": [
                      {"Name": "n" * 70, "Order": "ASC"}]}}
    found = {rule.__name__: sorted(f.code for f in rule(properties))
             for rule, _ in pr.DEFINITION_RULES}
    assert found == {"definition_quotas": [], "definition_sql": [codes.SG232],
                     "definition_values": [codes.SG234],
                     "definition_api": [codes.SG236, codes.SG236]}
