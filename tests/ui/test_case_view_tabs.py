import pytest
from textual.widgets import TabbedContent
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from support.app import SIZE, wait_until

from test_cases_ui import CLOCK_START, TODAY, rows, seed_cases  # noqa: F401 - CLOCK_START sets the clock fixture

@pytest.mark.parametrize("key,tab,focus", [("1", "procedure", "procedure-list"), ("2", "parents", "parents-list"), ("3", "contacts", "contacts-table"), ("4", "cas", "cases-table")])
async def test_tab_keys_from_case_view(make_app, store, key, tab, focus, clock):
    seed_cases(store, clock)
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        for round_ in range(3):
            await pilot.press("4")
            await wait_until(pilot, lambda: len(rows(app)) == 3)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
            await pilot.press(key)
            await wait_until(pilot, lambda: not isinstance(app.screen, CaseViewScreen)
                           and app.main_screen.query_one(TabbedContent).active == tab
                           and app.focused is not None and app.focused.id == focus)
            assert app.main_screen.query_one(TabbedContent).active == tab
            assert app.focused is not None and app.focused.id == focus, app.focused
