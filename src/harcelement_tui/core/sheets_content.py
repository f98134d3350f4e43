"""The town's texts for the documents handed over: the parents' sheet and the pupil's card.

``parents-sheet.yaml`` and ``pupil-card.yaml`` live beside the other content files and are
validated the same way (:class:`~harcelement_tui.core.content._File`): every error names the file
and the entry, and the console does not start (exit 2). They name services of ``contacts.yaml``
(each must have a phone or an e-mail) and, for the parents' sheet, the procedure step ticked when
the sheet is handed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harcelement_tui.core import strings as S, strings_files
from harcelement_tui.core.content import Content, _File
from harcelement_tui.core.content_files import PARENTS_SHEET_FILE, PUPIL_CARD_FILE, source
from harcelement_tui.core.errors import ContentError


@dataclass(frozen=True)
class SheetSection:
    id: str
    title: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class ParentsSheet:
    title: str
    intro: str
    sections: tuple[SheetSection, ...]
    services_title: str
    services: tuple[str, ...]
    step: str | None
    closing: str


@dataclass(frozen=True)
class PupilCard:
    title: str
    intro: str
    services: tuple[str, ...]
    closing: str


@dataclass(frozen=True)
class Sheets:
    parents: ParentsSheet
    pupil: PupilCard


def _services(f: _File, town: Content) -> tuple[str, ...]:
    services = f.texts(f.data, "services", "services")
    if not services:
        f.fail(S.SHEET_SERVICES_EMPTY, "services")
    for service in services:
        try:
            contact = town.contact(service)
        except KeyError:
            f.fail(S.SHEET_CONTACT_UNKNOWN.format(contact=service), "services")
        if contact.to_complete:
            f.fail(S.SHEET_CONTACT_INCOMPLETE.format(contact=service), "services")
    return services


def _parents(f: _File, town: Content) -> ParentsSheet:
    seen: set[str] = set()
    sections = []
    for item in f.items(f.data, "sections", None):
        sid = f.ident(item, seen, strings_files.IN_LIST.format(key="sections"))
        points = f.texts(item, "points", sid)
        if not points:
            f.fail(S.SHEET_POINTS_EMPTY, sid)
        sections.append(SheetSection(sid, f.text(item, "title", sid), points))
    step = f.text(f.data, "step", "step", required=False) or None
    if step is not None and step not in town.step_ids():
        f.fail(S.SHEET_STEP_UNKNOWN.format(step=step), "step")
    return ParentsSheet(
        title=f.text(f.data, "title", "title"),
        intro=f.text(f.data, "intro", "intro", required=False),
        sections=tuple(sections),
        services_title=f.text(f.data, "services_title", "services_title", required=False) or S.SHEET_SERVICES_TITLE,
        services=_services(f, town),
        step=step,
        closing=f.text(f.data, "closing", "closing", required=False),
    )


def _pupil(f: _File, town: Content) -> PupilCard:
    return PupilCard(
        title=f.text(f.data, "title", "title"),
        intro=f.text(f.data, "intro", "intro", required=False),
        services=_services(f, town),
        closing=f.text(f.data, "closing", "closing", required=False),
    )


def load_sheets(content_dir: Path | None, town: Content) -> Sheets:
    """Load and validate both files (the town's if ``content_dir`` has them, else the packaged
    ones); raise :class:`ContentError` naming the file and the entry."""
    if content_dir is not None and not Path(content_dir).is_dir():
        raise ContentError(S.CONTENT_DIR_NOT_FOUND.format(path=content_dir))
    parents = _File(PARENTS_SHEET_FILE, source(content_dir, PARENTS_SHEET_FILE))
    pupil = _File(PUPIL_CARD_FILE, source(content_dir, PUPIL_CARD_FILE))
    return Sheets(parents=_parents(parents, town), pupil=_pupil(pupil, town))


__all__ = ["ParentsSheet", "PupilCard", "SheetSection", "Sheets", "load_sheets"]
