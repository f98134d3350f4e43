"""The console's start: a first screen drawn at once, then the rest.

The first frame is plain (:mod:`harcelement_tui.ui.widgets.first_frame`: the tab titles and the
procedure's first lines as one text, from the procedure's outline) and needs one stylesheet. Just
after it is drawn, :meth:`StartupApp._show_tabs` loads the town's content (unless it was given),
parses the other stylesheets and replaces the frame by the tabs with the Procédure tab; then
:meth:`StartupApp._finish_start` builds the other tabs, hands over the keys typed meanwhile,
imports the controllers (and with them the forms and windows) and reads the data file in a worker
thread, the Cas tab saying how far it got. Content or a data file that cannot be used ends the
console (``fatal_error``).
"""

from __future__ import annotations

import asyncio
import gc
import signal
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from textual import work
from textual.reactive import Reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from harcelement_tui.core.errors import UserError
from harcelement_tui.ui import strings, strings_labels
from harcelement_tui.ui.console import ConsoleApp
from harcelement_tui.ui.typeahead import TypeAhead

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from harcelement_tui.core.content import Content as TownContent
    from harcelement_tui.core.model import Case
    from harcelement_tui.core.sheets_content import Sheets
    from harcelement_tui.core.store import CaseStore, Stamp
    from harcelement_tui.ui.panes.cases import CasesPane

# How often the console looks for another session's changes to the data file (one stat()).
POLL_SECONDS = 1.0

STYLE_FILES = ("app.tcss", "panes.tcss", "help.tcss", "case.tcss", "today.tcss", "stats.tcss")
FIRST_STYLE_FILES = STYLE_FILES[:1]
"""What the first frame needs; the others are parsed just after it is drawn, before the tabs are
built (as Textual adds a pushed screen's own; each source is parsed once)."""


def style_paths(names: tuple[str, ...] = STYLE_FILES) -> list[str | PurePath]:
    """The packaged stylesheets (``styles/`` in the repository)."""
    root = Path(__file__).parent.parent / "styles"  # harcelement_tui/styles
    return [root / name for name in names]


