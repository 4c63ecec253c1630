"""A Customer Profiles segment definition's values against CloudFormation and the API.

Input: a plain-data value of ``AWS::CustomerProfiles::SegmentDefinition`` (``SegmentGroups``
or ``SegmentSort``), the name of its definition (``SegmentGroup``, ``SegmentSort``) and its
data path. Output: findings, each naming the source that decides: SG230 where CloudFormation's
registry schema (bundled with cfn-lint, read at run time) refuses the value; SG233 where only
that schema refuses it, so the API accepts it but CloudFormation cannot deploy it
(``LIST_CONTAINS``); SG236 where the schema accepts what the API refuses (an attribute name
over 255 characters, a sort attribute name over 64). The API's rules are botocore's model as
``validate.profiles_api`` wrote them; one walker reads both schemas: types, required members,
enums (with did-you-mean), lengths, patterns, item counts, map keys, one-member unions.
Intrinsic functions (``{"Ref": ...}``, ``{"Fn::...": ...}``) are left unchecked.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from segmentgen.core import codes
from segmentgen.core import vocabulary as v
from segmentgen.core.diagnostics import Finding, Path

RESOURCE_TYPE = "AWS::CustomerProfiles::SegmentDefinition"
CFN = "CloudFormation's schema"
API = "the Customer Profiles API"
Schema = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Violation:
    """One rule of one schema broken by the value at ``path``; ``rule`` is comparable
    across the two schemas (``enum``, ``maxLength``, ``key-pattern``, ``required:Values``)."""

    path: Path
    rule: str
    message: str
    hint: str
    at_key: bool = False


def cfn_schema() -> Schema:
    """cfn-lint's registry schema of ``AWS::CustomerProfiles::SegmentDefinition``."""
    from segmentgen.review.create_only import resource_schema

    schema = resource_schema(RESOURCE_TYPE)
    if schema is None:  # pragma: no cover - cfn-lint is a dependency
        raise RuntimeError(f"cfn-lint has no schema of {RESOURCE_TYPE}")
    return schema


def api_schema() -> Schema:
    from segmentgen.validate.profiles_api import api_schema as read

    return read()


def intrinsic(data: object) -> bool:
    """A CloudFormation intrinsic function, which only CloudFormation resolves."""
    if not isinstance(data, Mapping) or len(data) != 1:
        return False
    key = next(iter(data))
    return isinstance(key, str) and (key == "Ref" or key.startswith("Fn::"))


_TYPES = {"string": "a string", "integer": "a whole number", "number": "a number",
          "boolean": "true or false", "array": "a list", "object": "a mapping"}


def _is(data: object, expected: str) -> bool:
    if expected == "string":
        return isinstance(data, str)
    if expected in ("integer", "number"):
        wanted = int if expected == "integer" else int | float
        return isinstance(data, wanted) and not isinstance(data, bool)
    if expected == "boolean":
        return isinstance(data, bool)
    if expected == "array":
        return isinstance(data, list)
    return isinstance(data, Mapping)


def _kind(data: object) -> str:
    for name in ("boolean", "integer", "number", "string", "array", "object"):
        if _is(data, name):
            return _TYPES[name]
    return "empty"


def _label(path: Path) -> str:
    """What the value at ``path`` is called: its member name, or 'a <list> value'."""
    if not path:
        return "the value"
    if isinstance(path[-1], int):
        return f"a value of {_label(path[:-1])}"
    return repr(path[-1])


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _pattern_ok(pattern: str, value: str) -> bool:
    import re

    # JSON Schema's '$' is the end of the text; Python's also matches before a final newline
    return re.search(pattern.replace("$", r"\Z"), value) is not None


class Walker:
    """Yields the violations of one schema's definitions by one value."""

    def __init__(self, schema: Schema) -> None:
        self.definitions: Mapping[str, Schema] = schema["definitions"]

    def walk(self, node: Schema, data: object, path: Path) -> Iterator[Violation]:
        name = ""
        while "$ref" in node:
            name = str(node["$ref"]).rsplit("/", 1)[-1]
            node = {**self.definitions[name], **{k: v for k, v in node.items() if k != "$ref"}}
        if intrinsic(data):
            return
        if "oneOf" in node:
            yield from self._union({key: alternative for alternative in node["oneOf"]
                                    for key, alternative in alternative["properties"].items()},
                                   data, path)
            return
        expected = node.get("type")
        if isinstance(expected, str) and not _is(data, expected):
            yield Violation(path, "type", f"{_label(path)} is {_kind(data)}, not "
                            f"{_TYPES.get(expected, expected)}", _type_hint(expected, data))
            return
        if "enum" in node and data not in node["enum"]:
            label = _label(path).strip("'")
            yield Violation(path, "enum", f"{data!r} is not a valid {label}",
                            v.choice_hint(data, node["enum"],
                                          _ENUM_WORDS.get(name, f"{label} takes")))
        if isinstance(data, str):
            yield from _text(node, data, path)
        elif isinstance(data, int) and not isinstance(data, bool):
            yield from _bounds(node, data, path)
        elif isinstance(data, list):
            yield from self._items(node, data, path)
        elif isinstance(data, Mapping):
            yield from self._object(node, data, path)

    def _items(self, node: Schema, data: list[Any], path: Path) -> Iterator[Violation]:
        least, most = node.get("minItems"), node.get("maxItems")
        if isinstance(least, int) and len(data) < least:
            yield Violation(path, "minItems", f"{_label(path)} has {len(data)} items; at least "
                            f"{least}", "add a value" if least == 1 else f"give {least} values")
        if isinstance(most, int) and len(data) > most:
            yield Violation(path, "maxItems", f"{_label(path)} has {len(data)} items; at most "
                            f"{most}", "split the values over several dimensions, or use "
                            "fewer" if most > 1 else "give one value")
        if "items" in node:
            for index, item in enumerate(data):
                yield from self.walk(node["items"], item, (*path, index))

    def _object(self, node: Schema, data: Mapping[str, Any], path: Path) -> Iterator[Violation]:
        properties: Mapping[str, Schema] = node.get("properties", {})
        required = [name for name in node.get("required", ()) if name not in data]
        for name in required:
            yield Violation(path, f"required:{name}", f"{name!r} is missing",
                            f"{_label(path)} needs {', '.join(node['required'])}")
        if node.get("x-union"):
            yield from self._union(properties, data, path)
            return
        for key, value in data.items():
            yield from self._member(node, properties, key, value, (*path, key))

    def _member(self, node: Schema, properties: Mapping[str, Schema], key: str, value: object,
                here: Path) -> Iterator[Violation]:
        patterns: Mapping[str, Schema] = node.get("patternProperties", {})
        extra = node.get("additionalProperties", True)
        if key in properties:
            yield from self.walk(properties[key], value, here)
        elif patterns:
            matched = [p for p in patterns if isinstance(key, str) and _pattern_ok(p, key)]
            if matched:
                yield from self.walk(patterns[matched[0]], value, here)
            else:
                pattern = next(iter(patterns))
                yield Violation(here, "key-pattern", f"name {key!r} does not match {pattern}",
                                "names start with a letter or '_' and hold letters, digits, "
                                "'_' and '-'", at_key=True)
                yield from self.walk(patterns[pattern], value, here)
        elif "propertyNames" in node:
            for found in self.walk(node["propertyNames"], key, (*here[:-1], "name")):
                yield Violation(here, f"key-{found.rule}", found.message, found.hint,
                                at_key=True)
            if isinstance(extra, Mapping):
                yield from self.walk(extra, value, here)
        elif extra is False:
            yield Violation(here, "unknown", f"unknown key {key!r}",
                            _key_hint(key, list(properties), "the keys here are"),
                            at_key=True)
        elif isinstance(extra, Mapping):
            yield from self.walk(extra, value, here)

    def _union(self, members: Mapping[str, Schema], data: object,
               path: Path) -> Iterator[Violation]:
        if not isinstance(data, Mapping):
            yield Violation(path, "type", f"{_label(path)} is {_kind(data)}, not a mapping",
                            _type_hint("object", data))
            return
        present = [key for key in data if key in members]
        for key in data:
            if key not in members:
                yield Violation((*path, key), "unknown", f"unknown key {key!r}",
                                _key_hint(key, list(members), "a dimension holds"),
                                at_key=True)
        if len(present) > 1 or (not present and all(key in members for key in data)):
            yield Violation(path, "union", f"a dimension holds exactly one of "
                            f"{' or '.join(sorted(members))}, found {len(present) or 'none'}",
                            "put each criterion in a dimension of its own")
        for key in present:
            yield from self.walk(members[key], data[key], (*path, key))


_ENUM_WORDS = {"StringDimensionType": "string dimensions take",
               "DateDimensionType": "date dimensions (BirthDate) take",
               "AttributeDimensionType": "custom and calculated attributes take",
               "ProfileTypeDimensionType": "ProfileType takes"}


def _key_hint(key: object, keys: list[str], what: str) -> str:
    near = difflib.get_close_matches(str(key), keys, n=1, cutoff=0.6)
    return (f"did you mean {near[0]!r}? " if near else "") + f"{what}: {', '.join(keys)}"


def _type_hint(expected: str, data: object) -> str:
    if expected == "string" and isinstance(data, int | float | bool):
        return f'quote it: "{str(data).lower() if isinstance(data, bool) else data}"'
    if expected == "array":
        return "write a list, such as [value]"
    if expected == "object":
        return "write a mapping of names to values"
    return f"write {_TYPES.get(expected, expected)}"


def _text(node: Schema, data: str, path: Path) -> Iterator[Violation]:
    least, most, pattern = node.get("minLength"), node.get("maxLength"), node.get("pattern")
    if isinstance(least, int) and len(data) < least:
        yield Violation(path, "minLength", f"{_label(path)} is empty" if not data else
                        f"{_label(path)} {_short(data)} is shorter than {least} characters",
                        "write a value, or remove it")
    if isinstance(most, int) and len(data) > most:
        yield Violation(path, "maxLength", f"{_label(path)} {_short(data)} has {len(data)} "
                        f"characters; at most {most}", "shorten it")
    if isinstance(pattern, str) and not _pattern_ok(pattern, data):
        yield Violation(path, "pattern", f"{_label(path)} {_short(data)} does not match "
                        f"{pattern}", f"write it to match {pattern}")


def _bounds(node: Schema, data: int, path: Path) -> Iterator[Violation]:
    least, most = node.get("minimum"), node.get("maximum")
    if (isinstance(least, int) and data < least) or (isinstance(most, int) and data > most):
        yield Violation(path, "range", f"{_label(path)} {data} is outside {least}..{most}",
                        f"write a whole number from {least} to {most}")


def violations(schema: Schema, definition: str, data: object,
               path: Path) -> dict[tuple[Path, str], Violation]:
    """Each violation of ``schema``'s ``definition`` by ``data``, by (path, rule)."""
    walker = Walker(schema)
    node = {"$ref": f"#/definitions/{definition}"}
    return {(found.path, found.rule): found for found in walker.walk(node, data, path)}


def check_value(definition: str, data: object, path: Path) -> Iterator[Finding]:
    """SG230, SG233 and SG236 for ``data`` as the ``definition`` of both schemas, in the
    order the schema walk met them."""
    cfn = violations(cfn_schema(), definition, data, path)
    api = violations(api_schema(), definition, data, path)
    for key, found in cfn.items():
        other = api.get(key)
        if other is None:
            yield Finding(found.path, codes.SG233, f"{found.message} for CloudFormation: "
                          "accepted by the API but not deployable through CloudFormation "
                          f"({CFN} decides what can be deployed)", found.hint,
                          at_key=found.at_key)
        elif other.message == found.message:
            yield Finding(found.path, codes.SG230, f"{found.message} ({CFN} and {API})",
                          found.hint, at_key=found.at_key)
        else:
            yield Finding(found.path, codes.SG230, f"{other.message} ({API}; {CFN}: "
                          f"{found.message})", other.hint, at_key=found.at_key)
    for key, found in api.items():
        if key not in cfn:
            yield Finding(found.path, codes.SG236, f"{found.message}: {CFN} accepts it, but "
                          f"{API} refuses it (botocore's model decides what the service "
                          "accepts)", found.hint, at_key=found.at_key)
