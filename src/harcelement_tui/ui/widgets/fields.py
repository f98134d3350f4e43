"""Input fields shared by the forms: a tick box readable without colour, one-line and multi-line
text fields that keep every line of a paste."""

from __future__ import annotations

import re

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, Input, TextArea


class TickBox(Checkbox):
    """A checkbox whose state shows by shape: ``[X]`` when ticked, ``[ ]`` when not.

    Textual's own draws ``X`` in both states and tells them apart by colour only, which is lost
    with ``NO_COLOR``, a monochrome terminal or a screen reader; and its box is drawn with
    half-blocks in a background colour, invisible in xterm's default colours (an unticked box
    was blank). Brackets in the label's own colour read everywhere.
    """

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's class constant, here following the state
        return "X" if self.value else " "

    @property
    def _button(self) -> Content:
        label = self.get_visual_style("toggle--label")
        return Content.styled(f"[{self.BUTTON_INNER}]", label + Style(bold=True) if self.value else label)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class TextInput(Input):
    """A one-line input that keeps every word of a multi-line paste.

    Textual's Input keeps only the first line of pasted text: a message copied from a social
    network would lose all but its first line. Here line breaks become spaces instead.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A steady cursor: a blinking one redraws the line twice a second, bytes sent over SSH
        # for as long as the field has the focus.
        self.cursor_blink = False

    def key_ctrl_j(self, event: events.Key) -> None:
        """A line feed (Ctrl+J) is never typed (Entrée sends a carriage return): it comes from a
        paste the terminal did not bracket (PuTTY, some xterms). A space, as in a bracketed paste."""
        event.stop()
        event.prevent_default()
        if self.selection.is_empty:
            self.insert_text_at_cursor(" ")
        else:
            self.replace(" ", *self.selection)

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Textual runs each class's _on_paste: not Input's (first line only)
        if event.text:
            text = _LINE_BREAK.sub(" ", event.text)
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.stop()


class TextBox(TextArea):
    """A multi-line field: a line feed from a paste the terminal did not bracket starts a new
    line, as Entrée does (Textual's TextArea ignores it and glues the lines)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "ctrl+j" and not self.read_only:
            event.stop()
            event.prevent_default()
            self._restart_blink()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        await super()._on_key(event)
