"""Case form and modals by keyboard alone, with a fake ``save`` (no store): what save receives,
errors next to their field, nothing typed lost, escape asks only when something was typed, the
save key from every field, no double submission."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, OptionList, Static, TextArea

from harcelement_tui.core.errors import UserError
from harcelement_tui.core.model import Case, ValidationError
from harcelement_tui.ui.screens.forms import CaseFormScreen, split_platforms
from harcelement_tui.ui.screens.help import keys_of
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.modals import (
    EVIDENCE_WARNING,
    EvidenceModal,
    FollowUpModal,
    NoteModal,
    StatusModal,
)
from harcelement_tui.ui.screens.saving import SaveModal
from support.app import SIZE, settle
from support.cases import EDITED

TODAY = date(2026, 3, 5)

CASE = Case(ref="2026-001", uuid="u-1", opened_at="2026-03-01T10:00:00+01:00", opened_by="direction",
            updated_at="2026-03-01T10:00:00+01:00", updated_by="direction", version=3)


class FakeSave:
    """Records what it receives; raises the queued errors first; can hold until released."""

    def __init__(self, result=CASE, errors=(), hold: bool = False) -> None:
        self.result = result
        self.errors = list(errors)
        self.calls: list = []
        self.gate = threading.Event()
        if not hold:
            self.gate.set()

    def __call__(self, payload):
        self.calls.append(payload)
        assert self.gate.wait(5), "save held too long"
        if self.errors:
            raise self.errors.pop(0)
        return self.result


class Host(App):
    """A plain app under the screen being tested; records the dismiss values."""

    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen
        self.results: list = []

    def compose(self) -> ComposeResult:
        yield Static("fond")

    def on_mount(self) -> None:
        self.push_screen(self.first, self.results.append)


def new_form(town, save, **kwargs) -> CaseFormScreen:
    return CaseFormScreen(town, save, today=TODAY, **kwargs)


def focused_id(app) -> str | None:
    return app.focused.id if app.focused else None


def typed(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


# --------------------------------------------------------------------------- case form


FOCUS_ORDER = [
    "f-pupil", "f-class_group", "f-is_minor",
    "fact-images_intimes", "fact-photomontage", "fact-insultes", "fact-intimidation", "fact-menaces",
    "fact-incitation_suicide", "fact-autre",
    "f-platforms", "f-reported_by", "f-summary", "f-follow_up", "save", "cancel",
]


async def test_tab_order_starts_on_the_pupil_and_reaches_every_field(town):
    app = Host(new_form(town, FakeSave()))
    async with app.run_test(size=SIZE) as pilot:
        seen = [focused_id(app)]
        for _ in FOCUS_ORDER[1:]:
            await pilot.press("tab")
            seen.append(focused_id(app))
        assert seen == FOCUS_ORDER
        await pilot.press("shift+tab")
        assert focused_id(app) == "save"


async def test_new_case_by_keyboard_sends_model_fields_and_dismisses_with_the_case(town):
    save = FakeSave()
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*typed("L. D."), "tab", *"3B", "tab")
        await pilot.press("space")  # Mineur: off
        await pilot.press("tab", "space", "tab", "tab", "tab", "tab", "space")  # images, menaces
        await pilot.press("tab", "tab", "tab")
        await pilot.press(*typed("Snapchat, Instagram ,, Snapchat"), "enter")  # enter goes on
        assert focused_id(app) == "f-reported_by"
        await pilot.press(*typed("sa mère"), "tab")
        await pilot.press(*typed("Photos diffusées"), "enter", *typed("en classe"))
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert save.calls == [{
            "pupil": "L. D.",
            "class_group": "3B",
            "is_minor": False,
            "facts": ["images_intimes", "menaces"],
            "platforms": ["Snapchat", "Instagram"],
            "reported_by": "sa mère",
            "summary": "Photos diffusées\nen classe",
            "follow_up": "2026-03-12",
        }]
        assert app.results == [CASE]
        assert not isinstance(app.screen, CaseFormScreen)


async def test_fact_labels_come_from_the_content_and_follow_up_defaults_to_today_plus_7(town):
    app = Host(CaseFormScreen(town, FakeSave(), today=date(2026, 12, 28)))
    async with app.run_test(size=SIZE):
        boxes = list(app.screen.query("#f-facts Checkbox").results(Checkbox))
        assert [str(box.label) for box in boxes] == [fact.label for fact in town.facts]
        assert app.screen.query_one("#f-follow_up", Input).value == "04/01/2027"
        assert app.screen.query_one("#f-is_minor", Checkbox).value is True


async def test_client_checks_show_french_errors_next_to_fields_and_save_nothing(town):
    save = FakeSave()
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        form.query_one("#f-follow_up", Input).value = "31/11/2026"
        await pilot.press("tab", *"3B", "ctrl+o")
        await settle(pilot)
        assert save.calls == []
        assert "obligatoire" in form.error_text("pupil")
        assert form.error_text("facts") == "Cochez au moins une catégorie de faits."
        assert "la date « 31/11/2026 » n'existe pas" in form.error_text("follow_up")
        assert form.error_text() == ""
        assert focused_id(app) == "f-pupil"  # the first field at fault
        assert form.query_one("#f-class_group", Input).value == "3B"
        # Fixing them clears the errors and saves.
        await pilot.press(*"Zoé")
        form.query_one("#fact-autre", Checkbox).value = True
        form.query_one("#f-follow_up", Input).value = ""
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert len(save.calls) == 1
        assert save.calls[0]["follow_up"] is None
        assert save.calls[0]["pupil"] == "Zoé"


async def test_validation_error_from_save_goes_next_to_its_field_and_keeps_the_text(town):
    save = FakeSave(errors=[ValidationError("Résumé trop long.", field="summary")])
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press(*"Tom", "tab", "tab", "tab", "space")
        form.query_one("#f-summary", TextArea).text = "Long texte\nsur deux lignes"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert len(save.calls) == 1
        assert isinstance(app.screen, CaseFormScreen)
        assert form.error_text("summary") == "Résumé trop long."
        assert focused_id(app) == "f-summary"
        assert form.query_one("#f-pupil", Input).value == "Tom"
        assert form.query_one("#f-summary", TextArea).text == "Long texte\nsur deux lignes"
        assert form.query_one("#fact-images_intimes", Checkbox).value is True
        assert not form.saving
        await pilot.press("ctrl+o")  # the store accepts it this time
        await settle(pilot)
        assert len(save.calls) == 2
        assert app.results == [CASE]


@pytest.mark.parametrize("error", [
    UserError("Le cas a été modifié entre-temps par « secrétariat » : [rechargez]."),
    ValidationError("Champ inconnu.", field="nope"),
    OSError("disque plein"),
], ids=["user-error", "unknown-field", "bug"])
async def test_other_errors_go_to_the_error_line_and_keep_the_text(town, error):
    save = FakeSave(errors=[error])
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press(*"Tom", "tab", "tab", "tab", "space", "ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        message = form.error_text()
        if isinstance(error, UserError):
            assert message == str(error)
        else:
            # A bug's message may quote a case: only its type on screen, the rest in the private log.
            assert "erreur inattendue (OSError" in message and "disque plein" not in message
            from harcelement_tui.core.paths import error_log_file
            assert "disque plein" in error_log_file().read_text() and error_log_file().stat().st_mode & 0o777 == 0o600
        line = form.query_one("#form-error", Static)
        assert line.display and line.visual.plain == message  # shown as typed, not as markup
        assert form.query_one("#f-pupil", Input).value == "Tom"
        assert form.query_one("#fact-images_intimes", Checkbox).value is True


async def test_escape_closes_a_clean_form_at_once(town):
    save = FakeSave()
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert save.calls == []


async def test_escape_asks_when_something_was_typed_and_no_keeps_it(town):
    save = FakeSave()
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press(*"Tom", "tab", "tab", "tab", "space", "escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # the default answer is the safe one: keep typing
        assert app.screen is form
        assert form.query_one("#f-pupil", Input).value == "Tom"
        assert app.results == []
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # escape on the question is no, too
        assert app.screen is form
        await pilot.press("escape", "o")
        await pilot.pause()
        assert app.results == [None]
        assert save.calls == []


async def test_escape_asks_after_an_unticked_change(town):
    app = Host(new_form(town, FakeSave()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "tab", "space", "escape")  # Mineur unticked
        assert isinstance(app.screen, ConfirmModal)


@pytest.mark.parametrize("widget_id", FOCUS_ORDER)
async def test_save_key_works_from_every_field(town, widget_id):
    save = FakeSave()
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        form.query_one("#f-pupil", Input).value = "Tom"
        form.query_one("#fact-insultes", Checkbox).value = True
        form.query_one(f"#{widget_id}").focus()
        await pilot.pause()
        assert focused_id(app) == widget_id
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert len(save.calls) == 1
        assert app.results == [CASE]


async def test_save_key_from_the_summary_does_not_insert_anything(town):
    save = FakeSave()
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        form.query_one("#f-pupil", Input).value = "Tom"
        form.query_one("#fact-insultes", Checkbox).value = True
        form.query_one("#f-summary").focus()
        await pilot.press(*"abc", "ctrl+o")
        await settle(pilot)
        assert save.calls[0]["summary"] == "abc"


async def test_a_second_save_press_while_saving_is_ignored(town):
    save = FakeSave(hold=True)
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        form.query_one("#f-pupil", Input).value = "Tom"
        form.query_one("#fact-insultes", Checkbox).value = True
        await pilot.press("ctrl+o")
        await pilot.pause(0.05)
        assert form.saving
        form.query_one("#save").focus()
        await pilot.press("ctrl+o", "enter", "ctrl+o", "escape")
        await pilot.pause(0.05)
        assert len(save.calls) == 1
        assert isinstance(app.screen, CaseFormScreen)  # escape waits for the save
        save.gate.set()
        await settle(pilot)
        assert len(save.calls) == 1
        assert app.results == [CASE]


async def test_edit_is_prefilled_and_sends_only_changed_fields(town):
    save = FakeSave(result=EDITED)
    app = Host(new_form(town, save, case=EDITED))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        assert str(form.query_one("#case-form").border_title) == "Modifier le cas 2026-007"
        assert form.query_one("#f-pupil", Input).value == "[bold]Léa[/"
        assert form.query_one("#f-class_group", Input).value == "4C"
        assert form.query_one("#f-platforms", Input).value == "Snapchat, TikTok"
        assert form.query_one("#f-summary", TextArea).text == "Photos\nsur Snapchat"
        assert form.query_one("#f-follow_up", Input).value == "20/03/2026"
        assert [box.id for box in form.query("#f-facts Checkbox").results(Checkbox) if box.value] == \
            ["fact-insultes", "fact-menaces"]
        await pilot.press("end", *"!", "tab", "tab", "tab", "space")  # pupil, images ticked
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert save.calls == [{"pupil": "[bold]Léa[/!", "facts": ["images_intimes", "insultes", "menaces"]}]
        assert app.results == [EDITED]


async def test_edit_without_change_closes_without_saving(town):
    save = FakeSave()
    app = Host(new_form(town, save, case=EDITED))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert save.calls == []
        assert app.results == [None]


async def test_edit_of_a_case_without_follow_up_leaves_it_empty(town):
    save = FakeSave()
    app = Host(new_form(town, save, case=replace(EDITED, follow_up=None)))
    async with app.run_test(size=SIZE):
        assert app.screen.query_one("#f-follow_up", Input).value == ""


async def test_form_on_the_real_app_keeps_its_keys_to_itself(make_app, town):
    """Over the console, q and 1-4 do not quit or switch tabs from a checkbox; help lists our keys."""
    app = make_app()
    save = FakeSave()
    async with app.run_test(size=SIZE) as pilot:
        results = []
        app.push_screen(new_form(town, save), results.append)
        await pilot.pause()
        form = app.screen
        form.query_one("#fact-insultes").focus()
        await pilot.press("q", "1", "space")
        assert app.is_running and app.screen is form
        rows = {k.description: k.keys for k in keys_of(form)}
        assert rows["Enregistrer"] == "Ctrl+O"
        assert rows["Annuler"] == "Échap"
        form.query_one("#f-pupil", Input).value = "Tom"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert results == [CASE]


def test_split_platforms():
    assert split_platforms(" Snapchat, Instagram,, Snapchat ,") == ["Snapchat", "Instagram"]
    assert split_platforms("") == []


# --------------------------------------------------------------------------- note


async def test_note_enter_saves_the_text():
    save = FakeSave()
    app = Host(NoteModal(save, title="Note"))
    async with app.run_test(size=SIZE) as pilot:
        assert focused_id(app) == "f-text"
        await pilot.press(*typed("  Appel de [la mère] "), "enter")
        await settle(pilot)
        assert save.calls == ["Appel de [la mère]"]
        assert app.results == [CASE]


async def test_note_empty_is_refused_unless_allowed():
    save = FakeSave()
    app = Host(NoteModal(save))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "enter")
        await settle(pilot)
        assert save.calls == []
        assert "vide" in app.screen.error_text("text")
    save = FakeSave()
    app = Host(NoteModal(save, title="Contact : La Passerelle", allow_empty=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert save.calls == [""]
        assert app.results == [CASE]


async def test_note_title_and_preface_are_shown_as_typed():
    app = Host(NoteModal(FakeSave(), title="Appel aux parents [bold]", preface="• Sécurité [/assurée]"))
    async with app.run_test(size=SIZE):
        box = app.screen.query_one("#note-box")
        assert str(box.border_title) == r"Appel aux parents \[bold]"  # escaped: shown as typed
        preface = app.screen.query_one("#note-preface Static", Static)
        assert preface.visual.plain == "• Sécurité [/assurée]"


async def test_note_error_keeps_the_text_and_escape_asks():
    save = FakeSave(errors=[UserError("Le fichier des cas est verrouillé.")])
    app = Host(NoteModal(save))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Vu", "enter")
        await settle(pilot)
        assert app.screen.error_text() == "Le fichier des cas est verrouillé."
        assert app.screen.query_one("#f-text", Input).value == "Vu"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)


async def test_note_ctrl_o_saves_too_and_double_enter_saves_once():
    save = FakeSave(hold=True)
    app = Host(NoteModal(save))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Vu", "enter", "enter", "ctrl+o")
        save.gate.set()
        await settle(pilot)
        assert save.calls == ["Vu"]


# --------------------------------------------------------------------------- evidence


@pytest.fixture
def brussels(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Brussels")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_evidence_fields_and_local_time_become_an_aware_timestamp(brussels):
    save = FakeSave()
    app = Host(EvidenceModal(save))
    async with app.run_test(size=SIZE) as pilot:
        assert EVIDENCE_WARNING in str(app.screen.query_one("#evidence-warning", Static).visual.plain)
        assert focused_id(app) == "f-description"
        await pilot.press(*typed("Capture d'un message"), "enter")
        assert focused_id(app) == "f-where_kept"
        await pilot.press(*typed("téléphone de l'élève"), "enter", "enter", "enter")
        assert focused_id(app) == "f-seen_at"
        await pilot.press(*typed("2026-03-05 14:30"), "enter")
        await settle(pilot)
        assert save.calls == [{
            "description": "Capture d'un message",
            "where_kept": "téléphone de l'élève",
            "platform": None,
            "url": None,
            "seen_at": "2026-03-05T14:30:00+01:00",
        }]
        assert app.results == [CASE]


async def test_evidence_required_fields_and_bad_date_are_refused():
    save = FakeSave()
    app = Host(EvidenceModal(save))
    async with app.run_test(size=SIZE) as pilot:
        modal = app.screen
        modal.query_one("#f-seen_at", Input).value = "hier"
        modal.query_one("#f-platform", Input).value = "Snapchat"
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert save.calls == []
        assert "obligatoire" in modal.error_text("description")
        assert "original" in modal.error_text("where_kept")
        assert "JJ/MM/AAAA HH:MM" in modal.error_text("seen_at")
        assert focused_id(app) == "f-description"
        assert modal.query_one("#f-platform", Input).value == "Snapchat"


async def test_evidence_store_error_next_to_its_field():
    save = FakeSave(errors=[ValidationError("Adresse invalide.", field="url")])
    app = Host(EvidenceModal(save))
    async with app.run_test(size=SIZE) as pilot:
        modal = app.screen
        for name, value in (("description", "Photo"), ("where_kept", "police"), ("url", "x")):
            modal.query_one(f"#f-{name}", Input).value = value
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert modal.error_text("url") == "Adresse invalide."
        assert focused_id(app) == "f-url"
        assert modal.query_one("#f-description", Input).value == "Photo"
        assert save.calls[0]["url"] == "x"


# --------------------------------------------------------------------------- status


async def test_status_current_is_preselected_and_enter_confirms_another():
    save = FakeSave()
    app = Host(StatusModal(save, current="suivi"))
    async with app.run_test(size=SIZE) as pilot:
        options = app.screen.query_one(OptionList)
        assert options.highlighted_option.id == "suivi"
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["Ouvert", "En suivi  (actuel)", "Clos"]
        await pilot.press("down", "enter", "enter")
        await settle(pilot)
        assert save.calls == ["clos"]
        assert app.results == [CASE]


async def test_status_unchanged_closes_without_saving_and_error_stays():
    save = FakeSave()
    app = Host(StatusModal(save, current="ouvert"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert save.calls == [] and app.results == [None]
    save = FakeSave(errors=[UserError("Impossible de clore : étapes en cours.")])
    app = Host(StatusModal(save, current="ouvert"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("up", "enter")  # wraps to Clos
        await settle(pilot)
        assert save.calls == ["clos"]
        assert app.screen.error_text() == "Impossible de clore : étapes en cours."
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert app.results == [None]


# --------------------------------------------------------------------------- follow-up


async def test_follow_up_prefilled_replaced_by_typing():
    save = FakeSave()
    app = Host(FollowUpModal(save, current="2026-03-12"))
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one("#f-follow_up", Input).value == "12/03/2026"
        await pilot.press(*"01/04/2026", "enter")
        await settle(pilot)
        assert save.calls == ["2026-04-01"]


async def test_follow_up_empty_means_none_and_unchanged_saves_nothing():
    save = FakeSave()
    app = Host(FollowUpModal(save, current="2026-03-12"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("backspace", "enter")
        await settle(pilot)
        assert save.calls == [None]
    save = FakeSave()
    app = Host(FollowUpModal(save, current="2026-03-12"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert save.calls == [] and app.results == [None]


@pytest.mark.parametrize(("value", "expected"), [("31/11/2026", "n'existe pas"), ("2026-02-30", "n'existe pas"),
                                               ("20260312", "format attendu : JJ/MM/AAAA")])
async def test_follow_up_bad_date_refused(value, expected):
    save = FakeSave()
    app = Host(FollowUpModal(save, current=None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*value, "enter")
        await settle(pilot)
        assert save.calls == []
        assert expected in app.screen.error_text("follow_up")
        assert app.screen.query_one("#f-follow_up", Input).value == value


# --------------------------------------------------------------------------- confirm


@pytest.mark.parametrize(("keys", "default", "answer"), [
    (["enter"], False, False),
    (["o"], False, True),
    (["y"], False, True),
    (["n"], False, False),
    (["escape"], False, False),
    (["left", "enter"], False, True),
    (["enter"], True, True),
    (["escape"], True, False),
])
async def test_confirm_answers(keys, default, answer):
    app = Host(ConfirmModal("Le fichier existe. Le remplacer ?", "Remplacer", "Annuler", default=default))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        assert app.results == [answer]


async def test_confirm_question_is_shown_as_typed():
    app = Host(ConfirmModal("Remplacer « [/tmp/x] » ?", "[b]Oui", "Non"))
    async with app.run_test(size=SIZE):
        assert app.screen.query_one("#confirm-question", Static).visual.plain == "Remplacer « [/tmp/x] » ?"
        assert str(app.screen.query_one("#confirm-yes").label) == "[b]Oui (o)"


# --------------------------------------------------------------------------- bindings


@pytest.mark.parametrize("screen_class", [CaseFormScreen, NoteModal, EvidenceModal, StatusModal,
                                          FollowUpModal, ConfirmModal, SaveModal])
def test_every_binding_has_an_id_and_a_french_description(screen_class):
    for binding in screen_class.BINDINGS:
        assert binding.id, binding
        assert binding.description, binding
        assert "ctrl+s" not in binding.key and "alt+" not in binding.key


async def test_an_error_disappears_once_its_field_is_edited(town):
    save = FakeSave()
    app = Host(new_form(town, save))
    async with app.run_test(size=SIZE) as pilot:
        form = app.screen
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "obligatoire" in form.error_text("pupil")
        assert form.error_text("facts")
        await pilot.press(*"Marc")  # the pupil field has the focus
        await settle(pilot)
        assert form.error_text("pupil") == ""
        assert form.error_text("facts")  # untouched field: its error stays
