"""The case model: a case, its steps, timeline and evidence, with validation and dict conversion.

Every class here is a frozen dataclass: a :class:`Case` read from the store can be shared (the store
caches them) and is never changed in place; the store builds a new one with :func:`dataclasses.replace`.

``to_dict()`` gives a fresh JSON-ready ``dict``; ``from_dict()`` reads a stored one. Keys this version
does not know (a newer version may have written them) are kept in ``extra`` and written back
unchanged, at every level (case, step record, timeline entry, evidence).

Input from a user goes through the ``check_*`` functions, which raise :class:`ValidationError` with a
French message and the name of the field at fault (the UI shows the message next to that field).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from harcelement_tui.core.dates import DATE_RANGE_TEXT, format_user_date, in_range, quoted
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.vocab import FACT_IDS, STATUSES, TIMELINE_KINDS

EMPTY: Mapping[str, Any] = MappingProxyType({})

# French names of the fields, for messages and for the timeline's "old → new" entries.
FIELD_LABELS: dict[str, str] = {
    "ref": "Référence",
    "pupil": "Élève",
    "class_group": "Classe",
    "is_minor": "Mineur",
    "reported_by": "Signalé par",
    "summary": "Résumé",
    "facts": "Faits",
    "platforms": "Plateformes",
    "follow_up": "Date de suivi",
    "status": "Statut",
    "text": "Texte",
    "kind": "Type d'entrée",
    "contact_id": "Contact",
    "step_id": "Étape",
    "description": "Description",
    "where_kept": "Où est conservé l'original",
    "platform": "Plateforme",
    "url": "Adresse (URL)",
    "seen_at": "Vu le",
    "note": "Note",
    "done": "Fait",
    # People of a case (core/people.py).
    "role": "Rôle",
    "name": "Nom ou description",
    "heard_at": "Entendu le",
    "heard_by": "Entendu par",
    "parents_informed_on": "Parents informés le",
    "parents_informed_how": "Comment",
}

# Fields a user may set when opening a case or edit later (status also has set_status()).
EDITABLE_FIELDS: tuple[str, ...] = (
    "pupil",
    "class_group",
    "is_minor",
    "reported_by",
    "summary",
    "facts",
    "platforms",
    "follow_up",
)

# Timeline kinds a user writes through add_note(); the others are written by the store itself,
# so nobody can forge a "statut" or "export" entry by hand.
NOTE_KINDS: tuple[str, ...] = ("note", "appel", "contact")
# A step declared "sans objet" says why in a few words.
SKIP_REASON_MAX = 200

REF_RE = re.compile(r"^(\d{4})-(\d{3,})$")
_ISO_AWARE_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$"
)


class ValidationError(UserError):
    """Input refused before anything is written. ``field`` names the field at fault (or ``None``)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class CaseNotFoundError(ValidationError):
    """No case has this reference."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"Cas introuvable : « {ref} ».", field="ref")
        self.ref = ref


# --------------------------------------------------------------------------- helpers


def _freeze(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if not mapping:
        return EMPTY
    return MappingProxyType(copy.deepcopy(dict(mapping)))


def _thaw(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(mapping)) if mapping else {}


def _opt_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def iso(moment: datetime) -> str:
    """An aware ISO 8601 timestamp to the second: ``2026-03-05T14:02:11+01:00``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec="seconds")


def is_aware_timestamp(value: Any) -> bool:
    """True for an ISO 8601 date-time string with a UTC offset (or ``Z``)."""
    if not isinstance(value, str) or not _ISO_AWARE_RE.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def ref_key(ref: str) -> tuple[int, int, str]:
    """Sort key for references: year, then number (``2026-1000`` after ``2026-999``)."""
    match = REF_RE.match(ref)
    if match:
        return int(match.group(1)), int(match.group(2)), ref
    return 0, 0, ref


def format_ref(year: int, number: int) -> str:
    return f"{year}-{number:03d}"


# --------------------------------------------------------------------------- lazy containers


