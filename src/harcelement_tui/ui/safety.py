"""Last line of defence: no control character in any text reaches the terminal.

Everything the console draws from user data already goes through ``visible()``; this line filter
catches what Textual's own widgets draw from it (an Input holding pasted text, the command
palette, a toast), so an ``ESC [2J`` or an OSC 52 sequence typed or imported somewhere is
never obeyed by the user's terminal.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from harcelement_tui.core.text import has_controls, visible


class ControlCharacterFilter(LineFilter):
    """Replace control characters in drawn text by visible pictures, keeping the line's width."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(segment.control is None and has_controls(segment.text) for segment in segments):
            return segments
        width = sum(cell_len(segment.text) for segment in segments if segment.control is None)
        cleaned = [
            Segment(visible(segment.text, multiline=False), segment.style)
            if segment.control is None and has_controls(segment.text) else segment
            for segment in segments
        ]
        # Pictures take a cell where the control character took none: crop back to the width.
        return list(Segment.adjust_line_length(cleaned, width))
