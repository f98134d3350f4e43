"""What matters during a call is never cut: the case in the header, service names (cut at a word,
with "…"), the contact's details under a toast, the room for "À faire"."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from harcelement_tui.core.config import Config
from harcelement_tui.ui.panes.contacts import NAME_WIDTH, ContactsPane
from harcelement_tui.ui.panes.today import TodayPane
from harcelement_tui.ui.text import break_paths, fit

from support.app import loaded, wait_until

TODAY = date(2026, 3, 10)


def screen_text(app) -> str:
    """The characters on screen, as a user reads them (from Textual's own screenshot)."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return html.unescape(" ".join(lines)).replace("\xa0", " ")


@pytest.mark.parametrize("width", [80, 60])
async def test_the_header_keeps_the_case_and_urgent_the_school_name_gives_way(make_app, urgent_store, width):
    config = Config(school_name="Institut Saint-Joseph de Mouscron, section secondaire")
    app = make_app(store=urgent_store, today=TODAY, config=config)
    async with app.run_test(size=(width, 24)) as pilot:
        await loaded(pilot)
        app.set_current(app.store.get("2026-001"))
        await pilot.pause()
        first_line = screen_text(app).split("1 Procédure")[0]
        assert "URGENT · Cas 2026-001" in first_line
        assert "Cyber-harc" in first_line  # the console's name follows, the school's is cut


def test_service_names_are_cut_at_a_word_with_an_ellipsis(town):
    for contact in town.contacts:
        shown = fit(contact.name, NAME_WIDTH).plain
        assert len(shown) <= NAME_WIDTH
        if shown != contact.name:
            assert shown.endswith("…")
            kept = shown[:-1]
            assert contact.name.startswith(kept) and contact.name[len(kept)] == " ", shown
    assert fit("Service de Médiation Scolaire", NAME_WIDTH).plain == "Service de Médiation…"


def test_paths_in_toasts_break_after_a_slash_only():
    text = break_paths("Cas exporté : /srv/harcelement/exports/2026/cas-2026-001.json", 20)
    lines = text.split("\n")
    assert "".join(lines) == "Cas exporté : /srv/harcelement/exports/2026/cas-2026-001.json"
    for line in lines[:-1]:
        assert line.endswith("/")


async def test_a_toast_does_not_cover_the_selected_contacts_details(make_app, urgent_store):
    app = make_app(store=urgent_store, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("3", "c")  # copy the number: a toast
        for _ in range(100):
            toasts = list(app.screen.query("Toast"))
            if toasts and all(toast.region for toast in toasts):
                break
            await pilot.pause(0.02)
        assert toasts, (app.focused, [n.message for n in app._notifications])
        detail = app.main_screen.query_one(ContactsPane).query_one("#contact-detail").region
        for toast in toasts:
            assert not toast.region.overlaps(detail)


async def test_today_gives_the_room_to_what_is_to_be_done(make_app, urgent_store):
    app = make_app(store=urgent_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("5")
        await pilot.pause()
        pane = app.main_screen.query_one(TodayPane)
        widths = pane._widths
        assert widths["what"] > 21
        table = pane.table
        total = sum(column.get_render_width(table) for column in table.columns.values())
        assert total >= table.size.width - 2  # no wasted columns on the right


@pytest.mark.parametrize("width", [60, 64])
async def test_help_and_quit_stay_in_a_key_bar_too_narrow_for_every_key(make_app, urgent_store, width):
    app = make_app(store=urgent_store, today=TODAY)
    async with app.run_test(size=(width, 16)) as pilot:
        await loaded(pilot)
        await pilot.press("4")

        def bar() -> str:
            return str(app.screen.query_one("KeyBar").render()).rstrip()

        await wait_until(pilot, lambda: "Exporter" in bar() or "…" in bar())  # the list's keys are on
        assert bar().startswith("Entrée Ouvrir / Filtrer")  # the first keys stay
        assert bar().endswith("… ? Aide q Quitter")  # the last ones give way to help and quit
        assert len(bar()) <= width - 2
        await pilot.press("enter")  # the case view has the most keys (there, Échap goes back)
        await wait_until(pilot, lambda: bar().startswith("a Note"))
        assert bar().startswith("a Note p Preuve") and bar().endswith("… ? Aide")
