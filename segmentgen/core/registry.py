"""An ordered registry of named plug-in objects (criterion kinds of either target).

Input: objects with a ``name``. Output: ``Registry``, which keeps them in registration order
(a second object of the same name replaces the first), gives them as a tuple and counts its
changes (``generation``) so that tables built from it can be cached by that number.
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar


class Named(Protocol):
    """Anything a registry holds: it has a name."""

    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=Named)


class Registry(Generic[T]):
    """Registered objects in order, and a number that changes with every change."""

    def __init__(self) -> None:
        self._items: list[T] = []
        self._generation = 0

    def register(self, item: T) -> T:
        """Add ``item`` after the registered ones; one of the same name is replaced."""
        self.unregister(item.name)
        self._items.append(item)
        self._generation += 1
        return item

    def unregister(self, name: str) -> None:
        """Remove the item called ``name``, if registered."""
        self._items[:] = [item for item in self._items if item.name != name]
        self._generation += 1

    def items(self) -> tuple[T, ...]:
        """The registered items, in order."""
        return tuple(self._items)

    def generation(self) -> int:
        """A number that changes whenever the registry does (for tables built from it)."""
        return self._generation
