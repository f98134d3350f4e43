"""The case store: one API for the console, the command line and scripts.

::

    store = CaseStore(path)                      # creates the file if missing (store.created)
    case = store.create_case(pupil="A. B.", class_group="3B", facts=["insultes"])
    store.add_note(case.ref, "Appel de la mère", kind="appel", contact_id="mediation_scolaire")
    store.set_step(case.ref, "prudence.jugement", True)
    store.update_fields(case.ref, expected_version=case.version, summary="...")

Every change is one locked read-modify-write on the latest stored version of the case (lock, re-read
if another session changed the file, apply, write atomically, unlock); it records who and when,
adds a timeline entry and increments ``version``. Invalid input raises a
:class:`~harcelement_tui.core.model.ValidationError` (French message, ``field``) and writes nothing.

Reads cost one ``stat()`` when the file is unchanged: parsed :class:`Case` objects are cached
against the file's stamp. Cases are found by reference (and uuid), never by TinyDB doc id.
Cases are immutable: share them freely, never expect them to change under you.

For the console's polling: ``token = store.stamp()`` *before* ``store.list()``; later,
``store.changed_since(token)`` (one ``stat()``) says whether to reload.
"""

from __future__ import annotations

import builtins  # "list" is also a method of CaseStore: annotations there say builtins.list
import getpass
import os
import uuid as uuid_mod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from harcelement_tui.core import strings as S
from harcelement_tui.core.content import Content, load_content
from harcelement_tui.core.history_text import Said
from harcelement_tui.core.model import (
    EMPTY,
    Case,
    CaseNotFoundError,
    TimelineEntry,
    ValidationError,
    check_case_fields,
    check_case_size,
    check_version,
    format_ref,
    freeze,
    iso,
)
from harcelement_tui.core.retention import PurgedCaseError
from harcelement_tui.core.storage import (
    DEFAULT_LOCK_TIMEOUT,
    KEEP_BACKUPS,
    CaseDB,
    CaseStorage,
    CorruptStoreError,
    JournaledStorage,
    Stamp,
    StoreBusyError,
    StoreError,
    StorePermissionError,
    StoreWriteError,
    read_only_reason,
)
from harcelement_tui.core.storage.lines import READ_PROGRESS
from harcelement_tui.core.store_edits import ConflictError, EditsStoreMixin
from harcelement_tui.core.store_lifecycle import DuplicateCaseError, LifecycleStoreMixin, PurgeResult
from harcelement_tui.core.store_people import PeopleStoreMixin
from harcelement_tui.core.store_steps import StepsStoreMixin
from harcelement_tui.core.store_view import View as _View

__all__ = [
    "CaseStore",
    "ConflictError",
    "DuplicateCaseError",
    "PurgeResult",
    "PurgedCaseError",
    "CaseNotFoundError",
    "ValidationError",
    "StoreError",
    "StoreBusyError",
    "CorruptStoreError",
    "StorePermissionError",
    "StoreWriteError",
    "Stamp",
    "create_data_file",
    "read_only_reason",
    "READ_PROGRESS",
]


def create_data_file(path: Path | str) -> bool:
    """Create the data file at ``path`` (and its folders) if it is missing; True if this call did.
    A :class:`StoreError` if it exists but is not a usable case file."""
    storage = CaseStorage(path, create=True)
    storage.close()
    return storage.created


TABLE = "cases"


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.astimezone()
    return moment


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no login name anywhere
        return f"uid{os.getuid()}"


def _check_size(case: Case, doc: dict[str, Any]) -> None:
    """Refuse a change that would take ``case`` over the limits of one case (before any write)."""
    check_case_size(case, len(orjson.dumps(doc, default=list)))


