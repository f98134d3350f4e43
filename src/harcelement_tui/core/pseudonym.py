"""Pseudonymised copies of a case, for sharing with someone who does not need the pupil's identity.

Rules (also in the README):

- **The pupil** becomes their initials: ``Léa Dupont`` -> ``L. D.`` (``Jean-Pierre`` -> ``J.-P.``).
  Initials, not a code: the recipient (pouvoir organisateur, CPMS, police) reads a report about
  "L. D." naturally, and the school, which keeps the reference, knows who it is.
- **In every free text** (summary, notes, calls, contacts, step notes, evidence description, where
  the original is, platform and URL, platforms, timeline texts), every occurrence of the name is
  replaced: the whole name in either order (``Léa Dupont``, ``DUPONT Léa``, ``lea.dupont``,
  ``LeaDupont``) becomes the initials, and each part alone (``Léa``, ``DUPONT``, ``Dupont's``)
  becomes its own initial (``L.``, ``D.``, ``D.'s``). Matching ignores case and accents (``LÉA``,
  ``lea``, ``Léa`` written with a combining accent) and works on whole words only: a part is
  replaced where no letter touches it, so ``Leandre`` and ``Dupontel`` are left alone when the
  pupil is Léa Dupont, while ``Léa2009`` or ``@lea_dupont`` are caught.
  Parts of one letter and name particles (``de``, ``van``, ``le``…) are replaced only inside the
  whole name: alone they are ordinary words. A part that is also a common word (``Rose``,
  ``Pierre``) is replaced everywhere: on purpose, better one word too many than a name left.
  Every name the case had (a corrected spelling in the timeline's changes) is handled the same way.
- **The case's other people** (victims, alleged authors, witnesses…, ``core/people.py``) become
  their role and number in the case, in the order they were added: ``auteur présumé 1``,
  ``auteur présumé 2``, ``témoin 1`` (not initials: the role is what the recipient needs, several
  pupils' initials collide, and an unknown account has none). Their names are replaced in every
  free text as the pupil's are, each part alone too, with the role and number; words of a
  description (``compte``, ``Snapchat``…, :data:`DESCRIPTION_WORDS`, and the case's platforms)
  only inside the whole description; a description as written and each of its tokens with other
  signs than letters (``@lea_x99``) wherever it appears. Their class is dropped; who heard them is
  numbered like the users.
- **Dropped fields**: the class, who reported the case (often a parent, who bears the same name),
  the case's uuid (the reference is kept to talk about the case) and keys written by a newer
  version (their content is unknown). A modification of a dropped field stays in the timeline as
  "modifié (non communiqué)", without its values.
- **Users**: staff logins become ``utilisateur 1``, ``utilisateur 2``… numbered in order of first
  appearance in the case: the recipient still sees who did what (the same person keeps the same
  number) without a login that names the school's staff.

Not caught: a name glued to other letters (``xXleaXx``), nicknames, and what else the free text
says (a sibling's name, a street): the output says it is pseudonymised and asks to re-read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from harcelement_tui.core.model import (
    EMPTY,
    FIELD_LABELS,
    Case,
    Evidence,
    Hearing,
    Person,
    SkipRecord,
    StepRecord,
    TimelineEntry,
    describe_value,
)
from harcelement_tui.core import strings as S
from harcelement_tui.core import strings_history as H
from harcelement_tui.core.people import person_names, role_numbers
from harcelement_tui.core.name_scrub import (  # noqa: F401 - re-exported
    DESCRIPTION_WORDS,
    PARTICLES,
    NameScrubber,
    hide_paths,
    initials,
)

# Case fields a recipient of a pseudonymised case does not get (removed from exports, not shown
# in reports).
DROPPED_FIELDS: tuple[str, ...] = ("uuid", "class_group", "reported_by")

# Changes of a person's field a recipient does not get ("person.p1.class_group").
PERSON_DROPPED = ".class_group"

USER_LABEL = S.USER_LABEL


def pupil_names(case: Case) -> list[str]:
    """Every name the pupil had in this case: the current one and those in the timeline's changes."""
    names = [case.pupil]
    for entry in case.timeline:
        change = (entry.changes or {}).get("pupil")
        if isinstance(change, Mapping):
            for key in ("old", "new"):
                value = change.get(key)
                if isinstance(value, str) and value and value not in names:
                    names.append(value)
    return names


