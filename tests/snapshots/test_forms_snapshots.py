"""Layout snapshots of the case form and modals at 80×24. Review each SVG by eye after an update.

Deterministic: fixed ``today``, cursor blink off, no animations (conftest), a plain host app so
the tabs behind the modal cannot change these pictures.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

from harcelement_tui.ui.screens.forms import CaseFormScreen
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.modals import (
    EvidenceModal,
    FollowUpModal,
    NoteModal,
    StatusModal,
)

from support.app import SIZE
from support import cases

TODAY = date(2026, 3, 5)

# The form tests' case, with a longer name and summary to show how they wrap.
EDITED = replace(cases.EDITED, pupil="[bold]Léa D.[/", summary="Photos diffusées sur Snapchat\nvendredi soir")


def no_save(_payload):
    raise AssertionError("snapshots never save")


class Host(App):
    """A fixed background under the screen; cursor blink off on every field of the screen."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def compose(self) -> ComposeResult:
        yield Static("Console (arrière-plan)\n" * 22, markup=False)

    async def on_mount(self) -> None:
        await self.push_screen(self.make())
        for field in self.screen.query("Input, TextArea"):
            field.cursor_blink = False


def new_form(town, **kwargs):
    return lambda: CaseFormScreen(town, no_save, today=TODAY, **kwargs)


def test_new_case_form_empty(snap_compare, town):
    assert snap_compare(Host(new_form(town)), terminal_size=SIZE)


def test_new_case_form_with_errors(snap_compare, town):
    async def bad_date(pilot):
        await pilot.pause()
        pilot.app.screen.query_one("#f-follow_up", Input).value = "12/03/2026"

    assert snap_compare(Host(new_form(town)), press=["tab", *"3B", "ctrl+o"], terminal_size=SIZE,
                        run_before=bad_date)


def test_edit_case_form_prefilled(snap_compare, town):
    assert snap_compare(Host(new_form(town, case=EDITED)), terminal_size=SIZE)


def test_note_modal(snap_compare):
    make = lambda: NoteModal(no_save, title="Appel aux parents",  # noqa: E731
                             preface="Points abordés :\n• Sécurité de l'enfant à l'école\n"
                                     "• CPMS et médiation informés\n• Rester discrets",
                             allow_empty=True)
    assert snap_compare(Host(make), press=[*"Rappel", "space", *"lundi"], terminal_size=SIZE)


def test_note_modal_empty_refused(snap_compare):
    assert snap_compare(Host(lambda: NoteModal(no_save)), press=["enter"], terminal_size=SIZE)


def test_evidence_modal(snap_compare):
    assert snap_compare(Host(lambda: EvidenceModal(no_save)), terminal_size=SIZE)


def test_evidence_modal_with_errors(snap_compare):
    assert snap_compare(Host(lambda: EvidenceModal(no_save)), press=["ctrl+o"], terminal_size=SIZE)


def test_status_modal(snap_compare):
    assert snap_compare(Host(lambda: StatusModal(no_save, current="suivi")), terminal_size=SIZE)


def test_follow_up_modal(snap_compare):
    assert snap_compare(Host(lambda: FollowUpModal(no_save, current="2026-03-12")), terminal_size=SIZE)


@pytest.mark.parametrize("question", ["overwrite", "quit"])
def test_confirm_modal(snap_compare, question):
    make = {
        "overwrite": lambda: ConfirmModal("Le fichier existe. Le remplacer ?", "Remplacer", "Annuler"),
        "quit": lambda: ConfirmModal("Quitter sans enregistrer ? Ce qui a été saisi sera perdu.",
                                     "Quitter", "Continuer la saisie"),
    }[question]
    assert snap_compare(Host(make), terminal_size=SIZE)
