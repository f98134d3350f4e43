"""What the console says comes from ui/strings.py, counts in the right grammatical number:
« 1 point coché », « 3 points cochés », never « point(s) coché(s) »."""

from __future__ import annotations

from textual.widgets import Static

from harcelement_tui.ui import strings
from harcelement_tui.ui.panes.parents import ParentsPane
from harcelement_tui.ui.screens.confirm import ConfirmModal

from support.app import SIZE, settle

# The same clock, day and data file as the whole-flow tests.
from test_case_flow import CLOCK_START, TODAY  # noqa: F401 - CLOCK_START sets the clock fixture


def test_counts_agree_with_their_number():
    assert strings.points_ticked(0) == "0 point coché"
    assert strings.points_ticked(1) == "1 point coché"
    assert strings.points_ticked(3) == "3 points cochés"
    assert strings.steps_ticked(0) == ""
    assert strings.steps_ticked(1) == " Étape de la procédure cochée."
    assert strings.steps_ticked(2) == " 2 étapes de la procédure cochées."
    one = strings.open_and_lose_ticks(1, "2026-001", "2026-002")
    assert one.startswith("1 point de l'appel aux parents du cas 2026-001 est coché")
    assert one.endswith("Ouvrir le cas 2026-002 quand même ? Le point coché sera perdu.")
    assert "sont cochés" in strings.open_and_lose_ticks(2, "2026-001", "2026-002")


def test_no_message_writes_a_plural_with_parentheses():
    texts = [value for name, value in vars(strings).items() if name.isupper() and isinstance(value, str)]
    assert texts and not any("(s)" in text for text in texts)


async def test_the_parents_tab_counts_the_points_ticked(make_app, store):
    first = store.create_case(pupil="Zoé", facts=["insultes"])
    store.create_case(pupil="Noé", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        app.set_current(first)
        await pilot.press("2", "space")
        line = app.query_one(ParentsPane).query_one("#parents-case", Static)
        assert "1 point coché. a : enregistrer l'appel." in str(line.render())
        await pilot.press("down", "space")
        await pilot.pause()
        assert "2 points cochés. a : enregistrer l'appel." in str(line.render())
        await pilot.press("space")  # unticks the second point
        await pilot.press("4")
        await settle(pilot, app)
        await pilot.press("enter")  # the other case, while one point of this call is ticked
        await settle(pilot, app, ConfirmModal)
        assert f"1 point de l'appel aux parents du cas {first.ref} est coché" in app.screen.question
        assert app.screen.question.endswith("Le point coché sera perdu.")
