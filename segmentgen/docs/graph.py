"""The base-segment picture: which segment uses which, laid out in layers.

Input: the base-segment links of the compiled output (``review.users.base_links``:
environment, base key, user key) and each key's display name and page. Output: a
``Picture`` of integer coordinates (nodes as boxes, edges as polylines from base to user)
that ``templates/docs/graph.svg.j2`` draws. Layout: grandalf's Sugiyama layout, pure
Python, so the picture is the same bytes on every machine (no Graphviz binary whose
version decides the drawing); each connected part is laid out on its own and the parts
stand side by side, ordered by their smallest key. Segments without links are not drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Link = tuple[str, str, str]  # environment ('' without environments), base key, user key
DEFAULT_ENVIRONMENT = "(default)"
CHAR_WIDTH = 7  # px per character of the 12px label font, generously
NODE_HEIGHT = 44
PADDING = 12
GAP = 40  # between connected parts
LABEL_LIMIT = 40


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    name: str
    page: str
    x: int  # left
    y: int  # top
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Edge:
    base: str
    user: str
    environments: tuple[str, ...]
    points: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Picture:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


class _View:
    """What grandalf reads and writes for a vertex (w, h, xy) or an edge (setpath)."""

    def __init__(self, width: int = 0, height: int = 0) -> None:
        self.w, self.h = width, height
        self.xy: tuple[float, float] = (0.0, 0.0)
        self.path: list[tuple[float, float]] = []

    def setpath(self, points: list[tuple[float, float]]) -> None:
        self.path = list(points)


def label(name: str) -> str:
    """A display name short enough for a box."""
    return name if len(name) <= LABEL_LIMIT else name[:LABEL_LIMIT - 1] + "…"


def edge_environments(links: Sequence[Link]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(base, user) -> the environments the link holds in, sorted."""
    found: dict[tuple[str, str], set[str]] = {}
    for environment, base, user in links:
        found.setdefault((base, user), set()).add(environment or DEFAULT_ENVIRONMENT)
    return {pair: tuple(sorted(envs)) for pair, envs in sorted(found.items())}


def layout(links: Sequence[Link], names: Mapping[str, str],
           pages: Mapping[str, str]) -> Picture:
    """The picture of every link; empty (0 x 0) without links."""
    pairs = edge_environments(links)
    keys = sorted({key for pair in pairs for key in pair})
    if not keys:
        return Picture(0, 0, (), ())
    views = {key: _View(_width(key, names.get(key, "")), NODE_HEIGHT) for key in keys}
    edge_views = {pair: _View() for pair in pairs}
    parts = _layout_parts(keys, pairs, views, edge_views)
    nodes: list[Node] = []
    edges: list[Edge] = []
    offset = 0
    for part_keys in parts:
        left = min(views[k].xy[0] - views[k].w / 2 for k in part_keys)
        top = min(views[k].xy[1] - views[k].h / 2 for k in part_keys)
        shift = (offset - left + PADDING, PADDING - top)
        for key in part_keys:
            view = views[key]
            nodes.append(Node(key, label(names.get(key, "")), pages.get(key, ""),
                              round(view.xy[0] - view.w / 2 + shift[0]),
                              round(view.xy[1] - view.h / 2 + shift[1]), view.w, view.h))
        for pair in (p for p in pairs if p[0] in part_keys):
            edges.append(Edge(pair[0], pair[1], pairs[pair],
                              _route(edge_views[pair], views[pair[0]], views[pair[1]], shift)))
        offset = max(node.x + node.width for node in nodes) + GAP - PADDING
    width = max(node.x + node.width for node in nodes) + PADDING
    height = max(node.y + node.height for node in nodes) + PADDING
    return Picture(width, height, tuple(sorted(nodes, key=lambda n: n.key)), tuple(edges))


def _width(key: str, name: str) -> int:
    return max(len(key), len(label(name)), 8) * CHAR_WIDTH + 2 * PADDING


def _layout_parts(keys: list[str], pairs: Mapping[tuple[str, str], Any],
                  views: Mapping[str, _View],
                  edge_views: Mapping[tuple[str, str], _View]) -> list[list[str]]:
    """Lay out each connected part with grandalf; the parts' keys, by their smallest key."""
    from grandalf.graphs import Edge as GraphEdge
    from grandalf.graphs import Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    vertices = {key: Vertex(key) for key in keys}
    for key, vertex in vertices.items():
        vertex.view = views[key]
    graph_edges = []
    for pair in pairs:
        edge = GraphEdge(vertices[pair[0]], vertices[pair[1]])
        edge.view = edge_views[pair]
        graph_edges.append(edge)
    graph = Graph(list(vertices.values()), graph_edges)
    parts = []
    for component in graph.C:
        sugiyama = SugiyamaLayout(component)
        sugiyama.xspace, sugiyama.yspace = 24, 48
        sugiyama.init_all(roots=[v for v in component.sV if not v.e_in()] or None)
        sugiyama.draw()
        parts.append(sorted(vertex.data for vertex in component.sV))
    return sorted(parts)


def _route(edge: _View, base: _View, user: _View,
           shift: tuple[float, float]) -> tuple[tuple[int, int], ...]:
    """The edge from the bottom of the base's box to the top of the user's, through the
    layout's bends."""
    points = [base.xy, *edge.path[1:-1], user.xy] if edge.path else [base.xy, user.xy]
    points[0] = (points[0][0], points[0][1] + base.h / 2)
    points[-1] = (points[-1][0], points[-1][1] - user.h / 2)
    return tuple((round(x + shift[0]), round(y + shift[1])) for x, y in points)
