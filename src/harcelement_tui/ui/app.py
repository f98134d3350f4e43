"""The console: header, tabs (Procédure, Parents, Contacts, Cas, Aujourd'hui, Stats), key bar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Header

from harcelement_tui.core.config import Config
from harcelement_tui.core.outline import Outline, outline_of
from harcelement_tui.core.text import visible
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.console import TABS
from harcelement_tui.ui.marks import use_plain_marks
from harcelement_tui.ui.protection import HIDE_KEY
from harcelement_tui.ui.safety import ControlCharacterFilter
from harcelement_tui.ui.screens.too_small import TooSmallScreen, too_small
from harcelement_tui.ui.startup import FIRST_STYLE_FILES, StartupApp, style_paths
from harcelement_tui.ui.typeahead import TypeAhead
from harcelement_tui.ui.widgets.first_frame import FirstFrame
from harcelement_tui.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:  # imported when first used, after the first screen (see ``ui/startup.py``)
    from textual.command import Provider
    from textual.widgets import TabbedContent

    from harcelement_tui.core.content import Content as TownContent
    from harcelement_tui.core.sheets_content import Sheets
    from harcelement_tui.core.store import CaseStore
    from harcelement_tui.ui.controllers.cases import CaseController
    from harcelement_tui.ui.controllers.people import PeopleController
    from harcelement_tui.ui.controllers.procedure import ProcedureController
    from harcelement_tui.ui.controllers.sheets import SheetController
    from harcelement_tui.ui.messages import (
        CallLogged,
        CaseRequested,
        ContactLogged,
        ContactShown,
        ContactsSearched,
        PersonRequested,
        SheetRequested,
        StepSkipped,
        StepToggled,
    )
    from harcelement_tui.ui.panes.contacts import ContactsPane

__all__ = ["HarcelementApp", "run", "style_paths"]


def console_commands() -> type[Provider]:
    """The palette's commands (ctrl+p), imported when it first opens."""
    from harcelement_tui.ui.commands import ConsoleCommands

    return ConsoleCommands


