"""The console: header, tabs (Procédure, Parents, Contacts, Cas, Aujourd'hui, Stats), key bar."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from datetime import date
from importlib import resources
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Header, TabbedContent, TabPane

from harcelement_tui.core.config import Config
from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.model import Case
from harcelement_tui.core.store import CaseStore, Stamp, read_only_reason
from harcelement_tui.core.team import describe as describe_data_file
from harcelement_tui.core.text import visible
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.commands import ConsoleCommands
from harcelement_tui.ui.console import TABS, ConsoleApp
from harcelement_tui.ui.controllers.cases import CaseController
from harcelement_tui.ui.controllers.people import PeopleController
from harcelement_tui.ui.controllers.procedure import ProcedureController
from harcelement_tui.ui.controllers.sharing import SharingController
from harcelement_tui.ui.controllers.sheets import SheetController
from harcelement_tui.ui.marks import use_plain_marks
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
from harcelement_tui.ui.protection import HIDE_KEY
from harcelement_tui.ui.panes.cases import CasesPane
from harcelement_tui.ui.safety import ControlCharacterFilter
from harcelement_tui.ui.panes.contacts import ContactsPane
from harcelement_tui.ui.panes.parents import ParentsPane
from harcelement_tui.ui.panes.procedure import ProcedurePane
from harcelement_tui.ui.panes.stats import StatsPane
from harcelement_tui.ui.panes.today import TodayPane
from harcelement_tui.ui.screens.case_view import CaseViewScreen
from harcelement_tui.ui.screens.help import HelpScreen, keys_of
from harcelement_tui.ui.screens.people import PeopleScreen
from harcelement_tui.ui.screens.confirm import ConfirmModal
from harcelement_tui.ui.screens.saving import SaveModal
from harcelement_tui.ui.screens.too_small import TooSmallScreen, too_small
from harcelement_tui.ui.typeahead import TypeAhead
from harcelement_tui.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:  # read only when a sheet is first written (not at start-up)
    from harcelement_tui.core.sheets_content import Sheets

# How often the console looks for another session's changes to the data file (one stat()).
POLL_SECONDS = 1.0

STYLE_FILES = ("app.tcss", "panes.tcss", "help.tcss", "case.tcss", "today.tcss", "stats.tcss")
FIRST_STYLE_FILES = STYLE_FILES[:2]
"""What the first screen (header, tabs, Procédure) needs; the others are parsed just after it."""


def style_paths(names: tuple[str, ...] = STYLE_FILES) -> list[str | PurePath]:
    """The packaged stylesheets (``styles/`` in the repository)."""
    root = resources.files("harcelement_tui") / "styles"
    return [Path(str(root / name)) for name in names]


class HarcelementApp(ConsoleApp):
    """The case console. Everything it shows comes from the injected content and configuration.

    Panes and screens post messages (:mod:`harcelement_tui.ui.messages`); the handlers below hand
    each to the controller of its area (:mod:`harcelement_tui.ui.controllers`)."""

    CSS_PATH = style_paths(FIRST_STYLE_FILES)
    TITLE = strings_labels.APP_TITLE
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {ConsoleCommands}

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

    def __init__(self, content: TownContent, config: Config | None = None,
                 store: CaseStore | None = None, today: date | None = None,
                 read_only: str | None = None,
                 open_store: Callable[[], CaseStore] | None = None, sheets: Sheets | None = None) -> None:
        config = config or Config()
        super().__init__(content, config, store, today, read_only)
        self._filters.append(ControlCharacterFilter())
        use_plain_marks(config.plain_marks)
        # No animations (sliding tab underline, smooth scrolling): over SSH each frame is bytes
        # and latency, and nothing is gained during a phone call.
        self.animation_level = "none"
        self._open_store = open_store
        self.loading = open_store is not None and store is None
        self.fatal_error: UserError | None = None
        """Why the data file could not be opened (the console then quits with status 2)."""
        self.type_ahead = TypeAhead(self)
        sharing, self.people = SharingController(self), PeopleController(self)
        self.cases = CaseController(self, sharing, self.people)
        self.procedure = ProcedureController(self)
        self.sheet_writer = SheetController(self, sheets)
        self.sub_title = self._with_mode(strings.NO_CASE_YET)
        if self.config.school_name:
            self.title = visible(f"{self.TITLE} — {self.config.school_name}", multiline=False)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes one at a time (:mod:`~harcelement_tui.ui.typeahead`); while the screen
        is hidden, a key only brings the work back (:mod:`~harcelement_tui.ui.protection`)."""
        await self.type_ahead.on_event(event, self._deliver)

    async def _deliver(self, event: events.Event) -> None:
        if not self.protection.swallow(event):
            await super().on_event(event)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with TabbedContent(id="tabs"):
            for key, (tab_id, title) in enumerate(self.TABS, 1):
                with TabPane(f"{key} {title}", id=tab_id):
                    if tab_id == "procedure":
                        yield ProcedurePane(self.town, id="procedure-pane")
        # ctrl+p (palette) is listed by ? and in the README; the key bar keeps room for the view's keys.
        yield KeyBar()

    def _other_panes(self) -> dict[str, Widget]:
        """The panes of the tabs not shown at start, mounted just after the first screen is drawn."""
        return {
            "parents": ParentsPane(self.town, id="parents-pane"),
            "contacts": ContactsPane(self.town.contacts, self.town.contacts_intro, id="contacts-pane"),
            "cas": CasesPane(self.town, today=self.today, now=self.now, id="cas-pane"),
            "today": TodayPane(self.town, now=self.now, id="today-pane"),
            "stats": StatsPane(self.town, today=self.today, id="stats-pane"),
        }

    def get_driver_class(self) -> Any:  # noqa: D102 - Textual's, with style changes sent as differences
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:  # a real terminal on Linux or macOS (not Windows, not headless)
            from harcelement_tui.ui.terminal_output import CompactDriver

            return CompactDriver
        return driver

    def on_mount(self) -> None:
        self.query_one(ProcedurePane).focus_main()
        self.protection.start_idle_hide(self.config.hide_after_minutes)
        # The first tab is drawn before the others are built and before the data file is read:
        # the principal sees the procedure at once, whatever the number of cases.
        self.call_after_refresh(self._finish_start)

    async def _finish_start(self) -> None:
        # The other tabs' and windows' styles, as Textual adds a pushed screen's own (each source
        # is parsed once: only these are parsed here).
        for path in style_paths(STYLE_FILES[len(FIRST_STYLE_FILES):]):
            self.stylesheet.read(path)
        self.stylesheet.parse()
        self.stylesheet.update(self)
        for tab_id, pane in self._other_panes().items():
            await self.main_screen.query_one(f"TabPane#{tab_id}", TabPane).mount(pane)
        self.panes_ready = True
        pending, self._pending = self._pending, []
        for callback in pending:
            callback()
        if self.store is not None:
            self._store_ready()
        elif self._open_store is not None:
            self._load_store()
        else:
            self.main_screen.query_one(CasesPane).set_cases([])

    @asynccontextmanager
    async def run_test(self, *args: Any, **kwargs: Any) -> AsyncGenerator[Pilot[int], None]:
        """Textual's headless runner, handing over the console once every tab is built."""
        async with super().run_test(*args, **kwargs) as pilot:
            while not self.panes_ready and self.is_running:
                await pilot.pause()
            yield pilot

    def _store_ready(self) -> None:
        assert self.store is not None
        if self.read_only:
            self.sub_title = self._with_mode(self.sub_title.removeprefix(strings_labels.READ_ONLY_PREFIX))
            self.notify(strings.READ_ONLY_NOTICE.format(reason=self.read_only), title=strings.READ_ONLY_TITLE,
                        severity="warning", timeout=15)
        if self.store.created:
            self.notify(strings.DATA_FILE_CREATED.format(path=self.store.path), markup=False)
        self.main_screen.query_one(CasesPane).set_source(describe_data_file(self.store.path))
        if self.loading:
            self.loading = False
        else:
            self.reload_cases()
        self.set_interval(POLL_SECONDS, self.poll)

    @work(thread=True, exclusive=True, group="open-store")
    def _load_store(self) -> None:
        """Open and read the data file off the UI thread, then show the cases."""
        assert self._open_store is not None
        try:
            store = self._open_store()
        except UserError as error:
            self.call_from_thread(self._cannot_open, error)
            return
        try:
            read_only = read_only_reason(store.path) or store.storage.read_only_reason
            stamp = store.stamp()
            cases = store.list()
            prepared = self.main_screen.query_one(CasesPane).prepare(cases)
        except UserError as error:
            store.close()
            self.call_from_thread(self._cannot_open, error)
            return
        self.call_from_thread(self._store_opened, store, read_only, cases, stamp, prepared)

    def _store_opened(self, store: CaseStore, read_only: str | None, cases: list[Case], stamp: Stamp | None,
                      prepared: Any) -> None:
        self.store = store
        self.read_only = read_only
        self.show_cases(cases, stamp, prepared)
        self._store_ready()

    def _cannot_open(self, error: UserError) -> None:
        """The data file cannot be used: quit, and ``run`` prints why (status 2)."""
        self.fatal_error = error
        self.exit(return_code=error.exit_code)

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
        if self.screen is self.main_screen:
            self._focus_pane(event.pane.id or "")

    def _focus_pane(self, tab_id: str) -> None:
        self.when_ready(lambda: self.main_screen.query_one(f"#{tab_id}-pane").focus_main())  # type: ignore[attr-defined]  # every tab's pane has one

    # -- actions ------------------------------------------------------------------------------

    def action_show_tab(self, tab_id: str) -> None:
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
        if not self.panes_ready:
            # A tab key typed while the first screen is being drawn: switch once it is built
            # (switching earlier would be undone by the tabs' own start-up).
            self.when_ready(lambda: self._activate_tab(tab_id))
            return
        tabs = self.main_screen.query_one(TabbedContent)
        if tabs.active != tab_id:
            tabs.active = tab_id
        self._focus_pane(tab_id)

    async def action_quit(self) -> None:
        """q (or ctrl+q): quit at once, unless something typed or ticked is not saved; then ask first."""
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
        self.when_ready(lambda: setattr(self.main_screen.query_one(ContactsPane).filter_input, "value",
                                        message.query))

    def on_contact_shown(self, message: ContactShown) -> None:
        self.action_show_tab("contacts")
        self.when_ready(lambda: self.main_screen.query_one(ContactsPane).show_contact(message.contact_id))

    def action_help(self) -> None:
        if isinstance(self.screen, CaseViewScreen):
            title = strings_labels.CASE_REF.format(ref=self.screen.case.ref)
        else:
            title = dict(self.TABS).get(self.main_screen.query_one(TabbedContent).active, "")
        data_file = None
        if self.store is not None:
            data_file = f"{describe_data_file(self.store.path)} : {self.store.path}"
        self.push_screen(HelpScreen(title, keys_of(self.screen), data_file=data_file))

    def action_command_palette(self) -> None:
        if not self.screen.has_class("--textual-command-palette"):  # CommandPalette.is_open, which wants an App[object]
            self.push_screen(CommandPalette(placeholder=strings.PALETTE_PLACEHOLDER,
                                            id="--command-palette"))


