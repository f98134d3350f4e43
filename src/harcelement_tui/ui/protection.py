"""Data protection in the console: the hide key and the idle hide.

``Ctrl+L`` (from any screen, even while typing) or ``hide_after_minutes`` without a key (0: never)
pushes :class:`~harcelement_tui.ui.screens.hidden.HiddenScreen` over everything and holds back
notifications; the next key (swallowed, it does nothing else) takes it away and the work is
exactly as it was: same screen, same focus, typed text untouched. Not a lock.

(Opening a case, exporting it and writing its report are recorded in the access log by
:meth:`harcelement_tui.ui.console.ConsoleApp.record_access`.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

from harcelement_tui.ui.screens.too_small import TooSmallScreen

if TYPE_CHECKING:
    from harcelement_tui.ui.screens.hidden import HiddenScreen

# The hide key: a control key every terminal sends (PuTTY, xterm, the Linux console, tmux and
# screen pass it through), unused by the console and by Textual's text fields.
HIDE_KEY = "ctrl+l"

Notify = Callable[..., None]


class Protection:
    """The hide screen and the idle hide of one app; it notifies through ``notify`` (the app's)."""

    def __init__(self, app: App[Any], notify: Notify) -> None:
        self.app = app
        self._notify = notify
        self._hidden: HiddenScreen | None = None
        self._held: list[tuple[tuple[Any, ...], dict[str, Any]]] | None = None
        self._last_input = 0.0
        self.idle_seconds: float | None = None
        """Seconds without a key before the screen hides itself (``None``: never)."""

    @property
    def hidden(self) -> bool:
        return self._hidden is not None

    def hide(self) -> None:
        """Cover the screen at once; any key brings the work back."""
        app = self.app
        if self._hidden is not None or isinstance(app.screen, TooSmallScreen):
            return  # already shows nothing of a case (and goes away by itself on resize)
        from harcelement_tui.ui.screens.hidden import HiddenScreen  # the first time the screen is hidden

        self._hidden = HiddenScreen()
        self._held = []
        app.clear_notifications()  # toasts may quote a case
        app.push_screen(self._hidden)

    def restore(self) -> None:
        hidden, self._hidden = self._hidden, None
        if hidden is None:
            return
        app = self.app
        covered = False
        while hidden in app.screen_stack:
            # Normally on top; the too-small message may have been pushed over it meanwhile.
            top = app.screen
            app.pop_screen()
            covered = covered or top is not hidden
        if covered:
            app.push_screen(TooSmallScreen())
        held, self._held = self._held or [], None
        for args, kwargs in held:
            self._notify(*args, **kwargs)
        self._last_input = time.monotonic()

    def hold(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        """While hidden, a notification (which may name a case) waits for the work to come back:
        True when it was held."""
        if self._held is None:
            return False
        self._held.append((args, kwargs))
        return True

    def swallow(self, event: events.Event) -> bool:
        """Note a key or click; True when it only brings the work back (it does nothing else)."""
        if not isinstance(event, events.InputEvent) or event.is_forwarded:
            return False
        self._last_input = time.monotonic()
        if self._hidden is None:
            return False
        if isinstance(event, events.Key):
            self.restore()
        return True

    def start_idle_hide(self, minutes: float) -> None:
        """Check for idleness every second (or faster for a shorter idle time); 0: never."""
        if not minutes or minutes <= 0:
            return
        self.idle_seconds = minutes * 60
        self._last_input = time.monotonic()
        self.app.set_interval(min(1.0, self.idle_seconds / 4), self._check_idle)

    def _check_idle(self) -> None:
        idle = self.idle_seconds
        if self._hidden is None and idle is not None and time.monotonic() - self._last_input >= idle:
            self.hide()
