"""TinyDB on :class:`CaseStorage`: :class:`CaseDB` and its :class:`LockedTable` tables."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Callable

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from harcelement_tui.core.storage.case_storage import CaseStorage


class LockedTable(Table):
    """A TinyDB table for :class:`CaseStorage`: every change is one locked read-modify-write, and
    TinyDB's per-process caches are never served stale.

    TinyDB's query cache is off: every read goes to the storage, which re-reads the file only if
    its stamp changed (one ``stat``), so a search never answers with another process's old data.
    ``_next_id`` is dropped when another process changed the file, and :meth:`insert` chooses the
    new id under the lock."""

    def __init__(self, storage: Storage, name: str, **kwargs: Any) -> None:
        kwargs["cache_size"] = 0  # no query cache (see above)
        super().__init__(storage, name, **kwargs)
        self._seen_generation: int | None = -1

    def _sync(self) -> None:
        generation = getattr(self._storage, "generation", None)
        if generation != self._seen_generation:
            self.clear_cache()
            self._next_id = None
            self._seen_generation = generation

    @contextmanager
    def _txn(self) -> Iterator[None]:
        transaction = getattr(self._storage, "transaction", None)
        if transaction is None:
            yield
            return
        with transaction():
            self._sync()
            yield

    def insert(self, document: Mapping) -> int:
        # TinyDB chooses the new id before its write: the lock must span both.
        with self._txn():
            save = getattr(self._storage, "save", None)
            if save is None or isinstance(document, self.document_class):
                return super().insert(document)
            doc_id = self._get_next_id()
            save(self.name, {str(doc_id): dict(document)})
            self._seen_generation = getattr(self._storage, "generation", None)
            return doc_id

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        with self._txn():
            super()._update_table(updater)
        self._seen_generation = getattr(self._storage, "generation", None)

    def replace_documents(self, documents: dict[int, dict[str, Any]]) -> None:
        """Replace whole documents by doc id (each must exist), in one locked write (one journal
        record with a :class:`JournaledStorage`)."""
        save = getattr(self._storage, "save", None)
        if save is not None:
            with self._txn():
                table = self._read_table()
                for doc_id in documents:
                    if str(doc_id) not in table:
                        raise KeyError(doc_id)
                save(self.name, {str(doc_id): doc for doc_id, doc in documents.items()})
            self._seen_generation = getattr(self._storage, "generation", None)
            return

        def updater(table: dict) -> None:
            for doc_id in documents:
                if doc_id not in table:
                    raise KeyError(doc_id)
            table.update(documents)

        self._update_table(updater)


class CaseDB(TinyDB):
    """TinyDB on :class:`CaseStorage` (or, as the store uses it, :class:`JournaledStorage`) with
    :class:`LockedTable` tables."""

    table_class = LockedTable  # type: ignore[assignment]  # TinyDB types it as its own Table
    default_storage_class = CaseStorage  # type: ignore[assignment]  # TinyDB types it as JSONStorage
    default_table_name = "cases"
