"""Stats tab: the same figures as ``harcelement-tui stats``, one year at a time, no personal data.

Refreshed by the app whenever the cases are read again (``set_cases``); ← and → change the year.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.core.model import Case
from harcelement_tui.core.stats import compute, report_lines
from harcelement_tui.ui import strings_keys, strings_labels
from harcelement_tui.ui.panes.shown import WorkedOutWhenShown
from harcelement_tui.ui.text import literal

STYLES = {"title": "bold", "heading": "bold $text-primary", "row": "", "blank": ""}


class StatsScroll(VerticalScroll):
    """The report, scrolled with ↑ ↓; ← → change the year (instead of scrolling sideways)."""

    BINDINGS = [
        Binding("left", "year(-1)", strings_keys.PREVIOUS_YEAR, id="stats.previous_year"),
        Binding("right", "year(1)", strings_keys.NEXT_YEAR, id="stats.next_year"),
    ]

    def action_year(self, step: int) -> None:
        self.query_ancestor(StatsPane).change_year(step)


class StatsPane(WorkedOutWhenShown, Vertical):
    """Cases by month, fact category and status, median time to close, sections complete."""

    def __init__(self, town: TownContent, today: date | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.town = town
        self.year = (today or date.today()).year
        self.cases: list[Case] = []

    def compose(self) -> ComposeResult:
        yield Static(id="stats-year", classes="case-line")
        with StatsScroll(id="stats-scroll"):
            yield Static(id="stats-report")

    def on_mount(self) -> None:
        self.up_to_date()

    def set_cases(self, cases: list[Case]) -> None:
        """The cases as last read; the figures are worked out while the tab is shown, or when it
        comes into view (not after every save made in another tab)."""
        self.cases = list(cases)
        self.outdated()

    def change_year(self, step: int) -> None:
        self.year += step
        self.redraw()

    def redraw(self) -> None:
        stats = compute(self.cases, self.town, self.year)
        self.query_one("#stats-year", Static).update(Content.assemble(
            (strings_labels.YEAR.format(year=self.year), "bold"),
            strings_labels.YEAR_KEYS,
        ))
        lines = [literal(text, STYLES.get(kind, ""), multiline=False)
                 for kind, text in report_lines(stats)]
        self.query_one("#stats-report", Static).update(Content("\n").join(lines))

    def focus_main(self) -> None:
        self.up_to_date()  # the tab is being shown
        self.query_one(StatsScroll).focus()
