"""The neutral page that hides the console from onlookers (Ctrl+L, or after an idle time)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from harcelement_tui.ui import strings

# Nothing about cases, nor even what the program is for: someone reading over a shoulder learns
# nothing. Not a lock: the Unix session is the lock (docs/protection-des-donnees.md).
HIDDEN_TEXT = strings.HIDDEN


class HiddenScreen(Screen[None]):
    """Covers everything (no header, no key bar). The app restores the work on the next key."""

    def compose(self) -> ComposeResult:
        yield Static(HIDDEN_TEXT, id="hidden-text", markup=False)
