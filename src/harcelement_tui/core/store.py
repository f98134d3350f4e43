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
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from harcelement_tui.core.content import Content, load_content
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.model import (
    FIELD_LABELS,
    REF_RE,
    SKIP_REASON_MAX,
    Case,
    CaseNotFoundError,
    Evidence,
    SkipRecord,
    StepRecord,
    TimelineEntry,
    ValidationError,
    check_bool,
    check_case_fields,
    check_case_size,
    check_version,
    check_evidence_fields,
    check_follow_up,
    check_kind,
    check_status,
    check_stored_case,
    check_text,
    describe_value,
    format_ref,
    iso,
    jsonable,
    ref_key,
)
from harcelement_tui.core.applicability import pending_postvention
from harcelement_tui.core.store_people import PeopleStoreMixin
from harcelement_tui.core.retention import Due, PurgedCaseError, due, due_cases, make_stub
from harcelement_tui.core.summary import short_datetime
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
    paused_gc,
    read_only_reason,
)

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
]


def create_data_file(path: Path | str) -> bool:
    """Create the data file at ``path`` (and its folders) if it is missing; True if this call did.
    A :class:`StoreError` if it exists but is not a usable case file."""
    storage = CaseStorage(path, create=True)
    storage.close()
    return storage.created


TABLE = "cases"


class ConflictError(UserError):
    """The case changed since the caller read it, on a field the caller is changing.

    ``case`` is the current stored case, ``fields`` the fields changed meanwhile, ``field`` the first.
    """

    def __init__(self, case: Case, fields: tuple[str, ...]) -> None:
        labels = ", ".join(FIELD_LABELS.get(name, name) for name in fields)
        last = case.timeline[-1] if case.timeline else None
        who = f" par {last.by}" if last and last.by else ""
        super().__init__(
            f"Le cas {case.ref} a été modifié entre-temps{who} (champ : {labels}) ; "
            "rien n'a été enregistré. Relisez la nouvelle version avant de modifier à nouveau."
        )
        self.case = case
        self.fields = fields
        self.field = fields[0] if fields else None


class DuplicateCaseError(ValidationError):
    """An imported case is already in the file (same uuid). ``ref`` is the case already there."""

    def __init__(self, uuid: str, ref: str) -> None:
        super().__init__(
            f"Import refusé : ce cas est déjà dans le fichier des cas, sous la référence {ref} "
            f"(identifiant {uuid}).",
            field="uuid",
        )
        self.uuid = uuid
        self.ref = ref


