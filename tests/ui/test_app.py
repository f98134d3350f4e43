"""The console by keyboard alone: tabs, contacts filter and copy, help, command palette, quit."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList, TabbedContent

from harcelement_tui.ui.panes.contacts import ContactsPane
from harcelement_tui.ui.screens.help import HelpScreen
from support.app import SIZE, wait_until


def shown_contacts(app) -> list[str]:
    return [c.id for c in app.query_one(ContactsPane).shown]


async def test_keys_1_to_5_switch_tabs_and_focus_their_content(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "procedure"
        assert app.focused.id == "procedure-list"
        for key, tab, focused in (("2", "parents", "parents-list"), ("3", "contacts", "contacts-table"),
                                  ("4", "cas", "cas-pane"), ("5", "today", "today-pane"),
                                  ("1", "procedure", "procedure-list")):
            await pilot.press(key)
            assert tabs.active == tab
            assert app.focused.id == focused


async def test_procedure_steps_and_linked_services_are_on_screen(make_app, town):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        options = app.query_one("#procedure-list", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        text = "\n".join(prompts)
        for step in town.steps():
            assert any(step.id == (options.get_option_at_index(i).id or "").removeprefix("step:")
                       for i in range(options.option_count))
        assert "Service de Médiation Scolaire  0474/81 08 91" in text
        assert "Le pôle Psycho-social de la Police  056/86 31 43" in text
        # Every step can be reached with the arrow keys alone.
        reached = set()
        for _ in range(options.option_count):
            reached.add(options.highlighted_option.id)
            await pilot.press("down")
        assert {f"step:{s.id}" for s in town.steps()} <= reached


async def test_digits_type_into_the_filter_instead_of_switching_tabs(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash")
        assert isinstance(app.focused, Input)
        await pilot.press("0", "4", "7", "4", "space", "8", "1")
        assert app.query_one(TabbedContent).active == "contacts"
        assert app.focused.value == "0474 81"
        assert shown_contacts(app) == ["mediation_scolaire"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mediation", ["mediation_scolaire"]),
        ("DECLIC", ["le_declic"]),
        ("délic", ["le_declic"]),
        ("056 86", ["police_psychosocial", "egalite_chances"]),
        ("skynet", ["cpms_libre_1", "cpms_specialise", "le_declic"]),
        ("ecoute discretion", ["le_declic"]),
        ("introuvable", []),
    ],
)
async def test_filter_ignores_case_accents_and_spacing(make_app, query, expected):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash")
        await pilot.press(*["space" if ch == " " else ch for ch in query])
        assert app.query_one("#contacts-filter", Input).value == query
        assert shown_contacts(app) == expected
        assert app.query_one(DataTable).row_count == len(expected)


async def test_enter_in_filter_goes_to_table_and_escape_clears(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"passerelle", "enter")
        assert app.focused.id == "contacts-table"
        assert shown_contacts(app) == ["la_passerelle"]
        await pilot.press("slash", "escape")
        assert app.query_one("#contacts-filter", Input).value == ""
        assert len(shown_contacts(app)) == 12
        assert app.focused.id == "contacts-table"


async def test_copy_phone_and_email_reach_the_clipboard(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "down", "down", "down", "down")  # Service de Médiation Scolaire
        await pilot.press("c")
        assert app.clipboard == "0474/81 08 91"
        await pilot.press("m")
        assert app.clipboard == "christophe.bourgois@cfwb.be"
        messages = [n.message for n in app._notifications]
        assert "Numéro copié : 0474/81 08 91 (Service de Médiation Scolaire)" in messages
        assert "Adresse e-mail copiée : christophe.bourgois@cfwb.be (Service de Médiation Scolaire)" in messages


async def test_copy_of_a_service_without_number_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", *["down"] * 11, "c")  # Service juridique, last row
        assert app.clipboard == ""
        assert any("à compléter" in n.message for n in app._notifications)


async def test_help_lists_the_keys_of_the_current_view(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {k.description: k.keys for k in app.screen.keys}
        assert rows["Copier n°"] == "c"
        assert rows["Copier mail"] == "m"
        assert rows["Carte"] == "d"
        assert rows["Filtrer"] == "/"
        assert rows["Aide"] == "? / F1"
        assert rows["Effacer le filtre"] == "Échap"
        assert rows["Commandes"] == "Ctrl+P"
        assert rows["Onglet Procédure"] == "1"
        assert "Cursor up" not in rows
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("1", "f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Copier n°" not in {k.description for k in app.screen.keys}


async def palette_results(pilot) -> None:
    """Wait for the command palette's search to show its results (it searches in a worker)."""
    from textual.command import CommandPalette

    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CommandPalette) and screen.query_one(OptionList).option_count > 0

    await wait_until(pilot, shown)


async def test_palette_command_shows_a_contact(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"passerelle")
        await palette_results(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "contacts"
        assert app.query_one(ContactsPane).selected.id == "la_passerelle"
        assert app.focused.id == "contacts-table"


async def test_palette_command_switches_tab(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"onglet parents")
        await palette_results(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "parents"


async def test_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_school_name_in_header(make_app):
    from harcelement_tui.core.config import Config

    app = make_app(config=Config(school_name="Institut [bold]Saint-Luc"))
    async with app.run_test(size=SIZE):
        assert app.title == "Cyber-harcèlement — Institut [bold]Saint-Luc"


async def test_clearing_the_filter_keeps_the_service_found(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"police", "escape")
        assert len(shown_contacts(app)) == 12
        await pilot.press("c")
        assert app.clipboard == "056/86 31 43"


async def test_palette_finds_a_contact_by_number_even_with_a_filter_on(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"cpms", "enter")
        await pilot.press("ctrl+p", *"delbecque")
        await palette_results(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(ContactsPane).selected.id == "police_psychosocial"
        assert app.query_one("#contacts-filter", Input).value == ""


async def test_palette_without_match_offers_the_contacts_filter(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"zzz")
        await palette_results(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(TabbedContent).active == "contacts"
        assert app.query_one("#contacts-filter", Input).value == "zzz"


async def test_too_small_terminal_shows_a_message_and_recovers(make_app):
    from harcelement_tui.ui.screens.too_small import TooSmallScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "slash", *"passerelle")
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = str(app.screen.query_one("#too-small-text").render())
        assert "Terminal trop petit (50×12)" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
        assert app.query_one("#contacts-filter", Input).value == "passerelle"  # nothing lost


async def test_too_small_at_start(make_app):
    from harcelement_tui.ui.screens.too_small import TooSmallScreen

    app = make_app()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
