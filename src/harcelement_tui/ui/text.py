"""Building on-screen text from data without ever interpreting it as markup.

Content from YAML files and text typed by users go through :class:`textual.content.Content`,
which treats its text literally: a ``[bold]`` in a note is shown as typed.
"""

from __future__ import annotations

from textual.content import Content

from harcelement_tui.core.content import Contact
from harcelement_tui.core.text import visible


def literal(text: str, style: str = "", *, multiline: bool = True) -> Content:
    """``text`` as on-screen content, never parsed as markup, with control characters shown as
    pictures (``␛``) rather than sent to the terminal. ``multiline=False`` for one-line places
    (table cells, header): a newline shows as ``␤``."""
    text = visible(text, multiline=multiline)
    return Content.styled(text, style) if style else Content(text)


def cell(text: str, style: str = "") -> Content:
    """A table cell: one line, literal."""
    return literal(text, style, multiline=False)


def contact_line(contact: Contact) -> Content:
    """``Name  phone`` for a contact named inline (in a procedure step, say)."""
    parts: list[tuple[str, str] | str] = [(contact.name, "bold")]
    if contact.phone:
        parts += ["  ", (contact.phone, "bold $accent")]
    elif contact.to_complete:
        parts += ["  ", ("coordonnées à compléter (onglet 3)", "italic")]
    return Content.assemble(*parts)
