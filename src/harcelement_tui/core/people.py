"""People in a case beside the targeted pupil: input checks, labels and hearing deadlines.

Each person has a role from ``content/people.yaml`` (victime, auteur présumé, témoin…), a name or
a description (an unknown account such as "compte Snapchat @x" is allowed), a class, minor or
not; the hearings (when, by whom, a short note) and when and how the parents were informed. The
store's methods are in :mod:`harcelement_tui.core.store_people`.

A role may give a deadline to hear the person (``hear_within: 48h``); it is counted from the
case's opening or, for a person added later, from when they were added (one cannot hear someone
before knowing of them). :func:`hearing_steps` gives each person not yet heard as a pseudo-step
(id ``personne:p1``) that :mod:`harcelement_tui.core.deadlines` treats like a procedure step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from harcelement_tui.core import strings as S
from harcelement_tui.core.content import Content, Step
from harcelement_tui.core.model import (
    Case,
    Person,
    ValidationError,
    check_bool,
    check_follow_up,
    check_text,
    check_timestamp,
)

HEARING_STEP_PREFIX = "personne:"
HEARING_SECTION = "personnes"


def check_role(value: Any, town: Content | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(S.CHOOSE_ROLE, field="role")
    value = value.strip()
    if town is not None and town.roles and value not in {role.id for role in town.roles}:
        known = ", ".join(role.id for role in town.roles)
        raise ValidationError(S.ROLE_UNKNOWN.format(value=value, known=known), field="role")
    return value


def check_person_fields(fields: Mapping[str, Any], town: Content | None, *, creating: bool) -> dict[str, Any]:
    """Validate a person's fields (role, name, class_group, is_minor); return them normalised."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in Person.FIELDS:
            raise ValidationError(S.PERSON_FIELD_UNKNOWN.format(name=name), field=name)
        if name == "role":
            out[name] = check_role(value, town)
        elif name == "is_minor":
            out[name] = check_bool(value, name)
        elif name == "name":
            out[name] = check_text(value, name, required=True)
        else:
            out[name] = check_text(value, name)
    if creating:
        for name in ("role", "name"):
            if name not in out:
                raise ValidationError(S.FIELD_REQUIRED.format(label=S.FIELD_LABELS[name]), field=name)
    return out


def check_hearing(heard_at: Any, heard_by: Any, note: Any) -> tuple[str, str, str]:
    moment = check_timestamp(heard_at, "heard_at")
    if moment is None:
        raise ValidationError(S.HEARD_WHEN, field="heard_at")
    return moment, check_text(heard_by, "heard_by", required=True), check_text(note, "note")


def check_parents_informed(on: Any, how: Any) -> tuple[str, str]:
    try:
        day = check_follow_up(on) if on not in (None, "") else None
    except ValidationError as error:  # the same date rules, said for this field
        raise ValidationError(str(error).replace(S.FIELD_LABELS["follow_up"], S.PARENTS_INFORMED_DATE),
                              field="parents_informed_on") from None
    if day is None:
        raise ValidationError(S.PARENTS_INFORMED_WHEN, field="parents_informed_on")
    return day, check_text(how, "parents_informed_how", required=True)


def check_stored_people(people: Iterable[Person]) -> None:
    """Strict checks on the people of an imported case."""
    seen: set[str] = set()
    for person in people:
        if not person.id or person.id in seen:
            raise ValidationError(S.PERSON_ID_INVALID.format(value=person.id), field="people")
        seen.add(person.id)
        check_role(person.role, None)
        check_text(person.name, "name", required=True)
        for hearing in person.hearings:
            check_timestamp(hearing.heard_at, "heard_at")


def find_person(case: Case, person_id: str) -> Person:
    for person in case.people:
        if person.id == person_id:
            return person
    raise ValidationError(S.PERSON_NOT_FOUND.format(ref=case.ref, value=person_id), field="person")


def next_person_id(case: Case) -> str:
    """``p`` and one more than the highest number used (people are never removed: ids are never reused)."""
    highest = 0
    for person in case.people:
        if person.id[1:].isdigit():
            highest = max(highest, int(person.id[1:]))
    return f"p{highest + 1}"


def person_label(person: Person, town: Content) -> str:
    """``auteur présumé : Tom Martin (3B)``."""
    label = S.PERSON_LABEL_CLASS if person.class_group else S.PERSON_LABEL
    return label.format(role=town.role(person.role).label, name=person.name, klass=person.class_group)


def role_numbers(people: Iterable[Person], role_label: Callable[[str], str]) -> dict[str, str]:
    """Each person's id -> role and number in the case: ``auteur présumé 1``, ``auteur présumé 2``,
    ``témoin 1``, numbered in the order they were added. Pseudonymised versions show these instead
    of names: a role says what the recipient needs (who was heard, in what capacity), initials of
    several pupils would collide, and an unknown account ("compte Snapchat @x") has none."""
    counts: dict[str, int] = {}
    out: dict[str, str] = {}
    for person in people:
        label = role_label(person.role)
        counts[label] = counts.get(label, 0) + 1
        out[person.id] = S.ROLE_NUMBER.format(role=label, number=counts[label])
    return out


def person_names(case: Case, person: Person) -> list[str]:
    """Every name the person had in this case: the current one and those in the timeline's changes."""
    names = [person.name]
    key = f"person.{person.id}.name"
    for entry in case.timeline:
        change = (entry.changes or {}).get(key)
        if isinstance(change, Mapping):
            for side in ("old", "new"):
                value = change.get(side)
                if isinstance(value, str) and value and value not in names:
                    names.append(value)
    return names


def hearing_steps(case: Case, town: Content) -> list[tuple[Step, datetime | None]]:
    """Each person not yet heard whose role has a deadline: a pseudo-step (``Entendre Tom Martin
    (auteur présumé, 3C)``, the name first for narrow columns) and the moment its deadline counts
    from when later than the case's opening (``None``: from the opening)."""
    out = []
    for person in case.people:
        if person.hearings:
            continue
        role = town.role(person.role)
        if role.hear_within is None:
            continue
        hear = S.HEAR_PERSON_CLASS if person.class_group else S.HEAR_PERSON
        step = Step(f"{HEARING_STEP_PREFIX}{person.id}",
                    hear.format(name=person.name, role=role.label, klass=person.class_group),
                    HEARING_SECTION, (), role.hear_within)
        try:
            added = datetime.fromisoformat(person.added_at) if person.added_at else None
        except ValueError:
            added = None
        out.append((step, added if added is not None and added.tzinfo is not None else None))
    return out



__all__ = ["HEARING_STEP_PREFIX", "check_hearing", "check_parents_informed", "check_person_fields",
           "check_role", "check_stored_people", "find_person", "hearing_steps", "next_person_id",
           "person_label", "person_names", "role_numbers"]
