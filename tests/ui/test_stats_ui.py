"""The Stats tab (key 6) and purged cases in the console, with a real store; one snapshot at 80×24."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Static, TabbedContent

from harcelement_tui.core.store import CaseStore
from harcelement_tui.ui.panes.stats import StatsScroll
from harcelement_tui.ui.screens.case_view import CaseViewScreen

from support.clock import TZ, FrozenClock
from support.app import SIZE, loaded

TODAY = date(2026, 3, 10)


@pytest.fixture
def stats_store(tmp_path, town):
    """2025-001 closed in January 2025 and purged in February 2026; three cases of 2026."""
    path = tmp_path / "cases.json"
    clock = FrozenClock(datetime(2025, 1, 6, 9, 0, tzinfo=TZ))
    with CaseStore(path, user="direction", clock=clock, content=town) as setup:
        old = setup.create_case(pupil="Ancienne Élève", facts=["insultes"])
        clock.advance(days=9)
        setup.set_status(old.ref, "clos")
        clock.set(datetime(2026, 2, 2, 9, 0, tzinfo=TZ))
        setup.purge([old.ref], 365)
        first = setup.create_case(pupil="Léa M.", facts=["menaces", "insultes"])
        for step in town.section("relais").steps:
            setup.set_step(first.ref, step.id, True)
        clock.advance(days=6)
        setup.set_status(first.ref, "clos")
        clock.set(datetime(2026, 3, 2, 9, 30, tzinfo=TZ))
        setup.create_case(pupil="Théo D.", facts=["photomontage"])
        setup.create_case(pupil="Zoé", facts=["insultes"])
    with CaseStore(path, user="direction", clock=clock, content=town) as opened:
        yield opened


def report(app) -> str:
    return str(app.query_one("#stats-report", Static).render())


def year_line(app) -> str:
    return str(app.query_one("#stats-year", Static).render())


async def test_key_6_shows_this_years_figures_and_arrows_change_the_year(make_app, stats_store):
    app = make_app(store=stats_store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        assert app.query_one(TabbedContent).active == "stats"
        assert isinstance(app.focused, StatsScroll)
        assert year_line(app).startswith("Année 2026")
        text = report(app)
        assert "Statistiques des cas — année 2026 : 3 cas" in text
        assert "Délai médian : 6 jours" in text
        assert "Léa" not in text and "Théo" not in text
        keys = str(app.query_one("KeyBar").render())
        assert "← Année précédente" in keys and "→ Année suivante" in keys
        await pilot.press("left")
        assert year_line(app).startswith("Année 2025")
        assert "année 2025 : 1 cas" in report(app) and "dont 1 purgé" in report(app)
        await pilot.press("right", "right")
        assert "année 2027 : 0 cas" in report(app)
        await pilot.press("4")
        assert app.query_one(TabbedContent).active == "cas"
        await pilot.press("6")
        assert "année 2027" in report(app)  # the year chosen is kept


async def test_the_figures_follow_changes_made_elsewhere(make_app, stats_store, town):
    app = make_app(store=stats_store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("6")
        with CaseStore(stats_store.path, user="adjoint", clock=FrozenClock(datetime(2026, 3, 9, tzinfo=TZ)),
                       content=town) as other:
            other.create_case(pupil="Nouveau", facts=["autre"])
        for _ in range(300):  # the console polls the file every second (30 s at most: a busy machine)
            if "année 2026 : 4 cas" in report(app):
                break
            await pilot.pause(0.1)
        assert "année 2026 : 4 cas" in report(app)


async def test_a_purged_case_shows_as_purged_and_does_not_open(make_app, stats_store):
    app = make_app(store=stats_store, today=TODAY)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("4")
        table = app.query_one("#cases-table")
        assert table.get_cell("2025-001", "pupil").plain == "— purgé —"
        table.move_cursor(table.index_of("2025-001"))
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CaseViewScreen)
        assert app.current is None
        assert notes and notes[-1].startswith("Cas 2025-001 (ouvert le 06/01/2025, clos le 15/01/2025) purgé le 02/02/2026")
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is app.main_screen and "purgé" in notes[-1]


def test_stats_tab_snapshot(snap_compare, make_app, stats_store):
    """Review by eye: title, year line, figures; keys ← → in the key bar; no names."""
    async def before(pilot):
        await loaded(pilot)

    assert snap_compare(make_app(store=stats_store, today=TODAY), press=["6"], terminal_size=SIZE,
                        run_before=before)
