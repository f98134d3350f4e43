"""Small widgets shared by the screens."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A checkbox whose state shows without colour: ``X`` when ticked, blank when not.

    Textual's own draws ``X`` in both states and tells them apart by colour only, which is lost
    with ``NO_COLOR``, a monochrome terminal or a screen reader.
    """

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "
