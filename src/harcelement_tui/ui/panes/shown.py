"""Panes worked out from every case (Aujourd'hui, Stats): only while shown, or when they come
into view. With thousands of cases that takes a moment, which must not delay the keys of another
tab after every save."""

from __future__ import annotations

from textual.widget import Widget


class WorkedOutWhenShown:
    """Mixin for a pane: :meth:`outdated` when its data changed, :meth:`redraw` works it out.

    (Not a Widget itself: Textual takes a widget's default CSS along its first base class.)"""

    _stale = True

    def redraw(self) -> None:
        raise NotImplementedError

    def outdated(self) -> None:
        """The data changed: work it out now if the pane is on screen, else when it is shown."""
        self._stale = True
        if isinstance(self, Widget) and self.is_on_screen:
            self.up_to_date()

    def up_to_date(self) -> None:
        if self._stale:
            self._stale = False
            self.redraw()

    def on_show(self) -> None:
        self.up_to_date()
