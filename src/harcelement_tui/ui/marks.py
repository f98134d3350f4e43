"""The marks the console draws (urgent, telephone) and how they stay readable in any terminal.

Some fonts lack these symbols: xterm's default fixed font and the Linux console draw a box for
``⚠``. With ``plain_marks`` (configuration; on by default when ``TERM=linux``) plain characters
replace them. The urgent mark is drawn reversed, so it reads by contrast on any row, the
selected one included; under ``NO_COLOR`` it takes no colour of its own (a colour turned grey
could match the row's grey).
"""

from __future__ import annotations

import os

from textual.content import Content

from harcelement_tui.ui import strings_labels

SYMBOLS = {"urgent": "⚠", "phone": "☎"}
PLAIN = {"urgent": "!", "phone": strings_labels.PLAIN_PHONE}

_plain = False


def use_plain_marks(plain: bool | None) -> None:
    """Plain characters (``True``), symbols (``False``), or the default for this terminal (``None``:
    plain on the Linux console)."""
    global _plain
    _plain = os.environ.get("TERM", "") == "linux" if plain is None else plain


def mark(name: str) -> str:
    """``"urgent"`` -> ``"⚠"`` (or ``"!"`` with plain marks)."""
    return (PLAIN if _plain else SYMBOLS)[name]


def urgent_badge(text: str, no_color: bool) -> Content:
    """``⚠ URGENT`` (or ``⚠``) reversed: red where there is colour, the text's own colours under
    NO_COLOR."""
    return Content.styled(f"{mark('urgent')} {text}".rstrip(), "bold reverse" if no_color else "bold reverse $error")
