"""Shape checking: plain data against a shape from ``shapes.SHAPES``.

Input: data, a shape and the data path of the data. Output: findings SG201 (unknown key),
SG202 (missing key), SG203 (wrong type), SG204 (value not allowed), SG212 (a number too large
to hold: past a float's range, or an integer past the API's 32 bits), SG221 (empty).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.vocabulary import KEY_NEAR_MISSES, MAX_INTEGER, closest
from segmentgen.validate.shapes import (
    SHAPES,
    Enum,
    ListOf,
    MapOf,
    Obj,
    Ref,
    Scalar,
    Shape,
    Union,
)

_WRITE_HINTS = {"string": "write text, quoted if it could read as something else",
                "number": "write a number such as 75 or 0.5",
                "integer": "write a whole number such as 3",
                "boolean": "write true or false",
                "scalar": "write text or a number"}
_TYPE_NAMES = {"string": "a string", "number": "a number", "integer": "a whole number",
               "boolean": "true or false", "scalar": "text or a number"}


def resolve(shape: Shape) -> Shape:
    while isinstance(shape, Ref):
        shape = SHAPES[shape.name]
    return shape


def type_name(data: object) -> str:
    if isinstance(data, bool):
        return "a boolean"
    if isinstance(data, int | float):
        return "a number"
    if isinstance(data, str):
        return "a string"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "a mapping"
    return "empty (null)"


def check(data: object, shape: Shape, path: Path) -> Iterator[Finding]:
    shape = resolve(shape)
    if isinstance(shape, Scalar):
        yield from _scalar(data, shape, path)
    elif isinstance(shape, Enum):
        yield from _enum(data, shape, path)
    elif isinstance(shape, Obj):
        yield from _object(data, shape, path)
    elif isinstance(shape, MapOf):
        yield from _map(data, shape, path)
    elif isinstance(shape, ListOf):
        yield from _list(data, shape, path)
    else:
        assert isinstance(shape, Union)
        yield from _union(data, shape, path)


def fits(data: object, shape: Shape) -> bool:
    """Whether data has the YAML type the shape asks for (not whether it is valid)."""
    shape = resolve(shape)
    if isinstance(shape, Obj | MapOf):
        return isinstance(data, dict)
    if isinstance(shape, ListOf):
        return isinstance(data, list)
    if isinstance(shape, Union):
        return any(fits(data, option) for option in shape.options)
    return data is not None and not isinstance(data, dict | list)


def _scalar(data: object, shape: Scalar, path: Path) -> Iterator[Finding]:
    ok = {
        "string": isinstance(data, str),
        "number": isinstance(data, int | float) and not isinstance(data, bool),
        "integer": isinstance(data, int) and not isinstance(data, bool),
        "boolean": isinstance(data, bool),
        "scalar": isinstance(data, str | int | float) and not isinstance(data, bool),
    }[shape.kind]
    if ok:
        yield from _magnitude(data, shape, path)
        return
    hint = _WRITE_HINTS[shape.kind]
    if shape.kind == "string" and isinstance(data, bool):
        hint = f"quote it if you mean the text: '{str(data).lower()}'"
    elif shape.kind == "string" and isinstance(data, int | float):
        hint = "quote the value to keep it as written, for example '1.10'"
    elif shape.kind in ("number", "integer") and isinstance(data, str):
        hint = "write the number without quotes"
    expected = _TYPE_NAMES[shape.kind]
    yield Finding(path, codes.SG203, f"expected {expected}, found {type_name(data)}", hint)


def _magnitude(data: object, shape: Scalar, path: Path) -> Iterator[Finding]:
    """A whole number too large for what reads it: a float (numbers) or 32 bits (integers)."""
    if not isinstance(data, int) or isinstance(data, bool):
        return
    if shape.kind == "integer" and abs(data) > MAX_INTEGER:
        yield Finding(path, codes.SG212, f"number {_digits(data)} is too large",
                      f"whole numbers here are at most {MAX_INTEGER}")
    elif shape.kind == "number" and not _fits_float(data):
        yield Finding(path, codes.SG212, f"number {_digits(data)} is too large",
                      "numbers are at most about 1.8e308; write a plain number such as 75")


def _fits_float(number: int) -> bool:
    try:
        float(number)
    except OverflowError:
        return False
    return True


def _digits(number: int) -> str:
    """A long whole number cut short for a message: its first digits and how many."""
    try:
        text = str(number)
    except ValueError:  # past Python's limit for int to text
        return "of thousands of digits"
    if len(text) <= 20:
        return text
    return f"{text[:10]}… ({len(text.lstrip('-'))} digits)"


def _enum(data: object, shape: Enum, path: Path) -> Iterator[Finding]:
    allowed = shape.values
    if isinstance(data, str) and (
        data in allowed
        or (shape.ignore_case and data.casefold() in {a.casefold() for a in allowed})
    ):
        return
    listing = f"{shape.what}: {', '.join(allowed)}"
    if not isinstance(data, str):
        found = f"expected one of {', '.join(allowed)}, found {type_name(data)}"
        yield Finding(path, codes.SG203, found, listing)
        return
    guess = closest(data, [value.upper() for value in allowed])
    hint = listing
    if guess is not None:
        hint = f"did you mean {allowed[[a.upper() for a in allowed].index(guess)]!r}? {listing}"
    note = shape.notes.get(data.strip().upper())
    if note:
        hint = f"{hint}; {note}"
    field = f"{path[-1]} " if path and isinstance(path[-1], str) else ""
    yield Finding(path, codes.SG204, f"{field}{data!r} is not allowed", hint)


def _object(data: object, shape: Obj, path: Path) -> Iterator[Finding]:
    if not isinstance(data, dict):
        yield _wrong_container(data, shape.what, "a mapping", path, shape.example)
        return
    if any(key in data for key in shape.foreign):
        yield Finding(path, codes.SG203, f"{_label(path, shape.what)}: {shape.foreign_message}",
                      f"for example {shape.example}")
        return
    unknown = [key for key in data if key not in shape.members]
    for key in unknown:
        yield _unknown_key(key, shape, path)
    if shape.exactly_one:
        known = [key for key in data if key in shape.members]
        if len(known) > 1 or not (known or unknown):
            names = ", ".join(shape.members)
            message = (f"{shape.what} names exactly one of {names}; found "
                       f"{len(known) if known else 'none'}")
            yield Finding(path, codes.SG222 if known else codes.SG202, message,
                          f"for example {shape.example}" if shape.example else None)
    for name, member in shape.members.items():
        if name in data:
            yield from check(data[name], member.shape, (*path, name))
        elif member.required and not any(_meant(key, shape) == name for key in unknown):
            yield Finding(path, codes.SG202, f"{_label(path, shape.what)} needs {name!r}",
                          f"for example {shape.example}" if shape.example
                          else f"add {name}: ...", at_key=True)


def _label(path: Path, what: str) -> str:
    """What the user wrote, by its key where there is one: "'plan'", else the shape's name."""
    if path and isinstance(path[-1], str) and path[-1] != what:
        return f"{what} {path[-1]!r}" if what[:2] in ("a ", "an") else repr(path[-1])
    return what


