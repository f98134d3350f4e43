"""What the panes and screens ask of the console, as Textual messages.

A pane or screen knows nothing of the store: on a key it posts one of these messages, which
bubbles up to the app; the app hands it to the controller of its area
(:mod:`harcelement_tui.ui.controllers`), which opens the form or modal and saves through the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, get_args

from textual.message import Message

if TYPE_CHECKING:
    from harcelement_tui.core.content import ParentPoint

CaseAction = Literal["open", "new", "note", "evidence", "edit", "status", "follow_up", "people",
                     "export", "report"]
"""What can be done to a case from the case list, the case view or the Aujourd'hui tab."""

CASE_ACTIONS: frozenset[str] = frozenset(get_args(CaseAction))

PersonAction = Literal["add", "edit", "hearing", "parents"]
"""What can be done to a person of a case (``i`` in the case view)."""

PERSON_ACTIONS: frozenset[str] = frozenset(get_args(PersonAction))

SheetKind = Literal["parents", "eleve"]
"""The documents handed over: the parents' sheet, the pupil's card."""


class CaseRequested(Message):
    """``action`` on case ``ref`` (``None``: the current case; for ``new``, no case)."""

    def __init__(self, action: CaseAction, ref: str | None = None) -> None:
        super().__init__()
        self.action: CaseAction = action
        self.ref = ref


class StepToggled(Message):
    """Space on a step of the Procédure tab: tick it (again) or untick it, for the current case."""

    def __init__(self, step_id: str) -> None:
        super().__init__()
        self.step_id = step_id


class StepSkipped(Message):
    """``o`` on a step: declare it "sans objet" for the current case, or make it apply again."""

    def __init__(self, step_id: str) -> None:
        super().__init__()
        self.step_id = step_id


class CallLogged(Message):
    """``a`` in the Parents tab: log the call to the parents, with the points ticked."""

    def __init__(self, points: Sequence[ParentPoint]) -> None:
        super().__init__()
        self.points = tuple(points)


class ContactLogged(Message):
    """``a`` in the Contacts tab: note in the current case that this service was contacted."""

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id


class SheetRequested(Message):
    """``d`` in the Parents or Contacts tab: write a document to hand over (PDF)."""

    def __init__(self, kind: SheetKind) -> None:
        super().__init__()
        self.kind: SheetKind = kind


class PersonRequested(Message):
    """``action`` on person ``person_id`` of case ``ref`` (``add``: no person yet)."""

    def __init__(self, action: PersonAction, ref: str, person_id: str | None) -> None:
        super().__init__()
        self.action: PersonAction = action
        self.ref = ref
        self.person_id = person_id


class ContactShown(Message):
    """The command palette: show this contact in the Contacts tab."""

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id


class ContactsSearched(Message):
    """The command palette found no command: filter the Contacts tab on what was typed."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query
