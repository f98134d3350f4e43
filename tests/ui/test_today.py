"""The "Aujourd'hui" tab (key 5) and the deadlines in a case's view, with frozen time and user."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import TabbedContent

from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui.panes.today import TodayPane
from harcelement_tui.ui.screens.case_view import CaseViewScreen

from support.app import SIZE, loaded, wait_until
from support.clock import TZ

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)  # a Tuesday morning


CLOCK_START = datetime(2026, 3, 5, 9, 30, tzinfo=TZ)


@pytest.fixture
def due_store(tmp_path, town, clock):
    """Three open cases with steps late or due today, and a closed one that is late but not listed."""
    path = tmp_path / "cases.json"
    with CaseStore(path, user="direction", clock=clock, content=town) as setup:
        lea = setup.create_case(pupil="Léa M. [bold]", class_group="3B", facts=["menaces"])  # 2026-001
        setup.set_step(lea.ref, "prudence.soutien", True)
        clock.set(datetime(2026, 3, 8, 14, 0, tzinfo=TZ))
        theo = setup.create_case(pupil="Théo D.", class_group="5A", facts=["photomontage"],
                                 follow_up="2026-03-09")  # 2026-002
        setup.set_step(theo.ref, "prudence.soutien", True)
        clock.set(datetime(2026, 3, 9, 16, 0, tzinfo=TZ))
        setup.create_case(pupil="Sam K.", facts=["insultes"], follow_up="2026-03-10")  # 2026-003
        closed = setup.create_case(pupil="Ancien cas", facts=["insultes"], follow_up="2026-03-01")  # 2026-004
        setup.set_status(closed.ref, "clos")
    clock.set(NOW)
    with CaseStore(path, user="direction", clock=clock, content=town) as opened:
        yield opened


def app_with(make_app, due_store):
    return make_app(store=due_store, today=NOW.date())


def listed(app) -> list[tuple[str, str, str]]:
    return [(item.ref, item.step.id if item.step else "suivi", item.state) for item in app.query_one(TodayPane).items]


EXPECTED = [
    ("2026-001", "prudence.preuves", "en retard"),        # 48 h after 05/03 09:30
    ("2026-001", "relais.cpms_mediation", "en retard"),
    ("2026-002", "suivi", "en retard"),                   # follow-up was yesterday
    ("2026-002", "prudence.preuves", "aujourd'hui"),      # 48 h after 08/03 14:00: today 14:00
    ("2026-002", "relais.cpms_mediation", "aujourd'hui"),
    ("2026-001", "parents.securite", "aujourd'hui"),      # 5 days after 05/03: today, by midnight
    ("2026-001", "victime.personne_confiance", "aujourd'hui"),
    ("2026-003", "suivi", "aujourd'hui"),
]


async def test_key_5_lists_what_is_due_and_enter_opens_the_case(make_app, due_store):
    app = app_with(make_app, due_store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        assert app.query_one(TabbedContent).active == "today"
        assert app.focused.id == "today-table"
        assert listed(app) == EXPECTED
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseViewScreen)
        assert app.screen.case.ref == "2026-002"
        assert app.current.ref == "2026-002"
        # From the case view, 5 comes back to the list, cursor where it was.
        await pilot.press("5")
        await wait_until(pilot, lambda: not isinstance(app.screen, CaseViewScreen))
        assert app.query_one(TodayPane).selected.key == "2026-002:prudence.preuves"


async def test_the_list_follows_ticked_steps_other_sessions_and_the_clock(make_app, due_store, clock, town, tmp_path):
    app = app_with(make_app, due_store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        # Another session ticks a step: gone from the list once the file is read again.
        with CaseStore(due_store.path, user="educ", clock=clock, content=town) as other:
            other.set_step("2026-001", "relais.cpms_mediation", True)
        app.reload_cases()
        await loaded(pilot)
        assert ("2026-001", "relais.cpms_mediation", "en retard") not in listed(app)
        assert len(listed(app)) == len(EXPECTED) - 1
        # 14:00:01: Théo's steps due at 14:00 are late now.
        clock.set(datetime(2026, 3, 10, 14, 0, 1, tzinfo=TZ))
        app.query_one(TodayPane)._tick()
        assert ("2026-002", "prudence.preuves", "en retard") in listed(app)
        # After midnight: yesterday's "aujourd'hui" are late, Sam's 48 h steps are due today.
        clock.set(datetime(2026, 3, 11, 0, 0, 1, tzinfo=TZ))
        app.query_one(TodayPane)._tick()
        states = {(ref, step): state for ref, step, state in listed(app)}
        assert states[("2026-001", "parents.securite")] == "en retard"
        assert states[("2026-003", "suivi")] == "en retard"
        assert states[("2026-003", "prudence.soutien")] == "aujourd'hui"
        assert "mercredi 11 mars 2026" in str(app.query_one("#today-date").render())


async def test_nothing_due_says_so_in_french(make_app, tmp_path, town, clock):
    with CaseStore(tmp_path / "cases.json", user="direction", clock=clock, content=town) as empty:
        app = make_app(store=empty, today=clock.now.date())
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot)
            await pilot.press("5")
            assert app.query_one("#today-empty").display
            assert not app.query_one("#today-table").display
            assert "Rien n'est dû aujourd'hui" in str(app.query_one("#today-empty").render())
            assert app.focused is app.query_one(TodayPane)


async def test_the_case_view_shows_each_open_step_with_its_deadline(make_app, due_store, monkeypatch):
    """Signs and words, not colour: with NO_COLOR the states still read."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_with(make_app, due_store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.cases.request("open", "2026-001")
        await pilot.pause()
        text = str(app.screen.query_one(".case-deadlines").render())
        lines = text.splitlines()
        assert lines[0].startswith("Échéances")
        assert lines[1].startswith("! en retard   07/03 09:30  Conseiller au jeune de conserver")
        # Soonest first: late, then due today (procedure order), then later.
        assert lines[3].startswith("! aujourd'hui 10/03        Les assurer que la Direction")
        assert lines[4].startswith("! aujourd'hui 10/03        S'assurer que le jeune ait")
        assert lines[5].startswith("  à faire     20/03        Penser à informer le pouvoir")
        assert "Se montrer soutenant" not in text  # done
        assert len(lines) == 6


def test_today_view_at_80x24(snap_compare, make_app, due_store):
    assert snap_compare(app_with(make_app, due_store), press=["5"], terminal_size=SIZE, run_before=loaded)


def test_case_view_opened_from_today_shows_its_deadlines(snap_compare, make_app, due_store):
    assert snap_compare(app_with(make_app, due_store), press=["5", "down", "down", "down", "enter"], terminal_size=SIZE,
                        run_before=loaded)


async def test_a_very_long_list_shows_the_most_overdue_first_and_says_so(make_app, due_store, monkeypatch):
    monkeypatch.setattr("harcelement_tui.ui.panes.today.MAX_ROWS", 3)
    app = app_with(make_app, due_store)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        assert listed(app) == EXPECTED[:3]
        assert app.query_one("#today-table").row_count == 3
        assert "3 en retard · 5 pour aujourd'hui (3 premiers listés)" in str(app.query_one("#today-date").render())
