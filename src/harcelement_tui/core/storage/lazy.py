"""Documents whose heavy fields stay in the file (memory optimisation, with :mod:`.lines`).

A document keeps its small fields parsed; each list of objects under ``lazy_fields`` (timeline,
evidence) becomes a :class:`DeferredList` that knows its length and where the document's bytes lie
(:class:`Loc`), read back with ``pread`` from the descriptor that pins the file's inode and
checked against the size and hash taken when they were read: a file changed in place by a foreign
tool gives an error, never another case's timeline. A :class:`StoredDoc` also keeps a fingerprint
of its parsed fields, so an unchanged document can be copied verbatim at the next write.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

from harcelement_tui.core import strings_storage as T
from harcelement_tui.core.errors import os_reason
from harcelement_tui.core.storage.errors import StoreError
from harcelement_tui.core.storage.files import Pin


class Loc:
    """Where one document's JSON text lies: ``where`` = (pin, offset), its size and hash.

    ``where`` is one tuple, swapped in one assignment after a write moved the (identical) bytes
    to the new file, so a thread reading concurrently sees the old or the new place, never a mix."""

    __slots__ = ("where", "size", "digest", "key")

    def __init__(self, pin: Pin, offset: int, size: int, digest: int, key: str) -> None:
        self.where = (pin, offset)
        self.size = size
        self.digest = digest
        self.key = key

    def read_raw(self) -> bytes:
        """The document's bytes as read or written; :class:`StoreError` if they are not."""
        pin, offset = self.where
        try:
            raw = os.pread(pin.fd, self.size, offset)
        except OSError as exc:
            raise StoreError(T.REREAD_FAILED.format(reason=os_reason(exc))) from None
        if len(raw) != self.size or hash(raw) != self.digest:
            raise StoreError(T.CHANGED_IN_PLACE_RESTART)
        return raw


class DeferredList(Sequence):
    """A list of objects (dicts) of a stored document, read from the file on first use.

    Read-only. ``len()`` is free; iterating or indexing reads and parses the document's bytes
    (verified against the hash taken when they were read) and returns fresh dicts each time.
    Case.from_dict hands it to a LazyTuple, which reads it once when a case is opened."""

    __slots__ = ("_loc", "_key", "_len")

    items_are_mappings = True
    """Marker for ``core.model``: the storage checked that every item is a JSON object."""

    def __init__(self, loc: Loc, key: str, length: int) -> None:
        self._loc = loc
        self._key = key
        self._len = length

    def load(self) -> list[dict[str, Any]]:
        doc = orjson.loads(self._loc.read_raw())
        value = doc.get(self._key) if isinstance(doc, dict) else None
        if type(value) is not list or len(value) != self._len:  # pragma: no cover - hash checked
            raise StoreError(T.CHANGED_UNEXPECTEDLY)
        return value

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, index):
        return self.load()[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.load())

    def __reversed__(self) -> Iterator[dict[str, Any]]:
        return reversed(self.load())

    def __contains__(self, item: object) -> bool:
        return item in self.load()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, DeferredList)):
            return self.load() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # unhashable like a list; object's __hash__ is a method

    def __repr__(self) -> str:
        return f"DeferredList({self._key!r}, {self._len} items)"

    def __copy__(self) -> DeferredList:  # immutable
        return self

    def __deepcopy__(self, memo: dict) -> DeferredList:
        return self


class StoredDoc(dict):
    """A document read from (or written to) the file in lazy mode: its small fields parsed, its
    heavy fields :class:`DeferredList`, ``_loc`` its bytes in the file and ``_fp`` a fingerprint of
    its parsed content, to know at the next write whether it may be copied verbatim."""

    __slots__ = ("_loc", "_fp")
    _loc: Loc
    _fp: int


def _mark_deferred(value: Any) -> Any:
    """orjson ``default`` for fingerprints: a deferred list stands for itself (it is immutable)."""
    if isinstance(value, DeferredList):
        return id(value)
    raise TypeError


def _materialize(value: Any) -> Any:
    """orjson ``default`` for writing: a deferred list is written with its items."""
    if isinstance(value, DeferredList):
        return value.load()
    raise TypeError


def fingerprint(doc: StoredDoc) -> int:
    return hash(orjson.dumps(doc, default=_mark_deferred))


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value, default=_materialize)
    except orjson.JSONEncodeError as exc:
        if isinstance(exc.__cause__, StoreError):
            raise exc.__cause__ from None
        raise


def stored(doc: dict[str, Any], loc: Loc, lazy_fields: tuple[str, ...]) -> StoredDoc:
    """The lazy form of ``doc`` whose JSON text is at ``loc``: lists of objects under
    ``lazy_fields`` become deferred lists read from there; ``doc`` itself is not changed."""
    result = StoredDoc(doc)
    for name in lazy_fields:
        value = result.get(name)
        if isinstance(value, DeferredList) or (
            type(value) is list and value and all(type(item) is dict for item in value)
        ):
            result[name] = DeferredList(loc, name, len(value))
    result._loc = loc
    result._fp = fingerprint(result)
    return result
