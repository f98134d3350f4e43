"""The console's first frame: the tab bar and the procedure's first lines as one plain text.

Drawn before anything else is built (one widget to style and render instead of the tabs, the
list of 40 steps and their containers), then replaced at once by the real tabs
(:meth:`harcelement_tui.ui.startup.StartupApp._build_tabs`): the principal reads the procedure a
few tens of milliseconds earlier, and sees the same words in the same places once it is replaced.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from harcelement_tui.core.content import Content as TownContent
from harcelement_tui.ui import strings
from harcelement_tui.ui.text import literal

# Enough lines to fill a tall terminal's first screen; the rest is cut by the widget's height.
MAX_STEPS = 30


def first_frame_text(town: TownContent, tabs: Sequence[tuple[str, str]]) -> Content:
    """The tab titles (the first one underlined), the case line and the first steps, as the
    Procédure tab shows them before any case is opened."""
    titles = [Content.styled(f"{key} {title}", "bold underline" if key == 1 else "$text-muted")
              for key, (_, title) in enumerate(tabs, 1)]
    lines = [Content(" ").join(titles), Content(""), literal(strings.PROCEDURE_NO_CASE), Content(""),
             Content.styled(" ".join(town.title.split()), "bold $text-primary")]
    if town.intro:
        lines.append(literal(" ".join(town.intro.split()), "italic $text-primary"))
    steps = 0
    for number, section in enumerate(town.sections, 1):
        lines += [Content(""), Content.styled(f"{number}. {section.title}", "bold $text-primary")]
        for step in section.steps:
            lines.append(Content.assemble("• ", literal(step.text)))
            steps += 1
        if steps >= MAX_STEPS:
            break
    return Content("\n").join(lines)


class FirstFrame(Static):
    """The plain first frame (see the module's docstring)."""

    def __init__(self, town: TownContent, tabs: Sequence[tuple[str, str]]) -> None:
        super().__init__(first_frame_text(town, tabs), id="first-frame")