class Pseudonymiser:
    """Pseudonymises one case: ``Pseudonymiser(case).case()``, and ``.text()``/``.user()`` for
    anything else about that case (the author of a report, the exporter).

    ``fact_label`` names a fact id in modification texts rebuilt without a dropped field.
    """

    def __init__(self, case: Case, *, fact_label: Callable[[str], str] | None = None,
                 role_label: Callable[[str], str] | None = None) -> None:
        self.source = case
        # The case's other people (core/people.py): each name, and every name they had, becomes
        # the person's role and number ("auteur présumé 1") everywhere.
        self.people_labels = role_numbers(case.people, role_label or (lambda role: role))
        labels = {name: self.people_labels[person.id]
                  for person in case.people for name in person_names(case, person)}
        names = NameScrubber(pupil_names(case), labels=labels, common=case.platforms)
        # File paths in the history ("Cas exporté vers /home/LOGIN/…") name the staff member:
        # only the file name is kept.
        self.scrub = lambda text: names(hide_paths(text))
        self.pupil = initials(case.pupil)
        self.fact_label = fact_label
        self._users: dict[str, str] = {}
        for login in (case.opened_by, *(entry.by for entry in case.timeline),
                      *(record.done_by for record in case.steps.values()),
                      *(record.by for record in case.not_applicable.values()),
                      *(item.by for item in case.evidence), case.updated_by,
                      *(person.added_by for person in case.people),
                      *(hearing.by for person in case.people for hearing in person.hearings)):
            self.user(login)

    def text(self, text: str) -> str:
        return self.scrub(text)

    def user(self, login: str) -> str:
        """``utilisateur N`` for a login, the same N for the same login."""
        if not login:
            return login
        if login not in self._users:
            self._users[login] = USER_LABEL.format(number=len(self._users) + 1)
        return self._users[login]

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, (list, tuple)):
            return [self._value(item) for item in value]
        if isinstance(value, Mapping):
            return {key: self._value(item) for key, item in value.items()}
        return value

    def _changes(self, changes: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
        if changes is None:
            return None
        kept = {name: self._value(change) for name, change in changes.items()
                if name not in DROPPED_FIELDS and not name.endswith(PERSON_DROPPED)}
        return MappingProxyType(kept) if kept else None

    def _describe(self, name: str, value: Any) -> str:
        if name == "facts" and self.fact_label is not None and isinstance(value, list) and value:
            value = [self.fact_label(str(fact)) for fact in value]
        return describe_value(name, value)

    def _hearers(self, text: str) -> str:
        """Who heard a person, in the console's own ``personne`` entries ("… par Mme Leroy"),
        numbered like the users (the hearings' ``heard_by`` are)."""
        hearers = sorted({h.heard_by for p in self.source.people for h in p.hearings if h.heard_by},
                         key=len, reverse=True)
        for hearer in hearers:
            text = text.replace(f" par {hearer}", f" par {self.user(self.scrub(hearer))}")
        return text

    def _entry_text(self, entry: TimelineEntry) -> str:
        if entry.kind == "personne":
            return self.scrub(self._hearers(entry.text))
        changes = entry.changes or {}
        hides = entry.kind == "modification" and any(name in DROPPED_FIELDS for name in changes)
        if entry.code is not None or not hides \
                or not all(name in FIELD_LABELS and isinstance(changes[name], Mapping) for name in changes):
            return self.scrub(entry.text)
        parts = []
        for name, change in changes.items():
            label = FIELD_LABELS[name]
            if name in DROPPED_FIELDS:
                parts.append(H.FIELD_HIDDEN.format(label=label))
            else:
                parts.append(H.FIELD_CHANGE.format(label=label, old=self._describe(name, change.get("old")),
                                                   new=self._describe(name, change.get("new"))))
        return self.scrub(H.FIELDS_CHANGED.format(changes=H.CHANGES_SEPARATOR.join(parts)))

    def _params(self, entry: TimelineEntry) -> Mapping[str, Any]:
        """The parameters of an entry written as data (:mod:`~harcelement_tui.core.history_text`),
        pseudonymised: every text scrubbed, a dropped field's values hidden, who heard a person and
        who purged numbered like the users."""
        if entry.code is None:
            return EMPTY
        params = dict(self._value(entry.params))
        fields = params.get("fields")
        if entry.code == "fields_changed" and isinstance(fields, Mapping):
            params["fields"] = {name: {"hidden": True} if name in DROPPED_FIELDS else change
                                for name, change in fields.items()}
        for key in ("by", "user"):
            if isinstance(entry.params.get(key), str):
                params[key] = self.user(self.scrub(entry.params[key]))
        return MappingProxyType(params)

    def entry(self, entry: TimelineEntry) -> TimelineEntry:
        return TimelineEntry(at=entry.at, by=self.user(entry.by), kind=entry.kind, text=self._entry_text(entry),
                             contact_id=entry.contact_id, step_id=entry.step_id, version=entry.version,
                             changes=self._changes(entry.changes), code=entry.code, params=self._params(entry))

    def evidence(self, item: Evidence) -> Evidence:
        scrub = self.scrub
        return Evidence(at=item.at, by=self.user(item.by), description=scrub(item.description),
                        where_kept=scrub(item.where_kept),
                        platform=scrub(item.platform) if item.platform is not None else None,
                        url=scrub(item.url) if item.url is not None else None, seen_at=item.seen_at)

    def person(self, person: Person) -> Person:
        """Role and number instead of the name, no class; who heard numbered like the users."""
        hearings = tuple(Hearing(heard_at=h.heard_at, heard_by=self.user(self.scrub(h.heard_by)),
                                 note=self.scrub(h.note), at=h.at, by=self.user(h.by))
                         for h in person.hearings)
        return Person(id=person.id, role=person.role, name=self.people_labels[person.id], class_group="",
                      is_minor=person.is_minor, added_at=person.added_at, added_by=self.user(person.added_by),
                      hearings=hearings, parents_informed_on=person.parents_informed_on,
                      parents_informed_how=self.scrub(person.parents_informed_how))

    def case(self, part: Case | None = None) -> Case:
        """The pseudonymised case: initials, free texts scrubbed, users numbered, dropped fields
        emptied (exports then leave them out), no unknown keys. ``part``: a part of the same case
        (what changed since a date) to pseudonymise with the names found in the whole case, former
        spellings included."""
        case = part if part is not None else self.source
        steps = {step_id: StepRecord(done_at=record.done_at, done_by=self.user(record.done_by),
                                     note=self.scrub(record.note), via=record.via)
                 for step_id, record in case.steps.items()}
        return replace(
            case,
            uuid="",
            pupil=self.pupil,
            class_group="",
            reported_by="",
            opened_by=self.user(case.opened_by),
            updated_by=self.user(case.updated_by),
            summary=self.scrub(case.summary),
            platforms=tuple(self.scrub(platform) for platform in case.platforms),
            steps=MappingProxyType(steps),
            not_applicable=MappingProxyType({
                step_id: SkipRecord(reason=self.scrub(record.reason), at=record.at, by=self.user(record.by))
                for step_id, record in case.not_applicable.items()}),
            timeline=tuple(self.entry(entry) for entry in case.timeline),
            evidence=tuple(self.evidence(item) for item in case.evidence),
            people=tuple(self.person(person) for person in case.people),
            extra=EMPTY,
        )


def pseudonymised_case_dict(case: Case) -> dict[str, Any]:
    """``case.to_dict()`` of a case from :meth:`Pseudonymiser.case`, without the dropped fields."""
    data = case.to_dict()
    for name in DROPPED_FIELDS:
        data.pop(name, None)
    for person in data.get("people", ()):
        person.pop("class_group", None)
    return data


__all__ = ["DROPPED_FIELDS", "NameScrubber", "PARTICLES", "Pseudonymiser", "initials", "pseudonymised_case_dict",
           "pupil_names"]
