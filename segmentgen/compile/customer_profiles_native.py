"""Customer Profiles segments written in Customer Profiles' terms, and stacks of two targets.

Input: a ``target: customer-profiles`` segment (``model.ProfilesDefinition``: CloudFormation's
``SegmentGroups``, SQL, sort, definition name) and what its compilation may read
(``customer_profiles_groups.Known``), or the segments of one stack with its environment's
target. Output: ``native_definition``, the segment's ``customer_profiles.Definition``
(``SegmentGroups`` verbatim with each ``SourceSegments`` name that is a segment key replaced
by that segment's definition name, the ``SegmentSqlQuery`` and ``SegmentSort``, and the
explicit or generated ``SegmentDefinitionName``); ``compile_stack``, the template of a stack
whatever targets its segments compile to: in an environment that builds Pinpoint, the
Pinpoint-form segments as Pinpoint segments and the Customer Profiles segments as segment
definitions beside them in the same template; in a Customer Profiles environment, all as
segment definitions. SG226 and SG229 are reported here too when ``--target`` changed an
environment's target after validation.

Naming. A generated name is ``<key>-<8 hex>`` as for mapped segments, over the create-only
properties DisplayName, SegmentGroups and SegmentSqlQuery; the query is hashed in its
canonical form (``validate.profiles_rules.normalize_sql``), so a change of whitespace,
comments or keyword case keeps the name. The template holds that canonical form too,
pretty-printed (``deployed_sql``): such a change leaves ``out/`` byte for byte as it was.
An explicit ``definition_name`` is used as written: a change of a create-only property then
needs a new name by hand (SG303 says so).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from segmentgen.compile import CompileContext, CompileResult
from segmentgen.compile.customer_profiles_groups import Known, other_stack_name
from segmentgen.compile.customer_profiles_map import Outcome
from segmentgen.compile.customer_profiles_targets import NATIVE, target_findings
from segmentgen.compile.registry import target
from segmentgen.core.diagnostics import Path
from segmentgen.core.model import Segment

HASH_LENGTH = 8
MAX_KEY_IN_NAME = 64 - HASH_LENGTH - 1


def generated_name(key: str, display_name: str, groups: Any, sql: str | None) -> str:
    """``<key>-<8 hex>`` over the create-only properties; the payload of a segment without
    SQL is the one ``customer_profiles.definition_name`` hashes."""
    payload: dict[str, Any] = {"DisplayName": display_name, "Key": key, "SegmentGroups": groups}
    if sql is not None:
        payload["SegmentSqlQuery"] = _canonical_sql(sql)
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{key[:MAX_KEY_IN_NAME]}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def _canonical_sql(sql: str) -> str:
    from segmentgen.validate.profiles_rules import normalize_sql

    return normalize_sql(sql)


def deployed_sql(sql: str) -> str:
    """The ``SegmentSqlQuery`` a template holds: the canonical form of ``sql``
    (``normalize_sql``: no comments, keywords and spacing as sqlglot prints Spark SQL),
    pretty-printed on several lines so that it stays readable. It depends on nothing but the
    canonical form, so a change of whitespace, comments or keyword case changes no byte."""
    import sqlglot
    from sqlglot.errors import SqlglotError

    from segmentgen.validate.profiles_sql import DIALECT

    canonical = _canonical_sql(sql)
    try:
        statements = [s for s in sqlglot.parse(canonical, read=DIALECT) if s is not None]
    except (SqlglotError, RecursionError):
        return canonical
    return ";\n".join(s.sql(dialect=DIALECT, pretty=True, comments=False) for s in statements)


def resolved_groups(out: Outcome, segment: Segment, known: Known) -> dict[str, Any] | None:
    """The segment's SegmentGroups with base segments by key turned into definition names;
    a base that cannot be named here is blocked (SG301) and left out."""
    profiles = segment.profiles
    if profiles is None or profiles.segment_groups is None:
        return None
    groups = profiles.segment_groups.data
    dropped: list[tuple[int, int]] = []
    for g, s in profiles.key_refs:
        ref = groups["Groups"][g]["SourceSegments"][s]
        name = _base_name(out, ref["SegmentDefinitionName"],
                          ("SegmentGroups", "Groups", g, "SourceSegments", s), known)
        if name is None:
            dropped.append((g, s))
        else:
            ref["SegmentDefinitionName"] = name
    for g, s in sorted(dropped, reverse=True):
        del groups["Groups"][g]["SourceSegments"][s]
    return dict(groups)


def _base_name(out: Outcome, key: str, path: Path, known: Known) -> str | None:
    base = known.planned.get(key)
    if key in known.imports:
        return other_stack_name(out, key, path, known)
    elif base is None:
        reason = "forms a cycle" if key in known.stack else "is not part of this stack"
        out.block(path, f"base segment {key!r} {reason}", "refer to a segment of this stack")
    elif base.blocked:
        out.block(path, f"base segment {key!r} cannot be compiled for Customer Profiles",
                  f"resolve the findings of {key!r} first")
    else:
        return base.name
    return None


def compile_stack(target_name: str, segments: Sequence[Segment],
                  context: CompileContext) -> CompileResult:
    """The template of one stack: Pinpoint-form segments by the environment's target, and
    in a Pinpoint environment the Customer Profiles segments beside them."""
    by_key = {segment.key: segment for segment in segments}
    found = [(segment.key, finding) for segment in segments
             for finding in target_findings(segment, by_key, context.environment.name,
                                            target_name)]
    blocked = {key for key, _ in found}
    kept = [segment for segment in segments if segment.key not in blocked]
    native = [segment for segment in kept if segment.target == NATIVE]
    if target_name == NATIVE or not native:
        result = target(target_name).compile(kept, context)
    else:
        result = _both(target_name, kept, native, context)
    result.findings[:0] = found
    return result


def _both(target_name: str, kept: Sequence[Segment], native: Sequence[Segment],
          context: CompileContext) -> CompileResult:
    from segmentgen.compile.customer_profiles import add_definitions

    rest = [segment for segment in kept if segment.target != NATIVE]
    if rest:
        result = target(target_name).compile(rest, context)
    else:
        from troposphere import Template

        template = Template()
        template.set_version("2010-09-09")
        if context.description:
            template.set_description(context.description)
        result = CompileResult(template)
    result.findings.extend(add_definitions(result.template, native, context))
    return result


def sort_value(segment: Segment) -> Mapping[str, Any] | None:
    profiles = segment.profiles
    return profiles.sort.data if profiles is not None and profiles.sort is not None else None


def native_definition(segment: Segment, context: CompileContext, known: Known) -> Any:
    """The ``customer_profiles.Definition`` of a Customer Profiles segment."""
    from troposphere import customerprofiles as cp

    from segmentgen.compile.customer_profiles import Definition, merged_tags
    from segmentgen.compile.customer_profiles_checks import check_tags, check_texts

    out = Outcome()
    groups = resolved_groups(out, segment, known)
    display_name = segment.name + context.environment.name_suffix
    check_texts(out, segment, display_name)
    tags = merged_tags(segment, context)
    check_tags(out, tags)
    profiles = segment.profiles
    assert profiles is not None
    name = profiles.definition_name or generated_name(segment.key, display_name, groups,
                                                      profiles.sql)
    bases = tuple(key for key in segment.base_keys() if key in known.planned)
    return Definition(
        segment=segment, name=name, display_name=display_name, tags=tags,
        segment_groups=None if groups is None else cp.SegmentGroup.from_dict(None, groups),
        base_keys=tuple(sorted(set(bases))), mappings=tuple(out.mappings),
        findings=tuple(out.findings), sort=sort_value(segment),
        sql=None if profiles.sql is None else deployed_sql(profiles.sql),
    )
