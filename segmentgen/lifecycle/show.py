"""Show: one segment's details as a person reads them, like the console's "View details".

Input: the validated project, a segment key and, optionally, an endpoint export (with an
as-of time) or an imported segment's local import file. Output: ``Details``: key, display
name, application, type, criteria in plain words (``describe``), tags, the spec file and
line, when the segment was created and last changed, import settings, the base-segment
users, the approximate endpoint count (counted by DuckDB, ``estimate.engine``), plus
diagnostics; and its human or JSON rendering.

Created and last changed come from git (``lifecycle.history``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from segmentgen.compile import logical_id
from segmentgen.compile.registry import target
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.model import Application, Environment, Project, Segment, Settings
from segmentgen.core.tags import merge_tags
from segmentgen.lifecycle.history import History, history_lines, line_range, segment_history
from segmentgen.review.describe import describe_segment

DOMAIN_WORDS = "Customer Profiles domain"


@dataclass(slots=True)
class Details:
    data: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def application_text(segment: Segment, project: Project) -> list[str]:
    """Where the segment lives: its own id, the default, or one line per environment (its
    override there, skipped, or the environment's application).

    A segment compiled for Customer Profiles (its own ``target:``, else the environment's or
    project's) lives in a domain, not a Pinpoint application: the line names the domain and
    where segmentgen.yaml sets it, or the template parameter that takes it.
    """
    settings = project.settings
    if not settings.environments:
        domain = (settings.domain, "domain: in segmentgen.yaml")
        return [_home(segment, segment.target or settings.target, domain,
                      settings.application, _created_by("", settings.prefix))]
    return [f"{env.name}: {_environment_home(segment, env, settings)}"
            for env in settings.environments]


def _environment_home(segment: Segment, env: Environment, settings: Settings) -> str:
    override = next((o for o in env.segments if o.key == segment.key), None)
    if override is not None and override.skip:
        return "not in this environment (skip: true in segmentgen.yaml)"
    target_name = segment.target or env.target
    if override is not None and override.application and target(target_name).application:
        return f"{override.application} (set for {env.name} in segmentgen.yaml)"
    own = env.domain is not None and env.domain != settings.domain  # else the project's
    domain = ((env.domain, f"environments.{env.name}.domain in segmentgen.yaml") if own
              else (settings.domain, "domain: in segmentgen.yaml"))
    return _home(segment, target_name, domain, env.application,
                 _created_by(env.name, settings.prefix))


def tags_of(segment: Segment, settings: Settings) -> dict[str, Any]:
    """The tags the segment's resource carries (``core.tags``): one mapping, or with
    environments one per environment it is built in, by environment name."""
    if not settings.environments:
        return merge_tags(segment.tags, default=settings.tags)
    found: dict[str, Any] = {}
    for env in settings.environments:
        override = next((o for o in env.segments if o.key == segment.key), None)
        if override is None or not override.skip:
            found[env.name] = merge_tags(segment.tags, override=override.tags if override else (),
                                         default=settings.tags, environment=env.tags)
    return found


def _tag_lines(tags: dict[str, Any]) -> list[str]:
    def text(pairs: dict[str, str]) -> str:
        return ", ".join(f"{k}={v}" for k, v in pairs.items()) or "(none)"

    if any(isinstance(value, dict) for value in tags.values()):
        return ["  tags:", *(f"    {env}: {text(pairs)}" for env, pairs in tags.items())]
    return [f"  tags: {text(tags)}"]


def _created_by(environment: str, prefix: str | None) -> str:
    """The name of the stack that creates an environment's application."""
    from segmentgen.compile.plan.application import APPLICATION_STACK
    from segmentgen.compile.plan.stacks import stack_name

    path = f"{environment}/{APPLICATION_STACK}" if environment else APPLICATION_STACK
    return stack_name(path, prefix)


def _home(segment: Segment, target: str, domain: tuple[str | None, str], app: Application,
          stack: str) -> str:
    """The application or domain; ``domain`` is the domain name and where it is set."""
    if target == "customer-profiles":
        from segmentgen.compile.customer_profiles import DOMAIN_PARAMETER

        name, source = domain
        return (f"{DOMAIN_WORDS} {name} ({source})" if name else
                f"{DOMAIN_WORDS} from the template parameter {DOMAIN_PARAMETER}")
    if segment.application:
        return f"{segment.application} (set in the spec)"
    return _application(app, stack)


def _application(app: Application, stack: str) -> str:
    if app.kind == "id":
        return app.value
    if app.kind == "import":
        return f"the export {app.value} (Fn::ImportValue)"
    if app.kind == "create":
        return f"created by the stack {stack} (AWS::Pinpoint::App {app.value!r})"
    return f"the template parameter {app.value}"


def _import_details(segment: Segment, records: Path | None) -> tuple[dict[str, Any],
                                                                   list[Diagnostic]]:
    source = segment.imported
    assert source is not None
    role = source.role_arn or (f"created by the stack (output "
                               f"{logical_id(segment.key, 'ImportRoleArn')})")
    data: dict[str, Any] = {"s3": source.s3_url, "role": role, "format": source.format,
                            "register_endpoints": source.register_endpoints, "records": None}
    if records is None:
        return data, []
    from segmentgen.estimate.count import record_count

    counted = record_count(records, source.format)
    data["records"] = counted.records
    data["records_file"] = records.as_posix()
    return data, list(counted.diagnostics)


def _estimate(segment: Segment, project: Project, endpoints: Path,
              as_of: datetime) -> tuple[dict[str, Any], list[Diagnostic]]:
    from segmentgen.estimate.engine import estimate_with_duckdb

    found = estimate_with_duckdb(segment, endpoints, as_of=as_of, segments=project.by_key())
    data = found.as_dict()
    data.pop("diagnostics")
    data.pop("segment")
    data["file"] = endpoints.as_posix()
    return data, list(found.diagnostics)


def show_segment(project: Project, key: str, *, endpoints: Path | None = None,
                 as_of: datetime | None = None, records: Path | None = None,
                 history: bool = True, profiles: Path | None = None) -> Details:
    """The details of segment ``key`` (which must be in the project)."""
    by_key = project.by_key()
    segment = by_key[key]
    data: dict[str, Any] = {
        "key": key,
        "name": segment.name,
        "type": segment.kind,
        "application": application_text(segment, project),
        "description": segment.description,
        "criteria": describe_segment(segment, by_key),
        "tags": tags_of(segment, project.settings),
        "spec": {"file": segment.file, "line": segment.line},
        "history": (segment_history(Path(segment.file), *line_range(segment, project))
                    if history else History(note="not looked up")).as_dict(),
        "base_segment_of": sorted(s.key for s in project.segments if key in s.base_keys()),
        "retain": segment.retain,
    }
    used = calculated_used(segment, project.settings)
    if used:
        data["calculated_attributes"] = used
    diagnostics: list[Diagnostic] = []
    if segment.imported is not None:
        data["import"], found = _import_details(segment, records)
        diagnostics.extend(found)
    if endpoints is not None and as_of is not None and segment.imported is None:
        data["estimate"], found = _estimate(segment, project, endpoints, as_of)
        diagnostics.extend(found)
    if profiles is not None and segment.profiles is not None:
        from segmentgen.lifecycle.show_profiles import profiles_estimate

        data["profiles_estimate"], found = profiles_estimate(segment, project, profiles)
        diagnostics.extend(found)
    return Details(data, diagnostics)


def calculated_used(segment: Segment, settings: Settings) -> list[dict[str, Any]]:
    """The calculated attributes the segment names, by name, each with its definition in
    words (``review.calculated``); one the project does not define is external."""
    from segmentgen.compile.calculated_attributes import properties, references
    from segmentgen.review.calculated import describe_calculated

    names = {name for _, name in references(segment)}
    by_name = {attribute.name: attribute for attribute in settings.calculated_attributes}
    found = []
    for name in sorted(names):
        attribute = by_name.get(name)
        external = attribute is None or attribute.external
        words = (["defined outside the project (external: true)"] if external or attribute
                 is None else describe_calculated(properties(attribute)))
        found.append({"name": name, "external": external, "definition": words})
    return found


def render_human(details: Details) -> str:
    """The details as aligned ``label: value`` lines, criteria indented below."""
    d = details.data
    lines = [f"{d['key']}: {d['name']}", f"  type: {d['type']}"]
    apps = d["application"]
    label = _home_label(apps)
    lines += ([f"  {label}: {apps[0]}"] if len(apps) == 1
              else [f"  {label}:", *(f"    {a}" for a in apps)])
    if d["description"]:
        lines.append(f"  description: {d['description']}")
    lines.append(f"  spec: {d['spec']['file']}:{d['spec']['line']}")
    lines += history_lines(d["history"])
    lines += _tag_lines(d["tags"])
    if "import" in d:
        imp = d["import"]
        register = "yes" if imp["register_endpoints"] else "no"
        lines += [f"  S3 location: {imp['s3']}", f"  IAM role: {imp['role']}",
                  f"  format: {imp['format']}", f"  registers endpoints: {register}"]
        if imp["records"] is not None:
            lines.append(f"  records: {imp['records']} (in {imp['records_file']})")
    else:
        lines.append("  criteria:")
        lines += [f"    {line}" for line in d["criteria"]]
    for attribute in d.get("calculated_attributes", ()):
        lines += [f"  calculated attribute {attribute['name']}:",
                  *(f"    {line}" for line in attribute["definition"])]
    if d["base_segment_of"]:
        lines.append(f"  base segment of: {', '.join(d['base_segment_of'])}")
    if d["retain"]:
        lines.append("  retained when removed from the stack: yes")
    if "estimate" in d:
        e = d["estimate"]
        lines.append(f"  endpoints: about {e['matched']} ({e['sendable']} sendable) of "
                     f"{e['endpoints']} in {e['file']}, as of {e['as_of']}")
    if "profiles_estimate" in d:
        from segmentgen.lifecycle.show_profiles import profiles_line

        lines.append(profiles_line(d["profiles_estimate"]))
    return "\n".join(lines) + "\n"


def _home_label(homes: list[str]) -> str:
    """``application``, ``domain`` (every home a Customer Profiles domain) or both."""
    domains = sum(DOMAIN_WORDS in home for home in homes)
    if not domains:
        return "application"
    return "domain" if domains == len(homes) else "application or domain"
