"""Every rule and quota of a Customer Profiles segment definition, as findings.

Input: CloudFormation-shaped plain data of ``AWS::CustomerProfiles::SegmentDefinition``
(a segment's ``SegmentGroups``, ``SegmentSort``, ``SegmentSqlQuery``) with its data path, or
a project's starting audiences (segment key -> base keys). Output: findings addressed by data
path, shared by the validator and the cfn-lint plug-in (``lint/plugin/profiles_checks.py``):
- ``check_segment_groups``: the schema and API rules (SG230, SG233, SG236 from
  ``validate.profiles_schema``), dimension values that do not suit their dimension type
  (SG234: dates for date types, numbers for numeric comparisons, one value for BEFORE,
  AFTER, ON and the comparisons, two in order for BETWEEN and NOT_BETWEEN) and the service
  quotas per segment (SG231: 60 unique attributes, 10 unique calculated attributes,
  5 starting audiences);
- ``check_sort``: ``SegmentSort`` against both schemas;
- ``check_depth``: starting audiences nested more than 5 deep (SG235);
- ``check_sql`` and ``normalize_sql`` (from ``validate.profiles_sql``).
Each rule tolerates any JSON: intrinsic functions and values of the wrong type are skipped
(the schema walk reports those).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from segmentgen.core import codes
from segmentgen.core.dates import read_instant
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.criteria.native_walk import listed, mapping
from segmentgen.validate.profiles_schema import cfn_schema, check_value, intrinsic
from segmentgen.validate.profiles_sql import check_sql, normalize_sql

__all__ = ["api_only", "check_depth", "check_dimension", "check_quotas", "check_segment_groups",
           "check_sort", "check_sql", "dimensions", "normalize_sql"]

# Quotas of the Amazon Connect administrator guide ("Build customer segments")
MAX_UNIQUE_ATTRIBUTES = 60
MAX_UNIQUE_CALCULATED = 10
MAX_STARTING_AUDIENCES = 5
MAX_AUDIENCE_DEPTH = 5

ONE_DATE = ("BEFORE", "AFTER", "ON")
TWO_VALUES = ("BETWEEN", "NOT_BETWEEN")
COMPARISONS = ("GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN_OR_EQUAL")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_SCHEMA_WORDS = "(the Customer Profiles dimension types, CloudFormation's schema and the API)"

# one dimension criterion: path of {DimensionType, Values}, kind, attribute it reads
Criterion = tuple[Path, str, str, Mapping[str, Any]]


@functools.cache
def _profile_fields() -> dict[str, str]:
    """ProfileAttributes member -> kind (string, date, profile_type, address, custom), read
    from CloudFormation's schema."""
    kinds = {"ProfileDimension": "string", "ExtraLengthValueProfileDimension": "string",
             "DateDimension": "date", "ProfileTypeDimension": "profile_type",
             "AddressDimension": "address", "CustomAttributes": "custom"}
    members = cfn_schema()["definitions"]["ProfileAttributes"]["properties"]
    return {name: kinds[str(member["$ref"]).rsplit("/", 1)[-1]]
            for name, member in members.items()}


def dimensions(groups: object, path: Path) -> Iterator[Criterion]:
    """Every criterion of a ``SegmentGroups`` value: (path, kind, attribute, dimension)."""
    for g, group in enumerate(listed(mapping(groups).get("Groups"))):
        for d, dimension in enumerate(listed(mapping(group).get("Dimensions"))):
            here = (*path, "Groups", g, "Dimensions", d)
            yield from _criteria(mapping(dimension), here)


def _criteria(dimension: Mapping[str, Any], path: Path) -> Iterator[Criterion]:
    for name, entry in mapping(dimension.get("CalculatedAttributes")).items():
        if isinstance(entry, Mapping) and not intrinsic(entry):
            yield (*path, "CalculatedAttributes", name), "calculated", str(name), entry
    profile = mapping(dimension.get("ProfileAttributes"))
    fields = _profile_fields()
    for name, entry in profile.items():
        here = (*path, "ProfileAttributes", name)
        kind = fields.get(name)
        inner = mapping(entry) if not intrinsic(entry) else {}
        if kind in ("address", "custom"):
            for part, value in inner.items():
                if isinstance(value, Mapping) and not intrinsic(value):
                    yield (*here, part), kind, f"{name}.{part}", value
        elif kind is not None and inner:
            yield here, kind, name, inner


def check_segment_groups(data: object, path: Path) -> Iterator[Finding]:
    """Every rule and quota of a ``SegmentGroups`` value at ``path``."""
    yield from check_value("SegmentGroup", data, path)
    for here, kind, _, dimension in dimensions(data, path):
        yield from check_dimension(dimension, kind, here)
    yield from check_quotas(data, path)


