"""The case model: a case, its steps, timeline and evidence, with dict conversion.

Every class here is a frozen dataclass: a :class:`Case` read from the store can be shared (the store
caches them) and is never changed in place; the store builds a new one with :func:`dataclasses.replace`.

``to_dict()`` gives a fresh JSON-ready ``dict``; ``from_dict()`` reads a stored one. Keys this version
does not know (a newer version may have written them) are kept in ``extra`` and written back
unchanged, at every level (case, step record, timeline entry, evidence).

The model is spread over a few modules, all re-exported here: plain values (:mod:`.values`), lazy
containers (:mod:`.lazy`), the people of a case (:mod:`.model_people`) and the input checks
(:mod:`.checks`, which raise :class:`ValidationError` with a French message and the field at fault).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from harcelement_tui.core.checks import (  # noqa: F401 - the model's one import path
    EDITABLE_FIELDS,
    EVIDENCE_FIELDS,
    LONG_TEXT_FIELDS,
    MAX_CASE_BYTES,
    MAX_EVIDENCE,
    MAX_FIELD_CHARS,
    MAX_NOTE_CHARS,
    MAX_TIMELINE,
    MAX_VERSION,
    NOTE_KINDS,
    SKIP_REASON_MAX,
    CaseNotFoundError,
    ValidationError,
    check_bool,
    check_case_fields,
    check_case_size,
    check_evidence_fields,
    check_facts,
    check_follow_up,
    check_kind,
    check_length,
    check_platforms,
    check_pupil,
    check_status,
    check_stored_case,
    check_text,
    check_timestamp,
    check_version,
)
from harcelement_tui.core.lazy import LazyMapping, LazyTuple, deferred, stored_list
from harcelement_tui.core.model_people import Hearing, Person
from harcelement_tui.core.strings import FIELD_LABELS  # noqa: F401 - re-exported
from harcelement_tui.core.values import (  # noqa: F401 - re-exported
    EMPTY,
    REF_RE,
    as_str,
    describe_value,
    format_ref,
    freeze,
    is_aware_timestamp,
    iso,
    jsonable,
    opt_str,
    ref_key,
    thaw,
)


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
            out.update(thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StepRecord:
        if not isinstance(data, Mapping):
            raise ValueError("step record is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        return cls(as_str(data.get("done_at")), as_str(data.get("done_by")), as_str(data.get("note")),
                   freeze(extra), as_str(data.get("via")))


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
        return cls(as_str(data.get("reason")), as_str(data.get("at")), as_str(data.get("by")))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of a case's history. The timeline is append-only.

    ``version`` is the case version this entry produced; ``changes`` (modification and status
    entries) maps each field changed to ``{"old": ..., "new": ...}``.

    An entry the console writes itself is stored as data: ``code`` (``status_changed``,
    ``step_done``…) and ``params``, rendered in the reader's language at display time by
    :func:`harcelement_tui.core.history_text.render`; its ``text`` is empty. ``text`` holds what a
    user typed (a note, a call) and the sentences older versions stored, displayed as they are.
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
    code: str | None = None
    params: Mapping[str, Any] = field(default_factory=lambda: EMPTY)

    _KEYS = frozenset(("at", "by", "kind", "text", "contact_id", "step_id", "version", "changes", "code",
                       "params"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"at": self.at, "by": self.by, "kind": self.kind}
        if self.code is not None:
            out["code"] = self.code
            out["params"] = thaw(self.params)
        if self.text or self.code is None:
            out["text"] = self.text
        if self.contact_id is not None:
            out["contact_id"] = self.contact_id
        if self.step_id is not None:
            out["step_id"] = self.step_id
        if self.version is not None:
            out["version"] = self.version
        if self.changes is not None:
            out["changes"] = thaw(self.changes)
        if self.extra:
            out.update(thaw(self.extra))
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
        code = get("code")
        params = get("params")
        return cls(
            as_str(get("at")),
            as_str(get("by")),
            as_str(get("kind")),
            as_str(get("text")),
            opt_str(get("contact_id")),
            opt_str(get("step_id")),
            version if isinstance(version, int) and not isinstance(version, bool) else None,
            freeze(changes) if isinstance(changes, Mapping) else None,
            freeze(extra),
            code if isinstance(code, str) and code else None,
            freeze(params) if isinstance(params, Mapping) else EMPTY,
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
    FIELDS = EVIDENCE_FIELDS

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"at": self.at, "by": self.by, "description": self.description,
                               "where_kept": self.where_kept}
        for key in ("platform", "url", "seen_at"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.extra:
            out.update(thaw(self.extra))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        if not isinstance(data, Mapping):
            raise ValueError("evidence is not a mapping")
        extra = None if data.keys() <= cls._KEYS else {k: v for k, v in data.items() if k not in cls._KEYS}
        get = data.get
        return cls(as_str(get("at")), as_str(get("by")), as_str(get("description")), as_str(get("where_kept")),
                   opt_str(get("platform")), opt_str(get("url")), opt_str(get("seen_at")),
                   freeze(extra))



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
            out.update(thaw(self.extra))
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
        if not isinstance(steps, Mapping) or not isinstance(skipped, Mapping) or not stored_list(timeline) \
                or not stored_list(evidence) or not isinstance(facts, list) \
                or not isinstance(platforms, list):
            raise ValueError(f"case {ref}: wrong container type")
        # Shape checked now, parts built on first use (see LazyTuple). A deferred list (its items
        # still in the file) was checked by the storage that made it: reading it now would defeat it.
        for part in (steps.values(), skipped.values(), timeline, evidence):
            if deferred(part):
                continue
            for item in part:
                if type(item) is not dict and not isinstance(item, Mapping):
                    raise ValueError(f"case {ref}: an entry is not a mapping")
        version = get("version")
        is_minor = get("is_minor", True)
        return cls(
            ref=ref,
            uuid=as_str(get("uuid")),
            opened_at=as_str(get("opened_at")),
            opened_by=as_str(get("opened_by")),
            updated_at=as_str(get("updated_at")),
            updated_by=as_str(get("updated_by")),
            version=version if isinstance(version, int) and not isinstance(version, bool) else 0,
            status=as_str(get("status")) or "ouvert",
            follow_up=opt_str(get("follow_up")) or None,
            pupil=as_str(get("pupil")),
            class_group=as_str(get("class_group")),
            is_minor=is_minor if isinstance(is_minor, bool) else True,
            reported_by=as_str(get("reported_by")),
            summary=as_str(get("summary")),
            facts=tuple(as_str(f) for f in facts),
            platforms=tuple(as_str(p) for p in platforms),
            steps=LazyMapping(steps, StepRecord.from_dict),
            # A LazyTuple reads as a tuple (len, index, iteration, +, ==): typed as one.
            timeline=cast("tuple[TimelineEntry, ...]", LazyTuple(timeline, TimelineEntry.from_dict)),
            evidence=cast("tuple[Evidence, ...]", LazyTuple(evidence, Evidence.from_dict)),
            purged_at=opt_str(get("purged_at")) or None,
            extra=freeze(extra),
            not_applicable=LazyMapping(skipped, SkipRecord.from_dict) if skipped else EMPTY,
            postvention=opt_str(get("postvention")) or None,
            people=cast("tuple[Person, ...]", LazyTuple(people, Person.from_dict)) if people else (),
        )

