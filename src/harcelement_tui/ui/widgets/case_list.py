"""The Cas tab's list: a line-API widget that draws only the rows on screen.

A ``DataTable`` builds an object per row and per cell up front: 10,000 cases took 1.2 s to show and
2.3 s per filter keystroke. :class:`CaseList` keeps the list of cases and renders a row only when it
is on screen (the line API, as Toolong does), so showing, filtering and moving stay constant-time
whatever the number of cases. Cells come from a callback (the pane knows what a case looks like);
they are cached per case object, and rendered lines per (row, cursor, width), so moving the cursor
redraws two lines, which is what travels over SSH.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from harcelement_tui.core.model import Case
from harcelement_tui.ui import strings_keys

Cells = Sequence[Content]


class Column(NamedTuple):
    key: str
    label: str
    width: int
    flexible: bool = False


class CaseList(ScrollView, can_focus=True):
    """Rows of cases under a fixed header line; ``Entrée`` posts :class:`CaseList.Selected`."""

    COMPONENT_CLASSES = {"case-list--header", "case-list--cursor", "case-list--even"}

    BINDINGS = [
        Binding("enter", "select", strings_keys.OPEN, id="cases.open_row", tooltip=strings_keys.OPEN_TIP),
        Binding("up", "move(-1)", strings_keys.UP, show=False, id="caselist.up"),
        Binding("down", "move(1)", strings_keys.DOWN, show=False, id="caselist.down"),
        Binding("pageup", "page(-1)", strings_keys.PAGE_UP, show=False, id="caselist.page_up"),
        Binding("pagedown", "page(1)", strings_keys.PAGE_DOWN, show=False, id="caselist.page_down"),
        Binding("home", "first", strings_keys.FIRST, show=False, id="caselist.first"),
        Binding("end", "last", strings_keys.LAST, show=False, id="caselist.last"),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=False, repaint=False, init=False)

    class Selected(Message):
        """Enter on a row."""

        def __init__(self, case: Case) -> None:
            super().__init__()
            self.case = case

    def __init__(self, columns: Sequence[Column], cells: Callable[[Case], Cells], *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = tuple(columns)
        self._cells_of = cells
        self.rows: list[Case] = []
        self._cells: LRUCache[int, tuple[Case, Cells]] = LRUCache(4096)
        self._lines: LRUCache[tuple, Strip] = LRUCache(1024)

    # -- data ---------------------------------------------------------------------------------

    def set_rows(self, rows: list[Case], *, keep: str | None = None) -> None:
        """Show ``rows``; the cursor stays on case ``keep`` when it is still listed."""
        self.rows = rows
        row = (self.index_of(keep) if keep is not None else None) or 0
        self._lines.clear()
        size = Size(self.scrollable_content_region.width, len(rows) + 1)
        if size != self.virtual_size:  # a new size means a new layout: only when it changes
            self.virtual_size = size
        self.set_reactive(CaseList.cursor_row, min(row, max(len(rows) - 1, 0)))
        self._scroll_cursor_visible()
        self.refresh()

    def index_of(self, ref: str) -> int | None:
        return next((i for i, case in enumerate(self.rows) if case.ref == ref), None)

    def cells(self, case: Case) -> Cells:
        """The cells of ``case`` (cached until the case object changes)."""
        cached = self._cells.get(id(case))
        if cached is not None and cached[0] is case:
            return cached[1]
        cells = tuple(self._cells_of(case))
        self._cells[id(case)] = (case, cells)
        return cells

    def get_cell(self, ref: str, column: str) -> Content:
        """The cell of column ``column`` in the row of case ``ref`` (for tests and tools)."""
        index = self.index_of(ref)
        if index is None:
            raise KeyError(ref)
        keys = [c.key for c in self.columns]
        return self.cells(self.rows[index])[keys.index(column)]

    def invalidate(self) -> None:
        """Forget rendered cells and lines (the day changed, say), then redraw."""
        self._cells.clear()
        self._lines.clear()
        self.refresh()

    # -- cursor -------------------------------------------------------------------------------

    @property
    def selected(self) -> Case | None:
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row]
        return None

    def move_cursor(self, row: int) -> None:
        self.cursor_row = max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_cursor_visible()
        self._refresh_row(old)
        self._refresh_row(new)

    def _refresh_row(self, index: int) -> None:
        y = index + 1 - round(self.scroll_offset.y)
        if 1 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_visible(self) -> None:
        if self.scrollable_content_region.height <= 1:
            return  # not on screen (another tab): done when it is shown (on_resize)
        top = round(self.scroll_offset.y)
        row = self.cursor_row
        page = self._page_rows
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + page:
            self.scroll_to(y=row - page + 1, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self._page_rows)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        case = self.selected
        if case is not None:
            self.post_message(self.Selected(case))

    # -- layout -------------------------------------------------------------------------------

    def _widths(self, width: int) -> list[int]:
        """Column widths for ``width`` cells (one space between columns): flexible ones share what
        the fixed ones leave."""
        # A space before each column and one at the end.
        fixed = sum(c.width for c in self.columns) + len(self.columns) + 1
        flexible = [c for c in self.columns if c.flexible]
        spare = max(0, width - fixed)
        share, extra = divmod(spare, len(flexible)) if flexible else (0, 0)
        widths = []
        for column in self.columns:
            grow = 0
            if column.flexible:
                grow = share + (1 if extra > 0 else 0)
                extra -= 1
            widths.append(column.width + grow)
        return widths

    def _line(self, cells: Sequence[Content], widths: list[int]) -> Content:
        parts: list[Content] = [Content(" ")]
        for cell, width in zip(cells, widths):
            parts.append(cell.truncate(width, ellipsis=True, pad=True))
            parts.append(Content(" "))
        return Content("").join(parts)

    def on_resize(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self._scroll_cursor_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()

    def _on_focus(self, event) -> None:
        self.refresh()  # the cursor row's style depends on the focus (part of the line cache key)

    def _on_blur(self, event) -> None:
        self.refresh()

    # -- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = self._widths(width)
        if y == 0:
            key: tuple = ("header", width)
            strip = self._lines.get(key)
            if strip is None:
                header = self._line([Content(c.label) for c in self.columns], widths)
                strip = self._render_line_of(header, width, ("case-list--header",))
                self._lines[key] = strip
            return strip
        index = y - 1 + round(self.scroll_offset.y)
        if index >= len(self.rows):
            return Strip.blank(width, self.visual_style.rich_style)
        case = self.rows[index]
        cursor = index == self.cursor_row
        even = index % 2 == 1
        key = (index, id(case), cursor, even, width, self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            components = ("case-list--cursor",) if cursor else ("case-list--even",) if even else ()
            strip = self._render_line_of(self._line(self.cells(case), widths), width, components)
            self._lines[key] = strip
        return strip

    def _render_line_of(self, content: Content, width: int, components: tuple[str, ...]) -> Strip:
        style = self.get_visual_style(*components)
        # Exactly one line: never wrapped, whatever a cell holds.
        content = content.truncate(width, pad=True)
        return Visual.to_strips(self, content, width, 1, style, pad=True)[0]
