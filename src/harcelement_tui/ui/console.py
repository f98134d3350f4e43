"""The console's state and the services its controllers share.

:class:`ConsoleApp` holds what every area works on (the town's content, the configuration, the
store, the current case, read-only mode) and the few things they all do: say something, show a
saved case everywhere, reload the list, run a store call off the UI thread, log an access. It also
keeps the console's manners: notifications shown literally, keys named in French, and a crash
that quits without printing anything of a case.
:class:`harcelement_tui.ui.app.HarcelementApp` builds on it (tabs, keys, start-up) and hands the
messages of :mod:`harcelement_tui.ui.messages` to the controllers, which only know this class.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from harcelement_tui.core.errors import UserError
from harcelement_tui.core.text import visible
from harcelement_tui.ui.marks import mark as symbol
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.protection import Protection
from harcelement_tui.ui.text import break_paths
from harcelement_tui.ui.widgets.keybar import key_name

if TYPE_CHECKING:  # the tabs' modules, the content's and the store's after the first screen (ui/startup.py)
    from harcelement_tui.core.config import Config
    from harcelement_tui.core.content import Content as TownContent
    from harcelement_tui.core.model import Case
    from harcelement_tui.core.store import CaseStore, Stamp
    from harcelement_tui.core.access_log import Access, AccessLog
    from harcelement_tui.ui.panes.cases import CasesPane

# (tab id, title), in the order of the keys 1-6.
TABS = tuple(strings_keys.TAB_TITLES.items())



class ConsoleApp(App[int]):
    """The console's state (content, configuration, store, current case) and shared services."""

    town: TownContent
    """The town's content; given, or loaded just after the first frame (ui/startup.py)."""

    def __init__(self, content: TownContent | None, config: Config, store: CaseStore | None, today: date | None,
                 read_only: str | None) -> None:
        super().__init__()
        if content is not None:
            self.town = content
        self.config = config
        self.store = store
        self.today = today
        self.read_only = read_only
        """Why nothing can be saved (the console then only shows cases), or ``None``."""
        self.current: Case | None = None
        self.loading = False
        """True until the data file opened in the background is read."""
        self.panes_ready = False
        """True once every tab's pane is mounted (just after the first screen is drawn)."""
        self._pending: list[Callable[[], object]] = []
        self._tabs_behind = False
        """True while the tabs do not show the current case yet (see ``show_current_on_tabs``)."""
        self._stamp: Stamp | None = None
        self.protection = Protection(self, self.notify)

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        """Notifications often quote what users typed: shown literally, control characters visible.
        While the screen is hidden they wait for the work to come back."""
        if self.protection.hold((message,), {"title": title, **kwargs}):
            return
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

    def run(self, *args: Any, headless: bool = False, **kwargs: Any) -> int | None:
        """Textual's run, refused without a terminal: Textual would write escape codes into a
        file and wait for keys that never come."""
        if not headless and not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UserError(strings.NO_TERMINAL)
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

    def get_key_display(self, binding: Binding) -> str:
        """Keys in French (Espace, Échap, Entrée, Ctrl+O…), in the key bar, the help and the palette."""
        return binding.key_display or key_name(binding.key)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:  # noqa: D102 - Textual's own are English: ours replace them
        return iter(())

    @property
    def main_screen(self) -> Screen[Any]:
        """The screen with the tabs (under the case view and any modal)."""
        return self.screen_stack[0]

    @property
    def cases_pane(self) -> CasesPane:
        """The Cas tab's pane (built just after the first screen: see :attr:`panes_ready`)."""
        from harcelement_tui.ui.panes.cases import CasesPane

        return self.main_screen.query_one(CasesPane)

    def when_ready(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` now if every tab is built, else as soon as they are (a key typed
        in the first instant is not lost)."""
        if self.panes_ready:
            callback()
        else:
            self._pending.append(callback)

    def now(self) -> datetime:
        """The current moment: the store's clock (tests freeze it), else the system's."""
        return self.store.now() if self.store is not None else datetime.now().astimezone()

    # -- the current case ----------------------------------------------------------------------

    def set_current(self, case: Case, *, opening: bool = False) -> None:
        """Make ``case`` the current case: header on every tab, open case view refreshed.
        ``opening``: its case view is about to cover the tabs, which draw it once shown again."""
        from harcelement_tui.core.summary import is_urgent
        from harcelement_tui.ui.panes.parents import ParentsPane
        from harcelement_tui.ui.panes.procedure import ProcedurePane
        from harcelement_tui.ui.screens.case_view import CaseViewScreen
        from harcelement_tui.ui.screens.people import PeopleScreen

        self.current = case
        urgent = f"{symbol('urgent')} {strings_labels.URGENT} · " if is_urgent(case, self.town) else ""
        head = strings_labels.CASE_REF.format(ref=case.ref)
        self.sub_title = self._with_mode(visible(f"{urgent}{head} · {case.pupil}", multiline=False))
        for screen in self.screen_stack:
            if isinstance(screen, (CaseViewScreen, PeopleScreen)) and screen.case.ref == case.ref:
                screen.refresh_case(case)
        # The tabs follow the case now (their keys act on it), and draw it once they are shown.
        self.main_screen.query_one(ProcedurePane).show_case(case, draw=False)
        self.when_ready(lambda: self.main_screen.query_one(ParentsPane).show_case(self.current, draw=False))
        self._tabs_behind = True
        if not opening:
            self.show_current_on_tabs()

    def show_current_on_tabs(self, *_: object) -> None:
        """The current case drawn in Procédure and Parents. While a case view covers the tabs this
        waits until they are shown again (called on each change of screen): Textual repaints the
        screen above for any change in the one below it, a second whole screen (5-7 KB) on each
        opening."""
        from harcelement_tui.ui.panes.parents import ParentsPane
        from harcelement_tui.ui.panes.procedure import ProcedurePane
        from harcelement_tui.ui.screens.case_view import CaseViewScreen
        from harcelement_tui.ui.screens.people import PeopleScreen

        if not self._tabs_behind or any(isinstance(s, (CaseViewScreen, PeopleScreen)) for s in self.screen_stack):
            return
        self._tabs_behind = False
        self.main_screen.query_one(ProcedurePane).show_case(self.current)
        self.when_ready(lambda: self.main_screen.query_one(ParentsPane).show_case(self.current))

    def _with_mode(self, sub_title: str) -> str:
        return f"{strings_labels.READ_ONLY_PREFIX}{sub_title}" if self.read_only else sub_title

    def show_saved(self, case: Case) -> None:
        """A change of ours was written: show it everywhere, and in the list."""
        if self.current is None or self.current.ref == case.ref:
            self.set_current(case)
        self.reload_cases()

    def after_save(self, case: Case | None) -> None:
        """The callback of a saving modal: ``None`` when it was cancelled."""
        if case is not None:
            self.show_saved(case)

    def refuse_if_read_only(self) -> bool:
        """True (after saying why) when the console is read-only and a change was asked."""
        if self.read_only is None:
            return False
        self.notify(strings.READ_ONLY_REFUSED.format(reason=self.read_only), title=strings.READ_ONLY_TITLE,
                    severity="warning", timeout=8)
        return True

    def no_store(self) -> None:
        if self.loading:
            self.notify(strings.STILL_LOADING, severity="warning")
        else:
            self.notify(strings.NO_DATA_FILE, severity="error")

    def case_for(self, ref: str | None) -> Case | None:
        """Case ``ref`` as last listed (``None``: the current case), or ``None`` after saying why."""
        if self.store is None:
            self.no_store()
            return None
        if ref is None:
            if self.current is None:
                self.notify(strings.NO_CURRENT_CASE, severity="warning")
            return self.current
        # The list read by the last (background) load: no file access on the UI thread. Edits
        # check the version they started from; notes and ticks apply to the latest stored case.
        listed = self.cases_pane.by_ref(ref)
        if listed is None:
            self.notify(strings.CASE_NOT_FOUND.format(ref=ref), severity="error", markup=False)
        return listed

    def current_for_change(self) -> tuple[Case, CaseStore] | None:
        """The current case and the store to change it in, or ``None`` after saying why not."""
        if self.refuse_if_read_only():
            return None
        case = self.case_for(None)
        if case is None or self.store is None:
            return None
        return case, self.store

    def export_dir(self) -> Path:
        """Exports, reports and sheets go beside the data file, in ``exports/`` (created 0700;
        2770 in a team directory)."""
        assert self.store is not None
        return self.store.path.parent / "exports"

    # -- cases: loading and other sessions' changes --------------------------------------------

    def poll(self) -> None:
        if self.store is not None and self.store.changed_since(self._stamp):
            self.reload_cases()

    @work(thread=True, exclusive=True, group="load-cases")
    def reload_cases(self) -> None:
        """Read the cases off the UI thread, then show them."""
        assert self.store is not None
        stamp = self.store.stamp()
        pane = self.cases_pane
        try:
            cases = self.store.list()
        except UserError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        # Sorting and search texts are computed here, off the UI thread.
        prepared = pane.prepare(cases)
        self.call_from_thread(self.show_cases, cases, stamp, prepared)

    def show_cases(self, cases: list[Case], stamp: Stamp | None, prepared: Any = None) -> None:
        from harcelement_tui.ui.panes.stats import StatsPane
        from harcelement_tui.ui.panes.today import TodayPane

        self._stamp = stamp
        # The cases just read live until the next reload: keep Python's cycle collector from
        # walking them again and again (a full pass over 10,000 cases froze keys for 150 ms).
        gc.freeze()
        self.cases_pane.set_cases(cases, prepared)
        self.main_screen.query_one(TodayPane).set_cases(cases)
        self.main_screen.query_one(StatsPane).set_cases(cases)
        if self.current is not None:
            latest = next((c for c in cases if c.ref == self.current.ref), None)
            if latest is not None and latest.version != self.current.version:
                self.set_current(latest)

    @work(thread=True, group="store-write")
    def run_store_call(self, call: Callable[[], Case]) -> None:
        """Run ``call()`` (a store change returning the Case) in a thread; report the outcome."""
        try:
            case = call()
        except UserError as error:
            self.call_from_thread(self.notify, str(error), title=strings.NOT_SAVED_TITLE, severity="error",
                                  markup=False, timeout=10)
            return
        self.call_from_thread(self.show_saved, case)

    # -- access log ----------------------------------------------------------------------------

    def access_log(self) -> AccessLog | None:
        if self.store is None:
            return None
        from harcelement_tui.core.access_log import AccessLog

        return AccessLog.of_store(self.store, self.config.access_log_days)

    @work(thread=True, group="access-log")
    def record_access(self, case: Case, action: str, detail: str = "") -> None:
        """Record ``action`` on ``case`` from the console, then show the case's last accesses."""
        log = self.access_log()
        if log is None:
            return
        try:
            log.record([(case.ref, case.uuid)], action, "console", detail)
            readers = log.last_readers(case.uuid, limit=3)
        except UserError as error:
            self.call_from_thread(self.notify, str(error), title=strings.ACCESS_LOG_TITLE,
                                  severity="warning", markup=False, timeout=8)
            return
        self.call_from_thread(self._show_readers, case.ref, readers)

    def _show_readers(self, ref: str, readers: Sequence[Access]) -> None:
        from harcelement_tui.ui.screens.case_view import CaseViewScreen

        for screen in self.screen_stack:
            if isinstance(screen, CaseViewScreen) and screen.case.ref == ref:
                screen.show_readers(readers)