def _meant(key: str, shape: Obj) -> str | None:
    """The member an unknown key most likely stands for."""
    lowered = {name.lower(): name for name in shape.members}
    alias = KEY_NEAR_MISSES.get(key.strip().lower().replace("-", "_").replace(" ", "_"))
    if key.lower() in lowered:
        return lowered[key.lower()]
    if alias in shape.members:
        return alias
    guess = difflib.get_close_matches(key, list(shape.members), n=1, cutoff=0.6)
    return guess[0] if guess else None


def _unknown_key(key: str, shape: Obj, path: Path) -> Finding:
    guess = _meant(key, shape)
    known = ", ".join(shape.members)
    hint = f"did you mean {guess!r}? " if guess else ""
    return Finding((*path, key), codes.SG201, f"unknown key {key!r} in {shape.what}",
                   f"{hint}{shape.what} takes: {known}", at_key=True)


def _map(data: object, shape: MapOf, path: Path) -> Iterator[Finding]:
    if not isinstance(data, dict):
        yield _wrong_container(data, shape.what, "a mapping", path)
        return
    if len(data) < shape.min_items:
        yield Finding(path, codes.SG221, f"{_label(path, shape.what)} is empty",
                      "remove it or add an entry")
    for key, value in data.items():
        yield from check(value, shape.value, (*path, key))


def _list(data: object, shape: ListOf, path: Path) -> Iterator[Finding]:
    label = _label(path, shape.what)
    if not isinstance(data, list):
        hint = "write it as a list, for example [a, b]"
        if isinstance(data, dict):
            hint = f"{label} is a list: put '- ' before the mapping to make it one item"
        elif isinstance(data, str | int | float):
            hint = f"write it as a list: [{data}]"
        yield Finding(path, codes.SG203, f"{label} must be a list, found {type_name(data)}", hint)
        return
    if len(data) < shape.min_items:
        yield Finding(path, codes.SG221, f"{label} is empty", "remove it or add an item")
    for index, item in enumerate(data):
        yield from check(item, shape.item, (*path, index))


def _union(data: object, shape: Union, path: Path) -> Iterator[Finding]:
    for option in shape.options:
        if fits(data, option):
            yield from check(data, option, path)
            return
    kinds = sorted({_kind(resolve(option)) for option in shape.options})
    yield Finding(path, codes.SG203, f"expected {' or '.join(kinds)}, found {type_name(data)}",
                  f"{shape.what or 'this value'}: see the spec language in the README")


def _kind(shape: Shape) -> str:
    if isinstance(shape, Obj | MapOf):
        return "a mapping"
    if isinstance(shape, ListOf):
        return "a list"
    if isinstance(shape, Scalar):
        return _TYPE_NAMES[shape.kind]
    return "a value"


def _wrong_container(data: object, what: str, expected: str, path: Path,
                     example: str = "") -> Finding:
    hint = f"for example {example}" if example else "write it as a mapping of key: value"
    return Finding(path, codes.SG203, f"{_label(path, what)} must be {expected}, found "
                   f"{type_name(data)}", hint)
