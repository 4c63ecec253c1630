"""How deploy tools read the artifacts, for the tests: each function evaluates a file the way
its consumer does and returns plain data.

- ``sceptre_config``: Sceptre's config reader (sceptre/config/reader.py, ``_render``): a Jinja2
  environment with Sceptre's defaults (autoescape off for ``.yaml``, ``StrictUndefined``),
  rendered with ``var``, ``command_path`` and ``environment_variable``, then ``yaml.safe_load``.
- ``hcl_document``: python-hcl2's parse, refusing any interpolation (``${``) or directive
  (``%{``) in the parse tree, with every quoted string decoded as HCL does
  (hclsyntax ``ParseStringLiteralToken``: ``\\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN``,
  ``$${`` and ``%%{``).
- ``markdown_text``: the text CommonMark makes of inline markdown: backslash escapes of ASCII
  punctuation and the entities ``&amp; &lt; &gt; &quot;``; any character that would start
  markup (emphasis, code, links, HTML, table cells) unescaped is an error.
"""

from __future__ import annotations

import re
import string
from typing import Any

import hcl2
import jinja2
import yaml
from lark import Tree

ENVIRONMENT_VARIABLES = {"HOME": "/home/deployer", "USER": "deployer"}
_HCL_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([nrt"\\]))|\$\$\{|%%\{'
                         r"|\$\{|%\{|\\")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}
_MARKUP = set("\\`*_[]<>|&")


def sceptre_config(text: str, name: str = "stack.yaml") -> Any:
    environment = jinja2.Environment(
        autoescape=jinja2.select_autoescape(disabled_extensions=("yaml",), default=True),
        loader=jinja2.DictLoader({name: text}),
        undefined=jinja2.StrictUndefined,
    )
    rendered = environment.get_template(name).render(
        {"var": {}, "project_code": "segmentgen"}, command_path=["prod"],
        environment_variable=ENVIRONMENT_VARIABLES)
    return yaml.safe_load(rendered)


def hcl_literal(token: str) -> str:
    """The value of one quoted HCL string as written (quotes included)."""
    assert token[0] == token[-1] == '"' and len(token) >= 2, token

    def one(match: re.Match[str]) -> str:
        text = match.group(0)
        if match.group(1) or match.group(2):
            return chr(int(match.group(1) or match.group(2), 16))
        if match.group(3):
            return _SIMPLE[match.group(3)]
        if text in ("$${", "%%{"):
            return text[1:]
        raise AssertionError(f"HCL evaluates {text!r} in {token!r}")

    return _HCL_ESCAPE.sub(one, token[1:-1])


def _templates(tree: Tree[Any]) -> list[str]:
    return [node.data for node in tree.iter_subtrees()
            if "interpolation" in str(node.data) or "template" in str(node.data)]


def _decoded(node: Any) -> Any:
    if isinstance(node, dict):
        return {_decoded(key): _decoded(value) for key, value in node.items()
                if key != "__is_block__"}
    if isinstance(node, list):
        return [_decoded(item) for item in node]
    if isinstance(node, str) and len(node) >= 2 and node[0] == node[-1] == '"':
        return hcl_literal(node)
    return node


def hcl_document(text: str) -> Any:
    """The document as Terraform reads it; no string may interpolate or hold a directive."""
    assert _templates(hcl2.parses_to_tree(text)) == []
    return _decoded(hcl2.loads(text))


def markdown_text(inline: str) -> str:
    out, index = [], 0
    while index < len(inline):
        character = inline[index]
        if character == "\\" and index + 1 < len(inline) and \
                inline[index + 1] in string.punctuation:
            out.append(inline[index + 1])
            index += 2
            continue
        entity = next((e for e in _ENTITIES if inline.startswith(e, index)), None)
        if entity is not None:
            out.append(_ENTITIES[entity])
            index += len(entity)
            continue
        assert character not in _MARKUP, f"unescaped {character!r} in {inline!r}"
        out.append(character)
        index += 1
    return "".join(out)
