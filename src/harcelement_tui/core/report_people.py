"""The report's "Personnes" section: each person of the case beside the targeted pupil, who heard
them and when, and when and how their parents were informed.

Built as a :class:`~harcelement_tui.core.document.Section`, so the Markdown and the PDF report
both carry it. The interviews also appear in the report's chronology (their ``personne`` timeline
entries, which give the date of the hearing and who heard).
"""

from __future__ import annotations

from harcelement_tui.core import strings_docs as D
from harcelement_tui.core.content import Content
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.document import Block, Field, Fields, Para, Section, Span, fixed, section, text
from harcelement_tui.core.model import Case, Person
from harcelement_tui.core.strings import PERSON_LABEL, yes_no
from harcelement_tui.core.summary import short_datetime

NOT_YET = fixed(D.NOT_YET)


def _person(person: Person, town: Content, *, pseudonymised: bool) -> Section:
    role = town.role(person.role).label
    fields = [Field(D.ROLE, text(role))]
    if not pseudonymised:
        fields.append(Field(D.CLASS, text(person.class_group) if person.class_group.strip() else text(fixed(D.NONE))))
    fields.append(Field(D.MINOR, text(fixed(yes_no(person.is_minor)))))
    fields.append(Field(D.ADDED_ON, text(short_datetime(person.added_at) or D.NONE, fixed(D.BY),
                                         person.added_by or D.UNKNOWN_USER), sep=" "))
    if not person.hearings:
        fields.append(Field(D.HEARD, text(NOT_YET)))
    for hearing in person.hearings:
        parts: list[str | Span] = [short_datetime(hearing.heard_at), fixed(D.BY), hearing.heard_by or D.UNKNOWN_USER]
        if hearing.note:
            parts += [fixed(" — "), hearing.note]
        fields.append(Field(D.HEARD_ON, text(*parts), sep=" "))
    if person.parents_informed_on:
        fields.append(Field(D.PARENTS_INFORMED_ON, text(format_user_date(person.parents_informed_on), fixed(", "),
                                                        person.parents_informed_how), sep=" "))
    else:
        fields.append(Field(D.PARENTS_INFORMED, text(NOT_YET)))
    title = person.name if pseudonymised else PERSON_LABEL.format(role=role, name=person.name)
    return section(title, [Fields(tuple(fields))])


def people_section(case: Case, town: Content, *, pseudonymised: bool = False) -> Section:
    """``Personnes (N)`` and one sub-section per person, in the order they were added.

    ``case`` is the case as the report shows it (already pseudonymised when ``pseudonymised``: the
    names are then roles and numbers, and the class is left out)."""
    blocks: list[Block] = [_person(person, town, pseudonymised=pseudonymised) for person in case.people]
    if not blocks:
        blocks = [Para(text(fixed(D.NO_PERSON)))]
    return section(D.PEOPLE.format(count=len(case.people)), blocks)


__all__ = ["people_section"]
