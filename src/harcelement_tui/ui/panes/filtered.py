"""A table with a filter line above it, typed into after `/` (Contacts and Cas tabs)."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input

from harcelement_tui.ui import strings_keys


class FilteredTablePane(Vertical):
    """A filter ``Input`` and a ``DataTable`` whose rows are :attr:`shown`, in order.

    Subclasses compose both and implement :meth:`_refill` (rebuild the rows for a query).
    """

    BINDINGS = [
        Binding("slash", "filter", strings_keys.FILTER, id="list.filter", tooltip=strings_keys.FILTER_TIP),
        Binding("escape", "clear_filter", strings_keys.CLEAR_FILTER, show=False, id="list.clear_filter"),
    ]

    shown: list[Any]

    @property
    def filter_input(self) -> Input:
        return self.query_one(Input)

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def _refill(self, query: str = "") -> None:
        raise NotImplementedError

    def _on_mount(self, event: events.Mount) -> None:
        # The rows follow the filter line as its value changes, in the same frame as the letter
        # typed (through Input.Changed, they would be drawn one frame later).
        self.watch(self.filter_input, "value", self.filter_changed, init=False)

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()  # handled by the watcher above

    def filter_changed(self, query: str) -> None:
        """The filter line now reads ``query``."""
        self._refill(query)

    @on(Input.Submitted)
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def action_filter(self) -> None:
        self.filter_input.focus()

    def action_clear_filter(self) -> None:
        """Escape empties the filter and goes back to the list."""
        if self.filter_input.value:
            self.filter_input.value = ""
        self.focus_main()

    def focus_main(self) -> None:
        self.table.focus()

    @property
    def selected(self) -> Any | None:
        """The row under the cursor, or ``None`` when the list is empty."""
        row = self.table.cursor_row
        if not self.shown or not 0 <= row < len(self.shown):
            return None
        return self.shown[row]
