"""The procedure's work: steps "sans objet", a detail asked on a tick, a step that recurs, the
postvention after closing, and the report for the pouvoir organisateur since it was last informed."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import OptionList

from harcelement_tui.cli import main
from harcelement_tui.core.applicability import ADULT_REASON, skip_reason
from harcelement_tui.core.deadlines import OVERDUE, TO_DO, due_today, step_deadlines
from harcelement_tui.core.export import build_export, case_from_export, validate_export
from harcelement_tui.core.model import ValidationError
from harcelement_tui.core.pseudonym import Pseudonymiser
from harcelement_tui.core.report import build_report
from harcelement_tui.core.store import CaseStore
from harcelement_tui.core.summary import progress
from harcelement_tui.ui.panes.procedure import ProcedurePane
from harcelement_tui.ui.screens.modals import FollowUpModal, NoteModal
from harcelement_tui.core.history_text import render as render_history

from support.app import SIZE, settle
from support.clock import TZ, FrozenClock

OPENED = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
PO = "ecole.pouvoir_organisateur"
POSTVENTION = "prevention.information_parents"


CLOCK_START = OPENED


@pytest.fixture
def case(store):
    return store.create_case(pupil="Léa Martin", class_group="3B", facts=["insultes"])


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=TZ) if day <= 30 else datetime(2026, 12, day - 30, hour, tzinfo=TZ)


# -- steps that do not apply ---------------------------------------------------------------------


def test_the_minor_only_step_is_sans_objet_by_itself_for_an_adult(store, town):
    minor = store.create_case(pupil="Léa", facts=["insultes"])
    adult = store.create_case(pupil="Tom", facts=["insultes"], is_minor=False)
    step = town.step("prudence.parents_avertis")
    assert skip_reason(minor, step) is None
    assert skip_reason(adult, step) == ADULT_REASON
    assert progress(minor, town).label == "0/21"
    assert progress(adult, town).label == "0/20"


def test_a_step_declared_sans_objet_leaves_the_count_and_the_deadlines(store, town, case):
    saved = store.set_not_applicable(case.ref, "relais.cpms_mediation", "le CPMS suit déjà l'élève")
    record = saved.not_applicable["relais.cpms_mediation"]
    assert (record.reason, record.by) == ("le CPMS suit déjà l'élève", "direction")
    assert render_history(saved.timeline[-1]).startswith("Étape sans objet : Contactez le CPMS")
    assert progress(saved, town).label == "0/20"
    assert "relais.cpms_mediation" not in {due.step.id for due in step_deadlines(saved, town, at(20))}
    # A step sans objet cannot be ticked; it can apply again.
    with pytest.raises(ValidationError, match="sans objet"):
        store.set_step(case.ref, "relais.cpms_mediation", True)
    back = store.set_not_applicable(case.ref, "relais.cpms_mediation", None)
    assert not back.not_applicable and progress(back, town).label == "0/21"


def test_a_ticked_step_or_an_empty_reason_is_refused(store, case):
    store.set_step(case.ref, "prudence.jugement", True)
    with pytest.raises(ValidationError, match="décochez-la"):
        store.set_not_applicable(case.ref, "prudence.jugement", "inutile")
    with pytest.raises(ValidationError, match="obligatoire"):
        store.set_not_applicable(case.ref, "prudence.soutien", "  ")
    with pytest.raises(ValidationError, match="trop longue"):
        store.set_not_applicable(case.ref, "prudence.soutien", "x" * 201)


def test_a_complete_case_reaches_its_total(store, town, case):
    for step in town.steps():
        if step.id != "prudence.parents_avertis":
            store.set_step(case.ref, step.id, True)
    done = store.set_not_applicable(case.ref, "prudence.parents_avertis", "l'élève a été informée par le CPMS")
    assert progress(done, town).label == "20/20"
    assert len(progress(done, town).complete_sections) == len(town.sections)


def test_sans_objet_travels_in_the_export_and_is_listed_in_the_report(store, town, case):
    saved = store.set_not_applicable(case.ref, "victime.seances_classes", "Léa Martin ne veut pas d'intervention en classe")
    data = build_export(saved, town, exported_at=saved.updated_at, exported_by="direction")
    validate_export(data)
    assert case_from_export(data).not_applicable == saved.not_applicable
    report = build_report(saved, town, generated_at=saved.updated_at, author="direction")
    assert "### Étapes sans objet pour ce cas" in report
    assert "Léa Martin ne veut pas d'intervention en classe" in report
    assert "0 étape de la procédure faite sur 20. 1 sans objet." in report
    hidden = Pseudonymiser(saved, fact_label=town.fact_label).case()
    assert "Martin" not in hidden.not_applicable["victime.seances_classes"].reason
    assert "Martin" not in build_report(saved, town, generated_at=saved.updated_at, author="direction",
                                        pseudonymise=True)


# -- a step that recurs -----------------------------------------------------------------------


def test_informing_the_po_comes_back_every_14_days_while_the_case_is_open(store, town, case, clock):
    clock.set(at(10))
    store.set_step(case.ref, PO, True)
    ticked = store.get(case.ref)
    # The case view shows the next time as to do; Aujourd'hui lists it only once due.
    due = {d.step.id: d for d in step_deadlines(ticked, town, at(23))}
    assert not any(item.step and item.step.id == PO for item in due_today([ticked], town, at(23)))
    assert due[PO].state == TO_DO and due[PO].due_date.isoformat() == "2026-11-24"
    assert {d.step.id: d.state for d in step_deadlines(ticked, town, at(25))}[PO] == OVERDUE
    assert any(item.step and item.step.id == PO for item in due_today([ticked], town, at(25)))
    # Ticked anew: the next time counts from this tick; the history says it was done again.
    clock.set(at(25))
    again = store.set_step(case.ref, PO, True, again=True)
    assert render_history(again.timeline[-1]).startswith("Étape refaite : Penser à informer le pouvoir organisateur")
    assert {d.step.id: d.due_date.isoformat() for d in step_deadlines(again, town, at(25))}[PO] == "2026-12-09"
    # Closed: no longer comes back.
    store.set_status(case.ref, "clos")
    assert step_deadlines(store.get(case.ref), town, at(40)) == []


# -- postvention after closing ----------------------------------------------------------------


def test_a_closed_case_comes_back_for_its_postvention_and_is_kept_until_done(store, town, case, clock):
    store.set_status(case.ref, "clos")
    planned = store.set_postvention(case.ref, "2026-12-15")
    assert render_history(planned.timeline[-1]) == ("Postvention prévue le 15/12/2026 : Bien après que la situation soit "
                                         "apaisée, une action d'information générale auprès des parents pourra "
                                         "également être proposée. Elle pourra être animée par différents services.")
    assert due_today([planned], town, at(44)) == []  # 14/12: not yet
    items = due_today([planned], town, at(45))
    assert [(item.ref, item.step.id) for item in items] == [(case.ref, POSTVENTION)]
    # Long past retention, it is not purged while the postvention is to do.
    clock.set(datetime(2028, 6, 1, tzinfo=TZ))
    assert store.purge_candidates(30) == []
    assert store.purge([case.ref], 30).skipped == ((case.ref, "sa postvention est prévue et pas encore faite"),)
    store.set_step(case.ref, POSTVENTION, True)
    assert [due.ref for due in store.purge_candidates(30)] == [case.ref]


# -- report for the pouvoir organisateur --------------------------------------------------------


def test_report_since_last_po_has_only_what_changed_since(tmp_path, town, workdir, capsys):
    path = tmp_path / "cases.json"
    clock = FrozenClock(at(3))
    with CaseStore(path, user="direction", clock=clock, content=town) as store:
        case = store.create_case(pupil="Léa Martin", facts=["insultes"])
        store.add_note(case.ref, "Avant : premier entretien")
        main(["--data", str(path), "report", case.ref, "--since-last-po", "-o", "avant.md"])
        # -o FILE.md: Markdown, from the extension.
        assert "Mise à jour pour le pouvoir organisateur : il n'a pas encore été informé (étape non cochée) : " \
            "rapport complet." in (workdir / "avant.md").read_text(encoding="utf-8")
        clock.set(at(5))
        store.log_contact(case.ref, "pouvoir_organisateur", "Contact : Pouvoir organisateur")
        clock.set(at(9))
        store.add_note(case.ref, "Après : la mère a porté plainte")
        store.add_evidence(case.ref, description="Nouvelle capture", where_kept="Téléphone de Léa")
    assert main(["--data", str(path), "report", case.ref, "--since-last-po", "--format", "md"]) == 0
    text = (workdir / f"rapport-{case.ref}-depuis-po.md").read_text(encoding="utf-8")
    assert "Mise à jour pour le pouvoir organisateur : seul ce qui a changé depuis sa dernière " \
           "information, le 05/11/2026 10:00" in text
    assert "Après : la mère a porté plainte" in text and "Nouvelle capture" in text
    assert "Avant : premier entretien" not in text


# -- by keys --------------------------------------------------------------------------------


async def goto_step(pilot, app, step_id: str) -> None:
    listing = app.main_screen.query_one(ProcedurePane).query_one(OptionList)
    listing.highlighted = listing.get_option_index(f"step:{step_id}")
    await pilot.pause()


async def test_by_keys_sans_objet_a_detail_on_a_tick_and_the_postvention(make_app, store, case, clock):
    clock.set(at(3))
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(case)
        await pilot.press("1")
        await settle(pilot, app)
        # o: sans objet, with a reason.
        await goto_step(pilot, app, "victime.educateurs")
        await pilot.press("o")
        await settle(pilot, app, NoteModal)
        await pilot.press(*"pas de cour", "enter")
        await settle(pilot, app, type(app.main_screen))
        assert app.current.not_applicable["victime.educateurs"].reason == "pas de cour"
        prompt = str(app.main_screen.query_one(ProcedurePane).query_one(OptionList)
                     .get_option("step:victime.educateurs").prompt)
        assert prompt.startswith("[-] ") and "sans objet : pas de cour" in prompt
        # Space on a step that asks "Qui ?": the answer is the tick's detail.
        await goto_step(pilot, app, "victime.personne_confiance")
        await pilot.press("space")
        await settle(pilot, app, NoteModal)
        assert "Qui ?" in str(app.screen.query_one(".modal-label").render())
        await pilot.press(*"Mme Dubois", "enter")
        await settle(pilot, app, type(app.main_screen))
        assert app.current.steps["victime.personne_confiance"].note == "Mme Dubois"
        prompt = str(app.main_screen.query_one(ProcedurePane).query_one(OptionList)
                     .get_option("step:victime.personne_confiance").prompt)
        assert "Qui ? Mme Dubois" in prompt
        # Enter alone: ticked without a detail.
        await goto_step(pilot, app, "victime.seances_classes")
        await pilot.press("space")
        await settle(pilot, app, NoteModal)
        await pilot.press("enter")
        await settle(pilot, app, type(app.main_screen))
        assert app.current.steps["victime.seances_classes"].note == ""
        # o again: the step applies again.
        await goto_step(pilot, app, "victime.educateurs")
        await pilot.press("o")
        await settle(pilot, app)
        assert not app.current.not_applicable
        # Close from the case view: the postvention is offered 90 days on; Enter plans it.
        await pilot.press("4", "enter")
        await settle(pilot, app)
        await pilot.press("s", "down", "down", "enter")
        await settle(pilot, app, FollowUpModal)
        assert app.screen.query_one("#f-follow_up").value == "01/02/2027"
        await pilot.press("enter")
        await settle(pilot, app)
        assert store.get(case.ref).postvention == "2027-02-01"


async def test_by_keys_space_ticks_a_recurring_step_anew_once_due(make_app, store, case, clock):
    clock.set(at(3))
    store.set_step(case.ref, PO, True)
    clock.set(at(18))  # 17/11 was its next time
    app = make_app(store=store)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(store.get(case.ref))
        await pilot.press("1")
        await settle(pilot, app)
        await goto_step(pilot, app, PO)
        prompt = str(app.main_screen.query_one(ProcedurePane).query_one(OptionList).get_option(f"step:{PO}").prompt)
        assert "à refaire le 17/11/2026 (Espace : cocher à nouveau)" in prompt
        await pilot.press("space")
        await settle(pilot, app)
        assert app.current.steps[PO].done_at == at(18).isoformat()
        assert render_history(app.current.timeline[-1]).startswith("Étape refaite")
        # Not due again yet: Space unticks, as for any step.
        await pilot.press("space")
        await settle(pilot, app)
        assert PO not in app.current.steps


async def test_by_keys_r_then_d_writes_the_po_update(make_app, store, case, clock):
    from harcelement_tui.core.config import Config
    from harcelement_tui.ui.screens.case_view import CaseViewScreen
    from harcelement_tui.ui.screens.share_choice import ShareChoiceModal

    store.add_note(case.ref, "Avant : premier entretien")
    clock.set(at(5))
    store.set_step(case.ref, PO, True)
    clock.set(at(9))
    store.add_note(case.ref, "Après : la mère a porté plainte")
    app = make_app(store=store, config=Config(report_format="md"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "enter")
        await settle(pilot, app, CaseViewScreen)
        await pilot.press("r")
        await settle(pilot, app, ShareChoiceModal)
        assert "Contenu : tout le cas" in str(app.screen.query_one("#share-since").render())
        await pilot.press("d")
        assert "depuis la dernière information au PO" in str(app.screen.query_one("#share-since").render())
        await pilot.press("enter")
        await settle(pilot, app, CaseViewScreen)
    text = (store.path.parent / "exports" / f"rapport-{case.ref}-depuis-po.md").read_text(encoding="utf-8")
    assert "Après : la mère a porté plainte" in text and "Avant : premier entretien" not in text


def test_the_pseudonymised_po_update_hides_names_changed_before_the_po_was_informed(store, town, case, clock):
    store.update_fields(case.ref, pupil="Lea Dupond")
    store.update_fields(case.ref, pupil="Léa Martin")
    clock.set(at(5))
    store.set_step(case.ref, PO, True)
    clock.set(at(9))
    store.add_note(case.ref, "La mère de Lea Dupond dit que cela recommence")
    report = build_report(store.get(case.ref), town, generated_at=at(9).isoformat(), author="direction",
                          pseudonymise=True, since_po=True)
    assert "cela recommence" in report
    assert "Dupond" not in report and "Martin" not in report


def test_an_automatic_tick_leaves_a_step_sans_objet_and_renews_a_recurring_one(store, case, clock):
    store.set_not_applicable(case.ref, "relais.cpms_mediation", "suivi par le CPMS depuis septembre")
    saved = store.log_contact(case.ref, "mediation_scolaire", "Contact : médiation")
    assert "relais.cpms_mediation" not in saved.steps
    clock.set(at(5))
    store.log_contact(case.ref, "pouvoir_organisateur", "Contact : PO")
    clock.set(at(25))
    again = store.log_contact(case.ref, "pouvoir_organisateur", "Contact : PO, point de situation")
    assert again.steps[PO].done_at == at(25).isoformat()
    assert render_history(again.timeline[-1]).startswith("Étape refaite : Penser à informer le pouvoir organisateur")
