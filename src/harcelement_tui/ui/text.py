"""Building on-screen text from data without ever interpreting it as markup.

Content from YAML files and text typed by users go through :class:`textual.content.Content`,
which treats its text literally: a ``[bold]`` in a note is shown as typed.
"""

from __future__ import annotations

from textual.content import Content

from harcelement_tui.core.content import Contact


def literal(text: str, style: str = "") -> Content:
    """``text`` as on-screen content, never parsed as markup."""
    return Content.styled(text, style) if style else Content(text)


def contact_line(contact: Contact) -> Content:
    """``Name  phone`` for a contact named inline (in a procedure step, say)."""
    parts: list[tuple[str, str] | str] = [(contact.name, "bold")]
    if contact.phone:
        parts += ["  ", (contact.phone, "bold $accent")]
    elif contact.to_complete:
        parts += ["  ", ("coordonnées à compléter (onglet 3)", "italic")]
    return Content.assemble(*parts)
