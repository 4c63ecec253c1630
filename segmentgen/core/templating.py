"""The one jinja2 environment every renderer uses.

Input: filters a renderer needs (name -> function). Output: a ``jinja2.Environment`` over
the project's ``templates/`` with ``StrictUndefined`` and ``keep_trailing_newline``, so a
missing value is an error and output ends as the template does. Escaping is explicit per
output language (each renderer passes its filter: HCL strings, markdown cells), never
automatic HTML escaping.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


def template_dir() -> Path:
    """``templates/`` beside the package in a checkout; the copy inside an installed wheel."""
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent / "templates"
    return checkout if checkout.is_dir() else package / "templates"


def environment(**filters: Callable[..., Any]) -> jinja2.Environment:
    """The environment with ``filters``; jinja2 is imported here, by the first renderer that
    runs (a build that writes no Sceptre or Terraform file never imports it)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(filters)
    return env
