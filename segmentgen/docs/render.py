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
from segmentgen.docs.collect import Catalog
from segmentgen.docs.graph import Picture, layout

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
    picture = layout(catalog.links, names, pages)
    files: dict[str, bytes] = {
        "index.html": _page(env, "index", "", catalog=catalog, rows=_rows(catalog)),
        "graph.html": _page(env, "graph", "", picture=picture, lines=_lines(picture, names)),
    }
    for segment in catalog.segments:
        files[segment["page"]] = _page(env, "segment", "../", segment=segment,
                                       catalog=catalog)
    for name in ASSETS:
        files[f"assets/{name}"] = (template_dir() / "docs" / "assets" / name).read_bytes()
    from segmentgen.plan.manifest import manifest_data

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


def _lines(picture: Picture, names: dict[str, str]) -> list[dict[str, Any]]:
    """The picture as text: each user with its base segments and environments."""
    return [{"base": edge.base, "user": edge.user, "environments": edge.environments,
             "base_name": names.get(edge.base, ""), "user_name": names.get(edge.user, ""),
             "base_page": _node_page(picture, edge.base),
             "user_page": _node_page(picture, edge.user)}
            for edge in sorted(picture.edges, key=lambda e: (e.user, e.base))]


def _node_page(picture: Picture, key: str) -> str:
    return next((node.page for node in picture.nodes if node.key == key), "")