class CaseStore(EditsStoreMixin, StepsStoreMixin, PeopleStoreMixin, LifecycleStoreMixin):
    """The cases of one data file. See the module documentation.

    ``user`` is recorded as the author of every change (default: the Unix login). ``clock`` returns
    an aware datetime (tests freeze it). ``step_ids`` are the procedure's step ids; by default they
    come from ``content`` or, without it, from the packaged content. ``content`` also gives step
    labels for timeline texts, contact ids to check, and the procedure and contacts of exports.
    ``lock_timeout`` (seconds) bounds the wait for another session's lock.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        user: str | None = None,
        clock: Callable[[], datetime] | None = None,
        step_ids: Iterable[str] | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        content: Content | None = None,
        create: bool = True,
        keep_backups: int = KEEP_BACKUPS,
    ) -> None:
        if step_ids is None:
            content = content if content is not None else load_content()
            step_ids = content.step_ids()
        self.content = content
        self.step_ids: frozenset[str] = frozenset(step_ids)
        self._contact_ids = frozenset(c.id for c in content.contacts) if content is not None else None
        self.user = user or _default_user()
        self._clock = clock or _local_now
        self.path = Path(path)
        clock_ = self._clock
        self._db = CaseDB(
            os.fspath(path),
            storage=JournaledStorage,
            lock_timeout=lock_timeout,
            create=create,
            # Backups are named after the clock's day. No reference to self: no reference cycle,
            # so a closed store's data is freed at once.
            today=lambda: _aware(clock_()).date(),
            keep_backups=keep_backups,
            # Timelines and evidence stay in the file until a case is opened (memory at 10,000 cases).
            lazy_fields=("timeline", "evidence"),
            unique_fields=("ref", "uuid"),
        )
        self._storage: JournaledStorage = self._db.storage  # type: ignore[assignment]  # the store opens a JournaledStorage; TinyDB types it as Storage
        self._table = self._db.table(TABLE)
        self._view: _View | None = None

    # ------------------------------------------------------------------ basics

    @property
    def created(self) -> bool:
        """True if this store created the data file when it was opened."""
        return self._storage.created

    @property
    def storage(self) -> JournaledStorage:
        return self._storage

    @property
    def lock_timeout(self) -> float:
        return self._storage.lock_timeout

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def stamp(self) -> Stamp | None:
        """The data file's stamp now (one ``stat()``). Take it *before* reading."""
        return self._storage.disk_stamp()

    def changed_since(self, token: Stamp | None) -> bool:
        """True if the file changed since ``token`` was taken with :meth:`stamp`."""
        return self._storage.disk_stamp() != token

    def _now(self) -> datetime:
        return _aware(self._clock())

    def now(self) -> datetime:
        """The current moment by the store's clock (aware; tests freeze it)."""
        return self._now()

    # ------------------------------------------------------------------ reading

    def _view_for(self, data: dict[str, Any]) -> _View:
        generation = self._storage.generation
        view = self._view
        if view is not None and view.generation == generation:
            return view
        table = data.get(TABLE) or {}
        changes = self._storage.changes_since(view.generation) if view is not None else None
        if view is not None and changes is not None and set(changes) <= {TABLE}:
            patched = view.patched(generation, table, changes.get(TABLE, set()))
            if patched is not None:
                self._view = patched
                return patched
        index: dict[str, tuple[str, dict[str, Any]]] = {}
        for doc_id, doc in table.items():
            ref = doc.get("ref")
            if isinstance(ref, str) and ref not in index:
                index[ref] = (doc_id, doc)
        kept: dict[str, tuple[dict[str, Any], Case]] = {}
        if view is not None:
            for ref, entry in list(view.cases.items()):
                current = index.get(ref)
                if current is not None and current[1] is entry[0]:
                    kept[ref] = entry
        view = _View(generation, index, kept)
        self._view = view
        return view

    def _current_view(self) -> _View:
        # Never wait for a write in progress in another thread: serve the last committed view.
        with self._storage.reading(wait=False) as data:
            if data is not None:
                return self._view_for(data)
        if self._view is not None:
            return self._view
        with self._storage.reading(wait=True) as data:
            assert data is not None
            return self._view_for(data)

    def get(self, ref: str) -> Case:
        """The case with reference ``ref``; :class:`CaseNotFoundError` if there is none."""
        view = self._current_view()
        if ref not in view.index:
            raise CaseNotFoundError(ref)
        return view.case(ref)

    def list(self) -> list[Case]:
        """All cases, by reference (year, then number)."""
        return list(self._current_view().all())

    def refs(self) -> builtins.list[str]:
        return [case.ref for case in self.list()]

    def __len__(self) -> int:
        return len(self._current_view().index)

    def __contains__(self, ref: object) -> bool:
        return ref in self._current_view().index

    # ------------------------------------------------------------------ writing

    def _locked_view(self) -> _View:
        return self._view_for(self._storage.read())

    def _bump(self, case: Case, now: str, kind: str, text: str | Said, *, contact_id: str | None = None,
              step_id: str | None = None, changes: Mapping[str, Any] | None = None,
              **fields: Any) -> Case:
        """``case`` changed by ``fields``, one version up, with a new timeline entry: ``text``
        typed by a user, or what the console says as data (:func:`~harcelement_tui.core.history_text.said`)."""
        version = check_version(case)
        code, params = (text.code, freeze(text.params)) if isinstance(text, Said) else (None, EMPTY)
        entry = TimelineEntry(
            at=now, by=self.user, kind=kind, text="" if isinstance(text, Said) else text, contact_id=contact_id,
            step_id=step_id, version=version,
            changes=MappingProxyType(dict(changes)) if changes is not None else None, code=code, params=params,
        )
        return replace(case, **fields, version=version, updated_at=now, updated_by=self.user,
                       timeline=case.timeline + (entry,))

    def _commit(self, view: _View, cases: builtins.list[Case]) -> None:
        """Write the new versions of existing cases in one write; refresh the view."""
        docs = {int(view.index[case.ref][0]): case.to_dict() for case in cases}
        for case in cases:
            _check_size(case, docs[int(view.index[case.ref][0])])
        self._table.replace_documents(docs)  # type: ignore[attr-defined]  # CaseDB tables are LockedTable (table_class), which adds it
        new_view = self._locked_view()
        for case in cases:
            new_view.cases[case.ref] = (docs[int(view.index[case.ref][0])], case)

    def _change(self, ref: str, change: Callable[[Case, str], Case | None], *,
                refused: str = S.REFUSED_CHANGE,
                before_commit: Callable[[Case], None] | None = None) -> Case:
        with self._storage.transaction():
            view = self._locked_view()
            if ref not in view.index:
                raise CaseNotFoundError(ref)
            case = view.case(ref)
            if case.purged:
                raise PurgedCaseError(case, refused)
            new = change(case, iso(self._now()))
            if new is None:
                return case
            if before_commit is not None:
                before_commit(new)  # raises: nothing is written
            self._commit(view, [new])
            return new

    def _insert(self, case: Case) -> None:
        doc = case.to_dict()
        _check_size(case, doc)
        self._table.insert(doc)
        self._locked_view()

    def create_case(self, **fields: Any) -> Case:
        """Open a new case. ``pupil`` is required; also class_group, is_minor, reported_by, summary,
        facts, platforms, follow_up, status. The reference is the year of opening and the next
        number for that year (``2026-001``)."""
        values = check_case_fields(fields, creating=True)
        status = values.pop("status", "ouvert")
        with self._storage.transaction():
            view = self._locked_view()
            moment = self._now()
            now = iso(moment)
            ref = format_ref(moment.year, view.highest(moment.year) + 1)
            entry = TimelineEntry(
                at=now, by=self.user, kind="statut", text="", code="case_opened",
                params=freeze({"status": status}), version=1,
                changes=MappingProxyType({"status": {"old": None, "new": status}}),
            )
            case = Case(
                ref=ref, uuid=str(uuid_mod.uuid4()), opened_at=now, opened_by=self.user,
                updated_at=now, updated_by=self.user, version=1, status=status,
                timeline=(entry,), **values,
            )
            self._insert(case)
        return case