def check_sort(sort: object, path: Path) -> Iterator[Finding]:
    """``SegmentSort`` against CloudFormation's schema and the API (1 to 10 attributes,
    names ^[a-zA-Z0-9_.-]+$, ``Order``, ``DataType`` and ``Type`` enums)."""
    yield from check_value("SegmentSort", sort, path)


def _number(text: str) -> float | None:
    value = float(text) if _NUMBER.fullmatch(text.strip()) else None
    return value if value is not None and math.isfinite(value) else None


def _date(text: str) -> float | None:
    moment, _ = read_instant(text)
    return moment.timestamp() if moment is not None else None


def check_dimension(dimension: Mapping[str, Any], kind: str, path: Path) -> Iterator[Finding]:
    """SG234: values that do not suit the dimension type of one criterion of ``kind``."""
    dimension_type = dimension.get("DimensionType")
    values = dimension.get("Values")
    if not isinstance(dimension_type, str) or not isinstance(values, list):
        return
    texts = [(i, value) for i, value in enumerate(values) if isinstance(value, str)]
    here = (*path, "Values")
    if dimension_type in ONE_DATE or (kind == "date" and dimension_type in TWO_VALUES):
        yield from _each(texts, here, _date, "a date", f"{dimension_type} compares dates: "
                         "write 2024-01-31 or 2024-01-31T12:00:00Z")
    elif dimension_type in (*COMPARISONS, "EQUAL"):
        yield from _each(texts, here, _number, "a number", f"{dimension_type} compares "
                         "numbers: write the value as digits, such as \"500\" or \"2.5\"")
    if dimension_type in (*ONE_DATE, *COMPARISONS) and len(values) != 1:
        yield Finding(here, codes.SG234, f"{dimension_type} takes exactly one value, found "
                      f"{len(values)} {_SCHEMA_WORDS}", "use BETWEEN for a range, or one "
                      "criterion per value in a group with Type ANY")
    if dimension_type in TWO_VALUES:
        yield from _range(dimension_type, values, kind, here)


def _each(texts: list[tuple[int, str]], path: Path, read: Callable[[str], float | None],
          what: str, hint: str) -> Iterator[Finding]:
    for index, text in texts:
        if read(text) is None:
            yield Finding((*path, index), codes.SG234, f"{text!r} is not {what}", hint)


def _range(dimension_type: str, values: list[Any], kind: str, path: Path) -> Iterator[Finding]:
    if len(values) != 2:
        yield Finding(path, codes.SG234, f"{dimension_type} takes exactly two values, found "
                      f"{len(values)}", "write [from, to], such as [1, 5] or "
                      "[2024-01-01, 2024-03-31]")
        return
    if not all(isinstance(value, str) for value in values):
        return
    readers = [_date] if kind == "date" else [_number, _date]
    for read in readers:
        bounds = [read(value) for value in values]
        if bounds[0] is not None and bounds[1] is not None:
            if bounds[0] > bounds[1]:
                yield Finding(path, codes.SG234, f"{dimension_type} from {values[0]!r} is "
                              f"after to {values[1]!r}", "put the smaller value first")
            return
    if kind != "date":
        yield Finding(path, codes.SG234, f"{dimension_type} values {values[0]!r} and "
                      f"{values[1]!r} are not two numbers or two dates",
                      "write two numbers, such as [1, 5], or two dates, such as "
                      "[2024-01-01, 2024-03-31]")


def check_quotas(groups: object, path: Path) -> Iterator[Finding]:
    """SG231: more unique attributes, calculated attributes or starting audiences in one
    segment than Customer Profiles allows; each at the criterion that goes over."""
    attributes: set[str] = set()
    calculated: set[str] = set()
    reported: set[str] = set()
    for here, kind, attribute, _ in dimensions(groups, path):
        attributes.add(f"{kind}:{attribute}")
        if kind == "calculated":
            calculated.add(attribute)
        if len(calculated) > MAX_UNIQUE_CALCULATED and "calculated" not in reported:
            reported.add("calculated")
            yield _quota(here, f"{len(calculated)} unique calculated attributes",
                         MAX_UNIQUE_CALCULATED, "calculated attributes")
        if len(attributes) > MAX_UNIQUE_ATTRIBUTES and "all" not in reported:
            reported.add("all")
            yield _quota(here, f"{len(attributes)} unique attributes (profile and calculated)",
                         MAX_UNIQUE_ATTRIBUTES, "attributes")
    yield from _audiences(groups, path)


def _quota(path: Path, found: str, limit: int, what: str) -> Finding:
    return Finding(path, codes.SG231, f"{found}; a segment takes at most {limit} {what} "
                   "(Customer Profiles service quota)", "split the criteria over two segments "
                   "and combine them as starting audiences", at_key=True)


