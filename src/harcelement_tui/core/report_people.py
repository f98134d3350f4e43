"""The report's "Personnes" section: each person of the case beside the targeted pupil, who heard
them and when, and when and how their parents were informed.

A function of its own, returning Markdown lines, so that a report built from one structure
(Markdown, PDF) can take it as it is. The interviews also appear in the report's chronology (their
``personne`` timeline entries, which give the date of the hearing and who heard).
"""

from __future__ import annotations

from harcelement_tui.core.content import Content
from harcelement_tui.core.dates import format_user_date
from harcelement_tui.core.model import Case
from harcelement_tui.core.report import md_text
from harcelement_tui.core.summary import short_datetime


def people_section(case: Case, town: Content, *, pseudonymised: bool = False) -> list[str]:
    """``## Personnes (N)`` and one sub-section per person, in the order they were added.

    ``case`` is the case as the report shows it (already pseudonymised when ``pseudonymised``: the
    names are then roles and numbers, and the class is left out)."""
    lines = ["", f"## Personnes ({len(case.people)})", ""]
    if not case.people:
        return lines + ["Aucune autre personne n'a été ajoutée au cas (victime, auteur présumé, témoin…)."]
    for person in case.people:
        role = town.role(person.role).label
        title = person.name if pseudonymised else f"{role} : {person.name}"
        lines += [f"### {md_text(title)}", ""]
        lines.append(f"- Rôle : {md_text(role)}")
        if not pseudonymised:
            lines.append(f"- Classe : {md_text(person.class_group) or '—'}")
        lines.append(f"- Mineur : {'oui' if person.is_minor else 'non'}")
        lines.append(f"- Ajouté(e) au cas le {md_text(short_datetime(person.added_at)) or '—'} "
                     f"par {md_text(person.added_by or '?')}")
        if not person.hearings:
            lines.append("- Entendu(e) : pas encore")
        for hearing in person.hearings:
            line = (f"- Entendu(e) le {md_text(short_datetime(hearing.heard_at))} "
                    f"par {md_text(hearing.heard_by or '?')}")
            if hearing.note:
                line += f" — {md_text(hearing.note, indent='  ')}"
            lines.append(line)
        if person.parents_informed_on:
            lines.append(f"- Parents informés le {md_text(format_user_date(person.parents_informed_on))}, "
                         f"{md_text(person.parents_informed_how, indent='  ')}")
        else:
            lines.append("- Parents informés : pas encore")
        lines.append("")
    return lines[:-1]


__all__ = ["people_section"]
