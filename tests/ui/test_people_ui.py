"""People in a case, by keys only at 80×24: a victim, two alleged authors (one an unknown
account) and a witness added from the case view (i), heard in order, parents informed; the
deadlines per person in the case view and Aujourd'hui; the Cas filter by a person's name; and
snapshots of the new screens."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from textual.widgets import Static

from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui.panes.cases import CasesPane
from harcelement_tui.ui.panes.today import TodayPane
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.forms import CaseFormScreen
from harcelement_tui.ui.screens.people import LinesModal, PeopleScreen, PersonModal
from harcelement_tui.core.history_text import render as render_history

from support.app import SIZE, settle, snap, workers_done
from support.clock import TZ, FrozenClock
from test_case_flow import typed

OPENED = datetime(2026, 3, 10, 9, 30, tzinfo=TZ)


CLOCK_START = OPENED


def block(app, css_class: str) -> str:
    return str(app.screen.query_one(f".{css_class}", Static).content)


async def add_person(pilot, app, *keys: str) -> None:
    await pilot.press("n")
    await settle(pilot, app, PersonModal)
    await pilot.press(*keys)
    await settle(pilot, app, PeopleScreen)


async def record(pilot, app, key: str, *keys: str) -> None:
    await pilot.press(key)
    await settle(pilot, app, LinesModal)
    await pilot.press(*keys)
    await settle(pilot, app, PeopleScreen)


async def test_a_case_with_four_people_by_keys(make_app, store, clock):
    other = store.create_case(pupil="Noé V.", facts=["insultes"])
    app = make_app(store=store, today=OPENED.date())
    async with app.run_test(size=SIZE) as pilot:
        await workers_done(app)
        await pilot.press("4", "n")
        await settle(pilot, app, CaseFormScreen)
        await pilot.press(*typed("Léa Dupont"), "tab", *"3B", "tab", "tab", "tab", "tab", "space", "ctrl+o")
        await settle(pilot, app, CaseViewScreen)
        ref = app.current.ref
        assert "Personnes (0)" in block(app, "case-people")

        # i: the people of the case. n: the first is the victim, filled with the pupil: Ctrl+O.
        await pilot.press("i")
        await settle(pilot, app, PeopleScreen)
        await add_person(pilot, app, "ctrl+o")
        # An alleged author (the role offered next): Entrée, name, Entrée, class, Entrée saves.
        await add_person(pilot, app, "enter", *typed("Tom Martin"), "enter", *"3C", "enter")
        # An unknown account: no class.
        await add_person(pilot, app, "enter", *typed("compte Snapchat @lea_h8r"), "enter", "enter")
        # A witness: one down from "auteur présumé".
        await add_person(pilot, app, "down", "enter", *typed("Ines Moreau"), "enter", *"3B", "enter")
        people = store.get(ref).people
        assert [(p.role, p.name, p.class_group) for p in people] == [
            ("victime", "Léa Dupont", "3B"), ("auteur", "Tom Martin", "3C"),
            ("auteur", "compte Snapchat @lea_h8r", ""), ("temoin", "Ines Moreau", "3B")]

        # Heard in order: the victim now (the time offered), the witness, then the first author
        # the next day. a: Entrée keeps the time, Entrée keeps "direction", a note, Entrée.
        await pilot.press("home")
        await record(pilot, app, "a", "enter", "enter", *typed("recit detaille"), "enter")
        await pilot.press("end")
        await record(pilot, app, "a", "enter", "ctrl+u", *typed("M. Petit"), "enter", *typed("a vu"), "enter")
        await pilot.press("home", "down")
        await record(pilot, app, "a", "ctrl+u", *typed("11/03/2026 14:00"), "enter", "enter", "enter")
        # i: the victim's parents informed, today by default.
        await pilot.press("home")
        await record(pilot, app, "i", "enter", *typed("telephone a la mere"), "enter")

        case = store.get(ref)
        heard = [(render_history(e).split(" entendu(e)")[0]) for e in case.timeline if render_history(e).startswith("Audition")]
        assert heard == ["Audition : victime : Léa Dupont", "Audition : témoin : Ines Moreau",
                         "Audition : auteur présumé : Tom Martin"]
        moments = [datetime.fromisoformat(p.heard.heard_at) if p.heard else None for p in case.people]
        assert moments == [OPENED, datetime(2026, 3, 11, 14, 0).astimezone(), None, OPENED]
        assert case.people[3].heard.heard_by == "M. Petit" and case.people[3].heard.note == "a vu"
        assert (case.people[0].parents_informed_on, case.people[0].parents_informed_how) == (
            "2026-03-10", "telephone a la mere")

        # The case view: the Personnes block and the deadline of the one not heard.
        await pilot.press("escape")
        await settle(pilot, app, CaseViewScreen)
        people_block = block(app, "case-people")
        assert "Personnes (4)" in people_block
        assert re.search(r"entendu\(e\) le 10/03/2026 \d\d:30 par direction", people_block)
        assert "à entendre au plus tard le 15/03" in people_block
        deadlines = block(app, "case-deadlines")
        assert "15/03        Entendre compte Snapchat @lea_h8r (auteur…" in deadlines
        assert "Entendre Léa" not in deadlines

        # Six days later (after a save, the lists are read again), Aujourd'hui lists it, late.
        clock.advance(days=6)
        await pilot.press("i", "end")
        await settle(pilot, app, PeopleScreen)
        await record(pilot, app, "i", "enter", *typed("courrier"), "enter")
        await pilot.press("escape", "5")
        await settle(pilot, app)
        today = app.main_screen.query_one(TodayPane)
        late = [item for item in today.items if item.step and item.step.id == "personne:p3"]
        assert late and late[0].state == "en retard" and late[0].ref == ref
        cell = str(today.table.get_row_at(today.items.index(late[0]))[4])
        assert cell.startswith("Entendre compte Snap") and cell.endswith("…")  # cut to the column
        today.table.move_cursor(row=today.items.index(late[0]))
        await pilot.pause()
        assert "Entendre compte Snapchat @lea_h8r (auteur présumé)" in str(
            today.query_one("#today-detail", Static).content)

        # The Cas filter finds the case by a person's name, not the other case.
        await pilot.press("4", "slash", *"moreau")
        await settle(pilot, app)
        assert [c.ref for c in app.query_one(CasesPane).shown] == [ref]
        await pilot.press("escape", "slash", *"lea_h8r")
        await settle(pilot, app)
        assert [c.ref for c in app.query_one(CasesPane).shown] == [ref] != [other.ref]


async def test_an_empty_name_is_refused_next_to_the_field_and_nothing_is_saved(make_app, store):
    case = store.create_case(pupil="Léa", facts=["insultes"])
    app = make_app(store=store, today=OPENED.date())
    async with app.run_test(size=SIZE) as pilot:
        await workers_done(app)
        await pilot.press("4", "enter", "i", "n")
        await settle(pilot, app, PersonModal)
        await pilot.press("down", "enter", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PersonModal)
        assert "Le nom est obligatoire" in app.screen.error_text("name")
        assert store.get(case.ref).people == ()


# --------------------------------------------------------------------------- snapshots


@pytest.fixture
def busy(tmp_path, town):
    path = tmp_path / "cases.json"
    clock = FrozenClock(OPENED)
    with CaseStore(path, user="direction", clock=clock, content=town) as setup:
        case = setup.create_case(pupil="Léa Dupont", class_group="3B", facts=["insultes"])
        setup.add_person(case.ref, role="victime", name="Léa Dupont", class_group="3B")
        setup.add_person(case.ref, role="auteur", name="Tom Martin", class_group="3C")
        setup.add_person(case.ref, role="auteur", name="compte Snapchat @lea_h8r")
        setup.add_person(case.ref, role="temoin", name="Inès Moreau [bold]", class_group="3B", is_minor=False)
        setup.record_hearing(case.ref, "p1", heard_at="2026-03-10T10:00+01:00", heard_by="direction", note="récit")
        setup.record_parents_informed(case.ref, "p1", on="2026-03-10", how="téléphone à la mère")
        clock.advance(days=6)  # 16/03: the people not heard are late
    with CaseStore(path, user="direction", clock=clock, content=town) as opened:
        yield opened


def test_snapshot_case_view_people_block(snap_compare, make_app, busy):
    # Scrolled down to the deadlines and the Personnes block.
    assert snap(snap_compare, make_app(store=busy, today=date(2026, 3, 16)), "4", "enter",
                *["down"] * 12)


def test_snapshot_people_screen(snap_compare, make_app, busy):
    assert snap(snap_compare, make_app(store=busy, today=date(2026, 3, 16)), "4", "enter", "i", "down")


def test_snapshot_new_person_form(snap_compare, make_app, busy):
    assert snap(snap_compare, make_app(store=busy, today=date(2026, 3, 16)), "4", "enter", "i", "n")


def test_snapshot_hearing_form(snap_compare, make_app, busy):
    assert snap(snap_compare, make_app(store=busy, today=date(2026, 3, 16)), "4", "enter", "i", "down", "a")


def test_snapshot_today_with_a_person_to_hear(snap_compare, make_app, busy):
    assert snap(snap_compare, make_app(store=busy, today=date(2026, 3, 16)), "5")


async def test_a_tab_key_from_the_people_list_shows_the_tab(make_app, store):
    store.create_case(pupil="Léa", facts=["insultes"])
    app = make_app(store=store, today=OPENED.date())
    async with app.run_test(size=SIZE) as pilot:
        await workers_done(app)
        await pilot.press("4", "enter", "i")
        await settle(pilot, app, PeopleScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = " ".join(str(s.content) for s in app.screen.query(".help-keys").results(Static))
        for words in ("n", "Ajouter", "Audition", "Parents informés", "Retour"):
            assert words in help_text
        await pilot.press("escape", "5")
        await settle(pilot, app)
        assert app.screen is app.main_screen
        assert app.main_screen.query_one("TabbedContent").active == "today"


async def test_edit_a_person_by_keys_and_hostile_text_is_shown_not_obeyed(make_app, store):
    case = store.create_case(pupil="Léa", facts=["insultes"])
    store.add_person(case.ref, role="temoin", name="Ines \x1b[2J[bold]x[/bold]")
    store.add_person(case.ref, role="auteur", name="Tom Martin", class_group="3C")
    app = make_app(store=store, today=OPENED.date())
    async with app.run_test(size=SIZE) as pilot:
        await workers_done(app)
        await pilot.press("4", "enter", "i")
        await settle(pilot, app, PeopleScreen)
        shown = str(app.screen.query_one("#people-list").get_option_at_index(0).prompt)
        assert "Ines ␛[2J[bold]x[/bold]" in shown
        # e on the author: role down to témoin, the name changed, Ctrl+O.
        await pilot.press("down", "e")
        await settle(pilot, app, PersonModal)
        await pilot.press("down", "enter", "end", *typed("s"), "ctrl+o")
        await settle(pilot, app, PeopleScreen)
        person = store.get(case.ref).people[1]
        assert (person.role, person.name, person.class_group) == ("temoin", "Tom Martins", "3C")
        assert render_history(store.get(case.ref).timeline[-1]) == (
            "Personne modifiée (auteur présumé : Tom Martin) : rôle : auteur présumé → témoin ; "
            "nom : Tom Martin → Tom Martins")
