"""Keys as a slow SSH link delivers them: many at once, before a window has opened or a focus
change has happened. Each must reach the field the user meant, in order, none lost."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea

from harcelement_tui.ui.widgets.case_list import CaseList
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.forms import CaseFormScreen
from harcelement_tui.ui.screens.modals import EvidenceModal

from support.app import SIZE, workers_done

# The same clock, day and data file as the whole-flow tests.
from test_case_flow import CLOCK_START, TODAY  # noqa: F401 - CLOCK_START sets the clock fixture


def burst(app, *keys: str) -> None:
    """Deliver every key at once, as the terminal driver does when a burst arrives: no pause,
    no waiting for the screen between keys."""
    for key in keys:
        if len(key) == 1:
            name = {" ": "space", "/": "slash"}.get(key, key)
            event = events.Key(name, key)
        else:
            event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)


def chars(text: str) -> list[str]:
    return list(text)


async def until(pilot, condition, seconds: float = 10.0) -> None:
    """Wait for ``condition``, then for every key to be handled and the screen drawn."""
    app = pilot.app
    for _ in range(int(seconds / 0.02)):
        if condition() and not app.type_ahead.busy:
            await workers_done(app)
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met")


def value(screen, selector: str) -> str:
    """The text of a field, or "" while the window is still being built."""
    widget = screen.query(selector).first() if screen.query(selector) else None
    if widget is None:
        return ""
    return widget.text if isinstance(widget, TextArea) else widget.value


async def test_new_case_form_typed_in_one_burst(make_app, store):
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "4", "n", *chars("Tom Martin"), "tab", *chars("4A"), "tab", "tab", "tab", "tab", "space",
              "tab", "tab", "space", "ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
        case = app.current
        assert (case.pupil, case.class_group) == ("Tom Martin", "4A")
        assert case.facts == ("insultes", "menaces")


async def test_note_typed_in_one_burst_after_its_key(make_app, store):
    store.create_case(pupil="Léa M.", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main_screen.query_one("#cas-pane").query_one(CaseList).rows)
        burst(app, "4", "enter")
        await until(pilot, lambda: isinstance(app.screen, CaseViewScreen))
        burst(app, "a", *chars("Mère rappelée ce soir"), "enter", "a", *chars("Deuxième"), "enter")
        await until(pilot, lambda: len([e for e in app.current.timeline if e.kind == "note"]) == 2)
        notes = [e.text for e in app.current.timeline if e.kind == "note"]
        assert notes == ["Mère rappelée ce soir", "Deuxième"]


async def test_evidence_enter_to_next_field_in_one_burst(make_app, store):
    store.create_case(pupil="Léa M.", facts=["insultes"])
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.main_screen.query_one("#cas-pane").query_one(CaseList).rows)
        burst(app, "4", "enter", "p", *chars("Story"), "enter", *chars("GSM de Léa"), "enter", *chars("Snapchat"))
        await until(pilot, lambda: isinstance(app.screen, EvidenceModal)
                    and "Snapchat" in [w.value for w in app.screen.query(Input)])
        values = [w.value for w in app.screen.query(Input)]
        assert values[:3] == ["Story", "GSM de Léa", "Snapchat"]


async def test_paste_without_brackets_line_feeds_become_spaces_or_stay(make_app, store):
    """PuTTY and some xterms send a paste as typed characters; a line break comes as a line feed
    (Ctrl+J), which nobody types: a space in a one-line field, a new line in the summary."""
    app = make_app(store=store, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "4", "n", *chars("Léa"), "ctrl+j", *chars("Dupont"))
        await until(pilot, lambda: isinstance(app.screen, CaseFormScreen)
                    and value(app.screen, "#f-pupil").endswith("Dupont"))
        assert value(app.screen, "#f-pupil") == "Léa Dupont"
        app.screen.query_one("#f-summary").focus()
        await pilot.pause()
        burst(app, *chars("collée"), "ctrl+j", *chars("Deuxième"))
        await until(pilot, lambda: value(app.screen, "#f-summary").endswith("Deuxième"))
        assert value(app.screen, "#f-summary") == "collée\nDeuxième"
