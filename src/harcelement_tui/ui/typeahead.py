"""Type-ahead: keys that arrive in a burst reach the field the user meant, in order.

Over a laggy SSH link keys arrive many at once. Textual hands each key to the widget focused at
the moment the key is read, before the previous key has been handled: ``Tom Martin`` Tab ``4A``
in one burst gave ``Tom Martin4A`` in the first field (the Tab moved the focus too late), and the
text typed just after ``a`` went to the list under the note window that was not open yet.

Here the console hands over one key (or paste) at a time: the next waits until everything the
previous one started has finished (its handling, a window opening, a focus change). Keys wait in
order; none is dropped. A key that starts nothing waits one turn of the event loop. Keys typed
while the console starts (before its tabs are built) wait until it is ready.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from time import monotonic
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

# Longest wait for the console to settle after one key before the next is handed over anyway
# (something that keeps working, such as a timer firing on and on, must not freeze the keyboard).
SETTLE_LIMIT_SECONDS = 1.0
# While a form or note window is saving (up to three tries of a busy data file, 5 s each), the
# keys typed after its Entrée or Ctrl+O wait for it to close: they belong to what comes next.
SAVE_LIMIT_SECONDS = 20.0


class TypeAhead:
    """Hands an app's keys and pastes over one at a time, each once the console is idle.

    The app's ``on_event`` passes every event to :meth:`on_event` with its own next step
    (``deliver``, Textual's handling); nothing else of the app is changed."""

    def __init__(self, app: App[Any], *, held: bool = False) -> None:
        self.app = app
        self._backlog: deque[events.Event] = deque()
        self.busy = False
        """A key is being handled (those arriving meanwhile wait in order)."""
        self.held = held
        """Keys wait until :meth:`release` (the console holds them while it starts)."""
        self._release: events.Event | None = None

    def release(self) -> None:
        """Hand over the keys held so far, in order, then each as it comes."""
        if not self.held:
            return
        self.held = False
        if self._backlog and not self.busy:
            self.busy = True
            asyncio.get_running_loop().create_task(self._next())

    async def on_event(self, event: events.Event, deliver: Callable[[events.Event], Awaitable[None]]) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await deliver(event)
            return
        if event is self._release:
            self._release = None
        elif self.busy or self.held:
            self._backlog.append(event)
            return
        self.busy = True
        try:
            await deliver(event)
        finally:
            asyncio.get_running_loop().create_task(self._next())

    async def _next(self) -> None:
        try:
            await self._wait_settled()
        except Exception:  # noqa: BLE001 - whatever happens, the keyboard must not stay blocked
            pass
        backlog = self._backlog
        if not backlog or not self.app.is_running:
            self.busy = False
            return
        event = backlog.popleft()
        self._release = event
        self.app.post_message(event)

    async def _wait_settled(self) -> None:
        """Return once no part of the console has a message waiting or being handled and no
        window is saving (twice in a row, a turn of the event loop apart), or after the limits."""
        start = monotonic()
        quiet = 0
        turns = 0
        while quiet < 2:
            saving = getattr(self.app.screen, "saving", False)
            if monotonic() - start > (SAVE_LIMIT_SECONDS if saving else SETTLE_LIMIT_SECONDS):
                return
            turns += 1
            await asyncio.sleep(0 if turns < 50 else 0.005)
            quiet = 0 if saving or not self._idle() else quiet + 1

    def _idle(self) -> bool:
        app = self.app
        pumps: tuple[MessagePump, ...] = (app, *app.screen_stack, *app._registry)
        for pump in pumps:
            # call_later / call_next callbacks, and a screen's callbacks "after the next refresh"
            if pump._next_callbacks or getattr(pump, "_callbacks", None):
                return False
            if pump._task is None or pump._closing or pump._closed:
                continue
            queue = pump.__dict__.get("_message_queue")
            if queue is None:
                continue
            waiting = list(queue.values)
            if pump is app:
                # The app's own queue also holds keys still arriving: they only join the backlog.
                if all(isinstance(m, (events.Key, events.Paste)) for m in waiting) and waiting:
                    continue
            if waiting or pump._pending_message is not None:
                return False
            # Nothing queued: the pump is idle only if it is waiting for its next message
            # (else a handler of it is still running, e.g. awaiting a mount).
            if not queue.ready_event._waiters:
                return False
        return True
