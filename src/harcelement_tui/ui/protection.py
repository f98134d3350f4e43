"""Data protection in the console: the hide key and the idle hide, and the access log.

A mixin of :class:`harcelement_tui.ui.app.HarcelementApp`:

- ``Ctrl+L`` (from any screen, even while typing) or ``hide_after_minutes`` without a key (0: never)
  pushes :class:`~harcelement_tui.ui.screens.hidden.HiddenScreen` over everything and holds back
  notifications; the next key (swallowed, it does nothing else) takes it away and the work is
  exactly as it was: same screen, same focus, typed text untouched. Not a lock.
- Opening a case, exporting it and writing its report are recorded in the access log
  (:mod:`harcelement_tui.core.access_log`) off the UI thread; the case view then shows the last
  accesses to that case.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import events, work

from harcelement_tui.core.access_log import AccessLog
from harcelement_tui.core.errors import UserError
from harcelement_tui.ui.screens.hidden import HiddenScreen

if TYPE_CHECKING:
    from harcelement_tui.core.model import Case

# The hide key: a control key every terminal sends (PuTTY, xterm, the Linux console, tmux and
# screen pass it through), unused by the console and by Textual's text fields.
HIDE_KEY = "ctrl+l"


class ProtectionActions:
    """Hide screen, idle hide, access log (mixin: expects ``config``, ``store``, ``screen_stack``)."""

    _hidden: HiddenScreen | None = None
    _held_notifications: list | None = None
    _last_input: float = 0.0

    # -- hide ---------------------------------------------------------------------------------

    @property
    def hidden(self) -> bool:
        return self._hidden is not None

    def action_hide(self) -> None:
        """Cover the screen at once; any key brings the work back."""
        from harcelement_tui.ui.screens.too_small import TooSmallScreen

        if self._hidden is not None or isinstance(self.screen, TooSmallScreen):  # type: ignore[attr-defined]
            return  # already shows nothing of a case (and goes away by itself on resize)
        self._hidden = HiddenScreen()
        self._held_notifications = []
        self.clear_notifications()  # type: ignore[attr-defined]  # toasts may quote a case
        self.push_screen(self._hidden)  # type: ignore[attr-defined]

    def restore(self) -> None:
        hidden, self._hidden = self._hidden, None
        if hidden is None:
            return
        covered = False
        while hidden in self.screen_stack:  # type: ignore[attr-defined]
            # Normally on top; the too-small message may have been pushed over it meanwhile.
            top = self.screen  # type: ignore[attr-defined]
            self.pop_screen()  # type: ignore[attr-defined]
            covered = covered or top is not hidden
        if covered:
            from harcelement_tui.ui.screens.too_small import TooSmallScreen

            self.push_screen(TooSmallScreen())  # type: ignore[attr-defined]
        held, self._held_notifications = self._held_notifications or [], None
        for args, kwargs in held:
            self.notify(*args, **kwargs)  # type: ignore[attr-defined]
        self._last_input = time.monotonic()

    def notify(self, *args, **kwargs) -> None:  # type: ignore[override]
        """While hidden, notifications (which may name a case) wait for the work to come back."""
        if self._held_notifications is not None:
            self._held_notifications.append((args, kwargs))
            return
        super().notify(*args, **kwargs)  # type: ignore[misc]

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self._last_input = time.monotonic()
            if self._hidden is not None:
                if isinstance(event, events.Key):
                    self.restore()
                return  # swallowed: the key that brings the work back does nothing else
        await super().on_event(event)  # type: ignore[misc]

    def start_idle_hide(self) -> None:
        """Check for idleness every second (or faster for a shorter idle time)."""
        minutes = getattr(self.config, "hide_after_minutes", 0)  # type: ignore[attr-defined]
        if not minutes or minutes <= 0:
            return
        self._idle_seconds = minutes * 60
        self._last_input = time.monotonic()
        self.set_interval(min(1.0, self._idle_seconds / 4), self._check_idle)  # type: ignore[attr-defined]

    def _check_idle(self) -> None:
        if self._hidden is None and time.monotonic() - self._last_input >= self._idle_seconds:
            self.action_hide()

    # -- access log ----------------------------------------------------------------------------

    def access_log(self) -> AccessLog | None:
        store = self.store  # type: ignore[attr-defined]
        if store is None:
            return None
        return AccessLog.of_store(store, self.config.access_log_days)  # type: ignore[attr-defined]

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
            self.call_from_thread(self.notify, str(error), title="Journal des accès",  # type: ignore[attr-defined]
                                  severity="warning", markup=False, timeout=8)
            return
        self.call_from_thread(self._show_readers, case.ref, readers)

    def _show_readers(self, ref: str, readers) -> None:
        from harcelement_tui.ui.screens.case_view import CaseViewScreen

        for screen in self.screen_stack:  # type: ignore[attr-defined]
            if isinstance(screen, CaseViewScreen) and screen.case.ref == ref:
                screen.show_readers(readers)
