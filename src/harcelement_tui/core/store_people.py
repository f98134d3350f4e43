"""The store's methods for the people of a case (a mixin of :class:`~harcelement_tui.core.store.CaseStore`).

Each method is one locked write of the latest stored case, as every other change: it records who
and when, adds a ``personne`` entry to the timeline and increments the case's version.
:meth:`update_person` takes the version the user started editing from, like ``update_fields``: a
field of the same person changed meanwhile by someone else is refused with
:class:`~harcelement_tui.core.store.ConflictError`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.model import Case, Hearing, Person, jsonable
from harcelement_tui.core.people import (
    check_hearing,
    check_parents_informed,
    check_person_fields,
    find_person,
    next_person_id,
)
from harcelement_tui.core.summary import short_datetime

if TYPE_CHECKING:
    from harcelement_tui.core.content import Content


def _yes_no(value: bool) -> str:
    return "oui" if value else "non"


class PeopleStoreMixin:
    """``add_person``, ``update_person``, ``record_hearing``, ``record_parents_informed``."""

    content: Content | None
    user: str

    def _role_label(self, role_id: str) -> str:
        return self.content.role(role_id).label if self.content is not None else role_id

    def _with_person(self, case: Case, person: Person) -> tuple[Person, ...]:
        return tuple(person if p.id == person.id else p for p in case.people)

    def add_person(self, ref: str, **fields: Any) -> Case:
        """Add a person (``role``, ``name`` required; ``class_group``, ``is_minor``)."""
        values = check_person_fields(fields, self.content, creating=True)

        def change(case: Case, now: str) -> Case:
            person = Person(id=next_person_id(case), added_at=now, added_by=self.user, **values)
            # The class is in the changes only: a pseudonymised version drops it there.
            text = (f"Personne ajoutée : {self._role_label(person.role)} : {person.name}"
                    f" ; mineur : {_yes_no(person.is_minor)}")
            changes = {f"person.{person.id}.{name}": {"old": None, "new": jsonable(getattr(person, name))}
                       for name in Person.FIELDS}
            return self._bump(case, now, "personne", text, changes=changes,  # type: ignore[attr-defined]
                              people=tuple(case.people) + (person,))

        return self._change(ref, change)  # type: ignore[attr-defined]

    def update_person(self, ref: str, person_id: str, *, expected_version: int | None = None,
                      **fields: Any) -> Case:
        """Change a person's role, name, class or minor flag; unchanged values are ignored.

        With ``expected_version``: a field of this person changed by someone else since that
        version raises :class:`~harcelement_tui.core.store.ConflictError` with the current case."""
        from harcelement_tui.core.store import ConflictError

        values = check_person_fields(fields, self.content, creating=False)

        def change(case: Case, now: str) -> Case | None:
            person = find_person(case, person_id)
            changed = {name: value for name, value in values.items() if getattr(person, name) != value}
            if expected_version is not None and case.version != expected_version and changed:
                touched = self._fields_changed_since(case, expected_version)  # type: ignore[attr-defined]
                conflicts = tuple(name for name in changed if f"person.{person_id}.{name}" in touched)
                if conflicts:
                    raise ConflictError(case, conflicts)
            if not changed:
                return None
            parts = []
            for name, value in changed.items():
                old = getattr(person, name)
                if name == "role":
                    parts.append(f"rôle : {self._role_label(old)} → {self._role_label(value)}")
                elif name == "is_minor":
                    parts.append(f"mineur : {_yes_no(old)} → {_yes_no(value)}")
                elif name == "class_group":
                    parts.append("classe modifiée")  # values in the changes only (pseudonymised: dropped)
                else:
                    parts.append(f"nom : {old} → {value}")
            text = f"Personne modifiée ({self._role_label(person.role)} : {person.name}) : " + " ; ".join(parts)
            changes = {f"person.{person_id}.{name}": {"old": jsonable(getattr(person, name)), "new": jsonable(value)}
                       for name, value in changed.items()}
            return self._bump(case, now, "personne", text, changes=changes,  # type: ignore[attr-defined]
                              people=self._with_person(case, replace(person, **changed)))

        return self._change(ref, change)  # type: ignore[attr-defined]

    def record_hearing(self, ref: str, person_id: str, *, heard_at: Any, heard_by: Any, note: Any = "") -> Case:
        """Note that the person was heard (aware ``heard_at``, by whom, a short note)."""
        moment, who, text_note = check_hearing(heard_at, heard_by, note)

        def change(case: Case, now: str) -> Case:
            person = find_person(case, person_id)
            hearing = Hearing(heard_at=moment, heard_by=who, note=text_note, at=now, by=self.user)
            updated = replace(person, hearings=tuple(person.hearings) + (hearing,))
            text = (f"Audition : {self._role_label(person.role)} : {person.name} entendu(e) le "
                    f"{short_datetime(moment)} par {who}" + (f" — {text_note}" if text_note else ""))
            return self._bump(case, now, "personne", text,  # type: ignore[attr-defined]
                              people=self._with_person(case, updated))

        return self._change(ref, change)  # type: ignore[attr-defined]

    def record_parents_informed(self, ref: str, person_id: str, *, on: Any, how: Any) -> Case:
        """Note when (a date) and how the person's parents were informed."""
        day, how_text = check_parents_informed(on, how)

        def change(case: Case, now: str) -> Case | None:
            person = find_person(case, person_id)
            if person.parents_informed_on == day and person.parents_informed_how == how_text:
                return None
            updated = replace(person, parents_informed_on=day, parents_informed_how=how_text)
            text = (f"Parents informés : {self._role_label(person.role)} : {person.name} — le "
                    f"{format_user_date(day)}, {how_text}")
            return self._bump(case, now, "personne", text,  # type: ignore[attr-defined]
                              people=self._with_person(case, updated))

        return self._change(ref, change)  # type: ignore[attr-defined]


__all__ = ["PeopleStoreMixin"]
