"""The console's first frame: the tab bar and the procedure's first lines as one plain text.

Drawn before anything else is built (one widget to style and render instead of the tabs, the
list of 40 steps and their containers), then replaced at once by the real tabs
(:meth:`harcelement_tui.ui.startup.StartupApp._show_tabs`): the principal reads the procedure a
few tens of milliseconds earlier, and sees the same words in the same places once it is replaced.
It is drawn from the procedure's outline (:mod:`harcelement_tui.core.outline`), which the start
reads from the private content cache before the content itself is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from harcelement_tui.core.outline import Outline
from harcelement_tui.ui import strings
from harcelement_tui.ui.text import literal


def first_frame_text(outline: Outline, tabs: Sequence[tuple[str, str]], rows: int) -> Content:
    """The tab titles (the first one underlined), the case line and the first steps, as the
    Procédure tab shows them before any case is opened: ``rows`` lines at most (no more than the
    screen shows: each line costs wrapping and drawing before the first paint)."""
    titles = [Content.styled(f"{key} {title}", "bold underline" if key == 1 else "$text-muted")
              for key, (_, title) in enumerate(tabs, 1)]
    lines = [Content(" ").join(titles), Content(""), literal(strings.PROCEDURE_NO_CASE), Content(""),
             literal(" ".join(outline["title"].split()), "bold $text-primary")]
    if outline["intro"]:
        lines.append(literal(" ".join(outline["intro"].split()), "italic $text-primary"))
    for number, section in enumerate(outline["sections"], 1):
        if len(lines) >= rows:
            break
        lines += [Content(""), literal(f"{number}. {section['title']}", "bold $text-primary")]
        lines += [Content.assemble("• ", literal(step)) for step in section["steps"][:rows]]
    return Content("\n").join(lines[:rows])


class FirstFrame(Static):
    """The plain first frame (see the module's docstring)."""

    def __init__(self, outline: Outline, tabs: Sequence[tuple[str, str]], rows: int) -> None:
        super().__init__(first_frame_text(outline, tabs, rows), id="first-frame")