class TabsScreen(Screen[Any]):
    """The screen of the tabs. Textual redraws a whole screen when the focus moves (its ``focused``
    repaints): switching tabs then wrote the whole screen twice (2 x 5-7 KB over SSH). The widgets
    whose look follows the focus redraw themselves (``:focus`` styles), so the screen need not."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)


# How often the Cas tab's loading line is brought up to date while the data file is first read.
PROGRESS_SECONDS = 0.1


class LoadProgress:
    """The last (cases read, bytes read, file size) told by the thread reading the data file."""

    latest: tuple[int, int, int] | None = None

    def report(self, read: int, done: int, total: int) -> None:
        self.latest = (read, done, total)


class StartupApp(ConsoleApp):
    """The console's start-up and the reading of its data file (see the module's docstring)."""

    _load_town: Callable[[], tuple[TownContent, Sheets]] | None = None
    """Loads the town's content (just after the first frame), or ``None`` when it was given."""
    _sheets: Sheets | None = None
    """The sheets' text (given, loaded with the content, or at the first sheet written)."""
    _open_store: Callable[[], CaseStore] | None = None
    """Opens the data file (read in a worker thread after the first screen), or ``None``."""
    fatal_error: UserError | None = None
    """Why the content or the data file could not be used (the console then quits, status 2)."""
    _tabs_started = False
    type_ahead: TypeAhead
    """Hands keys over one at a time; holds them until the tabs are built (created by the app)."""
    _progress_timer: Timer | None = None

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

    def get_driver_class(self) -> Any:  # noqa: D102 - Textual's, with style changes sent as differences
        driver = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver is LinuxDriver:  # a real terminal on Linux or macOS (not Windows, not headless)
            from harcelement_tui.ui.terminal_output import CompactDriver

            return CompactDriver
        return driver

    def get_default_screen(self) -> Screen[Any]:  # noqa: D102 - Textual's, with the screen above
        return TabsScreen(id="_default")

    def build_tabs(self) -> Widget:
        """The tabs with the Procédure tab's pane (the application's)."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self._exit_on_hang_up()
        self.protection.start_idle_hide(self.config.hide_after_minutes)
        self.screen_change_signal.subscribe(self, self.show_current_on_tabs)
        # A plain first frame (ui/widgets/first_frame.py) is drawn before the tabs are built,
        # and the first tab before the others and before the data file is read: the principal
        # sees the procedure at once, whatever the number of cases.
        self.call_after_refresh(self._show_tabs)

    def _exit_on_hang_up(self) -> None:
        """A closed SSH window or PuTTY (SIGHUP) and an administrator's ``kill`` (SIGTERM) end the
        console as ``q`` does, not in the middle of a step: the save under way finishes, the
        journal is folded into the data file and the lock released (``run``'s ``finally``)."""
        if self.is_headless:
            return  # tests: the signals are the test runner's
        try:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(number, self.exit)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # no such signals (Windows), or not the main thread (tests run the app there)

    async def _show_tabs(self) -> None:
        """Load the content (unless given), then replace the plain first frame by the tabs, in one frame."""
        from harcelement_tui.ui.panes.procedure import ProcedurePane

        if self._load_town is not None:
            try:
                self.town, self._sheets = self._load_town()
            except UserError as error:  # changed since its outline was kept: the next start says it first
                self._cannot_open(error)
                return
        for path in style_paths(STYLE_FILES[len(FIRST_STYLE_FILES):]):
            self.stylesheet.read(path)
        self.stylesheet.parse()
        self.stylesheet.update(self)
        first = self.query_one("#first-frame")
        with self.batch_update():
            await self.mount(self.build_tabs(), before=first)
            await first.remove()
        self.query_one(ProcedurePane).focus_main()
        # The start goes on once the tabs have activated their first tab (``tabs_started``): a
        # tab key typed meanwhile is applied after that, not undone by it.

    def tabs_started(self) -> bool:
        """Called on each tab shown: True for the tabs' own first one, which goes on with the start
        (the other tabs, the data file)."""
        if self._tabs_started:
            return False
        self._tabs_started = True
        self.call_after_refresh(self._finish_start)
        return True

    async def _finish_start(self) -> None:
        from textual.widgets import TabPane

        for tab_id, pane in self._other_panes().items():
            await self.main_screen.query_one(f"TabPane#{tab_id}", TabPane).mount(pane)
        self.panes_ready = True
        pending, self._pending = self._pending, []
        for callback in pending:
            callback()
        self.type_ahead.release()  # the keys typed during the start (ui/typeahead.py)
        if not gc.isenabled():  # held by the command line during the start (cli/console.py)
            gc.collect()  # the little the start left (the first frame), after the first paint
            gc.freeze()  # what the start built lives on: later collections need not walk it
            gc.enable()
        if self.store is not None:
            self._store_ready()
        elif self._open_store is not None:
            # How far the reading got, shown by a timer (no call across threads for each report).
            progress = LoadProgress()
            self._progress_timer = self.set_interval(PROGRESS_SECONDS, lambda: self._show_progress(progress))
            self._load_store(progress, self.cases_pane)
        else:
            self.cases_pane.set_cases([])
        # What a key may open next (forms, windows, reports): imported now rather than on that key.
        from harcelement_tui.ui.controllers import cases, people, procedure, sharing, sheets  # noqa: F401

    @asynccontextmanager
    async def run_test(self, *args: Any, **kwargs: Any) -> AsyncGenerator[Pilot[int], None]:
        """Textual's headless runner, handing over the console once every tab is built."""
        async with super().run_test(*args, **kwargs) as pilot:
            while not self.panes_ready and self.is_running:
                await pilot.pause()
            yield pilot

    def _store_ready(self) -> None:
        from harcelement_tui.core.team import describe as describe_data_file

        assert self.store is not None
        if self.read_only:
            self.sub_title = self._with_mode(self.sub_title.removeprefix(strings_labels.READ_ONLY_PREFIX))
            self.notify(strings.READ_ONLY_NOTICE.format(reason=self.read_only), title=strings.READ_ONLY_TITLE,
                        severity="warning", timeout=15)
        if self.store.created:
            self.notify(strings.DATA_FILE_CREATED.format(path=self.store.path), markup=False)
        self.cases_pane.set_source(describe_data_file(self.store.path))
        if self.loading:
            self.loading = False
        else:
            self.reload_cases()
        self.set_interval(POLL_SECONDS, self.poll)

    @work(thread=True, exclusive=True, group="open-store")
    def _load_store(self, progress: LoadProgress, pane: CasesPane) -> None:
        """Open and read the data file off the UI thread, then show the cases (``pane`` is the Cas
        tab's, taken on the UI thread: the reading never looks into the screens)."""
        from harcelement_tui.core.store import READ_PROGRESS, read_only_reason

        assert self._open_store is not None
        READ_PROGRESS.set(progress.report)
        try:
            store = self._open_store()
        except UserError as error:
            self._from_thread(self._cannot_open, error)
            return
        handed = False
        try:
            if not self.is_running:
                return  # quit during the opening
            read_only = read_only_reason(store.path) or store.storage.read_only_reason
            stamp = store.stamp()
            cases = store.list()
            prepared = pane.prepare(cases)
            handed = self._from_thread(self._store_opened, store, read_only, cases, stamp, prepared)
        except UserError as error:
            self._from_thread(self._cannot_open, error)
        finally:
            if not handed:  # an error, or the console was quit meanwhile: ``run`` does not know this store
                store.close()

    def _from_thread(self, callback: Callable[..., object], *args: Any) -> bool:
        """``callback(*args)`` on the UI thread, from the reading thread; False if the console has
        stopped meanwhile (q typed during the reading)."""
        if not self.is_running:
            return False
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:  # stopped between the check and the call
            return False
        return True

    def _show_progress(self, progress: LoadProgress) -> None:
        if progress.latest is not None:
            self.cases_pane.show_progress(*progress.latest)

    def _store_opened(self, store: CaseStore, read_only: str | None, cases: list[Case], stamp: Stamp | None,
                      prepared: Any) -> None:
        if self._progress_timer is not None:
            self._progress_timer.stop()
        self.store = store
        self.read_only = read_only
        self.show_cases(cases, stamp, prepared)
        self._store_ready()

    def _cannot_open(self, error: UserError) -> None:
        """The content or the data file cannot be used: quit, and ``run`` prints why (status 2)."""
        if self._progress_timer is not None:
            self._progress_timer.stop()
        self.fatal_error = error
        self.exit(return_code=error.exit_code)