def run(*, content: TownContent, config: Config, data_file: Path, sheets: Sheets | None = None) -> int:
    """Run the console until the user quits; returns the exit status.

    The data file is checked before the screen is taken over (its directory, permissions, lock,
    and its format unless it is large) and read in the background after the first screen is drawn.
    A file that cannot be used stops the console with its French message (the command line prints
    it and exits with status 2).
    """
    store: CaseStore | None = None
    if not _read_later(data_file):
        store = CaseStore(data_file, content=content)
    try:
        if store is not None:
            read_only = read_only_reason(store.path) or store.storage.read_only_reason
            app = HarcelementApp(content, config, store=store, read_only=read_only, sheets=sheets)
        else:
            app = HarcelementApp(content, config, open_store=lambda: CaseStore(data_file, content=content),
                                 sheets=sheets)
        app.run(mouse=config.mouse)
    finally:
        if store is not None:
            store.close()
        elif app.store is not None:
            app.store.close()
    if app.fatal_error is not None:
        raise app.fatal_error
    if app.crash is not None:
        raise app.crash  # the terminal is restored by now: the command line logs it privately
    return app.return_code or 0


# Above this size the data file is read after the first screen is drawn (about ten cases; reading
# 64 Ko takes a millisecond or two): a smaller file is read before the screen is taken over, so
# that a file that cannot be used is reported without the console's screen flashing first.
READ_LATER_BYTES = 64 * 1024


def _read_later(data_file: Path) -> bool:
    try:
        return data_file.stat().st_size > READ_LATER_BYTES
    except OSError:
        return False  # missing or unreadable: the store says why, before the screen
