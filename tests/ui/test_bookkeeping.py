"""One bookkeeping: logging the parents' call or a contact ticks the procedure steps it
accomplishes (content links them), dated, signed and saying in the history what ticked them."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import OptionList, Static

from harcelement_tui.core.deadlines import due_today
from harcelement_tui.core.model import ValidationError
from harcelement_tui.ui.panes.procedure import ProcedurePane
from harcelement_tui.ui.screens.modals import NoteModal
from harcelement_tui.core.history_text import render as render_history

from support.app import SIZE, settle
from support.clock import TZ

OPENED = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
CALLED = datetime(2026, 11, 29, 14, 5, tzinfo=TZ)


CLOCK_START = OPENED


@pytest.fixture
def case(store, clock):
    made = store.create_case(pupil="Léa M.", class_group="3B", facts=["insultes"])
    clock.set(CALLED)
    return made


def points(town, *ids):
    return [point for point in town.parent_points() if point.id in ids]


def test_each_point_of_the_call_names_the_step_it_accomplishes(town):
    linked = {point.id: point.steps for point in town.parent_points()}
    assert linked == {
        "appel.securite": ("parents.securite",),
        "appel.relais": ("parents.relais_informes",),
        "appel.initiatives": ("parents.mise_en_garde",),
        "appel.discretion": ("parents.discretion",),
        "appel.plainte": ("parents.plainte",),
        "appel.document": ("parents.document",),
    }


def test_logging_the_call_ticks_the_steps_of_the_points_said(store, town, case):
    said = points(town, "appel.securite", "appel.discretion")
    saved = store.log_call(case.ref, "Appel aux parents.", [s for p in said for s in p.steps])
    assert set(saved.steps) == {"parents.securite", "parents.discretion"}
    record = saved.steps["parents.securite"]
    assert (record.done_at, record.done_by, record.via) == (CALLED.isoformat(), "direction", "appel")
    call, *ticks = saved.timeline[1:]
    assert call.kind == "appel" and call.text == "Appel aux parents."
    assert [t.step_id for t in ticks] == ["parents.securite", "parents.discretion"]
    assert render_history(ticks[0]).startswith("Étape faite : Les assurer que la Direction sera attentive")
    assert render_history(ticks[0]).endswith("— cochée par l'appel aux parents du 29/11/2026 14:05")
    assert all(t.by == "direction" and t.at == CALLED.isoformat() for t in ticks)


def test_a_step_already_done_keeps_its_first_tick(store, case, clock):
    store.set_step(case.ref, "parents.securite", True, note="dit au téléphone lundi")
    clock.advance(hours=1)
    saved = store.log_call(case.ref, "Second appel.", ["parents.securite"])
    assert saved.steps["parents.securite"].note == "dit au téléphone lundi"
    assert saved.steps["parents.securite"].via == ""
    assert [t.kind for t in saved.timeline[-2:]] == ["etape", "appel"]


def test_a_ticked_step_can_still_be_unticked(store, case):
    store.log_call(case.ref, "Appel.", ["parents.securite"])
    saved = store.set_step(case.ref, "parents.securite", False)
    assert "parents.securite" not in saved.steps


def test_an_unknown_step_is_refused_and_nothing_is_written(store, case):
    with pytest.raises(ValidationError, match="Étape inconnue"):
        store.log_call(case.ref, "Appel.", ["parents.inconnue"])
    assert store.get(case.ref).version == case.version


def test_contacting_the_mediation_ticks_the_relay_step_once(store, case, clock):
    saved = store.log_contact(case.ref, "mediation_scolaire", "Contact : Service de Médiation Scolaire")
    assert saved.steps["relais.cpms_mediation"].via == "contact"
    assert render_history(saved.timeline[-1]).endswith(
        "— cochée par le contact avec Service de Médiation Scolaire du 29/11/2026 14:05")
    # A CPMS contacted later does not tick the class sessions, which only cite the CPMS.
    clock.advance(days=1)
    again = store.log_contact(case.ref, "cpms_libre_1", "Contact : CPMS Libre Mouscron 1")
    assert set(again.steps) == {"relais.cpms_mediation"}
    assert again.timeline[-1].kind == "contact"


def test_the_police_contact_ticks_the_referent_not_the_complaint(store, case):
    saved = store.log_contact(case.ref, "police_psychosocial", "Contact : police")
    assert set(saved.steps) == {"police.referent"}


def test_a_step_done_by_the_call_is_no_longer_due(store, town, case):
    store.log_call(case.ref, "Appel.", ["parents.securite"])
    later = datetime(2026, 12, 5, 10, 0, tzinfo=TZ)
    due = {item.step.id for item in due_today([store.get(case.ref)], town, later) if item.step}
    assert "parents.securite" not in due
    assert "relais.cpms_mediation" in due


async def test_by_keys_the_call_and_a_contact_tick_their_steps(make_app, store, case):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(case)
        # Parents tab: tick the first two points, log the call without a note.
        await pilot.press("2", "space", "down", "space", "a")
        await settle(pilot, app, NoteModal)
        await pilot.press("enter")
        await settle(pilot, app, type(app.main_screen))
        assert set(app.current.steps) == {"parents.securite", "parents.relais_informes"}
        assert any(n.message == "Appel enregistré dans le cas 2026-001. 2 étapes de la procédure cochées."
                   for n in app._notifications)
        # Contacts tab: the mediation service, l, Enter.
        await pilot.press("3", "slash", *"mediation", "enter", "l")
        await settle(pilot, app, NoteModal)
        await pilot.press("enter")
        await settle(pilot, app, type(app.main_screen))
        assert "relais.cpms_mediation" in app.current.steps
        assert any(n.message.endswith("Étape de la procédure cochée.") for n in app._notifications)
        # Procédure tab: the tick says what made it.
        await pilot.press("escape", "1")
        await settle(pilot, app)
        listing = app.main_screen.query_one(ProcedurePane).query_one(OptionList)
        prompt = str(listing.get_option("step:parents.securite").prompt)
        assert "fait le 29/11/2026 14:05 par direction (cochée par l'appel aux parents)" in prompt


async def test_the_town_s_introductions_are_shown(make_app, store, town):
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        listing = app.main_screen.query_one(ProcedurePane).query_one(OptionList)
        intro = str(listing.get_option_at_index(0).prompt)
        assert intro.startswith("Proposition de procédures à mettre en place")
        assert "Lorsque votre élève vient faire part d'une situation grave" in intro
        # Contacts: the intro shows at the top and gives its room back once the cursor moves down.
        await pilot.press("3")
        await settle(pilot, app)
        shown = app.main_screen.query_one("#contacts-intro", Static)
        assert shown.display and "plusieurs services se sont associés" in str(shown.render())
        await pilot.press("down")
        await settle(pilot, app)
        assert not shown.display
        await pilot.press("up")
        await settle(pilot, app)
        assert shown.display
