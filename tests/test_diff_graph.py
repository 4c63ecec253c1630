"""The Mermaid graph of ``segmentgen diff --format markdown``: changed segments and the
segments that use them (transitively, across stacks), replaced ones marked, hostile names
escaped, safe node ids, and no graph when nothing changed."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from segmentgen import api
from segmentgen.review.diff import Summary, read_directory, summarize
from segmentgen.review.mermaid import escape_label, node_id
from segmentgen.review.render import markdown

NODE = re.compile(r'^    (seg_[A-Za-z0-9_]+)\["([^"]*)"\](:::\w+)?$')
EDGE = re.compile(r"^    (seg_[A-Za-z0-9_]+) --> (seg_[A-Za-z0-9_]+)$")


def write(folder: Path, files: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, body in files.items():
        (folder / name).write_text(body, "utf-8")


def build(root: Path) -> None:
    result = api.build(api.BuildOptions(root / "specs", root / "out", mode="write", lint=False))
    assert result.ok, result.diagnostics


def diff_markdown(root: Path) -> str:
    after = api.build(api.BuildOptions(root / "specs", root / "out", mode="check", lint=False))
    assert after.ok, after.diagnostics
    return markdown(summarize(read_directory(root / "out"), after.files, "out", "specs"))


def graph_lines(text: str) -> list[str]:
    start = text.index("```mermaid\n") + len("```mermaid\n")
    return text[start:text.index("\n```", start)].split("\n")


def nodes_and_edges(text: str) -> tuple[dict[str, tuple[str, str]], set[tuple[str, str]]]:
    nodes: dict[str, tuple[str, str]] = {}
    edges: set[tuple[str, str]] = set()
    for line in graph_lines(text)[1:]:
        node, edge = NODE.match(line), EDGE.match(line)
        if node:
            nodes[node[1]] = (node[2], node[3] or "")
        elif edge:
            edges.add((edge[1], edge[2]))
        else:
            assert line.startswith("    classDef "), line
    return nodes, edges


def segment(key: str, name: str, body: str) -> str:
    return f"  {key}:\n    name: {name}\n{body}"


def chain(application: str = "") -> dict[str, str]:
    app = f"    application: {application}\n" if application else ""
    first = (segment("root", "Root", app + "    where:\n      active: 7d\n")
             + segment("middle", "Middle", "    groups:\n      list:\n        - base: [root]\n")
             + segment("lone", "Lone", "    where:\n      country: [NO]\n"))
    other = segment("leaf", "Leaf", "    groups:\n      list:\n        - base: [middle]\n")
    return {"segments.yaml": f"segments:\n{first}", "other.yaml": f"segments:\n{other}"}


def test_users_of_a_replaced_base_appear_transitively(tmp_path: Path) -> None:
    write(tmp_path / "specs", chain())
    build(tmp_path)
    write(tmp_path / "specs", chain("0a1b2c3d"))
    text = diff_markdown(tmp_path)
    assert "\n### Changed segments and the segments that use them\n\n```mermaid\n" in text
    assert graph_lines(text)[0] == "flowchart LR"
    nodes, edges = nodes_and_edges(text)
    root, middle, leaf = node_id("", "root"), node_id("", "middle"), node_id("", "leaf")
    assert set(nodes) == {root, middle, leaf}
    assert nodes[root] == ("root: Root (REPLACES)", ":::replaced")
    assert nodes[middle][1] == nodes[leaf][1] == ":::user"
    assert "classDef replaced" in text
    # leaf lives in another stack: its base comes through Fn::ImportValue
    assert edges == {(root, middle), (middle, leaf)}
    assert diff_markdown(tmp_path) == text


def test_hostile_names_stay_inside_their_labels(tmp_path: Path) -> None:
    hostile = "'x\"]; evil[\"<b>#1</b>\"] --> y %% `a` {c} | & end'"
    write(tmp_path / "specs", chain())
    build(tmp_path)
    files = chain()
    files["segments.yaml"] = files["segments.yaml"].replace("name: Root", f"name: {hostile}")
    write(tmp_path / "specs", files)
    text = diff_markdown(tmp_path)
    nodes, edges = nodes_and_edges(text)
    assert len(nodes) == 3 and len(edges) == 2
    label = nodes[node_id("", "root")][0]
    assert not set(label.replace("#", "").replace(";", "")) & set('"[]<>{}|`%&')
    decoded = html.unescape(re.sub(r"#(\w+);", lambda m: _entity(m[1]), label))
    assert decoded == f"root: {hostile[1:-1]} (changed, renamed)"


def _entity(code: str) -> str:
    return f"&#{code};" if code.isdigit() else f"&{code};"


def test_escape_label_and_node_ids() -> None:
    assert escape_label('a "b" <c> #d; [e]') == "a #quot;b#quot; #lt;c#gt; #35;d#59; #91;e#93;"
    assert escape_label("two\nlines\u202e") == "two lines#8238;"
    ids = {node_id(env, key) for env in ("", "prod", "p rod") for key in ("a", "a b", "é\"]")}
    assert len(ids) == 9 and all(re.fullmatch(r"seg_[A-Za-z0-9_]+", i) for i in ids)
    assert node_id("prod", "a") == node_id("prod", "a") != node_id("prod", "a", "removed")


def test_no_graph_when_nothing_changed(tmp_path: Path) -> None:
    assert "mermaid" not in markdown(Summary("out", "specs", unchanged=3))
    write(tmp_path / "specs", chain())
    build(tmp_path)
    assert "mermaid" not in diff_markdown(tmp_path)
