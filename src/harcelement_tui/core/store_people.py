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

from harcelement_tui.core.history_text import said
from harcelement_tui.core.model import Case, Hearing, Person, jsonable
from harcelement_tui.core.people import (
    check_hearing,
    check_parents_informed,
    check_person_fields,
    find_person,
    next_person_id,
)
from harcelement_tui.core.store_parts import StoreParts

if TYPE_CHECKING:
    from harcelement_tui.core.content import Content


class PeopleStoreMixin(StoreParts):
    """``add_person``, ``update_person``, ``record_hearing``, ``record_parents_informed``."""

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
            text = said("person_added", role=self._role_label(person.role), name=person.name,
                        minor=person.is_minor)
            changes = {f"person.{person.id}.{name}": {"old": None, "new": jsonable(getattr(person, name))}
                       for name in Person.FIELDS}
            return self._bump(case, now, "personne", text, changes=changes,
                              people=tuple(case.people) + (person,))

        return self._change(ref, change)

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
                touched = self._fields_changed_since(case, expected_version)
                conflicts = tuple(name for name in changed if f"person.{person_id}.{name}" in touched)
                if conflicts:
                    raise ConflictError(case, conflicts)
            if not changed:
                return None
            shown: dict[str, Any] = {}
            for name, value in changed.items():
                old = getattr(person, name)
                if name == "role":
                    shown[name] = {"old": self._role_label(old), "new": self._role_label(value)}
                elif name == "class_group":
                    shown[name] = {}  # values in the changes only (pseudonymised: dropped)
                else:
                    shown[name] = {"old": old, "new": value}
            text = said("person_changed", role=self._role_label(person.role), name=person.name, fields=shown)
            changes = {f"person.{person_id}.{name}": {"old": jsonable(getattr(person, name)), "new": jsonable(value)}
                       for name, value in changed.items()}
            return self._bump(case, now, "personne", text, changes=changes,
                              people=self._with_person(case, replace(person, **changed)))

        return self._change(ref, change)

    def record_hearing(self, ref: str, person_id: str, *, heard_at: Any, heard_by: Any, note: Any = "") -> Case:
        """Note that the person was heard (aware ``heard_at``, by whom, a short note)."""
        moment, who, text_note = check_hearing(heard_at, heard_by, note)

        def change(case: Case, now: str) -> Case:
            person = find_person(case, person_id)
            hearing = Hearing(heard_at=moment, heard_by=who, note=text_note, at=now, by=self.user)
            updated = replace(person, hearings=tuple(person.hearings) + (hearing,))
            text = said("hearing", role=self._role_label(person.role), name=person.name, heard_at=moment,
                        by=who, note=text_note)
            return self._bump(case, now, "personne", text,
                              people=self._with_person(case, updated))

        return self._change(ref, change)

    def record_parents_informed(self, ref: str, person_id: str, *, on: Any, how: Any) -> Case:
        """Note when (a date) and how the person's parents were informed."""
        day, how_text = check_parents_informed(on, how)

        def change(case: Case, now: str) -> Case | None:
            person = find_person(case, person_id)
            if person.parents_informed_on == day and person.parents_informed_how == how_text:
                return None
            updated = replace(person, parents_informed_on=day, parents_informed_how=how_text)
            text = said("parents_informed", role=self._role_label(person.role), name=person.name, date=day,
                        how=how_text)
            return self._bump(case, now, "personne", text,
                              people=self._with_person(case, updated))

        return self._change(ref, change)


__all__ = ["PeopleStoreMixin"]
