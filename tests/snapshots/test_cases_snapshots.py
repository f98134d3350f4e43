"""Snapshots of case work at 80×24 with frozen time and user. Review each SVG by eye."""

from __future__ import annotations

from datetime import date

from harcelement_tui.core.store import CaseStore

from support.app import loaded, snap

TODAY = date(2026, 3, 10)


def app_with(make_app, urgent_store):
    return make_app(store=urgent_store, today=TODAY)


async def loaded_with_current_case(pilot):
    """The list is read and the urgent case is the current case (as after Entrée on it)."""
    await loaded(pilot)
    app = pilot.app
    app.set_current(app.store.get("2026-001"))
    await pilot.pause()


def test_cas_with_cases(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "4")


def test_cas_empty_with_store(snap_compare, make_app, tmp_path, town):
    path = tmp_path / "vide.json"
    CaseStore(path, user="direction", content=town).close()
    with CaseStore(path, user="direction", content=town) as empty:
        assert snap(snap_compare, make_app(store=empty, today=TODAY), "4")


def test_case_view_urgent(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "4", "down", "enter")


def test_case_view_scrolled_to_timeline(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "4", "down", "enter", "end")


def test_procedure_with_current_case(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "1", before=loaded_with_current_case)


def test_parents_with_current_case_points_ticked(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "2", "space", "down", "space",
                before=loaded_with_current_case)


def test_contacts_with_current_case(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "3", before=loaded_with_current_case)


def test_call_log_modal(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "2", "space", "a", before=loaded_with_current_case)


async def procedure_work_done(pilot):
    """The current case with a step sans objet, a tick with its detail and a step ticked by the call,
    the procedure scrolled to the section that protects the pupil."""
    store = pilot.app.store
    store.set_not_applicable("2026-001", "victime.educateurs", "pas de cour de récréation (internat)")
    store.set_step("2026-001", "victime.personne_confiance", True, note="Mme Dubois, éducatrice")
    store.log_call("2026-001", "Appel aux parents.", ["parents.securite"])
    await loaded_with_current_case(pilot)
    from textual.widgets import OptionList

    from harcelement_tui.ui.panes.procedure import ProcedurePane

    await pilot.press("1")
    listing = pilot.app.main_screen.query_one(ProcedurePane).query_one(OptionList)
    listing.highlighted = listing.get_option_index("step:victime.educateurs")
    await pilot.pause()


def test_procedure_sans_objet_detail_and_tick_by_the_call(snap_compare, make_app, urgent_store):
    assert snap(snap_compare, app_with(make_app, urgent_store), "down", "down", before=procedure_work_done)
