"""Settings that become names in a template: application Parameters and Customer Profiles
domains.

Input: the settings data (``check_setting_names``, paths in ``segmentgen.yaml``), or the
segments of every file with the settings model (``check_parameter_clashes``). Output: SG223
for

- an application ``{parameter: NAME}`` whose NAME is no logical ID (letters and digits, 1 to
  255 characters): troposphere refuses to build the template;
- a ``domain:`` that is no Customer Profiles domain name (letters, digits, ``_`` and ``-``,
  1 to 64 characters): the deploy would fail (cfn-lint E3031, E3033);
- a Parameter NAME that is a logical ID segmentgen gives a part of a segment of the project
  (``<Key>Segment``, an imported segment's id Parameter ``<Key>SegmentId`` or its role
  ``<Key>ImportRole``): one template cannot hold two parts with one name (cfn-lint E3007, or
  a duplicate Parameter). The three names are reserved for every key, whether the part is in
  a template or not, so that using a segment as a base later never makes a setting invalid.
  It stands at the application in ``segmentgen.yaml`` and names the segment.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from segmentgen.compile import logical_id
from segmentgen.core import codes, model
from segmentgen.core.cfn_names import LOGICAL_ID, MAX_LOGICAL_ID, MAX_PROFILES_NAME, PROFILES_NAME
from segmentgen.core.diagnostics import Diagnostic, Finding

# The parts a segment can put into a template, by logical ID suffix.
SEGMENT_PARTS = {"Segment": "segment {key!r}",
                 "SegmentId": "the id Parameter of imported segment {key!r}",
                 "ImportRole": "the import role of imported segment {key!r}"}


def _places(data: Mapping[str, Any]) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    """The settings mapping and each environment's, with their paths."""
    yield (), data
    environments = data.get("environments")
    for name, env in (environments.items() if isinstance(environments, dict) else ()):
        if isinstance(env, dict):
            yield ("environments", name), env


def check_setting_names(data: Mapping[str, Any]) -> Iterator[Finding]:
    """SG223 for a Parameter name that is no logical ID and a domain that is no domain name."""
    for path, place in _places(data):
        application = place.get("application")
        name = application.get("parameter") if isinstance(application, dict) else None
        if isinstance(name, str) and not LOGICAL_ID.fullmatch(name):
            yield Finding((*path, "application", "parameter"), codes.SG223,
                          f"parameter name {name!r} is no CloudFormation logical ID",
                          f"use letters and digits only, 1 to {MAX_LOGICAL_ID} characters, "
                          "such as PinpointApplicationId")
        domain = place.get("domain")
        if isinstance(domain, str) and not PROFILES_NAME.fullmatch(domain):
            yield Finding((*path, "domain"), codes.SG223,
                          f"domain {domain!r} is no Customer Profiles domain name",
                          f"use letters, digits, '_' and '-', 1 to {MAX_PROFILES_NAME} "
                          "characters")


def check_parameter_clashes(keys: Sequence[str],
                            settings: model.Settings) -> Iterator[Diagnostic]:
    """SG223 at each application Parameter named like a part of a segment of ``keys``."""
    parts = {logical_id(key, suffix): what.format(key=key)
             for key in keys for suffix, what in SEGMENT_PARTS.items()}
    applications = [settings.application, *(env.application for env in settings.environments)]
    seen: set[tuple[int, int]] = set()
    for app in applications:
        if app.kind != "parameter" or app.value not in parts or (app.line, app.col) in seen:
            continue
        seen.add((app.line, app.col))
        yield Diagnostic(settings.file or "segmentgen.yaml", app.line, app.col, codes.SG223,
                         f"parameter name {app.value!r} is the logical ID segmentgen gives "
                         f"{parts[app.value]}", hint="give the "
                         "application Parameter another name, such as PinpointApplicationId")