def _audiences(groups: object, path: Path) -> Iterator[Finding]:
    count = 0
    for g, group in enumerate(listed(mapping(groups).get("Groups"))):
        for s, _ in enumerate(listed(mapping(group).get("SourceSegments"))):
            count += 1
            if count == MAX_STARTING_AUDIENCES + 1:
                yield Finding((*path, "Groups", g, "SourceSegments", s), codes.SG231,
                              f"more than {MAX_STARTING_AUDIENCES} starting audiences; a "
                              f"segment takes at most {MAX_STARTING_AUDIENCES} (Customer "
                              "Profiles service quota)", "combine some of them into one "
                              "segment and start from that one")


def check_depth(bases: Mapping[str, Sequence[str]],
                paths: Mapping[str, Path] | None = None) -> Iterator[tuple[str, Finding]]:
    """SG235 for each segment whose starting audiences nest more than 5 deep: (key, finding
    at ``paths[key]``, default the segment's ``SegmentGroups``). A segment with no starting
    audience is 0 deep, one built on it 1 deep; a key ``bases`` does not hold (defined
    outside the project) counts as 0 deep; cycles are SG220's and are cut here."""
    chains: dict[str, list[str]] = {}

    def chain(key: str, visiting: frozenset[str]) -> list[str]:
        """The longest chain of starting audiences below ``key``."""
        if key not in chains:
            longest: list[str] = []
            for base in bases.get(key, ()):
                if base not in visiting:
                    candidate = [base, *chain(base, visiting | {base})]
                    longest = candidate if len(candidate) > len(longest) else longest
            chains[key] = longest
        return chains[key]

    for key in sorted(bases):
        found = chain(key, frozenset({key}))
        if len(found) > MAX_AUDIENCE_DEPTH:
            where = (paths or {}).get(key, ("SegmentGroups",))
            yield key, Finding(where, codes.SG235, f"segment {key!r} nests starting audiences "
                               f"{len(found)} deep ({' -> '.join([key, *found])}); Customer "
                               f"Profiles allows at most {MAX_AUDIENCE_DEPTH}",
                               "build an inner segment from criteria instead of starting "
                               "audiences, or start from a segment nearer the top",
                               at_key=True)


# The rules over a template's SegmentDefinition properties, each with the cfn-lint plug-in
# rule that reports it (cfn-lint's own schema rules report SG230 and SG233's findings).
Properties = Mapping[str, Any]
_GROUPS: Path = ("SegmentGroups",)


def definition_quotas(properties: Properties) -> Iterator[Finding]:
    if "SegmentGroups" in properties:
        yield from check_quotas(properties["SegmentGroups"], _GROUPS)


def definition_sql(properties: Properties) -> Iterator[Finding]:
    yield from check_sql(properties.get("SegmentSqlQuery"), ("SegmentSqlQuery",))


def definition_values(properties: Properties) -> Iterator[Finding]:
    for here, kind, _, dimension in dimensions(properties.get("SegmentGroups"), _GROUPS):
        yield from check_dimension(dimension, kind, here)


def definition_api(properties: Properties) -> Iterator[Finding]:
    """SG236 alone: what CloudFormation's schema (and so cfn-lint) accepts, the API not."""
    for name, definition in (("SegmentGroups", "SegmentGroup"), ("SegmentSort", "SegmentSort")):
        if name in properties:
            yield from (found for found in check_value(definition, properties[name], (name,))
                        if found.code == codes.SG236)


DEFINITION_RULES: tuple[tuple[Callable[[Properties], Iterator[Finding]], str | None], ...] = (
    (definition_quotas, codes.SG231.plugin_rule),
    (definition_sql, codes.SG232.plugin_rule),
    (definition_values, codes.SG234.plugin_rule),
    (definition_api, codes.SG236.plugin_rule),
)


def api_only(data: Mapping[str, Any], path: Path,
             found: Iterable[Finding]) -> Iterator[Finding]:
    """The shape findings ``found`` of a customer-profiles spec segment ``data`` at ``path``,
    each one about a value only the API accepts (``LIST_CONTAINS`` in ``segment_groups:``)
    said as SG233, naming the source that decides, instead of an unknown value or key."""
    named: dict[Path, Finding] = {}
    for key, definition in (("segment_groups", "SegmentGroup"), ("sort", "SegmentSort")):
        if key in data:
            named.update((f.path, f) for f in check_value(definition, data[key], (*path, key))
                         if f.code == codes.SG233)
    for finding in found:
        if finding.code in (codes.SG201, codes.SG204) and finding.path in named:
            yield named[finding.path]
        else:
            yield finding