def _deferred(value: Any) -> bool:
    """A storage's read-only list whose items, known to be mappings, are read on first use
    (``core.storage.DeferredList``: ``len()`` is free, iterating reads the file)."""
    return getattr(type(value), "items_are_mappings", False) is True


def _stored_list(value: Any) -> bool:
    return isinstance(value, list) or _deferred(value)


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

    def __getitem__(self, index):  # type: ignore[override]
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

    __hash__ = None  # type: ignore[assignment]

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
            items = {_str(key): self._factory(value) for key, value in raw.items()}
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

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._load())


# --------------------------------------------------------------------------- parts


@dataclass(frozen=True, slots=True)
class StepRecord:
    """A procedure step marked done: when, by whom, with an optional note.

    ``via`` is empty for a tick by hand, else the kind of the timeline entry whose logging ticked
    the step at the same moment (``appel``: the parents' call; ``contact``: a service contacted;
    ``document``: a document handed over, such as the parents' information sheet).
    """

    done_at: str
    done_by: str
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)
    via: str = ""

    _KEYS = frozenset(("done_at", "done_by", "note", "via"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"done_at": self.done_at, "done_by": self.done_by, "note": self.note}
        if self.via:
            out["via"] = self.via
        if self.extra:
            out.update(_thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepRecord:
        if not isinstance(data, Mapping):
            raise ValueError("step record is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        return cls(_str(data.get("done_at")), _str(data.get("done_by")), _str(data.get("note")),
                   _freeze(extra), _str(data.get("via")))


@dataclass(frozen=True, slots=True)
class SkipRecord:
    """A procedure step declared "sans objet" for a case: why, when, by whom."""

    reason: str
    at: str
    by: str

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "at": self.at, "by": self.by}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SkipRecord:
        if not isinstance(data, Mapping):
            raise ValueError("skip record is not a mapping")
        return cls(_str(data.get("reason")), _str(data.get("at")), _str(data.get("by")))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of a case's history. The timeline is append-only.

    ``version`` is the case version this entry produced; ``changes`` (modification and status
    entries) maps each field changed to ``{"old": ..., "new": ...}``.
    """

    at: str
    by: str
    kind: str
    text: str
    contact_id: str | None = None
    step_id: str | None = None
    version: int | None = None
    changes: Mapping[str, Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)

    _KEYS = frozenset(("at", "by", "kind", "text", "contact_id", "step_id", "version", "changes"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"at": self.at, "by": self.by, "kind": self.kind, "text": self.text}
        if self.contact_id is not None:
            out["contact_id"] = self.contact_id
        if self.step_id is not None:
            out["step_id"] = self.step_id
        if self.version is not None:
            out["version"] = self.version
        if self.changes is not None:
            out["changes"] = _thaw(self.changes)
        if self.extra:
            out.update(_thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimelineEntry:
        if not isinstance(data, Mapping):
            raise ValueError("timeline entry is not a mapping")
        keys = cls._KEYS
        extra = None if data.keys() <= keys else {k: v for k, v in data.items() if k not in keys}
        get = data.get
        version = get("version")
        changes = get("changes")
        return cls(
            _str(get("at")),
            _str(get("by")),
            _str(get("kind")),
            _str(get("text")),
            _opt_str(get("contact_id")),
            _opt_str(get("step_id")),
            version if isinstance(version, int) and not isinstance(version, bool) else None,
            _freeze(changes) if isinstance(changes, Mapping) else None,
            _freeze(extra),
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """A piece of evidence, described only: the school never stores the images themselves."""

    at: str
    by: str
    description: str
    where_kept: str
    platform: str | None = None
    url: str | None = None
    seen_at: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)

    _KEYS = frozenset(("at", "by", "description", "where_kept", "platform", "url", "seen_at"))
    FIELDS = ("description", "where_kept", "platform", "url", "seen_at")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"at": self.at, "by": self.by, "description": self.description,
                               "where_kept": self.where_kept}
        for key in ("platform", "url", "seen_at"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.extra:
            out.update(_thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        if not isinstance(data, Mapping):
            raise ValueError("evidence is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        get = data.get
        return cls(_str(get("at")), _str(get("by")), _str(get("description")), _str(get("where_kept")),
                   _opt_str(get("platform")), _opt_str(get("url")), _opt_str(get("seen_at")),
                   _freeze(extra))


@dataclass(frozen=True, slots=True)
class Hearing:
    """A person heard: when the interview took place (aware ISO), who heard them (as typed), a
    short note; ``at``/``by``: when it was recorded and by which user."""

    heard_at: str
    heard_by: str
    note: str = ""
    at: str = ""
    by: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)

    _KEYS = frozenset(("heard_at", "heard_by", "note", "at", "by"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"heard_at": self.heard_at, "heard_by": self.heard_by, "note": self.note,
                               "at": self.at, "by": self.by}
        if self.extra:
            out.update(_thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Hearing:
        if not isinstance(data, Mapping):
            raise ValueError("hearing is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        get = data.get
        return cls(_str(get("heard_at")), _str(get("heard_by")), _str(get("note")), _str(get("at")),
                   _str(get("by")), _freeze(extra))


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a case beside the targeted pupil (see ``core/people.py``): a role from
    ``content/people.yaml``, a name or a description ("compte Snapchat @x"), class, minor or not,
    the hearings, and when and how the parents were informed. ``id`` (``p1``, ``p2``…) is unique
    in the case and never reused."""

    id: str
    role: str
    name: str
    class_group: str = ""
    is_minor: bool = True
    added_at: str = ""
    added_by: str = ""
    hearings: tuple[Hearing, ...] = ()
    parents_informed_on: str | None = None
    parents_informed_how: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)

    _KEYS = frozenset(("id", "role", "name", "class_group", "is_minor", "added_at", "added_by",
                       "hearings", "parents_informed_on", "parents_informed_how"))
    FIELDS = ("role", "name", "class_group", "is_minor")

    @property
    def heard(self) -> Hearing | None:
        """The first hearing (the one the deadline asks for), or ``None``."""
        return self.hearings[0] if self.hearings else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "role": self.role, "name": self.name, "class_group": self.class_group,
            "is_minor": self.is_minor, "added_at": self.added_at, "added_by": self.added_by,
            "hearings": [hearing.to_dict() for hearing in self.hearings],
            "parents_informed_on": self.parents_informed_on,
            "parents_informed_how": self.parents_informed_how,
        }
        if self.extra:
            out.update(_thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Person:
        if not isinstance(data, Mapping):
            raise ValueError("person is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        get = data.get
        hearings = get("hearings") or []
        if not isinstance(hearings, list):
            raise ValueError("hearings is not a list")
        is_minor = get("is_minor", True)
        return cls(_str(get("id")), _str(get("role")), _str(get("name")), _str(get("class_group")),
                   is_minor if isinstance(is_minor, bool) else True, _str(get("added_at")),
                   _str(get("added_by")), tuple(Hearing.from_dict(item) for item in hearings),
                   _opt_str(get("parents_informed_on")) or None, _str(get("parents_informed_how")),
                   _freeze(extra))


# --------------------------------------------------------------------------- the case


@dataclass(frozen=True, slots=True)
class Case:
    """A harassment case as stored. Build new versions with :func:`dataclasses.replace`."""

    ref: str
    uuid: str
    opened_at: str
    opened_by: str
    updated_at: str
    updated_by: str
    version: int
    status: str = "ouvert"
    follow_up: str | None = None
    pupil: str = ""
    class_group: str = ""
    is_minor: bool = True
    reported_by: str = ""
    summary: str = ""
    facts: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    steps: Mapping[str, StepRecord] = field(default_factory=lambda: EMPTY)
    timeline: tuple[TimelineEntry, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    # Set when the case was purged (retention period over): the case is then an anonymised stub
    # (see core/retention.py) that only counts in statistics and can no longer change.
    purged_at: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: EMPTY, repr=False)
    # Steps declared "sans objet" for this case, with their reason (see core/applicability.py).
    not_applicable: Mapping[str, SkipRecord] = field(default_factory=lambda: EMPTY)
    # The date (ISO) planned for the postvention step after closing, while it is not done.
    postvention: str | None = None
    # The people beside the targeted pupil (core/people.py); written only when there are some.
    people: tuple[Person, ...] = ()

    _KEYS = frozenset((
        "ref", "uuid", "opened_at", "opened_by", "updated_at", "updated_by", "version", "status",
        "follow_up", "pupil", "class_group", "is_minor", "reported_by", "summary", "facts",
        "platforms", "steps", "timeline", "evidence", "purged_at", "not_applicable", "postvention", "people",
    ))

    @property
    def year(self) -> int:
        return ref_key(self.ref)[0]

    def step_done(self, step_id: str) -> bool:
        return step_id in self.steps

    @property
    def purged(self) -> bool:
        """True for the anonymised stub left by a purge."""
        return self.purged_at is not None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ref": self.ref,
            "uuid": self.uuid,
            "opened_at": self.opened_at,
            "opened_by": self.opened_by,
            "updated_at": self.updated_at,
            "updated_by": self.updated_by,
            "version": self.version,
            "status": self.status,
            "follow_up": self.follow_up,
            "pupil": self.pupil,
            "class_group": self.class_group,
            "is_minor": self.is_minor,
            "reported_by": self.reported_by,
            "summary": self.summary,
            "facts": list(self.facts),
            "platforms": list(self.platforms),
            "steps": {key: record.to_dict() for key, record in self.steps.items()},
            "timeline": [entry.to_dict() for entry in self.timeline],
            "evidence": [item.to_dict() for item in self.evidence],
        }
        if self.purged_at is not None:
            out["purged_at"] = self.purged_at
        if self.not_applicable:
            out["not_applicable"] = {key: record.to_dict() for key, record in self.not_applicable.items()}
        if self.postvention is not None:
            out["postvention"] = self.postvention
        if self.people:
            out["people"] = [person.to_dict() for person in self.people]
        if self.extra:
            out.update(_thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Case:
        """Read a stored case. Lenient on values (a newer version may use new ones), strict on shape.

        Raises ``ValueError`` when the document cannot be a case (no reference, wrong container types).
        """
        if not isinstance(data, Mapping):
            raise ValueError("case is not a mapping")
        ref = data.get("ref")
        if not isinstance(ref, str) or not ref:
            raise ValueError("case has no reference")
        get = data.get
        keys = cls._KEYS
        extra = None if data.keys() <= keys else {k: v for k, v in data.items() if k not in keys}
        steps = get("steps") or {}
        timeline = get("timeline") or []
        evidence = get("evidence") or []
        facts = get("facts") or []
        platforms = get("platforms") or []
        skipped = get("not_applicable") or {}
        people = get("people") or []
        if not isinstance(people, list) or not all(isinstance(item, Mapping) for item in people):
            raise ValueError(f"case {ref}: wrong people")
        if not isinstance(steps, Mapping) or not isinstance(skipped, Mapping) or not _stored_list(timeline) \
                or not _stored_list(evidence) or not isinstance(facts, list) \
                or not isinstance(platforms, list):
            raise ValueError(f"case {ref}: wrong container type")
        # Shape checked now, parts built on first use (see LazyTuple). A deferred list (its items
        # still in the file) was checked by the storage that made it: reading it now would defeat it.
        for part in (steps.values(), skipped.values(), timeline, evidence):
            if _deferred(part):
                continue
            for item in part:
                if type(item) is not dict and not isinstance(item, Mapping):
                    raise ValueError(f"case {ref}: an entry is not a mapping")
        version = get("version")
        is_minor = get("is_minor", True)
        return cls(
            ref=ref,
            uuid=_str(get("uuid")),
            opened_at=_str(get("opened_at")),
            opened_by=_str(get("opened_by")),
            updated_at=_str(get("updated_at")),
            updated_by=_str(get("updated_by")),
            version=version if isinstance(version, int) and not isinstance(version, bool) else 0,
            status=_str(get("status")) or "ouvert",
            follow_up=_opt_str(get("follow_up")) or None,
            pupil=_str(get("pupil")),
            class_group=_str(get("class_group")),
            is_minor=is_minor if isinstance(is_minor, bool) else True,
            reported_by=_str(get("reported_by")),
            summary=_str(get("summary")),
            facts=tuple(_str(f) for f in facts),
            platforms=tuple(_str(p) for p in platforms),
            steps=LazyMapping(steps, StepRecord.from_dict),
            timeline=LazyTuple(timeline, TimelineEntry.from_dict),
            evidence=LazyTuple(evidence, Evidence.from_dict),
            purged_at=_opt_str(get("purged_at")) or None,
            extra=_freeze(extra),
            not_applicable=LazyMapping(skipped, SkipRecord.from_dict) if skipped else EMPTY,
            postvention=_opt_str(get("postvention")) or None,
            people=LazyTuple(people, Person.from_dict) if people else (),
        )


# --------------------------------------------------------------------------- input checks


# Limits (README « Limites »), checked where values enter: forms and commands (check_*), imports
# (check_stored_case and the export schema), every write of a case (check_case_size).
MAX_FIELD_CHARS = 1_000
"""One field: pupil, class, reporter, a platform, where the original is kept, a URL..."""
MAX_NOTE_CHARS = 20_000
"""One long text: the summary, a note or call, a step's note, an evidence description."""
LONG_TEXT_FIELDS = frozenset({"summary", "text", "note", "description"})
MAX_TIMELINE = 5_000
"""Entries in one case's history."""
MAX_EVIDENCE = 1_000
"""Pieces of evidence in one case."""
MAX_CASE_BYTES = 4 << 20
"""One case as stored (JSON, UTF-8): 4 Mo."""
MAX_VERSION = 2**53
"""A case's version number stays an integer every JSON reader reads exactly."""


def check_version(case: Case) -> int:
    """The version ``case`` gets at its next change; refused beyond :data:`MAX_VERSION`."""
    if not 0 <= case.version < MAX_VERSION:
        raise _fail("version", f"Le cas {case.ref} a un numéro de version hors limites "
                               f"(de 1 à {MAX_VERSION}) ; rien n'a été enregistré.")
    return case.version + 1


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _too_long(field_name: str, label: str, value: str) -> ValidationError:
    limit = MAX_NOTE_CHARS if field_name in LONG_TEXT_FIELDS else MAX_FIELD_CHARS
    return _fail(field_name, f"Le champ « {label} » est trop long : {_number(len(value))} caractères "
                             f"(de 0 à {_number(limit)}).")


def check_length(value: str, field_name: str, label: str | None = None) -> str:
    """``value`` if it fits the limit of ``field_name``; else :class:`ValidationError` naming it."""
    limit = MAX_NOTE_CHARS if field_name in LONG_TEXT_FIELDS else MAX_FIELD_CHARS
    if len(value) > limit:
        raise _too_long(field_name, label or FIELD_LABELS.get(field_name, field_name), value)
    return value


def check_case_size(case: Case, size: int | None = None) -> None:
    """Refuse a case over the limits of a whole case (history, evidence, stored size)."""
    if len(case.timeline) > MAX_TIMELINE:
        raise _fail("timeline", f"Le cas {case.ref} a trop d'entrées d'historique : "
                                f"{_number(len(case.timeline))} (de 1 à {_number(MAX_TIMELINE)}).")
    if len(case.evidence) > MAX_EVIDENCE:
        raise _fail("evidence", f"Le cas {case.ref} a trop de preuves : {_number(len(case.evidence))} "
                                f"(de 0 à {_number(MAX_EVIDENCE)}).")
    if size is not None and size > MAX_CASE_BYTES:
        megabytes = f"{size / (1 << 20):.1f}".replace(".", ",")
        raise _fail("case", f"Le cas {case.ref} est trop gros : {megabytes} Mo "
                            f"(au plus {MAX_CASE_BYTES >> 20} Mo) ; rien n'a été enregistré.")


def _check_moment(value: str | None, field_name: str) -> None:
    if value is None:
        return
    try:
        day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        day = None
    if day is None or not in_range(day):
        label = FIELD_LABELS.get(field_name, field_name)
        raise _fail(field_name, f"Date hors limites pour « {label} » : « {value[:40]} » "
                                f"(une date {DATE_RANGE_TEXT}).")


def _fail(field_name: str, message: str) -> ValidationError:
    return ValidationError(message, field=field_name)


def check_text(value: Any, field_name: str, *, required: bool = False, label: str | None = None) -> str:
    """A stripped text; ``required`` refuses an empty one."""
    label = label or FIELD_LABELS.get(field_name, field_name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail(field_name, f"Le champ « {label} » doit être un texte.")
    value = value.strip()
    if required and not value:
        raise _fail(field_name, f"Le champ « {label} » est obligatoire.")
    return check_length(value, field_name, label)


def check_pupil(value: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise _fail("pupil", "Le champ « Élève » doit être un texte.")
    value = (value or "").strip()
    if not value:
        raise _fail("pupil", "Le nom de l'élève est obligatoire (nom ou initiales).")
    return check_length(value, "pupil")


def check_bool(value: Any, field_name: str) -> bool:
    if not isinstance(value, bool):
        label = FIELD_LABELS.get(field_name, field_name)
        raise _fail(field_name, f"Le champ « {label} » doit valoir oui ou non.")
    return value


def check_facts(value: Any) -> tuple[str, ...]:
    """A subset of :data:`FACT_IDS`, in their canonical order."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _fail("facts", "Le champ « Faits » doit être une liste de catégories.")
    chosen = set()
    for item in value:
        if item not in FACT_IDS:
            raise _fail(
                "facts",
                f"Catégorie de faits inconnue : « {item} » (catégories possibles : {', '.join(FACT_IDS)}).",
            )
        chosen.add(item)
    return tuple(fact for fact in FACT_IDS if fact in chosen)


def check_platforms(value: Any) -> tuple[str, ...]:
    """Non-empty names, stripped, without duplicates, in the order given."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _fail("platforms", "Le champ « Plateformes » doit être une liste de noms.")
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise _fail("platforms", "Le champ « Plateformes » doit être une liste de noms.")
        item = check_length(item.strip(), "platforms")
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def check_status(value: Any) -> str:
    if value not in STATUSES:
        raise _fail("status", f"Statut inconnu : « {value} » (statuts possibles : {', '.join(STATUSES)}).")
    return value


def check_follow_up(value: Any) -> str | None:
    """``None``/empty, a :class:`date` or an ISO date ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    day = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if day is not None:
        if not in_range(day):
            raise _fail("follow_up", f"Date de suivi hors limites : « {day.isoformat()} » "
                                     f"(une date {DATE_RANGE_TEXT}).")
        return day.isoformat()
    raise _fail("follow_up", f"Date de suivi invalide : « {value} » (format attendu : AAAA-MM-JJ).")


def check_timestamp(value: Any, field_name: str) -> str | None:
    """``None``/empty, an aware :class:`datetime` or an ISO 8601 date-time with its UTC offset."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = iso(value)
    if isinstance(value, str) and is_aware_timestamp(value.strip()):
        _check_moment(value.strip(), field_name)
        return value.strip()
    label = FIELD_LABELS.get(field_name, field_name)
    raise _fail(
        field_name,
        f"Date et heure invalides pour « {label} » : « {value} » "
        "(format attendu : AAAA-MM-JJTHH:MM avec le fuseau, par ex. 2026-03-05T14:30+01:00).",
    )


def check_kind(value: Any) -> str:
    if value not in NOTE_KINDS:
        if value in TIMELINE_KINDS:
            message = f"Les entrées « {value} » sont écrites par la console elle-même."
        else:
            message = f"Type d'entrée inconnu : « {value} »."
        raise _fail("kind", f"{message} Types possibles : {', '.join(NOTE_KINDS)}.")
    return value


def check_case_fields(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Validate editable fields; return them normalised. Unknown names are refused."""
    allowed = EDITABLE_FIELDS + (("status",) if creating else ())
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in allowed:
            label = FIELD_LABELS.get(name, name)
            raise _fail(name, f"Champ inconnu ou non modifiable : « {label} ».")
        if name == "pupil":
            out[name] = check_pupil(value)
        elif name == "is_minor":
            out[name] = check_bool(value, name)
        elif name == "facts":
            out[name] = check_facts(value)
        elif name == "platforms":
            out[name] = check_platforms(value)
        elif name == "follow_up":
            out[name] = check_follow_up(value)
        elif name == "status":
            out[name] = check_status(value)
        else:
            out[name] = check_text(value, name)
    if creating and "pupil" not in out:
        raise _fail("pupil", "Le nom de l'élève est obligatoire (nom ou initiales).")
    return out


def check_evidence_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        if name not in Evidence.FIELDS:
            raise _fail(name, f"Champ inconnu pour une preuve : « {name} ».")
    out["description"] = check_text(fields.get("description"), "description", required=True)
    out["where_kept"] = check_text(fields.get("where_kept"), "where_kept", required=True)
    for name in ("platform", "url"):
        value = check_text(fields.get(name), name)
        out[name] = value or None
    out["seen_at"] = check_timestamp(fields.get("seen_at"), "seen_at")
    return out


def check_stored_case(case: Case) -> None:
    """Strict checks on a whole case coming from outside (an import)."""
    check_pupil(case.pupil)
    check_status(case.status)
    check_facts(case.facts)
    if case.follow_up is not None:
        check_follow_up(case.follow_up)
    if not REF_RE.match(case.ref):
        raise _fail("ref", f"Référence invalide : « {case.ref} » (format attendu : 2026-001).")
    if not 1 <= case.version <= MAX_VERSION:
        raise _fail("version", f"Numéro de version invalide (de 1 à {MAX_VERSION}).")
    for name in ("opened_at", "updated_at"):
        if not is_aware_timestamp(getattr(case, name)):
            raise _fail(name, f"Date et heure invalides : « {getattr(case, name)} ».")
        _check_moment(getattr(case, name), name)
    for name in ("class_group", "reported_by", "summary"):
        check_length(getattr(case, name), name)
    check_platforms(case.platforms)
    check_case_size(case)
    for entry in case.timeline:
        if entry.kind not in TIMELINE_KINDS:
            raise _fail("timeline", f"Type d'entrée inconnu dans l'historique : « {entry.kind} ».")
        _check_moment(entry.at, "timeline")
        check_length(entry.text, "text")
    for item in case.evidence:
        _check_moment(item.at, "evidence")
        _check_moment(item.seen_at, "seen_at")
        check_length(item.description, "description")
        for name in ("where_kept", "platform", "url"):
            check_length(getattr(item, name) or "", name)
    for record in case.steps.values():
        _check_moment(record.done_at, "steps")
        check_length(record.note or "", "note")
    for skipped in case.not_applicable.values():
        _check_moment(skipped.at, "not_applicable")
        if len(skipped.reason) > SKIP_REASON_MAX:
            raise _fail("not_applicable", f"Raison trop longue ({len(skipped.reason)} caractères ; au plus "
                        f"{SKIP_REASON_MAX}).")
    if case.postvention is not None:
        check_follow_up(case.postvention)
    from harcelement_tui.core.people import check_stored_people

    check_stored_people(case.people)


# --------------------------------------------------------------------------- display helpers


def describe_value(name: str, value: Any) -> str:
    """A short French rendering of a field value for timeline texts."""
    if value is None or value == "" or value == () or value == []:
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if name == "follow_up":
        return quoted(format_user_date(value))
    text = str(value)
    if name == "summary" and len(text) > 80:
        text = text[:77] + "…"
    return quoted(text)


def jsonable(value: Any) -> Any:
    """Tuples become lists, for ``changes`` entries."""
    if isinstance(value, tuple):
        return list(value)
    return value