@dataclass(frozen=True)
class PurgeResult:
    """What :meth:`CaseStore.purge` did: the stubs written, and the cases left as they were (with
    the reason, in French: reopened meanwhile, no longer past retention, already purged)."""

    purged: tuple[Case, ...]
    skipped: tuple[tuple[str, str], ...]


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


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _View:
    """One committed state of the cases table: ref index and parsed cases, for one generation."""

    __slots__ = ("generation", "index", "cases", "ordered", "numbers", "uuids", "_by_id", "_positions", "_patch")

    def __init__(self, generation: int, index: dict[str, tuple[str, dict[str, Any]]],
                 cases: dict[str, tuple[dict[str, Any], Case]]) -> None:
        self.generation = generation
        self.index = index
        self.cases = cases
        self.ordered: list[Case] | None = None
        self.numbers: dict[int, int] | None = None
        self.uuids: dict[str, str] | None = None
        self._by_id: dict[str, str] | None = None
        self._positions: dict[str, int] | None = None
        self._patch: tuple[list[Case], builtins.list[str]] | None = None

    def patched(self, generation: int, table: dict[str, Any], doc_ids: set[str]) -> _View | None:
        """This view with the documents ``doc_ids`` of ``table`` changed (a save, or another
        session's read from the journal), in time proportional to them when no case was added:
        the new view shares this one's dicts, whose values change in place but never their keys
        (as when ``case()`` fills its cache), and has a sorted list of its own, so that a thread
        holding this view still reads a whole state. None when a reference appeared twice or
        changed (then the caller builds the view anew)."""
        if self._by_id is None:
            self._by_id = {doc_id: ref for ref, (doc_id, _) in self.index.items()}
        updates: builtins.list[tuple[str, str, dict[str, Any]]] = []
        added = False
        for doc_id in doc_ids:
            old_ref = self._by_id.get(doc_id)
            doc = table.get(doc_id)
            ref = doc.get("ref") if isinstance(doc, dict) else None
            if old_ref is not None and old_ref != ref:
                return None
            if not isinstance(doc, dict) or not isinstance(ref, str):
                continue
            if old_ref is None:
                if ref in self.index or any(ref == other for _, other, _ in updates):
                    return None
                added = True
            updates.append((doc_id, ref, doc))
        changed = [ref for _, ref, _ in updates]
        if added:
            index, by_id = dict(self.index), dict(self._by_id)
            for doc_id, ref, doc in updates:
                index[ref] = (doc_id, doc)
                by_id[doc_id] = ref
            view = _View(generation, index, dict(self.cases))
            view._by_id = by_id
            return view
        for doc_id, ref, doc in updates:
            self.index[ref] = (doc_id, doc)
        view = _View(generation, self.index, self.cases)
        view._by_id, view.numbers, view.uuids, view._positions = self._by_id, self.numbers, self.uuids, self._positions
        ordered, patch = self.ordered, self._patch
        if ordered is not None:
            view._patch = (ordered, changed)
        elif patch is not None:
            view._patch = (patch[0], patch[1] + changed)
        return view

    def case(self, ref: str) -> Case:
        doc = self.index[ref][1]
        cached = self.cases.get(ref)
        if cached is not None and cached[0] is doc:
            return cached[1]
        try:
            case = Case.from_dict(doc)
        except (ValueError, TypeError):
            raise StoreError(f"Le cas « {ref} » est illisible dans le fichier des cas.") from None
        self.cases[ref] = (doc, case)
        return case

    def all(self) -> list[Case]:
        if self.ordered is None and self._patch is not None:
            old, changed = self._patch
            if self._positions is None:
                self._positions = {case.ref: number for number, case in enumerate(old)}
            ordered = list(old)
            for ref in changed:
                ordered[self._positions[ref]] = self.case(ref)
            self.ordered, self._patch = ordered, None
        if self.ordered is None:
            refs = sorted(self.index, key=ref_key)
            with paused_gc():
                self.ordered = [self.case(ref) for ref in refs]
        return self.ordered

    def highest(self, year: int) -> int:
        if self.numbers is None:
            numbers: dict[int, int] = {}
            for ref in self.index:
                match = REF_RE.match(ref)
                if match:
                    y, n = int(match.group(1)), int(match.group(2))
                    if n > numbers.get(y, 0):
                        numbers[y] = n
            self.numbers = numbers
        return self.numbers.get(year, 0)

    def ref_of_uuid(self, uuid: str) -> str | None:
        if self.uuids is None:
            self.uuids = {doc["uuid"]: ref for ref, (_, doc) in self.index.items() if isinstance(doc.get("uuid"), str)}
        return self.uuids.get(uuid)


