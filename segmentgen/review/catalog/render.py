"""The site's files from a catalog: HTML pages, the picture, the script and the style.

Input: a ``collect.Catalog``. Output: path (relative to the site directory, POSIX) -> bytes:
``index.html``, ``graph.html`` (the SVG inline, and the same links as a list),
``segments/<key>.html``, ``assets/catalog.js`` and ``assets/style.css`` (copied from
``templates/docs/assets/``) and ``manifest.json``, the list of the files the site owns
(the manifest ``out/`` has, with no stacks). Templates are ``templates/docs/*.j2``,
rendered with HTML autoescaping and ``StrictUndefined``; the index's data for the script
is JSON made safe inside ``<script>`` (jinja2's ``tojson``). Every link is relative, so the
site works from a file system and under any URL prefix. Bytes are canonical: sorted data,
LF, no timestamps but git's dates.
"""

from __future__ import annotations

from typing import Any

import jinja2

from segmentgen.core.jsonfile import canonical_bytes
from segmentgen.core.templating import template_dir
from segmentgen.review.catalog.collect import Catalog
from segmentgen.review.catalog.graph import DEFAULT_ENVIRONMENT, edge_environments, layout

ASSETS = ("catalog.js", "style.css")
MANIFEST = "manifest.json"


def environment() -> jinja2.Environment:
    """jinja2 over ``templates/`` with HTML (and SVG) autoescaping."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
    )
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": True}
    return env


def render_site(catalog: Catalog) -> dict[str, bytes]:
    """Every file of the site, with its manifest."""
    env = environment()
    names = {segment["key"]: segment["name"] for segment in catalog.segments}
    pages = {segment["key"]: segment["page"] for segment in catalog.segments}
    picture = layout(catalog.links, catalog.places, pages)
    files: dict[str, bytes] = {
        "index.html": _page(env, "index", "", catalog=catalog, rows=_rows(catalog)),
        "graph.html": _page(env, "graph", "", picture=picture,
                            lines=_lines(catalog, names, pages)),
    }
    for segment in catalog.segments:
        files[segment["page"]] = _page(env, "segment", "../", segment=segment,
                                       catalog=catalog)
    for name in ASSETS:
        files[f"assets/{name}"] = (template_dir() / "docs" / "assets" / name).read_bytes()
    from segmentgen.compile.plan.manifest import manifest_data

    files[MANIFEST] = canonical_bytes(manifest_data([], files))
    return dict(sorted(files.items()))


def _page(env: jinja2.Environment, name: str, root: str, **data: Any) -> bytes:
    text = env.get_template(f"docs/{name}.html.j2").render(root=root, **data)
    return text.encode("utf-8")


def _rows(catalog: Catalog) -> list[dict[str, str]]:
    """What the index's script filters on: the words of each row, lower case."""
    return [{"key": s["key"], "text": " ".join([
        s["key"], s["name"], *s["targets"], *s["environments"], s["spec"]["file"],
        *s["tag_words"]]).casefold()} for s in catalog.segments]


def _lines(catalog: Catalog, names: dict[str, str],
           pages: dict[str, str]) -> list[dict[str, Any]]:
    """The picture as text: each user with its base segments, per environment whether
    the base is in the same stack or read from another stack (its spec file named)."""
    rows = []
    for (base, user), environments in sorted(edge_environments(catalog.links).items(),
                                             key=lambda item: (item[0][1], item[0][0])):
        where = []
        for environment in environments:
            env = "" if environment == DEFAULT_ENVIRONMENT else environment
            base_place = catalog.places.get((env, base))
            user_place = catalog.places.get((env, user))
            across = base_place is not None and user_place is not None and (
                base_place.stack != user_place.stack)
            where.append({"environment": environment,
                          "from": f"stack {base_place.stack} ({base_place.file})"
                          if across and base_place else ""})
        rows.append({"base": base, "user": user, "where": where,
                     "base_name": names.get(base, ""), "user_name": names.get(user, ""),
                     "base_page": pages.get(base, ""), "user_page": pages.get(user, "")})
    return rows
