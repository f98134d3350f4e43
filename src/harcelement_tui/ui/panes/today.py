"""Aujourd'hui tab: the steps and follow-ups due today or late, across the open cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.dates import format_user_date, long_date
from harcelement_tui.core.deadlines import OVERDUE, DueItem, due_today, next_change, when
from harcelement_tui.core.model import Case
from harcelement_tui.core.summary import short_datetime
from harcelement_tui.ui import strings, strings_keys, strings_labels
from harcelement_tui.ui.messages import CaseRequested
from harcelement_tui.ui.panes.shown import WorkedOutWhenShown
from harcelement_tui.ui.text import cell, literal

# How often the list checks whether the clock moved it (a step late at its hour, a new day).
TICK_SECONDS = 30
# Rows shown at most (the most overdue first): beyond, the list is no longer a day's work, and a
# table of tens of thousands of rows would hold the keyboard for seconds.
MAX_ROWS = 1000

FOLLOW_UP_LABEL = strings.FOLLOW_UP_LABEL
EMPTY_TEXT = strings.NOTHING_DUE


class TodayTable(DataTable):
    """One row per step or follow-up due; every cell is Content (nothing typed is read as markup)."""

    BINDINGS = [
        Binding("enter", "select_cursor", strings_keys.OPEN_CASE, id="today.open_row",
                tooltip=strings_keys.OPEN_CASE_TIP),
    ]


class TodayPane(WorkedOutWhenShown, Vertical, can_focus=True):
    """``now`` gives the current aware moment (the store's clock: tests freeze it)."""

    # 74 columns with the cell padding: fits 80 with the tab's padding and a scroll bar.
    COLUMNS = (("state", strings_labels.COLUMN_STATE, 13), ("due", strings_labels.COLUMN_DUE, 11),
               ("ref", strings_labels.COLUMN_REF, 9), ("pupil", strings_labels.COLUMN_PUPIL, 10),
               ("what", strings_labels.COLUMN_WHAT, 21))

    def __init__(self, town: TownContent, now: Callable[[], datetime], **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = town
        self.now = now
        self.cases: list[Case] = []
        self.items: list[DueItem] = []
        self._next_change: datetime | None = None
        self._filled = False
        self._widths = {key: width for key, _, width in self.COLUMNS}

    def compose(self) -> ComposeResult:
        yield Static(id="today-date", markup=False)
        table = TodayTable(id="today-table", cursor_type="row", zebra_stripes=True)
        for key, label, width in self.COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static(id="today-detail")
        yield Static(EMPTY_TEXT, id="today-empty", classes="empty-state", markup=False)

    def on_mount(self) -> None:
        self.up_to_date()
        self.set_interval(TICK_SECONDS, self._tick)

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    # -- data ---------------------------------------------------------------------------------

    def set_cases(self, cases: list[Case]) -> None:
        """The cases as last read (after a load or another session's change).

        The list is worked out only while the tab is shown (and when it comes into view): with
        thousands of open cases that takes a moment, which must not delay keys in other tabs
        after every save.
        """
        self.cases = cases
        self.outdated()

    def _tick(self) -> None:
        if self._next_change is None or self.now() >= self._next_change:
            self.outdated()

    def redraw(self) -> None:
        # On the UI thread: about 40 ms for 7,500 open cases with little due (a thread worker
        # was slower here: it competes with the event loop for the interpreter).
        now = self.now()
        items = due_today(self.cases, self.town, now)
        self._next_change = next_change(items, now)
        late = sum(1 for item in items if item.state == OVERDUE)
        summary = strings_labels.TODAY_DATE.format(date=long_date(now.date()))
        if items:
            summary += strings_labels.TODAY_COUNTS.format(late=late, due=len(items) - late)
        if len(items) > MAX_ROWS:
            summary += strings_labels.FIRST_LISTED.format(count=MAX_ROWS)
        self.query_one("#today-date", Static).update(summary)
        items = items[:MAX_ROWS]
        if items != self.items or not self._filled:
            self._refill(items, now)
        self._show_detail()

    def _row(self, item: DueItem, now: datetime) -> tuple[Content, ...]:
        # Late: a sign and reverse video; due today: a sign. Never colour alone.
        if item.state == OVERDUE:
            state = Content.assemble(("!", "bold $error"), " ", (item.state, "bold reverse $error"))
        else:
            state = Content.assemble(("!", "bold $warning"), " ", (item.state, "bold $warning"))
        what = literal(item.step.text, multiline=False) if item.step else Content.styled(FOLLOW_UP_LABEL, "italic")
        widths = self._widths
        # Cut with "…": a name cut short without a mark reads as another name.
        return (state, cell(when(item, now.date())), cell(item.ref).truncate(widths["ref"], ellipsis=True),
                cell(item.pupil).truncate(widths["pupil"], ellipsis=True),
                what.truncate(widths["what"], ellipsis=True))

    def _fit_columns(self, items: list[DueItem]) -> None:
        """Échéance as wide as its dates need (no hours: 8); À faire takes all the room left."""
        widths = {key: width for key, _, width in self.COLUMNS}
        if all(item.whole_day for item in items):
            widths["due"] = 8
        room = self.table.size.width or self.size.width
        # Each column has a cell on both sides; 2 for the scroll bar.
        used = sum(width for key, width in widths.items() if key != "what") + 2 * len(widths) + 2
        widths["what"] = max(widths["what"], room - used)
        self._widths = widths
        for key, width in widths.items():
            self.table.columns[key].width = width  # type: ignore[index]  # a ColumnKey hashes and compares as its str

    def on_resize(self) -> None:
        if self._filled:
            self._refill(self.items, self.now())

    def _refill(self, items: list[DueItem], now: datetime) -> None:
        table = self.table
        keep = self.selected.key if self.selected else None
        self.items = items
        self._filled = True
        table.clear()
        self._fit_columns(items)
        for item in items:
            table.add_row(*self._row(item, now), key=item.key)
        keys = [item.key for item in items]
        if keep in keys:
            table.move_cursor(row=keys.index(keep), animate=False)
        empty = not items
        self.query_one("#today-empty").display = empty
        table.display = not empty
        self.query_one("#today-detail").display = not empty
        self.refresh_bindings()

    @property
    def selected(self) -> DueItem | None:
        row = self.table.cursor_row
        if not self.items or not 0 <= row < len(self.items):
            return None
        return self.items[row]

    def _show_detail(self) -> None:
        item = self.selected
        detail = self.query_one("#today-detail", Static)
        if item is None:
            detail.update("")
            return
        case = next((c for c in self.cases if c.ref == item.ref), None)
        head = Content.assemble((strings_labels.CASE_REF.format(ref=item.ref), "bold"), " · ",
                                literal(item.pupil, multiline=False))
        if item.step is None:
            body = Content(strings_labels.FOLLOW_UP_DUE.format(date=format_user_date(item.due_date)))
        else:
            opened = strings_labels.OPENED_ON.format(at=short_datetime(case.opened_at)) if case else ""
            assert item.step.deadline is not None
            deadline = strings_labels.DEADLINE.format(deadline=item.step.deadline.label, opened=opened)
            head = Content.assemble(head, deadline)
            body = literal(item.step.text)
        detail.update(Content("\n").join([head, body]))

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    # -- actions ------------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self.selected
        if item is not None:
            self.post_message(CaseRequested("open", item.ref))

    def focus_main(self) -> None:
        self.up_to_date()  # the tab is being shown: bring the list up to date first
        if self.items:
            self.table.focus()
        else:
            self.focus()
