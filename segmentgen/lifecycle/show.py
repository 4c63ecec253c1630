"""Show: one segment's details as a person reads them, like the console's "View details".

Input: the validated project, a segment key and, optionally, an endpoint export (with an
as-of time) or an imported segment's local import file. Output: ``Details``: key, display
name, application, type, criteria in plain words (``describe``), tags, the spec file and
line, when the segment was created and last changed, import settings, the base-segment
users, the approximate endpoint count (counted by DuckDB, ``estimate.engine``), plus
diagnostics; and its human or JSON rendering.

Created and last changed come from git: ``git blame`` of the segment's own lines (its key line
to the next segment's key) gives the commit that added the key line (a new key is a new
segment) and the latest commit among its lines, so edits of other segments in the same file do
not count. Uncommitted edits of those lines are reported as such. ``file_history`` gives the
spec file's first and last commit (``git log --follow``) where a line history is not wanted.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from segmentgen.compile import logical_id
from segmentgen.compile.registry import target
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.model import Application, Environment, Project, Segment, Settings
from segmentgen.core.tags import merge_tags
from segmentgen.review.describe import describe_segment

HISTORY_BASIS = "segment lines"  # git blame of the segment's lines in its spec file
DOMAIN_WORDS = "Customer Profiles domain"


@dataclass(frozen=True, slots=True)
class History:
    created: str | None = None  # author date of the first commit of the spec file (ISO 8601)
    changed: str | None = None  # author date of the last commit
    commits: int = 0
    uncommitted: bool = False
    note: str | None = None  # why there is no history

    def as_dict(self) -> dict[str, object]:
        return {"created": self.created, "last_changed": self.changed, "commits": self.commits,
                "uncommitted_changes": self.uncommitted, "basis": HISTORY_BASIS,
                "note": self.note}


@dataclass(slots=True)
class Details:
    data: dict[str, Any]
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def file_history(path: Path) -> History:
    """First and last commit dates of a file, following renames."""
    folder = path.parent if path.parent.is_dir() else Path(".")
    if _git(folder, "rev-parse", "--is-inside-work-tree") is None:
        return History(note="the specs are not in a git repository")
    log = _git(folder, "log", "--follow", "--format=%aI", "--", path.name)
    dates = (log or "").split()
    status = _git(folder, "status", "--porcelain", "--", path.name) or ""
    if not dates:
        return History(uncommitted=bool(status.strip()), note="the spec file is not committed")
    return History(dates[-1], dates[0], len(dates), bool(status.strip()))


def segment_history(path: Path, first: int, last: int) -> History:
    """When the segment on lines ``first``..``last`` of ``path`` was added and last changed."""
    folder = path.parent if path.parent.is_dir() else Path(".")
    if _git(folder, "rev-parse", "--is-inside-work-tree") is None:
        return History(note="the specs are not in a git repository")
    blame = _git(folder, "blame", "--porcelain", "-L", f"{first},{last}", "--", path.name)
    if blame is None:
        return History(note="the spec file is not committed")
    times: dict[str, str] = {}
    line_commits: list[str] = []
    current = ""
    for line in blame.splitlines():
        head = line.split(" ")
        if len(head[0]) == 40 and all(c in "0123456789abcdef" for c in head[0]):
            current = head[0]
            if len(head) >= 3:
                line_commits.append(current)
        elif line.startswith("author-time ") and current not in times:
            times[current] = line.split(" ", 1)[1]
    uncommitted = any(set(commit) == {"0"} for commit in line_commits)
    committed = [c for c in line_commits if set(c) != {"0"} and c in times]
    if not committed:
        return History(uncommitted=uncommitted, note="the segment is not committed yet")
    dates = {c: _iso(times[c]) for c in committed}
    key_line = line_commits[0]
    created = dates.get(key_line) if key_line in dates else min(dates.values())
    return History(created, max(dates.values()), len(set(committed)), uncommitted)


def _iso(epoch: str) -> str:
    return datetime.fromtimestamp(int(epoch), tz=UTC).isoformat()


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
    from segmentgen.plan.application import APPLICATION_STACK
    from segmentgen.plan.stacks import stack_name

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
                 history: bool = True) -> Details:
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
        "history": (segment_history(Path(segment.file), *_line_range(segment, project))
                    if history else History(note="not looked up")).as_dict(),
        "base_segment_of": sorted(s.key for s in project.segments if key in s.base_keys()),
        "retain": segment.retain,
    }
    diagnostics: list[Diagnostic] = []
    if segment.imported is not None:
        data["import"], found = _import_details(segment, records)
        diagnostics.extend(found)
    if endpoints is not None and as_of is not None and segment.imported is None:
        data["estimate"], found = _estimate(segment, project, endpoints, as_of)
        diagnostics.extend(found)
    return Details(data, diagnostics)


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
    lines += _history_lines(d["history"])
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
    if d["base_segment_of"]:
        lines.append(f"  base segment of: {', '.join(d['base_segment_of'])}")
    if d["retain"]:
        lines.append("  retained when removed from the stack: yes")
    if "estimate" in d:
        e = d["estimate"]
        lines.append(f"  endpoints: about {e['matched']} ({e['sendable']} sendable) of "
                     f"{e['endpoints']} in {e['file']}, as of {e['as_of']}")
    return "\n".join(lines) + "\n"


def _home_label(homes: list[str]) -> str:
    """``application``, ``domain`` (every home a Customer Profiles domain) or both."""
    domains = sum(DOMAIN_WORDS in home for home in homes)
    if not domains:
        return "application"
    return "domain" if domains == len(homes) else "application or domain"


def _line_range(segment: Segment, project: Project) -> tuple[int, int]:
    """The segment's lines: its key line up to the line before the next segment's key."""
    later = sorted(s.line for s in project.segments if s.file == segment.file
                   and s.line > segment.line)
    if later:
        return segment.line, later[0] - 1
    try:
        count = len(Path(segment.file).read_text("utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        count = segment.line
    return segment.line, max(count, segment.line)


def _history_lines(history: dict[str, Any]) -> list[str]:
    if history["created"] is None:
        note = history["note"] or "unknown"
        return [f"  created: unknown ({note})", "  last changed: unknown"]
    commits = history["commits"]
    lines = [f"  created: {history['created']} (the commit that added the segment's key)",
             f"  last changed: {history['last_changed']} (latest of {commits} "
             f"commit{'s' if commits != 1 else ''} in the segment's lines)"]
    if history["uncommitted_changes"]:
        lines.append("  uncommitted changes: the segment's lines have edits not yet committed")
    return lines
