"""The console: header, tabs (Procédure, Parents, Contacts, Cas, Aujourd'hui, Stats), key bar."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Header, TabbedContent, TabPane

from harcelement_tui.core.config import Config
from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.errors import UserError
from harcelement_tui.core.model import Case
from harcelement_tui.core.store import read_only_reason
from harcelement_tui.core.store import CaseStore
from harcelement_tui.core.summary import is_urgent
from harcelement_tui.core.team import describe as describe_data_file
from harcelement_tui.core.text import visible
from harcelement_tui.ui.case_actions import CaseActions
from harcelement_tui.ui.people_actions import PeopleActions
from harcelement_tui.ui.commands import ConsoleCommands
from harcelement_tui.ui.marks import mark as symbol, use_plain_marks
from harcelement_tui.ui.protection import HIDE_KEY, ProtectionActions
from harcelement_tui.ui.safety import ControlCharacterFilter
from harcelement_tui.ui.panes.procedure import ProcedurePane
from harcelement_tui.ui.screens.too_small import TooSmallScreen, too_small
from harcelement_tui.ui.sheet_actions import SheetActions
from harcelement_tui.ui.text import break_paths
from harcelement_tui.ui.typeahead import TypeAhead
from harcelement_tui.ui.widgets import KeyBar, key_name

if TYPE_CHECKING:
    from harcelement_tui.ui.panes.cases import CasesPane

# Only what the first screen (header, tabs, Procédure) needs is imported above; the other tabs'
# panes and the windows are imported where they are used, once that screen is drawn.

# How often the console looks for another session's changes to the data file (one stat()).
POLL_SECONDS = 1.0

STYLE_FILES = ("app.tcss", "panes.tcss", "help.tcss", "case.tcss", "today.tcss", "stats.tcss")
FIRST_STYLE_FILES = STYLE_FILES[:2]
"""What the first screen (header, tabs, Procédure) needs; the others are parsed just after it."""


def style_paths(names: tuple[str, ...] = STYLE_FILES) -> list[Path]:
    """The packaged stylesheets (``styles/`` in the repository)."""
    root = resources.files("harcelement_tui") / "styles"
    return [Path(str(root / name)) for name in names]


NO_TERMINAL = ("la console demande un terminal (entrée et sortie standard) ; par SSH : ssh -t "
               "SERVEUR harcelement-tui. Les commandes (export, report, stats, info…) fonctionnent "
               "sans terminal.")


class HarcelementApp(TypeAhead, CaseActions, SheetActions, PeopleActions, ProtectionActions, App[int]):
    """The case console. Everything it shows comes from the injected content and configuration."""

    CSS_PATH = style_paths(FIRST_STYLE_FILES)
    TITLE = "Cyber-harcèlement"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {ConsoleCommands}

    # (tab id, title), in the order of the keys 1-6.
    TABS = (("procedure", "Procédure"), ("parents", "Parents"), ("contacts", "Contacts"), ("cas", "Cas"),
            ("today", "Aujourd'hui"), ("stats", "Stats"))

    BINDINGS = [
        *(
            # Not in the footer: each tab's label shows its key ("1 Procédure").
            Binding(str(key), f"show_tab('{tab_id}')", f"Onglet {title}", id=f"tab.{tab_id}", show=False)
            for key, (tab_id, title) in enumerate(TABS, 1)
        ),
        Binding("question_mark,f1", "help", "Aide", id="app.help", tooltip="Toutes les touches de la vue"),
        Binding("ctrl+p", "command_palette", "Commandes", id="app.palette", priority=True, show=False,
                tooltip="Chercher une commande ou un contact"),
        Binding("a", "quick_note", "Note", id="app.note", tooltip="Ajouter une note au cas en cours"),
        Binding("q", "quit", "Quitter", id="app.quit"),
        # From any screen, even while typing: covers the screen (not a lock); any key restores.
        Binding(HIDE_KEY, "hide", "Masquer l'écran", id="app.hide", priority=True, show=False,
                tooltip="Cache tout ce qui est affiché ; une touche le fait revenir"),
    ]

    def __init__(self, content: TownContent, config: Config | None = None,
                 store: CaseStore | None = None, today: date | None = None,
                 read_only: str | None = None,
                 open_store: Callable[[], CaseStore] | None = None, sheets=None) -> None:
        super().__init__()
        self.sheets = sheets
        self._filters.append(ControlCharacterFilter())
        use_plain_marks((config or Config()).plain_marks)
        # No animations (sliding tab underline, smooth scrolling): over SSH each frame is bytes
        # and latency, and nothing is gained during a phone call.
        self.animation_level = "none"
        self.town = content
        self.config = config or Config()
        self.store = store
        self.today = today
        self.current: Case | None = None
        self.read_only = read_only
        self._open_store = open_store
        self.panes_ready = False
        """True once every tab's pane is mounted (just after the first screen is drawn)."""
        self._pending: list[Callable[[], object]] = []
        self.loading = open_store is not None and store is None
        """True until the data file opened in the background is read."""
        self.fatal_error: UserError | None = None
        """Why the data file could not be opened (the console then quits with status 2)."""
        self._stamp = None
        self.sub_title = self._with_mode("Aucun cas en cours")
        if self.config.school_name:
            self.title = visible(f"{self.TITLE} — {self.config.school_name}", multiline=False)

    def notify(self, message: str, *, title: str = "", **kwargs) -> None:  # type: ignore[override]
        """Notifications often quote what users typed: shown literally, control characters visible."""
        kwargs.setdefault("markup", False)
        # A toast is at most half the screen wide, less its frame: paths break after a "/".
        message = break_paths(message, max(20, self.size.width // 2 - 6))
        super().notify(visible(message), title=visible(title), **kwargs)

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected exception (a bug) anywhere in the console: quit cleanly, show nothing.

        Textual's own handling prints a traceback with local variables after the screen is
        restored: the case on screen (pupil, summary, notes) would end up on the terminal. Here the
        console only keeps the exception (``run`` re-raises it once the terminal is restored, and
        the command line logs it privately: :mod:`harcelement_tui.crash`) and exits with status 2.
        Textual 8.2.8's own bookkeeping is kept, so ``run_test`` still re-raises it in tests."""
        self._return_code = 2
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def run(self, *args, headless: bool = False, **kwargs):  # type: ignore[override]
        """Textual's run, refused without a terminal: Textual would write escape codes into a
        file and wait for keys that never come."""
        if not headless and not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UserError(NO_TERMINAL)
        return super().run(*args, headless=headless, **kwargs)

    @property
    def crash(self) -> BaseException | None:
        """The unexpected exception that stopped the console, if any."""
        return self._exception

    def format_title(self, title: str, sub_title: str) -> Content:
        """The current case first (⚠ URGENT, reference, pupil), the console's and school's names
        after: at 80 or 60 columns the school name gives way, never the case."""
        if not sub_title:
            return Content(title)
        return Content.assemble((sub_title, "bold"), (" — ", "dim"), Content(title).stylize("dim"))

    def get_driver_class(self):  # noqa: D102 - Textual's, with style changes sent as differences
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:  # a real terminal on Linux or macOS (not Windows, not headless)
            from harcelement_tui.ui.terminal_output import CompactDriver

            return CompactDriver
        return driver

    def get_key_display(self, binding: Binding) -> str:
        """Keys in French (Espace, Échap, Entrée, Ctrl+O…), in the key bar, the help and the palette."""
        return binding.key_display or key_name(binding.key)

    def get_system_commands(self, screen):  # noqa: D102 - Textual's own are English: ours replace them
        return iter(())

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
        from harcelement_tui.ui.panes.cases import CasesPane
        from harcelement_tui.ui.panes.contacts import ContactsPane
        from harcelement_tui.ui.panes.parents import ParentsPane
        from harcelement_tui.ui.panes.stats import StatsPane
        from harcelement_tui.ui.panes.today import TodayPane

        return {
            "parents": ParentsPane(self.town, id="parents-pane"),
            "contacts": ContactsPane(self.town.contacts, self.town.contacts_intro, id="contacts-pane"),
            "cas": CasesPane(self.town, today=self.today, now=self.now, id="cas-pane"),
            "today": TodayPane(self.town, now=self.now, id="today-pane"),
            "stats": StatsPane(self.town, today=self.today, id="stats-pane"),
        }

    def on_mount(self) -> None:
        self.query_one(ProcedurePane).focus_main()
        self.start_idle_hide()
        # The first tab is drawn before the others are built and before the data file is read:
        # the principal sees the procedure at once, whatever the number of cases.
        self.call_after_refresh(self._finish_start)

    async def _finish_start(self) -> None:
        from harcelement_tui.ui.panes.cases import CasesPane

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

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` now if every tab is built, else as soon as they are (a key typed
        in the first instant is not lost)."""
        if self.panes_ready:
            callback()
        else:
            self._pending.append(callback)

    @asynccontextmanager
    async def run_test(self, *args, **kwargs):  # type: ignore[override]
        """Textual's headless runner, handing over the console once every tab is built."""
        async with super().run_test(*args, **kwargs) as pilot:
            while not self.panes_ready and self.is_running:
                await pilot.pause()
            yield pilot

    def _store_ready(self) -> None:
        from harcelement_tui.ui.panes.cases import CasesPane

        assert self.store is not None
        if self.read_only:
            self.sub_title = self._with_mode(self.sub_title.removeprefix("LECTURE SEULE · "))
            self.notify(f"Lecture seule : {self.read_only}. Les cas sont consultables, rien ne peut "
                        "être enregistré.", title="Lecture seule", severity="warning", timeout=15)
        if self.store.created:
            self.notify(f"Fichier des cas créé : {self.store.path}", markup=False)
        self.main_screen.query_one(CasesPane).set_source(describe_data_file(self.store.path))
        if self.loading:
            self.loading = False
        else:
            self.reload_cases()
        self.set_interval(POLL_SECONDS, self._poll)

    @work(thread=True, exclusive=True, group="open-store")
    def _load_store(self) -> None:
        """Open and read the data file off the UI thread, then show the cases."""
        from harcelement_tui.ui.panes.cases import CasesPane

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

    def _store_opened(self, store: CaseStore, read_only: str | None, cases, stamp, prepared) -> None:
        self.store = store
        self.read_only = read_only
        self._show_cases(cases, stamp, prepared)
        self._store_ready()

    def _cannot_open(self, error: UserError) -> None:
        """The data file cannot be used: quit, and ``run`` prints why (status 2)."""
        self.fatal_error = error
        self.exit(return_code=error.exit_code)

    # -- cases: loading and other sessions' changes --------------------------------------------

    @property
    def main_screen(self):
        """The screen with the tabs (under the case view and any modal)."""
        return self.screen_stack[0]

    def _poll(self) -> None:
        if self.store is not None and self.store.changed_since(self._stamp):
            self.reload_cases()

    @work(thread=True, exclusive=True, group="load-cases")
    def reload_cases(self) -> None:
        """Read the cases off the UI thread, then show them."""
        from harcelement_tui.ui.panes.cases import CasesPane

        assert self.store is not None
        stamp = self.store.stamp()
        pane = self.main_screen.query_one(CasesPane)
        try:
            cases = self.store.list()
        except UserError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        # Sorting and search texts are computed here, off the UI thread.
        prepared = pane.prepare(cases)
        self.call_from_thread(self._show_cases, cases, stamp, prepared)

    def _show_cases(self, cases: list[Case], stamp, prepared=None) -> None:
        from harcelement_tui.ui.panes.cases import CasesPane
        from harcelement_tui.ui.panes.stats import StatsPane
        from harcelement_tui.ui.panes.today import TodayPane

        self._stamp = stamp
        # The cases just read live until the next reload: keep Python's cycle collector from
        # walking them again and again (a full pass over 10,000 cases froze keys for 150 ms).
        gc.freeze()
        self.main_screen.query_one(CasesPane).set_cases(cases, prepared)
        self.main_screen.query_one(TodayPane).set_cases(cases)
        self.main_screen.query_one(StatsPane).set_cases(cases)
        if self.current is not None:
            latest = next((c for c in cases if c.ref == self.current.ref), None)
            if latest is not None and latest.version != self.current.version:
                self.set_current(latest)

    def now(self) -> datetime:
        """The current moment: the store's clock (tests freeze it), else the system's."""
        return self.store.now() if self.store is not None else datetime.now().astimezone()

    def set_current(self, case: Case) -> None:
        """Make ``case`` the current case: header on every tab, open case view refreshed."""
        from harcelement_tui.ui.panes.parents import ParentsPane
        from harcelement_tui.ui.screens.case_view import CaseViewScreen
        from harcelement_tui.ui.screens.people import PeopleScreen

        self.current = case
        urgent = f"{symbol('urgent')} URGENT · " if is_urgent(case, self.town) else ""
        self.sub_title = self._with_mode(visible(f"{urgent}Cas {case.ref} · {case.pupil}", multiline=False))
        for screen in self.screen_stack:
            if isinstance(screen, (CaseViewScreen, PeopleScreen)) and screen.case.ref == case.ref:
                screen.refresh_case(case)
        self.main_screen.query_one(ProcedurePane).show_case(case)
        self.when_ready(lambda: self.main_screen.query_one(ParentsPane).show_case(self.current))

    def _with_mode(self, sub_title: str) -> str:
        return f"LECTURE SEULE · {sub_title}" if self.read_only else sub_title

    def _saved(self, case: Case) -> None:
        """A change of ours was written: show it everywhere, and in the list."""
        if self.current is None or self.current.ref == case.ref:
            self.set_current(case)
        self.reload_cases()

    # -- store calls off the UI thread ------------------------------------------------------------

    @work(thread=True, group="store-write")
    def run_store_call(self, call) -> None:
        """Run ``call()`` (a store change returning the Case) in a thread; report the outcome."""
        try:
            case = call()
        except UserError as error:
            self.call_from_thread(self.notify, str(error), title="Non enregistré", severity="error",
                                  markup=False, timeout=10)
            return
        self.call_from_thread(self._saved, case)

    def on_cases_pane_action(self, message: CasesPane.Action) -> None:
        self.case_action(message.action, message.ref)

    def on_resize(self, event) -> None:
        """Below the minimum size a message replaces the layout; it recovers on resize."""
        width, height = event.size.width, event.size.height
        small = isinstance(self.screen, TooSmallScreen)
        if too_small(width, height):
            if small:
                self.screen.show_size(width, height)
            else:
                self.push_screen(TooSmallScreen())
        elif small:
            self.pop_screen()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self.screen is self.main_screen:
            self._focus_pane(event.pane.id or "")

    def _focus_pane(self, tab_id: str) -> None:
        self.when_ready(lambda: self.main_screen.query_one(f"#{tab_id}-pane").focus_main())  # type: ignore[attr-defined]

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
        if not self.panes_ready:
            # A tab key typed while the first screen is being drawn: switch once it is built
            # (switching earlier would be undone by the tabs' own start-up).
            self.when_ready(lambda: self._activate_tab(tab_id))
            return
        tabs = self.main_screen.query_one(TabbedContent)
        if tabs.active != tab_id:
            tabs.active = tab_id
        self._focus_pane(tab_id)

    def action_quit(self) -> None:
        """q (or ctrl+q): quit at once, unless something typed or ticked is not saved; then ask first."""
        from harcelement_tui.ui.panes.parents import ParentsPane
        from harcelement_tui.ui.screens.modals import ConfirmModal
        from harcelement_tui.ui.screens.saving import SaveModal

        if any(isinstance(screen, SaveModal) and screen.dirty for screen in self.screen_stack):
            question = "Un formulaire contient une saisie non enregistrée. Quitter quand même ?"
        elif any(pane.ticked for pane in self.main_screen.query(ParentsPane)):
            question = ("Des points de l'appel aux parents sont cochés mais l'appel n'est pas enregistré "
                        "(a dans l'onglet Parents). Quitter quand même ?")
        else:
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmModal(question, "Quitter", "Rester", default=False, title="Quitter"), answered)

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's own hint is in English; say it in French."""
        self.notify("Pour quitter : touche q (hors d'un champ de saisie).", title="Quitter ?")

    def action_quick_note(self) -> None:
        """One key from any tab: a note on the current case."""
        self.case_action("note")

    def filter_contacts(self, query: str) -> None:
        """Show the Contacts tab filtered on ``query`` (the palette's fallback)."""
        from harcelement_tui.ui.panes.contacts import ContactsPane

        self.action_show_tab("contacts")
        self.when_ready(lambda: setattr(self.main_screen.query_one(ContactsPane).filter_input, "value", query))

    def show_contact(self, contact_id: str) -> None:
        from harcelement_tui.ui.panes.contacts import ContactsPane

        self.action_show_tab("contacts")
        self.when_ready(lambda: self.main_screen.query_one(ContactsPane).show_contact(contact_id))

    def action_help(self) -> None:
        from harcelement_tui.ui.screens.case_view import CaseViewScreen
        from harcelement_tui.ui.screens.help import HelpScreen, keys_of

        if isinstance(self.screen, CaseViewScreen):
            title = f"Cas {self.screen.case.ref}"
        else:
            title = dict(self.TABS).get(self.main_screen.query_one(TabbedContent).active, "")
        data_file = None
        if self.store is not None:
            data_file = f"{describe_data_file(self.store.path)} : {self.store.path}"
        self.push_screen(HelpScreen(title, keys_of(self.screen), data_file=data_file))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Chercher une commande ou un contact…",
                                            id="--command-palette"))


def run(*, content: TownContent, config: Config, data_file: Path, sheets=None) -> int:
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
