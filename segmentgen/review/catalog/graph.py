"""The base-segment picture: which segment uses which, grouped by environment and stack.

Input: the base-segment links of the compiled output (``review.users.base_links``:
environment, base key, user key) and, per (environment, key), where the segment is built
(``Place``: its stack, spec file and display name in that environment) with each key's
page. Output: a ``Picture`` of integer coordinates that ``templates/docs/graph.svg.j2``
draws: one labelled box per environment, inside it one labelled box per stack (one spec
file of that environment), the segments as boxes linking to their pages, and the links as
polylines from base to user, marked when base and user live in different stacks (an
``Fn::ImportValue`` across files).

Layout: grandalf's Sugiyama layout (pure Python, so the same bytes on every machine; no
Graphviz binary whose version decides the drawing) ranks each environment's segments in
layers, from base segments down to their users, and orders each layer to keep lines from
crossing. Each stack then takes a column of its own through every layer, so stack boxes
never overlap; environments stand one below the other in name order, stacks side by side
in name order. Segments without links are not drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Link = tuple[str, str, str]  # environment ('' without environments), base key, user key
DEFAULT_ENVIRONMENT = "(default)"
CHAR_WIDTH = 7  # px per character of the 12px label font, generously
NODE_HEIGHT = 44
PADDING = 12
XSPACE = 24  # between boxes of one layer
YSPACE = 48  # between layers
LABEL_HEIGHT = 24  # the label band at the top of an environment or stack box
CLUSTER_PAD = 10
LABEL_LIMIT = 40


@dataclass(frozen=True, slots=True)
class Place:
    """Where a segment is built in one environment."""

    stack: str
    file: str
    name: str


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    name: str
    page: str
    environment: str
    stack: str
    x: int  # left
    y: int  # top
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Edge:
    base: str
    user: str
    environment: str
    base_stack: str
    user_stack: str
    points: tuple[tuple[int, int], ...]

    @property
    def cross_stack(self) -> bool:
        return self.base_stack != self.user_stack


@dataclass(frozen=True, slots=True)
class Cluster:
    """A labelled box: ``kind`` is ``environment`` or ``stack``."""

    kind: str
    label: str
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Picture:
    width: int
    height: int
    clusters: tuple[Cluster, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def label(name: str) -> str:
    """A display name short enough for a box."""
    return name if len(name) <= LABEL_LIMIT else name[:LABEL_LIMIT - 1] + "…"


def environment_label(environment: str) -> str:
    return environment or DEFAULT_ENVIRONMENT


def stack_label(place: Place) -> str:
    return f"stack {place.stack} · {place.file}"


def edge_environments(links: Sequence[Link]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(base, user) -> the environments the link holds in, sorted."""
    found: dict[tuple[str, str], set[str]] = {}
    for environment, base, user in links:
        found.setdefault((base, user), set()).add(environment_label(environment))
    return {pair: tuple(sorted(envs)) for pair, envs in sorted(found.items())}


def layout(links: Sequence[Link], places: Mapping[tuple[str, str], Place],
           pages: Mapping[str, str]) -> Picture:
    """The picture of every link; empty (0 x 0) without links."""
    clusters: list[Cluster] = []
    nodes: list[Node] = []
    edges: list[Edge] = []
    top = PADDING
    for environment in sorted({link[0] for link in links}):
        pairs = sorted((base, user) for env, base, user in links if env == environment)
        part = _Environment(environment, pairs, places, pages)
        box = part.place(PADDING, top)
        clusters += [box, *part.stack_boxes]
        nodes += part.nodes
        edges += part.edges(pairs)
        top = box.y + box.height + PADDING
    if not nodes:
        return Picture(0, 0, (), (), ())
    width = max(box.x + box.width for box in clusters) + PADDING
    return Picture(width, top, tuple(clusters), tuple(nodes), tuple(edges))


def _width(key: str, name: str) -> int:
    return max(len(key), len(label(name)), 8) * CHAR_WIDTH + 2 * PADDING


def _ranks(keys: Sequence[str], pairs: Sequence[tuple[str, str]],
           widths: Mapping[str, int]) -> dict[str, tuple[int, int, float]]:
    """Per key: its layer, its connected part and its place in the layer (grandalf)."""
    from grandalf.graphs import Edge as GraphEdge
    from grandalf.graphs import Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    class View:
        def __init__(self, width: int) -> None:
            self.w, self.h = width, NODE_HEIGHT
            self.xy = (0.0, 0.0)

    vertices = {key: Vertex(key) for key in keys}
    for key, vertex in vertices.items():
        vertex.view = View(widths[key])
    graph = Graph(list(vertices.values()),
                  [GraphEdge(vertices[base], vertices[user]) for base, user in pairs])
    components = sorted(graph.C, key=lambda c: min(v.data for v in c.sV))
    found: dict[str, tuple[int, int, float]] = {}
    for number, component in enumerate(components):
        sugiyama = SugiyamaLayout(component)
        sugiyama.xspace, sugiyama.yspace = XSPACE, YSPACE
        sugiyama.init_all(roots=[v for v in component.sV if not v.e_in()] or None)
        sugiyama.draw()
        for vertex in component.sV:
            found[vertex.data] = (sugiyama.grx[vertex].rank, number, vertex.view.xy[0])
    return found