class CaseStore(PeopleStoreMixin):
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
        if step_ids is None and content is None:
            content = load_content()
        self.content = content
        self.step_ids: frozenset[str] = frozenset(step_ids if step_ids is not None else content.step_ids())  # type: ignore[union-attr]
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
        self._storage: JournaledStorage = self._db.storage  # type: ignore[assignment]  # TinyDB types it Storage
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

    def _bump(self, case: Case, now: str, kind: str, text: str, *, contact_id: str | None = None,
              step_id: str | None = None, changes: Mapping[str, Any] | None = None,
              **fields: Any) -> Case:
        version = check_version(case)
        entry = TimelineEntry(
            at=now, by=self.user, kind=kind, text=text, contact_id=contact_id, step_id=step_id,
            version=version, changes=MappingProxyType(dict(changes)) if changes is not None else None,
        )
        return replace(case, **fields, version=version, updated_at=now, updated_by=self.user,
                       timeline=case.timeline + (entry,))

    def _commit(self, view: _View, cases: builtins.list[Case]) -> None:
        """Write the new versions of existing cases in one write; refresh the view."""
        docs = {int(view.index[case.ref][0]): case.to_dict() for case in cases}
        for case in cases:
            _check_size(case, docs[int(view.index[case.ref][0])])
        self._table.replace_documents(docs)  # type: ignore[attr-defined]
        new_view = self._locked_view()
        for case in cases:
            new_view.cases[case.ref] = (docs[int(view.index[case.ref][0])], case)

    def _change(self, ref: str, change: Callable[[Case, str], Case | None], *,
                refused: str = "il ne peut plus être modifié",
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
                at=now, by=self.user, kind="statut", text=f"Cas ouvert (statut : {status}).",
                version=1, changes=MappingProxyType({"status": {"old": None, "new": status}}),
            )
            case = Case(
                ref=ref, uuid=str(uuid_mod.uuid4()), opened_at=now, opened_by=self.user,
                updated_at=now, updated_by=self.user, version=1, status=status,
                timeline=(entry,), **values,
            )
            self._insert(case)
        return case

    def add_note(self, ref: str, text: str, kind: str = "note", contact_id: str | None = None) -> Case:
        """Append a note, call or contact entry to the timeline."""
        if text is None or (isinstance(text, str) and not text.strip()):
            raise ValidationError("La note est vide.", field="text")
        text = check_text(text, "text", required=True)
        kind = check_kind(kind)
        contact_id = self._check_contact(contact_id)
        return self._change(ref, lambda case, now: self._bump(case, now, kind, text, contact_id=contact_id))

    def log_call(self, ref: str, text: str, step_ids: Iterable[str] = ()) -> Case:
        """Log the parents' call (kind ``appel``) and, in the same write, tick ``step_ids`` (the
        steps of the points said) that are not done yet."""
        text = check_text(text, "text", required=True)
        ticks = self._known_steps(step_ids)
        return self._change(ref, lambda case, now: self._tick_via(
            self._bump(case, now, "appel", text), now, ticks, "appel", "l'appel aux parents"))

    def log_contact(self, ref: str, contact_id: str | None, text: str) -> Case:
        """Log that a service was contacted (kind ``contact``) and, in the same write, tick the open
        steps that content says a contact with it accomplishes (``tick_on_contact``)."""
        text = check_text(text, "text", required=True)
        contact_id = self._check_contact(contact_id)
        ticks: tuple[str, ...] = ()
        what = "le contact"
        if self.content is not None and contact_id is not None:
            ticks = tuple(step.id for step in self.content.steps_ticked_by_contact(contact_id))
            what = f"le contact avec {self.content.contact(contact_id).name}"
        return self._change(ref, lambda case, now: self._tick_via(
            self._bump(case, now, "contact", text, contact_id=contact_id), now, ticks, "contact", what))

    def _known_steps(self, step_ids: Iterable[str]) -> tuple[str, ...]:
        ticks = tuple(dict.fromkeys(step_ids))
        for step_id in ticks:
            if step_id not in self.step_ids:
                raise ValidationError(f"Étape inconnue : « {step_id} ».", field="step_id")
        return ticks

    def _tick_via(self, case: Case, now: str, step_ids: Iterable[str], via: str, what: str) -> Case:
        """Tick the steps of ``step_ids`` not done yet (a recurring one anew: its next time counts
        from now), each with its own dated, signed timeline entry saying what ticked it (``via``:
        the kind of the entry just logged). A step declared sans objet is left as it is."""
        for step_id in step_ids:
            if step_id in case.not_applicable:
                continue
            again = step_id in case.steps
            if again and not self._recurs(step_id):
                continue
            steps = dict(case.steps)
            steps[step_id] = StepRecord(done_at=now, done_by=self.user, via=via)
            verb = "refaite" if again else "faite"
            text = f"Étape {verb} : {self.step_label(step_id)} — cochée par {what} du {short_datetime(now)}"
            case = self._bump(case, now, "etape", text, step_id=step_id, steps=MappingProxyType(steps))
        return case

    def _recurs(self, step_id: str) -> bool:
        if self.content is None:
            return False
        try:
            return self.content.step(step_id).repeat is not None
        except KeyError:
            return False

    def _check_contact(self, contact_id: Any) -> str | None:
        if contact_id is None or contact_id == "":
            return None
        if not isinstance(contact_id, str):
            raise ValidationError("Le contact doit être désigné par son identifiant.", field="contact_id")
        if self._contact_ids is not None and contact_id not in self._contact_ids:
            raise ValidationError(f"Contact inconnu : « {contact_id} ».", field="contact_id")
        return contact_id

    def step_label(self, step_id: str) -> str:
        if self.content is not None:
            try:
                return " ".join(self.content.step(step_id).text.split())
            except KeyError:
                pass
        return step_id

    def set_step(self, ref: str, step_id: str, done: bool, note: str = "", *, again: bool = False) -> Case:
        """Mark a procedure step done (with an optional note) or not done. ``again`` ticks a step
        already done anew (a repeated step: its next time is counted from this tick)."""
        if step_id not in self.step_ids:
            raise ValidationError(f"Étape inconnue : « {step_id} ».", field="step_id")
        done = check_bool(done, "done")
        note = check_text(note, "note")
        label = self.step_label(step_id)

        def change(case: Case, now: str) -> Case | None:
            steps = dict(case.steps)
            if done:
                current = steps.get(step_id)
                if current is not None and current.note == note and not again:
                    return None
                if step_id in case.not_applicable:
                    raise ValidationError("Cette étape est déclarée sans objet pour ce cas : "
                                          "remettez-la d'abord en vigueur (touche o).", field="step_id")
                steps[step_id] = StepRecord(done_at=now, done_by=self.user, note=note)
                verb = "refaite" if current is not None and again else "faite"
                text = f"Étape {verb} : {label}" + (f" — {note}" if note else "")
            else:
                if step_id not in steps:
                    return None
                del steps[step_id]
                text = f"Étape marquée non faite : {label}" + (f" — {note}" if note else "")
            return self._bump(case, now, "etape", text, step_id=step_id, steps=MappingProxyType(steps))

        return self._change(ref, change)

    def set_not_applicable(self, ref: str, step_id: str, reason: str | None) -> Case:
        """Declare a step "sans objet" for the case, with a short reason; ``None``: it applies again.
        A step that is ticked must be unticked first."""
        if step_id not in self.step_ids:
            raise ValidationError(f"Étape inconnue : « {step_id} ».", field="step_id")
        if reason is not None:
            reason = check_text(reason, "reason", required=True, label="La raison")
            if len(reason) > SKIP_REASON_MAX:
                raise ValidationError(f"La raison est trop longue ({len(reason)} caractères ; au plus "
                                      f"{SKIP_REASON_MAX}).", field="reason")
        label = self.step_label(step_id)

        def change(case: Case, now: str) -> Case | None:
            skipped = dict(case.not_applicable)
            if reason is None:
                if skipped.pop(step_id, None) is None:
                    return None
                text = f"Étape de nouveau applicable : {label}"
            else:
                if step_id in case.steps:
                    raise ValidationError("Cette étape est cochée : décochez-la d'abord pour la déclarer "
                                          "sans objet.", field="step_id")
                skipped[step_id] = SkipRecord(reason=reason, at=now, by=self.user)
                text = f"Étape sans objet : {label} — {reason}"
            return self._bump(case, now, "etape", text, step_id=step_id,
                              not_applicable=MappingProxyType(skipped))

        return self._change(ref, change)

    def set_postvention(self, ref: str, when: str | None) -> Case:
        """Plan the postvention of a closed case for the date ``when`` (JJ/MM/AAAA or ISO), or
        ``None`` for none."""
        planned = check_follow_up(when)
        step = self.content.postvention_step if self.content is not None else None
        what = self.step_label(step.id) if step is not None else "postvention"

        def change(case: Case, now: str) -> Case | None:
            if case.postvention == planned:
                return None
            text = (f"Postvention prévue le {format_user_date(planned)} : {what}" if planned
                    else "Postvention : plus de date prévue")
            return self._bump(case, now, "modification", text, postvention=planned,
                              changes={"postvention": {"old": case.postvention, "new": planned}})

        return self._change(ref, change)

    def record_document(self, ref: str, text: str, step_id: str | None = None) -> Case:
        """Note that a document was handed over (``text``: what and where), and tick ``step_id``
        (the procedure step asking for it) if it is not ticked yet; one write for both."""
        text = check_text(text, "text", required=True)
        if step_id is not None and step_id not in self.step_ids:
            raise ValidationError(f"Étape inconnue : « {step_id} ».", field="step_id")

        def change(case: Case, now: str) -> Case:
            return self._tick_via(self._bump(case, now, "export", text), now,
                                  [step_id] if step_id is not None else [], "document", "le document remis")

        return self._change(ref, change, refused="aucun document ne peut plus y être noté")

    def add_evidence(self, ref: str, **fields: Any) -> Case:
        """Record a piece of evidence (description, where_kept; platform, url, seen_at optional).
        Metadata only: never the images themselves."""
        values = check_evidence_fields(fields)

        def change(case: Case, now: str) -> Case:
            item = Evidence(at=now, by=self.user, **values)
            text = f"Preuve notée : {_shorten(values['description'])}"
            return self._bump(case, now, "preuve", text, evidence=case.evidence + (item,))

        return self._change(ref, change)

    def _label_value(self, name: str, value: Any) -> str:
        if name == "facts" and self.content is not None and value:
            value = [self.content.fact_label(fact) for fact in value]
        return describe_value(name, value)

    def update_fields(self, ref: str, *, expected_version: int | None = None, **fields: Any) -> Case:
        """Change case fields (pupil, class_group, is_minor, reported_by, summary, facts, platforms,
        follow_up). Logs old → new in a ``modification`` entry; unchanged values are ignored.

        With ``expected_version`` (the version the user started editing from): if a field being
        changed was modified by someone else since, raise :class:`ConflictError` with the current case.
        """
        values = check_case_fields(fields, creating=False)

        def change(case: Case, now: str) -> Case | None:
            changed = {name: value for name, value in values.items() if getattr(case, name) != value}
            if expected_version is not None and case.version != expected_version and changed:
                touched = self._fields_changed_since(case, expected_version)
                conflicts = tuple(name for name in changed if name in touched)
                if conflicts:
                    raise ConflictError(case, conflicts)
            if not changed:
                return None
            changes = {name: {"old": jsonable(getattr(case, name)), "new": jsonable(value)}
                       for name, value in changed.items()}
            text = "Modification : " + " ; ".join(
                f"{FIELD_LABELS[name]} : {self._label_value(name, getattr(case, name))} → "
                f"{self._label_value(name, value)}"
                for name, value in changed.items()
            )
            return self._bump(case, now, "modification", text, changes=changes, **changed)

        return self._change(ref, change)

    @staticmethod
    def _fields_changed_since(case: Case, version: int) -> set[str]:
        touched: set[str] = set()
        for entry in reversed(case.timeline):
            if entry.version is not None and entry.version <= version:
                break
            if entry.changes:
                touched.update(entry.changes)
        return touched

    def set_status(self, ref: str, status: str) -> Case:
        """Change the status (ouvert, suivi, clos)."""
        status = check_status(status)

        def change(case: Case, now: str) -> Case | None:
            if case.status == status:
                return None
            return self._bump(case, now, "statut", f"Statut : {case.status} → {status}",
                              changes={"status": {"old": case.status, "new": status}}, status=status)

        return self._change(ref, change)

    # ------------------------------------------------------------------ export / import

    def export_case(self, ref: str, destination: str | None = None, *,
                    pseudonymise: bool = False,
                    deliver: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
        """The export document of one case (see :mod:`harcelement_tui.core.export`).

        Adds an ``export`` entry (who, where) to the case; the export includes it.
        ``pseudonymise``: see :mod:`harcelement_tui.core.pseudonym` (the entry says so).
        ``deliver(document)`` (writing the file) runs before the entry is saved: if it raises,
        the history is left as it was.
        """
        return self.export_cases([ref], {ref: destination} if destination else None,
                                 pseudonymise=pseudonymise, deliver=deliver)[0]

    def record_report(self, ref: str, destination: str | None = None, *,
                      pseudonymised: bool = False,
                      deliver: Callable[[Case], None] | None = None) -> Case:
        """Note in the case's timeline that a report was written (who, where); return the case
        with that entry, from which the report is built (:mod:`harcelement_tui.core.report`).

        ``deliver(case)`` (building and writing the report) runs before the entry is saved: the
        history says a report was written only once its file is in place."""
        what = "Rapport pseudonymisé écrit" if pseudonymised else "Rapport écrit"
        text = f"{what} vers {destination}" if destination else what
        return self._change(ref, lambda case, now: self._bump(case, now, "export", text),
                            refused="aucun rapport ne peut plus en être écrit", before_commit=deliver)

    def export_cases(self, refs: Iterable[str] | None = None,
                     destinations: Mapping[str, str] | None = None, *,
                     pseudonymise: bool = False,
                     deliver: Callable[[dict[str, Any]], None] | None = None,
                     deliver_all: Callable[[builtins.list[dict[str, Any]]], None] | None = None) -> builtins.list[dict[str, Any]]:
        """Export several cases (all by default) with one write for all their ``export`` entries.

        With ``deliver``, each document is handed to it (to write its file) before the entries
        are saved; if it raises, only the cases delivered before are noted, then the error goes on.
        With ``deliver_all``, all the documents are handed to it at once (one file for all): if it
        raises, no case is noted.
        """
        from harcelement_tui.core.export import build_export

        content = self.content if self.content is not None else load_content()
        with self._storage.transaction():
            view = self._locked_view()
            wanted = list(refs) if refs is not None else sorted(view.index, key=ref_key)
            for ref in wanted:
                if ref not in view.index:
                    raise CaseNotFoundError(ref)
                if view.case(ref).purged:
                    raise PurgedCaseError(view.case(ref), "il ne peut plus être exporté")
            if not wanted:
                return []
            moment = self._now()
            now = iso(moment)
            updated = []
            for ref in wanted:
                where = (destinations or {}).get(ref)
                what = "Cas exporté (pseudonymisé)" if pseudonymise else "Cas exporté"
                text = f"{what} vers {where}" if where else what
                updated.append(self._bump(view.case(ref), now, "export", text))
            documents = [build_export(case, content, exported_at=now, exported_by=self.user,
                                      pseudonymise=pseudonymise) for case in updated]
            if deliver_all is not None:
                deliver_all(documents)
            if deliver is None:
                self._commit(view, updated)
                return documents
            delivered = 0
            try:
                for document in documents:
                    deliver(document)
                    delivered += 1
            finally:
                if delivered:
                    self._commit(view, updated[:delivered])
        return documents

    # ------------------------------------------------------------------ retention

    def purge_candidates(self, retention_days: int) -> builtins.list[Due]:
        """Closed cases past the retention period now (reads only; see :mod:`core.retention`)."""
        return due_cases([case for case in self.list() if not self._postvention_pending(case)],
                         self._now(), retention_days)

    def _postvention_pending(self, case: Case) -> bool:
        return self.content is not None and pending_postvention(case, self.content) is not None

    def purge(self, refs: Iterable[str], retention_days: int) -> PurgeResult:
        """Replace each case of ``refs`` by its anonymised stub, in one locked write.

        Each case is checked again under the lock: one another session reopened meanwhile, or that
        is no longer past retention, or already purged, is left as it is and listed in
        ``skipped``. Nothing is exported. The stub's timeline ends with who purged it and when.
        """
        wanted = list(dict.fromkeys(refs))
        with self._storage.transaction():
            view = self._locked_view()
            for ref in wanted:
                if ref not in view.index:
                    raise CaseNotFoundError(ref)
            moment = self._now()
            stubs: list[Case] = []
            skipped: list[tuple[str, str]] = []
            for ref in wanted:
                case = view.case(ref)
                if case.purged:
                    skipped.append((ref, "déjà purgé"))
                elif case.status != "clos":
                    skipped.append((ref, "rouvert entre-temps, il n'est plus clos"))
                elif due(case, moment, retention_days) is None:
                    skipped.append((ref, "le délai de conservation n'est pas dépassé"))
                elif self._postvention_pending(case):
                    skipped.append((ref, "sa postvention est prévue et pas encore faite"))
                else:
                    stubs.append(make_stub(case, moment, self.user, retention_days))
            if stubs:
                self._commit(view, stubs)
        return PurgeResult(tuple(stubs), tuple(skipped))

    def import_case(self, data: Mapping[str, Any], *, source: str | None = None) -> Case:
        """Add a case exported elsewhere. Refused if its uuid is already here
        (:class:`DuplicateCaseError`); a reference already taken gets the next free one for the same
        year, and the timeline notes the old reference."""
        from harcelement_tui.core.export import case_from_export

        case = case_from_export(data, source=source)
        check_stored_case(case)
        with self._storage.transaction():
            view = self._locked_view()
            existing = view.ref_of_uuid(case.uuid)
            if existing is not None:
                raise DuplicateCaseError(case.uuid, existing)
            if case.ref in view.index:
                old = case.ref
                year = ref_key(old)[0]
                new_ref = format_ref(year, view.highest(year) + 1)
                now = iso(self._now())
                text = (f"Cas importé : la référence {old} était déjà prise dans ce fichier ; "
                        f"nouvelle référence {new_ref}.")
                case = self._bump(case, now, "modification", text,
                                  changes={"ref": {"old": old, "new": new_ref}}, ref=new_ref)
            self._insert(case)
        return case
