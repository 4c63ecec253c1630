"""The migrate command's edit: Pinpoint-form segments rewritten as Customer Profiles specs.

Input: the specs directory, the segment keys to migrate (none: every Pinpoint-form segment)
and the environment whose settings decide (``--env``; default: the first). Output: a
``Migration``: the ``Edit`` of the changed spec files (validated with the whole project,
not written; None when nothing changes), the keys rewritten and kept, and diagnostics.

A segment is rewritten when everything it says has an honest equivalent
(``assess``) and its text can be rewritten in place (``text``); otherwise it stays in
Pinpoint form with the reasons (SG301, SG305, SG306, SG707, SG708), and the others are still
rewritten. Base segments and the segments that use them move together: a segment whose
Pinpoint-form base stays, or a base a staying segment uses, stays too (SG309). The
rewritten tree is validated like ``build`` reads it before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from segmentgen.api import display_path, load_project
from segmentgen.compile import CompileContext
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Finding, Severity, has_errors, missing_key
from segmentgen.core.diagnostics import Path as DataPath
from segmentgen.core.model import Project, Segment, Settings
from segmentgen.lifecycle.spec_edit import Edit, problem, unreadable_specs, validate_edit
from segmentgen.migrate.assess import Assessment, assess, is_pinpoint_form
from segmentgen.migrate.high_level import Form, Unwritable, build_form
from segmentgen.migrate.text import Refusal, rewrite


@dataclass(slots=True)
class Migration:
    edit: Edit | None = None
    migrated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    before: dict[Path, str] = field(default_factory=dict)  # old texts, for --diff


def _diagnostic(segment: Segment, finding: Finding) -> Diagnostic:
    if segment.locator is not None:
        return segment.locator.diagnostic(finding)
    return Diagnostic(segment.file, segment.line, 1, finding.code, finding.message,
                      finding.severity, finding.hint)


def _context(project: Project, env: str | None,
             specs_dir: Path) -> CompileContext | Diagnostic:
    from segmentgen.compile.plan.stacks import environments

    settings: Settings = project.settings
    envs = environments(settings, env)
    if not envs:
        return problem(specs_dir, codes.SG702, f"no environment named {env!r}",
                       "pass one of the environments of segmentgen.yaml to --env")
    formats = {e.country_format or settings.country_format for e in envs}
    if env is None and len(formats) > 1:
        shown = ", ".join(sorted(str(f) for f in formats))
        return problem(Path(settings.file or specs_dir), codes.SG709,
                       f"the environments set different country_format values ({shown}); a "
                       "spec is written once for all of them", "pass --env to say whose "
                       "convention the specs take, or set one country_format for the project")
    return CompileContext(envs[0], settings)


def migrate_segments(specs_dir: Path, keys: Sequence[str], env: str | None) -> Migration:
    """Rewrite ``keys`` (every Pinpoint-form segment when empty); validated, not written."""
    refused = unreadable_specs(specs_dir)
    if refused is not None:
        return Migration(diagnostics=refused.diagnostics)
    project, diagnostics, _ = load_project(specs_dir)
    if project is None or has_errors(diagnostics):
        return Migration(diagnostics=list(diagnostics))
    context = _context(project, env, specs_dir)
    if isinstance(context, Diagnostic):
        return Migration(diagnostics=[context])
    migration = Migration()
    wanted = _wanted(project, keys, specs_dir, migration)
    assessments = {a.segment.key: a for a in assess(project.segments, context)}
    forms = _forms([assessments[key] for key in wanted if key in assessments], migration)
    _keep_bases_together(project, forms, migration)
    _write(specs_dir, project, forms, migration)
    return migration


def _wanted(project: Project, keys: Sequence[str], specs_dir: Path,
            migration: Migration) -> list[str]:
    by_key = project.by_key()
    if not keys:
        return [s.key for s in project.segments if is_pinpoint_form(s)]
    wanted = []
    for key in dict.fromkeys(keys):
        segment = by_key.get(key)
        if segment is None:
            migration.diagnostics.append(missing_key(key, by_key, display_path(specs_dir)))
        elif not is_pinpoint_form(segment):
            migration.diagnostics.append(Diagnostic(
                segment.file, segment.line, 1, codes.SG706, f"segment {key!r} is already "
                "written for Customer Profiles", Severity.NOTICE, "nothing to migrate"))
        else:
            wanted.append(key)
    return wanted


def _forms(assessments: list[Assessment], migration: Migration) -> dict[str, tuple[Segment, Form]]:
    forms: dict[str, tuple[Segment, Form]] = {}
    for item in assessments:
        segment = item.segment
        found = [_diagnostic(segment, f) for f in (*item.blocking, *item.caveats)]
        if segment.examples and not item.blocked:
            found.append(Diagnostic(
                segment.file, segment.line, 1, codes.SG707, f"segment {segment.key!r} has "
                "examples: endpoint objects, which a Customer Profiles segment does not test",
                Severity.ERROR, "rewrite the examples as profile objects or remove them, then "
                "run segmentgen migrate again"))
        migration.diagnostics.extend(found)
        if item.blocked or segment.examples:
            migration.kept.append(segment.key)
            continue
        try:
            forms[segment.key] = (segment, build_form(item))
        except Unwritable as error:
            migration.kept.append(segment.key)
            migration.diagnostics.append(_diagnostic(segment, Finding(
                error.path, codes.SG708, str(error), "give the criteria distinct profile "
                "attributes in attribute_map")))
    return forms


def _keep_bases_together(project: Project, forms: dict[str, tuple[Segment, Form]],
                         migration: Migration) -> None:
    """Keep in Pinpoint form a segment whose base stays there, and a base that a segment
    staying there uses, until no such pair is left."""
    by_key = project.by_key()
    changed = True
    while changed:
        changed = False
        for segment in project.segments:
            for key in segment.base_keys():
                base = by_key.get(key)
                if base is None:
                    continue
                if segment.key in forms and _stays_pinpoint(base, forms):
                    _stay(forms, migration, segment, key)
                elif key in forms and _stays_pinpoint(segment, forms):
                    _stay(forms, migration, base, segment.key)
                else:
                    continue
                changed = True


def _stays_pinpoint(segment: Segment, forms: dict[str, tuple[Segment, Form]]) -> bool:
    return is_pinpoint_form(segment) and segment.key not in forms


def _stay(forms: dict[str, tuple[Segment, Form]], migration: Migration, segment: Segment,
          other: str) -> None:
    forms.pop(segment.key, None)
    migration.kept.append(segment.key)
    migration.diagnostics.append(Diagnostic(
        segment.file, segment.line, 1, codes.SG309, f"segment {segment.key!r} stays in "
        f"Pinpoint form: it and segment {other!r}, one a base segment of the other, would end "
        "up on different targets", Severity.ERROR,
        f"migrate them together (segmentgen migrate {segment.key} {other}) once both can be"))


def _write(specs_dir: Path, project: Project, forms: dict[str, tuple[Segment, Form]],
           migration: Migration) -> None:
    by_file: dict[str, list[tuple[Segment, Form]]] = {}
    for segment, form in forms.values():
        by_file.setdefault(segment.file, []).append((segment, form))
    texts: list[tuple[Path, str]] = []
    for file, items in sorted(by_file.items()):
        path = Path(file)
        text = path.read_text("utf-8")
        migration.before[path] = text
        for segment, form in sorted(items, key=lambda pair: -pair[0].line):
            try:
                text = rewrite(text, segment.key, form, _line_of(segment))
            except Refusal as error:
                migration.kept.append(segment.key)
                migration.diagnostics.append(Diagnostic(
                    segment.file, segment.line, 1, codes.SG708, f"segment {segment.key!r}: "
                    f"{error}", Severity.ERROR, "write the segment as a block mapping"))
                continue
            migration.migrated.append(segment.key)
        texts.append((path, text))
    changed = [(path, text) for path, text in texts if text != migration.before[path]]
    if changed:
        (first, text), *more = changed
        migration.edit = validate_edit(specs_dir, first, text, more)
    migration.migrated.sort()
    migration.kept = sorted(set(migration.kept))


def _line_of(segment: Segment) -> Callable[[DataPath], int]:
    def line(path: DataPath) -> int:
        return segment.locator.position(path)[0] if segment.locator is not None else 0

    return line