class _Environment:
    """One environment's box: its stacks as columns, its segments in grandalf's layers."""

    def __init__(self, environment: str, pairs: Sequence[tuple[str, str]],
                 places: Mapping[tuple[str, str], Place], pages: Mapping[str, str]) -> None:
        self.environment = environment
        keys = sorted({key for pair in pairs for key in pair})
        self.places = {key: places.get((environment, key), Place("", "", "")) for key in keys}
        self.pages = pages
        self.widths = {key: _width(key, self.places[key].name) for key in keys}
        self.ranks = _ranks(keys, pairs, self.widths)
        self.layers = max(rank for rank, _, _ in self.ranks.values()) + 1
        self.stacks = sorted({place.stack for place in self.places.values()})
        self.stack_boxes: list[Cluster] = []
        self.nodes: list[Node] = []
        self.boxes: dict[str, Node] = {}

    def rows(self, stack: str) -> list[list[str]]:
        """The stack's keys per layer, each layer in grandalf's order."""
        rows: list[list[str]] = [[] for _ in range(self.layers)]
        for key in sorted(self.places, key=lambda k: (self.ranks[k][1:], k)):
            if self.places[key].stack == stack:
                rows[self.ranks[key][0]].append(key)
        return rows

    def place(self, left: int, top: int) -> Cluster:
        """Give every stack and segment its coordinates; the environment's box."""
        inner = NODE_HEIGHT * self.layers + YSPACE * (self.layers - 1)
        stack_height = LABEL_HEIGHT + inner + CLUSTER_PAD
        x = left + CLUSTER_PAD
        y = top + LABEL_HEIGHT
        for stack in self.stacks:
            rows = self.rows(stack)
            place = self.places[next(k for row in rows for k in row)]
            row_widths = [sum(self.widths[k] for k in row) + XSPACE * (len(row) - 1)
                          for row in rows if row]
            title = stack_label(place)
            width = max(*row_widths, len(title) * CHAR_WIDTH) + 2 * CLUSTER_PAD
            self.stack_boxes.append(Cluster("stack", title, x, y, width, stack_height))
            for rank, row in enumerate(rows):
                row_width = sum(self.widths[k] for k in row) + XSPACE * (len(row) - 1)
                cursor = x + (width - row_width) // 2
                for key in row:
                    self._node(key, cursor, y + LABEL_HEIGHT + rank * (NODE_HEIGHT + YSPACE))
                    cursor += self.widths[key] + XSPACE
            x += width + CLUSTER_PAD
        title = f"environment {environment_label(self.environment)}"
        width = max(x - left, len(title) * CHAR_WIDTH + 2 * CLUSTER_PAD)
        return Cluster("environment", title, left, top, width,
                       LABEL_HEIGHT + stack_height + CLUSTER_PAD)

    def _node(self, key: str, x: int, y: int) -> None:
        place = self.places[key]
        node = Node(key, label(place.name), self.pages.get(key, ""), self.environment,
                    place.stack, x, y, self.widths[key], NODE_HEIGHT)
        self.boxes[key] = node
        self.nodes.append(node)

    def edges(self, pairs: Sequence[tuple[str, str]]) -> list[Edge]:
        """Each link from the bottom of the base's box to the top of the user's. The links
        into one box end side by side along its top, left to right as their bases stand,
        and each bends at its own height in the space above the user's layer."""
        incoming: dict[str, list[str]] = {}
        for base, user in pairs:
            incoming.setdefault(user, []).append(base)
        found = []
        for base, user in pairs:
            start, end = self.boxes[base], self.boxes[user]
            bases = sorted(incoming[user], key=lambda k: (self.boxes[k].x, k))
            lane, lanes = bases.index(base) + 1, len(bases) + 1
            x1, y1 = start.x + start.width // 2, start.y + start.height
            x2, y2 = end.x + end.width * lane // lanes, end.y
            middle = y2 - YSPACE * lane // lanes
            points = ((x1, y1), (x1, y2)) if abs(x1 - x2) < 4 and end.x < x1 < end.x + \
                end.width else ((x1, y1), (x1, middle), (x2, middle), (x2, y2))
            if middle <= y1:  # not drawn below its base: a straight line
                points = ((x1, y1), (x2, y2))
            found.append(Edge(base, user, self.environment, start.stack, end.stack, points))
        return found
