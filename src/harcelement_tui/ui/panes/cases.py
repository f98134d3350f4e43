"""Cas tab: the case list, filtered as you type; opens, creates, exports and re-statuses cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.deadlines import overdue_count
from harcelement_tui.core.model import Case
from harcelement_tui.core.summary import (
    STATUS_SHORT,
    day_month,
    facts_short,
    follow_up_state,
    is_urgent,
    last_activity,
    progress,
    search_fields,
    sort_cases,
)
from harcelement_tui.core.text import Searchable, matcher, searchable
from harcelement_tui.ui.widgets.case_list import CaseList, Column
from harcelement_tui.ui.marks import urgent_badge
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.messages import CaseAction, CaseRequested
from harcelement_tui.ui.panes.filtered import FilteredTablePane
from harcelement_tui.ui.widgets.fields import TextInput
from harcelement_tui.ui.text import cell

LOADING_TEXT = strings.CASES_LOADING
EMPTY_TEXT = strings.NO_CASES


COLUMNS = (
    Column("ref", strings_labels.COLUMN_REF, 11),  # "⚠ 2026-1234": four-digit numbers in a busy year
    Column("opened", strings_labels.COLUMN_OPENED, 6),
    Column("pupil", strings_labels.COLUMN_PUPIL, 10, flexible=True),
    Column("facts", strings_labels.COLUMN_FACTS, 10),
    Column("status", strings_labels.COLUMN_STATUS, 6),
    Column("steps", strings_labels.COLUMN_STEPS, 6),
    Column("follow_up", strings_labels.COLUMN_FOLLOW_UP, 6),
    Column("late", strings_labels.COLUMN_LATE, 6),
    Column("activity", strings_labels.COLUMN_ACTIVITY, 6),
)

# Steps past their deadline move with the clock, not only with the data: rows are redrawn this often.
LATE_REFRESH_SECONDS = 60


class CasesPane(FilteredTablePane, can_focus=True):
    BINDINGS = [
        Binding("n", "new_case", strings_keys.NEW, id="cases.new"),
        Binding("s", "status", strings_keys.STATUS, id="cases.status"),
        Binding("x", "export", strings_keys.EXPORT, id="cases.export"),
    ]

    def __init__(self, town: TownContent, today: date | None = None,
                 now: Callable[[], datetime] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = town
        self.today = today
        self.now = now or (lambda: datetime.now().astimezone())
        self.cases: list[Case] = []
        self.shown: list[Case] = []
        self._search: dict[str, tuple[Case, Searchable]] = {}
        self._loaded = False
        self._day: date | None = None
        self._query = ""
        self._state: tuple[bool, bool] | None = None  # (no cases, loaded) as last shown

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder=strings_labels.CASES_FILTER, id="cases-filter",
                        compact=True)
        # Which file the list comes from, always in sight (the path is in ? ); set by the app.
        yield Static("", id="cases-source", markup=False)
        yield CaseList(COLUMNS, self._row, id="cases-table")
        yield Static(LOADING_TEXT, id="cases-empty", classes="empty-state", markup=False)

    def on_mount(self) -> None:
        self._refill()
        self.set_interval(LATE_REFRESH_SECONDS, self.table.invalidate)

    @property
    def table(self) -> CaseList:  # type: ignore[override]  # drawn line by line, not a DataTable; the base uses only focus() and cursor_row
        return self.query_one(CaseList)

    def filter_changed(self, query: str) -> None:
        """A key in the filter: when the new query extends the last one, only the rows shown can
        still match (every word of the longer query contains a word of the shorter)."""
        before = self._query
        self._refill(query, narrowing=bool(before) and query.startswith(before))

    # -- data ---------------------------------------------------------------------------------

    def prepare(self, cases: list[Case]) -> tuple[list[Case], dict[str, tuple[Case, Searchable]]]:
        """The work of :meth:`set_cases` that needs no screen: sorting, and the search text of each
        new or changed case. Safe to run in a worker thread, so a reload never blocks the keys."""
        ordered = sort_cases(cases)
        old = self._search
        search: dict[str, tuple[Case, Searchable]] = {}
        for case in ordered:
            known = old.get(case.ref)
            if known is not None and known[0] is case:
                search[case.ref] = known
            else:
                search[case.ref] = (case, searchable(search_fields(case, self.town)))
        return ordered, search

    def show_progress(self, read: int, done: int, total: int) -> None:
        """While the data file is first read (in the background): how far it got, in cases read
        and share of the file's bytes."""
        if self._loaded:
            return
        percent = min(99, done * 100 // total) if total > 0 else 0
        count = f"{read:,}".replace(",", "\u00a0")  # 3 000
        self.query_one("#cases-empty", Static).update(strings.CASES_LOADING_PROGRESS.format(count=count, percent=percent))

    def set_cases(self, cases: list[Case], prepared=None) -> None:
        """Replace the list (after a load or another session's change), keeping the cursor on its
        case. Only the rows on screen are drawn, so this costs the same for 10 or 10,000 cases."""
        self.cases, self._search = prepared if prepared is not None else self.prepare(cases)
        self._loaded = True
        if self.is_mounted:
            self._refill(self.filter_input.value)

    def _row(self, case: Case) -> tuple[Content, ...]:
        today = self._today()
        urgent = is_urgent(case, self.town)
        state = follow_up_state(case, today)
        # Urgency and due follow-ups are marked by a sign, not by colour alone.
        sign = urgent_badge("", self.app.no_color) if urgent else Content(" ")
        ref = Content.assemble(sign, " ", cell(case.ref, "bold" if urgent else ""))
        follow = day_month(case.follow_up, today) if case.follow_up else "—"
        if state == "overdue":
            # One reversed block, "!" included: readable on the selected row and under NO_COLOR.
            follow_cell = cell(f"!{follow}", "bold reverse" if self.app.no_color else "bold reverse $error")
        elif state == "today":
            follow_cell = Content.assemble(("!", "bold $warning"), cell(follow, "bold $warning"))
        else:
            follow_cell = Content.assemble(" ", cell(follow))
        return (
            ref,
            cell(day_month(case.opened_at, today)),
            cell(case.pupil) if not case.purged else cell(strings_labels.PURGED, "italic"),
            cell(facts_short(case, self.town)),
            cell(STATUS_SHORT.get(case.status, case.status)),
            cell(progress(case, self.town).label),
            follow_cell,
            self._late_cell(case),
            cell(day_month(last_activity(case), today)),
        )

    def _late_cell(self, case: Case) -> Content:
        """How many steps are past their deadline: ``!2 ét.``, in reverse video (not colour alone)."""
        late = overdue_count(case, self.town, self.now())
        if not late:
            return Content("")
        return Content.assemble(("!", "bold $error"),
                                (strings_labels.LATE_STEPS.format(count=late), "bold $error reverse"))

    def _today(self) -> date:
        today = self.today or date.today()
        if today != self._day:
            # Dates are shown relative to today ("hier", due marks): a new day redraws every row.
            if self._day is not None:
                self.call_later(self.table.invalidate)
            self._day = today
        return today

    # A case this console just created: the cursor goes to it once the list shows it (pressing
    # Entrée on the list then opens that case, not the one that was under the cursor before).
    follow: str | None = None

    def follow_case(self, ref: str) -> None:
        self.follow = ref
        if self.is_mounted and self.table.index_of(ref) is not None:
            self._refill(self.filter_input.value)

    def _refill(self, query: str = "", *, narrowing: bool = False) -> None:
        table = self.table
        keep = self.selected.ref if self.selected else None
        if self.follow is not None and any(case.ref == self.follow for case in self.cases):
            keep, self.follow = self.follow, None
        match = matcher(query)
        search = self._search
        # Typing one more letter can only narrow the list: look at the rows shown, not at all cases.
        pool = self.shown if narrowing else self.cases
        self.shown = [case for case in pool if match(search[case.ref][1])]
        self._query = query
        table.set_rows(self.shown, keep=keep)
        state = (not self.cases, self._loaded)
        if state != self._state:
            # Only when the list becomes (non-)empty: each of these re-lays out the whole tab.
            self._state = state
            empty = not self.cases
            placeholder = self.query_one("#cases-empty", Static)
            placeholder.update(EMPTY_TEXT if self._loaded else LOADING_TEXT)
            placeholder.display = empty
            table.display = not empty
            self.query_one("#cases-filter").display = not empty
            self.refresh_bindings()
            if not empty and self.has_focus:
                # Tab 4 was chosen while the cases were loading: the list takes the keys now.
                table.focus()

    def set_source(self, text: str) -> None:
        """« Fichier personnel » or « Équipe GROUPE · fichier partagé », under the filter."""
        source = cell(strings_labels.SOURCE_LINE.format(source=text)) if text else ""
        self.query_one("#cases-source", Static).update(source)

    def by_ref(self, ref: str) -> Case | None:
        known = self._search.get(ref)
        return known[0] if known is not None else None

    # -- actions (carried out by the app's controllers) ------------------------------------------------------

    @on(CaseList.Selected)
    def _row_selected(self, event: CaseList.Selected) -> None:
        event.stop()
        self.action_open_case()

    def _ask(self, action: CaseAction, needs_case: bool = True) -> None:
        case = self.selected
        if needs_case and case is None:
            self.notify(strings.NO_CASE_SELECTED, severity="warning")
            return
        self.post_message(CaseRequested(action, case.ref if case else None))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on a selected case are hidden while the list is empty."""
        if action in ("open_case", "status", "export", "filter", "clear_filter") and not self.cases:
            return False
        return True

    def action_open_case(self) -> None:
        self._ask("open")

    def action_new_case(self) -> None:
        self._ask("new", needs_case=False)

    def action_status(self) -> None:
        self._ask("status")

    def action_export(self) -> None:
        self._ask("export")

    def focus_main(self) -> None:
        if self.cases:
            self.table.focus()
        else:
            self.focus()