class HarcelementApp(StartupApp):
    """The case console. Everything it shows comes from the injected content and configuration.

    Panes and screens post messages (:mod:`harcelement_tui.ui.messages`); the handlers below hand
    each to the controller of its area (:mod:`harcelement_tui.ui.controllers`)."""

    CSS_PATH = style_paths(FIRST_STYLE_FILES)
    TITLE = strings_labels.APP_TITLE
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {console_commands}

    TABS = TABS

    BINDINGS = [
        *(
            # Not in the footer: each tab's label shows its key ("1 Procédure").
            Binding(str(key), f"show_tab('{tab_id}')", strings_keys.TAB_KEYS[tab_id], id=f"tab.{tab_id}", show=False)
            for key, (tab_id, title) in enumerate(TABS, 1)
        ),
        Binding("question_mark,f1", "help", strings_keys.HELP, id="app.help", tooltip=strings_keys.HELP_TIP),
        Binding("ctrl+p", "command_palette", strings_keys.COMMANDS, id="app.palette", priority=True, show=False,
                tooltip=strings_keys.COMMANDS_TIP),
        Binding("a", "quick_note", strings_keys.NOTE, id="app.note", tooltip=strings_keys.NOTE_TIP),
        Binding("q", "quit", strings_keys.QUIT, id="app.quit"),
        # From any screen, even while typing: covers the screen (not a lock); any key restores.
        Binding(HIDE_KEY, "hide", strings_keys.HIDE, id="app.hide", priority=True, show=False,
                tooltip=strings_keys.HIDE_TIP),
    ]

    def __init__(self, content: TownContent | None, config: Config | None = None,
                 store: CaseStore | None = None, today: date | None = None,
                 read_only: str | None = None,
                 open_store: Callable[[], CaseStore] | None = None, sheets: Sheets | None = None, *,
                 outline: Outline | None = None,
                 load_town: Callable[[], tuple[TownContent, Sheets]] | None = None) -> None:
        """``content`` (and ``sheets``), or ``load_town`` which loads them just after the first
        frame, drawn from ``outline``."""
        config = config or Config()
        super().__init__(content, config, store, today, read_only)
        self._filters.append(ControlCharacterFilter())
        if content is None:
            assert outline is not None and load_town is not None
            self._load_town = load_town
        self._outline = outline if outline is not None else outline_of(self.town)
        use_plain_marks(config.plain_marks)
        # No animations (sliding tab underline, smooth scrolling): over SSH each frame is bytes
        # and latency, and nothing is gained during a phone call.
        self.animation_level = "none"
        self._open_store = open_store
        self.loading = open_store is not None and store is None
        self.type_ahead = TypeAhead(self, held=True)  # until the tabs are built (ui/startup.py)
        self._sheets = sheets
        self.sub_title = self._with_mode(strings.NO_CASE_YET)
        if self.config.school_name:
            self.title = visible(f"{self.TITLE} — {self.config.school_name}", multiline=False)

    # The controllers, and with them the forms, windows and other tabs' modules, are imported
    # when first asked for (``_finish_start`` asks just after the first screen is drawn).

    @cached_property
    def people(self) -> PeopleController:
        from harcelement_tui.ui.controllers.people import PeopleController

        return PeopleController(self)

    @cached_property
    def cases(self) -> CaseController:
        from harcelement_tui.ui.controllers.cases import CaseController
        from harcelement_tui.ui.controllers.sharing import SharingController

        return CaseController(self, SharingController(self), self.people)

    @cached_property
    def procedure(self) -> ProcedureController:
        from harcelement_tui.ui.controllers.procedure import ProcedureController

        return ProcedureController(self)

    @cached_property
    def sheet_writer(self) -> SheetController:
        from harcelement_tui.ui.controllers.sheets import SheetController

        return SheetController(self, self._sheets)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes one at a time (:mod:`~harcelement_tui.ui.typeahead`); while the screen
        is hidden, a key only brings the work back (:mod:`~harcelement_tui.ui.protection`)."""
        await self.type_ahead.on_event(event, self._deliver)

    async def _deliver(self, event: events.Event) -> None:
        if not self.protection.swallow(event):
            await super().on_event(event)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        # A plain first frame, replaced by the tabs (``build_tabs``) as soon as it is drawn (ui/startup.py).
        yield FirstFrame(self._outline, self.TABS, rows=self.size.height)
        # ctrl+p (palette) is listed by ? and in the README; the key bar keeps room for the view's keys.
        yield KeyBar()

    def build_tabs(self) -> TabbedContent:
        """The tabs, with the Procédure tab's pane; the others' are added just after."""
        from textual.widgets import TabbedContent, TabPane

        from harcelement_tui.ui.panes.procedure import ProcedurePane

        tabs = TabbedContent(id="tabs")
        for key, (tab_id, title) in enumerate(self.TABS, 1):
            pane = [ProcedurePane(self.town, id="procedure-pane")] if tab_id == "procedure" else []
            tabs.compose_add_child(TabPane(f"{key} {title}", *pane, id=tab_id))
        return tabs

    # -- what the panes and screens ask (ui/messages.py), handed to the controllers -----------------

    def on_case_requested(self, message: CaseRequested) -> None:
        self.cases.request(message.action, message.ref)

    def on_step_toggled(self, message: StepToggled) -> None:
        self.procedure.toggle_step(message.step_id)

    def on_step_skipped(self, message: StepSkipped) -> None:
        self.procedure.skip_step(message.step_id)

    def on_call_logged(self, message: CallLogged) -> None:
        self.procedure.log_call(message.points)

    def on_contact_logged(self, message: ContactLogged) -> None:
        self.procedure.log_contact(message.contact_id)

    def on_sheet_requested(self, message: SheetRequested) -> None:
        self.sheet_writer.write_sheet(message.kind)

    def on_person_requested(self, message: PersonRequested) -> None:
        self.people.request(message.action, message.ref, message.person_id)

    def on_resize(self, event: events.Resize) -> None:
        """Below the minimum size a message replaces the layout; it recovers on resize."""
        width, height = event.size.width, event.size.height
        screen = self.screen
        small = isinstance(screen, TooSmallScreen)
        if too_small(width, height):
            if isinstance(screen, TooSmallScreen):
                screen.show_size(width, height)
            else:
                self.push_screen(TooSmallScreen())
        elif small:
            self.pop_screen()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if not self.tabs_started() and self.screen is self.main_screen:
            self._focus_pane(event.pane.id or "")

    def _focus_pane(self, tab_id: str) -> None:
        self.when_ready(lambda: self.main_screen.query_one(f"#{tab_id}-pane").focus_main())  # type: ignore[attr-defined]  # every tab's pane has one

    # -- actions ------------------------------------------------------------------------------

    def action_show_tab(self, tab_id: str) -> None:
        from harcelement_tui.ui.screens.case_view import CaseViewScreen
        from harcelement_tui.ui.screens.people import PeopleScreen

        if isinstance(self.screen, (CaseViewScreen, PeopleScreen)):
            # From the case view the tabs are one key away too: close the view, then (once the
            # tabs' screen is back and has restored its own focus) show the tab asked for.
            # (From a case's people list: close it and the case view under it.)
            while isinstance(self.screen, (CaseViewScreen, PeopleScreen)):
                self.pop_screen()
            self.call_after_refresh(self._activate_tab, tab_id)
            return
        self._activate_tab(tab_id)

    def _activate_tab(self, tab_id: str) -> None:
        from textual.widgets import TabbedContent

        if not self.panes_ready:
            # A tab key typed while the first screen is being drawn: switch once it is built
            # (switching earlier would be undone by the tabs' own start-up).
            self.when_ready(lambda: self._activate_tab(tab_id))
            return
        tabs = self.main_screen.query_one("#tabs", TabbedContent)
        if tabs.active != tab_id:
            tabs.active = tab_id
        self._focus_pane(tab_id)

    async def action_quit(self) -> None:
        """q (or ctrl+q): quit at once, unless something typed or ticked is not saved; then ask first."""
        from harcelement_tui.ui.panes.parents import ParentsPane
        from harcelement_tui.ui.screens.confirm import ConfirmModal
        from harcelement_tui.ui.screens.saving import SaveModal

        if any(isinstance(screen, SaveModal) and screen.dirty for screen in self.screen_stack):
            question = strings.QUIT_UNSAVED_FORM
        elif any(pane.ticked for pane in self.main_screen.query(ParentsPane)):
            question = strings.QUIT_UNSAVED_CALL
        else:
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmModal(question, strings.QUIT, strings.STAY, default=False, title=strings.QUIT),
                         answered)

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's own hint is in English; say it in French."""
        self.notify(strings.HOW_TO_QUIT, title=strings.HOW_TO_QUIT_TITLE)

    def action_quick_note(self) -> None:
        """One key from any tab: a note on the current case."""
        self.cases.request("note")

    def action_hide(self) -> None:
        """Cover the screen at once; any key brings the work back."""
        self.protection.hide()

    def on_contacts_searched(self, message: ContactsSearched) -> None:
        """Show the Contacts tab filtered on what was typed (the palette's fallback)."""
        self.action_show_tab("contacts")
        self.when_ready(lambda: setattr(self._contacts_pane().filter_input, "value",
                                        message.query))

    def _contacts_pane(self) -> ContactsPane:
        from harcelement_tui.ui.panes.contacts import ContactsPane

        return self.main_screen.query_one(ContactsPane)

    def on_contact_shown(self, message: ContactShown) -> None:
        self.action_show_tab("contacts")
        self.when_ready(lambda: self._contacts_pane().show_contact(message.contact_id))

    def action_help(self) -> None:
        from textual.widgets import TabbedContent

        from harcelement_tui.ui.screens.case_view import CaseViewScreen
        from harcelement_tui.ui.screens.help import HelpScreen, keys_of

        if isinstance(self.screen, CaseViewScreen):
            title = strings_labels.CASE_REF.format(ref=self.screen.case.ref)
        else:
            title = dict(self.TABS).get(self.main_screen.query_one("#tabs", TabbedContent).active, "")
        data_file = None
        if self.store is not None:
            from harcelement_tui.core.team import describe as describe_data_file

            data_file = f"{describe_data_file(self.store.path)} : {self.store.path}"
        self.push_screen(HelpScreen(title, keys_of(self.screen), data_file=data_file))

    def action_command_palette(self) -> None:
        if not self.screen.has_class("--textual-command-palette"):  # CommandPalette.is_open, which wants an App[object]
            self.push_screen(CommandPalette(placeholder=strings.PALETTE_PLACEHOLDER,
                                            id="--command-palette"))


def run(*, config: Config, data_file: Path, outline: Outline,
        load_town: Callable[[], tuple[TownContent, Sheets]]) -> int:
    """Run the console until the user quits; returns the exit status.

    The first frame shows ``outline`` (the procedure as last validated, or as just loaded). Just
    after it, the content is loaded (``load_town``), the tabs built, and the data file checked (its
    directory, permissions, lock, format) and read in a worker thread. Content or a data file that
    cannot be used stops the console with its French message (the command line prints it once the
    terminal is restored and exits with status 2).
    """

    def open_store() -> CaseStore:
        from harcelement_tui.core.store import CaseStore

        return CaseStore(data_file, content=app.town)

    app = HarcelementApp(None, config, open_store=open_store, outline=outline, load_town=load_town)
    try:
        app.run(mouse=config.mouse)
    finally:
        if app.store is not None:
            app.store.close()
    if app.fatal_error is not None:
        raise app.fatal_error
    if app.crash is not None:
        raise app.crash  # the terminal is restored by now: the command line logs it privately
    return app.return_code or 0
