"""Shown instead of the layout while the terminal is below the console's minimum size."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from harcelement_tui.ui import strings

MIN_WIDTH = 60
MIN_HEIGHT = 16


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Says how big the terminal must be; goes away by itself once it is (nothing is lost)."""

    def compose(self) -> ComposeResult:
        yield Static(self._message(self.app.size.width, self.app.size.height), id="too-small-text",
                     markup=False)

    @staticmethod
    def _message(width: int, height: int) -> str:
        return strings.TOO_SMALL.format(width=width, height=height, min_width=MIN_WIDTH, min_height=MIN_HEIGHT)

    def show_size(self, width: int, height: int) -> None:
        self.query_one("#too-small-text", Static).update(self._message(width, height))
