"""Building on-screen text from data without ever interpreting it as markup.

Content from YAML files and text typed by users go through :class:`textual.content.Content`,
which treats its text literally: a ``[bold]`` in a note is shown as typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from harcelement_tui.core.text import visible
from harcelement_tui.ui import strings_labels

if TYPE_CHECKING:
    from harcelement_tui.core.content import Contact


def literal(text: str, style: str = "", *, multiline: bool = True) -> Content:
    """``text`` as on-screen content, never parsed as markup, with control characters shown as
    pictures (``␛``) rather than sent to the terminal. ``multiline=False`` for one-line places
    (table cells, header): a newline shows as ``␤``."""
    text = visible(text, multiline=multiline)
    return Content.styled(text, style) if style else Content(text)


def fit(text: str, width: int, style: str = "") -> Content:
    """A one-line cell of at most ``width`` cells, cut at a word with ``…`` when too long
    (« Service de Médiation… », never « Service de Médiation Scolai »)."""
    content = cell(text, style)
    if content.cell_length <= width:
        return content
    shown = content.truncate(width - 1).plain
    cut = shown.rstrip()
    if " " in cut and len(cut) == len(shown) and not text[len(shown):len(shown) + 1].isspace():
        cut = cut[:cut.rindex(" ")].rstrip()  # the last word would be cut: leave it out
    return cell(cut + "…", style)


def break_paths(text: str, width: int) -> str:
    """Long paths in ``text`` broken over lines after a ``/`` only, each line at most ``width``
    (a toast would cut ``/srv/harcelement/ca`` ``ses.json`` anywhere)."""
    words = []
    for word in text.split(" "):
        if len(word) > width and "/" in word:
            lines, line = [], ""
            for part in word.replace("/", "/\x00").split("\x00"):
                if line and len(line) + len(part) > width:
                    lines.append(line)
                    line = ""
                line += part
            word = "\n".join(lines + [line])
        words.append(word)
    return " ".join(words)


def cell(text: str, style: str = "") -> Content:
    """A table cell: one line, literal."""
    return literal(text, style, multiline=False)


def contact_line(contact: Contact) -> Content:
    """``Name  phone`` for a contact named inline (in a procedure step, say)."""
    parts: list[tuple[str, str] | str] = [(contact.name, "bold")]
    if contact.phone:
        parts += ["  ", (contact.phone, "bold $accent")]
    elif contact.to_complete:
        parts += ["  ", (strings_labels.CONTACT_TO_COMPLETE, "italic")]
    return Content.assemble(*parts)
