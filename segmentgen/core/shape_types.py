"""The building blocks of a shape table: what a piece of spec data must look like.

Input: nothing. Output: ``Obj``/``MapOf``/``ListOf``/``Enum``/``Scalar``/``Union`` and
``Ref`` (the name of another table entry), the common scalars, and ``Member`` (one key of an
``Obj``). ``validate.shapes`` assembles the table from these; each criterion kind in
``segmentgen.criteria`` declares its own shapes with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Ref:
    name: str


@dataclass(frozen=True, slots=True)
class Scalar:
    kind: str  # string, number, integer, boolean, scalar (text or a number)
    doc: str = ""
    pattern: str | None = None


@dataclass(frozen=True, slots=True)
class Enum:
    values: tuple[str, ...]
    what: str
    ignore_case: bool = False
    notes: dict[str, str] = field(default_factory=dict)  # a wrong value -> why, for the hint


@dataclass(frozen=True, slots=True)
class Member:
    shape: Shape
    required: bool = False
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Obj:
    members: dict[str, Member]
    what: str
    exactly_one: bool = False  # the mapping names exactly one of its members
    example: str = ""
    # Keys that betray a different shape written by mistake, and what to say about it.
    foreign: tuple[str, ...] = ()
    foreign_message: str = ""


@dataclass(frozen=True, slots=True)
class MapOf:
    value: Shape
    what: str
    min_items: int = 1


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Shape
    what: str
    min_items: int = 1


@dataclass(frozen=True, slots=True)
class Union:
    """Alternatives told apart by their YAML type: mapping, list or scalar."""

    options: tuple[Shape, ...]
    what: str
    extra: dict[str, str] = field(default_factory=dict)


Shape = Ref | Scalar | Enum | Obj | MapOf | ListOf | Union

STRING = Scalar("string")
NUMBER = Scalar("number")
INTEGER = Scalar("integer")
BOOLEAN = Scalar("boolean")
STRINGS = ListOf(STRING, "list of strings")
