"""The Cas tab and the case view with a real store in a temporary directory."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import TabbedContent

from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui.panes.cases import CasesPane
from harcelement_tui.ui.screens.case_view import CaseViewScreen

from support.app import SIZE, wait_until
from support.clock import TZ

TODAY = date(2026, 3, 10)


CLOCK_START = datetime(2026, 3, 2, 9, 30, tzinfo=TZ)


def seed_cases(store: CaseStore, clock) -> dict[str, str]:
    """Three cases: one urgent (threats), one overdue follow-up, one closed."""
    urgent = store.create_case(pupil="Léa [bold]M.", class_group="3B", facts=["menaces", "insultes"],
                               platforms=["Snapchat"], summary="Menaces de mort", follow_up="2026-03-20")
    clock.advance(days=1)
    overdue = store.create_case(pupil="Théo D.", class_group="5A", facts=["photomontage"], follow_up="2026-03-05")
    clock.advance(days=1)
    closed = store.create_case(pupil="Zoé", class_group="1C", facts=["insultes"], follow_up="2026-03-01")
    store.set_status(closed.ref, "clos")
    return {"urgent": urgent.ref, "overdue": overdue.ref, "closed": closed.ref}


def rows(app) -> list[str]:
    return [case.ref for case in app.query_one(CasesPane).shown]


def cell(app, ref: str, column: str) -> str:
    table = app.query_one("#cases-table")
    return table.get_cell(ref, column).plain


async def test_empty_state_explains_n(make_app, store):
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        empty = app.query_one("#cases-empty")
        assert empty.display
        assert "Appuyez sur n pour ouvrir un nouveau cas" in str(empty.render())


async def test_list_open_first_newest_first_with_urgent_and_overdue_marks(make_app, store, clock):
    refs = seed_cases(store, clock)
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: len(rows(app)) == 3)
        assert rows(app) == [refs["overdue"], refs["urgent"], refs["closed"]]
        assert cell(app, refs["urgent"], "ref").startswith("⚠")
        assert not cell(app, refs["overdue"], "ref").startswith("⚠")
        assert cell(app, refs["overdue"], "follow_up") == "!05/03"
        assert cell(app, refs["urgent"], "follow_up") == " 20/03"
        assert cell(app, refs["closed"], "follow_up") == " 01/03"  # closed: never overdue
        assert cell(app, refs["urgent"], "pupil") == "Léa [bold]M."
        assert cell(app, refs["urgent"], "facts") == "Menaces +1"
        assert cell(app, refs["urgent"], "steps") == "0/21"


@pytest.mark.parametrize(("query", "expected"), [("lea", ["urgent"]), ("MENACE", ["urgent"]), ("5a", ["overdue"]),
                                                 ("clos", ["closed"]), ("2026-00", ["overdue", "urgent", "closed"])])
async def test_filter_over_ref_pupil_class_facts_status(make_app, store, query, expected, clock):
    refs = seed_cases(store, clock)
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: len(rows(app)) == 3)
        await pilot.press("slash", *query)
        assert rows(app) == [refs[name] for name in expected]


async def test_enter_opens_the_case_and_makes_it_current(make_app, store, clock):
    refs = seed_cases(store, clock)
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: len(rows(app)) == 3)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, CaseViewScreen)
        assert app.screen.case.ref == refs["urgent"]
        assert app.sub_title == f"⚠ URGENT · Cas {refs['urgent']} · Léa [bold]M."
        text = "\n".join(str(block.render()) for block in app.screen.query(".case-block") if block.display)
        assert "Cas urgent : à faire sans attendre" in text
        assert "Le pôle Psycho-social de la Police  056/86 31 43" in text
        assert "Faits : Insultes, Menaces d'agression ou de mort" in text
        await pilot.press("escape")
        assert app.query_one(TabbedContent).active == "cas"
        assert app.sub_title.endswith("Léa [bold]M.")  # still the current case


async def test_another_sessions_change_shows_without_a_key(make_app, store, tmp_path, town, clock):
    refs = seed_cases(store, clock)
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: len(rows(app)) == 3)
        await pilot.press("down", "enter")
        with CaseStore(store.path, user="secretariat", content=town) as other:
            other.add_note(refs["urgent"], "Appel de la police : plainte déposée")
            other.create_case(pupil="Nouveau", facts=["autre"])
        await wait_until(pilot, lambda: any("plainte déposée" in e.text for e in app.screen.case.timeline))
        assert isinstance(app.screen, CaseViewScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(rows(app)) == 4)


async def test_two_consoles_on_one_file_see_each_others_notes(make_app, tmp_path, town):
    path = tmp_path / "partage.json"
    with CaseStore(path, user="direction", content=town) as setup:
        ref = setup.create_case(pupil="Léa", facts=["menaces"]).ref
    with CaseStore(path, user="direction", content=town) as mine, \
            CaseStore(path, user="educateur", content=town) as theirs:
        first = make_app(store=mine, today=TODAY)
        second = make_app(store=theirs, today=TODAY)
        async with first.run_test(size=SIZE) as pilot_one, second.run_test(size=SIZE) as pilot_two:
            for pilot, app in ((pilot_one, first), (pilot_two, second)):
                await pilot.press("4")
                await wait_until(pilot, lambda app=app: len(rows(app)) == 1)
                await pilot.press("enter")
            await pilot_one.press("a", *"Appel", "space", *"police", "enter")
            await wait_until(pilot_one, lambda: first.current.timeline[-1].text == "Appel police")
            await wait_until(pilot_two, lambda: second.current.timeline[-1].text == "Appel police")
            shown = "\n".join(str(b.render()) for b in second.screen.query(".case-timeline"))
            assert "direction · Note : Appel police" in shown
            await pilot_two.press("a", *"Vu", "enter")
            await wait_until(pilot_one, lambda: first.current.timeline[-1].text == "Vu")
            assert first.current.timeline[-1].by == "educateur"


async def test_another_sessions_tick_updates_its_row_and_keeps_the_cursor(make_app, store, tmp_path, town, clock):
    refs = seed_cases(store, clock)
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await wait_until(pilot, lambda: len(rows(app)) == 3)
        await pilot.press("down", "down")  # on the closed case
        with CaseStore(store.path, user="secretariat", content=town) as other:
            other.set_step(refs["urgent"], "prudence.jugement", True)
        await wait_until(pilot, lambda: cell(app, refs["urgent"], "steps") == "1/21")
        pane = app.query_one(CasesPane)
        assert pane.selected.ref == refs["closed"]
        assert rows(app) == [refs["overdue"], refs["urgent"], refs["closed"]]


async def test_the_history_shows_old_sentences_and_entries_written_as_data(make_app, tmp_path, town):
    """A file written by an older version (history as French sentences) opens; its entries read as
    before, beside the new ones the console now stores as data."""
    from support.store import raw_case, write_raw_store

    old = raw_case("2025-001", timeline=[
        {"at": "2025-01-10T09:00:00+01:00", "by": "ancien", "kind": "statut", "text": "Cas ouvert (statut : ouvert).",
         "version": 1},
        {"at": "2025-01-11T09:00:00+01:00", "by": "ancien", "kind": "modification",
         "text": "Modification : Date de suivi : (vide) → « 2025-02-01 »", "version": 2}], version=2)
    path = write_raw_store(tmp_path / "cases.json", [old])
    with CaseStore(path, user="direction", content=town) as store:
        store.set_status("2025-001", "suivi")
        app = make_app(store=store, today=TODAY)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("4")
            await wait_until(pilot, lambda: rows(app) == ["2025-001"])
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
            shown = "\n".join(str(b.render()) for b in app.screen.query(".case-timeline"))
    assert "ancien · Cas ouvert (statut : ouvert)." in shown
    assert "Modification : Date de suivi : (vide) → «\u00a001/02/2025\u00a0»" in shown
    assert "direction · Statut : ouvert → suivi" in shown
