"""Sceptre artifact: the text of a stack config and of the project config.

Input: the values of one config file as plain data (for a stack: ``stack_name``, the
``template`` path relative to ``sceptre/templates``, ``parameters``, ``stack_tags``,
``dependencies`` as paths relative to ``sceptre/config`` and ``capabilities``). Output: the
bytes of the YAML file. Sceptre renders every config file with Jinja2 before it parses the
YAML, so the file is written as a Jinja2 template whose output is exactly the YAML: every
``{`` that would open ``{{``, ``{%`` or ``{#`` is written as the expression ``{{ '{' }}``,
so no spec or settings text (``{{ environment_variable.HOME }}``, ``{% raw %}``) is evaluated
at deploy time. PyYAML writes line breaks inside values as escapes or LF, never a bare CR,
which Jinja2 would turn into LF.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

SCEPTRE_PROJECT = "segmentgen"
CONFIG_DIR = "sceptre/config"
TEMPLATES_DIR = "sceptre/templates"
PROJECT_CONFIG = f"{CONFIG_DIR}/config.yaml"
# A "{" that starts a Jinja2 variable, block or comment delimiter (Sceptre's defaults).
_DELIMITER_START = re.compile(r"\{(?=[{%#])")
_LITERAL_BRACE = "{{ '{' }}"


def jinja_literal(text: str) -> str:
    """Text that Jinja2 renders back to itself: delimiter-opening braces as expressions."""
    return _DELIMITER_START.sub(_LITERAL_BRACE, text)


def config_text(data: dict[str, Any]) -> bytes:
    """One Sceptre config file: YAML of ``data``, escaped for Sceptre's Jinja2 pass."""
    text = yaml.safe_dump(data, sort_keys=True, allow_unicode=True, default_flow_style=False)
    return jinja_literal(text).encode("utf-8")


def project_config(region: str, project_code: str | None = None) -> bytes:
    """The project config: the project's prefix (else ``segmentgen``) as its project code."""
    return config_text({"project_code": project_code or SCEPTRE_PROJECT, "region": region})
