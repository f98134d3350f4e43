"""Immutable containers whose items are parsed from stored dicts on first use (memory at 10,000 cases)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from harcelement_tui.core.values import as_str


def deferred(value: Any) -> bool:
    """A storage's read-only list whose items, known to be mappings, are read on first use
    (``core.storage.DeferredList``: ``len()`` is free, iterating reads the file)."""
    return getattr(type(value), "items_are_mappings", False) is True


def stored_list(value: Any) -> bool:
    return isinstance(value, list) or deferred(value)


class LazyTuple(Sequence):
    """An immutable sequence whose items are parsed from stored dicts on first use.

    Listing 10,000 cases must not build 300,000 timeline entries: ``len()`` is free, the items are
    built the first time one is needed, then kept. Compares equal to a tuple with the same items.
    """

    __slots__ = ("_raw", "_items", "_factory")

    def __init__(self, raw: list[Any], factory: Callable[[Any], Any]) -> None:
        self._raw: list[Any] | None = raw
        self._items: tuple[Any, ...] | None = None
        self._factory = factory

    def _load(self) -> tuple[Any, ...]:
        items = self._items
        if items is None:
            raw = self._raw
            items = tuple([self._factory(item) for item in raw]) if raw else ()
            self._items = items
            self._raw = None
        return items

    def __len__(self) -> int:
        raw = self._raw
        return len(raw) if raw is not None else len(self._items or ())

    def __getitem__(self, index: Any) -> Any:
        return self._load()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._load())

    def __add__(self, other: Any) -> tuple[Any, ...]:
        return self._load() + tuple(other)

    def __radd__(self, other: Any) -> tuple[Any, ...]:
        return tuple(other) + self._load()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, LazyTuple)):
            return self._load() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # unhashable like a dict; object's __hash__ is a method

    def __repr__(self) -> str:
        return repr(self._load())


class LazyMapping(Mapping):
    """An immutable mapping whose values are parsed from stored dicts on first use."""

    __slots__ = ("_raw", "_items", "_factory")

    def __init__(self, raw: Mapping[str, Any], factory: Callable[[Any], Any]) -> None:
        self._raw: Mapping[str, Any] | None = raw
        self._items: dict[str, Any] | None = None
        self._factory = factory

    def _load(self) -> dict[str, Any]:
        items = self._items
        if items is None:
            raw = self._raw or {}
            items = {as_str(key): self._factory(value) for key, value in raw.items()}
            self._items = items
            self._raw = None
        return items

    def __len__(self) -> int:
        raw = self._raw
        return len(raw) if raw is not None else len(self._items or {})

    def __contains__(self, key: object) -> bool:
        raw = self._raw
        if raw is not None:
            return key in raw
        return key in (self._items or {})

    def __getitem__(self, key: str) -> Any:
        return self._load()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._load() == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # unhashable like a dict; object's __hash__ is a method

    def __repr__(self) -> str:
        return repr(self._load())
