"""The documents handed over during a case, with no case data on them: the parents' information
sheet and the pupil's card "Qui peut t'aider ?". Texts from ``parents-sheet.yaml`` and
``pupil-card.yaml`` (:mod:`~harcelement_tui.core.sheets_content`); services' names, phones and
e-mails exactly as in ``contacts.yaml``; the school's name and contact person from the
configuration. One A4 page each, rendered by :mod:`~harcelement_tui.core.render_pdf`.
"""

from __future__ import annotations

from harcelement_tui.core import strings_docs as D
from harcelement_tui.core.content import Contact, Content
from harcelement_tui.core.document import (
    Block,
    Bullets,
    Card,
    Cards,
    Column,
    Document,
    Field,
    Fields,
    Para,
    Table,
    section,
    text,
)
from harcelement_tui.core.sheets_content import Sheets

PARENTS_FILENAME = "fiche-parents.pdf"
PUPIL_FILENAME = "qui-peut-t-aider.pdf"
TO_FILL = "…………………………………………………………"

# What the sheets are called in a case's history.
PARENTS_LOGGED = D.PARENTS_LOGGED
PUPIL_LOGGED = D.PUPIL_LOGGED

SERVICE_COLUMNS = (Column(D.COLUMN_SERVICE, width=2.4, bold=True), Column(D.COLUMN_PHONE, width=1.3),
                   Column(D.COLUMN_MAIL, width=2.6))


def _school(school_name: str, school_contact: str) -> Fields:
    return Fields((Field(D.SCHOOL_NAME, text(school_name or TO_FILL)),
                   Field(D.SCHOOL_CONTACT, text(school_contact or TO_FILL))))


def parents_sheet(sheets: Sheets, town: Content, *, school_name: str = "", school_contact: str = "") -> Document:
    """The parents' information sheet (no case data)."""
    sheet = sheets.parents
    blocks: list[Block] = []
    if sheet.intro:
        blocks.append(Para(text(sheet.intro)))
    blocks.append(_school(school_name, school_contact))
    for part in sheet.sections:
        blocks.append(section(part.title, [Bullets(tuple(text(point) for point in part.points))]))
    rows = tuple((text(c.name), text(c.phone), text(c.email)) for c in map(town.contact, sheet.services))
    blocks.append(section(sheet.services_title, [Table(SERVICE_COLUMNS, rows)]))
    if sheet.closing:
        blocks.append(Para(text(sheet.closing)))
    return Document(title=sheet.title, blocks=tuple(blocks), header=school_name,
                    footer=D.PARENTS_FOOTER, numbered=False, compact=True, subject=D.PARENTS_SUBJECT)


def _line(contact: Contact) -> tuple[str, ...]:
    return tuple(part for part in (D.PHONE.format(phone=contact.phone) if contact.phone else "", contact.email) if part)


def _shared_name(group: list[Contact]) -> str:
    """The words the names of a card's services begin with (``CPMS``), so that "Ces Centres…"
    says which centres; empty when they share none."""
    words = [contact.name.split() for contact in group]
    shared = []
    for column in zip(*words):
        if len(set(column)) != 1:
            break
        shared.append(column[0])
    return " ".join(shared)


def pupil_card(sheets: Sheets, town: Content, *, school_name: str = "") -> Document:
    """The pupil's card: each service, what it can do for you, phone and e-mail. Neighbouring
    services with the same description (the CPMS) share a card."""
    card = sheets.pupil
    groups: list[list[Contact]] = []
    for contact in map(town.contact, card.services):
        if groups and groups[-1][0].description == contact.description and contact.description:
            groups[-1].append(contact)
        else:
            groups.append([contact])
    cards = []
    for group in groups:
        if len(group) == 1:
            contact = group[0]
            cards.append(Card(contact.name, contact.description, (_line(contact),)))
        else:
            cards.append(Card(_shared_name(group), group[0].description,
                              tuple((c.name, *_line(c)) for c in group)))
    blocks: list[Block] = []
    if card.intro:
        blocks.append(Para(text(card.intro)))
    blocks.append(Cards(tuple(cards)))
    if card.closing:
        blocks.append(Para(text(card.closing)))
    return Document(title=card.title, blocks=tuple(blocks), header=school_name, footer="", numbered=False,
                    compact=True, subject=D.PUPIL_SUBJECT)




def sheet_filename(kind: str) -> str:
    """``kind``: ``"parents"`` or ``"eleve"``."""
    return PARENTS_FILENAME if kind == "parents" else PUPIL_FILENAME


def sheet_bytes(kind: str, sheets: Sheets, town: Content, config) -> bytes:
    """The PDF of sheet ``kind`` for the school of ``config`` (a :class:`Config`)."""
    from harcelement_tui.core.render_pdf import render_pdf

    if kind == "parents":
        document = parents_sheet(sheets, town, school_name=config.school_name,
                                 school_contact=config.school_contact)
    else:
        document = pupil_card(sheets, town, school_name=config.school_name)
    return render_pdf(document)


__all__ = ["PARENTS_FILENAME", "PARENTS_LOGGED", "PUPIL_FILENAME", "PUPIL_LOGGED", "parents_sheet", "pupil_card",
           "sheet_bytes", "sheet_filename"]
